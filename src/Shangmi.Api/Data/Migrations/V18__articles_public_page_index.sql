-- The public list chooses its page walking this index backwards in its own order (pinned, publish_at, id) and joins
-- each entry's column to skip hidden ones. With column_id in the index, the entries a later page skips are never read
-- from the table: page 50 of 10,000 articles took 1.6 ms of MariaDB's time before, 1.0 ms with it. It replaces
-- ix_articles_public (state, pinned, publish_at), whose prefix it keeps.
CREATE INDEX ix_articles_public_page ON articles (state, pinned, publish_at, id, column_id);
DROP INDEX ix_articles_public ON articles;
