"""A new database key when a secret changes, so the old secret opens nothing.

Changing the passphrase only rewraps the key: anyone holding the old
passphrase and an old copy of ``keyslots.json`` (an automatic backup has
one) could still unwrap the same key and read today's journal. Re-keying
copies the journal under a new random key, wraps that key afresh (with a new
recovery key: the old one can't be rewrapped without typing it, and it must
stop working anyway), and re-encrypts every automatic backup in the folder.

Crash safety, in the order things happen:

1. Everything new is built in ``.rekey/`` beside the journal: the database
   under the new key and every re-encrypted backup. The old journal is
   untouched; a crash leaves it fully usable and the folder is cleared on the
   next open.
2. ``keyslots.next.json`` (the new slots) is written atomically.
3. The new database replaces ``journal.db`` (one rename).
4. ``keyslots.next.json`` replaces ``keyslots.json`` (one rename).
5. The staged backups replace the old ones; ``.rekey/`` is removed.

Opening a journal with a ``keyslots.next.json`` or ``.rekey/`` beside it
(``settle``) unlocks with what was offered against both slot files and keeps
whichever key actually opens ``journal.db``: the old journal (steps 1-2) or
the new one (after step 3, and then it finishes steps 4-5). Staged backups
are only moved in when a tag made with the new key proves they are the app's
own, so files planted in the folder are never acted on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from journal import store
from journal.errors import (
    CorruptJournal,
    JournalError,
    KeyringUnavailable,
    ValidationError,
)
from journal.fileio import atomic_write_bytes, fsync_dir, fsync_file, sha256_file
from journal.keys import (
    SLOT_KEYRING,
    SLOT_PASSPHRASE,
    KeyringAccess,
    KeySlots,
    _wrap,
    new_database_key,
)
from journal.paths import sqlite_files
from journal.rekey_staging import (
    STAGED_BACKUPS,
    TAG_FILE,
    RekeyResult,
    finish_backups,
    next_slots_file,
    remove_tree,
    stage_dir,
    tag,
)
from journal.repository import Repository
from journal.unlocking import check_passphrase

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from journal.session import Journal

_CHUNK = 1024 * 1024

Progress = Callable[[int, int, str], None]


def keyring_secret(slot: dict[str, object], access: KeyringAccess) -> bytes:
    """The keyring slot's secret, read from the password store. The one place that asks."""
    stored = access.fetch(str(slot["account"]))
    if stored is None:
        raise KeyringUnavailable(
            "Your computer's password store no longer has this journal's key, so the key "
            "can't be changed now. Nothing was changed."
        )
    try:
        secret = bytes.fromhex(stored)
    except ValueError as exc:
        raise KeyringUnavailable() from exc
    if len(secret) != 32:
        raise KeyringUnavailable()
    return secret


def _new_slots(
    current: KeySlots,
    new_key: bytes,
    passphrase: str | None,
    keyring_access: KeyringAccess | None,
) -> tuple[KeySlots, str]:
    """Slots for ``new_key``: the same methods as now, and a new recovery key.

    The password-store slot keeps its secret (only the wrapped key changes), so the
    old key file and the new one both unlock from it while the swap is under way.
    """
    slots = KeySlots(journal_id=current.journal_id)
    recovery_text = slots.create_recovery(new_key)
    if passphrase is not None:
        slots.set_passphrase(new_key, passphrase)
    keyring_slot = current.slots.get(SLOT_KEYRING)
    if keyring_slot is not None:
        secret = keyring_secret(keyring_slot, keyring_access or KeyringAccess())
        kept = {k: v for k, v in keyring_slot.items() if k not in ("nonce", "ciphertext")}
        slots.slots[SLOT_KEYRING] = {**kept, **_wrap(secret, new_key, slots._aad(SLOT_KEYRING))}
    return slots, recovery_text


def _check_inputs(journal: Journal, passphrase: str | None) -> None:
    if passphrase is not None:
        check_passphrase(passphrase)
    elif journal.slots.has(SLOT_PASSPHRASE) or not journal.slots.has(SLOT_KEYRING):
        raise ValidationError(
            {"passphrase": "is needed: the new key is locked with it, so type it again."}
        )


def _private_mkdir(path: Path) -> None:
    path.mkdir(mode=0o700)
    os.chmod(path, 0o700)


def _export(conn: store.Connection, target: Path, key: bytes) -> None:
    """An encrypted copy under ``key``, durable, without ``-wal`` or ``-shm`` beside it."""
    old_umask = os.umask(0o077)
    try:
        store.export_encrypted(conn, target, key)
    finally:
        os.umask(old_umask)
    for extra in sqlite_files(target)[1:]:
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()
    fsync_file(target)


# -- backups ----------------------------------------------------------------------


