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

import contextlib
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from journal.store import Connection

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


# -- checking -------------------------------------------------------------------


def _events(conn: Connection) -> Iterator[tuple[int, str, str, str, str, str, str]]:
    yield from conn.execute(
        "SELECT seq, at, action, subject, digest, prev, hash FROM ledger ORDER BY seq"
    )


def check(
    conn: Connection,
    problems: list[str],
    *,
    index_values: dict[int, int] | None = None,
    search_index: bool = True,
    present: Present | None = None,
) -> None:
    """Append, in words, everything that doesn't hold between the chain and the journal.

    ``search_index=False`` leaves the search index to the caller (the quick check proves
    it another way, journal.verify_incremental); ``index_values`` is filled as there;
    ``present`` is each entry's hash and place (read here when not given).
    """
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
    _check_entries(conn, last_entry, problems, present)
    _check_exports(conn, last_export, problems)
    if search_index:
        _check_search_index(conn, problems, index_values)


Present = dict[str, tuple[str, bool]]  # entry id -> (hash, in the bin)


def present_entries(conn: Connection) -> Present:
    return {
        str(r[0]): (str(r[1]), r[2] is not None)
        for r in conn.execute("SELECT id, hash, deleted_at FROM entries")
    }


def _check_entries(
    conn: Connection,
    last: dict[str, tuple[str, str]],
    problems: list[str],
    present: Present | None = None,
) -> None:
    if present is None:
        present = present_entries(conn)
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
        current, deleted = present[entry_id]
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


def _check_search_index(
    conn: Connection, problems: list[str], index_values: dict[int, int] | None = None
) -> None:
    """The search index says what the live entries say, and nothing else.

    The index keeps no copy of the text (journal/compact.py), so it is compared with an
    index built afresh, in memory, from the entries themselves: every word, in which field
    and how many times, through FTS5's vocabulary tables. A word added to or taken from the
    index alone, or a row for an entry that isn't there, shows up as a difference.
    """
    with expected_index(conn, "deleted_at IS NULL") as live:
        conn.execute(
            "CREATE VIRTUAL TABLE temp.pj_index_vocab USING fts5vocab(main, entries_fts, col)"
        )
        conn.execute(
            "CREATE VIRTUAL TABLE temp.pj_expected_vocab "
            "USING fts5vocab(temp, pj_expected_fts, col)"
        )
        try:
            # Each difference in its own subquery: compound SELECTs chain left to right, so
            # "A EXCEPT B UNION ALL B EXCEPT A" would be ((A - B) + B) - A, which is B - A,
            # and a word found only in the index would go unnoticed.
            differing = conn.execute(
                "SELECT (SELECT count(*) FROM ("
                "SELECT term, col, doc, cnt FROM temp.pj_index_vocab EXCEPT "
                "SELECT term, col, doc, cnt FROM temp.pj_expected_vocab)) + "
                "(SELECT count(*) FROM ("
                "SELECT term, col, doc, cnt FROM temp.pj_expected_vocab EXCEPT "
                "SELECT term, col, doc, cnt FROM temp.pj_index_vocab))"
            ).fetchone()[0]
            indexed = conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0]
            if index_values is not None:
                index_values.update(expected_values(conn, live))
        finally:
            for name in ("pj_index_vocab", "pj_expected_vocab"):
                conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    report_index(problems, indexed, len(live), differing)


def report_index(problems: list[str], indexed: int, live: int, differing: int) -> None:
    """``differing`` words between the index and the entries; below 0: some, not counted."""
    if indexed != live:
        problems.append(
            f"The search index holds {indexed:,} entries but the journal has {live:,} outside "
            "the bin: searches would find the wrong entries."
        )
    elif differing < 0:
        problems.append(
            "The search index doesn't match the entries: searches would find the wrong words."
        )
    elif differing:
        problems.append(
            f"The search index doesn't match the entries ({differing:,} word"
            f"{'s' if differing != 1 else ''} differ): searches would find the wrong words."
        )


