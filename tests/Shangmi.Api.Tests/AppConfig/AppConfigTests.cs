using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.AppConfig;

/// <summary>What the app reads at start comes from configuration, not from code the app team cannot see.</summary>
public class AppConfigTests(AppConfigTests.Factory factory) : IClassFixture<AppConfigTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["Events:SubscribeTemplates:Confirmed"] = "tmpl-confirmed-123";
            Settings["Events:SubscribeTemplates:Reminder"] = "";
            Settings["Tips:MaxAttachmentsPerTip"] = "7";
        }
    }

    [Fact]
    public async Task Config_gives_templates_upload_limits_receipt_format_and_page_paths()
    {
        var config = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/config");

        var templates = config.GetProperty("subscribeTemplates");
        Assert.Equal("tmpl-confirmed-123", templates.GetProperty("confirmed").GetString());
        Assert.Equal("", templates.GetProperty("reminder").GetString());
        Assert.Equal("tpl-service", templates.GetProperty("serviceRequest").GetString());

        var evidence = config.GetProperty("evidence");
        Assert.Equal(7, evidence.GetProperty("maxFilesPerTip").GetInt32());
        Assert.True(evidence.GetProperty("maxFileBytes").GetInt64() > 0);
        Assert.Contains("pdf", evidence.GetProperty("acceptedExtensions").EnumerateArray().Select(e => e.GetString()));

        var receipt = config.GetProperty("receipt");
        Assert.Equal(16, receipt.GetProperty("digits").GetInt32());
        Assert.Matches(receipt.GetProperty("pattern").GetString()!, receipt.GetProperty("example").GetString()!);

        var pages = config.GetProperty("pages");
        Assert.Equal("pages/event/detail", pages.GetProperty("eventDetail").GetString());
        Assert.Equal("id", pages.GetProperty("eventIdParameter").GetString());
        Assert.Equal("pages/service/request", pages.GetProperty("serviceRequestDetail").GetString());
        Assert.Equal("e=", pages.GetProperty("eventScenePrefix").GetString());
    }
}
