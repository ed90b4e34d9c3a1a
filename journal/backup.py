"""Backups, gathered under one name for the code that imports them from here.

The parts live in modules of their own:

* ``journal.backup_archive``: the backup file (its format, writing one, reading it);
* ``journal.backup_db``: a database copy opened with its key for checking only;
* ``journal.backup_stream``: the journal's pages copied while the same state is checked;
* ``journal.backup_rotation``: automatic backups, their rotation, the good one to restore;
* ``journal.restore`` and ``journal.restore_guard``: restoring, and finishing a restore
  that was stopped part way;
* ``journal.backup_cli``: the ``backup``, ``restore`` and ``backup-folder`` commands.

The core imports from those modules directly; this one only names them together.
"""

from __future__ import annotations

from journal.backup_archive import (
    DATABASE,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MEMBERS,
    SLOTS,
    SUFFIX,
    BackupInfo,
    BackupInvalid,
    _Container,
    _disk_errors,
    _extract,
    _key_of,
    _member_spec,
    _open_container,
    _remove_stale_work,
    _storage_error,
    _unlock_backup,
    backup_entries,
    check_backup,
    read_info,
    write_backup,
)
from journal.backup_cli import ConfirmationNeeded, command_backup, command_restore
from journal.backup_db import check_database, open_database
from journal.backup_rotation import (
    AUTO_INTERVAL,
    KEEP_DAILY,
    KEEP_WEEKLY,
    SETTING_AUTOMATIC,
    DamagedJournal,
    auto_backup,
    auto_backup_quietly,
    backup_now,
    damaged_journal,
    good_backup_for,
    list_backups,
    newest_good_backup,
    restore_advice,
    rotate,
    select_kept,
    set_automatic,
    verify_advice,
)
from journal.backup_stream import OpenJournal
from journal.restore import (
    ASIDE_DIR,
    INTENT_FILE,
    KEEP_ASIDE,
    STAGE_DIR,
    BackupDamaged,
    PreparedRestore,
    RestoreResult,
    _check_staged,
    prepare_restore,
    restore,
)
from journal.restore_guard import finish_interrupted_restore, restore_leftovers

__all__ = [
    "ASIDE_DIR", "AUTO_INTERVAL", "DATABASE", "FORMAT_NAME", "FORMAT_VERSION", "INTENT_FILE",
    "KEEP_ASIDE", "KEEP_DAILY", "KEEP_WEEKLY", "MANIFEST", "MEMBERS", "SETTING_AUTOMATIC",
    "SLOTS", "STAGE_DIR", "SUFFIX", "BackupDamaged", "BackupInfo", "BackupInvalid",
    "ConfirmationNeeded", "DamagedJournal", "OpenJournal", "PreparedRestore", "RestoreResult",
    "_Container", "_check_staged", "_disk_errors", "_extract", "_key_of", "_member_spec",
    "_open_container", "_remove_stale_work", "_storage_error",
    "_unlock_backup", "auto_backup", "auto_backup_quietly", "backup_entries", "backup_now",
    "check_backup", "check_database", "command_backup", "command_restore", "damaged_journal",
    "finish_interrupted_restore", "good_backup_for", "list_backups", "newest_good_backup",
    "open_database", "prepare_restore", "read_info", "restore", "restore_advice",
    "restore_leftovers", "rotate", "select_kept", "set_automatic", "verify_advice",
    "write_backup",
]  # fmt: skip
