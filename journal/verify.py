"""Checks that the journal is whole and that nothing was changed outside the app."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from journal.compact import unpack_revision
from journal.models import ENTRY_TYPES
from journal.repository import GENESIS_HASH, SUMMARY_DEFAULTS, chain_hash
from journal.store import Connection, database_errors


@dataclass
class VerifyReport:
    entries: int = 0
    revisions: int = 0
    attachments: int = 0
    problems: list[str] = field(default_factory=list)
    older_copy: bool = False  # an older copy was put back (journal/rollback.py)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(conn: Connection, *, index_values: dict[int, int] | None = None) -> VerifyReport:
    """Every check, on every page and every row. ``index_values``, when given, is filled
    with each live entry's share of the search index (journal.verify_incremental)."""
    report = VerifyReport()
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            report.problems.append("The database structure is damaged (integrity check failed).")
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            report.problems.append(
                "Some encrypted pages fail their authentication check: the file was damaged "
                "or altered."
            )
        _check_chains(conn, report)
        _check_rows(conn, report)
        _check_attachments(conn, report)
        from journal import chain

        chain.check(conn, report.problems, index_values=index_values)  # and the search index
    except database_errors() as exc:
        report.problems.append(f"The journal could not be read to the end ({exc}).")
    return report


def _only(column: str, only: str | None) -> str:
    """A filter to the entries listed in the temporary table ``only`` (all when None)."""
    return "" if only is None else f" WHERE {column} IN (SELECT id FROM temp.{only})"


def _check_chains(conn: Connection, report: VerifyReport, only: str | None = None) -> None:
    heads = {
        r[0]: (r[1], r[2], r[3])
        for r in conn.execute("SELECT id, revision, hash, data FROM entries" + _only("id", only))
    }
    report.entries = len(heads)
    current_id: str | None = None
    expected_prev = GENESIS_HASH
    expected_rev = 1
    last: tuple[int, str, str] | None = None
    seen: set[str] = set()

    def close_chain(entry_id: str, last: tuple[int, str, str] | None) -> None:
        head = heads.get(entry_id)
        if head is None:
            report.problems.append(f"Entry {entry_id[:8]} has history but no entry.")
        elif last is None or head != last:
            report.problems.append(
                f"Entry {entry_id[:8]} doesn't match its last saved revision: it was changed "
                "outside the app."
            )

    for entry_id, rev, prev_hash, hash_, stored, head_json in conn.execute(
        "SELECT r.entry_id, r.revision, r.prev_hash, r.hash, r.data, e.data "
        "FROM revisions r LEFT JOIN entries e "
        "ON e.id = r.entry_id AND e.revision = r.revision AND r.data = x''"
        + _only("r.entry_id", only)
        + " ORDER BY r.entry_id, r.revision"
    ):
        report.revisions += 1
        # The newest revision's JSON is the entry row's own (see journal.compact).
        data = unpack_revision(stored, head_json)
        if entry_id != current_id:
            if current_id is not None:
                close_chain(current_id, last)
            current_id = entry_id
            seen.add(entry_id)
            expected_prev, expected_rev = GENESIS_HASH, 1
        if rev > expected_rev:
            gone = (
                f"revision {expected_rev} is"
                if rev == expected_rev + 1
                else f"revisions {expected_rev} to {rev - 1} are"
            )
            report.problems.append(f"Entry {entry_id[:8]}: {gone} missing from its history.")
        elif rev != expected_rev or prev_hash != expected_prev:
            report.problems.append(
                f"Entry {entry_id[:8]}: revision {rev} is out of order in its history, or "
                "doesn't follow the one before."
            )
        if data is None or chain_hash(prev_hash, data) != hash_:
            if stored == b"" and head_json is not None:
                report.problems.append(  # the newest revision is the entry's record
                    f"Entry {entry_id[:8]}: revision {rev} was altered after it was saved "
                    "(its record was changed outside the app)."
                )
            else:
                report.problems.append(
                    f"Entry {entry_id[:8]}: revision {rev} was altered after it was saved."
                )
        last = (rev, hash_, data or "")
        expected_prev, expected_rev = hash_, rev + 1
    if current_id is not None:
        close_chain(current_id, last)
    for entry_id in heads.keys() - seen:
        report.problems.append(f"Entry {entry_id[:8]} has no saved history.")


