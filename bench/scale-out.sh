#!/usr/bin/env bash
# Scale-out proof: two API instances (A on :5191, B on :5192) on one MariaDB, behind nginx round robin on :5090,
# sharing one files folder and one evidence folder (one folder on shared disk). Through the proxy it runs the
# registration rush, tips with evidence and article reads (bench/scale-out.mjs), and stops instance A in the middle
# of each: kill -9 for the rush and the tips, a graceful stop for the reads (whose buffered view counts a kill -9
# would lose by design). Then it checks that every background job's work was done once, and compares article-list
# throughput of one instance and of two (wrk).
# Everything lives under .data/scale-out (fresh each run, its own MariaDB on :3517, stand-in on :5181).
# As root it installs nginx and wrk from Debian's packages when missing.
# Usage: bench/scale-out.sh [users=500] [seats=100] [tips=200] [tipMb=1] [reads=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mariadb.sh
users="${1:-500}" seats="${2:-100}" tips="${3:-200}" tip_mb="${4:-1}" reads="${5:-1000}"
work="$PWD/.data/scale-out"
failed=0

need() {
  if command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ]; then return 0; fi
  echo "Installing $2 from Debian packages..."
  apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}
mariadb_ensure_installed
need nginx nginx
need wrk wrk

pids=()
stop_all() {
  trap - EXIT INT TERM
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  local pid
  for pid in "${pids[@]}" $(cat "$work"/*.api-pid 2>/dev/null); do
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
  mariadb_stop "$work/mariadb" 2>/dev/null || true
}
[ -d "$work/mariadb" ] && mariadb_stop "$work/mariadb" 2>/dev/null || true
rm -rf "$work" && mkdir -p "$work/nginx/logs"
trap stop_all EXIT INT TERM

export ASPNETCORE_ENVIRONMENT=Development DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export Auth__SigningKey="$(random_secret 64)" Bootstrap__AdminUsername=admin Bootstrap__AdminPassword="$(random_secret 16)"
export Seed__DemoPassword="$(random_secret 16)" Tips__ReceiptKey="$(random_secret 48)"
export Tips__EncryptionKey="$(head -c 32 /dev/urandom | base64)"
export Storage__Path="$work/files" Storage__EvidencePath="$work/tip-evidence" Storage__ProofPath="$work/claim-proofs"
export Network__KnownProxies__0=127.0.0.0/8
# Every client comes from this one address: lift the per-address limits and the evidence budgets.
for policy in Login PublicRead TipSubmit TipUpload; do
  export "RateLimits__${policy}__PermitLimit=100000000" "RateLimits__${policy}__GlobalPermitLimit=100000000"
done
export Tips__EvidenceBytesPerHour=100000000000 Tips__EvidenceBytesPerAddressPerHour=100000000000
export PublicCache__Duration=00:00:05 Articles__ViewFlushInterval=00:00:02 Events__NotificationInterval=00:00:02
export Events__SubscribeTemplates__Confirmed=tpl-confirmed Events__SubscribeTemplates__Promoted=tpl-promoted
export Events__SubscribeTemplates__Reminder=tpl-reminder Events__SubscribeTemplates__EventCancelled=tpl-cancelled
export Logging__LogLevel__Default=Warning
# The hourly clean-up runs every 2 s on each instance, so both sweep side by side during the run and at its end.
export Tips__RetentionInterval=00:00:02

echo "Building..."
dotnet build src/Shangmi.Api/Shangmi.Api.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build src/Shangmi.WeChatStandIn/Shangmi.WeChatStandIn.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
out="$PWD/src/Shangmi.Api/bin/Release/net10.0"

mariadb_start "$work/mariadb" 3517
password="$(random_secret 32)"
mariadb_sql "$work/mariadb" "
  CREATE DATABASE shangmi CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER 'shangmi'@'127.0.0.1' IDENTIFIED BY '$password';
  GRANT ALL PRIVILEGES ON shangmi.* TO 'shangmi'@'127.0.0.1';"
export ConnectionStrings__Shangmi="Server=127.0.0.1;Port=3517;Database=shangmi;User ID=shangmi;Password=$password"
sql() { mariadb_sql "$work/mariadb" "USE shangmi; $1" | tail -n +2; }

export WeChat__ApiBaseUrl=http://127.0.0.1:5181 WeChat__AppId=wx-dev-standin WeChat__AppSecret=dev-standin-secret
dotnet src/Shangmi.WeChatStandIn/bin/Release/net10.0/Shangmi.WeChatStandIn.dll http://127.0.0.1:5181 \
  "$WeChat__AppId" "$WeChat__AppSecret" >/dev/null &
pids+=($!)

start_api() { # NAME PORT
  ASPNETCORE_URLS="http://127.0.0.1:$2" dotnet "$out/Shangmi.Api.dll" --contentRoot "$out" >>"$work/$1.log" 2>&1 &
  echo $! > "$work/$1.api-pid"
  until curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null; do
    kill -0 "$(cat "$work/$1.api-pid")" 2>/dev/null || { echo "Instance $1 did not start:"; tail -20 "$work/$1.log"; exit 1; }
    sleep 0.2
  done
}
start_api A 5191   # A migrates the database first; B then finds it migrated.
start_api B 5192

cat > "$work/nginx.conf" <<EOF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_max_body_size 200m;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  upstream both   { server 127.0.0.1:5191 max_fails=1 fail_timeout=3s; server 127.0.0.1:5192 max_fails=1 fail_timeout=3s; keepalive 64; }
  upstream only_a { server 127.0.0.1:5191; keepalive 64; }
  # A refused connection is tried on the other instance (nginx never resends a POST it has already sent).
  server { listen 127.0.0.1:5090; location / { proxy_pass http://both; include $work/proxy.conf; } }
  server { listen 127.0.0.1:5089; location / { proxy_pass http://only_a; include $work/proxy.conf; } }
}
EOF
cat > "$work/proxy.conf" <<'EOF'
proxy_http_version 1.1;
proxy_set_header Connection "";
proxy_set_header Host $host;
proxy_set_header X-Forwarded-For $remote_addr;
proxy_next_upstream error timeout http_502;
EOF
nginx -c "$work/nginx.conf" -p "$work/nginx"
echo "Two instances behind nginx on http://127.0.0.1:5090 (A alone on :5089)"

export BASE_URL=http://127.0.0.1:5090 A_URL=http://127.0.0.1:5191 B_URL=http://127.0.0.1:5192 MIDPOINT_FILE="$work/midpoint"
export PUBLIC_CACHE_MS=5000 VIEW_FLUSH_WAIT_MS=5000

# phase SIGNAL args...: runs a client phase and stops A with SIGNAL once a quarter of it is answered, then restarts A.
phase() {
  local signal="$1"; shift
  rm -f "$MIDPOINT_FILE"
  node bench/scale-out.mjs "$@" | tee "$work/phase.out" &
  local client=$!
  while [ ! -f "$MIDPOINT_FILE" ] && kill -0 "$client" 2>/dev/null; do sleep 0.05; done
  if [ -f "$MIDPOINT_FILE" ]; then
    local a; a="$(cat "$work/A.api-pid")"
    kill "-$signal" "$a"; while kill -0 "$a" 2>/dev/null; do sleep 0.05; done
    echo "  -- instance A stopped with SIG$signal in the middle of '$1', restarting it"
    start_api A 5191
  fi
  wait "$client" || failed=1
}

echo; phase KILL registrations "$users" "$seats"
event_id="$(sed -n "s/^EVENT_ID=//p" "$work/phase.out")"; event_id="${event_id:-0}"
echo; phase KILL tips "$tips" "$tip_mb"
[ "$(sed -n 's/^TIPS_TOTAL=//p' "$work/phase.out")" = "$tips" ] \
  && echo "  ok   $tips tips in the database: no duplicate from a retry" \
  || { echo "  FAIL tips in the database: $(sed -n 's/^TIPS_TOTAL=//p' "$work/phase.out"), expected $tips"; failed=1; }
echo; phase TERM articles "$reads"

echo; echo "background jobs:"
# Every confirmed registrant is told once and reminded once (the event starts within a day), by whichever instance.
# A claim held by the killed instance expires after two minutes and is sent then.
for _ in $(seq 1 500); do
  [ "$(sql "SELECT COUNT(*) FROM event_notifications WHERE sent_at IS NULL")" = 0 ] && break; sleep 0.3
done
expected="$(sql "SELECT COUNT(*) FROM event_notifications n JOIN registrations r ON r.id = n.registration_id WHERE r.event_id = $event_id AND n.outcome = 'sent'")"
# Delivery is at least once: WeChat's send has no idempotency key, so a message sent by an instance killed before it
# recorded the send is sent again when its claim expires. A lost message fails the run; a repeat is reported.
curl -sf http://127.0.0.1:5181/standin/subscribe-messages | node -e '
  const sent = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const seen = new Map();
  for (const m of sent) seen.set(`${m.touser} ${m.template_id}`, (seen.get(`${m.touser} ${m.template_id}`) ?? 0) + 1);
  const twice = [...seen.values()].filter((n) => n > 1).length;
  const expected = Number(process.argv[1]);
  console.log(`  ${seen.size === expected ? "ok  " : "FAIL"} subscribe messages: ${expected} due, ${seen.size} delivered, `
    + `${twice} delivered twice (a send cut by the kill is repeated: at least once)`);
  process.exit(seen.size === expected ? 0 : 1);' "$expected" || failed=1
reminders="$(sql "SELECT COUNT(*) FROM event_notifications n JOIN registrations r ON r.id = n.registration_id WHERE r.event_id = $event_id AND n.kind = 'reminder'")"
[ "$reminders" = "$seats" ] && echo "  ok   $reminders day-before reminders queued, one per confirmed registrant" \
  || { echo "  FAIL $reminders reminders queued for $seats confirmed"; failed=1; }

# Retention: half of the bench tips are made older than the retention period (closed four years ago) while both
# instances sweep every 2 s. They must go with every evidence file, exactly them, and the other half stay whole.
expired=$((tips / 2))
cutoff_id="$(sql "SELECT id FROM tips ORDER BY id LIMIT 1 OFFSET $((expired - 1))")"
expired_keys="$(sql "SELECT storage_key FROM tip_attachments WHERE tip_id <= $cutoff_id")"
kept_keys="$(sql "SELECT storage_key FROM tip_attachments WHERE tip_id > $cutoff_id")"
sql "UPDATE tips SET status = 'closed', decided_at = UTC_TIMESTAMP(6) - INTERVAL 4 YEAR, final_at = UTC_TIMESTAMP(6) - INTERVAL 4 YEAR
     WHERE id <= $cutoff_id" >/dev/null
for _ in $(seq 1 100); do
  [ "$(sql "SELECT (SELECT COUNT(*) FROM tips WHERE id <= $cutoff_id) + (SELECT COUNT(*) FROM tip_file_deletions)")" = 0 ] && break; sleep 0.3
done
left="$(sql "SELECT COUNT(*) FROM tips WHERE id <= $cutoff_id")"; kept="$(sql "SELECT COUNT(*) FROM tips WHERE id > $cutoff_id")"
file_of() { echo "$work/tip-evidence/${1:0:2}/$1"; }
files_left=0; for key in $expired_keys; do [ -e "$(file_of "$key")" ] && files_left=$((files_left + 1)); done
files_kept=0; for key in $kept_keys; do [ -e "$(file_of "$key")" ] && files_kept=$((files_kept + 1)); done
[ "$left" = 0 ] && [ "$files_left" = 0 ] && [ "$kept" = "$((tips - expired))" ] && [ "$files_kept" = "$(echo "$kept_keys" | grep -c .)" ] \
  && echo "  ok   retention (both instances sweeping): $expired expired tips and their $(echo "$expired_keys" | grep -c .) files gone; $kept tips and $files_kept files kept" \
  || { echo "  FAIL retention: $left expired tips and $files_left of their files left; $kept tips and $files_kept files kept"; failed=1; }
if grep -h "fail:" "$work/A.log" "$work/B.log" | grep -qi "retention"; then echo "  FAIL a retention round failed:"; grep -h -A3 "fail:" "$work/A.log" "$work/B.log" | head; failed=1; fi

echo; echo "article list throughput (wrk, 2 threads, 32 connections, 15 s; public cache on):"
for target in "one instance|http://127.0.0.1:5089" "two instances|http://127.0.0.1:5090"; do
  rps="$(wrk -t2 -c32 -d15s "${target#*|}/api/v1/articles?pageSize=20" | awk '/Requests\/sec/ {print $2}')"
  echo "  ${target%%|*} behind nginx: $rps req/s"
done

echo
[ "$failed" = 0 ] && echo "scale-out: all checks passed" || echo "scale-out: SOME CHECKS FAILED"
exit "$failed"
