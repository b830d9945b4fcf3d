using Shangmi.Api.Common;

namespace Shangmi.Api.Events;

/// <summary>Checks events and registrations at the edge, with the messages staff and enterprises see.</summary>
public static class EventRules
{
    /// <summary>
    /// Where the clock stands against an event's registration window (status and seats aside): the one rule that both
    /// the lists (<c>registrationWindow</c>) and registering follow. Registration ends at its deadline or when the
    /// event starts, whichever comes first.
    /// </summary>
    public static RegistrationWindow RegistrationWindowAt(DateTime now, DateTime opensAt, DateTime closesAt, DateTime startsAt) =>
        now >= closesAt || now >= startsAt ? RegistrationWindow.Closed
        : now < opensAt ? RegistrationWindow.NotOpen
        : RegistrationWindow.Open;

    public static (FieldErrors Errors, EventWrite? Event) Check(EventRequest r, IReadOnlyCollection<long> knownSpeakers)
    {
        var speakers = (r.SpeakerIds ?? []).Distinct().ToList();
        var online = r.OnlineUrl.TrimToNull();
        var errors = new FieldErrors()
            .Check(r.Type is not null, "type", "请选择活动类型（forum、training 或 meeting）")
            .Check(r.Title.TrimToNull() is { Length: <= 200 }, "title", "请填写活动名称（不超过 200 字）")
            .Check(r.Description.TrimmedLength() <= 10_000, "description", "活动介绍不超过 10000 字")
            .Check(r.Agenda.TrimmedLength() <= 10_000, "agenda", "议程不超过 10000 字")
            .Check(r.StartsAt is not null, "startsAt", "请填写开始时间")
            .CheckDate("startsAt", r.StartsAt)
            .CheckDate("endsAt", r.EndsAt)
            .CheckDate("registrationOpensAt", r.RegistrationOpensAt)
            .CheckDate("registrationClosesAt", r.RegistrationClosesAt)
            .Check(r.EndsAt is not null && (r.StartsAt is null || r.EndsAt > r.StartsAt), "endsAt", "结束时间须晚于开始时间")
            .Check(r.Venue.TrimmedLength() <= 200, "venue", "地点不超过 200 字")
            .Check(r.Venue.TrimToNull() is not null || online is not null, "venue", "请填写地点或线上链接")
            .Check(online is null || (online.Length <= 500 && Uri.TryCreate(online, UriKind.Absolute, out var url)
                                      && url.Scheme == Uri.UriSchemeHttps), "onlineUrl", "线上链接须为 https 地址")
            .Check(r.Capacity is >= 1 and <= 100_000, "capacity", "名额须为 1 到 100000")
            .Check(r.RegistrationOpensAt is not null, "registrationOpensAt", "请填写报名开始时间")
            .Check(r.RegistrationClosesAt is not null && (r.RegistrationOpensAt is null || r.RegistrationClosesAt > r.RegistrationOpensAt),
                "registrationClosesAt", "报名截止时间须晚于报名开始时间")
            .Check(r.RegistrationClosesAt is null || r.StartsAt is null || r.RegistrationClosesAt <= r.StartsAt,
                "registrationClosesAt", "报名须在活动开始前截止")
            .Check(r.MaxAttendeesPerRegistration is null or >= 1 and <= 50, "maxAttendeesPerRegistration", "每单位人数上限须为 1 到 50")
            .Check(r.Status is null or EventStatus.Draft or EventStatus.Published, "status", "状态只能是 draft 或 published；取消请用取消操作")
            .Check(speakers.Count <= 30 && speakers.All(knownSpeakers.Contains), "speakerIds", "嘉宾须为专家库中的专家");
        if (errors.Any)
        {
            return (errors, null);
        }

        return (errors, new EventWrite(r.Type!.Value, r.Title.TrimToNull()!, r.Description.TrimToNull() ?? "",
            r.Agenda.TrimToNull() ?? "", r.StartsAt!.Value.UtcDateTime, r.EndsAt!.Value.UtcDateTime, r.Venue.TrimToNull() ?? "", online,
            r.Capacity!.Value, r.RegistrationOpensAt!.Value.UtcDateTime, r.RegistrationClosesAt!.Value.UtcDateTime,
            r.RequiresApproval ?? false, r.MaxAttendeesPerRegistration ?? 1,
            r.Status ?? EventStatus.Draft, speakers));
    }

    /// <summary>The public list's <c>when</c>: upcoming, past, or none for every event.</summary>
    public static FieldErrors CheckWhen(string? when, FieldErrors errors) =>
        errors.Check(when is null or "upcoming" or "past", "when", "when 只能是 upcoming 或 past");

    /// <summary>A scanned check-in code: 32 hexadecimal digits, any case; on success in lower case, as stored.</summary>
    public static FieldErrors CheckCheckIn(CheckInRequest request, out string code)
    {
        code = request.Code?.Trim().ToLowerInvariant() ?? "";
        return new FieldErrors().Check(code.Length == 32 && code.All(Uri.IsHexDigit), "code", "签到码无效");
    }

    public static (FieldErrors Errors, RegistrationWrite? Registration) Check(RegistrationRequest r)
    {
        var creditCode = CreditCode.Normalise(r.CreditCode);
        var phone = PhoneNumbers.NormaliseMobile(r.Phone);
        var errors = new FieldErrors()
            .Check(r.CompanyName.TrimToNull() is { Length: <= 100 }, "companyName", "请填写单位名称（不超过 100 字）")
            .Check(creditCode is not null, "creditCode", "统一社会信用代码不正确（18 位，请核对最后一位校验码）")
            .Check(r.ContactName.TrimToNull() is { Length: <= 32 }, "contactName", "请填写联系人（不超过 32 字）")
            .Check(phone is not null, "phone", "请填写正确的手机号")
            .Check(r.Position.TrimmedLength() <= 64, "position", "职务不超过 64 字")
            .Check(r.Attendees is null or >= 1 and <= 50, "attendees", "参会人数须为 1 到 50")
            .Check(r.Remark.TrimmedLength() <= 500, "remark", "备注不超过 500 字");
        return errors.Any
            ? (errors, null)
            : (errors, new RegistrationWrite(r.CompanyName.TrimToNull()!, creditCode!, r.ContactName.TrimToNull()!, phone!,
                r.Position.TrimToNull() ?? "", r.Attendees ?? 1, r.Remark.TrimToNull() ?? ""));
    }
}
