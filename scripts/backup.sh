#!/usr/bin/env bash
# Backs up a running Shangmi: a consistent dump of its database, then its public files, its sealed tip evidence and its sealed claim proofs,
# into one dated archive (0600). Reads the service's own settings from the environment:
#   ConnectionStrings__Shangmi, Storage__Path, Storage__EvidencePath, Storage__ProofPath
# Usage: scripts/backup.sh [OUT_DIR]        (default ./backups); prints the archive's path on the last line.
# The archive (.tar) holds database.sql.gz, files/, tip-evidence/, claim-proofs/ and a MANIFEST with the dump's checksum.
#
# Order matters: the database is dumped first (one transaction, --single-transaction, so no table is locked and the
# service keeps running), the folders are copied after. A file is written before the row that names it, so every
# file the dump names is already on disk when the copy starts; files written during the copy are extra and harmless.
# A file deleted between the dump and the copy (retention, a discarded tip, a withdrawn claim) is missing from the
# archive while the dump still names it: its row was on its way out, and the restored service's retention run
# finishes the deletion. Uploads still in progress (*.partial) are left out: a client resumes them.
#
# The archive holds no keys. Tip content and evidence stay sealed under Tips__EncryptionKey and receipt codes are
# HMACs under Tips__ReceiptKey: keep those two (and Auth__SigningKey) apart from the backups, or the archive alone
# would open every tip.
set -euo pipefail
source "$(dirname "$0")/db-connection.sh"

out_dir="${1:-backups}"
mkdir -p "$out_dir"
work="$(mktemp -d /tmp/shangmi-backup.XXXXXX)"
archive=""
trap 'rm -rf "$work"; [ -z "$archive" ] || rm -f "$archive.part"' EXIT
umask 077

db_client_config "$work/client.cnf"
storage_folders

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="shangmi-backup-$stamp"
mkdir -p "$work/$name"

# --skip-lock-tables with --single-transaction: InnoDB's snapshot is the consistency, not locks.
# Restore picks its own database name, so the dump's CREATE DATABASE/USE lines are dropped.
mariadb-dump --defaults-file="$work/client.cnf" --single-transaction --skip-lock-tables --quick --hex-blob \
  --no-tablespaces --databases "$db_name" --skip-add-drop-database \
  | grep -v -E '^(CREATE DATABASE|USE `)' | gzip > "$work/$name/database.sql.gz"
# The dump must have finished well (pipefail above); the checksum guards it on the way to the restore.

# The folders are linked, not copied: tar reads them straight into the archive (-h follows the links), so a
# backup needs no second copy of gigabytes of evidence on disk. Evidence is sealed (random to gzip), hence plain tar.
for pair in "${folders[@]}"; do
  # A missing folder is a wrong setting, never "nothing to back up".
  [ -d "${pair#*:}" ] || { echo "${pair#*:} does not exist: check the folder settings." >&2; exit 1; }
  ln -s "$(cd "${pair#*:}" && pwd)" "$work/$name/${pair%%:*}"
done

{
  echo "created_utc=$stamp"
  echo "database=$db_name"
  echo "database_sha256=$(sha256sum "$work/$name/database.sql.gz" | cut -d' ' -f1)"
  echo "files=$(find -L "$work/$name/files" -type f | wc -l)"
  echo "tip_evidence=$(find -L "$work/$name/tip-evidence" -type f | wc -l)"
  echo "claim_proofs=$(find -L "$work/$name/claim-proofs" -type f | wc -l)"
} > "$work/$name/MANIFEST"

archive="$out_dir/$name.tar"
# tar exits 1 when a file changed or vanished while it was read (an upload finishing, retention deleting): the
# archive is still whole, so that is a warning; anything above 1 is a failure.
tar_status=0
tar -C "$work" -chf "$archive.part" --exclude='*.partial' "$name" || tar_status=$?
if [ "$tar_status" -gt 1 ]; then
  echo "tar failed ($tar_status): no backup made." >&2
  exit 1
elif [ "$tar_status" -eq 1 ]; then
  echo "Warning: some files changed or vanished while they were copied (see above); the rest is backed up." >&2
fi
mv "$archive.part" "$archive"
echo "Backed up database $db_name and its files into:"
echo "$archive"
