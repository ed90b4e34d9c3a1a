"""The journal's schema and ``Repository`` on stdlib ``sqlite3``: the no-encryption floor.

Kept apart from ``build`` so the plain command line imports no more than the real one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from journal import store
from journal.repository import Repository


def plain_connect(path: Path) -> sqlite3.Connection:
    """Same tables (``store.MIGRATIONS``) and the same pragmas as the journal; no key."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    store._configure(conn)  # the very same settings as the encrypted journal
    store.migrate(conn)
    return conn


class PlainJournal:
    """What the command line and the exporter need from a ``Journal``, on a plain file."""

    def __init__(self, path: Path) -> None:
        self.conn: Any = plain_connect(path)
        self.repo = Repository(self.conn)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
            self.conn = None

    def __enter__(self) -> PlainJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
