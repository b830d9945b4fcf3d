#!/usr/bin/env bash
# Restores an archive made by scripts/backup.sh into a FRESH database and fresh folders, named by the same settings
# the service will run with:
#   ConnectionStrings__Shangmi, Storage__Path, Storage__EvidencePath
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

tar -C "$work" -xzf "$archive"
name="$(ls "$work" | grep '^shangmi-backup-' | head -n1)"
[ -n "$name" ] && [ -f "$work/$name/MANIFEST" ] || { echo "$archive is not a Shangmi backup." >&2; exit 1; }
expected="$(grep '^database_sha256=' "$work/$name/MANIFEST" | cut -d= -f2)"
actual="$(sha256sum "$work/$name/database.sql" | cut -d' ' -f1)"
[ "$expected" = "$actual" ] || { echo "The database dump in $archive is damaged (checksum differs)." >&2; exit 1; }

for dir in "$files_dir" "$evidence_dir"; do
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "$dir is not empty: restore into fresh folders." >&2
    exit 1
  fi
done

# The database may exist already (an operator creates it with the app user's grants), but must be empty.
client=(mariadb --defaults-file="$work/client.cnf")
"${client[@]}" -e "CREATE DATABASE IF NOT EXISTS \`$db_name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
tables="$("${client[@]}" -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$db_name'")"
if [ "$tables" != 0 ]; then
  echo "Database $db_name already has $tables tables: restore into a fresh database." >&2
  exit 1
fi
"${client[@]}" "$db_name" < "$work/$name/database.sql"

for pair in "files:$files_dir" "tip-evidence:$evidence_dir"; do
  target="${pair#*:}"
  mkdir -p "$target"
  tar -C "$work/$name/${pair%%:*}" -cf - . | tar -C "$target" -xpf -
done
# Evidence folders are the service's alone (0700), as TipEvidenceStore makes them.
chmod 700 "$evidence_dir"

echo "Restored $(grep '^created_utc=' "$work/$name/MANIFEST" | cut -d= -f2) into database $db_name,"
echo "files into $files_dir and tip evidence into $evidence_dir."
