using Microsoft.Extensions.Options;
using Shangmi.Api.Data;

namespace Shangmi.Api.Experts;

/// <summary>With <c>Seed:Demo</c> on and an empty library, adds a few fictional experts to browse locally.</summary>
internal sealed partial class DemoExpertSeeder(
    ExpertStore experts, IOptions<SeedOptions> options, TimeProvider time, ILogger<DemoExpertSeeder> logger) : IAfterMigration
{
    private static readonly ExpertRequest[] Demo =
    [
        new("林晓", "教授", "（演示）某大学法学院", "知识产权研究中心主任", ["学术研究", "知识产权"], "南开区",
            "长期研究商业秘密保护制度与竞业限制规则。", "主持多项相关课题。", null, true, 10, null, null, "演示数据"),
        new("陈立", "高级律师", "（演示）某律师事务所", "合伙人", ["法律实务", "企业合规管理"], "和平区",
            "代理商业秘密民事与刑事案件，为企业搭建保密制度。", "编写企业保密管理指引。", null, true, 20, null, null, "演示数据"),
        new("周航", "高级工程师", "（演示）某信息安全公司", "技术总监", ["信息安全技术"], "滨海新区",
            "专注数据防泄漏与内部威胁检测。", "参与多家制造企业的数据安全建设。", null, true, 30, null, null, "演示数据"),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        if (!options.Value.Demo || (await experts.ListAdminAsync(null, new Common.PageRequest(1, 1), ct)).Total > 0)
        {
            return;
        }

        var vocabulary = await experts.VocabularyAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var request in Demo)
        {
            var (_, expert) = ExpertRules.Check(request, vocabulary);
            await experts.CreateAsync(expert!, now, ct);
        }

        LogSeeded(logger, Demo.Length);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo experts")]
    private static partial void LogSeeded(ILogger logger, int count);
}
