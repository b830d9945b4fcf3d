-- Mini-program users, known only by their WeChat openid (and unionid when WeChat gives one).
CREATE TABLE users (
    id            BIGINT NOT NULL AUTO_INCREMENT,
    openid        VARCHAR(64)  NOT NULL,
    unionid       VARCHAR(64)  NULL,
    created_at    DATETIME(6)  NOT NULL,
    last_login_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_users_openid (openid),
    KEY ix_users_unionid (unionid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Bureau staff who sign in with a username and password.
-- security_stamp changes whenever the password changes, which ends every token issued before.
CREATE TABLE staff (
    id              BIGINT NOT NULL AUTO_INCREMENT,
    username        VARCHAR(64)  NOT NULL,
    display_name    VARCHAR(64)  NOT NULL,
    password_hash   VARCHAR(255) NOT NULL,
    security_stamp  CHAR(32)     NOT NULL,
    disabled        TINYINT(1)   NOT NULL DEFAULT 0,
    failed_logins   INT          NOT NULL DEFAULT 0,
    locked_until    DATETIME(6)  NULL,
    created_at      DATETIME(6)  NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_staff_username (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE staff_roles (
    staff_id BIGINT NOT NULL,
    role     VARCHAR(16)     NOT NULL,
    PRIMARY KEY (staff_id, role),
    CONSTRAINT fk_staff_roles_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
