-- Districts (行政区) are reference data, seeded for Tianjin; another city edits the list. Expert regions, and later
-- enterprise profiles, name a district from this list.
CREATE TABLE districts (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    name       VARCHAR(32) NOT NULL,
    sort_order INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY ux_districts_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO districts (name, sort_order) VALUES
    ('和平区', 10), ('河东区', 20), ('河西区', 30), ('南开区', 40), ('河北区', 50), ('红桥区', 60), ('东丽区', 70),
    ('西青区', 80), ('津南区', 90), ('北辰区', 100), ('武清区', 110), ('宝坻区', 120), ('宁河区', 130), ('静海区', 140),
    ('蓟州区', 150), ('滨海新区', 160);
