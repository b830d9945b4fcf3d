#!/usr/bin/env bash
# Runs every test against a throw-away MariaDB: installs MariaDB, Chromium and the contract tooling when missing, starts a
# private instance on a free port under a temporary folder, runs `dotnet test Api.sln` (extra arguments are passed
# on, e.g. --filter), then stops the instance and deletes its folder. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/mariadb.sh
source scripts/console.sh
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

mariadb_ensure_installed
browser_ensure_installed

# The staff console: types from the contract, vue-tsc, production build (the browser tests load that build).
console_build check

# s3rver: the fake S3 server the tests keep public files in when Storage:S3 is set (tests/fake-s3).
(cd tests/fake-s3 && npm ci --no-audit --no-fund --loglevel=error)

# openapi-typescript checks the mini-program types for drift (see miniprogram-contract/README.md).
if [ -f miniprogram-contract/package.json ]; then
  (cd miniprogram-contract && npm ci --no-audit --no-fund --loglevel=error)
fi

db_dir="$(mktemp -d /tmp/shangmi-test-db.XXXXXX)"
cleanup() {
  mariadb_stop "$db_dir"
  rm -rf "$db_dir"
}
trap cleanup EXIT

# Durability is not needed for a throw-away instance; these settings make schema creation much faster.
# A port found free can be taken by another run before MariaDB binds it: then try another.
for attempt in 1 2 3 4 5; do
  port="$(free_port 13306 13999)"
  if mariadb_start "$db_dir" "$port" --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 --skip-log-bin \
    --innodb-doublewrite=0 --innodb-buffer-pool-size=256M; then
    break
  fi
  [ "$attempt" -lt 5 ] || exit 1
done
password="$(random_secret 32)"
mariadb_sql "$db_dir" "
  CREATE USER 'shangmi_test'@'127.0.0.1' IDENTIFIED BY '$password';
  GRANT ALL PRIVILEGES ON *.* TO 'shangmi_test'@'127.0.0.1';"

# Each test class creates its own database through this server-level connection and drops it afterwards.
export SHANGMI_TEST_MYSQL="Server=127.0.0.1;Port=$port;User ID=shangmi_test;Password=$password"
echo "Test MariaDB on 127.0.0.1:$port"

dotnet test Api.sln -nologo "$@"
