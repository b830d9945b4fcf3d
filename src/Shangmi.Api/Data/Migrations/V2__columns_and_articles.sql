-- Policy columns (政策专栏) and their articles.
CREATE TABLE columns (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(32)  NOT NULL,
    description VARCHAR(200) NOT NULL DEFAULT '',
    sort_order  INT          NOT NULL DEFAULT 0,
    hidden      TINYINT(1)   NOT NULL DEFAULT 0,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_columns_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO columns (name, description, sort_order, created_at, updated_at) VALUES
    ('政策法规', '商业秘密保护相关法律、法规与规章', 10, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('政策解读', '对法律法规和政策文件的权威解读', 20, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('典型案例', '查处一个、警示一批：侵犯商业秘密的典型案件', 30, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('通知公告', '培训、论坛与工作安排的通知', 40, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),
    ('活动动态', '保护工作与活动的新闻', 50, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));

-- state is draft, published or archived; a published article with publish_at in the future is "scheduled" and
-- becomes public at that instant, with no job involved (public reads filter on publish_at <= now).
-- search_text is title, summary and body text, normalised (NFKC, lower case) for keyword search; see ArticleSearch
-- for why a scan of this column, not a FULLTEXT index, serves Chinese search. It is binary on purpose: LIKE then
-- compares bytes instead of collation weights (about 2.5 times faster here), and a UTF-8 substring of UTF-8 text
-- always falls on character boundaries, so byte matching is exact.
CREATE TABLE articles (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    column_id    BIGINT        NOT NULL,
    title        VARCHAR(200)  NOT NULL,
    summary      VARCHAR(500)  NOT NULL,
    author       VARCHAR(100)  NULL,
    source       VARCHAR(100)  NULL,
    cover_url    VARCHAR(500)  NULL,
    video_url    VARCHAR(500)  NULL,
    content_html MEDIUMTEXT    NOT NULL,
    pinned       TINYINT(1)    NOT NULL DEFAULT 0,
    state        VARCHAR(16)   NOT NULL,
    publish_at   DATETIME(6)   NULL,
    view_count   BIGINT        NOT NULL DEFAULT 0,
    version      INT           NOT NULL DEFAULT 1,
    search_text  MEDIUMBLOB    NOT NULL,
    created_by   BIGINT        NOT NULL,
    updated_by   BIGINT        NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    updated_at   DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_articles_public (state, pinned, publish_at),
    KEY ix_articles_schedule (state, publish_at),
    KEY ix_articles_column (column_id, state, pinned, publish_at),
    CONSTRAINT fk_articles_column FOREIGN KEY (column_id) REFERENCES columns (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE article_tags (
    article_id BIGINT      NOT NULL,
    tag        VARCHAR(20) NOT NULL,
    PRIMARY KEY (article_id, tag),
    KEY ix_article_tags_tag (tag, article_id),
    CONSTRAINT fk_article_tags_article FOREIGN KEY (article_id) REFERENCES articles (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE article_attachments (
    article_id BIGINT       NOT NULL,
    position   INT          NOT NULL,
    name       VARCHAR(200) NOT NULL,
    url        VARCHAR(500) NOT NULL,
    PRIMARY KEY (article_id, position),
    CONSTRAINT fk_article_attachments_article FOREIGN KEY (article_id) REFERENCES articles (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Files uploaded by staff (covers, images in articles, brochures). The bytes live in the file store under key.
CREATE TABLE files (
    file_key      VARCHAR(64)  NOT NULL,
    content_type  VARCHAR(64)  NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    original_name VARCHAR(200) NOT NULL,
    uploaded_by   BIGINT       NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (file_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