class _FieldNames:
    """Stands in for an entry so that ``summary_fields`` says which field fills which column."""

    def __getattr__(self, name: str) -> str:
        return name


def _summary_sources(kind: str) -> dict[str, str]:
    names: Any = _FieldNames()
    sources = ENTRY_TYPES[kind].summary_fields(names)
    fields = {f.name for f in dataclasses.fields(ENTRY_TYPES[kind])}
    if not all(isinstance(v, str) and v in fields for v in sources.values()):
        raise AssertionError(f"{kind}.summary_fields must copy fields as they are")
    return dict(sources)


def _same_moment(column: str | None, saved: object) -> bool:
    """A stored UTC column against the JSON's time (which keeps the offset it was given)."""
    if column == saved:
        return True
    if column is None or not isinstance(saved, str):
        return False
    try:
        return datetime.fromisoformat(column) == datetime.fromisoformat(saved)
    except ValueError:
        return False


_ROW_SQL = (
    "SELECT rowid, id, kind, title, shareable, revision, attachment_count, occurred_at, "
    "recorded_at, updated_at, deleted_at, category, severity, platform, status, "
    "author_handle, case_ref, impact_score, data FROM entries"
)


def _check_rows(conn: Connection, report: VerifyReport, only: str | None = None) -> None:
    """Each entry's list columns and tags must say what its saved (hashed) JSON says."""
    sources = {kind: _summary_sources(kind) for kind in ENTRY_TYPES}
    tags: dict[int, list[str]] = {}
    tag_sql = "SELECT entry_rowid, tag FROM entry_tags"
    if only is not None:
        tag_sql += f" WHERE entry_rowid IN (SELECT rowid FROM entries{_only('id', only)})"
    for rowid, tag in conn.execute(tag_sql):
        tags.setdefault(rowid, []).append(tag)
    for row in conn.execute(_ROW_SQL + _only("id", only)):
        rowid, entry_id, kind = row[0], row[1], row[2]
        try:
            data = json.loads(row[18])
            summary = sources[data["kind"]]
            same = (
                (kind, row[3], row[4], row[5], row[6])
                == (
                    data["kind"], data["title"], int(data["shareable"]), data["revision"],
                    len(data.get("attachments", [])),
                )
                and all(
                    _same_moment(row[7 + n], data.get(name))
                    for n, name in enumerate(("occurred_at", "recorded_at", "updated_at"))
                )
                and _same_moment(row[10], data.get("deleted_at"))
                and all(
                    row[11 + n] == (data.get(summary[column]) if column in summary else default)
                    for n, (column, default) in enumerate(SUMMARY_DEFAULTS.items())
                )
                and sorted(tags.get(rowid, [])) == sorted(data.get("impact_tags", []))
            )  # fmt: skip
        except (ValueError, KeyError, TypeError):
            continue  # unreadable JSON: the hash check reports that entry already
        if not same:
            report.problems.append(
                f"Entry {entry_id[:8]}'s list details don't match its saved record: they were "
                "changed outside the app."
            )


def _check_attachments(
    conn: Connection, report: VerifyReport, with_files: list[tuple[str, str]] | None = None
) -> None:
    """Every evidence file against its SHA-256 and its entry's saved JSON. ``with_files``:
    the (id, JSON) of the entries that have any, when the caller has read them already."""
    if with_files is None:
        with_files = conn.execute(
            "SELECT id, data FROM entries WHERE attachment_count > 0"
        ).fetchall()
    listed: dict[str, set[str]] = {}
    for entry_id, data in with_files:
        listed[entry_id] = {a["sha256"] for a in json.loads(data).get("attachments", [])}
    stored: dict[str, set[str]] = {}
    for att_id, entry_id, sha, blob in conn.execute(
        "SELECT id, entry_id, sha256, data FROM attachments"
    ):
        report.attachments += 1
        stored.setdefault(entry_id, set()).add(sha)
        if hashlib.sha256(blob).hexdigest() != sha:
            report.problems.append(f"Evidence file {att_id[:8]} no longer matches its SHA-256.")
        elif sha not in listed.get(entry_id, set()):
            report.problems.append(
                f"Evidence file {att_id[:8]} isn't recorded in its entry's history."
            )
    for entry_id, shas in listed.items():
        if shas - stored.get(entry_id, set()):
            report.problems.append(
                f"Entry {entry_id[:8]} lists an evidence file that is no longer in the journal."
            )
