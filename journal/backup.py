"""Encrypted backups that open with the recovery key alone, and restoring them safely.

A backup is one file, a ZIP archive whose members are *stored* (not
compressed: they are already encrypted, so nothing would shrink):

``manifest.json``
    Format and version, when it was made, the app and schema version, the
    journal's id, and the size and SHA-256 of the other two members. No content.
``keyslots.json``
    The journal's key slots as they were at the time: the database key wrapped
    by the recovery key, by the passphrase of the day and by the keyring secret.
``journal.db``
    The journal's own encrypted pages, copied as they are after a checkpoint
    (``journal.backup_stream``), so it opens with the same key as the journal.

So a backup opens with the journal's recovery key alone (or with the
passphrase it had then), on any computer. It is written to a private temp
file while the journal is checked (the quick check of journal.verify_incremental:
in full what changed since the last check, every page's HMAC and proof for the
rest), fsynced, read back and renamed into place; automatic backups are only
counted (and older ones only rotated away) once the copy has passed its checks.
Restoring a backup runs every check in full.

Restoring never changes the journal until the backup has been unpacked beside
it, unlocked and verified. The current files are then linked aside, an intent
file is written, and the new files are moved in with ``os.replace``. A crash
at any point leaves either the old journal or the restored one: the intent
file lets the next open finish a swap that was under way.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from journal import __version__, store
from journal.errors import (
    CorruptJournal,
    InputError,
    JournalError,
    NewerVersion,
    RecoveryKeyTypo,
    StorageError,
    UnlockError,
)
from journal.fileio import atomic_write_bytes, fsync_dir
from journal.keys import KeySlots
from journal.lockfile import ProcessLock
from journal.paths import (
    AUTO_BACKUP_INTERVAL,
    AUTO_BACKUP_STAMP,
    BACKUP_SUFFIX,
    JournalPaths,
)
from journal.timeutil import local_display, now

if TYPE_CHECKING:
    import argparse

    from journal.backup_stream import CheckedCopy
    from journal.keys import KeyringAccess
    from journal.session import Journal, Unlock
    from journal.verify import VerifyReport

log = logging.getLogger(__name__)

SUFFIX = BACKUP_SUFFIX
FORMAT_NAME = "practitioner-journal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SLOTS = "keyslots.json"
DATABASE = "journal.db"
MEMBERS = (MANIFEST, SLOTS, DATABASE)
_SMALL_MEMBER_LIMIT = 1024 * 1024  # the manifest and key slots are a few kilobytes
_CHUNK = 1024 * 1024

KEEP_DAILY = 7
KEEP_WEEKLY = 4
AUTO_INTERVAL = AUTO_BACKUP_INTERVAL
SETTING_AUTOMATIC = "backup.automatic"
_STAMP = AUTO_BACKUP_STAMP

STAGE_DIR = ".restore"
INTENT_FILE = "restore-pending.json"
ASIDE_DIR = "before-restore"
KEEP_ASIDE = 3

_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG}


class BackupInvalid(InputError):
    """The file offered to ``restore`` is not a backup this app can read."""

    default_message = (
        "That file isn't a Practitioner Journal backup, or it is damaged. Nothing was changed."
    )


class BackupDamaged(CorruptJournal):
    """The backup unpacked but its database fails the checks."""

    default_message = (
        "That backup is damaged: it doesn't pass its checks. Nothing was changed. "
        "Try an older backup."
    )


class DamagedJournal(CorruptJournal):
    """The journal is damaged; ``good_backup`` is the newest backup that passed its checks."""

    def __init__(self, message: str, good_backup: Path | None = None) -> None:
        super().__init__(message)
        self.good_backup = good_backup


class ConfirmationNeeded(JournalError):
    """``restore`` replaces the journal, so it asks first; nobody was there to answer."""

    exit_code = 2
    default_message = (
        "Restoring replaces your journal, so it asks first, and there was no one to answer. "
        "Run it in a terminal, or add --yes to confirm. Nothing was changed."
    )


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    journal_id: str
    schema_version: int
    size: int

    def describe(self) -> str:
        return f"{local_display(self.created_at)} ({self.path})"


# -- small helpers ---------------------------------------------------------------


def _storage_error(exc: OSError) -> JournalError | None:
    if exc.errno in _DISK_ERRNOS:
        return StorageError(
            "The backup couldn't be written because the disk refused it (it may be full). "
            "Your journal was not changed; free some space and try again."
        )
    return None


@contextlib.contextmanager
def _disk_errors() -> Iterator[None]:
    """Turn a refused write into StorageError and a driver error into the world's error."""
    from journal.repository import translate_error

    try:
        yield
    except OSError as exc:
        mapped = _storage_error(exc)
        if mapped is None:
            raise
        raise mapped from exc
    except store.database_errors() as exc:
        translated = translate_error(exc)
        if translated is None:
            raise
        if isinstance(translated, StorageError):
            raise StorageError(
                "The backup couldn't be written because the disk refused it (it may be full). "
                "Your journal was not changed; free some space and try again."
            ) from exc
        raise translated from exc


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sqlite_files(database: Path) -> list[Path]:
    return [database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))]


