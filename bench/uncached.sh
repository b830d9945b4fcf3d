#!/usr/bin/env bash
# The public reads when every cache misses (scenarios/uncached.txt), RUNS times, each on a fresh start: starts
# ./run.sh with the output cache off (PublicCache__Duration=00:00:00) and the public-read rate limit raised, warms the
# list up for WARMUP (30 s by default), runs the scenarios (DURATION each, 8 s by default), stops the service.
# Results are appended to bench/results/<date>.md like bench/run.sh's.
# Why 30 s: tiered JIT keeps recompiling hot code for about that long after a start. With 3 s, /health/live (the
# first scenario, the control) ran at a third of its later speed, so a short warm-up measures the JIT more than the
# reads. WARMUP=3s gives the figures of an instance just started (see bench/REPORT.md for both).
# Needs the articles seeded once: node bench/seed-articles.mjs 10000 (with ./run.sh running).
# Usage: bench/uncached.sh [runs]     any other variable given is passed to the service (e.g. DOTNET_gcServer=0)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
# Ports of its own; but it uses this checkout's .data/ (and its MariaDB), so run it with no other ./run.sh in the same
# checkout (another checkout is fine).
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5480}" SHANGMI_DB_PORT="${SHANGMI_DB_PORT:-3807}"
export SHANGMI_WECHAT_STANDIN_URL="${SHANGMI_WECHAT_STANDIN_URL:-http://127.0.0.1:5481}"
export RateLimits__PublicRead__PermitLimit=100000000 RateLimits__PublicRead__GlobalPermitLimit=100000000
export PublicCache__Duration=00:00:00
base="$ASPNETCORE_URLS"

for run in $(seq 1 "$runs"); do
  ./run.sh >/tmp/shangmi-uncached-run.log 2>&1 &
  service=$!
  waited=0
  until curl -sf "$base/health/ready" >/dev/null; do
    sleep 0.5; waited=$((waited + 1))
    [ "$waited" -lt 600 ] || { echo "the service did not become ready; see /tmp/shangmi-uncached-run.log" >&2; exit 1; }
  done
  wrk -t2 -c32 -d"${WARMUP:-30s}" "$base/api/v1/articles" >/dev/null
  echo "== run $run of $runs"
  BASE_URL="$base" ARTICLE_COUNT="${ARTICLE_COUNT:-10000}" DURATION="${DURATION:-8s}" bench/run.sh bench/scenarios/uncached.txt \
    | grep -E "^==|Requests/sec"
  kill -TERM "$service"   # run.sh stops the API, then its MariaDB
  wait "$service" || true
done
