# Reads the service's own connection string (ConnectionStrings__Shangmi, the form MySqlConnector takes) and writes a
# client option file for the mariadb tools, so the password never appears on a command line or in `ps`.
# Source this file, then: db_client_config OPTION_FILE; the database name is in $db_name afterwards.
# Values must not contain ';' (quoted values are not parsed).

db_client_config() {
  local file="$1" part key value host=127.0.0.1 port=3306 user="" password=""
  db_name=""
  if [ -z "${ConnectionStrings__Shangmi:-}" ]; then
    echo "ConnectionStrings__Shangmi is not set: give the service's connection string." >&2
    return 1
  fi
  IFS=';' read -ra parts <<< "$ConnectionStrings__Shangmi"
  for part in "${parts[@]}"; do
    [ -n "${part// /}" ] || continue
    key="$(printf '%s' "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')"
    value="${part#*=}"
    case "$key" in
      server|host|datasource|address|addr|networkaddress) host="$value" ;;
      port) port="$value" ;;
      userid|uid|user|username) user="$value" ;;
      password|pwd) password="$value" ;;
      database|initialcatalog) db_name="$value" ;;
    esac
  done
  if [ -z "$db_name" ] || [ -z "$user" ] || [[ ! "$db_name" =~ ^[A-Za-z0-9_]+$ ]]; then
    echo "ConnectionStrings__Shangmi must name a User ID and a Database (letters, digits, _)." >&2
    return 1
  fi
  # Option files take double-quoted values with backslash escapes.
  password="${password//\\/\\\\}"
  password="${password//\"/\\\"}"
  (umask 077; printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword="%s"\ndefault-character-set=utf8mb4\n' \
    "$host" "$port" "$user" "$password" > "$file")
}

# The folders the service keeps its files in: required here, since a wrong default would back up an empty folder.
# Sets $folders to "name:path" pairs: public files, sealed tip evidence, sealed enterprise claim proofs.
storage_folders() {
  if [ -z "${Storage__Path:-}" ] || [ -z "${Storage__EvidencePath:-}" ] || [ -z "${Storage__ProofPath:-}" ]; then
    echo "Storage__Path, Storage__EvidencePath and Storage__ProofPath must be set to the service's folders." >&2
    return 1
  fi
  folders=("files:$Storage__Path" "tip-evidence:$Storage__EvidencePath" "claim-proofs:$Storage__ProofPath")
  # The service resolves a relative folder against its content root, not against this shell's folder: a relative
  # path here could name an empty folder and make a backup without the evidence. So only absolute paths.
  local pair
  for pair in "${folders[@]}"; do
    case "${pair#*:}" in
      /*) ;;
      *) echo "${pair#*:} is relative: give the service's folders as absolute paths." >&2; return 1 ;;
    esac
  done
}
