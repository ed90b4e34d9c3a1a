"""The journal's schema and ``Repository`` on SQLite without a key: the no-encryption floor.

The driver is the journal's own (``sqlcipher3``) with no ``PRAGMA key``: SQLCipher then
reads and writes ordinary SQLite files, with the same SQLite version and options (the
journal's search index needs SQLite 3.43 or newer, which Python's own ``sqlite3`` may not be).

Everything that isn't encryption is done the same way as the journal does it: the same
one-writer lock, the same checks, settings and migrations (``store.prepare``), the same
``Repository``. What is left out is exactly the encryption: the keyring, the key slots
and SQLCipher. Kept apart from ``build`` so the plain command line imports no more than
the real one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from journal import store
from journal.lockfile import ProcessLock
from journal.repository import Repository


def plain_connect(path: Path) -> Any:
    """Open (or create) a plain file the way ``store.connect`` opens the journal, no key."""
    import sqlcipher3

    create = not path.exists()
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        store.prepare(conn, path, create=create, database_error=sqlcipher3.DatabaseError)
    except BaseException:
        conn.close()
        raise
    return conn


class PlainJournal:
    """What the command line and the exporter need from a ``Journal``, on a plain file."""

    def __init__(self, path: Path) -> None:
        self._lock = ProcessLock(path.with_name(path.stem + ".lock"))
        self._lock.acquire()
        try:
            self.conn: Any = plain_connect(path)
        except BaseException:
            self._lock.release()
            raise
        self.repo = Repository(self.conn)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
            self.conn = None
        self._lock.release()

    def __enter__(self) -> PlainJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
