"""One hash chain for the whole journal: every change, in order, in the ``ledger`` table.

Each entry already has its own chain of revisions, but a chain per entry can't
show that a whole entry (with its history) went, that the export log lost a
row, or that an entry was rewritten with freshly computed hashes. The ledger
can: every save, delete, restore from the bin, retention purge (as a
tombstone: the entry's id and last hash, no content) and export-log row
appends one event, chained to the one before::

    hash = SHA-256(prev "\\n" seq "\\n" at "\\n" action "\\n" subject "\\n" digest)

``digest`` is the entry's revision hash (which covers ``shareable`` and the
private notes) or a digest of the export-log row. It is the *logical* content,
never how a revision happens to be stored, so a change of storage format
doesn't break the chain.

``check`` (part of ``verify``) walks the chain end to end and then holds the
database against it: every entry must be where its last event left it, every
logged report still in the export log as it was, and the search index must
say what the entries say. The chain's head is also kept outside the database
(``journal.rollback``), so putting back an older copy is noticed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from journal.errors import JournalError
from journal.store import Connection

GENESIS = "0" * 64
# Saved fields that aren't input to an entry (set by the journal itself).
_NOT_INPUT = frozenset({"attachments", "deleted_at", "id", "recorded_at", "updated_at", "revision"})
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
ENTRY_ACTIONS = ("adopt", "add", "edit", "delete", "undelete", "purge")
EXPORT_ACTIONS = ("adopt-export", "export")
_ACTION_WORDS = {
    "add": "added",
    "edit": "edited",
    "delete": "moved to the bin",
    "undelete": "restored from the bin",
    "purge": "removed by the retention rule",
    "adopt": "present when the change record began",
}


def event_hash(prev: str, seq: int, at: str, action: str, subject: str, digest: str) -> str:
    text = f"{prev}\n{seq}\n{at}\n{action}\n{subject}\n{digest}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def head(conn: Connection) -> tuple[int, str]:
    """The chain's position: the last event's number and hash ((0, GENESIS) when empty)."""
    row = conn.execute("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def _has_ledger(conn: Connection) -> bool:
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
    from journal.store import database_errors

    try:
        seq, prev = head(conn)
    except database_errors():
        if _has_ledger(conn):
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
    for entry_id, digest in conn.execute("SELECT id, hash FROM entries ORDER BY rowid").fetchall():
        record(conn, "adopt", entry_id, digest, stamp)
    for (export_id,) in conn.execute("SELECT id FROM exports ORDER BY created_at").fetchall():
        digest = export_digest(conn, export_id)
        if digest is not None:
            record(conn, "adopt-export", export_id, digest, stamp)


def migrate(conn: Connection) -> None:
    conn.execute(SCHEMA_LEDGER)
    adopt_existing(conn)


# -- checking -------------------------------------------------------------------


def _events(conn: Connection) -> Iterator[tuple[int, str, str, str, str, str, str]]:
    yield from conn.execute(
        "SELECT seq, at, action, subject, digest, prev, hash FROM ledger ORDER BY seq"
    )


def check(conn: Connection, problems: list[str]) -> None:
    """Append, in words, everything that doesn't hold between the chain and the journal."""
    if not _has_ledger(conn):
        problems.append(
            "The journal's record of changes is missing: it was removed outside the app."
        )
        return
    last_entry: dict[str, tuple[str, str]] = {}  # id -> (action, digest)
    last_export: dict[str, str] = {}
    expected_seq, prev = 1, GENESIS
    broken = False
    for seq, at, action, subject, digest, stored_prev, stored_hash in _events(conn):
        if not broken:
            if seq != expected_seq:
                gone = (
                    f"change {expected_seq} is"
                    if seq == expected_seq + 1
                    else f"changes {expected_seq} to {seq - 1} are"
                )
                problems.append(f"The journal's record of changes is incomplete: {gone} missing.")
                broken = True
            elif stored_prev != prev or event_hash(prev, seq, at, action, subject, digest) != (
                stored_hash
            ):
                problems.append(
                    f"The journal's record of changes was altered at change {seq} "
                    f"({at[:10]}): it no longer follows on from the change before."
                )
                broken = True
        expected_seq, prev = seq + 1, stored_hash
        if action in ENTRY_ACTIONS:
            last_entry[subject] = (action, digest)
        elif action in EXPORT_ACTIONS:
            last_export[subject] = digest
    _check_entries(conn, last_entry, problems)
    _check_exports(conn, last_export, problems)
    _check_search_index(conn, problems)