@contextlib.contextmanager
def expected_index(conn: Connection, where: str) -> Iterator[list[int]]:
    """A temporary, in-memory index (``temp.pj_expected_fts``) of the entries ``where``
    selects, built from their saved JSON as the app builds the real one. Yields the rowids
    indexed (an entry whose JSON can't be read is left out: the revision checks report it).
    """
    from journal.compact import FTS_COLUMNS
    from journal.repository import Repository

    repo = Repository(conn)
    # A copy opened for checking only refuses every write; the tables made here are temporary
    # (in memory), so the file itself is still never written.
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    conn.execute("PRAGMA query_only = OFF")
    conn.execute(
        "CREATE VIRTUAL TABLE temp.pj_expected_fts USING fts5 ("
        f"{FTS_COLUMNS}, content = '', "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    try:
        live: list[int] = []
        rows = conn.execute(f"SELECT rowid, id, data FROM entries WHERE {where}")
        for rowid, entry_id, data in rows.fetchall():
            try:
                entry = repo._entry_from_row(json.loads(data), entry_id)
                text: dict[str, Any] = entry.searchable_text()
            except (ValueError, KeyError, TypeError):
                continue  # unreadable: the revision checks report it
            live.append(rowid)
            conn.execute(
                f"INSERT INTO temp.pj_expected_fts (rowid, {FTS_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rowid, text["title"], text["body"], text["quoted"], text["tags"],
                 text["refs"], text["private"]),
            )  # fmt: skip
        yield live
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.pj_expected_fts")
        conn.execute(f"PRAGMA query_only = {'ON' if query_only else 'OFF'}")


# -- the search index as one number ---------------------------------------------------
#
# Each word in each field of an entry is worth a keyed hash (two: one per use, one for
# being there at all); an entry's share of the index is the sum over its words, and the
# index's own vocabulary (every word, field, how many entries, how many uses) gives the
# sum over all entries. journal.verify_incremental keeps each entry's share, so the index
# is checked against the entries without reading them all again.

INDEX_MODULUS = (1 << 61) - 1  # a prime
_WORD_KEY = b"practitioner-journal search index v1"


def _word_value(column: str, term: str) -> tuple[int, int]:
    """Two keyed hashes of a word in a field: one counts its uses, one the entries."""
    digest = hashlib.blake2b(
        f"{column}\x00{term}".encode("utf-8", "surrogatepass"), key=_WORD_KEY, digest_size=16
    ).digest()
    return int.from_bytes(digest[:8], "little") % INDEX_MODULUS, int.from_bytes(
        digest[8:], "little"
    ) % INDEX_MODULUS


def expected_values(conn: Connection, rowids: list[int]) -> dict[int, int]:
    """Each entry's share of the index, from ``temp.pj_expected_fts`` (chain.expected_index).

    FTS5 lists every use of every word in order of word, entry, field: runs of the same
    three are counted as they come, so nothing is sorted or held but the sums.
    """
    values = dict.fromkeys(rowids, 0)
    conn.execute(
        "CREATE VIRTUAL TABLE temp.pj_expected_uses "
        "USING fts5vocab(temp, pj_expected_fts, instance)"
    )
    try:
        current: tuple[str, int, str] | None = None
        uses = 0
        word = (0, 0)
        for term, doc, column in conn.execute("SELECT term, doc, col FROM temp.pj_expected_uses"):
            if (term, doc, column) == current:
                uses += 1
                continue
            if current is not None:
                values[current[1]] = (values[current[1]] + uses * word[0] + word[1]) % INDEX_MODULUS
            if current is None or current[0] != term or current[2] != column:
                word = _word_value(column, term)
            current, uses = (term, doc, column), 1
        if current is not None:
            values[current[1]] = (values[current[1]] + uses * word[0] + word[1]) % INDEX_MODULUS
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.pj_expected_uses")
    return values


def index_total(conn: Connection) -> int:
    """The sum of every entry's share, from the real index's own vocabulary."""
    total = 0
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    conn.execute("PRAGMA query_only = OFF")  # for the temporary table; the file isn't written
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE temp.pj_index_words USING fts5vocab(main, entries_fts, col)"
        )
        for term, column, entries, uses in conn.execute(
            "SELECT term, col, doc, cnt FROM temp.pj_index_words"
        ):
            per_use, per_entry = _word_value(column, term)
            total += uses * per_use + entries * per_entry
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.pj_index_words")
        conn.execute(f"PRAGMA query_only = {'ON' if query_only else 'OFF'}")
    return total % INDEX_MODULUS
