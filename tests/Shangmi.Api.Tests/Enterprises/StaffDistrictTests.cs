using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Enterprises;

public class StaffDistrictTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_admin_limits_an_account_to_a_district_and_back_to_city_wide_and_the_audit_log_records_it()
    {
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        var (id, _) = await factory.CreateStaffAsync("service");
        var hexi = await EnterpriseClient.DistrictAsync(factory, "河西区");

        var limited = await (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/district", new { districtId = hexi }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("河西区", limited.GetProperty("districtName").GetString());
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/district", new { districtId = 999_999 }),
            HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync("/api/v1/admin/staff/999999/district", new { districtId = hexi }),
            HttpStatusCode.NotFound, "staff.not_found");
        var cityWide = await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/district", new { districtId = (long?)null });
        Assert.Equal(JsonValueKind.Null, (await cityWide.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("districtId").ValueKind);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/staff/audit?pageSize=50");
        Assert.Equal(2, audit.GetProperty("items").EnumerateArray()
            .Count(e => e.GetProperty("action").GetString() == "district_changed" && e.GetProperty("staff").GetProperty("id").GetInt64() == id));
    }
}
