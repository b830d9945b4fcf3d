using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Articles.ArticleClient;

namespace Shangmi.Api.Tests.Events;

/// <summary>Dates outside 2000–2100 are refused at the edge, and one that got stored anyway breaks no page.</summary>
public class PoisonedDateTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly DateTimeOffset EndOfTime = new(9999, 12, 31, 23, 59, 59, TimeSpan.FromHours(8));

    private object Event(DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null, DateTimeOffset? opensAt = null)
    {
        var now = factory.Clock.GetUtcNow();
        var starts = startsAt ?? now.AddDays(10);
        return new
        {
            type = "forum", title = "日期测试活动", description = "", agenda = "", startsAt = starts,
            endsAt = endsAt ?? starts.AddHours(2), venue = "报告厅", capacity = 10,
            registrationOpensAt = opensAt ?? now.AddHours(-1), registrationClosesAt = starts.AddHours(-1),
            requiresApproval = false, maxAttendeesPerRegistration = 1, status = "published",
        };
    }

    [Fact]
    public async Task Event_dates_outside_2000_to_2100_are_field_errors()
    {
        var editor = await factory.EditorAsync();

        var late = await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/events", Event(endsAt: EndOfTime)),
            HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(late.GetProperty("errors").TryGetProperty("endsAt", out _));

        var early = await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/events",
            Event(opensAt: new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero))), HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(early.GetProperty("errors").TryGetProperty("registrationOpensAt", out _));
    }

    [Fact]
    public async Task Article_publish_times_outside_2000_to_2100_are_field_errors()
    {
        var editor = await factory.EditorAsync();
        var scheduled = await editor.PostAsJsonAsync("/api/v1/admin/articles", new
        {
            columnId = await FirstColumnIdAsync(editor), title = "远期文章", contentHtml = "<p>正文</p>", status = "scheduled",
            publishAt = EndOfTime,
        });
        var problem = await ProblemAssert.IsProblemAsync(scheduled, HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("publishAt", out _));

        var id = await CreateAsync(editor, new() { ["status"] = "draft" });
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { at = EndOfTime }),
            HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task An_event_stored_with_the_last_date_of_the_calendar_still_lists_and_shows()
    {
        var editor = await factory.EditorAsync();
        var created = await editor.PostAsJsonAsync("/api/v1/admin/events", Event());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetInt64();
        // As stored before the range check existed.
        await factory.ScalarAsync<int>("UPDATE events SET ends_at = '9999-12-31 23:59:59.999999' WHERE id = @id", new { id });

        var client = factory.CreateClient();
        foreach (var url in new[] { "/api/v1/events", $"/api/v1/events/{id}" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }

        foreach (var url in new[] { "/api/v1/admin/events", $"/api/v1/admin/events/{id}" })
        {
            var response = await editor.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task An_article_stored_with_the_last_date_of_the_calendar_still_lists()
    {
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, new() { ["status"] = "draft" });
        await factory.ScalarAsync<int>(
            "UPDATE articles SET state = 'published', publish_at = '9999-12-31 23:59:59.999999' WHERE id = @id", new { id });

        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/api/v1/admin/articles")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/api/v1/admin/articles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/api/v1/articles")).StatusCode);
    }
}
