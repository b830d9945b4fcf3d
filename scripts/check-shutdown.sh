#!/usr/bin/env bash
# Checks that stopping run.sh keeps the last article views: starts ./run.sh (on its own ports, so it can run
# beside a normal ./run.sh) with a view-count flush interval of an hour, reads an article 5 times, sends SIGTERM
# to run.sh's whole process group (as a service manager or `kill -- -PGID` does; Ctrl+C signals the group the
# same way), waits for it to exit, and reads the article's view count from the database. Before issue 11 the
# signal stopped MariaDB at the same moment as the API, so the API's final flush failed and the 5 views were lost.
# Usage: scripts/check-shutdown.sh   (exit status 0 when the views were kept)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mariadb.sh

api_port="${SHANGMI_CHECK_API_PORT:-5180}"
export ASPNETCORE_URLS="http://127.0.0.1:$api_port"
export SHANGMI_DB_PORT="${SHANGMI_CHECK_DB_PORT:-3417}"
export SHANGMI_WECHAT_STANDIN_URL="http://127.0.0.1:${SHANGMI_CHECK_STANDIN_PORT:-5181}"
export Articles__ViewFlushInterval=01:00:00 PublicCache__Duration=00:00:00
api="http://127.0.0.1:$api_port"
mkdir -p .data
log=.data/check-shutdown.log

setsid ./run.sh > "$log" 2>&1 &
group=$!
trap 'kill -TERM -- -"$group" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fs "$api/health/ready" >/dev/null 2>&1 && break
  kill -0 "$group" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done

id="$(curl -fs "$api/api/v1/articles?pageSize=1" | sed -E 's/.*"items":\[\{"id":([0-9]+).*/\1/')"
count() { mariadb_sql .data/mariadb "SELECT view_count FROM shangmi.articles WHERE id = $id" | tail -n 1; }
before="$(count)"
for _ in 1 2 3 4 5; do curl -fs "$api/api/v1/articles/$id" >/dev/null; done

kill -TERM -- -"$group"
wait "$group" || true
trap - EXIT

# run.sh stopped its MariaDB on the way out; start it again just to read the count.
mariadb_start .data/mariadb "$SHANGMI_DB_PORT" >/dev/null
after="$(count)"
mariadb_stop .data/mariadb
echo "article $id: $before views before, $after after 5 reads and a SIGTERM to run.sh's process group"
if [ "$after" -eq $((before + 5)) ]; then
  echo "OK: the API's final flush reached the database before MariaDB stopped."
else
  echo "FAILED: views were lost at shutdown; see $log" >&2
  exit 1
fi
