using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Articles;

/// <summary>
/// With <c>Seed:Demo</c> on and no article yet, writes a few demo articles (original text, one per column) under
/// the first staff account, so the public columns have something to show locally.
/// </summary>
internal sealed partial class DemoArticleSeeder(
    ArticleStore articles, ColumnStore columns, MySqlDataSource db, IOptions<SeedOptions> options, TimeProvider time,
    ILogger<DemoArticleSeeder> logger) : IAfterMigration
{
    private static readonly (string Column, string Title, string Html, string[] Tags, bool Pinned)[] Demo =
    [
        ("政策法规", "《反不正当竞争法》中的商业秘密条款要点",
            "<p>商业秘密是指不为公众所知悉、具有商业价值并经权利人采取相应保密措施的技术信息、经营信息等商业信息。</p>"
            + "<p>本文梳理认定商业秘密的三个要件，以及经营者不得实施的几类侵权行为，供企业对照自查。</p>",
            ["法律法规", "入门"], true),
        ("政策解读", "企业如何建立商业秘密保护制度：五个步骤",
            "<h3>一、摸清家底</h3><p>列出技术图纸、客户名单、工艺参数等核心信息，明确密级与知悉范围。</p>"
            + "<h3>二、签订协议</h3><p>与接触核心信息的员工签订保密协议，必要时约定竞业限制。</p>"
            + "<h3>三、分级管控</h3><p>对载体、场所和信息系统分级设防，留存访问记录。</p>",
            ["制度建设", "企业合规"], false),
        ("典型案例", "离职员工带走客户名单被查处",
            "<p>某公司销售主管离职前批量导出客户资料并带至新单位使用。市场监管部门调查后认定构成侵犯商业秘密，依法作出行政处罚。</p>"
            + "<p><strong>启示：</strong>企业应在员工离职时及时回收权限、做好交接审计。</p>",
            ["典型案例", "员工离职"], false),
        ("通知公告", "关于举办商业秘密保护专项培训的通知",
            "<p>为帮助企业提升保护能力，定于下月举办商业秘密保护专项培训，欢迎各类企业报名参加。</p>"
            + "<p>报名方式：在本小程序“活动报名”栏目在线填写。</p>",
            ["培训", "通知"], false),
        ("活动动态", "商业秘密保护服务月活动启动",
            "<p>服务月期间，执法人员和专家将走进园区和企业，开展政策宣讲、现场指导和案例警示教育。</p>",
            ["服务月"], false),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        if (!options.Value.Demo || await articles.AnyAsync(ct))
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        var author = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MIN(id) FROM staff", cancellationToken: ct));
        if (author is null)
        {
            return;
        }

        var byName = (await columns.ListAsync(includeHidden: true, ct)).ToDictionary(c => c.Name, c => c.Id);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (column, title, html, tags, pinned) in Demo)
        {
            if (!byName.TryGetValue(column, out var columnId))
            {
                continue;
            }

            var (_, article) = ArticleRules.Check(new ArticleRequest(columnId, title, null, "演示编辑部", "商秘演示数据", html,
                null, null, [], tags, pinned, ArticleStatus.Published, null), columnExists: true, now);
            await articles.CreateAsync(article!, author.Value, now, ct);
        }

        LogSeeded(logger, Demo.Length);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo articles")]
    private static partial void LogSeeded(ILogger logger, int count);
}
