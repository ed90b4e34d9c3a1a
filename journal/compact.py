"""How the journal keeps its size down without weakening its history.

- **Revisions hold what the entry row doesn't.** The newest revision of an entry is the
  entry itself: its ``data`` is an empty BLOB and the text is read from ``entries.data`` (whose
  hash the revision still carries). Older revisions keep their JSON compressed with zlib
  (a BLOB) before SQLCipher encrypts the page. Plain TEXT is still read (journals
  written before this format, until the migration converts them).
- **The search index keeps no copy of the text.** ``entries_fts`` is a contentless FTS5
  table (``content=''``, ``contentless_delete=1``): it holds the index alone; snippets are
  made from the entry's own JSON.
- **Free pages go back to the file system.** New journals use ``auto_vacuum =
  INCREMENTAL``; older ones are converted once with a ``VACUUM`` on opening, and a purge
  ends with ``PRAGMA incremental_vacuum``.

The 100,000-entry benchmark journal was 478 MB, mostly because every entry's JSON was
stored twice more (its first revision and the index's copy of the text).
"""

from __future__ import annotations

import zlib
from typing import Any

Connection = Any  # sqlcipher3.Connection or sqlite3.Connection

# SQLite 3.43 added ``contentless_delete``; SQLCipher 4.19 bundles 3.53.
FTS_COLUMNS = "title, body, quoted, tags, refs, private"
FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE {name} USING fts5 ("
    f"{FTS_COLUMNS}, content = '', contentless_delete = 1, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
AUTO_VACUUM_INCREMENTAL = 2


def pack_revision(data_json: str) -> bytes:
    """An older revision's JSON as it is stored: compressed, to be encrypted with its page."""
    return zlib.compress(data_json.encode("utf-8"), 9)


def unpack_revision(stored: object, head_json: str | None = None) -> str | None:
    """A revision's JSON from its stored form; ``head_json`` (the entry row's JSON) stands
    in for an empty BLOB, which only the newest revision may have. None when it can't be
    read."""
    if isinstance(stored, str):
        return stored
    if isinstance(stored, bytes | bytearray | memoryview):
        if not stored:
            return head_json
        try:
            return zlib.decompress(bytes(stored)).decode("utf-8")
        except (zlib.error, UnicodeDecodeError):
            return None
    return None


def migrate_to_compact(conn: Connection) -> None:
    """The migration (inside its transaction): revisions as above, and a contentless index
    rebuilt from the old one's stored text. A crash leaves the old format whole."""
    # The newest revision whose JSON is the entry's own keeps no copy of it. One that
    # differs (changed behind the app's back) is kept, so ``verify`` still reports it.
    conn.execute(
        "UPDATE revisions SET data = x'' WHERE typeof(data) = 'text' AND EXISTS ("
        "SELECT 1 FROM entries e WHERE e.id = revisions.entry_id "
        "AND e.revision = revisions.revision AND e.data = revisions.data)"
    )
    older = conn.execute("SELECT rowid, data FROM revisions WHERE typeof(data) = 'text'")
    conn.executemany(
        "UPDATE revisions SET data = ? WHERE rowid = ?",
        [(pack_revision(data), rowid) for rowid, data in older.fetchall()],
    )
    conn.execute(FTS_SCHEMA.format(name="entries_fts_compact"))
    conn.execute(
        f"INSERT INTO entries_fts_compact (rowid, {FTS_COLUMNS}) "
        f"SELECT rowid, {FTS_COLUMNS} FROM entries_fts"
    )
    conn.execute("DROP TABLE entries_fts")
    conn.execute("ALTER TABLE entries_fts_compact RENAME TO entries_fts")


def ensure_auto_vacuum(conn: Connection) -> None:
    """Turn on incremental auto-vacuum in a journal made without it (one ``VACUUM``,
    which SQLite makes atomic: a crash leaves the file as it was, and the next opening
    tries again). Also returns the pages the compact migration freed."""
    if int(conn.execute("PRAGMA auto_vacuum").fetchone()[0]) == AUTO_VACUUM_INCREMENTAL:
        return
    conn.execute(f"PRAGMA auto_vacuum = {AUTO_VACUUM_INCREMENTAL}")
    try:
        conn.execute("VACUUM")  # needs room for a whole copy of the file
    except Exception as exc:  # the driver's DatabaseError
        text = str(exc).lower()
        if "full" not in text and "disk i/o" not in text:
            raise
        # Not enough room now: the journal still opens, and a later opening tries again.
