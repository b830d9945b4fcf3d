#!/usr/bin/env bash
# The staff dashboard (工作台) over a busy bureau (issue 18): bench/dashboard.sh [runs] (default 10).
# Needs ./run.sh running (its private MariaDB under .data/mariadb, the demo accounts, the admin password). Tops the
# database up, straight in SQL, to 10,000 tips (one real tip's sealed report copied, deadlines spread 20 days either
# side of today, a third decided, a ninth with a notice due), 50,000 registrations (500 bench users on 100 published
# events, a fifth pending) and 5,000 service requests (bench enterprises in every district, every state, a third past
# their response deadline); rows of an earlier run (names starting （压测）, openids starting bench-dash-) are removed
# first. Then it times GET /api/v1/admin/dashboard for each demo account and for one account with every role.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mariadb.sh
source .data/dev-secrets.env
base="${BASE_URL:-http://127.0.0.1:5080}"
runs="${1:-10}"

login() { curl -fsS -X POST "$base/api/v1/admin/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" | jq -r .token; }

# One real tip, so the copies carry a sealed report in the real shape.
if [ "$(mariadb_sql .data/mariadb "SELECT COUNT(*) FROM shangmi.tips" | tail -1)" = 0 ]; then
  curl -fsS -X POST "$base/api/v1/tips" -H 'Content-Type: application/json' \
    -d '{"categoryCode":"breach_of_duty","targetName":"（压测）某公司","description":"压测用线索：前员工带走客户名单后入职竞争对手，涉及报价体系。","truthful":true}' >/dev/null
fi

mariadb_sql .data/mariadb "
USE shangmi;
SET @today = DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR);
DELETE FROM tips WHERE receipt_hash IN (SELECT UNHEX(SHA2(CONCAT('bench-dash-', seq), 256)) FROM seq_1_to_10000);
SET @have = (SELECT COUNT(*) FROM tips), @model = (SELECT MIN(id) FROM tips);
INSERT INTO tips (receipt_hash, category_code, status, key_id, crypto_format, report_enc, submitted_at, decision_due_on, decided_at, notify_due_on)
SELECT UNHEX(SHA2(CONCAT('bench-dash-', seq), 256)), t.category_code, IF(seq % 3 = 0, 'accepted', 'submitted'), t.key_id, t.crypto_format,
       t.report_enc, UTC_TIMESTAMP(6) - INTERVAL 20 DAY, @today + INTERVAL (CAST(seq % 41 AS SIGNED) - 20) DAY,
       IF(seq % 3 = 0, UTC_TIMESTAMP(6), NULL), IF(seq % 9 = 0, @today + INTERVAL (CAST(seq % 11 AS SIGNED) - 5) DAY, NULL)
FROM seq_1_to_10000 JOIN tips t ON t.id = @model WHERE seq <= 10000 - @have;

DELETE r FROM service_requests r JOIN enterprises e ON e.id = r.enterprise_id WHERE e.name LIKE '（压测）看板%';
DELETE FROM enterprises WHERE name LIKE '（压测）看板%';
DELETE r FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.title LIKE '（压测）%';
DELETE FROM events WHERE title LIKE '（压测）%';
DELETE FROM users WHERE openid LIKE 'bench-dash-%';
INSERT INTO users (openid, created_at, last_login_at) SELECT CONCAT('bench-dash-', seq), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM seq_1_to_500;
INSERT INTO events (type, title, description, agenda, starts_at, ends_at, venue, capacity, registration_opens_at, registration_closes_at,
       requires_approval, status, created_by, created_at, updated_at)
SELECT 'training', CONCAT('（压测）看板活动 ', seq), '压测', '', UTC_TIMESTAMP(6) + INTERVAL 30 DAY, UTC_TIMESTAMP(6) + INTERVAL 30 DAY + INTERVAL 2 HOUR,
       '线上', 1000, UTC_TIMESTAMP(6) - INTERVAL 1 DAY, UTC_TIMESTAMP(6) + INTERVAL 20 DAY, 1, 'published', (SELECT MIN(id) FROM staff),
       UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
FROM seq_1_to_100;
INSERT INTO registrations (event_id, user_id, active_user, status, company_name, credit_code, contact_name, phone, attendees, created_at, updated_at)
SELECT e.id, u.id, u.id, IF((e.id + u.id) % 5 = 0, 'pending', 'confirmed'), '（压测）企业', '91120000000000000X', '张三', '13800000000', 1,
       UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
FROM events e JOIN users u ON u.openid LIKE 'bench-dash-%' WHERE e.title LIKE '（压测）%';

INSERT INTO enterprises (credit_code, name, status, district_id, created_at, updated_at)
SELECT CONCAT('9C', LPAD(seq, 16, '0')), CONCAT('（压测）看板企业', seq), 'verified',
       (SELECT MIN(id) FROM districts) + seq % (SELECT COUNT(*) FROM districts), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
