"""Checking the journal's one hash chain (``journal.ledger`` writes it) against the journal.

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

from journal.compact import FTS_COLUMNS
from journal.ledger import GENESIS, event_hash, export_digest, has_ledger
from journal.repository import Repository
from journal.store import Connection

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
    if not has_ledger(conn):
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
