"""The export log: every report made, what happened to it, to whom, and each file's SHA-256.

Kept inside the encrypted database. Each row says honestly what happened:

- *saved to a file* (``DELIVERY_FILE``): the report was written, nothing more is
  known (``export``, or a draft that couldn't be opened);
- *draft opened in the email program* (``DELIVERY_DRAFT``): a new message to the
  manager opened with the report attached;
- *sent* (``sent_at``): the person said they sent it themselves;
- *acknowledged* (``acknowledged_at``): the person marked the manager's reply.

Only a draft opened for the manager, a report the person says they sent, or one
acknowledged counts as *reported*: that is what silences the "tell your manager
about this threat" prompt and what "since your last report" means. A report's
entries are recorded with the revision and hash they had, so the log still says
exactly what the manager received after an entry is edited.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from journal import ledger
from journal.errors import NotFound, ValidationError
from journal.id_prefix import id_from_prefix
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


DELIVERY_FILE = "file"
DELIVERY_DRAFT = "draft"
DELIVERIES = (DELIVERY_FILE, DELIVERY_DRAFT)


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
    delivery: str = DELIVERY_FILE
    mail_program: str = ""  # the program the draft opened in, when it did
    sent_at: datetime | None = None  # the person said "I sent it"

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(e.entry_id for e in self.entries)

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def draft_opened(self) -> bool:
        return self.delivery == DELIVERY_DRAFT

    @property
    def reported(self) -> bool:
        """Whether the manager was (or is being) told: a draft opened, sent, or acknowledged."""
        return self.draft_opened or self.sent_at is not None or self.acknowledged

    @property
    def reported_at(self) -> datetime | None:
        """When it went to the manager, as far as the journal knows."""
        if self.draft_opened:
            return self.created_at
        return self.sent_at or self.acknowledged_at

    @property
    def state(self) -> str:
        """``acknowledged``, ``sent``, ``draft`` or ``file``: the furthest it is known to go."""
        if self.acknowledged:
            return "acknowledged"
        if self.sent_at is not None:
            return "sent"
        return self.delivery

    def to_dict(self) -> dict[str, Any]:
        """The row as plain data (``reports --json``)."""

        def moment(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "state": self.state,
            "delivery": self.delivery,
            "reported": self.reported,
            "mail_program": self.mail_program,
            "sent_at": moment(self.sent_at),
            "acknowledged_at": moment(self.acknowledged_at),
            "recipient": {"name": self.recipient_name, "email": self.recipient_email},
            "formats": list(self.formats),
            "urgent": self.urgent,
            "includes_threat": self.includes_threat,
            "period": {"since": moment(self.period_since), "until": moment(self.period_until)},
            "files": [
                {
                    "format": f.format,
                    "path": f.path,
                    "sha256": f.sha256,
                    "size": f.size,
                    "encrypted": f.encrypted,
                }
                for f in self.files
            ],
            "entries": [
                {"id": e.entry_id, "revision": e.revision, "hash": e.hash} for e in self.entries
            ],
        }


def new_export_id() -> str:
    return str(uuid.uuid4())


_COLUMNS = (
    "x.id, x.created_at, x.recipient_name, x.recipient_email, x.formats, x.urgent, "
    "x.includes_threat, x.period_since, x.period_until, x.acknowledged_at, x.delivery, "
    "x.mail_program, x.sent_at"
)
# A row the manager was told about (see ``ExportRecord.reported``).
_REPORTED = "(x.delivery = 'draft' OR x.sent_at IS NOT NULL OR x.acknowledged_at IS NOT NULL)"


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
            "urgent, includes_threat, period_since, period_until, acknowledged_at, delivery, "
            "mail_program, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id, to_storage(record.created_at), record.recipient_name,
                record.recipient_email, json.dumps(list(record.formats)), int(record.urgent),
                int(record.includes_threat),
                to_storage(record.period_since) if record.period_since else None,
                to_storage(record.period_until) if record.period_until else None,
                to_storage(record.acknowledged_at) if record.acknowledged_at else None,
                _delivery(record.delivery), record.mail_program,
                to_storage(record.sent_at) if record.sent_at else None,
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
        ledger.record_export(self.conn, record.id, to_storage(record.created_at))

    def acknowledge(self, export_id: str, at: datetime | None = None) -> ExportRecord:
        """Mark that the manager confirmed they received the report."""
        return self._set("acknowledged_at", export_id, self._moment(at, "acknowledged_at"))

    def clear_acknowledgement(self, export_id: str) -> ExportRecord:
        """Undo a mistaken acknowledgement."""
        return self._set("acknowledged_at", export_id, None)

    def mark_sent(self, export_id: str, at: datetime | None = None) -> ExportRecord:
        """The person says they sent it themselves (e.g. attached it by hand)."""
        return self._set("sent_at", export_id, self._moment(at, "sent_at"))

    def clear_sent(self, export_id: str) -> ExportRecord:
        return self._set("sent_at", export_id, None)

    def mark_draft_opened(self, export_id: str, mail_program: str) -> ExportRecord:
        """A new message to the manager opened in the email program with the report attached."""
        with self.repo.transaction():
            cursor = self.conn.execute(
                "UPDATE exports SET delivery = ?, mail_program = ? WHERE id = ?",
                (DELIVERY_DRAFT, mail_program, export_id),
            )
            if cursor.rowcount == 0:
                raise NotFound("There is no report with that id in the export log.")
        return self.get(export_id)

    def _moment(self, at: datetime | None, name: str) -> str:
        moment = at or self.repo.clock()
        if moment.tzinfo is None:
            raise ValidationError({name: "needs a time zone."})
        return to_storage(moment)

    def _set(self, column: str, export_id: str, value: str | None) -> ExportRecord:
        """Set when it was acknowledged or sent (None: not); the row as it is now."""
        assert column in ("acknowledged_at", "sent_at")
        with self.repo.transaction():
            cursor = self.conn.execute(
                f"UPDATE exports SET {column} = ? WHERE id = ?", (value, export_id)
            )
            if cursor.rowcount == 0:
                raise NotFound("There is no report with that id in the export log.")
        return self.get(export_id)

    def resolve(self, prefix: str) -> str:
        """A report's id from its first characters (at least 4), as the command line takes it."""
        return id_from_prefix(
            self.conn,
            prefix,
            table="exports",
            thing="report",
            missing="There is no report with that id in the export log.",
        )

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
        """When any report was last made, sent or only saved to a file."""
        row = self.conn.execute("SELECT max(created_at) FROM exports").fetchone()
        return _time(row[0]) if row else None

    def last_report_time(self) -> datetime | None:
        """When the last report that reached the manager was made: "since your last report"."""
        row = self.conn.execute(f"SELECT max(x.created_at) FROM exports x WHERE {_REPORTED}")
        found = row.fetchone()
        return _time(found[0]) if found else None

    def reported_entry_ids(self) -> set[str]:
        """Every entry that has gone to the manager in at least one report."""
        rows = self.conn.execute(
            "SELECT DISTINCT e.entry_id FROM export_entries e "
            f"JOIN exports x ON x.id = e.export_id WHERE {_REPORTED}"
        ).fetchall()
        return {str(r[0]) for r in rows}

    def reported_on(self, entry_id: str) -> datetime | None:
        """When the entry first went to the manager, or None."""
        times = [
            r.reported_at
            for r in self.reports_for_entry(entry_id)
            if r.reported and r.reported_at is not None
        ]
        return min(times) if times else None

    def reports_for_entry(self, entry_id: str) -> list[ExportRecord]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM exports x JOIN export_entries e ON e.export_id = x.id "
            "WHERE e.entry_id = ? ORDER BY x.created_at DESC",
            (entry_id,),
        ).fetchall()
        return self._records(rows)

    def followups_due(self, days: int, now: datetime | None = None) -> list[ExportRecord]:
        """Reports with a threat that reached the manager at least ``days`` days ago (made
        then), not acknowledged. A report only saved to a file waits for no reply."""
        if days < 0:
            raise ValidationError({"days": "should be zero or more."})
        cutoff = (now or self.repo.clock()) - timedelta(days=days)
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM exports x WHERE x.acknowledged_at IS NULL "
            f"AND x.includes_threat = 1 AND x.created_at <= ? AND {_REPORTED} "
            "ORDER BY x.created_at",
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
        delivery=_delivery(r[10]),
        mail_program=r[11] or "",
        sent_at=_time(r[12]),
    )


def _delivery(value: str) -> str:
    return value if value in DELIVERIES else DELIVERY_FILE
