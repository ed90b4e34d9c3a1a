"""Automatic backups: made at most once a day, kept 7 daily and 4 weekly, and which
one is good to restore when the journal is damaged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from journal import store
from journal.backup_archive import (
    SUFFIX,
    BackupInfo,
    _disk_errors,
    _key_of,
    _remove_stale_work,
    check_backup,
    read_info,
    write_backup,
)
from journal.errors import CorruptJournal, JournalError
from journal.fileio import fsync_dir
from journal.paths import AUTO_BACKUP_INTERVAL, AUTO_BACKUP_STAMP, JournalPaths
from journal.timeutil import local_display, now

if TYPE_CHECKING:
    from journal.backup_stream import OpenJournal

log = logging.getLogger(__name__)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
AUTO_INTERVAL = AUTO_BACKUP_INTERVAL
SETTING_AUTOMATIC = "backup.automatic"
_STAMP = AUTO_BACKUP_STAMP


class DamagedJournal(CorruptJournal):
    """The journal is damaged; ``good_backup`` is the newest backup that passed its checks."""

    def __init__(self, message: str, good_backup: Path | None = None) -> None:
        super().__init__(message)
        self.good_backup = good_backup


def list_backups(paths: JournalPaths) -> list[BackupInfo]:
    """The automatic backups that can be read, newest first. Unreadable files are skipped."""
    infos = []
    for _stamp, path in paths.automatic_backups():
        try:
            infos.append(read_info(path))
        except JournalError:
            continue
    return infos


def newest_good_backup(paths: JournalPaths, key: bytes | None) -> BackupInfo | None:
    """The newest automatic backup that opens with ``key`` and passes every check.

    Without a key (the key file itself is damaged) it is the newest readable one.
    """
    for info in list_backups(paths):
        if key is None:
            return info
        try:
            if check_backup(info.path, key, paths.root).ok:
                return info
        except (JournalError, OSError):
            continue
        except store.database_errors():
            continue
    return None


def good_backup_for(journal: OpenJournal) -> BackupInfo | None:
    """``newest_good_backup`` for an open journal, checked with its key (which stays here)."""
    return newest_good_backup(journal.paths, _key_of(journal))


def damaged_journal(
    paths: JournalPaths, key: bytes | None, reason: str | None = None
) -> DamagedJournal:
    """The error for a damaged journal: what happened, then which backup to restore."""
    first = reason or "The journal file is damaged and can't be read."
    first += " It has been left exactly as it was."
    try:
        good = newest_good_backup(paths, key)
    except (JournalError, OSError):
        good = None
    return DamagedJournal(
        first + " " + restore_advice(good, checked=key is not None), good.path if good else None
    )


def restore_advice(good: BackupInfo | None, *, checked: bool = True) -> str:
    if good is None:
        return (
            "There is no automatic backup that passes its checks. If you saved a backup "
            "elsewhere, restore it with 'practitioner-journal restore FILE'; otherwise keep "
            "this folder as it is and ask for help."
        )
    which = "newest backup that passes its checks" if checked else "newest backup"
    tail = "" if checked else " with your recovery key (--recovery-key-file)"
    return (
        f"Your {which} is from {local_display(good.created_at)}. Restore it{tail} with: "
        f'practitioner-journal restore "{good.path}"'
    )


def _automatic_enabled(journal: OpenJournal) -> bool:
    return bool(journal.repo.get_setting(SETTING_AUTOMATIC, True))


def set_automatic(journal: OpenJournal, enabled: bool) -> None:
    journal.repo.set_setting(SETTING_AUTOMATIC, bool(enabled))


def _auto_target(paths: JournalPaths, created: datetime) -> Path:
    base = "journal-" + created.astimezone(UTC).strftime(_STAMP)
    target = paths.backups / (base + SUFFIX)
    n = 1
    while target.exists():
        n += 1
        target = paths.backups / f"{base}-{n}{SUFFIX}"
    return target


def backup_now(journal: OpenJournal, *, clock: Callable[[], datetime] = now) -> BackupInfo:
    """An automatic-style backup into the backups folder, then rotation."""
    paths = journal.paths
    with _disk_errors():
        paths.backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_stale_work(paths.backups)
    created = clock()
    info = write_backup(journal, _auto_target(paths, created), clock=lambda: created)
    rotate(paths)
    return info


def auto_backup(
    journal: OpenJournal, *, clock: Callable[[], datetime] = now, force: bool = False
) -> BackupInfo | None:
    """Back up if the newest automatic backup is a day old or more (and there is something)."""
    if not force:
        if not _automatic_enabled(journal):
            return None
        newest = journal.paths.automatic_backups()
        if newest and clock() - newest[0][0] < AUTO_INTERVAL:
            return None
        if journal.conn.execute("SELECT EXISTS (SELECT 1 FROM entries)").fetchone()[0] == 0:
            return None
    return backup_now(journal, clock=clock)


def auto_backup_quietly(journal: OpenJournal) -> None:
    """``auto_backup`` for closing: a failure is logged (never content), never stops the close."""
    try:
        auto_backup(journal)
    except (JournalError, OSError) as exc:
        log.info("automatic backup skipped: %s", type(exc).__name__)
    except store.database_errors() as exc:
        log.info("automatic backup skipped: %s", type(exc).__name__)


def select_kept(
    stamps: list[datetime], daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY
) -> set[int]:
    """Indexes of the backups to keep, given their times newest first.

    The newest backup of each of the last ``daily`` days that have one; then,
    from the days before those, the newest of each of ``weekly`` ISO weeks.
    """
    keep: set[int] = set()
    days: list[date] = []
    for index, stamp in enumerate(stamps):
        if len(days) < daily and stamp.date() not in days:
            days.append(stamp.date())
            keep.add(index)
    weeks: list[tuple[int, int]] = []
    for index, stamp in enumerate(stamps):
        if index in keep or (days and stamp.date() >= days[-1]):
            continue
        year, week, _ = stamp.isocalendar()
        if len(weeks) < weekly and (year, week) not in weeks:
            weeks.append((year, week))
            keep.add(index)
    return keep


def remove_unkept(
    found: list[tuple[datetime, Path]], folder: Path, *, passed_over: type[OSError]
) -> list[Path]:
    """Delete the backups in ``folder`` (``found``, newest first) that ``select_kept`` doesn't
    keep; one whose deletion fails with ``passed_over`` is left. Returns what was deleted."""
    keep = select_kept([stamp for stamp, _ in found])
    removed = []
    for index, (_stamp, path) in enumerate(found):
        if index not in keep:
            try:
                path.unlink()
            except passed_over:
                continue
            removed.append(path)
    if removed:
        with contextlib.suppress(OSError):
            fsync_dir(folder)
    return removed


def rotate(paths: JournalPaths) -> list[Path]:
    """Delete automatic backups that fall outside 7 daily and 4 weekly. Returns what went."""
    return remove_unkept(paths.automatic_backups(), paths.backups, passed_over=FileNotFoundError)


def verify_advice(journal: OpenJournal) -> str:
    """What to do after ``verify`` found a problem: which backup to restore."""
    return restore_advice(newest_good_backup(journal.paths, _key_of(journal)))
