"""Check a backup without restoring it: "does this file really hold my journal?"

The backup's database is unpacked into a private temporary folder (its SHA-256
checked against the manifest on the way), unlocked with what the person offers
against the backup's own key slots (its recovery key, or the passphrase it had),
and checked: the quick check of journal.verify_incremental, against the checkpoint
the backup carries (every page's HMAC, every entry's fingerprint, the record of
changes, every evidence file, the search index's sum; in full what changed since
that checkpoint), or every check ``verify`` makes when it carries none. The journal
itself is never opened, locked or changed; the temporary copy (encrypted, like the
backup) is removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from journal import store
from journal.errors import CorruptJournal, JournalError, NewerVersion

_CHUNK = 1024 * 1024

if TYPE_CHECKING:
    from journal.backup_archive import BackupInfo
    from journal.keys import KeyringAccess
    from journal.unlocking import Unlock
    from journal.verify import VerifyReport


class BackupCheckFailed(CorruptJournal):
    """The backup can't be read, or it doesn't pass its checks (exit code 6)."""

    default_message = "That backup doesn't pass its checks. Nothing was changed."


@dataclass(frozen=True)
class BackupCheck:
    info: BackupInfo
    entries: int
    report: VerifyReport

    @property
    def ok(self) -> bool:
        return self.report.ok


def scratch_parent(preferred: Path | None = None) -> Path:
    """Where to unpack: beside the journal when there is one, else the system's temp folder."""
    if preferred is not None and preferred.is_dir():
        return preferred
    return Path(tempfile.gettempdir())


def check_backup_file(
    path: Path,
    unlock: Unlock,
    *,
    scratch: Path | None = None,
    keyring_access: KeyringAccess | None = None,
) -> BackupCheck:
    """Open ``path`` with ``unlock`` in a temporary place and run every check on it.

    Raises BackupCheckFailed when the file isn't a readable backup, UnlockError when
    what was offered doesn't open it, NewerVersion for a backup from a newer app.
    A backup that opens but fails a check is returned with its problems listed.
    """
    from journal import backup_archive as backup
    from journal.backup_db import open_database
    from journal.keys import KeySlots
    from journal.unlocking import unlock_key
    from journal.verify_incremental import verify_quickly

    path = Path(os.path.abspath(path))
    work = Path(tempfile.mkdtemp(prefix=".pj-check-", dir=scratch_parent(scratch)))
    try:
        try:
            with backup._open_container(path) as (zf, container):
                for name in (backup.SLOTS, backup.DATABASE):
                    # Not fsynced: this copy is read once and removed.
                    backup._extract(
                        zf, container, name, work / name, failure=_member_failed, durable=False
                    )
            slots = KeySlots.load(work / backup.SLOTS)
        except NewerVersion:
            raise
        except JournalError as exc:
            raise BackupCheckFailed(_plain(exc.message)) from exc
        if slots.journal_id != container.info.journal_id:
            raise BackupCheckFailed(
                f"{path} is damaged: its parts don't belong together. Nothing was changed."
            )
        try:
            key = backup._unlock_backup(slots, unlock, keyring_access, unlock_key)
        except backup.BackupInvalid as exc:
            raise BackupCheckFailed(exc.message) from exc
        try:
            if container.info.schema_version < store.SCHEMA_VERSION:
                # An older backup: bring this throwaway copy to today's layout first, as a
                # restore would, so the checks read the columns they expect.
                old_umask = os.umask(0o077)
                try:
                    conn = store.connect(work / backup.DATABASE, key)
                finally:
                    os.umask(old_umask)
            else:
                conn = open_database(work / backup.DATABASE, key)
        except NewerVersion:
            raise
        except JournalError as exc:
            raise BackupCheckFailed(
                f"{path} doesn't open: its database is damaged. Try an older backup."
            ) from exc
        pages = None
        with contextlib.suppress(JournalError):
            pages = open_database(work / backup.DATABASE, key)
        try:
            report = verify_quickly(conn, pages).report
            entries = 0
            with contextlib.suppress(*store.database_errors()):
                entries = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            conn.close()
            if pages is not None:
                pages.close()
        return BackupCheck(container.info, entries, report)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _member_failed(path: Path, problem: str) -> JournalError:
    """A restore's words for a member that won't unpack (MEMBER_PROBLEMS), said for a check.

    A member longer than it says is reported as its checksum not matching.
    """
    from journal.backup_archive import MEMBER_PROBLEMS

    why = MEMBER_PROBLEMS["checksums" if problem == "larger" else problem]
    said = why.removeprefix("it ") if why.startswith("it ") else f"is damaged: {why}"
    return BackupCheckFailed(f"{path} {said} Nothing was changed.")


def _plain(message: str) -> str:
    """The restore-worded messages of the container checks, said for a check."""
    return message.replace(" that can be restored", "").replace(" Nothing was changed.", "") + (
        " Nothing was changed."
    )
