-- Wrong passwords per account name and client address (sign-in and password change). attempt_key is an HMAC of
-- the two, so neither the address nor the name is stored; unknown names are counted like known ones, so the
-- answers do not tell them apart. A lock from one address leaves the account open from every other.
CREATE TABLE login_throttle (
    attempt_key   BINARY(32)  NOT NULL,
    failures      INT         NOT NULL,
    blocked_until DATETIME(6) NULL,
    updated_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (attempt_key),
    KEY ix_login_throttle_updated (updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The account-wide lock-out is gone: anyone could lock any admin or officer out with five guesses.
-- last_login_at: since when an admin signing in is told about sensitive role grants (staff_audit.tell_admins).
ALTER TABLE staff DROP COLUMN failed_logins, DROP COLUMN locked_until, ADD COLUMN last_login_at DATETIME(6) NULL;

-- What admins did to staff accounts: who (actor, NULL for the service itself), to whom, what, when.
-- action: created, roles_changed, disabled, enabled, password_reset, password_changed. tell_admins marks a
-- sensitive grant (officer or admin) that every other admin is shown at their next sign-in.
CREATE TABLE staff_audit (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    actor_id    BIGINT       NULL,
    staff_id    BIGINT       NOT NULL,
    action      VARCHAR(32)  NOT NULL,
    detail      VARCHAR(500) NOT NULL,
    tell_admins TINYINT(1)   NOT NULL DEFAULT 0,
    created_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_staff_audit_created (created_at),
    KEY ix_staff_audit_staff (staff_id),
    KEY ix_staff_audit_tell (tell_admins, created_at),
    CONSTRAINT fk_staff_audit_actor FOREIGN KEY (actor_id) REFERENCES staff (id),
    CONSTRAINT fk_staff_audit_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