def _key_of(journal: Journal) -> bytes:
    """The open journal's database key. It never leaves the core and is never logged."""
    key: bytes = journal._key
    if len(key) != 32:
        raise CorruptJournal("The journal is closed, so it can't be backed up.")
    return key


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def open_database(path: Path, key: bytes) -> store.Connection:
    """Open a database copy with ``key`` for checking only: no settings, no migrations."""
    driver = store._driver()
    conn = driver.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(store._key_pragma(key))
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except driver.DatabaseError as exc:
            raise CorruptJournal() from exc
        if version == 0:
            raise CorruptJournal()
        if version > store.SCHEMA_VERSION:
            raise NewerVersion()
    except BaseException:
        with contextlib.suppress(Exception):
            conn.close()
        raise
    return conn


def check_database(path: Path, key: bytes) -> VerifyReport:
    """Every check ``verify`` makes, on a database file that is not the open journal."""
    from journal.verify import verify

    conn = open_database(path, key)
    try:
        return verify(conn)
    finally:
        conn.close()


# -- writing a backup --------------------------------------------------------------


def write_backup(
    journal: Journal, target: Path, *, clock: Callable[[], datetime] = now
) -> BackupInfo:
    """Write an encrypted, checked backup of the open journal to ``target``.

    The file appears under its name only when complete and fsynced; on any
    failure nothing is left behind and the journal is untouched.
    """
    _key_of(journal)  # a closed journal has no key: refuse before writing anything
    target = Path(os.path.abspath(target))
    protected = {
        Path(os.path.abspath(p)) for p in (journal.paths.database, journal.paths.key_slots)
    }
    if target in protected:
        raise InputError("A backup can't be written over the journal itself. Choose another file.")
    created = clock().astimezone(UTC).replace(microsecond=0)
    with _disk_errors():
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _remove_stale_work(target.parent)  # left by a backup that was killed part way
        work = Path(tempfile.mkdtemp(prefix=".pj-backup-", dir=target.parent))
    try:
        with _disk_errors():
            from journal.backup_stream import CheckedCopy, member_sha256

            archive = work / "backup.zip"
            with CheckedCopy(journal) as copy:
                db_sha = _write_archive(journal, copy, archive, created, work)
                # Read back (while the check still runs): the archive holds exactly the
                # bytes that were checked.
                with zipfile.ZipFile(archive) as written, written.open(DATABASE) as member:
                    if member_sha256(member) != db_sha:
                        raise StorageError(
                            "The backup didn't read back as it was written, so it wasn't "
                            "kept. Your journal was not changed; try again."
                        )
                report = copy.report()
            if not report.ok:
                raise CorruptJournal(
                    "The backup wasn't made because the journal doesn't pass its "
                    "checks: " + report.problems[0]
                    + " Run 'practitioner-journal verify' to see what to do."
                )  # fmt: skip
            os.replace(archive, target)
            fsync_dir(target.parent)
            size = target.stat().st_size
    finally:
        _remove_tree(work)
    return BackupInfo(target, created, journal.slots.journal_id, store.SCHEMA_VERSION, size)


