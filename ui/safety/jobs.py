"""What the safety screens ask of the journal. Plain functions run on the worker; no Qt here.

The database key never reaches these functions: the core's ``good_backup_for`` and
``backup_entries`` use it where it lives.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from journal import backup, queries, retention, usecases
from journal.errors import JournalError
from journal.paths import JournalPaths
from journal.session import Journal, Unlock, unlock_key
from journal.verify import VerifyReport

SETTING_COUNTS = queries.BACKUP_COUNTS  # {automatic backup's file name: [size, entries]}
PIN_PREFIX = ".pj-restore-source-"


@dataclass(frozen=True)
class BackupRow:
    info: backup.BackupInfo
    entries: int | None  # None until counted (or when it can't be read with this key)
    same_journal: bool


@dataclass(frozen=True)
class BackupsState:
    automatic: bool
    rows: tuple[BackupRow, ...]


def load_backups(journal: Journal) -> BackupsState:
    """The automatic backups, newest first, with the entry counts already known."""
    counts = queries.backup_counts(journal)
    rows = []
    for info in backup.list_backups(journal.paths):
        known = counts.get(info.path.name)
        entries = None
        if isinstance(known, list) and len(known) == 2 and known[0] == info.size:
            entries = known[1] if isinstance(known[1], int) else None
        rows.append(BackupRow(info, entries, info.journal_id == journal.slots.journal_id))
    automatic = queries.automatic_backups(journal)
    return BackupsState(automatic, tuple(rows))


def count_backup(journal: Journal, info: backup.BackupInfo) -> int | None:
    """Count one backup's entries (it is unpacked to read them) and remember the count."""
    try:
        entries = backup.backup_entries(journal, info.path)
    except (JournalError, OSError):
        return None
    with contextlib.suppress(JournalError):  # only a convenience
        usecases.remember_backup_count(journal, info.path.name, info.size, entries)
    return entries


def entry_count(journal: Journal) -> int:
    """Every entry row, deleted ones too: counted the way a restore counts a backup."""
    return queries.stored_entry_total(journal)


@dataclass(frozen=True)
class RestoreProbe:
    """What a backup file says about itself, beside the open journal. Nothing secret."""

    info: backup.BackupInfo
    same_journal: bool
    keyring: bool
    current_entries: int


def probe_restore(journal: Journal, path: Path) -> RestoreProbe:
    from journal.keys import SLOT_KEYRING

    info = backup.read_info(path)
    return RestoreProbe(
        info,
        info.journal_id == journal.slots.journal_id,
        journal.slots.has(SLOT_KEYRING),
        entry_count(journal),
    )


def check_unlock(journal: Journal, unlock: Unlock) -> None:
    """Raise the core's UnlockError unless ``unlock`` opens this journal's key slots."""
    unlock_key(journal.slots, unlock)


def pin(paths: JournalPaths, source: Path) -> Path:
    """A second name for a backup, out of reach of the rotation that runs when the journal closes.

    Closing the journal may make an automatic backup and rotate older ones away,
    possibly the very one being restored. A hard link (or a copy) in the data folder
    keeps it until the restore is over. Leftovers from earlier restores are removed.
    """
    for stale in paths.root.glob(PIN_PREFIX + "*"):
        with contextlib.suppress(OSError):
            stale.unlink()
    source = Path(os.path.abspath(source))
    if source.parent != Path(os.path.abspath(paths.backups)):
        return source
    target = paths.root / f"{PIN_PREFIX}{secrets.token_hex(6)}{backup.SUFFIX}"
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copy2(source, target)
        except OSError:
            with contextlib.suppress(OSError):
                target.unlink()
            return source
    return target


def unpin(paths: JournalPaths, pinned: Path) -> None:
    if pinned.name.startswith(PIN_PREFIX) and pinned.parent == paths.root:
        with contextlib.suppress(OSError):
            pinned.unlink()


@dataclass(frozen=True)
class VerifyOutcome:
    report: VerifyReport
    good_backup: backup.BackupInfo | None


def run_verify(journal: Journal) -> VerifyOutcome:
    from journal.rollback import verify_journal

    report = verify_journal(journal)  # an older copy put back, too
    good = None
    if not report.ok:
        try:
            good = backup.good_backup_for(journal)
        except (JournalError, OSError):
            good = None
    return VerifyOutcome(report, good)


def load_retention(journal: Journal) -> int | None:
    return retention.get_policy(journal.repo)
