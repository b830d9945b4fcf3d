-- Surveys (issue 16): questionnaires that verified enterprises answer, and the material of the analysis report.
-- questions: the ordered question list as one JSON array (SurveyQuestion records); it is always read and replaced
-- whole, and frozen once the first answer exists. opens_at / closes_at NULL: a draft nobody can answer yet.
-- audience: all (every verified enterprise), liaison (liaison points only) or chosen (survey_audience below).
-- closed_at: staff closed it early; audience_at_close: the audience counted when it closed (by staff, or at the
-- first report read after closes_at), the denominator of the response rate. is_standard: the seeded standard
-- survey, read-only, copied to be used.
CREATE TABLE surveys (
    id                BIGINT        NOT NULL AUTO_INCREMENT,
    title             VARCHAR(100)  NOT NULL,
    intro             VARCHAR(2000) NOT NULL DEFAULT '',
    opens_at          DATETIME(6)   NULL,
    closes_at         DATETIME(6)   NULL,
    audience          VARCHAR(16)   NOT NULL,
    questions         MEDIUMTEXT    NOT NULL,
    is_standard       TINYINT(1)    NOT NULL DEFAULT 0,
    closed_at         DATETIME(6)   NULL,
    audience_at_close INT           NULL,
    created_by        BIGINT        NULL,
    created_at        DATETIME(6)   NOT NULL,
    updated_at        DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_surveys_window (closes_at, opens_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A chosen audience: kind district, industry or tag. Within a kind any listed value qualifies; an enterprise must
-- qualify for every kind that lists something.
CREATE TABLE survey_audience (
    survey_id BIGINT      NOT NULL,
    kind      VARCHAR(16) NOT NULL,
    ref_id    BIGINT      NOT NULL,
    PRIMARY KEY (survey_id, kind, ref_id),
    CONSTRAINT fk_survey_audience_survey FOREIGN KEY (survey_id) REFERENCES surveys (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One response per enterprise per survey: a draft any member saves (last write wins), then submitted once.
-- answers_sealed: every answer, AES-256-GCM sealed and bound to (survey, enterprise). The indicator numbers the
-- report adds up are copied into plain columns at submission (the report aggregates them in SQL, never reading
-- free text); district_id and industry_id are the enterprise's at submission, the groups the report shows.
-- submit_key: the Idempotency-Key of the submission, so a retry gets the first answer.
CREATE TABLE survey_responses (
    id                     BIGINT       NOT NULL AUTO_INCREMENT,
    survey_id              BIGINT       NOT NULL,
    enterprise_id          BIGINT       NOT NULL,
    status                 VARCHAR(16)  NOT NULL,
    key_id                 CHAR(8)      NOT NULL,
    answers_sealed         MEDIUMBLOB   NOT NULL,
    district_id            BIGINT       NULL,
    industry_id            BIGINT       NULL,
    employees              INT          NULL,
    secret_staff           INT          NULL,
    trade_secrets          INT          NULL,
    patents                INT          NULL,
    confidentiality_signed INT          NULL,
    non_compete_signed     INT          NULL,
    protection_system      TINYINT(1)   NULL,
    readiness              TINYINT      NULL,
    submit_key             VARCHAR(36)  NULL,
    saved_by               BIGINT       NOT NULL,
    saved_at               DATETIME(6)  NOT NULL,
    submitted_by           BIGINT       NULL,
    submitted_at           DATETIME(6)  NULL,
    created_at             DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_survey_responses_enterprise (survey_id, enterprise_id),
    KEY ix_survey_responses_status (survey_id, status),
    CONSTRAINT fk_survey_responses_survey FOREIGN KEY (survey_id) REFERENCES surveys (id),
    CONSTRAINT fk_survey_responses_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The choices of a submitted response (single, multiple, yes/no, rating), for the report's counts and shares. Only
-- submitted responses have rows here (reopening deletes them), so the report counts by survey_id without a join.
CREATE TABLE survey_response_choices (
    response_id  BIGINT       NOT NULL,
    survey_id    BIGINT       NOT NULL,
    question_key VARCHAR(32)  NOT NULL,
    choice       VARCHAR(100) NOT NULL,
    PRIMARY KEY (response_id, question_key, choice),
    KEY ix_survey_response_choices_survey (survey_id, question_key, choice, response_id),
    CONSTRAINT fk_survey_response_choices_response FOREIGN KEY (response_id) REFERENCES survey_responses (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every export of raw answers (one row per enterprise): who, which survey, how many rows, when.
CREATE TABLE survey_answer_exports (
    id        BIGINT      NOT NULL AUTO_INCREMENT,
    survey_id BIGINT      NOT NULL,
    staff_id  BIGINT      NOT NULL,
    row_count INT         NOT NULL,
    at        DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_survey_answer_exports_survey (survey_id, id),
    CONSTRAINT fk_survey_answer_exports_survey FOREIGN KEY (survey_id) REFERENCES surveys (id),
    CONSTRAINT fk_survey_answer_exports_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The standard survey (企业商业秘密保护现状调查), read-only: staff copy it, set the window and the audience.
-- Its numeric questions carry the indicator they feed (DOMAIN.md, "Survey indicators").
INSERT INTO surveys (title, intro, audience, questions, is_standard, created_at, updated_at) VALUES (
'企业商业秘密保护现状调查',
'为了解本市企业商业秘密保护的现状与需求，市场监管部门开展本次调查。答卷仅用于汇总分析，报告只公布三家以上企业的合计数据，不公开任何单个企业的数字。',
'all',
'[
{"key":"employees","kind":"integer","title":"企业职工总数","help":"填写调查时在册的全部职工人数。","required":true,"min":1,"max":1000000,"unit":"人","options":null,"allowOther":false,"items":null,"indicator":"employees","showIf":null},
{"key":"secretStaff","kind":"integer","title":"涉密人员数","help":"能够接触商业秘密的职工人数。","required":true,"min":0,"max":1000000,"unit":"人","options":null,"allowOther":false,"items":null,"indicator":"secretStaff","showIf":null},
{"key":"tradeSecrets","kind":"integer","title":"已识别并登记的商业秘密数","help":"企业已梳理、列入清单的技术信息和经营信息的项数。","required":true,"min":0,"max":100000,"unit":"项","options":null,"allowOther":false,"items":null,"indicator":"tradeSecrets","showIf":null},
{"key":"patents","kind":"integer","title":"有效专利数","help":null,"required":true,"min":0,"max":100000,"unit":"件","options":null,"allowOther":false,"items":null,"indicator":"patents","showIf":null},
{"key":"confidentialitySigned","kind":"integer","title":"签订保密协议的职工数","help":"不超过职工总数。","required":true,"min":0,"max":1000000,"unit":"人","options":null,"allowOther":false,"items":null,"indicator":"confidentialitySigned","showIf":null},
{"key":"nonCompeteSigned","kind":"integer","title":"签订竞业限制协议的职工数","help":"不超过涉密人员数。","required":true,"min":0,"max":1000000,"unit":"人","options":null,"allowOther":false,"items":null,"indicator":"nonCompeteSigned","showIf":null},
{"key":"hasSystem","kind":"yesNo","title":"企业是否建立了书面的商业秘密保护制度","help":null,"required":true,"min":null,"max":null,"unit":null,"options":null,"allowOther":false,"items":null,"indicator":"protectionSystem","showIf":null},
{"key":"systemRevised","kind":"yesNo","title":"近一年内是否修订过该制度","help":null,"required":false,"min":null,"max":null,"unit":null,"options":null,"allowOther":false,"items":null,"indicator":null,"showIf":{"questionKey":"hasSystem","answer":"是"}},
{"key":"readiness","kind":"matrix","title":"“五落实、三到位”情况","help":"逐项选择“是”或“否”。","required":true,"min":null,"max":null,"unit":null,"options":null,"allowOther":false,"items":["保护制度落实","责任部门和责任人落实","涉密人员管理落实","涉密载体和文件管理落实","涉密区域和信息系统管理落实","保密协议签订到位","保密教育培训到位","保护措施检查到位"],"indicator":"readiness","showIf":null},
{"key":"problems","kind":"multipleChoice","title":"在商业秘密保护中遇到的问题","help":"可多选。","required":false,"min":null,"max":null,"unit":null,"options":["秘密范围难以界定","人员流动导致信息外泄","侵权后取证困难","缺少专门的管理人员","保护投入不足"],"allowOther":true,"items":null,"indicator":null,"showIf":null},
{"key":"needs","kind":"multipleChoice","title":"希望得到的服务","help":"可多选。","required":true,"min":null,"max":null,"unit":null,"options":["培训","指导文件","上门指导","维权帮助","专家咨询"],"allowOther":false,"items":null,"indicator":null,"showIf":null},
{"key":"remarks","kind":"longText","title":"其他意见和建议","help":null,"required":false,"min":null,"max":null,"unit":null,"options":null,"allowOther":false,"items":null,"indicator":null,"showIf":null}
]',
1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
