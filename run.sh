#!/usr/bin/env bash
# Runs the service on http://127.0.0.1:5080 (ASPNETCORE_URLS overrides it).
# Without ConnectionStrings__Shangmi it starts a private MariaDB under .data/mariadb (installing MariaDB from
# Debian packages when missing), creates the database and a user for it, and stops that MariaDB again on exit.
# Without WeChat__AppId it starts the local WeChat stand-in on 127.0.0.1:5081, where any login code works once.
# Data stays in .data/ between runs. Development secrets are generated once into .data/dev-secrets.env.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/mariadb.sh

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export Storage__Path="${Storage__Path:-$PWD/.data/files}"
export Storage__EvidencePath="${Storage__EvidencePath:-$PWD/.data/tip-evidence}"
export Storage__ProofPath="${Storage__ProofPath:-$PWD/.data/claim-proofs}"
# Only listed proxies may set X-Forwarded-For. A local (Development) run trusts loopback, where a local reverse proxy
# or the load tests run; any other environment keeps the proxies its own settings list (these variables would
# replace the first two of them).
if [ "$ASPNETCORE_ENVIRONMENT" = Development ]; then
  export Network__KnownProxies__0="${Network__KnownProxies__0:-127.0.0.0/8}"
  export Network__KnownProxies__1="${Network__KnownProxies__1:-::1}"
fi

db_dir=.data/mariadb
started_db=0
api_pid=
standin_pid=

# Order matters: the API writes buffered view counts when it stops, so it must be gone before MariaDB goes.
# MariaDB runs in a session of its own (see mariadb_start), so Ctrl+C, which signals this whole process group,
# reaches the API and the stand-in but not the database.
stop_all() {
  trap - EXIT INT TERM
  local pid
  for pid in $api_pid $standin_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      # `wait` returns early when a signal arrives; poll until the process has really exited.
      while kill -0 "$pid" 2>/dev/null; do wait "$pid" 2>/dev/null || sleep 0.1; done
    fi
  done
  if [ "$started_db" -eq 1 ]; then
    echo "Stopping the private MariaDB..."
    mariadb_stop "$db_dir"
  fi
}
trap stop_all EXIT INT TERM

mkdir -p .data
if [ "$ASPNETCORE_ENVIRONMENT" = "Development" ]; then
  # Secrets for local runs only, made once and kept out of git; production supplies its own.
  # A secret added by a later version of this script is appended to an existing file.
  touch .data/dev-secrets.env && chmod 600 .data/dev-secrets.env
  add_secret() { grep -q "^$1=" .data/dev-secrets.env || echo "$1=$2" >> .data/dev-secrets.env; }
  add_secret Auth__SigningKey "$(random_secret 64)"
  add_secret Bootstrap__AdminUsername admin
  add_secret Bootstrap__AdminPassword "$(random_secret 16)"
  add_secret Seed__DemoPassword "$(random_secret 16)"
  add_secret Tips__EncryptionKey "$(head -c 32 /dev/urandom | base64)"
  add_secret Tips__ReceiptKey "$(random_secret 48)"
  # Values already in the environment win over the generated ones.
  # (Split by hand: `IFS='=' read` drops a lone trailing '=' of base64.)
  while IFS= read -r line; do
    key="${line%%=*}"
    [ -n "${!key:-}" ] || export "$line"
  done < .data/dev-secrets.env
fi

# Build while MariaDB starts: both take a few seconds. Building the API also builds the staff console
# (src/Shangmi.Console, with npm) when its sources changed, into the API's output (see Shangmi.Api.csproj).
{
  dotnet build src/Shangmi.Api/Shangmi.Api.csproj -c Release -nologo -v quiet -clp:ErrorsOnly \
    && { [ -n "${WeChat__AppId:-}" ] \
         || dotnet build src/Shangmi.WeChatStandIn/Shangmi.WeChatStandIn.csproj -c Release -nologo -v quiet -clp:ErrorsOnly; }
} > .data/build.log 2>&1 &
build_pid=$!

if [ -z "${ConnectionStrings__Shangmi:-}" ]; then
  mariadb_ensure_installed
  port="${SHANGMI_DB_PORT:-3407}"
  mariadb_start "$db_dir" "$port"
  started_db=1
  if [ ! -f "$db_dir/app-password" ]; then
    (umask 077; random_secret 32 > "$db_dir/app-password")
  fi
  password="$(cat "$db_dir/app-password")"
  mariadb_sql "$db_dir" "
    CREATE DATABASE IF NOT EXISTS shangmi CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS 'shangmi'@'127.0.0.1' IDENTIFIED BY '$password';
    GRANT ALL PRIVILEGES ON shangmi.* TO 'shangmi'@'127.0.0.1';"
  export ConnectionStrings__Shangmi="Server=127.0.0.1;Port=$port;Database=shangmi;User ID=shangmi;Password=$password"
  echo "Private MariaDB on 127.0.0.1:$port, data in $db_dir"
fi

if ! wait "$build_pid"; then
  cat .data/build.log >&2
  exit 1
fi

if [ -z "${WeChat__AppId:-}" ]; then
  # No WeChat credentials: sign-in goes to the local stand-in (the service allows it in Development only).
  standin_url="${SHANGMI_WECHAT_STANDIN_URL:-http://127.0.0.1:5081}"
  export WeChat__ApiBaseUrl="$standin_url" WeChat__AppId=wx-dev-standin WeChat__AppSecret=dev-standin-secret
  dotnet src/Shangmi.WeChatStandIn/bin/Release/net10.0/Shangmi.WeChatStandIn.dll \
    "$standin_url" "$WeChat__AppId" "$WeChat__AppSecret" &
  standin_pid=$!
  standin_port="${standin_url##*:}"; standin_port="${standin_port%%/*}"
  until (exec 3<>"/dev/tcp/127.0.0.1/$standin_port") 2>/dev/null; do
    kill -0 "$standin_pid" 2>/dev/null || { echo "The WeChat stand-in did not start (is $standin_url in use?)" >&2; exit 1; }
    sleep 0.25
  done
fi

echo "Shangmi API on $ASPNETCORE_URLS  (Swagger UI: ${ASPNETCORE_URLS%%;*}/swagger)"
echo "Staff console: ${ASPNETCORE_URLS%%;*}/console/"
if [ "$ASPNETCORE_ENVIRONMENT" = "Development" ]; then
  echo "Staff sign-in: ${Bootstrap__AdminUsername:-admin}, demo-editor, demo-officer, demo-service; passwords in .data/dev-secrets.env"
fi
out="$PWD/src/Shangmi.Api/bin/Release/net10.0"
dotnet "$out/Shangmi.Api.dll" --contentRoot "$out" &
api_pid=$!
wait "$api_pid"
