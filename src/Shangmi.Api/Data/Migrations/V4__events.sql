-- Forums, trainings and guidance meetings, and the enterprises' registrations.
-- seats_taken counts the attendees of confirmed and pending registrations: pending ones (awaiting staff approval)
-- hold their seats, so approving never overbooks. It changes only inside transactions that lock the event row.
CREATE TABLE events (
    id                             BIGINT       NOT NULL AUTO_INCREMENT,
    type                           VARCHAR(16)  NOT NULL,
    title                          VARCHAR(200) NOT NULL,
    description                    TEXT         NOT NULL,
    agenda                         TEXT         NOT NULL,
    starts_at                      DATETIME(6)  NOT NULL,
    ends_at                        DATETIME(6)  NOT NULL,
    venue                          VARCHAR(200) NOT NULL DEFAULT '',
    online_url                     VARCHAR(500) NULL,
    capacity                       INT          NOT NULL,
    seats_taken                    INT          NOT NULL DEFAULT 0,
    registration_opens_at          DATETIME(6)  NOT NULL,
    registration_closes_at         DATETIME(6)  NOT NULL,
    requires_approval              TINYINT(1)   NOT NULL DEFAULT 0,
    max_attendees_per_registration INT          NOT NULL DEFAULT 1,
    status                         VARCHAR(16)  NOT NULL,
    share_code                     MEDIUMBLOB   NULL,
    created_by                     BIGINT       NOT NULL,
    created_at                     DATETIME(6)  NOT NULL,
    updated_at                     DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_events_public (status, starts_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE event_speakers (
    event_id  BIGINT NOT NULL,
    position  INT    NOT NULL,
    expert_id BIGINT NOT NULL,
    PRIMARY KEY (event_id, position),
    CONSTRAINT fk_event_speakers_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_speakers_expert FOREIGN KEY (expert_id) REFERENCES experts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- status: pending (awaiting approval, holds seats), confirmed, waitlisted, rejected, cancelled.
-- active_user is the user id while the registration is pending, confirmed or waitlisted and NULL otherwise, so the
-- unique key allows one active registration per user and event and any number of cancelled ones.
CREATE TABLE registrations (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    event_id        BIGINT       NOT NULL,
    user_id         BIGINT       NOT NULL,
    active_user     BIGINT       NULL,
    status          VARCHAR(16)  NOT NULL,
    company_name    VARCHAR(100) NOT NULL,
    credit_code     CHAR(18)     NOT NULL,
    contact_name    VARCHAR(32)  NOT NULL,
    phone           VARCHAR(11)  NOT NULL,
    position        VARCHAR(64)  NOT NULL DEFAULT '',
    attendees       INT          NOT NULL,
    remark          VARCHAR(500) NOT NULL DEFAULT '',
    idempotency_key CHAR(36)     NULL,
    check_in_code   CHAR(32)     NULL,
    checked_in_at   DATETIME(6)  NULL,
    checked_in_by   BIGINT       NULL,
    created_at      DATETIME(6)  NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_registrations_active (event_id, active_user),
    UNIQUE KEY ux_registrations_idempotency (user_id, idempotency_key),
    UNIQUE KEY ux_registrations_check_in (check_in_code),
    KEY ix_registrations_queue (event_id, status, id),
    KEY ix_registrations_user (user_id, id),
    CONSTRAINT fk_registrations_event FOREIGN KEY (event_id) REFERENCES events (id),
    CONSTRAINT fk_registrations_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Who exported which event's registrations (full contact data) and when.
CREATE TABLE registration_exports (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    event_id   BIGINT      NOT NULL,
    staff_id   BIGINT      NOT NULL,
    row_count  INT         NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_registration_exports_event (event_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Outbox of WeChat subscribe messages, written in the same transaction as the change it announces, sent by a
-- background sender. One message of each kind per registration (the unique key makes enqueueing idempotent, which is
-- what keeps the day-before reminder to exactly one even with several instances). Rows are claimed atomically.
CREATE TABLE event_notifications (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    registration_id BIGINT      NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    created_at      DATETIME(6) NOT NULL,
    claimed_by      CHAR(32)    NULL,
    claimed_until   DATETIME(6) NULL,
    sent_at         DATETIME(6) NULL,
    outcome         VARCHAR(32) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_event_notifications_once (registration_id, kind),
    KEY ix_event_notifications_due (sent_at, claimed_until),
    CONSTRAINT fk_event_notifications_registration FOREIGN KEY (registration_id) REFERENCES registrations (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
