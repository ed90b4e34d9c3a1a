"""Restoring never changes the journal until the backup has been unpacked beside
it, unlocked and verified. The current files are then linked aside, an intent
file is written, and the new files are moved in with ``os.replace``. A crash
at any point leaves either the old journal or the restored one: the intent
file lets the next open finish a swap that was under way.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from journal import store
from journal.backup_archive import (
    DATABASE,
    FORMAT_VERSION,
    SLOTS,
    BackupInfo,
    _disk_errors,
    _extract,
    _invalid,
    _open_container,
    _remove_tree,
    _unlock_backup,
)
from journal.backup_db import open_database
from journal.errors import CorruptJournal, JournalError, StorageError
from journal.fileio import atomic_write_bytes, fsync_dir, fsync_file
from journal.keys import KeySlots
from journal.lockfile import ProcessLock
from journal.paths import AUTO_BACKUP_STAMP, JournalPaths, sqlite_files
from journal.restore_guard import _intent, _stage, finish_interrupted_restore
from journal.timeutil import now

if TYPE_CHECKING:
    from journal.keys import KeyringAccess
    from journal.unlocking import Unlock

STAGE_DIR = ".restore"
INTENT_FILE = "restore-pending.json"
ASIDE_DIR = "before-restore"
KEEP_ASIDE = 3


class BackupDamaged(CorruptJournal):
    """The backup unpacked but its database fails the checks."""

    default_message = (
        "That backup is damaged: it doesn't pass its checks. Nothing was changed. "
        "Try an older backup."
    )


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo
    entries: int
    aside: Path | None
    same_journal: bool


def _link_or_copy(source: Path, dest: Path) -> None:
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)
        fsync_file(dest)


def _opens_with(db: Path, key: bytes) -> bool:
    try:
        conn = open_database(db, key)
    except JournalError:
        return False
    conn.close()
    return True


class PreparedRestore:
    """A backup unpacked, unlocked and verified beside the journal, not yet swapped in.

    Holds the journal's lock until ``commit`` or ``discard``.
    """

    def __init__(
        self,
        paths: JournalPaths,
        lock: ProcessLock,
        backup: BackupInfo,
        entries: int,
        current_entries: int | None,
        same_journal: bool,
        key: bytes = b"",
    ) -> None:
        self._key = key  # the restored journal's: it tags the intent file as the app's own
        self.paths = paths
        self._lock = lock
        self.backup = backup
        self.entries = entries
        self.current_entries = current_entries
        self.same_journal = same_journal
        self._done = False

    def __enter__(self) -> PreparedRestore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def discard(self) -> None:
        """Leave the journal as it is and clear the staged copy."""
        if self._done:
            return
        self._done = True
        try:
            _remove_tree(_stage(self.paths))
        finally:
            self._lock.release()

    def commit(self, *, clock: Callable[[], datetime] = now) -> RestoreResult:
        """Put the current files aside, then swap the restored ones in."""
        from journal.restore_guard import intent_tag

        if self._done:
            raise RuntimeError("this restore was already finished")
        paths = self.paths
        try:
            aside = self._set_aside(clock())
            with _disk_errors():
                atomic_write_bytes(
                    _intent(paths),
                    json.dumps(
                        {"format": FORMAT_VERSION, "stage": STAGE_DIR, "tag": intent_tag(self._key)}
                    ).encode(),
                )
            finish_interrupted_restore(paths)
            from journal.rollback import after_restore

            with contextlib.suppress(JournalError, OSError, *store.database_errors()):
                after_restore(paths.key_slots, paths.database, self._key)  # on purpose
        except BaseException:
            if not _intent(paths).exists():
                _remove_tree(_stage(paths))
            self._done = True
            self._lock.release()
            raise
        self._done = True
        self._lock.release()
        return RestoreResult(self.backup, self.entries, aside, self.same_journal)

    def _set_aside(self, moment: datetime) -> Path | None:
        paths = self.paths
        if not paths.database.exists() and not paths.key_slots.exists():
            return None
        parent = paths.root / ASIDE_DIR
        with _disk_errors():
            parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            name = moment.astimezone(UTC).strftime(AUTO_BACKUP_STAMP)
            aside = parent / name
            n = 1
            while aside.exists():
                n += 1
                aside = parent / f"{name}-{n}"
            work = Path(tempfile.mkdtemp(prefix=".pj-aside-", dir=parent))
            for source in [*sqlite_files(paths.database)[:2], paths.key_slots]:
                if source.exists():
                    _link_or_copy(source, work / source.name)
            fsync_dir(work)
            os.replace(work, aside)
            fsync_dir(parent)
        # Keep the few most recent; each is a complete journal as it was before a restore.
        with contextlib.suppress(OSError):
            folders = sorted(
                (p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
                key=lambda p: p.name,
                reverse=True,
            )
            for old in folders[KEEP_ASIDE:]:
                _remove_tree(old)
            for leftover in parent.glob(".pj-aside-*"):
                _remove_tree(leftover)
        return aside


def prepare_restore(
    paths: JournalPaths,
    source: Path,
    unlock: Unlock,
    *,
    keyring_access: KeyringAccess | None = None,
) -> PreparedRestore:
    """Unpack, unlock and verify ``source`` beside the journal; change nothing yet.

    The backup is unlocked with the current journal's key when it is a backup
    of this journal (the key slots stay as they are now); otherwise with what
    ``unlock`` offers against the backup's own key slots (its recovery key,
    or the passphrase it had), and its key slots come with it.
    """
    from journal.background import wait_for
    from journal.unlocking import unlock_key

    source = Path(os.path.abspath(source))
    with _disk_errors():
        paths.ensure_root()
    wait_for(paths)  # a backup this program left running in the background finishes first
    lock = ProcessLock(paths.lock_file)
    lock.acquire()
    try:
        from journal.restore_guard import finish_restore_if_ours

        finish_restore_if_ours(paths, unlock, keyring_access)
        stage = _stage(paths)
        with _disk_errors():
            stage.mkdir(mode=0o700)
        with _open_container(source) as (zf, container):
            _extract(zf, container, SLOTS, stage / (SLOTS + ".in"))
            _extract(zf, container, DATABASE, stage / DATABASE)
        try:
            backup_slots = KeySlots.load(stage / (SLOTS + ".in"))
        except JournalError:
            raise _invalid(source, "its key file is damaged.") from None
        if backup_slots.journal_id != container.info.journal_id:
            raise _invalid(source, "its parts don't belong together.")

        current_key, current_entries = _current_journal(paths, unlock, keyring_access)
        staged_db = stage / DATABASE
        same_journal = current_key is not None and _opens_with(staged_db, current_key)
        if same_journal:
            assert current_key is not None
            key = current_key
        else:
            key = _unlock_backup(backup_slots, unlock, keyring_access, unlock_key)
            if not _opens_with(staged_db, key):
                raise BackupDamaged()

        entries = _check_staged(staged_db, key, source)
        if not same_journal:
            with _disk_errors():
                os.replace(stage / (SLOTS + ".in"), stage / SLOTS)
                fsync_file(stage / SLOTS)
        else:
            (stage / (SLOTS + ".in")).unlink()
        with _disk_errors():
            fsync_dir(stage)
    except BaseException:
        with contextlib.suppress(Exception):
            if not _intent(paths).exists():
                _remove_tree(_stage(paths))
        lock.release()
        raise
    return PreparedRestore(paths, lock, container.info, entries, current_entries, same_journal, key)


def _current_journal(
    paths: JournalPaths, unlock: Unlock, keyring_access: KeyringAccess | None
) -> tuple[bytes | None, int | None]:
    """The journal being replaced: its key and how many entries it has, when they can be
    read with what was offered (None for each that can't)."""
    from journal.unlocking import unlock_key

    key: bytes | None = None
    entries: int | None = None
    if paths.database.exists() and paths.key_slots.exists():
        with contextlib.suppress(JournalError, KeyError, TypeError, ValueError):
            key = unlock_key(KeySlots.load(paths.key_slots), unlock, keyring_access)
        if key is not None:
            with contextlib.suppress(JournalError, *store.database_errors()):
                conn = open_database(paths.database, key)
                try:
                    entries = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
                finally:
                    conn.close()
    return key, entries


def _check_staged(staged_db: Path, key: bytes, source: Path) -> int:
    """Bring the copy to this version's schema, run every check, leave no WAL behind."""
    from journal.verify import verify

    with _disk_errors():
        old_umask = os.umask(0o077)
        try:
            conn = store.connect(staged_db, key)
        except CorruptJournal:
            raise BackupDamaged() from None
        finally:
            os.umask(old_umask)
        try:
            report = verify(conn)
            entries = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    if not report.ok:
        raise BackupDamaged(
            f"The backup {source} doesn't pass its checks: {report.problems[0]} "
            "Nothing was changed. Try an older backup."
        )
    wal = staged_db.with_name(staged_db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError("The restored copy couldn't be finished. Nothing was changed.")
    for extra in sqlite_files(staged_db)[1:]:
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()
    with _disk_errors():
        fsync_file(staged_db)
    return entries


def restore(
    paths: JournalPaths,
    source: Path,
    unlock: Unlock,
    *,
    keyring_access: KeyringAccess | None = None,
) -> RestoreResult:
    """Restore ``source`` over the journal (which must not be open anywhere)."""
    prepared = prepare_restore(paths, source, unlock, keyring_access=keyring_access)
    return prepared.commit()