FROM seq_1_to_500;
INSERT INTO service_requests (enterprise_id, user_id, district_id, kind, status, subject, description, key_id, respond_due_on, resolve_due_on,
       responded_at, resolved_at, closed_at, solved, rating, feedback_at, created_at, updated_at)
SELECT e.id, (SELECT MIN(id) FROM users WHERE openid LIKE 'bench-dash-%'), e.district_id,
       ELT(1 + seq % 5, 'consultation', 'visit', 'rights', 'documents', 'training'),
       ELT(1 + seq % 6, 'submitted', 'accepted', 'scheduled', 'resolved', 'closed', 'rejected'), '（压测）诉求', '压测', 'bench000',
       @today + INTERVAL (CAST(seq % 30 AS SIGNED) - 20) DAY, @today + INTERVAL (CAST(seq % 30 AS SIGNED) - 7) DAY,
       IF(seq % 6 = 0, NULL, UTC_TIMESTAMP(6) - INTERVAL (seq % 25) DAY), IF(seq % 6 IN (3, 4), UTC_TIMESTAMP(6), NULL),
       IF(seq % 6 IN (4, 5), UTC_TIMESTAMP(6), NULL), IF(seq % 6 = 4, seq % 4 <> 0, NULL), IF(seq % 6 = 4, 1 + seq % 5, NULL),
       IF(seq % 6 = 4, UTC_TIMESTAMP(6), NULL), UTC_TIMESTAMP(6) - INTERVAL (seq % 45) DAY, UTC_TIMESTAMP(6)
FROM seq_1_to_5000 JOIN enterprises e ON e.name = CONCAT('（压测）看板企业', 1 + seq % 500);
ANALYZE TABLE tips, registrations, service_requests;
SELECT (SELECT COUNT(*) FROM tips) AS tips, (SELECT COUNT(*) FROM registrations) AS registrations,
       (SELECT COUNT(*) FROM service_requests) AS service_requests;"

all_roles="bench-dashboard"
admin="$(login admin "$Bootstrap__AdminPassword")"
curl -sS -o /dev/null -X POST "$base/api/v1/admin/staff" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$all_roles\",\"displayName\":\"压测全角色\",\"password\":\"$Seed__DemoPassword\",\"roles\":[\"officer\",\"editor\",\"service\",\"analyst\"]}"

# An open survey for every verified enterprise, so the analysts' section counts an audience.
analyst="$(login demo-analyst "$Seed__DemoPassword")"
if [ "$(curl -fsS -H "Authorization: Bearer $analyst" "$base/api/v1/admin/surveys?pageSize=50" | jq '[.items[] | select(.status == "open")] | length')" = 0 ]; then
  standard="$(curl -fsS -H "Authorization: Bearer $analyst" "$base/api/v1/admin/surveys?pageSize=50" | jq '.items[] | select(.status == "standard") | .id')"
  survey="$(curl -fsS -H "Authorization: Bearer $analyst" -X POST "$base/api/v1/admin/surveys/$standard/copy" | jq .id)"
  curl -fsS -o /dev/null -H "Authorization: Bearer $analyst" -X PUT "$base/api/v1/admin/surveys/$survey" -H 'Content-Type: application/json' -d "{
    \"title\": \"（压测）看板问卷\", \"audience\": \"all\",
    \"opensAt\": \"$(date -u -d '-1 day' +%FT%TZ)\", \"closesAt\": \"$(date -u -d '+30 days' +%FT%TZ)\"}"
fi

for account in demo-officer demo-editor demo-service demo-analyst "$all_roles"; do
  token="$(login "$account" "$Seed__DemoPassword")"
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/admin/dashboard" # warm-up
  times="$(for _ in $(seq 1 "$runs"); do curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$base/api/v1/admin/dashboard"; done | sort -n)"
  echo "$times" | awk -v name="$account" '{ t[NR] = $1 * 1000 } END { printf "%-16s min %6.1f ms  median %6.1f ms  max %6.1f ms  (%d runs)\n", name, t[1], t[int((NR + 1) / 2)], t[NR], NR }'
done
token="$(login "$all_roles" "$Seed__DemoPassword")"
curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/admin/dashboard" | jq -c '{tips, pendingRegistrations: .events.pendingRegistrations, ledger: {responseLate: .ledger.responseLate, requests: .ledger.thisMonth.requests, responseRate: .ledger.thisMonth.responseRate, solveRate: .ledger.thisMonth.solveRate, satisfactionRate: .ledger.thisMonth.satisfactionRate}, surveys: [.surveys.open[] | {submitted, audience}]}'
