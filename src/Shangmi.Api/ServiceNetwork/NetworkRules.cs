using Shangmi.Api.Common;
using Shangmi.Api.Files;
using Shangmi.Api.Reference;

namespace Shangmi.Api.ServiceNetwork;

/// <summary>The checks and the distance rule of the service network, with the Chinese messages users see.</summary>
public static class NetworkRules
{
    private const double EarthRadiusMetres = 6_371_000;

    /// <summary>
    /// Great-circle (haversine) distance in whole metres. GCJ-02 shifts every point of a city by about the same few
    /// hundred metres, so distances between GCJ-02 points are as good as WGS-84 ones at city scale.
    /// </summary>
    public static int DistanceMetres(double lat1, double lng1, double lat2, double lng2)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var (dLat, dLng) = (Rad(lat2 - lat1), Rad(lng2 - lng1));
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return (int)Math.Round(2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a))));
    }

    /// <summary>A position for sorting: both or neither, within the earth's ranges.</summary>
    public static FieldErrors CheckPosition(double? lat, double? lng) =>
        new FieldErrors()
            .Check(lat is null == lng is null, lat is null ? "lat" : "lng", "请同时提供纬度 lat 和经度 lng")
            .Check(lat is null or >= -90 and <= 90, "lat", "纬度 lat 须在 -90 到 90 之间")
            .Check(lng is null or >= -180 and <= 180, "lng", "经度 lng 须在 -180 到 180 之间");

    public static (FieldErrors Errors, ServiceBaseRequest? Base) CheckBase(ServiceBaseRequest r, ReferenceVocabulary vocabulary)
    {
        var phone = OfficePhone(r.Phone);
        var errors = new FieldErrors()
            .Check(r.Name.TrimToNull() is { Length: <= 100 }, "name", "请填写基地名称（不超过 100 字）")
            .Check(r.Zone.TrimmedLength() <= 100, "zone", "所在园区不超过 100 字")
            .Check(r.DistrictId is not null && ReferenceVocabulary.Has(vocabulary.Districts, r.DistrictId), "districtId", "请选择所在行政区")
            .Check(r.Address.TrimToNull() is { Length: <= 200 }, "address", "请填写地址（不超过 200 字）")
            .Check(r.Lat is >= -90 and <= 90, "lat", "请填写纬度（GCJ-02，-90 到 90）")
            .Check(r.Lng is >= -180 and <= 180, "lng", "请填写经度（GCJ-02，-180 到 180）")
            .Check(phone is not null, "phone", PhoneMessage)
            .Check(r.Services.TrimmedLength() <= 500, "services", "服务内容不超过 500 字")
            .Check(r.Hours.TrimmedLength() <= 100, "hours", "开放时间不超过 100 字");
        return errors.Any
            ? (errors, null)
            : (errors, r with
            {
                Name = r.Name!.Trim(), Zone = r.Zone.TrimToNull() ?? "", Address = r.Address!.Trim(), Phone = phone,
                Lat = Math.Round(r.Lat!.Value, 6), Lng = Math.Round(r.Lng!.Value, 6), Services = r.Services.TrimToNull() ?? "",
                Hours = r.Hours.TrimToNull() ?? "",
            });
    }

    public static (FieldErrors Errors, LiaisonOfficerRequest? Officer) CheckOfficer(LiaisonOfficerRequest r, ReferenceVocabulary vocabulary)
    {
        var phone = OfficePhone(r.OfficePhone);
        var errors = new FieldErrors()
            .Check(r.DistrictId is not null && ReferenceVocabulary.Has(vocabulary.Districts, r.DistrictId), "districtId", "请选择所在行政区")
            .Check(r.Name.TrimToNull() is { Length: <= 32 }, "name", "请填写联络员姓名（不超过 32 字）")
            .Check(phone is not null, "officePhone", PhoneMessage);
        return errors.Any ? (errors, null) : (errors, r with { Name = r.Name!.Trim(), OfficePhone = phone });
    }

    /// <summary>A new document needs its PDF; a rewrite (<paramref name="isNew"/> false) without one keeps the current PDF.</summary>
    public static (FieldErrors Errors, GuidanceWrite? Document) CheckDocument(GuidanceDocumentRequest r, bool isNew)
    {
        var errors = new FieldErrors();
        var kind = EnumQuery.Parse<GuidanceKind>(r.Kind, "kind", errors);
        errors
            .Check(r.Title.TrimToNull() is { Length: <= 100 }, "title", "请填写资料名称（不超过 100 字）")
            .Check(r.Kind.TrimToNull() is not null, "kind", "请选择资料类别（standard、compilation、guide、other）")
            .Check(r.Summary.TrimmedLength() <= 1000, "summary", "简介不超过 1000 字")
            .Check(r.VersionDate is not null, "versionDate", "请填写版本日期")
            .CheckDate("versionDate", r.VersionDate)
            .Check(r.FileKey is null ? !isNew : FileKinds.IsKey(r.FileKey) && r.FileKey.EndsWith(".pdf", StringComparison.Ordinal),
                "fileKey", "请先上传 PDF 文件，并填写返回的 key");
        return errors.Any
            ? (errors, null)
            : (errors, new GuidanceWrite(r.Title!.Trim(), kind!.Value, r.Summary.TrimToNull() ?? "", r.VersionDate!.Value, r.FileKey));
    }

    private const string PhoneMessage = "请填写办公电话（座机，带区号，如 022-23456789）；不公开个人手机号";

    /// <summary>An office landline with its area code; a mobile number is refused, since it would be someone's own.</summary>
    private static string? OfficePhone(string? input) =>
        PhoneNumbers.NormaliseMobile(input) is null ? PhoneNumbers.NormaliseMobileOrLandline(input) : null;
}
