-- The enterprise side (issue 15): reference data for the mini-program's pickers, enterprises known by their unified
-- social credit code, the WeChat users who act for them (claims), and district-scoped staff.

-- Industry sections (门类) of GB/T 4754-2017, A–T.
CREATE TABLE industries (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    code       VARCHAR(8)  NOT NULL,
    name       VARCHAR(64) NOT NULL,
    sort_order INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY ux_industries_code (code),
    UNIQUE KEY ux_industries_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO industries (code, name, sort_order) VALUES
    ('A', '农、林、牧、渔业', 10), ('B', '采矿业', 20), ('C', '制造业', 30),
    ('D', '电力、热力、燃气及水生产和供应业', 40), ('E', '建筑业', 50), ('F', '批发和零售业', 60),
    ('G', '交通运输、仓储和邮政业', 70), ('H', '住宿和餐饮业', 80), ('I', '信息传输、软件和信息技术服务业', 90),
    ('J', '金融业', 100), ('K', '房地产业', 110), ('L', '租赁和商务服务业', 120), ('M', '科学研究和技术服务业', 130),
    ('N', '水利、环境和公共设施管理业', 140), ('O', '居民服务、修理和其他服务业', 150), ('P', '教育', 160),
    ('Q', '卫生和社会工作', 170), ('R', '文化、体育和娱乐业', 180), ('S', '公共管理、社会保障和社会组织', 190),
    ('T', '国际组织', 200);

-- Size bands (统计上大中小微型企业划分办法).
CREATE TABLE size_bands (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    name       VARCHAR(32) NOT NULL,
    sort_order INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY ux_size_bands_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO size_bands (name, sort_order) VALUES ('大型', 10), ('中型', 20), ('小型', 30), ('微型', 40);

-- Enterprise type tags; an enterprise may carry several.
CREATE TABLE enterprise_tags (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    name       VARCHAR(32) NOT NULL,
    sort_order INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY ux_enterprise_tags_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO enterprise_tags (name, sort_order) VALUES
    ('知识密集型', 10), ('技术密集型', 20), ('创新型', 30), ('老字号', 40), ('专精特新', 50), ('制造业单项冠军', 60),
    ('高新技术企业', 70);

-- A district bureau's staff see and act only within their district; NULL: city-wide.
ALTER TABLE staff ADD COLUMN district_id BIGINT NULL,
    ADD CONSTRAINT fk_staff_district FOREIGN KEY (district_id) REFERENCES districts (id);

-- status: unverified (created by a claim nobody has verified yet), verified (a claim was verified, or staff imported
-- it), reverify (a member changed the name or credit code: pending_name / pending_credit_code wait for staff).
-- pending_by: the user who asked for that change; it lapses when they leave or are revoked.
-- change_reason: why staff last rejected such a change, shown to the members.
-- Designations: a liaison point (联络点) has liaison_since and a liaison officer (staff); a demonstration enterprise
-- (示范企业) has demo_year and a short public text.
CREATE TABLE enterprises (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    credit_code         CHAR(18)     NOT NULL,
    name                VARCHAR(100) NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    district_id         BIGINT       NULL,
    industry_id         BIGINT       NULL,
    size_band_id        BIGINT       NULL,
    address             VARCHAR(200) NOT NULL DEFAULT '',
    employees           INT          NULL,
    pending_name        VARCHAR(100) NULL,
    pending_credit_code CHAR(18)     NULL,
    pending_by          BIGINT       NULL,
    change_reason       VARCHAR(200) NULL,
    liaison_since       DATE         NULL,
    liaison_staff_id    BIGINT       NULL,
    demo_year           INT          NULL,
    demo_text           VARCHAR(500) NULL,
    created_at          DATETIME(6)  NOT NULL,
    updated_at          DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_enterprises_credit_code (credit_code),
    KEY ix_enterprises_district (district_id, id),
    CONSTRAINT fk_enterprises_district FOREIGN KEY (district_id) REFERENCES districts (id),
    CONSTRAINT fk_enterprises_industry FOREIGN KEY (industry_id) REFERENCES industries (id),
    CONSTRAINT fk_enterprises_size_band FOREIGN KEY (size_band_id) REFERENCES size_bands (id),
    CONSTRAINT fk_enterprises_liaison FOREIGN KEY (liaison_staff_id) REFERENCES staff (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE enterprise_tag_links (
    enterprise_id BIGINT NOT NULL,
    tag_id        BIGINT NOT NULL,
    PRIMARY KEY (enterprise_id, tag_id),
    KEY ix_enterprise_tag_links_tag (tag_id),
    CONSTRAINT fk_enterprise_tag_links_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id) ON DELETE CASCADE,
    CONSTRAINT fk_enterprise_tag_links_tag FOREIGN KEY (tag_id) REFERENCES enterprise_tags (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A WeChat user's claim to act for an enterprise, and, once verified, their membership.
-- kind: enterprise (the first claim of a code nobody verified yet) or member (joining a verified enterprise).
-- status: pending, verified, rejected, left, revoked. active_user is the user id while pending or verified and NULL
-- otherwise, so the unique key lets a user act for at most one enterprise at a time (and have one claim pending).
-- claimed_name: the name the user typed (it becomes the enterprise's name when this claim verifies a new one).
-- district_id: the district the user gave. Until the enterprise is verified, it is whose staff see this claim (the
-- first claim of a code must not decide it for the others); the verified claim sets the enterprise's district.
-- contact_sealed: contact name, mobile and position, AES-256-GCM sealed (key_id), bound to this claim; mobile_mask is
-- what staff lists show. The proof file (business licence or authorisation letter) is sealed in the private proof
-- folder under proof_key. Both go proof_retention after decided_at (PIPL); a rejected claim keeps no contact then.
CREATE TABLE enterprise_claims (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    enterprise_id  BIGINT        NULL,
    user_id        BIGINT        NOT NULL,
    active_user    BIGINT        NULL,
    status         VARCHAR(16)   NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    credit_code    CHAR(18)      NOT NULL,
    claimed_name   VARCHAR(100)  NOT NULL,
    district_id    BIGINT        NOT NULL,
    key_id         CHAR(8)       NULL,
    contact_sealed VARBINARY(1024) NULL,
    mobile_mask    VARCHAR(16)   NOT NULL DEFAULT '',
    proof_key      CHAR(32)      NULL,
    proof_type     VARCHAR(64)   NULL,
    proof_size     BIGINT        NULL,
    reason         VARCHAR(200)  NULL,
    decided_by     BIGINT        NULL,
    decided_at     DATETIME(6)   NULL,
    created_at     DATETIME(6)   NOT NULL,
    updated_at     DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_enterprise_claims_active (active_user),
    KEY ix_enterprise_claims_enterprise (enterprise_id, status),
    KEY ix_enterprise_claims_user (user_id, id),
    KEY ix_enterprise_claims_decided (decided_at),
    KEY ix_enterprise_claims_pending (status, created_at),
    CONSTRAINT fk_enterprise_claims_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id) ON DELETE SET NULL,
    CONSTRAINT fk_enterprise_claims_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_enterprise_claims_district FOREIGN KEY (district_id) REFERENCES districts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- What happened to an enterprise and who did it: a member's profile change (field, old → new), a staff decision, a
-- staff read of a claim's contact or proof file, an export (enterprise_id NULL). Exactly one of user_id / staff_id.
-- The log outlives its enterprise: an unverified one goes when its last claim ends, and the record of staff reads of
-- that claim's contact and proof (PIPL) must stay, so enterprise_id becomes NULL and claim_id still names the claim.
CREATE TABLE enterprise_log (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    enterprise_id BIGINT       NULL,
    claim_id      BIGINT       NULL,
    user_id       BIGINT       NULL,
    staff_id      BIGINT       NULL,
    action        VARCHAR(32)  NOT NULL,
    field         VARCHAR(32)  NULL,
    old_value     VARCHAR(500) NULL,
    new_value     VARCHAR(500) NULL,
    at            DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_enterprise_log_enterprise (enterprise_id, id),
    KEY ix_enterprise_log_claim (claim_id),
    CONSTRAINT fk_enterprise_log_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A registration by a verified member carries the enterprise it was made for.
ALTER TABLE registrations ADD COLUMN enterprise_id BIGINT NULL,
    ADD CONSTRAINT fk_registrations_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id) ON DELETE SET NULL;
