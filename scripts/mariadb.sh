# Functions to run a private MariaDB under a folder of our own, shared by run.sh and test.sh.
# Source this file; every function takes the instance folder as its first argument.
# The instance listens on 127.0.0.1:<port> and on <folder>/mysqld.sock, never on the system's 3306 or socket,
# and reads no my.cnf (--no-defaults), so it cannot clash with a MySQL/MariaDB already on the machine.

mariadb_bin() { command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; } || { [ -x "/usr/bin/$1" ] && echo "/usr/bin/$1"; }; }

# Installs MariaDB from Debian packages when it is missing (root only; others get the command to run).
mariadb_ensure_installed() {
  if [ -n "$(mariadb_bin mariadbd)" ] && [ -n "$(mariadb_bin mariadb)" ] && [ -n "$(mariadb_bin mariadb-install-db)" ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "MariaDB is not installed. Install it once with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y mariadb-server mariadb-client" >&2
    echo "or point the service at an existing database with ConnectionStrings__Shangmi." >&2
    return 1
  fi
  echo "Installing MariaDB from Debian packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d keeps the package from starting the system-wide server: we only want the binaries.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1; fi
  apt-get install -y -qq mariadb-server mariadb-client >/dev/null
  if [ "$created_policy" -eq 1 ]; then rm -f "$policy"; fi
}

# mariadb_start DIR PORT [extra mariadbd options...]: initialises DIR on first use, starts the server, waits for it.
mariadb_start() {
  local dir="$1" port="$2"; shift 2
  local user; user="$(id -un)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if mariadb_ping "$dir"; then
    echo "MariaDB already running in $dir"
    return 0
  fi
  if [ ! -d "$dir/data/mysql" ]; then
    "$(mariadb_bin mariadb-install-db)" --no-defaults --datadir="$dir/data" --user="$user" \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
      || { echo "mariadb-install-db failed, see $dir/install.log" >&2; return 1; }
  fi
  # The socket path must stay under 108 bytes; a long checkout path gets a short link in /tmp.
  # setsid: the server gets a session of its own, so Ctrl+C or a signal to the caller's process group does not stop
  # it at the same moment as the service still writing to it; mariadb_stop stops it when the caller is done.
  setsid "$(mariadb_bin mariadbd)" --no-defaults --datadir="$dir/data" --user="$user" \
    --port="$port" --bind-address=127.0.0.1 --socket="$(mariadb_socket "$dir")" \
    --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
    --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --default-time-zone=+00:00 --max-connections=500 "$@" >/dev/null 2>&1 &
  local i
  for i in $(seq 1 120); do
    if mariadb_ping "$dir"; then return 0; fi
    sleep 0.25
  done
  echo "MariaDB did not start within 30 s; its log:" >&2
  tail -n 30 "$dir/error.log" >&2
  return 1
}

# The socket lives next to the data unless the path would be too long for a Unix socket.
mariadb_socket() {
  local dir="$1"
  if [ "${#dir}" -lt 90 ]; then echo "$dir/mysqld.sock"; else echo "/tmp/shangmi-$(echo "$dir" | md5sum | cut -c1-12).sock"; fi
}

mariadb_ping() {
  local dir="$1"
  [ -S "$(mariadb_socket "$dir")" ] && "$(mariadb_bin mariadb-admin)" --no-defaults --socket="$(mariadb_socket "$dir")" \
    -u "$(id -un)" ping >/dev/null 2>&1
}

# mariadb_sql DIR "SQL": runs SQL as the instance's administrator (socket authentication).
mariadb_sql() {
  local dir="$1" sql="$2"
  "$(mariadb_bin mariadb)" --no-defaults --socket="$(mariadb_socket "$dir")" -u "$(id -un)" -e "$sql"
}

# mariadb_stop DIR: shuts the instance down cleanly and waits for it to exit.
mariadb_stop() {
  local dir="$1"
  [ -f "$dir/mysqld.pid" ] || return 0
  local pid; pid="$(cat "$dir/mysqld.pid" 2>/dev/null || true)"
  "$(mariadb_bin mariadb-admin)" --no-defaults --socket="$(mariadb_socket "$dir")" -u "$(id -un)" shutdown >/dev/null 2>&1 \
    || { [ -n "$pid" ] && kill "$pid" 2>/dev/null; } || true
  local i
  for i in $(seq 1 120); do
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  kill -9 "$pid" 2>/dev/null || true
}

# A random password made of letters and digits (safe inside a connection string).
random_secret() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "${1:-32}"; }

# free_port FROM TO: the first TCP port in the range nothing listens on.
free_port() {
  local port
  # From a random place in the range: two test runs starting together would otherwise both take the first free port.
  for port in $(seq "$1" "$2" | shuf); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}