def _check_entries(conn: Connection, last: dict[str, tuple[str, str]], problems: list[str]) -> None:
    present = {
        str(r[0]): (str(r[1]), r[2] is not None, bool(r[3]))
        for r in conn.execute("SELECT id, hash, deleted_at, shareable FROM entries")
    }
    for entry_id, (action, digest) in last.items():
        short = entry_id[:8]
        if action == "purge":
            if entry_id in present:
                problems.append(
                    f"Entry {short} was removed by the retention rule but is back in the journal."
                )
            continue
        if entry_id not in present:
            problems.append(
                f"Entry {short} is gone, with its history, but it was never removed in the app "
                f"(its last recorded change: {_ACTION_WORDS.get(action, action)})."
            )
            continue
        current, deleted, _shareable = present[entry_id]
        if current != digest:
            problems.append(
                f"Entry {short} isn't what its last recorded change saved: it (or whether it "
                "may be shared, or its private notes) was changed outside the app."
            )
        elif deleted != (action == "delete"):
            problems.append(f"Entry {short} was moved in or out of the bin outside the app.")
    for entry_id in present.keys() - last.keys():
        problems.append(
            f"Entry {entry_id[:8]} isn't in the journal's record of changes: it was added "
            "outside the app."
        )


def _check_exports(conn: Connection, last: dict[str, str], problems: list[str]) -> None:
    present = {str(r[0]) for r in conn.execute("SELECT id FROM exports")}
    for export_id, digest in last.items():
        if export_id not in present:
            problems.append(
                f"A report (export {export_id[:8]}) was removed from the export log outside "
                "the app."
            )
        elif export_digest(conn, export_id) != digest:
            problems.append(
                f"The export log's record of report {export_id[:8]} was changed outside the app."
            )
    for export_id in present - last.keys():
        problems.append(
            f"The export log has a report (export {export_id[:8]}) that was added outside the app."
        )


def _check_search_index(conn: Connection, problems: list[str]) -> None:
    """Every live entry's index row says what the entry says; no other rows are there.

    One pass over entries joined to the index by rowid (no query per entry).
    """
    from journal.models import entry_from_dict

    columns = [str(r[1]) for r in conn.execute("PRAGMA table_info(entries_fts)")]
    live: set[int] = set()
    wrong = 0
    first_wrong = ""
    found = ", ".join(f"f.{c}" for c in columns)
    for row in conn.execute(
        f"SELECT e.rowid, e.id, e.data, f.rowid, {found} FROM entries e "
        "LEFT JOIN entries_fts f ON f.rowid = e.rowid WHERE e.deleted_at IS NULL"
    ):
        rowid, entry_id, data = int(row[0]), str(row[1]), row[2]
        live.add(rowid)
        try:
            fields = {k: v for k, v in json.loads(data).items() if k not in _NOT_INPUT}
            entry, _files = entry_from_dict(fields)
            expected: dict[str, Any] = entry.searchable_text()
        except (ValueError, KeyError, TypeError, JournalError):
            continue  # unreadable: the revision checks report it
        in_index = dict(zip(columns, row[4:], strict=True))
        if row[3] is None or any(str(in_index.get(c)) != str(v) for c, v in expected.items()):
            wrong += 1
            first_wrong = first_wrong or entry_id[:8]
    indexed = {int(r[0]) for r in conn.execute("SELECT rowid FROM entries_fts")}
    extra = len(indexed - live)
    if wrong:
        problems.append(
            f"The search index doesn't match {wrong:,} entr{'y' if wrong == 1 else 'ies'} "
            f"(the first is {first_wrong}): searches would find the wrong words."
        )
    if extra:
        problems.append(
            f"The search index holds {extra:,} row{'s' if extra != 1 else ''} for entries that "
            "aren't in the journal (or are in the bin)."
        )
