"""Changes made to a journal's database behind the app's back, for the checks to find."""

from __future__ import annotations

from typing import Any


def forge_entry(conn: Any, title: str | None = None) -> None:
    """Insert a copy of an entry's row (the one titled ``title``, or any) under a new id."""
    if title is None:
        cursor = conn.execute("SELECT * FROM entries LIMIT 1")
    else:
        cursor = conn.execute("SELECT * FROM entries WHERE title = ? LIMIT 1", (title,))
    row = cursor.fetchone()
    columns = [d[0] for d in cursor.description]
    values = dict(zip(columns, row, strict=True)) | {"rowid": None, "id": "forged-entry-0001"}
    conn.execute(
        f"INSERT INTO entries ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        tuple(values.values()),
    )
