-- Each article's tags as one JSON array, beside the article_tags rows that filters use. The public list read them
-- with a grouped sub-select per listed article, which was more than half of MariaDB's work for a page that misses the
-- cache (20 sorts and JSON quotings per page); ArticleStore writes this copy in the same transaction as the rows, with
-- the same expression as below, so both always agree. NULL: no tags.
ALTER TABLE articles ADD COLUMN tags_json TEXT NULL AFTER search_text;

UPDATE articles a
SET a.tags_json = (SELECT CONCAT('[', GROUP_CONCAT(JSON_QUOTE(t.tag) ORDER BY t.tag SEPARATOR ','), ']')
                   FROM article_tags t WHERE t.article_id = a.id);

-- The public list chooses its page on narrow rows, walking this index backwards in its own order (pinned,
-- publish_at, id) and joining each entry's column to skip hidden ones. With column_id in the index, the entries it
-- skips on later pages are never read from the table: page 50 of 10,000 articles took 1.6 ms of MariaDB's time
-- before, 1.0 ms with it. It replaces ix_articles_public (state, pinned, publish_at), whose prefix it keeps.
CREATE INDEX ix_articles_public_page ON articles (state, pinned, publish_at, id, column_id);
DROP INDEX ix_articles_public ON articles;
