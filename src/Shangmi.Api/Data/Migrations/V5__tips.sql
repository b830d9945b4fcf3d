-- Anonymous infringement tips (商业秘密侵权线索). Nothing here identifies the reporter: no user id, no openid, no IP.
-- Every *_enc column is AES-256-GCM (nonce | ciphertext | tag) under the key named in key_id, so keys can rotate.
CREATE TABLE tip_categories (
    code        VARCHAR(32)  NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    description VARCHAR(300) NOT NULL DEFAULT '',
    sort_order  INT          NOT NULL DEFAULT 0,
    active      TINYINT(1)   NOT NULL DEFAULT 1,
    PRIMARY KEY (code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Following Article 9 of the Anti-Unfair Competition Law (反不正当竞争法第九条).
INSERT INTO tip_categories (code, name, description, sort_order) VALUES
    ('improper_means', '以不正当手段获取', '以盗窃、贿赂、欺诈、胁迫、电子侵入或者其他不正当手段获取权利人的商业秘密', 10),
    ('use_of_improper', '披露、使用不正当获取的商业秘密', '披露、使用或者允许他人使用以前项手段获取的权利人的商业秘密', 20),
    ('breach_of_duty', '违反保密义务', '违反保密义务或者违反权利人有关保守商业秘密的要求，披露、使用或者允许他人使用其所掌握的商业秘密', 30),
    ('inducement', '教唆、引诱、帮助他人', '教唆、引诱、帮助他人违反保密义务或者违反权利人有关保守商业秘密的要求，获取、披露、使用或者允许他人使用权利人的商业秘密', 40),
    ('third_party', '第三人明知或应知而获取、使用', '第三人明知或者应知商业秘密权利人的员工、前员工或者其他单位、个人实施违法行为，仍获取、披露、使用或者允许他人使用该商业秘密', 50),
    ('other', '其他', '其他侵犯商业秘密的行为', 60);

-- receipt_hash is HMAC-SHA256 of the receipt code under a server key; the code itself is never stored.
-- idempotency_hash identifies a submission retry; idempotency_receipt is the receipt encrypted under a key derived
-- from the client's Idempotency-Key, which is not stored, so only a retry that presents it can recover the receipt.
CREATE TABLE tips (
    id                   BIGINT       NOT NULL AUTO_INCREMENT,
    receipt_hash         BINARY(32)   NOT NULL,
    idempotency_hash     BINARY(32)   NULL,
    idempotency_receipt  VARBINARY(64) NULL,
    category_code        VARCHAR(32)  NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    key_id               CHAR(8)      NOT NULL,
    report_enc           MEDIUMBLOB   NOT NULL,
    identity_enc         BLOB         NULL,
    submitted_at         DATETIME(6)  NOT NULL,
    decision_due_on      DATE         NOT NULL,
    extended             TINYINT(1)   NOT NULL DEFAULT 0,
    decided_at           DATETIME(6)  NULL,
    notify_due_on        DATE         NULL,
    closed_at            DATETIME(6)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_tips_receipt (receipt_hash),
    UNIQUE KEY ux_tips_idempotency (idempotency_hash),
    KEY ix_tips_status (status, id),
    CONSTRAINT fk_tips_category FOREIGN KEY (category_code) REFERENCES tip_categories (code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The timeline: status changes and extensions. note_enc is the officer's internal note, never shown to the reporter.
CREATE TABLE tip_events (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    tip_id      BIGINT      NOT NULL,
    at          DATETIME(6) NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    to_status   VARCHAR(16) NULL,
    staff_id    BIGINT      NULL,
    key_id      CHAR(8)     NULL,
    note_enc    BLOB        NULL,
    PRIMARY KEY (id),
    KEY ix_tip_events_tip (tip_id, id),
    CONSTRAINT fk_tip_events_tip FOREIGN KEY (tip_id) REFERENCES tips (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE tip_messages (
    id        BIGINT      NOT NULL AUTO_INCREMENT,
    tip_id    BIGINT      NOT NULL,
    at        DATETIME(6) NOT NULL,
    sender    VARCHAR(16) NOT NULL,
    staff_id  BIGINT      NULL,
    key_id    CHAR(8)     NOT NULL,
    body_enc  BLOB        NOT NULL,
    PRIMARY KEY (id),
    KEY ix_tip_messages_tip (tip_id, id),
    CONSTRAINT fk_tip_messages_tip FOREIGN KEY (tip_id) REFERENCES tips (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Evidence: the bytes are in the file store, encrypted in authenticated chunks; the name is encrypted here.
CREATE TABLE tip_attachments (
    id           BIGINT      NOT NULL AUTO_INCREMENT,
    tip_id       BIGINT      NOT NULL,
    at           DATETIME(6) NOT NULL,
    storage_key  VARCHAR(64) NOT NULL,
    content_type VARCHAR(64) NOT NULL,
    size_bytes   BIGINT      NOT NULL,
    key_id       CHAR(8)     NOT NULL,
    name_enc     BLOB        NOT NULL,
    PRIMARY KEY (id),
    KEY ix_tip_attachments_tip (tip_id, id),
    CONSTRAINT fk_tip_attachments_tip FOREIGN KEY (tip_id) REFERENCES tips (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Who read or changed a tip, and when. Kept with the tip.
CREATE TABLE tip_audit (
    id       BIGINT       NOT NULL AUTO_INCREMENT,
    tip_id   BIGINT       NOT NULL,
    at       DATETIME(6)  NOT NULL,
    staff_id BIGINT       NOT NULL,
    action   VARCHAR(32)  NOT NULL,
    detail   VARCHAR(300) NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    KEY ix_tip_audit_tip (tip_id, id),
    CONSTRAINT fk_tip_audit_tip FOREIGN KEY (tip_id) REFERENCES tips (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The working-day calendar: only dates that differ from "Monday to Friday work" are listed (holidays, and
-- weekend days that are working days, 调休). Admins edit it each year from the State Council's notice.
CREATE TABLE work_calendar (
    day        DATE        NOT NULL,
    is_workday TINYINT(1)  NOT NULL,
    note       VARCHAR(64) NOT NULL DEFAULT '',
    PRIMARY KEY (day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- 2026, from the State Council General Office's notice on the 2026 holiday arrangement (verify against the notice
-- when deploying; admins can correct any date).
INSERT INTO work_calendar (day, is_workday, note) VALUES
    ('2026-01-01', 0, '元旦'), ('2026-01-02', 0, '元旦'), ('2026-01-03', 0, '元旦'), ('2026-01-04', 1, '元旦调休上班'),
    ('2026-02-14', 1, '春节调休上班'), ('2026-02-15', 0, '春节'), ('2026-02-16', 0, '春节'), ('2026-02-17', 0, '春节'),
    ('2026-02-18', 0, '春节'), ('2026-02-19', 0, '春节'), ('2026-02-20', 0, '春节'), ('2026-02-21', 0, '春节'),
    ('2026-02-22', 0, '春节'), ('2026-02-23', 0, '春节'), ('2026-02-28', 1, '春节调休上班'),
    ('2026-04-04', 0, '清明节'), ('2026-04-05', 0, '清明节'), ('2026-04-06', 0, '清明节'),
    ('2026-05-01', 0, '劳动节'), ('2026-05-02', 0, '劳动节'), ('2026-05-03', 0, '劳动节'), ('2026-05-04', 0, '劳动节'),
    ('2026-05-05', 0, '劳动节'), ('2026-05-09', 1, '劳动节调休上班'),
    ('2026-06-19', 0, '端午节'), ('2026-06-20', 0, '端午节'), ('2026-06-21', 0, '端午节'),
    ('2026-09-20', 1, '国庆节调休上班'), ('2026-09-25', 0, '中秋节'), ('2026-09-26', 0, '中秋节'), ('2026-09-27', 0, '中秋节'),
    ('2026-10-01', 0, '国庆节'), ('2026-10-02', 0, '国庆节'), ('2026-10-03', 0, '国庆节'), ('2026-10-04', 0, '国庆节'),
    ('2026-10-05', 0, '国庆节'), ('2026-10-06', 0, '国庆节'), ('2026-10-07', 0, '国庆节'), ('2026-10-10', 1, '国庆节调休上班');
