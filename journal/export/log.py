"""The export log: what was sent, when, to whom, and the SHA-256 of every file.

Kept inside the encrypted database. A report's entries are recorded with the
revision and hash they had when sent, so the log still says exactly what the
manager received after the entry is edited. The manager's acknowledgement can
be marked; a threat report left unacknowledged for some days is a follow-up.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from journal.errors import NotFound, ValidationError
from journal.timeutil import to_storage

if TYPE_CHECKING:
    from journal.repository import Repository


@dataclass(frozen=True)
class ExportFile:
    format: str  # pdf | json | csv
    path: str
    sha256: str
    size: int
    encrypted: bool = False


@dataclass(frozen=True)
class ExportedEntry:
    entry_id: str
    revision: int
    hash: str


@dataclass(frozen=True)
class ExportRecord:
    id: str
    created_at: datetime
    recipient_name: str
    recipient_email: str
    formats: tuple[str, ...]
    urgent: bool
    includes_threat: bool
    period_since: datetime | None
    period_until: datetime | None
    acknowledged_at: datetime | None = None
    files: tuple[ExportFile, ...] = ()
    entries: tuple[ExportedEntry, ...] = field(default=(), repr=False)

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(e.entry_id for e in self.entries)

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


def new_export_id() -> str:
    return str(uuid.uuid4())


_COLUMNS = (
    "x.id, x.created_at, x.recipient_name, x.recipient_email, x.formats, x.urgent, "
    "x.includes_threat, x.period_since, x.period_until, x.acknowledged_at"
)


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class ExportLog:
    """Reads and writes the log through a repository's connection and transactions."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.conn = repo.conn

    # -- writing ------------------------------------------------------------------

    def record(self, record: ExportRecord) -> ExportRecord:
        with self.repo.transaction():
            self.insert(record)
        return record

    def insert(self, record: ExportRecord) -> None:
        """Write one record. The caller holds the transaction (the engine writes files in it)."""
        self.conn.execute(
            "INSERT INTO exports (id, created_at, recipient_name, recipient_email, formats, "
            "urgent, includes_threat, period_since, period_until, acknowledged_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id, to_storage(record.created_at), record.recipient_name,
                record.recipient_email, json.dumps(list(record.formats)), int(record.urgent),
                int(record.includes_threat),
                to_storage(record.period_since) if record.period_since else None,
                to_storage(record.period_until) if record.period_until else None,
                to_storage(record.acknowledged_at) if record.acknowledged_at else None,
            ),
        )  # fmt: skip
        self.conn.executemany(
            "INSERT INTO export_files (export_id, format, path, sha256, size, encrypted) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (record.id, f.format, f.path, f.sha256, f.size, int(f.encrypted))
                for f in record.files
            ],
        )
        self.conn.executemany(
            "INSERT INTO export_entries (export_id, entry_id, revision, hash) VALUES (?, ?, ?, ?)",
            [(record.id, e.entry_id, e.revision, e.hash) for e in record.entries],
        )
        from journal import chain

        chain.record_export(self.conn, record.id, to_storage(record.created_at))

    def acknowledge(self, export_id: str, at: datetime | None = None) -> ExportRecord:
        """Mark that the manager confirmed they received the report."""
        moment = at or self.repo.clock()
        if moment.tzinfo is None:
            raise ValidationError({"acknowledged_at": "needs a time zone."})
        self._set_acknowledged(export_id, to_storage(moment))
        return self.get(export_id)

    def clear_acknowledgement(self, export_id: str) -> ExportRecord:
        """Undo a mistaken acknowledgement."""
        self._set_acknowledged(export_id, None)
        return self.get(export_id)

    def _set_acknowledged(self, export_id: str, value: str | None) -> None:
        with self.repo.transaction():
            cursor = self.conn.execute(
                "UPDATE exports SET acknowledged_at = ? WHERE id = ?", (value, export_id)
            )
            if cursor.rowcount == 0:
                raise NotFound("There is no report with that id in the export log.")

    # -- reading ------------------------------------------------------------------

    def records(self, *, limit: int | None = None, offset: int = 0) -> list[ExportRecord]:
        """Newest first."""
        sql = f"SELECT {_COLUMNS} FROM exports x ORDER BY x.created_at DESC, x.id"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        return self._records(self.conn.execute(sql, params).fetchall())

    def get(self, export_id: str) -> ExportRecord:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM exports x WHERE x.id = ?", (export_id,)
        ).fetchall()
        if not rows:
            raise NotFound("There is no report with that id in the export log.")
        return self._records(rows)[0]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM exports").fetchone()[0])

    def last_export_time(self) -> datetime | None:
        row = self.conn.execute("SELECT max(created_at) FROM exports").fetchone()
        return _time(row[0]) if row else None

    def reported_entry_ids(self) -> set[str]:
        """Every entry that has gone into at least one report."""
        rows = self.conn.execute("SELECT DISTINCT entry_id FROM export_entries").fetchall()
        return {str(r[0]) for r in rows}

    def reports_for_entry(self, entry_id: str) -> list[ExportRecord]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM exports x JOIN export_entries e ON e.export_id = x.id "
            "WHERE e.entry_id = ? ORDER BY x.created_at DESC",
            (entry_id,),
        ).fetchall()
        return self._records(rows)

    def followups_due(self, days: int, now: datetime | None = None) -> list[ExportRecord]:
        """Reports with a threat, not acknowledged, sent at least ``days`` days ago."""
        if days < 0:
            raise ValidationError({"days": "should be zero or more."})
        cutoff = (now or self.repo.clock()) - timedelta(days=days)
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM exports x WHERE x.acknowledged_at IS NULL "
            "AND x.includes_threat = 1 AND x.created_at <= ? ORDER BY x.created_at",
            (to_storage(cutoff),),
        ).fetchall()
        return self._records(rows)

    def _records(self, rows: Sequence[Sequence[Any]]) -> list[ExportRecord]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        marks = ", ".join("?" * len(ids))
        files: dict[str, list[ExportFile]] = {i: [] for i in ids}
        for r in self.conn.execute(
            "SELECT export_id, format, path, sha256, size, encrypted FROM export_files "
            f"WHERE export_id IN ({marks}) ORDER BY format",
            ids,
        ):
            files[r[0]].append(ExportFile(r[1], r[2], r[3], r[4], bool(r[5])))
        entries: dict[str, list[ExportedEntry]] = {i: [] for i in ids}
        for r in self.conn.execute(
            "SELECT export_id, entry_id, revision, hash FROM export_entries "
            f"WHERE export_id IN ({marks})",
            ids,
        ):
            entries[r[0]].append(ExportedEntry(r[1], r[2], r[3]))
        return [_record(r, files[r[0]], entries[r[0]]) for r in rows]


def _record(
    r: Sequence[Any], files: Iterable[ExportFile], entries: Iterable[ExportedEntry]
) -> ExportRecord:
    created = _time(r[1])
    assert created is not None
    formats = tuple(json.loads(r[4]))
    order = {fmt: n for n, fmt in enumerate(formats)}
    return ExportRecord(
        id=r[0],
        created_at=created,
        recipient_name=r[2],
        recipient_email=r[3],
        formats=formats,
        urgent=bool(r[5]),
        includes_threat=bool(r[6]),
        period_since=_time(r[7]),
        period_until=_time(r[8]),
        acknowledged_at=_time(r[9]),
        files=tuple(sorted(files, key=lambda f: order.get(f.format, len(order)))),
        entries=tuple(entries),
    )
