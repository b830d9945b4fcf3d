#!/usr/bin/env bash
# Restores an archive made by scripts/backup.sh into a FRESH database and fresh folders, named by the same settings
# the service will run with (absolute paths). Run it as the user the service runs as, so the files are its own:
#   ConnectionStrings__Shangmi, Storage__Path, Storage__EvidencePath, Storage__ProofPath
# Usage: scripts/restore.sh ARCHIVE
#
# It refuses to touch a database that has tables or a folder that has files: a restore never overwrites live data.
# Start the service on the result with the SAME Tips__EncryptionKey and Tips__ReceiptKey as the backed-up instance
# (and Auth__SigningKey, or staff simply sign in again); without them the tips cannot be read.
set -euo pipefail
source "$(dirname "$0")/db-connection.sh"

archive="${1:?usage: scripts/restore.sh ARCHIVE}"
work="$(mktemp -d /tmp/shangmi-restore.XXXXXX)"
trap 'rm -rf "$work"' EXIT
umask 077

db_client_config "$work/client.cnf"
storage_folders

name="$(tar -tf "$archive" | sed -n 1p | cut -d/ -f1)"
case "$name" in shangmi-backup-*) ;; *) echo "$archive is not a Shangmi backup." >&2; exit 1 ;; esac
tar -C "$work" -xf "$archive" "$name/MANIFEST" "$name/database.sql.gz"
[ -n "$name" ] && [ -f "$work/$name/MANIFEST" ] || { echo "$archive is not a Shangmi backup." >&2; exit 1; }
expected="$(grep '^database_sha256=' "$work/$name/MANIFEST" | cut -d= -f2)"
actual="$(sha256sum "$work/$name/database.sql.gz" | cut -d' ' -f1)"
[ "$expected" = "$actual" ] || { echo "The database dump in $archive is damaged (checksum differs)." >&2; exit 1; }

for pair in "${folders[@]}"; do
  dir="${pair#*:}"
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "$dir is not empty: restore into fresh folders." >&2
    exit 1
  fi
done

# The database may exist already (an operator creates it with the app user's grants), but must be empty.
client=(mariadb --defaults-file="$work/client.cnf")
# From here on a failure leaves a part-restored database or folders: say so, and what to clear before a retry.
trap 'rm -rf "$work"; echo "Restore incomplete: drop the tables of database $db_name and empty the three folders before trying again." >&2' ERR
"${client[@]}" -e "CREATE DATABASE IF NOT EXISTS \`$db_name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
tables="$("${client[@]}" -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$db_name'")"
if [ "$tables" != 0 ]; then
  echo "Database $db_name already has $tables tables: restore into a fresh database." >&2
  exit 1
fi
gunzip -c "$work/$name/database.sql.gz" | "${client[@]}" "$db_name"

# Straight from the archive into the fresh folders (-p keeps the 0600/0700 modes): no second copy on disk.
for pair in "${folders[@]}"; do
  mkdir -p "${pair#*:}"
  tar -C "${pair#*:}" -xpf "$archive" --no-same-owner --strip-components=2 "$name/${pair%%:*}"
done
# Evidence folders are the service's alone (0700), as TipEvidenceStore makes them.
chmod 700 "$Storage__EvidencePath" "$Storage__ProofPath"

echo "Restored $(grep '^created_utc=' "$work/$name/MANIFEST" | cut -d= -f2) into database $db_name,"
echo "files, tip evidence and claim proofs into $Storage__Path, $Storage__EvidencePath and $Storage__ProofPath."
