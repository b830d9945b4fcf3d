-- Each article's tags as one JSON array, beside the article_tags rows: the public list reads this copy with each row
-- instead of grouping the tags of every listed article, which was more than half of MariaDB's work for a page that
-- misses the cache. ArticleStore writes it from the rows in the transaction that writes them; NULL: no tags.
-- V17 fills it for existing articles, V18 adds the list's index; each is its own step so that a failed one can be run
-- again. Instances of an older version write tags without this copy: stop them before this version starts, or their
-- later tag edits show in the public list only after the article's next edit.
-- No AFTER clause: a column added last is an instant change on MySQL 8 as on MariaDB, not a table rebuild.
ALTER TABLE articles ADD COLUMN tags_json TEXT NULL;
