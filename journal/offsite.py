"""A second place for backups, off the laptop: a synced folder, a network drive, a USB stick.

Automatic backups live beside the journal, on the same disk. When a second folder
is chosen, a copy of the daily backup is also written there, once a day whatever
the local backups did, with its own rotation (the same 7 daily and 4 weekly).

A copy is written to a private temp file in that folder, fsynced, read back and
compared, then renamed into place: the folder holds whole backups only. The folder
is never created: a USB stick that isn't plugged in, or a network drive that is
down, looks like a missing folder and the copy simply waits for the next close.
What happened last is remembered inside the journal (never in the clear), so the
app can say when the last copy was made and, only when it is more than a week
old, show a calm notice.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.errors import InputError, JournalError, StorageError
from journal.fileio import fsync_dir, sha256_file
from journal.paths import AUTO_BACKUP_INTERVAL, AUTO_BACKUP_STAMP, BACKUP_SUFFIX, backups_in
from journal.timeutil import now

if TYPE_CHECKING:
    from journal.backup_archive import BackupInfo
    from journal.backup_stream import OpenJournal

log = logging.getLogger(__name__)

SETTING_FOLDER = "backup.second_folder"
SETTING_STATE = "backup.second_folder.state"
OVERDUE_AFTER = timedelta(days=7)
FRESH_LOCAL = timedelta(hours=1)  # a local backup this new is copied rather than made again
_TEMP_PREFIX = ".pj-copy-"
_CHUNK = 1024 * 1024

PROBLEM_MISSING = "missing"
PROBLEM_FULL = "full"
PROBLEM_REFUSED = "refused"


class SecondFolderMissing(StorageError):
    """The second folder isn't there now (unplugged, offline, moved)."""

    default_message = (
        "The folder for your off-laptop copies isn't there just now (a USB stick not plugged "
        "in, or the network down). Your journal is fine; the copy is made the next time the "
        "folder is there."
    )


class SecondFolderFull(StorageError):
    default_message = (
        "The folder for your off-laptop copies refused the copy (it may be full). Your "
        "journal is fine; free some space there, and the copy is made the next time."
    )


class _ReadBackFailed(StorageError):
    """The folder didn't give back what was written to it."""


@dataclass(frozen=True)
class OffsiteStatus:
    """What the app shows about the second folder. No content, no key."""

    folder: Path | None
    last_copy: datetime | None
    problem: str | None
    overdue: bool


# -- settings -----------------------------------------------------------------------


def second_folder(journal: OpenJournal) -> Path | None:
    value = journal.repo.get_setting(SETTING_FOLDER)
    return Path(value) if isinstance(value, str) and value else None


def _state(journal: OpenJournal) -> dict[str, Any]:
    value = journal.repo.get_setting(SETTING_STATE, {})
    return dict(value) if isinstance(value, dict) else {}


def _save_state(journal: OpenJournal, **changes: Any) -> None:
    state = _state(journal)
    state.update(changes)
    with contextlib.suppress(JournalError):  # a record of what happened, never worth failing for
        journal.repo.set_setting(SETTING_STATE, state)


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def status(journal: OpenJournal, *, clock: Callable[[], datetime] = now) -> OffsiteStatus:
    folder = second_folder(journal)
    state = _state(journal)
    last = _parse(state.get("last_copy"))
    problem = state.get("problem") if isinstance(state.get("problem"), str) else None
    overdue = False
    if folder is not None:
        since = last or _parse(state.get("chosen_at"))
        overdue = since is not None and clock() - since > OVERDUE_AFTER
    return OffsiteStatus(folder, last, problem, overdue)


def _check_folder(folder: Path) -> Path:
    folder = Path(os.path.abspath(os.path.expanduser(folder)))
    if not folder.is_dir():
        raise SecondFolderMissing()
    return folder


