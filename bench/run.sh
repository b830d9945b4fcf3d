#!/usr/bin/env bash
# Load scenarios against a running service (start it first with ./run.sh, or point BASE_URL at one).
# Each scenario is one line in scenarios/*.txt: "name  method  path  [lua script]"; wrk runs it with
# CONNECTIONS connections on THREADS threads for DURATION and the results are appended to results/<date>.md.
# Usage: bench/run.sh [scenario-file ...]   (default: every file in bench/scenarios)
set -euo pipefail
files=()
for file in "$@"; do files+=("$(realpath "$file")"); done
cd "$(dirname "$0")"

BASE_URL="${BASE_URL:-http://127.0.0.1:5080}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-15s}"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1
  fi
fi

curl -sf "$BASE_URL/health/ready" >/dev/null || { echo "No ready service at $BASE_URL (start it with ./run.sh)" >&2; exit 1; }

# Scenarios that need a user token get one from the (stand-in) WeChat login, once.
if [ -z "${USER_TOKEN:-}" ]; then
  USER_TOKEN="$(curl -sf -X POST "$BASE_URL/api/v1/auth/wechat-login" -H 'Content-Type: application/json' \
    -d "{\"code\":\"bench:$(date +%s%N)\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')" || true
fi
export USER_TOKEN

mkdir -p results
report="results/$(date -u +%Y-%m-%d).md"
[ -f "$report" ] || printf '| when (UTC) | scenario | conns | requests/s | p50 ms | p95 ms | p99 ms | non-2xx | errors |\n|---|---|---|---|---|---|---|---|---|\n' > "$report"

[ ${#files[@]} -gt 0 ] || files=(scenarios/*.txt)
for file in "${files[@]}"; do
  while read -r name method path script; do
    case "$name" in ''|'#'*) continue ;; esac
    args=(-t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s scripts/report.lua)
    export BENCH_METHOD="$method" BENCH_SCRIPT="${script:-}"
    echo "== $name: $method $path"
    out="$(wrk "${args[@]}" "$BASE_URL$path")"
    echo "$out" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
    line="$(echo "$out" | grep '^REPORT ' | cut -d' ' -f2-)"
    printf '| %s | %s | %s | %s\n' "$(date -u +%H:%M:%S)" "$name" "$CONNECTIONS" "$line" >> "$report"
  done < "$file"
done
echo "Results appended to bench/$report"
