"""The journal's one hash chain, as it is written: every change, in order, in ``ledger``.

Each entry already has its own chain of revisions, but a chain per entry can't show that
a whole entry (with its history) went, that the export log lost a row, or that an entry
was rewritten with freshly computed hashes. The ledger can: every save, delete, restore
from the bin, retention purge (as a tombstone: the entry's id and last hash, no content)
and export-log row appends one event, chained to the one before::

    hash = SHA-256(prev "\\n" seq "\\n" at "\\n" action "\\n" subject "\\n" digest)

``digest`` is the entry's revision hash (which covers ``shareable`` and the private notes)
or a digest of the export-log row. It is the *logical* content, never how a revision
happens to be stored, so a change of storage format doesn't break the chain.

This module sits below the store (whose migration starts the chain) and the repository
(which appends to it); ``journal.chain`` checks it against the journal.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from journal.driver import database_errors

Connection = Any  # sqlcipher3.Connection; the package ships no type information

GENESIS = "0" * 64
# Saved fields that aren't input to an entry (set by the journal itself).
SCHEMA_LEDGER = """
CREATE TABLE ledger (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    digest TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
)
"""


def event_hash(prev: str, seq: int, at: str, action: str, subject: str, digest: str) -> str:
    text = f"{prev}\n{seq}\n{at}\n{action}\n{subject}\n{digest}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def head(conn: Connection) -> tuple[int, str]:
    """The chain's position: the last event's number and hash ((0, GENESIS) when empty)."""
    row = conn.execute("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def has_ledger(conn: Connection) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger'"
        ).fetchone()
    )


def record(conn: Connection, action: str, subject: str, digest: str, at: str) -> None:
    """Append one event. Call inside the transaction that makes the change.

    A database still at a version before the ledger (only ever written by an older copy
    of the app, or by its own tests) gets its events from the migration instead.
    """
    try:
        seq, prev = head(conn)
    except database_errors():
        if has_ledger(conn):
            raise
        return
    seq += 1
    conn.execute(
        "INSERT INTO ledger (seq, at, action, subject, digest, prev, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            seq,
            at,
            action,
            subject,
            digest,
            prev,
            event_hash(prev, seq, at, action, subject, digest),
        ),
    )


def export_digest(conn: Connection, export_id: str) -> str | None:
    """What an export-log row and its entries say (not the acknowledgement, which changes)."""
    row = conn.execute(
        "SELECT id, created_at, recipient_name, recipient_email, formats, urgent, "
        "includes_threat, period_since, period_until FROM exports WHERE id = ?",
        (export_id,),
    ).fetchone()
    if row is None:
        return None
    entries = conn.execute(
        "SELECT entry_id, revision, hash FROM export_entries WHERE export_id = ? ORDER BY entry_id",
        (export_id,),
    ).fetchall()
    text = json.dumps([list(row), [list(e) for e in entries]], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def record_export(conn: Connection, export_id: str, at: str) -> None:
    """Append the export-log row ``export_id`` (written earlier in the same transaction)."""
    digest = export_digest(conn, export_id)
    if digest is not None:
        record(conn, "export", export_id, digest, at)


def adopt_existing(conn: Connection) -> None:
    """The migration's second half: start the chain with what a journal already holds."""
    stamp = conn.execute("SELECT strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')").fetchone()[0]
    rows = conn.execute("SELECT id, hash, deleted_at FROM entries ORDER BY rowid").fetchall()
    for entry_id, digest, deleted_at in rows:
        # An entry already in the bin starts the chain there, as if moved to it in the app.
        record(conn, "adopt" if deleted_at is None else "delete", entry_id, digest, stamp)
    for (export_id,) in conn.execute("SELECT id FROM exports ORDER BY created_at").fetchall():
        digest = export_digest(conn, export_id)
        if digest is not None:
            record(conn, "adopt-export", export_id, digest, stamp)


def migrate(conn: Connection) -> None:
    conn.execute(SCHEMA_LEDGER)
    adopt_existing(conn)
