#!/usr/bin/env bash
# Backs up a running Shangmi: a consistent dump of its database, then its public files and its sealed tip evidence,
# into one dated archive (0600). Reads the service's own settings from the environment:
#   ConnectionStrings__Shangmi, Storage__Path, Storage__EvidencePath
# Usage: scripts/backup.sh [OUT_DIR]        (default ./backups); prints the archive's path on the last line.
#
# Order matters: the database is dumped first (one transaction, --single-transaction, so no table is locked and the
# service keeps running), the folders are copied after. A file is written before the row that names it, so every
# file the dump names is already on disk when the copy starts; files written during the copy are extra and harmless.
#
# The archive holds no keys. Tip content and evidence stay sealed under Tips__EncryptionKey and receipt codes are
# HMACs under Tips__ReceiptKey: keep those two (and Auth__SigningKey) apart from the backups, or the archive alone
# would open every tip.
set -euo pipefail
source "$(dirname "$0")/db-connection.sh"

out_dir="${1:-backups}"
mkdir -p "$out_dir"
work="$(mktemp -d /tmp/shangmi-backup.XXXXXX)"
trap 'rm -rf "$work"' EXIT
umask 077

db_client_config "$work/client.cnf"
storage_folders

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="shangmi-backup-$stamp"
mkdir -p "$work/$name"

# --skip-lock-tables with --single-transaction: InnoDB's snapshot is the consistency, not locks.
mariadb-dump --defaults-file="$work/client.cnf" --single-transaction --skip-lock-tables --quick --hex-blob \
  --no-tablespaces --databases "$db_name" --skip-add-drop-database > "$work/$name/database.sql.tmp"
# Restore picks its own database name; drop the dump's CREATE DATABASE/USE lines.
grep -v -E '^(CREATE DATABASE|USE `)' "$work/$name/database.sql.tmp" > "$work/$name/database.sql"
rm "$work/$name/database.sql.tmp"

for pair in "files:$files_dir" "tip-evidence:$evidence_dir"; do
  target="$work/$name/${pair%%:*}"
  source_dir="${pair#*:}"
  mkdir -p "$target"
  if [ -d "$source_dir" ]; then
    # -p keeps the 0600/0700 modes of the evidence.
    tar -C "$source_dir" -cf - . | tar -C "$target" -xpf -
  fi
done

{
  echo "created_utc=$stamp"
  echo "database=$db_name"
  echo "database_sha256=$(sha256sum "$work/$name/database.sql" | cut -d' ' -f1)"
  echo "files=$(find "$work/$name/files" -type f | wc -l)"
  echo "tip_evidence=$(find "$work/$name/tip-evidence" -type f | wc -l)"
} > "$work/$name/MANIFEST"

archive="$out_dir/$name.tar.gz"
tar -C "$work" -czf "$archive.part" "$name"
mv "$archive.part" "$archive"
echo "Backed up database $db_name and its files into:"
echo "$archive"
