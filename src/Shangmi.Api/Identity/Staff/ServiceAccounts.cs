namespace Shangmi.Api.Identity.Staff;

/// <summary>
/// The one rule of who may act for enterprises of a district (an enterprise's liaison officer, a request's assignee,
/// a district's receiver of new requests): an active enterprise-services account, city-wide or of that district. An
/// enterprise or request without a district is served by city-wide accounts only.
/// </summary>
public static class ServiceAccounts
{
    /// <summary>The columns of a <c>LiaisonCandidate</c> (id, display name, district name; null: city-wide).</summary>
    public const string Columns = "s.id, s.display_name, d.name AS district_name";

    /// <summary>The district's own accounts first, then the city-wide ones.</summary>
    public const string Order = "ORDER BY s.district_id IS NULL, s.display_name, s.id LIMIT 500";

    /// <summary>
    /// FROM … WHERE over <c>staff s</c> (with <c>districts d</c>) for the accounts that may act in the district
    /// <paramref name="districtSql"/> names: a parameter or a sub-query, always a constant of the caller, never input.
    /// </summary>
    public static string MayActIn(string districtSql) => $"""
        FROM staff s JOIN staff_roles sr ON sr.staff_id = s.id AND sr.role = 'service' LEFT JOIN districts d ON d.id = s.district_id
        WHERE s.disabled = 0 AND (s.district_id IS NULL OR s.district_id = {districtSql})
        """;
}