def set_second_folder(
    journal: OpenJournal, folder: Path | None, *, clock: Callable[[], datetime] = now
) -> BackupInfo | None:
    """Choose (or with None, stop using) the second folder; the first copy is made at once.

    The folder must be there when it is chosen. If the first copy can't be written
    (full, refused), the choice is kept and the copy is tried again at the next close:
    the error is raised so the person hears about it now.
    """
    if folder is None:
        with journal.repo.transaction():
            journal.conn.execute(
                "DELETE FROM settings WHERE key IN (?, ?)", (SETTING_FOLDER, SETTING_STATE)
            )
        return None
    folder = Path(os.path.abspath(os.path.expanduser(folder)))
    if not folder.is_dir():
        raise InputError(
            f"There is no folder {folder}. Plug in the drive or create the folder, then "
            "choose it again."
        )
    if _inside(folder, journal.paths.root):
        raise InputError(
            "That folder is inside the journal's own folder, on the same disk. Choose a "
            "folder somewhere else: a synced folder, a network drive or a USB stick."
        )
    journal.repo.set_setting(SETTING_FOLDER, str(folder))
    journal.repo.set_setting(SETTING_STATE, {"chosen_at": clock().astimezone(UTC).isoformat()})
    return copy_now(journal, clock=clock)


def _inside(folder: Path, root: Path) -> bool:
    try:
        folder.resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True


def copy_due(journal: OpenJournal, moment: datetime) -> bool:
    if second_folder(journal) is None:
        return False
    last = _parse(_state(journal).get("last_copy"))
    return last is None or moment - last >= AUTO_BACKUP_INTERVAL


# -- the copy -----------------------------------------------------------------------


def _classify(exc: OSError) -> StorageError:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.EHOSTDOWN, errno.ESTALE):
        return SecondFolderMissing()
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return SecondFolderFull()
    return StorageError(
        "The folder for your off-laptop copies refused the copy "
        f"({exc.strerror or 'refused'}). Your journal is fine; the copy is tried again next time."
    )


def _problem_of(exc: StorageError) -> str:
    if isinstance(exc, SecondFolderMissing):
        return PROBLEM_MISSING
    if isinstance(exc, SecondFolderFull):
        return PROBLEM_FULL
    return PROBLEM_REFUSED


def _target_name(created: datetime, folder: Path) -> Path:
    base = "journal-" + created.astimezone(UTC).strftime(AUTO_BACKUP_STAMP)
    target = folder / (base + BACKUP_SUFFIX)
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}{BACKUP_SUFFIX}"
    return target


