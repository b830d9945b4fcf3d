using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Events;

/// <summary>An edit form loads the admin representation and sends it back: nothing it does not touch may change.</summary>
public class EventRoundTripTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Getting_an_event_and_putting_it_back_keeps_description_agenda_and_speakers()
    {
        var editor = await factory.EditorAsync();
        var expert = await editor.PostAsJsonAsync("/api/v1/admin/experts", new
        {
            name = "往返专家", organization = "某大学", fields = new[] { "学术研究" }, region = "和平区", bio = "简介",
        });
        Assert.Equal(HttpStatusCode.Created, expert.StatusCode);
        var expertId = (await expert.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var now = factory.Clock.GetUtcNow();
        var created = await editor.PostAsJsonAsync("/api/v1/admin/events", new
        {
            type = "forum", title = "往返论坛", description = "论坛介绍", agenda = "09:00 开场\n10:00 圆桌",
            startsAt = now.AddDays(5), endsAt = now.AddDays(5).AddHours(2), venue = "会议中心", capacity = 50,
            registrationOpensAt = now, registrationClosesAt = now.AddDays(4), speakerIds = new[] { expertId }, status = "published",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var before = await editor.GetStringAsync($"/api/v1/admin/events/{id}");
        var put = await editor.PutAsync($"/api/v1/admin/events/{id}", new StringContent(before, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var after = JsonDocument.Parse(await editor.GetStringAsync($"/api/v1/admin/events/{id}")).RootElement;

        Assert.Equal("论坛介绍", after.GetProperty("description").GetString());
        Assert.Equal("09:00 开场\n10:00 圆桌", after.GetProperty("agenda").GetString());
        Assert.Equal([expertId], after.GetProperty("speakerIds").EnumerateArray().Select(e => e.GetInt64()));
        var detail = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/events/{id}");
        Assert.Equal("往返论坛", detail.GetProperty("title").GetString()); // flat, no nested "event"
        Assert.Equal("open", detail.GetProperty("registrationWindow").GetString());
        Assert.Equal("往返专家", detail.GetProperty("speakers")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Getting_an_expert_and_putting_it_back_keeps_its_fields()
    {
        var editor = await factory.EditorAsync();
        var created = await editor.PostAsJsonAsync("/api/v1/admin/experts", new
        {
            name = "往返专家二", organization = "某律所", fields = new[] { "法律实务", "知识产权" }, region = "河西区", bio = "简介",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var before = await editor.GetStringAsync($"/api/v1/admin/experts/{id}");
        var put = await editor.PutAsync($"/api/v1/admin/experts/{id}", new StringContent(before, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var after = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/experts/{id}");
        Assert.Equal(["法律实务", "知识产权"], after.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("河西区", after.GetProperty("region").GetString());
    }
}
