"""The quick check a backup passes: what changed since the last check, proof for the rest.

``verify`` reads and re-derives everything: every revision's hash, every entry's list
columns from its JSON, the whole search index rebuilt from the entries. At 100,000
entries that is half a minute, too slow to do every day. The quick check does the same
work only for the entries that changed since the last check that passed, and proves
that the others did not change with something cheaper:

* every page of the file: SQLCipher's HMAC (``PRAGMA cipher_integrity_check``), so no
  byte was changed or damaged by anything without the journal's key;
* every entry: a fingerprint of its row (every column, its saved JSON included), all
  its revisions and its tags, read straight from the database (no JSON is parsed).
  An entry whose fingerprint is the one the last check recorded is, byte for byte,
  the entry that passed every check then; the others are checked in full;
* the journal's record of changes (``journal.chain``): walked end to end as always,
  and held against every entry and every export-log row;
* every evidence file's SHA-256, as always;
* the search index: each entry's share of it is a number (a keyed hash of every word,
  field and count, summed; see journal.chain), recorded by the last check. The index's
  own vocabulary gives the same sum; entries that changed are indexed afresh in memory
  to get theirs. A word added to, taken from or moved in the index changes the sum.

What the last check recorded (the *checkpoint*) is kept in the journal's settings,
inside the encrypted database, and so it travels inside each backup: a backup is
checked against the checkpoint it carries. Without one (the first time, an older
backup, a new app version, a damaged checkpoint) the check is the full ``verify``.
What it does not do that ``verify`` does: SQLite's own ``integrity_check`` of the
b-tree structure (the pages' HMACs, and reading every row above, stand for it), and
the comparison of the search index word by word (the sum stands for it).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import struct
import threading
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from journal import __version__, store
from journal.chain import INDEX_MODULUS, expected_values, index_total
from journal.store import Connection, database_errors
from journal.verify import VerifyReport, _check_attachments, _check_chains, _check_rows, verify

SETTING = "verify.checkpoint"
FORMAT = 1
_ROW = struct.Struct("<q8sq")  # entry rowid, fingerprint, share of the index (-1: none)


@dataclass(frozen=True)
class Checkpoint:
    """What the last passing check saw: each entry's fingerprint and share of the index."""

    rows: dict[int, tuple[bytes, int]]
    schema_version: int = store.SCHEMA_VERSION
    app_version: str = __version__

    def encode(self) -> str:
        packed = b"".join(_ROW.pack(r, fp, v) for r, (fp, v) in sorted(self.rows.items()))
        body = base64.b64encode(zlib.compress(packed, 1)).decode("ascii")
        head = {
            "format": FORMAT,
            "schema_version": self.schema_version,
            "app_version": self.app_version,
            "rows": body,
        }
        text = json.dumps(head, sort_keys=True)
        digest = hashlib.sha256(text.encode()).hexdigest()
        return json.dumps({"checkpoint": text, "sha256": digest})

    @classmethod
    def decode(cls, text: str) -> Checkpoint | None:
        """The checkpoint ``text`` holds, or None when it is damaged or of another version."""
        try:
            outer = json.loads(text)
            inner = outer["checkpoint"]
            if hashlib.sha256(inner.encode()).hexdigest() != outer["sha256"]:
                return None
            head = json.loads(inner)
            if (head["format"], head["schema_version"], head["app_version"]) != (
                FORMAT,
                store.SCHEMA_VERSION,
                __version__,
            ):
                return None  # another version may check differently: check everything
            packed = zlib.decompress(base64.b64decode(head["rows"], validate=True))
            rows = {r: (fp, v) for r, fp, v in _ROW.iter_unpack(packed)}
        except (ValueError, KeyError, TypeError, AttributeError, zlib.error, struct.error):
            return None
        return cls(rows)


def load(conn: Connection) -> Checkpoint | None:
    with contextlib.suppress(*database_errors()):
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING,)).fetchone()
        if row is not None:
            with contextlib.suppress(ValueError, TypeError):
                text = json.loads(row[0])
                if isinstance(text, str):
                    return Checkpoint.decode(text)
    return None