def _copy_file(source: Path, folder: Path) -> tuple[Path, str]:
    """Copy to a private temp file in ``folder``, fsynced. Returns it and its SHA-256."""
    fd, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".tmp", dir=folder)
    temp = Path(name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp, digest.hexdigest()


def _fresh_local(journal: OpenJournal, moment: datetime) -> Path | None:
    backups = journal.paths.automatic_backups()
    if backups and moment - backups[0][0] < FRESH_LOCAL:
        return backups[0][1]
    return None


def copy_now(
    journal: OpenJournal, *, source: Path | None = None, clock: Callable[[], datetime] = now
) -> BackupInfo:
    """Write one copy to the second folder now, then rotate the copies there.

    ``source`` is a backup of this journal to copy (by default the local automatic
    backup, when one was made in the last hour); otherwise a new backup is written
    straight into the folder. Raises SecondFolderMissing, SecondFolderFull or
    StorageError; each is also remembered for the status.
    """
    from journal import backup_archive as backup

    folder = second_folder(journal)
    if folder is None:
        raise InputError("No folder for off-laptop copies is chosen.")
    moment = clock()
    try:
        try:
            folder = _check_folder(folder)
            clear_leftovers(folder)
            source = source or _fresh_local(journal, moment)
            if source is not None:
                info = backup.read_info(source)
                temp, digest = _copy_file(source, folder)
                try:
                    if sha256_file(temp) != digest:  # read back: the folder kept what was written
                        raise _ReadBackFailed(
                            "The copy in the folder for off-laptop copies didn't read back as "
                            "it was written. Your journal is fine; the copy is tried again."
                        )
                    target = _target_name(info.created_at, folder)
                    os.replace(temp, target)
                finally:
                    with contextlib.suppress(OSError):
                        temp.unlink()
                fsync_dir(folder)
                info = backup.BackupInfo(
                    target, info.created_at, info.journal_id, info.schema_version, info.size
                )
            else:
                created = moment
                info = backup.write_backup(
                    journal, _target_name(created, folder), clock=lambda: created
                )
        except OSError as exc:
            raise _classify(exc) from exc
        except StorageError as exc:
            if isinstance(exc, SecondFolderMissing | SecondFolderFull | _ReadBackFailed):
                raise
            cause = exc.__cause__
            if isinstance(cause, OSError):
                raise _classify(cause) from exc
            raise SecondFolderFull() from exc  # the database driver's "disk is full"
    except StorageError as exc:
        _save_state(
            journal,
            problem=_problem_of(exc),
            last_attempt=moment.astimezone(UTC).isoformat(),
        )
        raise
    purge_pending = bool(_state(journal).get("purge_pending"))
    _save_state(
        journal,
        problem=None,
        last_copy=moment.astimezone(UTC).isoformat(),
        last_attempt=moment.astimezone(UTC).isoformat(),
        purge_pending=False,
    )
    if purge_pending:
        _remove_copies(folder, journal.slots.journal_id, keep=info.path)
    rotate_folder(folder, journal.slots.journal_id)
    return info


def _remove_copies(folder: Path, journal_id: str, *, keep: Path | None) -> int:
    removed = 0
    for _stamp, path in copies(folder, journal_id):
        if keep is None or path != keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    if removed:
        with contextlib.suppress(OSError):
            fsync_dir(folder)
    return removed


def replace_after_purge(journal: OpenJournal, fresh: Path | None) -> None:
    """Old entries were removed: the copies off the laptop still hold them.

    With the folder there, a fresh copy is made and every older copy of this journal
    is removed. Without it, that happens with the next copy (the folder is never
    created, and nothing is raised: the purge itself is done).
    """
    if second_folder(journal) is None:
        return
    _save_state(journal, purge_pending=True)
    with contextlib.suppress(JournalError, OSError):
        copy_now(journal, source=fresh)


def clear_leftovers(folder: Path) -> None:
    """Temp files of a copy that was interrupted (only ever encrypted bytes)."""
    from journal.backup_archive import _remove_stale_work

    _remove_stale_work(folder)
    with contextlib.suppress(OSError):
        for leftover in folder.glob(_TEMP_PREFIX + "*"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def copies(folder: Path, journal_id: str) -> list[tuple[datetime, Path]]:
    """This journal's copies in ``folder``, newest first. Other files are never touched."""
    from journal.backup_archive import read_info

    found = []
    # The folder is read the way the journal's own backups folder is, by names...
    for stamp, path in backups_in(folder):
        try:
            info = read_info(path)  # ...then only this journal's copies are kept in rotation
        except JournalError:
            continue
        if info.journal_id == journal_id:
            found.append((stamp, path))
    return found


def rotate_folder(folder: Path, journal_id: str) -> list[Path]:
    from journal.backup_rotation import remove_unkept

    # A copy that can't be deleted now is left for the next time.
    return remove_unkept(copies(folder, journal_id), folder, passed_over=OSError)


def copy_if_due_quietly(journal: OpenJournal, *, clock: Callable[[], datetime] = now) -> None:
    """At close: the day's copy if one is due. A failure is remembered and logged, never raised."""
    try:
        if not copy_due(journal, clock()):
            return
        copy_now(journal, clock=clock)
    except JournalError as exc:
        log.info("off-laptop copy skipped: %s", type(exc).__name__)
    except Exception as exc:  # never stop a close
        log.info("off-laptop copy skipped: %s", type(exc).__name__)
