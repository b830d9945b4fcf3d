using System.Net.Http.Json;
using MiniExcelLibs;
using Shangmi.Api.Common.Spreadsheets;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Events.EventClient;

namespace Shangmi.Api.Tests.Events;

/// <summary>Text a registrant typed never becomes a formula in the spreadsheet staff open.</summary>
public class ExportInjectionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Cells_a_spreadsheet_would_evaluate_are_exported_as_text()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 5);
        await RegisteredAsync(factory, await UserAsync(factory), eventId, new
        {
            companyName = "=HYPERLINK(\"http://evil.example\",\"点此\")", creditCode = CreditCodes[0], contactName = "+李明",
            phone = "13811112222", position = "-2+3", attendees = 1, remark = "@SUM(A1:A9)",
        });

        var export = await editor.GetAsync($"/api/v1/admin/events/{eventId}/registrations/export");
        using var sheet = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        var row = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().Single();

        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"点此\")", row["单位名称"]?.ToString());
        Assert.Equal("'+李明", row["联系人"]?.ToString());
        Assert.Equal("'-2+3", row["职务"]?.ToString());
        Assert.Equal("'@SUM(A1:A9)", row["备注"]?.ToString());
        Assert.Equal("13811112222", row["手机"]?.ToString());
    }

    [Theory]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "'\r=1+1")]
    [InlineData("普通文字", "普通文字")]
    [InlineData("", "")]
    public void Tab_and_carriage_return_starts_are_neutralised_too(string typed, string written) =>
        Assert.Equal(written, SpreadsheetExport.Neutralise(typed));
}
