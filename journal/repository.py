"""Reading and writing entries. Every edit is a revision whose hash chains to the last.

All writes for one save (row, revision, tags, attachments, search index) are
one transaction: a crash or a full disk leaves the journal as it was.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from journal import ledger, search
from journal.compact import pack_revision, unpack_revision
from journal.errors import CorruptJournal, JournalError, NotFound, StorageError, ValidationError
from journal.models import (
    DEFAULT_IMPACT_TAGS,
    ENTRY_TYPES,
    Attachment,
    Entry,
    NewAttachment,
    Tag,
    entry_from_dict,
    normalise_tag,
    validate_entry,
)
from journal.store import Connection, database_errors
from journal.timeutil import now, to_storage

GENESIS_HASH = "0" * 64

# List columns beside each entry's JSON, and their value for kinds that don't fill them.
SUMMARY_DEFAULTS: dict[str, str | None] = {
    "category": None, "severity": None, "platform": None, "status": None,
    "author_handle": "", "case_ref": "", "impact_score": None,
}  # fmt: skip


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def add_period(
    clauses: list[str], params: list[Any], since: datetime | None, until: datetime | None
) -> None:
    """Narrow a WHERE to entries that happened from ``since`` to ``until`` (None: open)."""
    if since is not None:
        clauses.append("e.occurred_at >= ?")
        params.append(to_storage(since))
    if until is not None:
        clauses.append("e.occurred_at <= ?")
        params.append(to_storage(until))


def chain_hash(prev_hash: str, data_json: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{data_json}".encode()).hexdigest()


def translate_error(exc: BaseException) -> JournalError | None:
    """Map a driver error to the world's error it stands for, or None for a bug."""
    text = str(exc).lower()
    if "full" in text or "disk i/o" in text or "readonly" in text or "read-only" in text:
        return StorageError()
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return CorruptJournal()
    if "vtable constructor failed" in text:  # the search index's own tables are damaged
        return CorruptJournal()
    return None


@contextlib.contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except database_errors() as exc:
        mapped = translate_error(exc)
        if mapped is None:
            raise
        raise mapped from exc
    except OSError as exc:
        raise StorageError() from exc


P = ParamSpec("P")
R = TypeVar("R")


