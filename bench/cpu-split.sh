#!/usr/bin/env bash
# Where a request's CPU goes: runs wrk on URL for SECONDS (10 by default; 2 threads, 32 connections) against a
# service already running, and divides the CPU time the API, MariaDB and everything else (wrk, interrupts) used
# meanwhile by the number of requests. Reads /proc, so the API and MariaDB must run on this machine.
# Usage: bench/cpu-split.sh URL [seconds]      e.g. bench/cpu-split.sh http://127.0.0.1:5480/api/v1/articles
set -euo pipefail
url="$1"
seconds="${2:-10}"

# User plus system clock ticks of every process whose command line matches $1.
ticks() {
  local pid total=0
  for pid in $(pgrep -f "$1"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }   # user, nice, system, irq, softirq

api_before=$(ticks Shangmi.Api.dll); db_before=$(ticks mariadbd); busy_before=$(busy)
out="$(wrk -t2 -c32 -d"${seconds}s" "$url")"
api_after=$(ticks Shangmi.Api.dll); db_after=$(ticks mariadbd); busy_after=$(busy)

requests=$(awk '/requests in/{print $1}' <<<"$out")
[ "${requests:-0}" -gt 0 ] || { echo "no request completed" >&2; echo "$out" >&2; exit 1; }
hz=$(getconf CLK_TCK)
awk -v api=$((api_after - api_before)) -v db=$((db_after - db_before)) -v all=$((busy_after - busy_before)) \
    -v n="$requests" -v s="$seconds" -v hz="$hz" 'BEGIN {
  us = 1e6 / hz / n
  printf "%.0f requests/s; CPU per request: API %.0f us, MariaDB %.0f us, other (wrk, interrupts) %.0f us\n",
    n / s, api * us, db * us, (all - api - db) * us
}'
