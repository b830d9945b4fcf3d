-- The expert library (专家库). Phone, e-mail and notes are private: only the admin routes read them.
CREATE TABLE expert_fields (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    name       VARCHAR(32) NOT NULL,
    sort_order INT         NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_expert_fields_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO expert_fields (name, sort_order, created_at, updated_at) VALUES
    ('法律实务', 10, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('司法审判', 20, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('行政执法', 30, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('学术研究', 40, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('信息安全技术', 50, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('企业合规管理', 60, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('知识产权', 70, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));

-- (name, organization) is the natural key the spreadsheet import matches on: the same person at the same place.
CREATE TABLE experts (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    name         VARCHAR(32)  NOT NULL,
    title        VARCHAR(64)  NOT NULL DEFAULT '',
    organization VARCHAR(100) NOT NULL,
    position     VARCHAR(64)  NOT NULL DEFAULT '',
    region       VARCHAR(32)  NOT NULL DEFAULT '',
    bio          TEXT         NOT NULL,
    achievements TEXT         NOT NULL,
    photo_url    VARCHAR(500) NULL,
    is_public    TINYINT(1)   NOT NULL DEFAULT 1,
    sort_order   INT          NOT NULL DEFAULT 0,
    phone        VARCHAR(20)  NULL,
    email        VARCHAR(254) NULL,
    notes        TEXT         NULL,
    created_at   DATETIME(6)  NOT NULL,
    updated_at   DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_experts_natural (name, organization),
    KEY ix_experts_public (is_public, sort_order, id),
    KEY ix_experts_region (region)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE expert_field_links (
    expert_id BIGINT NOT NULL,
    field_id  BIGINT NOT NULL,
    PRIMARY KEY (expert_id, field_id),
    KEY ix_expert_field_links_field (field_id, expert_id),
    CONSTRAINT fk_expert_field_links_expert FOREIGN KEY (expert_id) REFERENCES experts (id) ON DELETE CASCADE,
    CONSTRAINT fk_expert_field_links_field FOREIGN KEY (field_id) REFERENCES expert_fields (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
