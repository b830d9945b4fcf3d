-- Fills articles.tags_json (V16) for the articles that exist, in the order ArticleStore writes it (ORDER BY tag, the
-- column's collation). MySQL 8 and TiDB cut GROUP_CONCAT at 1,024 bytes by default; ten tags of twenty characters
-- quoted stay below that, but older tags were not checked for control characters (\u00XX each), so the limit is
-- raised for this session. Safe to run again.
SET SESSION group_concat_max_len = 1048576;

UPDATE articles a
SET a.tags_json = (SELECT CONCAT('[', GROUP_CONCAT(JSON_QUOTE(t.tag) ORDER BY t.tag SEPARATOR ','), ']')
                   FROM article_tags t WHERE t.article_id = a.id);
