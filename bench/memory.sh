#!/usr/bin/env bash
# Resident memory of the API idle and after load, for each GC setting: starts ./run.sh with the setting, waits until
# the service is ready and has settled, reads VmRSS, runs wrk on the public reads (cached list, detail, uncached
# search), waits for the GC to settle again and reads VmRSS once more.
# Usage: bench/memory.sh        (prints one table row per setting; as root it installs wrk when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
# Ports of its own; but it uses this checkout's .data/ (and its MariaDB), so run it with no other ./run.sh in the same
# checkout (another checkout is fine).
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5380}" SHANGMI_DB_PORT="${SHANGMI_DB_PORT:-3707}"
export SHANGMI_WECHAT_STANDIN_URL="${SHANGMI_WECHAT_STANDIN_URL:-http://127.0.0.1:5381}"
base="$ASPNETCORE_URLS"
export RateLimits__PublicRead__PermitLimit=100000000 RateLimits__PublicRead__GlobalPermitLimit=100000000

rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

measure() { # NAME ENV...
  local name="$1"; shift
  env "$@" ./run.sh >/tmp/shangmi-memory-run.log 2>&1 &
  local run=$!
  local waited=0
  until curl -sf "$base/health/ready" >/dev/null; do
    sleep 0.5; waited=$((waited + 1))
    [ "$waited" -lt 600 ] || { echo "the service did not become ready; see /tmp/shangmi-memory-run.log" >&2; exit 1; }
  done
  local api; api="$(pgrep -f "$PWD/src/Shangmi.Api/bin/Release/net10.0/Shangmi.Api.dll" | head -n1)"
  sleep 30
  local idle; idle="$(rss_mib "$api")"
  wrk -t2 -c32 -d15s "$base/api/v1/articles" >/dev/null
  wrk -t2 -c32 -d15s -s bench/scripts/random-article.lua "$base/api/v1/articles/1" >/dev/null
  wrk -t2 -c32 -d15s -s bench/scripts/search-uncached.lua "$base/api/v1/articles?q=x" >/dev/null
  local peak; peak="$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$api/status")"
  sleep 30
  local after; after="$(rss_mib "$api")"
  echo "| $name | $idle | $peak | $after |"
  kill -TERM "$run"; wait "$run" 2>/dev/null || true
}

echo "| GC setting | idle RSS MiB | peak RSS under load MiB | RSS 30 s after load MiB |"
echo "| --- | --- | --- | --- |"
measure "server GC, DATAS off" DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0
measure "server GC with DATAS (.NET 10 default)" DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=1
measure "workstation GC, concurrent" DOTNET_gcServer=0 DOTNET_gcConcurrent=1
