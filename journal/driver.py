"""The SQLCipher driver, loaded the first time a database is opened.

Below the store and the ledger, which both need to know what a database error is.
"""

from __future__ import annotations

from typing import Any

from journal.errors import UnsupportedBuild


def _driver() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:
        raise UnsupportedBuild() from exc
    return sqlcipher3


def database_errors() -> tuple[type[BaseException], ...]:
    """The driver's DatabaseError (every SQLite error derives from it)."""
    return (_driver().DatabaseError,)
