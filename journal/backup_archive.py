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
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from journal import __version__, store
from journal.backup_db import check_database, open_database
from journal.errors import (
    CorruptJournal,
    InputError,
    JournalError,
    NewerVersion,
    RecoveryKeyTypo,
    StorageError,
    UnlockError,
)
from journal.fileio import fsync_dir
from journal.keys import KeySlots
from journal.paths import BACKUP_SUFFIX
from journal.timeutil import local_display, now

if TYPE_CHECKING:
    from journal.backup_stream import CheckedCopy, OpenJournal
    from journal.keys import KeyringAccess
    from journal.unlocking import Unlock
    from journal.verify import VerifyReport

SUFFIX = BACKUP_SUFFIX
FORMAT_NAME = "practitioner-journal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SLOTS = "keyslots.json"
DATABASE = "journal.db"
MEMBERS = (MANIFEST, SLOTS, DATABASE)
_SMALL_MEMBER_LIMIT = 1024 * 1024  # the manifest and key slots are a few kilobytes
_CHUNK = 1024 * 1024
_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG}


class BackupInvalid(InputError):
    """The file offered to ``restore`` is not a backup this app can read."""

    default_message = (
        "That file isn't a Practitioner Journal backup, or it is damaged. Nothing was changed."
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


def _key_of(journal: OpenJournal) -> bytes:
    """The open journal's database key. It never leaves the core and is never logged."""
    key: bytes = journal._key
    if len(key) != 32:
        raise CorruptJournal("The journal is closed, so it can't be backed up.")
    return key


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def write_backup(
    journal: OpenJournal, target: Path, *, clock: Callable[[], datetime] = now
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
    journal: OpenJournal, copy: CheckedCopy, archive: Path, created: datetime, work: Path
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


# What can go wrong while a member is copied out, in the words of a restore; a check of
# the backup says the same things its own way (journal.backup_check).
MEMBER_PROBLEMS = {
    "larger": "it is larger than it says.",
    "unreadable": "it couldn't be read to the end.",
    "damaged": "it is damaged or incomplete.",
    "checksums": "its contents don't match their checksums.",
}


def _member_invalid(path: Path, problem: str) -> JournalError:
    return _invalid(path, MEMBER_PROBLEMS[problem])


def _extract(
    zf: zipfile.ZipFile,
    container: _Container,
    name: str,
    dest: Path,
    *,
    failure: Callable[[Path, str], JournalError] = _member_invalid,
    durable: bool = True,
) -> None:
    """Copy one member out, checking its size and SHA-256 against the manifest.

    ``failure`` makes the error for a problem named in ``MEMBER_PROBLEMS``; ``durable``
    copies are fsynced (a check's scratch copy, read once and removed, needn't be).
    """
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
                    raise failure(path, "larger")
                digest.update(chunk)
                out.write(chunk)
            if durable:
                out.flush()
                os.fsync(out.fileno())
    except JournalError:
        raise
    except OSError as exc:
        mapped = _storage_error(exc)
        if mapped is not None:
            raise mapped from exc
        raise failure(path, "unreadable") from None
    except (zipfile.BadZipFile, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise failure(path, "damaged") from None
    if written != size or digest.hexdigest() != sha:
        raise failure(path, "checksums")


def read_info(path: Path) -> BackupInfo:
    """What the backup says about itself (no key needed). Raises BackupInvalid."""
    with _open_container(Path(path)) as (_zf, container):
        return container.info


def check_backup(path: Path, key: bytes, scratch_parent: Path) -> VerifyReport:
    """Unpack the backup's database to a private scratch folder and run every check on it."""
    scratch = Path(tempfile.mkdtemp(prefix=".pj-check-", dir=scratch_parent))
    try:
        with _open_container(Path(path)) as (zf, container):
            _extract(zf, container, DATABASE, scratch / DATABASE)
        return check_database(scratch / DATABASE, key)
    finally:
        _remove_tree(scratch)


def backup_entries(journal: OpenJournal, path: Path) -> int:
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


def _remove_stale_work(folder: Path) -> None:
    """Temp folders left by a backup that was interrupted (only ever encrypted copies)."""
    with contextlib.suppress(OSError):
        for leftover in folder.glob(".pj-backup-*"):
            _remove_tree(leftover)


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
