-- Tips, after the security review (issue 10).

-- Retention runs from the final decision, whatever the final state (rejected, transferred, closed, discarded).
-- crypto_format: 1 = associated data is the purpose only (rows before this version); 2 = purpose, tip, row and key id.
-- idempotency_body: keyed hash of the first submission, so a key replayed with another body is refused.
ALTER TABLE tips
    ADD COLUMN final_at DATETIME(6) NULL AFTER notified_at,
    ADD COLUMN crypto_format TINYINT UNSIGNED NOT NULL DEFAULT 1 AFTER key_id,
    ADD COLUMN idempotency_body BINARY(32) NULL AFTER idempotency_receipt;

UPDATE tips t SET final_at = COALESCE(
    (SELECT MAX(e.at) FROM tip_events e WHERE e.tip_id = t.id AND e.kind = 'status' AND e.to_status = t.status),
    t.closed_at, t.decided_at, t.submitted_at)
WHERE t.status IN ('rejected', 'transferred', 'closed');

ALTER TABLE tips
    DROP COLUMN closed_at,
    ADD KEY ix_tips_final (final_at),
    ADD KEY ix_tips_submitted (submitted_at);

ALTER TABLE tip_messages ADD COLUMN crypto_format TINYINT UNSIGNED NOT NULL DEFAULT 1 AFTER key_id;
ALTER TABLE tip_events ADD COLUMN crypto_format TINYINT UNSIGNED NOT NULL DEFAULT 1 AFTER key_id;

-- An attachment row is reserved before its bytes arrive (state 'uploading', size_bytes = the most it may take, or
-- the declared size of a resumable upload), so quotas count uploads in flight and a received file is never without
-- its row. extension comes from the detected type, never from the reporter's file name.
ALTER TABLE tip_attachments
    MODIFY content_type VARCHAR(100) NOT NULL,
    ADD COLUMN crypto_format TINYINT UNSIGNED NOT NULL DEFAULT 1 AFTER key_id,
    ADD COLUMN state VARCHAR(16) NOT NULL DEFAULT 'ready' AFTER tip_id,
    ADD COLUMN resumable TINYINT(1) NOT NULL DEFAULT 0 AFTER state,
    ADD COLUMN extension VARCHAR(8) NOT NULL DEFAULT 'bin' AFTER content_type,
    ADD KEY ix_tip_attachments_at (at);

UPDATE tip_attachments SET extension = CASE content_type
    WHEN 'image/jpeg' THEN 'jpg' WHEN 'image/png' THEN 'png' WHEN 'image/gif' THEN 'gif' WHEN 'image/webp' THEN 'webp'
    WHEN 'application/pdf' THEN 'pdf' WHEN 'image/heic' THEN 'heic' WHEN 'audio/mp4' THEN 'm4a'
    WHEN 'video/quicktime' THEN 'mov' WHEN 'video/3gpp' THEN '3gp' WHEN 'video/mp4' THEN 'mp4'
    WHEN 'audio/mpeg' THEN 'mp3' WHEN 'audio/amr' THEN 'amr' WHEN 'audio/wav' THEN 'wav' WHEN 'video/webm' THEN 'webm'
    ELSE 'bin' END;

-- Evidence files to delete, written in the same transaction that deletes their rows; deleted idempotently afterwards,
-- and again next round when the disk refused.
CREATE TABLE tip_file_deletions (
    storage_key VARCHAR(64) NOT NULL,
    queued_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (storage_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row that evidence reservations lock, so the service-wide hourly evidence budget holds under a crowd.
CREATE TABLE tip_evidence_budget (
    id TINYINT NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT INTO tip_evidence_budget (id) VALUES (1);