def _write_archive(
    journal: Journal, copy: CheckedCopy, archive: Path, created: datetime, work: Path
) -> str:
    """The archive, fsynced: the database streamed first, then the key slots and manifest.
    Returns the database's SHA-256."""
    stamp = created.timetuple()[:6]
    fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as zf:
            # The database first, streamed: its size and SHA-256 are known after.
            info = zipfile.ZipInfo(DATABASE, date_time=stamp)
            info.external_attr = 0o600 << 16
            with zf.open(info, "w", force_zip64=True) as member:
                db_size, db_sha = copy.copy_into(member)
            slots_file = work / SLOTS
            journal.slots.save(slots_file)
            slots_bytes = slots_file.read_bytes()
            manifest = {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "created_at": created.isoformat(),
                "app_version": __version__,
                "schema_version": store.SCHEMA_VERSION,
                "journal_id": journal.slots.journal_id,
                "members": {
                    SLOTS: {
                        "size": len(slots_bytes),
                        "sha256": hashlib.sha256(slots_bytes).hexdigest(),
                    },
                    DATABASE: {"size": db_size, "sha256": db_sha},
                },
            }
            for name, data in (
                (SLOTS, slots_bytes),
                (MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode()),
            ):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.external_attr = 0o600 << 16
                zf.writestr(info, data)
        handle.flush()
        os.fsync(handle.fileno())
    return db_sha


# -- reading a backup --------------------------------------------------------------


@dataclass(frozen=True)
class _Container:
    info: BackupInfo
    manifest: dict[str, Any]


def _invalid(path: Path, why: str) -> BackupInvalid:
    return BackupInvalid(f"{path} isn't a backup that can be restored: {why} Nothing was changed.")


def _member_spec(manifest: dict[str, Any], name: str, path: Path) -> tuple[int, str]:
    spec = (
        manifest.get("members", {}).get(name) if isinstance(manifest.get("members"), dict) else None
    )
    if (
        not isinstance(spec, dict)
        or not isinstance(spec.get("size"), int)
        or isinstance(spec.get("size"), bool)
        or not isinstance(spec.get("sha256"), str)
    ):
        raise _invalid(path, "its list of contents is incomplete.")
    return spec["size"], spec["sha256"]


@contextlib.contextmanager
def _open_container(path: Path) -> Iterator[tuple[zipfile.ZipFile, _Container]]:
    """Open and check the archive's shape and manifest. Reads no database content yet."""
    try:
        handle: IO[bytes] = path.open("rb")
    except FileNotFoundError:
        raise BackupInvalid(f"There is no file {path}. Check the name and try again.") from None
    except IsADirectoryError:
        raise BackupInvalid(f"{path} is a folder, not a backup file.") from None
    except OSError as exc:
        raise BackupInvalid(f"{path} couldn't be read ({exc.strerror}).") from None
    with handle:
        try:
            zf = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
            raise _invalid(path, "it isn't a backup archive.") from None
        with zf:
            try:
                infos = zf.infolist()
                names = [i.filename for i in infos]
                if sorted(names) != sorted(MEMBERS):
                    raise _invalid(path, "it doesn't hold a journal.")
                by_name = {i.filename: i for i in infos}
                for info in infos:
                    if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
                        raise _invalid(path, "it was changed by another program.")
                for small in (MANIFEST, SLOTS):
                    if by_name[small].file_size > _SMALL_MEMBER_LIMIT:
                        raise _invalid(path, "part of it is far too large.")
                manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
            except BackupInvalid:
                raise
            except (
                zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, KeyError, EOFError,
                OSError, RuntimeError, NotImplementedError, RecursionError,
            ):  # fmt: skip
                raise _invalid(path, "it is damaged or incomplete.") from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
                raise _invalid(path, "it isn't a Practitioner Journal backup.")
            version = manifest.get("version")
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise _invalid(path, "its format is not recognised.")
            schema = manifest.get("schema_version")
            if version > FORMAT_VERSION or (
                isinstance(schema, int) and schema > store.SCHEMA_VERSION
            ):
                raise NewerVersion(
                    "That backup was made by a newer version of Practitioner Journal. Install the "
                    "newer version to restore it; nothing was changed."
                )
            try:
                created = datetime.fromisoformat(str(manifest.get("created_at")))
                if created.tzinfo is None:
                    raise ValueError("no offset")
            except (ValueError, OverflowError):
                raise _invalid(path, "its date is missing.") from None
            journal_id = manifest.get("journal_id")
            if not isinstance(journal_id, str) or not isinstance(schema, int):
                raise _invalid(path, "its description is incomplete.")
            for name in (SLOTS, DATABASE):
                size, _ = _member_spec(manifest, name, path)
                if by_name[name].file_size != size:
                    raise _invalid(path, "it is incomplete.")
            summary = BackupInfo(path, created, journal_id, schema, path.stat().st_size)
            yield zf, _Container(summary, manifest)


