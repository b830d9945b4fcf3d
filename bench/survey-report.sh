#!/usr/bin/env bash
# The survey report over many responses (issue 16): bench/survey-report.sh [enterprises] [runs] (default 5000, 10).
# Needs ./run.sh running (its private MariaDB under .data/mariadb, the demo accounts). As demo-analyst it copies the
# standard survey and opens it; then it writes <enterprises> verified enterprises spread over the districts and
# industry sections, each with a submitted response (indicator numbers and choices; the sealed answers are a
# placeholder, so the raw export is not part of this bench), straight into the database; closes the survey (the
# report comes after closing) and times the report,
# one cross table and the .xlsx export. Enterprises and responses of an earlier run (names starting （压测）) are
# removed first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mariadb.sh
source .data/dev-secrets.env
base="${BASE_URL:-http://127.0.0.1:5080}"
count="${1:-5000}"
runs="${2:-10}"

token="$(curl -fsS -X POST "$base/api/v1/admin/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"demo-analyst\",\"password\":\"$Seed__DemoPassword\"}" | jq -r .token)"
auth=(-H "Authorization: Bearer $token")
standard="$(curl -fsS "${auth[@]}" "$base/api/v1/admin/surveys?pageSize=50" | jq '.items[] | select(.status == "standard") | .id')"
survey="$(curl -fsS "${auth[@]}" -X POST "$base/api/v1/admin/surveys/$standard/copy" | jq .id)"
curl -fsS "${auth[@]}" -X PUT "$base/api/v1/admin/surveys/$survey" -H 'Content-Type: application/json' -d "{
  \"title\": \"压测：$count 家企业\", \"audience\": \"all\",
  \"opensAt\": \"$(date -u -d '-1 day' +%FT%TZ)\", \"closesAt\": \"$(date -u -d '+30 days' +%FT%TZ)\"}" >/dev/null

mariadb_sql .data/mariadb "
USE shangmi;
DELETE FROM enterprises WHERE name LIKE '（压测）%';
INSERT INTO enterprises (credit_code, name, status, district_id, industry_id, created_at, updated_at)
SELECT CONCAT('9B', LPAD(seq, 16, '0')), CONCAT('（压测）企业', seq), 'verified',
       (SELECT MIN(id) FROM districts) + seq % (SELECT COUNT(*) FROM districts),
       (SELECT MIN(id) FROM industries) + (seq * seq) % (SELECT COUNT(*) FROM industries), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
FROM seq_1_to_$count;
INSERT INTO survey_responses (survey_id, enterprise_id, status, key_id, answers_sealed, district_id, industry_id, employees, secret_staff,
       trade_secrets, patents, confidentiality_signed, non_compete_signed, protection_system, readiness, saved_by, saved_at,
       submitted_by, submitted_at, created_at)
SELECT $survey, id, 'submitted', 'bench000', x'00', district_id, industry_id, employees, staff, id * 13 % 60, id * 7 % 40,
       employees * (id * 11 % 101) DIV 100, staff * (id % 7) DIV 6, id % 3 <> 0, id % 9, 0, UTC_TIMESTAMP(6), 0, UTC_TIMESTAMP(6),
       UTC_TIMESTAMP(6)
FROM (SELECT id, district_id, industry_id, 5 + id * 37 % 995 AS employees, (5 + id * 37 % 995) * (id % 30) DIV 100 AS staff
      FROM enterprises WHERE name LIKE '（压测）%') e;
INSERT INTO survey_response_choices (response_id, survey_id, question_key, choice)
SELECT id, $survey, 'needs', ELT(1 + id % 5, '培训', '指导文件', '上门指导', '维权帮助', '专家咨询') FROM survey_responses WHERE survey_id = $survey
UNION ALL SELECT id, $survey, 'needs', '培训' FROM survey_responses WHERE survey_id = $survey AND id % 5 <> 0
UNION ALL SELECT id, $survey, 'hasSystem', IF(protection_system, '是', '否') FROM survey_responses WHERE survey_id = $survey
UNION ALL SELECT id, $survey, 'problems', ELT(1 + id % 6, '秘密范围难以界定', '人员流动导致信息外泄', '侵权后取证困难', '缺少专门的管理人员', '保护投入不足', '其他')
  FROM survey_responses WHERE survey_id = $survey;
ANALYZE TABLE survey_responses, survey_response_choices;" >/dev/null

curl -fsS "${auth[@]}" -X POST "$base/api/v1/admin/surveys/$survey/close" >/dev/null # figures come after closing
responses="$(curl -fsS "${auth[@]}" "$base/api/v1/admin/surveys/$survey/report" | jq .responses)"
echo "survey $survey: $responses submitted responses"
time_it() { # name url: runs the request $runs times after one warm-up, prints min / median / max in ms
  local name="$1" url="$2" times
  curl -fsS -o /dev/null "${auth[@]}" "$url"
  times="$(for _ in $(seq 1 "$runs"); do curl -fsS -o /dev/null -w '%{time_total}\n' "${auth[@]}" "$url"; done | sort -n)"
  echo "$times" | awk -v name="$name" '{ t[NR] = $1 * 1000 } END { printf "%-8s min %6.1f ms  median %6.1f ms  max %6.1f ms  (%d runs)\n", name, t[1], t[int((NR + 1) / 2)], t[NR], NR }'
}
time_it report "$base/api/v1/admin/surveys/$survey/report"
time_it cross "$base/api/v1/admin/surveys/$survey/report/cross?measure=confidentialityRate"
time_it xlsx "$base/api/v1/admin/surveys/$survey/report/export"