def _reencrypt_backup(
    source: Path, old_key: bytes, new_key: bytes, slots_bytes: bytes, dest: Path, work: Path
) -> None:
    """Write ``source`` again as ``dest``: its database under ``new_key``, the new slots."""
    from journal import backup_archive as backup

    old_db = work / "old.db"
    new_db = work / backup.DATABASE
    with backup._open_container(source) as (zf, container):
        backup._extract(zf, container, backup.DATABASE, old_db)
        manifest = dict(container.manifest)
        infos = {i.filename: i for i in zf.infolist()}
    conn = store.connect_keyed(old_db, old_key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _export(conn, new_db, new_key)
    except store.database_errors() as exc:
        raise CorruptJournal() from exc
    finally:
        conn.close()
    manifest["members"] = {
        backup.SLOTS: {"size": len(slots_bytes), "sha256": hashlib.sha256(slots_bytes).hexdigest()},
        backup.DATABASE: {"size": new_db.stat().st_size, "sha256": sha256_file(new_db)},
    }
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as zf:
            for name, data in (
                (backup.MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode()),
                (backup.SLOTS, slots_bytes),
            ):
                info = zipfile.ZipInfo(name, date_time=infos[name].date_time)
                info.external_attr = 0o600 << 16
                zf.writestr(info, data)
            info = zipfile.ZipInfo(backup.DATABASE, date_time=infos[backup.DATABASE].date_time)
            info.external_attr = 0o600 << 16
            with zf.open(info, "w", force_zip64=True) as member, new_db.open("rb") as src:
                shutil.copyfileobj(src, member, _CHUNK)
        handle.flush()
        os.fsync(handle.fileno())
    for leftover in (old_db, new_db):
        leftover.unlink()


# -- re-keying --------------------------------------------------------------------


def _build_stage(
    journal: Journal,
    new_key: bytes,
    slots: KeySlots,
    backups: list[Path],
    step: Callable[[int, str], None],
) -> None:
    """Step 1: the journal and every automatic backup under ``new_key``, in ``.rekey/``."""
    stage = stage_dir(journal.paths)
    old_key = journal._key
    _private_mkdir(stage)
    step(0, "Copying your journal under its new key…")
    _export(journal.conn, stage / "journal.db", new_key)
    slots_bytes = json.dumps(
        {"format": 1, "journal_id": slots.journal_id, "slots": slots.slots},
        indent=2,
        sort_keys=True,
    ).encode("utf-8")
    staged = stage / STAGED_BACKUPS
    _private_mkdir(staged)
    replace: list[str] = []
    remove: list[str] = []
    unreadable: tuple[type[BaseException], ...] = (
        JournalError,
        zipfile.BadZipFile,
        *store.database_errors(),
    )
    for n, source in enumerate(backups, start=1):
        step(n, f"Re-encrypting backup {n} of {len(backups)}…")
        work = stage / "work"
        _private_mkdir(work)
        try:
            _reencrypt_backup(source, old_key, new_key, slots_bytes, staged / source.name, work)
            replace.append(source.name)
        except unreadable:
            remove.append(source.name)  # unreadable: it can't be re-encrypted
        finally:
            remove_tree(work)
    fsync_dir(staged)
    atomic_write_bytes(
        stage / TAG_FILE,
        json.dumps(
            {"replace": replace, "remove": remove, "tag": tag(new_key, replace + remove)}
        ).encode(),
    )
    fsync_dir(stage)


def _swap_in(journal: Journal, new_key: bytes, slots: KeySlots) -> None:
    """Steps 3 and 4: the new database, then the new key file, each in one rename.

    Past the first rename a crash is finished by ``settle`` on the next open.
    """
    paths = journal.paths
    for extra in sqlite_files(paths.database)[1:]:
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()
    os.replace(stage_dir(paths) / "journal.db", paths.database)  # step 3
    fsync_dir(paths.root)
    os.replace(next_slots_file(paths), paths.key_slots)  # step 4
    fsync_dir(paths.root)
    journal._key = new_key
    journal.slots = slots
    journal.conn = store.connect(paths.database, new_key)
    journal.repo = Repository(journal.conn)


def rekey(
    journal: Journal,
    passphrase: str | None,
    *,
    progress: Progress | None = None,
    deliver_recovery_key: Callable[[str], None] | None = None,
    keyring_access: KeyringAccess | None = None,
) -> RekeyResult:
    """Give the open journal a new random key; wrap it with ``passphrase`` (the new one,
    or the current one typed again) and a new recovery key.

    ``deliver_recovery_key`` is called with the new recovery key before the swap, so a
    crash after the swap can't lose it (the command line writes its file there).
    """
    _check_inputs(journal, passphrase)
    paths = journal.paths
    old_key = journal._key
    new_key = new_database_key()
    slots, recovery_text = _new_slots(journal.slots, new_key, passphrase, keyring_access)
    backups = [path for _stamp, path in paths.automatic_backups()]
    total = 2 + len(backups)

    def step(done: int, text: str) -> None:
        if progress is not None:
            progress(done, total, text)

    stage = stage_dir(paths)
    remove_tree(stage)
    next_file = next_slots_file(paths)
    with contextlib.suppress(FileNotFoundError):
        next_file.unlink()
    try:
        _build_stage(journal, new_key, slots, backups, step)
        if deliver_recovery_key is not None:
            deliver_recovery_key(recovery_text)
        slots.save(next_file)  # step 2
        step(total - 1, "Switching to the new key…")
        with contextlib.suppress(Exception):
            journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        journal.conn.close()
        journal.conn = None
    except BaseException:
        with contextlib.suppress(OSError):
            next_file.unlink()
        remove_tree(stage)
        if journal.conn is None:
            journal.conn = store.connect(paths.database, old_key)
            journal.repo = Repository(journal.conn)
        raise
    _swap_in(journal, new_key, slots)  # steps 3 and 4
    result = RekeyResult(recovery_text)
    finish_backups(paths, new_key, result)  # step 5
    step(total, "Done.")
    return result


def new_recovery_key(
    journal: Journal,
    current_passphrase: str | None,
    *,
    progress: Progress | None = None,
    deliver_recovery_key: Callable[[str], None] | None = None,
) -> RekeyResult:
    """A new recovery key, and with it a new database key (see ``rekey``).

    A journal with a passphrase needs it typed again (checked against its slot, so a
    typo can't quietly become the new passphrase): the new key is wrapped with it too.
    """
    if journal.slots.has(SLOT_PASSPHRASE):
        if current_passphrase is None:
            raise ValidationError(
                {
                    "passphrase": "is needed: the new key is locked with it as well. "
                    "Nothing was changed."
                }
            )
        journal.slots.unlock_passphrase(current_passphrase)
    else:
        current_passphrase = None
    return rekey(
        journal,
        current_passphrase,
        progress=progress,
        deliver_recovery_key=deliver_recovery_key,
    )


# -- command line -----------------------------------------------------------------


def _key_file_writer(path: Path) -> Callable[[str], None]:
    def write(text: str) -> None:
        atomic_write_bytes(path, (text + "\n").encode("ascii"))

    return write


def command_passphrase(
    args: argparse.Namespace, out: TextIO, open_journal: Callable[[], Journal]
) -> int:
    """``passphrase --new-passphrase-file F``: a new passphrase and, unless --keep-key,
    a new database key (and so a new recovery key)."""
    from journal.cli_common import read_secret_file, reserve_key_file

    new = read_secret_file(args.new_passphrase_file, "new passphrase")
    check_passphrase(new)
    if args.keep_key:
        with open_journal() as journal:
            journal.change_passphrase(new)
        out.write(
            "Your passphrase has been changed. The journal's key was kept, so copies of the "
            "folder made before now (and its backups) still open with the old passphrase.\n"
        )
        return 0
    key_out = reserve_key_file(Path(args.recovery_key_out)) if args.recovery_key_out else None
    try:
        with open_journal() as journal:
            result = rekey(
                journal,
                new,
                deliver_recovery_key=_key_file_writer(key_out) if key_out else None,
            )
    except BaseException:
        if key_out is not None:
            key_out.unlink(missing_ok=True)
        raise
    out.write(
        "Your passphrase has been changed and the journal has a new key: the old passphrase "
        f"and the old recovery key no longer open anything in {journal.paths.root}. "
        f"{result.describe()}\n"
    )
    _tell_recovery_key(out, result.recovery_key, key_out)
    return 0


def command_recovery_key(
    args: argparse.Namespace, out: TextIO, open_journal: Callable[[], Journal]
) -> int:
    """``recovery-key --out F``: a new recovery key and a new database key."""
    from journal.cli_common import read_secret_file, reserve_key_file

    passphrase_file = args.passphrase_file or os.environ.get("PRACTITIONER_JOURNAL_PASSPHRASE_FILE")
    passphrase = read_secret_file(passphrase_file, "passphrase") if passphrase_file else None
    key_out = reserve_key_file(Path(args.out))
    try:
        with open_journal() as journal:
            result = new_recovery_key(
                journal, passphrase, deliver_recovery_key=_key_file_writer(key_out)
            )
    except BaseException:
        key_out.unlink(missing_ok=True)
        raise
    out.write(
        "The journal has a new key and a new recovery key: the old recovery key no longer "
        f"opens anything in {journal.paths.root}. {result.describe()}\n"
    )
    _tell_recovery_key(out, result.recovery_key, key_out)
    return 0


def _tell_recovery_key(out: TextIO, text: str, key_out: Path | None) -> None:
    if key_out is not None:
        out.write(
            f"Your new recovery key is in {key_out}. Print it or copy it somewhere safe, then "
            "delete that file.\n"
        )
    else:
        out.write(
            "\nYour new recovery key (shown only this once; write it down and keep it safe):\n\n"
            f"    {text}\n\n"
        )
