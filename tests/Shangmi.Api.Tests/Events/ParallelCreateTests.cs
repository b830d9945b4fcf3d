using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Events;

/// <summary>Many editors creating events with speakers at the same moment all succeed: no deadlock reaches them.</summary>
public class ParallelCreateTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Twenty_parallel_event_creations_with_speakers_all_succeed()
    {
        var editor = await factory.EditorAsync();
        var speakers = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var expert = await editor.PostAsJsonAsync("/api/v1/admin/experts", new
            {
                name = $"嘉宾{i}", organization = "大学", fields = new[] { "学术研究" }, region = "和平区", isPublic = true, bio = "简介",
            });
            speakers.Add((await expert.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        var now = factory.Clock.GetUtcNow();
        var creates = Enumerable.Range(0, 20).Select(async i =>
        {
            var starts = now.AddDays(10 + i);
            var response = await factory.ClientWith(await TokenOfAsync(editor)).PostAsJsonAsync("/api/v1/admin/events", new
            {
                type = "forum", title = $"并发活动{i}", description = "", agenda = "", startsAt = starts, endsAt = starts.AddHours(2),
                venue = "报告厅", capacity = 50, registrationOpensAt = now.AddHours(-1), registrationClosesAt = starts.AddHours(-1),
                requiresApproval = false, maxAttendeesPerRegistration = 2, status = "published",
                speakerIds = i % 2 == 0 ? speakers.ToArray() : speakers.AsEnumerable().Reverse().ToArray(),
            });
            return response.StatusCode;
        }).ToList();

        var statuses = await Task.WhenAll(creates);

        Assert.True(statuses.All(s => s == HttpStatusCode.Created),
            $"{statuses.Count(s => s == HttpStatusCode.Created)}/20 created: {string.Join(",", statuses.Select(s => (int)s))}");
        Assert.Equal(60L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM event_speakers"));
    }

    private static Task<string> TokenOfAsync(HttpClient client) =>
        Task.FromResult(client.DefaultRequestHeaders.Authorization!.Parameter!);
}