def _extract(zf: zipfile.ZipFile, container: _Container, name: str, dest: Path) -> None:
    """Copy one member out, checking its size and SHA-256 against the manifest."""
    path = container.info.path
    size, sha = _member_spec(container.manifest, name, path)
    digest = hashlib.sha256()
    written = 0
    try:
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with zf.open(name) as src, os.fdopen(fd, "wb") as out:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > size:
                    raise _invalid(path, "it is larger than it says.")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BackupInvalid:
        raise
    except OSError as exc:
        mapped = _storage_error(exc)
        if mapped is not None:
            raise mapped from exc
        raise _invalid(path, "it couldn't be read to the end.") from None
    except (zipfile.BadZipFile, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise _invalid(path, "it is damaged or incomplete.") from None
    if written != size or digest.hexdigest() != sha:
        raise _invalid(path, "its contents don't match their checksums.")


def read_info(path: Path) -> BackupInfo:
    """What the backup says about itself (no key needed). Raises BackupInvalid."""
    with _open_container(Path(path)) as (_zf, container):
        return container.info


def list_backups(paths: JournalPaths) -> list[BackupInfo]:
    """The automatic backups that can be read, newest first. Unreadable files are skipped."""
    infos = []
    for _stamp, path in paths.automatic_backups():
        try:
            infos.append(read_info(path))
        except JournalError:
            continue
    return infos


def check_backup(path: Path, key: bytes, scratch_parent: Path) -> VerifyReport:
    """Unpack the backup's database to a private scratch folder and run every check on it."""
    scratch = Path(tempfile.mkdtemp(prefix=".pj-check-", dir=scratch_parent))
    try:
        with _open_container(Path(path)) as (zf, container):
            _extract(zf, container, DATABASE, scratch / DATABASE)
        return check_database(scratch / DATABASE, key)
    finally:
        _remove_tree(scratch)


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


def good_backup_for(journal: Journal) -> BackupInfo | None:
    """``newest_good_backup`` for an open journal, checked with its key (which stays here)."""
    return newest_good_backup(journal.paths, _key_of(journal))


def backup_entries(journal: Journal, path: Path) -> int:
    """How many entries a backup of this open journal holds.

    The count is not in the manifest (which is not encrypted), so the database is
    unpacked to a private scratch folder and read with the journal's key. Raises
    BackupInvalid, or CorruptJournal for a backup of another journal.
    """
    key = _key_of(journal)
    scratch = Path(tempfile.mkdtemp(prefix=".pj-check-", dir=journal.paths.root))
    try:
        with _open_container(Path(path)) as (zf, container):
            _extract(zf, container, DATABASE, scratch / DATABASE)
        conn = open_database(scratch / DATABASE, key)
        try:
            return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            conn.close()
    finally:
        _remove_tree(scratch)


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


# -- automatic backups and rotation -------------------------------------------------


def _automatic_enabled(journal: Journal) -> bool:
    return bool(journal.repo.get_setting(SETTING_AUTOMATIC, True))


def set_automatic(journal: Journal, enabled: bool) -> None:
    journal.repo.set_setting(SETTING_AUTOMATIC, bool(enabled))


def _auto_target(paths: JournalPaths, created: datetime) -> Path:
    base = "journal-" + created.astimezone(UTC).strftime(_STAMP)
    target = paths.backups / (base + SUFFIX)
    n = 1
    while target.exists():
        n += 1
        target = paths.backups / f"{base}-{n}{SUFFIX}"
    return target


def backup_now(journal: Journal, *, clock: Callable[[], datetime] = now) -> BackupInfo:
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
    journal: Journal, *, clock: Callable[[], datetime] = now, force: bool = False
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


def auto_backup_quietly(journal: Journal) -> None:
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


def rotate(paths: JournalPaths) -> list[Path]:
    """Delete automatic backups that fall outside 7 daily and 4 weekly. Returns what went."""
    backups = paths.automatic_backups()
    keep = select_kept([stamp for stamp, _ in backups])
    removed = []
    for index, (_stamp, path) in enumerate(backups):
        if index not in keep:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed.append(path)
    if removed:
        with contextlib.suppress(OSError):
            fsync_dir(paths.backups)
    return removed


def _remove_stale_work(folder: Path) -> None:
    """Temp folders left by a backup that was interrupted (only ever encrypted copies)."""
    with contextlib.suppress(OSError):
        for leftover in folder.glob(".pj-backup-*"):
            _remove_tree(leftover)


# -- restoring --------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo
    entries: int
    aside: Path | None
    same_journal: bool


def _intent(paths: JournalPaths) -> Path:
    return paths.restore_intent


def _stage(paths: JournalPaths) -> Path:
    return paths.restore_stage


def restore_leftovers(paths: JournalPaths) -> bool:
    """A restore was stopped part way: the next open finishes it or clears its copy."""
    return _intent(paths).exists() or _stage(paths).exists()


def finish_interrupted_restore(paths: JournalPaths) -> bool:
    """Complete a restore that was stopped after it committed. Call with the lock held.

    Returns True when there was one. Every step may be repeated safely: the
    restored database is never opened before this has finished, so the only
    ``-wal`` and ``-shm`` files beside it are the replaced journal's (already
    linked aside).
    """
    intent = _intent(paths)
    if not intent.exists():
        stage = _stage(paths)
        if stage.exists():
            _remove_tree(stage)  # a restore that stopped before it committed
        return False
    stage = _stage(paths)
    with _disk_errors():
        for extra in _sqlite_files(paths.database)[1:]:
            with contextlib.suppress(FileNotFoundError):
                extra.unlink()
        staged_db = stage / DATABASE
        if staged_db.exists():
            os.replace(staged_db, paths.database)
        staged_slots = stage / SLOTS
        if staged_slots.exists():
            os.replace(staged_slots, paths.key_slots)
        fsync_dir(paths.root)
        intent.unlink()
        fsync_dir(paths.root)
    _remove_tree(stage)
    return True


def _link_or_copy(source: Path, dest: Path) -> None:
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)
        _fsync_file(dest)


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
            name = moment.astimezone(UTC).strftime(_STAMP)
            aside = parent / name
            n = 1
            while aside.exists():
                n += 1
                aside = parent / f"{name}-{n}"
            work = Path(tempfile.mkdtemp(prefix=".pj-aside-", dir=parent))
            for source in [*_sqlite_files(paths.database)[:2], paths.key_slots]:
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
    from journal.session import unlock_key

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

        current_key: bytes | None = None
        current_entries: int | None = None
        if paths.database.exists() and paths.key_slots.exists():
            with contextlib.suppress(JournalError, KeyError, TypeError, ValueError):
                current_key = unlock_key(KeySlots.load(paths.key_slots), unlock, keyring_access)
            if current_key is not None:
                with contextlib.suppress(JournalError, *store.database_errors()):
                    conn = open_database(paths.database, current_key)
                    try:
                        current_entries = int(
                            conn.execute("SELECT count(*) FROM entries").fetchone()[0]
                        )
                    finally:
                        conn.close()

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
                _fsync_file(stage / SLOTS)
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


