-- A reporter's phone may retry a message or a one-request evidence upload whose answer it lost. The keyed hash of
-- its Idempotency-Key, unique per tip, lets the retry find the first message or file instead of adding a second.
ALTER TABLE tip_messages
    ADD COLUMN idempotency_hash BINARY(32) NULL AFTER staff_id,
    ADD UNIQUE KEY ux_tip_messages_idempotency (tip_id, idempotency_hash);

ALTER TABLE tip_attachments
    ADD COLUMN idempotency_hash BINARY(32) NULL AFTER resumable,
    ADD UNIQUE KEY ux_tip_attachments_idempotency (tip_id, idempotency_hash);