def save(conn: Connection, checkpoint: Checkpoint) -> None:
    """Record ``checkpoint`` in the journal (its own transaction)."""
    from journal.repository import Repository

    Repository(conn).set_setting(SETTING, checkpoint.encode())


@dataclass
class QuickCheck:
    report: VerifyReport
    checkpoint: Checkpoint | None  # to record for next time; None when a check failed
    full: bool  # no usable checkpoint: every check was made in full
    rechecked: int = 0  # entries checked in full because they changed


def verify_quickly(conn: Connection, pages: Connection | None = None) -> QuickCheck:
    """Check the journal (or a backup's copy) against its checkpoint; see the module.

    ``pages``, a second connection to the same file, checks every page's HMAC on a
    thread of its own meanwhile (SQLite lets go of Python's lock while it works).
    """
    saved = load(conn)
    if saved is None:
        return _full(conn)
    report = VerifyReport()
    page_problems: list[str] = []
    page_thread = None
    if pages is not None:
        page_thread = threading.Thread(
            target=_check_pages, args=(pages, page_problems), name="page-check", daemon=True
        )
        page_thread.start()
    try:
        try:
            if pages is None:
                _check_pages(conn, page_problems)
            rows, rechecked = _quick(conn, saved, report)
        finally:
            if page_thread is not None:
                page_thread.join()
    except database_errors() as exc:
        report.problems.append(f"The journal could not be read to the end ({exc}).")
    report.problems[:0] = page_problems
    if not report.ok:
        return QuickCheck(report, None, full=False)
    return QuickCheck(report, Checkpoint(rows), False, rechecked)


def _check_pages(conn: Connection, problems: list[str]) -> None:
    try:
        damaged = bool(conn.execute("PRAGMA cipher_integrity_check").fetchall())
    except database_errors():
        damaged = True
    if damaged:
        problems.append(
            "Some encrypted pages fail their authentication check: the file was damaged or altered."
        )


def _full(conn: Connection) -> QuickCheck:
    values: dict[int, int] = {}
    report = verify(conn, index_values=values)
    if not report.ok:
        return QuickCheck(report, None, full=True)
    try:
        prints = fingerprints(conn)
    except database_errors() as exc:
        report.problems.append(f"The journal could not be read to the end ({exc}).")
        return QuickCheck(report, None, full=True)
    rows = {r: (fp, values.get(r, -1)) for r, fp in prints.rows.items()}
    return QuickCheck(report, Checkpoint(rows), full=True, rechecked=len(rows))


def _quick(
    conn: Connection, saved: Checkpoint, report: VerifyReport
) -> tuple[dict[int, tuple[bytes, int]], int]:
    from journal import chain

    prints = fingerprints(conn)
    report.entries, report.revisions = len(prints.rows), prints.revisions
    changed = [r for r, fp in prints.rows.items() if saved.rows.get(r, (b"", -1))[0] != fp]
    recheck = {prints.ids[r] for r in changed} | prints.orphans
    new_values: dict[int, int] = {}
    with _id_table(conn, recheck) as name:
        partial = VerifyReport()
        _check_chains(conn, partial, name)
        _check_rows(conn, partial, name)
        report.problems.extend(partial.problems)
        where = f"deleted_at IS NULL AND id IN (SELECT id FROM temp.{name})"
        with chain.expected_index(conn, where) as indexed_now:
            new_values = expected_values(conn, indexed_now)
    _check_attachments(conn, report, prints.with_files)
    chain.check(conn, report.problems, search_index=False, present=prints.present)
    changed_now = set(changed)
    rows = {
        rowid: (fp, new_values.get(rowid, -1) if rowid in changed_now else saved.rows[rowid][1])
        for rowid, fp in prints.rows.items()
    }
    live = sum(1 for r, (_fp, v) in rows.items() if v >= 0 and r in prints.live)
    expected = sum(v for r, (_fp, v) in rows.items() if v >= 0 and r in prints.live) % INDEX_MODULUS
    indexed = conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0]
    chain.report_index(report.problems, indexed, live, 0 if index_total(conn) == expected else -1)
    return rows, len(changed)