def _unlock_backup(
    slots: KeySlots,
    unlock: Unlock,
    keyring_access: KeyringAccess | None,
    unlock_key: Callable[..., bytes],
) -> bytes:
    try:
        key: bytes = unlock_key(slots, unlock, keyring_access)
    except RecoveryKeyTypo:
        raise
    except UnlockError as exc:
        raise UnlockError(
            "That backup doesn't open with what you gave. It may come from another journal "
            "or an older passphrase: use the recovery key of the journal it came from "
            "(--recovery-key-file). Nothing was changed."
        ) from exc
    except (CorruptJournal, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupInvalid("The backup's key file is damaged. Nothing was changed.") from exc
    return key


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
    for extra in _sqlite_files(staged_db)[1:]:
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()
    with _disk_errors():
        _fsync_file(staged_db)
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


# -- command line ------------------------------------------------------------------


def command_backup(
    args: argparse.Namespace, out: TextIO, open_journal: Callable[[], Journal]
) -> int:
    with open_journal() as journal:
        if args.out:
            target = Path(args.out)
            if target.exists():
                raise InputError(f"{target} already exists. Choose a new file name for the backup.")
            info = write_backup(journal, target)
        else:
            info = backup_now(journal)
        entries = journal.repo.count()
    out.write(
        f"Saved an encrypted backup of {entries:,} entries to {info.path}\n"
        "It opens with your recovery key. Keep it somewhere safe, away from this computer.\n"
    )
    return 0


def _confirm(question: str, stdin: TextIO | None) -> bool:
    import sys

    if stdin is None or stdin.closed:
        raise ConfirmationNeeded()
    sys.stderr.write(question + " Type yes to restore: ")
    sys.stderr.flush()
    try:
        answer = stdin.readline()
    except (OSError, ValueError):
        raise ConfirmationNeeded() from None
    if not answer:
        sys.stderr.write("\n")
        raise ConfirmationNeeded()
    return answer.strip().lower() in {"y", "yes"}


def command_restore(
    args: argparse.Namespace, out: TextIO, unlock: Unlock, stdin: TextIO | None
) -> int:
    paths = JournalPaths.resolve(args.data_dir)
    prepared = prepare_restore(paths, Path(args.file), unlock)
    with prepared:
        when = local_display(prepared.backup.created_at)
        # Nothing to replace (a new computer): there is nothing to ask about.
        new_computer = not paths.database.exists() and not paths.key_slots.exists()
        if not args.yes and not new_computer:
            if prepared.current_entries is None:
                now_text = "the current journal can't be read"
                if not paths.database.exists():
                    now_text = "there is no journal here yet"
            else:
                now_text = f"your journal now has {prepared.current_entries:,}"
            question = (
                f"The backup from {when} has {prepared.entries:,} entries; {now_text}. "
                "Your journal as it is now will be kept aside."
            )
            if not _confirm(question, stdin):
                out.write("Nothing was changed.\n")
                return 0
        result = prepared.commit()
    out.write(f"Restored the backup from {when}: {result.entries:,} entries.\n")
    if result.aside is not None:
        out.write(f"Your journal as it was before is kept in {result.aside}\n")
    if not result.same_journal:
        out.write(
            "It unlocks with the passphrase or recovery key it had when the backup was made.\n"
        )
    return 0


def verify_advice(journal: Journal) -> str:
    """What to do after ``verify`` found a problem: which backup to restore."""
    return restore_advice(newest_good_backup(journal.paths, _key_of(journal)))
