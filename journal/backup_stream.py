"""A backup's database, streamed: the journal's own encrypted pages, copied once.

The journal is checkpointed (its write-ahead log emptied into the file), then a read
transaction holds that state while the file's bytes are copied straight into the
backup archive and hashed on the way. The pages are already encrypted with the
journal's key, so nothing is decrypted or re-encrypted and nothing plain is written.
While the bytes are copied (and the archive finished and read back), the quick check
(journal.verify_incremental) runs on the same state through the open connection, on a
second thread: the copy is the bytes that passed the checks.

Before, the journal was exported page by page with ``sqlcipher_export`` (every page
decrypted and encrypted again, every index rebuilt) into a temporary file that was then
opened, checked and copied into the archive: three full passes and a second copy on
disk. Ciphertext does not compress, so the pages are stored as they are.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import IO, TYPE_CHECKING, Protocol

from journal.errors import StorageError

if TYPE_CHECKING:
    from journal.keys import KeySlots
    from journal.paths import JournalPaths
    from journal.repository import Repository
    from journal.store import Connection
    from journal.verify import VerifyReport
    from journal.verify_incremental import QuickCheck

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024


class OpenJournal(Protocol):
    """What backups need of an open journal (``journal.session.Journal`` is one): its
    files, key slots, connection and key. Named here so that this module doesn't import
    the session, which calls it."""

    paths: JournalPaths
    slots: KeySlots
    conn: Connection
    repo: Repository
    _key: bytes


class SnapshotUnavailable(StorageError):
    """The write-ahead log couldn't be emptied, so the file alone isn't the whole journal."""


class CheckedCopy:
    """The journal's database file, copied, and the same state checked meanwhile.

    ``with CheckedCopy(journal) as copy:`` empties the write-ahead log, starts a read
    transaction (nothing can change the file until the end of the block) and starts the
    check on a second thread. ``copy.copy_into(out)`` streams the file's bytes;
    ``copy.report()`` waits for the check. The caller can finish and read back the archive
    in between, while the check still runs. Leaving the block ends the read; when the check
    passed, a checkpoint of this state is recorded for the next one.

    The check is the quick one (journal.verify_incremental): in full only for what changed
    since the last check that passed, against the checkpoint that check left in the
    journal; the first time, every check in full. The checkpoint of this state is recorded
    after the copy, so the backup carries the one it was checked against, and a check of
    the backup uses that. Use on the thread that owns the connection; nothing else may use
    it until the block ends.
    """

    def __init__(self, journal: OpenJournal) -> None:
        self._journal = journal
        self._results: list[QuickCheck] = []
        self._failures: list[BaseException] = []
        self._checker: threading.Thread | None = None
        self._pages: Connection | None = None

    def __enter__(self) -> CheckedCopy:
        conn = self._journal.conn
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise SnapshotUnavailable("The journal is busy; the backup is tried again later.")
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read starts
            database = self._journal.paths.database
            wal = database.with_name(database.name + "-wal")
            if wal.exists() and wal.stat().st_size:
                raise SnapshotUnavailable("The journal is busy; the backup is tried again later.")
            self._pages = _second_connection(self._journal)
            self._checker = threading.Thread(target=self._check, name="backup-check", daemon=True)
            self._checker.start()
        except BaseException:
            self._end()
            raise
        return self

    def _check(self) -> None:
        from journal.verify_incremental import verify_quickly

        try:
            self._results.append(verify_quickly(self._journal.conn, self._pages))
        except BaseException as exc:  # handed to the caller's thread
            self._failures.append(exc)

    def copy_into(self, out: IO[bytes]) -> tuple[int, str]:
        """Stream the database file into ``out``: its size and SHA-256."""
        digest = hashlib.sha256()
        size = 0
        with self._journal.paths.database.open("rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        return size, digest.hexdigest()

    def report(self) -> VerifyReport:
        """Wait for the check and return what it found."""
        self._join()
        if self._failures:
            raise self._failures[0]
        return self._results[0].report

    def _join(self) -> None:
        if self._checker is not None:
            self._checker.join()
            self._checker = None
        if self._pages is not None:
            self._pages.close()
            self._pages = None

    def _end(self) -> None:
        try:
            self._join()
        finally:
            self._journal.conn.execute("COMMIT")

    def __exit__(self, *exc: object) -> None:
        self._end()
        if not self._failures and self._results:
            _keep_checkpoint(self._journal, self._results[0])


def _second_connection(journal: OpenJournal) -> Connection | None:
    """A read-only connection for the page check, or None (it then runs on the journal's)."""
    from journal.backup_db import open_database
    from journal.errors import JournalError

    try:
        return open_database(journal.paths.database, journal._key)
    except JournalError:
        return None


def _keep_checkpoint(journal: OpenJournal, result: QuickCheck) -> None:
    """Record what this check proved, for the next one. Failing to is not a failure."""
    from journal.store import database_errors
    from journal.verify_incremental import save

    if result.checkpoint is None:
        return
    try:
        save(journal.conn, result.checkpoint)
        # Emptied again, as the copy left it: nothing of the journal lingers in the log
        # (a purge relies on that: journal.retention).
        journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except database_errors() as exc:
        log.info("check point not recorded: %s", type(exc).__name__)


def member_sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
