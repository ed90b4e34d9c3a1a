"""A database copy opened with its key for checking only: no settings, no migrations."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from journal import store
from journal.errors import CorruptJournal, NewerVersion

if TYPE_CHECKING:
    from journal.verify import VerifyReport


def open_database(path: Path, key: bytes) -> store.Connection:
    """Open a database copy with ``key`` for checking only: no settings, no migrations."""
    conn = store.connect_keyed(path, key)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except store.database_errors() as exc:
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