def translated(fn: Callable[P, R]) -> Callable[P, R]:
    """``translated_errors`` around a whole function: for reads outside ``Repository``."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translated_errors():
            return fn(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class EntryQuery:
    """A page of entries, filtered. Empty filters mean "any"."""

    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    categories: frozenset[str] = frozenset()
    severities: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    tag: str | None = None
    author_handle: str | None = None
    person: str | None = None  # a person's label: incidents from any of their accounts
    legal: str | None = None  # "police" or "court_order" (journal/legal.py)
    shareable_only: bool = False
    deleted: bool = False
    text: str = ""
    include_private_in_search: bool = True
    ids: tuple[str, ...] | None = None
    limit: int | None = 100
    offset: int = 0
    order: str = "newest"  # newest | oldest | relevance (when text is given)


@dataclass(frozen=True)
class EntrySummary:
    """What a list row needs; never the full text."""

    rowid: int
    id: str
    kind: str
    occurred_at: datetime
    title: str
    category: str
    severity: str
    platform: str
    status: str
    author_handle: str
    case_ref: str
    impact_score: int | None
    impact_tags: tuple[str, ...]
    attachment_count: int
    shareable: bool
    revision: int
    snippet: str = ""  # around the first match, with search.HIT_START/HIT_END markers
    matched_in: str = ""  # title, body, tags, refs, quoted or private (quoted/private: no snippet)


@dataclass(frozen=True)
class Revision:
    entry_id: str
    revision: int
    saved_at: datetime
    prev_hash: str
    hash: str
    data: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class AuthorSummary:
    """A course of conduct: how often one handle appears, and over what time."""

    handle: str
    count: int
    first: datetime
    last: datetime
    worst_severity: str


_SEVERITY_ORDER = "CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"  # noqa: E501

_SUMMARY_COLUMNS = (
    "e.rowid, e.id, e.kind, e.occurred_at, e.title, e.category, e.severity, e.platform, "
    "e.status, e.author_handle, e.case_ref, e.impact_score, "
    "json_extract(e.data, '$.impact_tags'), e.attachment_count, e.shareable, e.revision"
)


class Repository:
    def __init__(self, conn: Connection, clock: Callable[[], datetime] = now) -> None:
        self.conn = conn
        self.clock = clock
        # Tags already made in the current transaction (a batch repeats the same few).
        self._tags_written: set[str] = set()
        self._depth = 0  # transactions open on this connection: 1 the outer, more nested
        # Once a read has met damage, SQLCipher refuses writes as "read-only": that is still
        # the damage speaking, not a full disk.
        self.damaged = False

    def _now(self) -> datetime:
        """The clock as every record keeps it: UTC, whole seconds, even from a naive clock."""
        moment = self.clock()
        if moment.tzinfo is None:
            moment = moment.astimezone()  # a naive time is the computer's local time
        return moment.astimezone(UTC).replace(microsecond=0)

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """``translated_errors`` that remembers damage once it has been seen."""
        try:
            with translated_errors():
                yield
        except CorruptJournal:
            self.damaged = True
            raise
        except StorageError as exc:
            if self.damaged or self._refused_as_read_only_but_writable(exc):
                self.damaged = True
                raise CorruptJournal() from exc
            raise

    def _refused_as_read_only_but_writable(self, exc: StorageError) -> bool:
        """SQLCipher also says "read-only" when a write meets a damaged page first. A file
        and folder that can be written to make that the damage speaking, not the disk."""
        cause = str(exc.__cause__ or "").lower()
        if "readonly" not in cause and "read-only" not in cause:
            return False
        try:
            rows = self.conn.execute("PRAGMA database_list").fetchall()
        except database_errors():
            return False
        files = [str(r[2]) for r in rows if r[1] == "main" and r[2]]
        if not files:
            return False
        path = files[0]
        folder = os.path.dirname(path) or "."
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)

    # -- transactions -------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: everything inside is written together, or none of it is.

        Inside another transaction this one joins it as a savepoint, so a use case can
        put several writes (each of which opens its own transaction when alone) into
        one commit: an error inside undoes that part, and only the outer one commits.
        """
        if self._depth:
            with self._savepoint():
                yield
            return
        with self._guard():
            self.conn.execute("BEGIN IMMEDIATE")
            self._tags_written = set()
            self._depth = 1
            try:
                yield
            except BaseException:
                with contextlib.suppress(Exception):
                    self.conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(Exception):
                        self.conn.execute("ROLLBACK")
                    raise
            finally:
                self._depth = 0

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"nested_{self._depth}"
        tags_before = set(self._tags_written)
        self.conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            self._tags_written = tags_before  # the tags made in there are gone again
            raise
        else:
            self.conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- writing --------------------------------------------------------------

    def seed_defaults(self) -> None:
        with self.transaction():
            stamp = to_storage(self.clock())
            self.conn.executemany(
                "INSERT OR IGNORE INTO tags (name, builtin, created_at) VALUES (?, 1, ?)",
                [(tag, stamp) for tag in DEFAULT_IMPACT_TAGS],
            )

    def add(self, entry: Entry, attachments: Sequence[NewAttachment] = ()) -> Entry:
        return self.add_many([(entry, attachments)])[0]

    def add_many(
        self,
        items: Iterable[tuple[Entry, Sequence[NewAttachment]]],
        *,
        validated: bool = False,
    ) -> list[Entry]:
        """Validate everything first, then write all of it in one transaction or nothing.

        ``validated=True`` is for entries that have just come out of ``entry_from_dict``
        (the command line) or the demo generator (tested to pass it): checking them a
        second time only costs time. Attachments are checked either way.
        """
        checked = []
        for index, (entry, files) in enumerate(items):
            try:
                valid = entry if validated else validate_entry(entry)
                for new in files:
                    new.validate()
            except ValidationError as exc:
                raise ValidationError(exc.errors, index) from None
            checked.append((valid, files))
        saved = []
        with self.transaction():
            for entry, files in checked:
                saved.append(self._insert(entry, files))
        return saved

    def insert_in_transaction(
        self, entry: Entry, attachments: Sequence[NewAttachment] = ()
    ) -> Entry:
        """Validate and add one entry inside a transaction the caller already holds, so a
        use case that also writes other tables (an import, a person link) commits once."""
        valid = validate_entry(entry)
        for new in attachments:
            new.validate()
        return self._insert(valid, attachments)

    def update(
        self,
        entry: Entry,
        new_attachments: Sequence[NewAttachment] = (),
        *,
        expected_revision: int | None = None,
    ) -> Entry:
        """Save a new revision. ``recorded_at`` always stays what the first save set."""
        valid = validate_entry(entry)
        for new in new_attachments:
            new.validate()
        with self.transaction():
            row = self.conn.execute(
                "SELECT rowid, recorded_at, hash, revision, kind, deleted_at, data FROM entries "
                "WHERE id = ?",
                (entry.id,),
            ).fetchone()
            if row is None:
                raise NotFound()
            rowid, recorded_at, prev_hash, revision, kind, deleted_at, old_json = row
            if deleted_at is not None:
                # Saving would bring it back into the index while it stays deleted.
                raise NotFound("That entry was deleted. Restore it before changing it.")
            if kind != valid.kind:
                raise ValidationError({"kind": "can't be changed after saving."})
            if expected_revision is not None and expected_revision != revision:
                raise ValidationError(
                    {"entry": "was changed elsewhere since you opened it. Reopen it and try again."}
                )
            keep = {a.id for a in valid.attachments}
            current = self._attachments(entry.id)
            for att in current:
                if att.id not in keep:
                    self.conn.execute("DELETE FROM attachments WHERE id = ?", (att.id,))
            kept = [a for a in current if a.id in keep]
            added = [self._insert_attachment(entry.id, new) for new in new_attachments]
            valid.attachments = kept + added
            valid.recorded_at = datetime.fromisoformat(recorded_at)
            valid.updated_at = self._now()
            valid.revision = revision + 1
            self._retire_head(entry.id, revision, old_json)
            self._write(valid, rowid, prev_hash, replace_existing=True)
        return valid

    def delete(self, entry_id: str) -> None:
        """Soft delete: hidden from lists and search, kept in history, undoable."""
        self._set_deleted(entry_id, deleted=True)

    def undelete(self, entry_id: str) -> None:
        self._set_deleted(entry_id, deleted=False)

    def _set_deleted(self, entry_id: str, *, deleted: bool) -> None:
        with self.transaction():
            row = self.conn.execute(
                "SELECT rowid, hash, revision, data, deleted_at FROM entries WHERE id = ?",
                (entry_id,),
            ).fetchone()
            if row is None:
                raise NotFound()
            rowid, prev_hash, revision, data_json, deleted_at = row
            if (deleted_at is not None) == deleted:
                return
            stamp = to_storage(self.clock())
            self._retire_head(entry_id, revision, data_json)
            data = json.loads(data_json)
            data["revision"] = revision + 1
            data["updated_at"] = stamp
            if deleted:
                data["deleted_at"] = stamp
            else:
                data.pop("deleted_at", None)
            data_json = canonical_json(data)
            new_hash = chain_hash(prev_hash, data_json)
            self.conn.execute(
                "UPDATE entries SET deleted_at = ?, revision = ?, hash = ?, data = ?, "
                "updated_at = ? WHERE rowid = ?",
                (stamp if deleted else None, revision + 1, new_hash, data_json, stamp, rowid),
            )
            self._add_revision(entry_id, revision + 1, stamp, prev_hash, new_hash, data_json)
            ledger.record(self.conn, "delete" if deleted else "undelete", entry_id, new_hash, stamp)
            self.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (rowid,))
            if not deleted:
                entry = self._entry_from_row(data, entry_id)
                self._index(rowid, entry)

    def _insert(self, entry: Entry, files: Sequence[NewAttachment]) -> Entry:
        entry = replace(entry)
        entry.id = str(uuid.uuid4())
        stamp = self._now()
        entry.recorded_at = stamp
        entry.updated_at = stamp
        entry.revision = 1
        # The files' details are part of the first revision, so they are settled before the
        # row is written; their bytes follow once the row they belong to exists.
        entry.attachments = [self._attachment_meta(new) for new in files]
        self._write(entry, None, GENESIS_HASH, replace_existing=False)
        for meta, new in zip(entry.attachments, files, strict=True):
            self._store_attachment(entry.id, meta, new)
        return entry

    def _write(
        self, entry: Entry, rowid: int | None, prev_hash: str, *, replace_existing: bool
    ) -> None:
        """Write the entry's row (a new one when ``rowid`` is None), revision, tags and index."""
        assert entry.recorded_at is not None and entry.updated_at is not None
        data = entry.to_dict()
        data.pop("hash")
        data_json = canonical_json(data)
        entry.hash = chain_hash(prev_hash, data_json)
        summary: dict[str, Any] = dict(SUMMARY_DEFAULTS)
        summary.update(entry.summary_fields())
        values = (
            to_storage(entry.occurred_at), to_storage(entry.recorded_at),
            to_storage(entry.updated_at), entry.title, int(entry.shareable),
            summary["category"], summary["severity"], summary["platform"],
            summary["status"], summary["author_handle"], summary["case_ref"],
            summary["impact_score"], len(entry.attachments), entry.revision,
            entry.hash, data_json,
        )  # fmt: skip
        if rowid is None:
            rowid = self.conn.execute(
                "INSERT INTO entries (occurred_at, recorded_at, updated_at, title, shareable, "
                "category, severity, platform, status, author_handle, case_ref, impact_score, "
                "attachment_count, revision, hash, data, id, kind) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, entry.id, entry.kind),
            ).lastrowid
        else:
            self.conn.execute(
                "UPDATE entries SET occurred_at = ?, recorded_at = ?, updated_at = ?, title = ?, "
                "shareable = ?, category = ?, severity = ?, platform = ?, status = ?, "
                "author_handle = ?, case_ref = ?, impact_score = ?, attachment_count = ?, "
                "revision = ?, hash = ?, data = ? WHERE rowid = ?",
                (*values, rowid),
            )
        assert rowid is not None
        self._add_revision(
            entry.id, entry.revision, to_storage(entry.updated_at), prev_hash, entry.hash, data_json
        )
        ledger.record(
            self.conn,
            "add" if entry.revision == 1 else "edit",
            entry.id,
            entry.hash,
            to_storage(entry.updated_at),
        )
        tags = list(getattr(entry, "impact_tags", []))
        if replace_existing:
            self.conn.execute("DELETE FROM entry_tags WHERE entry_rowid = ?", (rowid,))
            self.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (rowid,))
        if tags:
            stamp = to_storage(entry.updated_at)
            unseen = [t for t in tags if t not in self._tags_written]
            if unseen:
                self.conn.executemany(
                    "INSERT OR IGNORE INTO tags (name, builtin, created_at) VALUES (?, 0, ?)",
                    [(t, stamp) for t in unseen],
                )
                self._tags_written.update(unseen)
            self.conn.executemany(
                "INSERT OR IGNORE INTO entry_tags (tag, entry_rowid) VALUES (?, ?)",
                [(t, rowid) for t in tags],
            )
        self._index(rowid, entry)

    def _index(self, rowid: int, entry: Entry) -> None:
        text = entry.searchable_text()
        self.conn.execute(
            "INSERT INTO entries_fts (rowid, title, body, quoted, tags, refs, private) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rowid, text["title"], text["body"], text["quoted"], text["tags"], text["refs"],
             text["private"]),
        )  # fmt: skip

    def _add_revision(
        self, entry_id: str, revision: int, saved_at: str, prev: str, new: str, data_json: str
    ) -> None:
        """The newest revision's JSON is the entry row's own: it is not stored twice."""
        self.conn.execute(
            "INSERT INTO revisions (entry_id, revision, saved_at, prev_hash, hash, data) "
            "VALUES (?, ?, ?, ?, ?, x'')",
            (entry_id, revision, saved_at, prev, new),
        )

    def _retire_head(self, entry_id: str, revision: int, data_json: str) -> None:
        """Before a new revision replaces the entry row, the old one keeps its own JSON."""
        self.conn.execute(
            "UPDATE revisions SET data = ? WHERE entry_id = ? AND revision = ? AND data = x''",
            (pack_revision(data_json), entry_id, revision),
        )

    def _insert_attachment(self, entry_id: str, new: NewAttachment) -> Attachment:
        att = self._attachment_meta(new)
        self._store_attachment(entry_id, att, new)
        return att

    @staticmethod
    def _attachment_meta(new: NewAttachment) -> Attachment:
        return Attachment(
            id=str(uuid.uuid4()),
            filename=new.filename,
            mime=new.mime,
            size=len(new.data),
            sha256=new.sha256,
            captured_at=new.captured_at.replace(microsecond=0),
        )

    def _store_attachment(self, entry_id: str, att: Attachment, new: NewAttachment) -> None:
        self.conn.execute(
            "INSERT INTO attachments (id, entry_id, filename, mime, size, sha256, captured_at, "
            "added_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (att.id, entry_id, att.filename, att.mime, att.size, att.sha256,
             to_storage(att.captured_at), to_storage(self.clock()), new.data),
        )  # fmt: skip

    # -- reading --------------------------------------------------------------

    def get(self, entry_id: str, *, include_deleted: bool = False) -> Entry:
        with self._guard():
            row = self.conn.execute(
                "SELECT data, hash, deleted_at FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None or (row[2] is not None and not include_deleted):
                raise NotFound()
            entry = self._entry_from_row(json.loads(row[0]), entry_id)
        entry.hash = row[1]
        return entry

    def kind_of(self, entry_id: str) -> str:
        """The kind of an entry, deleted or not (without reading the entry itself)."""
        with self._guard():
            row = self.conn.execute("SELECT kind FROM entries WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise NotFound()
        return str(row[0])

    def _entry_from_row(self, data: dict[str, Any], entry_id: str) -> Entry:
        kind = data["kind"]
        fields = dict(data)
        for key in ("attachments", "deleted_at"):
            fields.pop(key, None)
        entry, _ = entry_from_dict(fields, kind=kind)
        entry.id = entry_id
        entry.recorded_at = datetime.fromisoformat(data["recorded_at"])
        entry.updated_at = datetime.fromisoformat(data["updated_at"])
        entry.revision = data["revision"]
        entry.attachments = self._attachments(entry_id)
        return entry

    def _attachments(self, entry_id: str) -> list[Attachment]:
        rows = self.conn.execute(
            "SELECT id, filename, mime, size, sha256, captured_at FROM attachments "
            "WHERE entry_id = ? ORDER BY captured_at, rowid",
            (entry_id,),
        ).fetchall()
        return [
            Attachment(r[0], r[1], r[2], r[3], r[4], datetime.fromisoformat(r[5])) for r in rows
        ]

    def attachment(self, attachment_id: str) -> Attachment:
        """The attachment with its bytes, read from inside the encrypted database."""
        with self._guard():
            r = self.conn.execute(
                "SELECT id, filename, mime, size, sha256, captured_at, data FROM attachments "
                "WHERE id = ?",
                (attachment_id,),
            ).fetchone()
        if r is None:
            raise NotFound("There is no attachment with that id.")
        return Attachment(r[0], r[1], r[2], r[3], r[4], datetime.fromisoformat(r[5]), bytes(r[6]))

    def _where(self, query: EntryQuery) -> tuple[list[str], list[Any]]:
        clauses = ["e.deleted_at IS NOT NULL" if query.deleted else "e.deleted_at IS NULL"]
        params: list[Any] = []
        if query.kind:
            clauses.append("e.kind = ?")
            params.append(query.kind)
        add_period(clauses, params, query.since, query.until)
        for column, values in (
            ("category", query.categories),
            ("severity", query.severities),
            ("status", query.statuses),
            ("platform", query.platforms),
        ):
            if values:
                clauses.append(f"e.{column} IN ({', '.join('?' * len(values))})")
                params.extend(sorted(values))
        if query.tag:
            clauses.append(
                "EXISTS (SELECT 1 FROM entry_tags t WHERE t.tag = ? AND t.entry_rowid = e.rowid)"
            )
            params.append(normalise_tag(query.tag))
        if query.author_handle is not None:
            clauses.append("e.author_handle = ?")
            params.append(query.author_handle)
        if query.person is not None:
            clauses.append(
                "e.author_handle IN (SELECT h.handle FROM person_handles h JOIN persons p "
                "ON p.id = h.person_id WHERE p.label = ? COLLATE NOCASE)"
            )
            params.append(query.person)
        if query.legal is not None:
            from journal.legal import where_clause

            clauses.append(where_clause(query.legal))
        if query.shareable_only:
            clauses.append("e.shareable = 1")
        if query.ids is not None:
            clauses.append(f"e.id IN ({', '.join('?' * len(query.ids))})")
            params.extend(query.ids)
        return clauses, params

    def list_entries(self, query: EntryQuery = EntryQuery()) -> list[EntrySummary]:
        clauses, params = self._where(query)
        match = (
            search.build_match(query.text, include_private=query.include_private_in_search)
            if query.text
            else None
        )
        if query.text and match is None:
            return []
        if match:
            return self._search_page(query, match, clauses, params)
        sql = f"SELECT {_SUMMARY_COLUMNS}, '' FROM entries e WHERE {' AND '.join(clauses)}"
        sql += self._order_by(query, ranked=False)
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params.extend([query.limit, query.offset])
        with self._guard():
            rows = self.conn.execute(sql, params).fetchall()
        return [self._summary(r) for r in rows]

    @staticmethod
    def _order_by(query: EntryQuery, *, ranked: bool) -> str:
        if ranked and query.order == "relevance":
            return f" ORDER BY {search.RANK_SQL}"
        if query.order == "oldest":
            return " ORDER BY e.occurred_at ASC, e.rowid ASC"
        return " ORDER BY e.occurred_at DESC, e.rowid DESC"

    def _search_page(
        self, query: EntryQuery, match: str, clauses: list[str], params: list[Any]
    ) -> list[EntrySummary]:
        """Matches in two steps: find the page's rows, then make snippets for those alone.

        A snippet costs a pass over the entry's text, so making one for every match of a
        common word before sorting and limiting would cost seconds on a large journal.
        """
        if query.order == "relevance":
            sql = (
                "SELECT e.rowid FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid "
                f"WHERE entries_fts MATCH ? AND {' AND '.join(clauses)}"
            ) + self._order_by(query, ranked=True)
            page_params: list[Any] = [match, *params]
        else:
            # Walk the date index and keep the rows the index matched: far cheaper than
            # sorting every match of a common word by a column of the (large) entry rows.
            sql = (
                f"SELECT e.rowid FROM entries e WHERE {' AND '.join(clauses)} AND e.rowid IN "
                "(SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)"
            ) + self._order_by(query, ranked=False)
            page_params = [*params, match]
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            page_params.extend([query.limit, query.offset])
        with self._guard():
            rowids = [r[0] for r in self.conn.execute(sql, page_params)]
            if not rowids:
                return []
            marks = ", ".join("?" * len(rowids))
            rows = {
                r[0]: r
                for r in self.conn.execute(
                    f"SELECT {_SUMMARY_COLUMNS}, e.data FROM entries e WHERE e.rowid IN ({marks})",
                    rowids,
                )
            }
        # Snippets are made here rather than by FTS5's snippet(), which would reload the
        # whole match list for every row of the page.
        words = search.terms(query.text)
        out = []
        for rowid in rowids:
            row = rows.get(rowid)
            if row is None:
                continue
            data = json.loads(row[-1])
            columns = self._entry_from_row(data, row[1]).searchable_text()
            if not query.include_private_in_search:
                columns.pop("private", None)
            matched_in, snippet = search.locate(columns, words)
            summary = self._summary((*row[:-1], snippet))
            out.append(replace(summary, matched_in=matched_in))
        return out

    @staticmethod
    def _summary(r: Sequence[Any]) -> EntrySummary:
        return EntrySummary(
            rowid=r[0],
            id=r[1],
            kind=r[2],
            occurred_at=datetime.fromisoformat(r[3]),
            title=r[4],
            category=r[5] or "",
            severity=r[6] or "",
            platform=r[7] or "",
            status=r[8] or "",
            author_handle=r[9] or "",
            case_ref=r[10] or "",
            impact_score=r[11],
            impact_tags=tuple(json.loads(r[12])) if r[12] else (),
            attachment_count=r[13],
            shareable=bool(r[14]),
            revision=r[15],
            snippet=" ".join((r[16] or "").split()),  # one line, whatever the text held
        )

    def count(self, query: EntryQuery = EntryQuery()) -> int:
        clauses, params = self._where(query)
        if query.text:
            match = search.build_match(query.text, include_private=query.include_private_in_search)
            if match is None:
                return 0
            sql = (
                f"SELECT count(*) FROM entries e WHERE {' AND '.join(clauses)} AND e.rowid IN "
                "(SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)"
            )
            params = [*params, match]
        else:
            sql = f"SELECT count(*) FROM entries e WHERE {' AND '.join(clauses)}"
        with self._guard():
            return int(self.conn.execute(sql, params).fetchone()[0])

    def search(self, text: str, *, kind: str | None = None, limit: int = 50) -> list[EntrySummary]:
        """Best matches first."""
        return self.list_entries(EntryQuery(kind=kind, text=text, limit=limit, order="relevance"))

    def counts_by_kind(self) -> dict[str, int]:
        with self._guard():
            rows = self.conn.execute(
                "SELECT kind, count(*) FROM entries WHERE deleted_at IS NULL GROUP BY kind"
            ).fetchall()
        counts = dict.fromkeys(ENTRY_TYPES, 0)
        counts.update({k: n for k, n in rows})
        return counts

    def authors(self) -> list[AuthorSummary]:
        with self._guard():
            rows = self.conn.execute(
                "SELECT author_handle, count(*), min(occurred_at), max(occurred_at), "
                f"max({_SEVERITY_ORDER}) FROM entries "
                "WHERE kind = 'incident' AND deleted_at IS NULL AND author_handle <> '' "
                "GROUP BY author_handle ORDER BY count(*) DESC, max(occurred_at) DESC"
            ).fetchall()
        names = {4: "critical", 3: "high", 2: "medium", 1: "low", 0: ""}
        return [
            AuthorSummary(
                r[0], r[1], datetime.fromisoformat(r[2]), datetime.fromisoformat(r[3]), names[r[4]]
            )
            for r in rows
        ]

    def history(self, entry_id: str) -> list[Revision]:
        with self._guard():
            rows = self.conn.execute(
                "SELECT r.revision, r.saved_at, r.prev_hash, r.hash, r.data, e.data "
                "FROM revisions r LEFT JOIN entries e "
                "ON e.id = r.entry_id AND e.revision = r.revision AND r.data = x'' "
                "WHERE r.entry_id = ? ORDER BY r.revision",
                (entry_id,),
            ).fetchall()
        if not rows:
            raise NotFound()
        out = []
        for r in rows:
            data_json = unpack_revision(r[4], r[5])
            if data_json is None:
                raise CorruptJournal()
            out.append(
                Revision(
                    entry_id, r[0], datetime.fromisoformat(r[1]), r[2], r[3], json.loads(data_json)
                )
            )
        return out

    def tags(self) -> list[Tag]:
        with self._guard():
            rows = self.conn.execute(
                "SELECT t.name, t.builtin, "
                "(SELECT count(*) FROM entry_tags et WHERE et.tag = t.name) "
                "FROM tags t ORDER BY t.builtin DESC, t.name"
            ).fetchall()
        return [Tag(r[0], bool(r[1]), r[2]) for r in rows]

    def add_tag(self, name: str) -> Tag:
        tag = normalise_tag(name)
        if not tag or len(tag) > 40:
            raise ValidationError({"tag": "should be 1 to 40 characters."})
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO tags (name, builtin, created_at) VALUES (?, 0, ?)",
                (tag, to_storage(self.clock())),
            )
        return Tag(tag, False)

    # -- settings and drafts (inside the encrypted file) -------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._guard():
            row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def save_draft(self, draft_id: str, data: dict[str, Any]) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO drafts (id, saved_at, data) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET saved_at = excluded.saved_at, data = excluded.data",
                (draft_id, to_storage(self.clock()), json.dumps(data)),
            )

    def drafts(self) -> list[tuple[str, datetime, dict[str, Any]]]:
        with self._guard():
            rows = self.conn.execute(
                "SELECT id, saved_at, data FROM drafts ORDER BY saved_at"
            ).fetchall()
        return [(r[0], datetime.fromisoformat(r[1]), json.loads(r[2])) for r in rows]

    def delete_draft(self, draft_id: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
