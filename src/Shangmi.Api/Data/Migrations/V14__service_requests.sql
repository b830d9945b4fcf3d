-- The service network and the request ledger (issue 17): protection bases, district liaison officers, guidance
-- documents, enterprises' consent to public listing, service requests (诉求台账) and their timeline.

-- Protection bases (保护基地) in parks and zones. lat/lng are GCJ-02, as the WeChat map uses.
CREATE TABLE service_bases (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    name        VARCHAR(100)  NOT NULL,
    zone        VARCHAR(100)  NOT NULL DEFAULT '',
    district_id BIGINT        NOT NULL,
    address     VARCHAR(200)  NOT NULL,
    lat         DECIMAL(9, 6) NOT NULL,
    lng         DECIMAL(9, 6) NOT NULL,
    phone       VARCHAR(32)   NOT NULL,
    services    VARCHAR(500)  NOT NULL DEFAULT '',
    hours       VARCHAR(100)  NOT NULL DEFAULT '',
    created_at  DATETIME(6)   NOT NULL,
    updated_at  DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_service_bases_district (district_id),
    CONSTRAINT fk_service_bases_district FOREIGN KEY (district_id) REFERENCES districts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- District liaison officers (联络员) as the public sees them: an office phone, never a personal mobile.
CREATE TABLE liaison_officers (
    id           BIGINT      NOT NULL AUTO_INCREMENT,
    district_id  BIGINT      NOT NULL,
    name         VARCHAR(32) NOT NULL,
    office_phone VARCHAR(32) NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    updated_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_liaison_officers_district (district_id),
    CONSTRAINT fk_liaison_officers_district FOREIGN KEY (district_id) REFERENCES districts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Who receives a district's new requests (the district's liaison officer's staff account); a district without a row
-- puts them in its queue (assignee NULL).
CREATE TABLE service_routes (
    district_id BIGINT      NOT NULL,
    staff_id    BIGINT      NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (district_id),
    CONSTRAINT fk_service_routes_district FOREIGN KEY (district_id) REFERENCES districts (id),
    CONSTRAINT fk_service_routes_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A liaison point or demonstration enterprise appears on the public service network only with its consent, given by a
-- verified member.
ALTER TABLE enterprises ADD COLUMN public_listing TINYINT(1) NOT NULL DEFAULT 0;

-- Guidance documents (指导资料). kind: standard (规范), compilation (制度汇编), guide (指引), other. file_key names a
-- public file (/files/{key}).
CREATE TABLE guidance_documents (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    title        VARCHAR(100)  NOT NULL,
    kind         VARCHAR(16)   NOT NULL,
    summary      VARCHAR(1000) NOT NULL DEFAULT '',
    file_key     VARCHAR(64)   NOT NULL,
    file_size    BIGINT        NOT NULL,
    version_date DATE          NOT NULL,
    downloads    BIGINT        NOT NULL DEFAULT 0,
    created_at   DATETIME(6)   NOT NULL,
    updated_at   DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_guidance_documents_title (title)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A request of a verified member for their enterprise. kind: consultation (一对一咨询), visit (上门指导), rights (维权诉求),
-- documents (资料申领), training (培训需求). status: submitted, accepted, scheduled, resolved, closed, rejected, transferred.
-- district_id is the enterprise's at submission (NULL: the city's queue). Deadlines are China dates in working days
-- from the submission day. responded_at: the first response (accepted, rejected or transferred).
-- contact_sealed: contact name and phone (AES-256-GCM, key_id), bound to the request; contact_mask is what lists show.
-- idempotency_hash: SHA-256 of the checked request, so a retry with the same key but another body is refused.
-- feedback: solved (1/0) and rating 1–5 with a comment; closed_at without feedback_at is a close without feedback.
CREATE TABLE service_requests (
    id                 BIGINT        NOT NULL AUTO_INCREMENT,
    enterprise_id      BIGINT        NOT NULL,
    user_id            BIGINT        NOT NULL,
    district_id        BIGINT        NULL,
    kind               VARCHAR(16)   NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    subject            VARCHAR(100)  NOT NULL,
    description        TEXT          NOT NULL,
    preferred_at       DATETIME(6)   NULL,
    key_id             CHAR(8)       NOT NULL,
    contact_sealed     VARBINARY(512) NULL,
    contact_mask       VARCHAR(16)   NOT NULL DEFAULT '',
    idempotency_key    CHAR(36)      NULL,
    idempotency_hash   BINARY(32)    NULL,
    assignee_id        BIGINT        NULL,
    respond_due_on     DATE          NOT NULL,
    resolve_due_on     DATE          NOT NULL,
    responded_at       DATETIME(6)   NULL,
    resolved_at        DATETIME(6)   NULL,
    closed_at          DATETIME(6)   NULL,
    visit_at           DATETIME(6)   NULL,
    visit_place        VARCHAR(200)  NULL,
    visit_staff        VARCHAR(100)  NULL,
    transfer_to        VARCHAR(16)   NULL,
    transfer_reference VARCHAR(64)   NULL,
    tip_id             BIGINT        NULL,
    solved             TINYINT(1)    NULL,
    rating             TINYINT       NULL,
    feedback_comment   VARCHAR(500)  NULL,
    feedback_at        DATETIME(6)   NULL,
    created_at         DATETIME(6)   NOT NULL,
    updated_at         DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_service_requests_idempotency (user_id, idempotency_key),
    KEY ix_service_requests_enterprise (enterprise_id, id),
    KEY ix_service_requests_district (district_id, created_at),
    KEY ix_service_requests_created (created_at),
    KEY ix_service_requests_status (status, resolved_at),
    CONSTRAINT fk_service_requests_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id),
    CONSTRAINT fk_service_requests_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_service_requests_district FOREIGN KEY (district_id) REFERENCES districts (id),
    CONSTRAINT fk_service_requests_assignee FOREIGN KEY (assignee_id) REFERENCES staff (id),
    CONSTRAINT fk_service_requests_tip FOREIGN KEY (tip_id) REFERENCES tips (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The guidance documents a 资料申领 asks for.
CREATE TABLE service_request_documents (
    request_id  BIGINT NOT NULL,
    document_id BIGINT NOT NULL,
    PRIMARY KEY (request_id, document_id),
    CONSTRAINT fk_service_request_documents_request FOREIGN KEY (request_id) REFERENCES service_requests (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_request_documents_document FOREIGN KEY (document_id) REFERENCES guidance_documents (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The timeline: every action, message, note and staff read. internal rows (notes, reads, assignments) never reach the
-- enterprise. Exactly one of user_id / staff_id, or neither for the auto-close job.
CREATE TABLE service_request_events (
    id         BIGINT        NOT NULL AUTO_INCREMENT,
    request_id BIGINT        NOT NULL,
    kind       VARCHAR(16)   NOT NULL,
    internal   TINYINT(1)    NOT NULL,
    user_id    BIGINT        NULL,
    staff_id   BIGINT        NULL,
    text       VARCHAR(2000) NOT NULL DEFAULT '',
    at         DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_service_request_events_request (request_id, id),
    CONSTRAINT fk_service_request_events_request FOREIGN KEY (request_id) REFERENCES service_requests (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Attachments: the enterprise's business information, sealed in the private folder under file_key; the name sealed too.
CREATE TABLE service_request_attachments (
    id           BIGINT         NOT NULL AUTO_INCREMENT,
    request_id   BIGINT         NOT NULL,
    file_key     CHAR(32)       NOT NULL,
    key_id       CHAR(8)        NOT NULL,
    name_sealed  VARBINARY(512) NOT NULL,
    content_type VARCHAR(64)    NOT NULL,
    size_bytes   BIGINT         NOT NULL,
    user_id      BIGINT         NOT NULL,
    created_at   DATETIME(6)    NOT NULL,
    PRIMARY KEY (id),
    KEY ix_service_request_attachments_request (request_id),
    CONSTRAINT fk_service_request_attachments_request FOREIGN KEY (request_id) REFERENCES service_requests (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Subscribe messages about a request go through the events' outbox: a row names the timeline event it tells of.
ALTER TABLE event_notifications MODIFY registration_id BIGINT NULL,
    ADD COLUMN service_event_id BIGINT NULL,
    ADD UNIQUE KEY ux_event_notifications_service (service_event_id),
    ADD CONSTRAINT fk_event_notifications_service FOREIGN KEY (service_event_id) REFERENCES service_request_events (id) ON DELETE CASCADE;
