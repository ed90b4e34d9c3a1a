"""A backup's database, streamed: the journal's own encrypted pages, copied once.

The journal is checkpointed (its write-ahead log emptied into the file), then a read
transaction holds that state while the file's bytes are copied straight into the
backup archive and hashed on the way. The pages are already encrypted with the
journal's key, so nothing is decrypted or re-encrypted and nothing plain is written.
While the bytes are copied, the quick check (journal.verify_incremental) runs on the
same state through the open connection, on a second thread: the copy is the bytes that
passed the checks.

Before, the journal was exported page by page with ``sqlcipher_export`` (every page
decrypted and encrypted again, every index rebuilt) into a temporary file that was then
opened, checked and copied into the archive: three full passes and a second copy on
disk. Ciphertext does not compress, so the pages are stored as they are.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import IO, TYPE_CHECKING

from journal.errors import StorageError

if TYPE_CHECKING:
    from journal.session import Journal
    from journal.store import Connection
    from journal.verify import VerifyReport
    from journal.verify_incremental import QuickCheck

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024


class SnapshotUnavailable(StorageError):
    """The write-ahead log couldn't be emptied, so the file alone isn't the whole journal."""


def copy_checked(journal: Journal, out: IO[bytes]) -> tuple[int, str, VerifyReport]:
    """Copy the journal's database file into ``out`` and check the same state meanwhile.

    The check is the quick one (journal.verify_incremental): in full only for what
    changed since the last check that passed, against the checkpoint that check left in
    the journal; the first time, every check in full. When it passes, a checkpoint of
    this state is recorded for the next one (after the copy: the backup carries the one
    it was checked against, and a check of the backup uses that).

    Returns the size, the SHA-256 of what was written and the check's report. Call on
    the thread that owns the connection; nothing else may use it until this returns.
    """
    from journal.verify_incremental import verify_quickly

    conn = journal.conn
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise SnapshotUnavailable("The journal is busy; the backup is tried again later.")
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read starts here
        wal = journal.paths.database.with_name(journal.paths.database.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            raise SnapshotUnavailable("The journal is busy; the backup is tried again later.")
        reports: list[QuickCheck] = []
        failures: list[BaseException] = []
        pages = _second_connection(journal)

        def check() -> None:
            try:
                reports.append(verify_quickly(conn, pages))
            except BaseException as exc:  # handed to the caller's thread
                failures.append(exc)

        checker = threading.Thread(target=check, name="backup-check", daemon=True)
        checker.start()
        digest = hashlib.sha256()
        size = 0
        try:
            with journal.paths.database.open("rb") as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
        finally:
            checker.join()
            if pages is not None:
                pages.close()
        if failures:
            raise failures[0]
    finally:
        conn.execute("COMMIT")
    _keep_checkpoint(journal, reports[0])
    return size, digest.hexdigest(), reports[0].report


def _second_connection(journal: Journal) -> Connection | None:
    """A read-only connection for the page check, or None (it then runs on the journal's)."""
    from journal.backup import open_database
    from journal.errors import JournalError

    try:
        return open_database(journal.paths.database, journal._key)
    except JournalError:
        return None


def _keep_checkpoint(journal: Journal, result: QuickCheck) -> None:
    """Record what this check proved, for the next one. Failing to is not a failure."""
    from journal.store import database_errors
    from journal.verify_incremental import save

    if result.checkpoint is None:
        return
    try:
        save(journal.conn, result.checkpoint)
    except database_errors() as exc:
        log.info("check point not recorded: %s", type(exc).__name__)


def member_sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