@dataclass(frozen=True)
class Fingerprints:
    rows: dict[int, bytes]  # entry rowid -> fingerprint
    ids: dict[int, str]  # entry rowid -> id
    live: set[int]  # rowids outside the bin
    orphans: set[str]  # ids with revisions but no entry
    revisions: int
    present: dict[str, tuple[str, bool]]  # id -> (hash, in the bin), for journal.chain
    with_files: list[tuple[str, str]]  # (id, JSON) of the entries with evidence files


def _as_json(conn: Connection, table: str) -> str:
    """Every column of ``table`` as one JSON array, written by SQLite itself: no value can
    run into the next, a number is never taken for text, and columns a later migration
    adds are covered too."""
    names = [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]
    return (
        "json_array("
        + ", ".join(
            f'hex("{n}")' if n == "data" and table == "revisions" else f'"{n}"' for n in names
        )
        + ")"
    )


def fingerprints(conn: Connection) -> Fingerprints:
    """Each entry's fingerprint: its row, its revisions and its tags, as stored; nothing
    is parsed."""
    revisions: dict[str, list[bytes]] = {}
    count = 0
    blake2b = hashlib.blake2b
    for entry_id, text in conn.execute(
        f"SELECT entry_id, {_as_json(conn, 'revisions')} FROM revisions"
    ):
        one = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        revisions.setdefault(entry_id, []).append(one)
        count += 1
    tags: dict[int, list[str]] = {}
    for rowid, tag in conn.execute("SELECT entry_rowid, tag FROM entry_tags"):
        tags.setdefault(rowid, []).append(tag)
    fp = Fingerprints({}, {}, set(), set(), count, {}, [])
    files: list[int] = []
    for rowid, entry_id, hash_, in_bin, with_files, text in conn.execute(
        "SELECT rowid, id, hash, deleted_at IS NOT NULL, attachment_count > 0, "
        f"{_as_json(conn, 'entries')} FROM entries"
    ):
        digest = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8)
        history = revisions.pop(entry_id, [])
        if len(history) > 1:
            history.sort()  # the same revisions always give the same order
        digest.update(b"\x1e%d\x1e" % len(history) + b"".join(history))
        if rowid in tags:
            digest.update("\x1e".join(sorted(tags[rowid])).encode("utf-8", "surrogatepass"))
        fp.rows[rowid] = digest.digest()
        fp.ids[rowid] = entry_id
        fp.present[entry_id] = (hash_, bool(in_bin))
        if not in_bin:
            fp.live.add(rowid)
        if with_files:
            files.append(rowid)
    for start in range(0, len(files), 500):
        marks = ",".join("?" * len(files[start : start + 500]))
        fp.with_files.extend(
            conn.execute(
                f"SELECT id, data FROM entries WHERE rowid IN ({marks})", files[start : start + 500]
            ).fetchall()
        )
    fp.orphans.update(revisions)
    return fp


@contextlib.contextmanager
def _id_table(conn: Connection, ids: Iterable[str]) -> Iterator[str]:
    """A temporary (in-memory) table of entry ids; the file itself is never written."""
    name = "pj_recheck"
    with _temp_writes(conn):
        conn.execute(f"CREATE TEMP TABLE {name} (id TEXT PRIMARY KEY)")
        try:
            conn.executemany(f"INSERT INTO temp.{name} (id) VALUES (?)", [(i,) for i in ids])
            yield name
        finally:
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


@contextlib.contextmanager
def _temp_writes(conn: Connection) -> Iterator[None]:
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    conn.execute("PRAGMA query_only = OFF")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA query_only = {'ON' if query_only else 'OFF'}")
