namespace Shangmi.Api.Common.Problems;

/// <summary>
/// Every stable <c>code</c> a problem+json answer can carry; the contract publishes them as the <c>ApiProblemCode</c>
/// enum, so the app can switch on them. A test walks the source and fails when a code used there is missing here.
/// </summary>
public static class ProblemCodes
{
    public static readonly IReadOnlyList<string> All =
    [
        // The framework's defaults (ProblemCatalog), for problems without a code of their own.
        "request.invalid", "auth.required", "auth.forbidden", "not_found", "method.not_allowed", "request.not_acceptable",
        "request.timeout", "conflict", "request.length_required", "request.too_large", "request.unsupported_media_type",
        "request.unprocessable", "rate_limited", "server.error", "service.unavailable", "request.failed",
        // Binding, the exception handler and readiness.
        "validation.failed", "request.json_invalid", "request.body_missing", "conflict.duplicate", "database.unavailable",
        "database.busy", "data.tampered", "service.not_ready", "storage.unavailable",
        // Sign-in.
        "wechat.code_invalid", "wechat.user_blocked", "wechat.unavailable", "auth.user_unknown", "auth.invalid_credentials",
        "auth.disabled", "auth.locked",
        // Content.
        "article.not_found", "column.not_found", "column.name_taken", "column.not_empty", "file.not_found", "file.too_large",
        "expert.not_found", "expert.duplicate", "expert_field.not_found", "expert_field.name_taken", "expert_field.in_use",
        "import.too_large", "import.not_xlsx", "import.empty", "import.columns", "import.too_many_rows", "import.rows_invalid",
        // Events and registrations.
        "event.not_found", "event.cancelled", "event.capacity_below_taken", "wechat.share_code_failed",
        "registration.not_found", "registration.not_open", "registration.closed", "registration.duplicate",
        "registration.not_active", "registration.event_started", "registration.not_pending", "idempotency.key_reused",
        "checkin.not_found", "checkin.not_confirmed", "checkin.already",
        // Tips.
        "tip.not_found", "tip.final", "tip.attachments_full", "tip.evidence_quota", "tip.attachment_too_large", "tips.busy",
        "tip.upload_not_found", "tip.upload_offset", "tip.upload_incomplete", "tip.upload_complete", "tip.upload_busy",
        "tip.attachment_not_found", "tip.attachment_tampered", "tip.transition_invalid", "tip.already_decided",
        "tip.already_extended", "tip.extension_too_late", "tip.notify_not_due", "tip.no_identity", "calendar.not_found",
        // Reference data, enterprises and their claims.
        "reference.not_found", "reference.name_taken", "enterprise.not_found", "enterprise.not_member", "enterprise.code_taken",
        "enterprise.no_change_pending", "enterprise.district_locked", "enterprise_claim.not_found", "enterprise_claim.pending", "enterprise_claim.member",
        "enterprise_claim.not_pending", "enterprise_claim.not_member", "enterprise_claim.proof_not_found",
        // Surveys and their responses.
        "survey.not_found", "survey.standard", "survey.closed", "survey.frozen", "survey.not_open", "survey.not_in_audience",
        "survey.not_member", "survey.report_not_ready", "survey_response.submitted", "survey_response.not_found", "survey_response.not_submitted",
        // The service network and service requests.
        "service_base.not_found", "liaison_officer.not_found", "guidance_document.not_found", "guidance_document.title_taken",
        "guidance_document.in_use", "service_request.not_found", "service_request.attachment_not_found", "service_request.final",
        "service_request.attachments_full", "service_request.feedback_not_open", "service_request.action_not_allowed",
        // Staff accounts.
        "staff.not_found", "staff.username_taken", "staff.self_reset", "staff.self_disable", "staff.self_demotion",
    ];
}
