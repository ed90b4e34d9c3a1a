"""Finding a row by the first characters of its id, as the command line takes ids."""

from __future__ import annotations

from typing import Any

from journal.errors import NotFound

MIN_PREFIX = 4


def id_from_prefix(
    conn: Any, prefix: str, *, table: str, thing: str, missing: str, live: str = "1"
) -> str:
    """The one id in ``table`` (rows where ``live`` holds) that starts with ``prefix``.

    ``thing`` ("entry", "report") names it in the messages; ``missing`` is said when
    nothing starts with the prefix.
    """
    prefix = prefix.strip().lower()
    if len(prefix) < MIN_PREFIX:
        raise NotFound(f"Give at least the first {MIN_PREFIX} characters of the {thing}'s id.")
    rows = conn.execute(
        f"SELECT id FROM {table} WHERE id >= ? AND id < ? AND {live} LIMIT 2",
        (prefix, prefix + "\uffff"),
    ).fetchall()
    if not rows:
        raise NotFound(missing)
    if len(rows) > 1:
        raise NotFound(f"More than one {thing} starts with that; give more of the id.")
    return str(rows[0][0])
