"""What a report may contain, decided in the core so no caller can get it wrong.

Rules, whatever the caller asks for:

- only entries marked shareable, never deleted ones, even when their id is
  passed explicitly;
- check-ins only when ``include_checkins`` is set (and then still only the
  shareable ones);
- private notes are never read into a report at all (see ``report.py``).

With no period given, a report covers what happened or was recorded since the
last report that reached the manager (see ``log.py``); ``since_last_export=False``
(the command line's ``export``) takes every shareable entry instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from journal.errors import ValidationError
from journal.export.redact import Redaction
from journal.models import KINDS
from journal.timeutil import to_storage

if TYPE_CHECKING:
    from journal.repository import Repository


@dataclass(frozen=True)
class ReportRequest:
    """Everything a person chose for one report."""

    since: datetime | None = None
    until: datetime | None = None
    since_last_export: bool = True
    kinds: frozenset[str] | None = None  # None: every kind (check-ins still need the flag)
    entry_ids: tuple[str, ...] | None = None  # exactly these (the preview's ticks)
    include_checkins: bool = False
    practitioner: str = ""
    manager_name: str = ""
    manager_email: str = ""
    urgent: bool = False
    note: str = ""  # the practitioner's words to the manager, shown under "What I'm asking"
    redactions: Sequence[Redaction] = field(default_factory=tuple)

    def validate(self) -> ReportRequest:
        if self.since and self.until and self.since > self.until:
            raise ValidationError({"period": "starts after it ends. Check the two dates."})
        unknown = set(self.kinds or ()) - set(KINDS)
        if unknown:
            raise ValidationError({"kinds": "should be among: " + ", ".join(KINDS) + "."})
        if len(self.note) > 5_000:
            raise ValidationError({"note": "is too long (at most 5,000 characters)."})
        for redaction in self.redactions:
            redaction.validate()
        return self

    def effective_kinds(self) -> tuple[str, ...]:
        wanted = set(self.kinds) if self.kinds is not None else set(KINDS)
        # The tick for check-ins is the person's own choice; it alone lets them in.
        if self.include_checkins:
            wanted.add("checkin")
        else:
            wanted.discard("checkin")
        return tuple(kind for kind in KINDS if kind in wanted)


@dataclass(frozen=True)
class Selection:
    """The ids chosen, oldest first, and the period the report says it covers."""

    entry_ids: tuple[str, ...]
    since: datetime | None
    until: datetime | None


def select_entry_ids(repo: Repository, request: ReportRequest) -> Selection:
    """The ids of the entries a report may contain, oldest first."""
    request.validate()
    kinds = request.effective_kinds()
    since = request.since
    since_is_last_export = False
    if since is None and request.since_last_export and request.entry_ids is None:
        from journal.export.log import ExportLog

        since = ExportLog(repo).last_report_time()
        since_is_last_export = since is not None
    if not kinds:
        return Selection((), since, request.until)
    clauses = [
        "deleted_at IS NULL",
        "shareable = 1",
        # Made-up entries (the demo command's) never leave the journal.
        "json_extract(data, '$.demo') IS NOT 1",
        f"kind IN ({', '.join('?' * len(kinds))})",
    ]
    params: list[object] = list(kinds)
    if since is not None:
        if since_is_last_export:
            # Something recorded after the last report is new to the manager, even if it
            # happened before it.
            clauses.append("(occurred_at >= ? OR recorded_at >= ?)")
            params.extend([to_storage(since), to_storage(since)])
        else:
            clauses.append("occurred_at >= ?")
            params.append(to_storage(since))
    if request.until is not None:
        clauses.append("occurred_at <= ?")
        params.append(to_storage(request.until))
    sql = f"SELECT id FROM entries WHERE {' AND '.join(clauses)} ORDER BY occurred_at, rowid"
    from journal.repository import translated_errors

    with translated_errors():
        ids = [str(r[0]) for r in repo.conn.execute(sql, params)]
    if since_is_last_export:
        # Times are kept to the second: an entry the last report already held is not new.
        from journal.export.log import ExportLog

        already = ExportLog(repo).reported_entry_ids()
        ids = [i for i in ids if i not in already]
    if request.entry_ids is not None:
        # Filtered here rather than in SQL: a preview may tick more ids than SQL takes at once.
        wanted = set(request.entry_ids)
        ids = [i for i in ids if i in wanted]
    return Selection(tuple(ids), since, request.until)
