"""What the supervision screens load, gathered on the worker in one call each.

The choices made while preparing (the period and the entries to leave out) are kept
in the encrypted database, so preparing the day before survives a lock; they are
forgotten once the supervision is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from journal import queries, usecases
from journal.errors import NotFound
from journal.models import SupervisionRecord
from journal.patterns import Prompt
from journal.repository import EntryQuery
from journal.session import Journal
from journal.supervision import (
    NotShared,
    Preparation,
    RecordInfo,
    SupervisionView,
    action_state,
    last_record,
    new_record,
    not_shared,
    not_shared_prompt,
    records,
    supervision_view,
)
from journal.usecases import Changes

DRAFT_PREFIX = "supervision-record:"


def load_preparation(journal: Journal) -> Preparation:
    return queries.supervision_preparation(journal)


def save_preparation(journal: Journal, preparation: Preparation) -> Changes:
    return usecases.save_supervision_preparation(journal, preparation)


@dataclass(frozen=True)
class PrepareData:
    """For the preparation view (only the practitioner sees it)."""

    preparation: Preparation
    view: SupervisionView  # everything shareable in the period, before leaving anything out
    not_shared: NotShared
    prompt: Prompt | None
    last: RecordInfo | None


def load_prepare(journal: Journal, since: date | str | None = "saved") -> PrepareData:
    """``since``: a date, None (since the last supervision), or "saved" (as last chosen)."""
    preparation = load_preparation(journal)
    if since != "saved":
        assert since is None or isinstance(since, date)
        preparation = Preparation(since, preparation.exclude)
        save_preparation(journal, preparation)
    view = supervision_view(journal.repo, since=_since(journal, preparation))
    shown = set(view.entry_ids())
    kept = frozenset(i for i in preparation.exclude if i in shown)
    if kept != preparation.exclude:
        preparation = Preparation(preparation.since, kept)
    return PrepareData(
        preparation=preparation,
        view=view,
        not_shared=not_shared(journal.repo, view),
        prompt=not_shared_prompt(journal.repo, view),
        last=last_record(journal.repo),
    )


def _since(journal: Journal, preparation: Preparation) -> datetime | None:
    moment = preparation.since_moment()
    if moment is not None and moment > queries.now(journal):
        return None
    return moment


def load_session(journal: Journal) -> SupervisionView:
    """What supervision mode shows: shared, not left out, never private notes."""
    preparation = load_preparation(journal)
    return supervision_view(
        journal.repo, since=_since(journal, preparation), exclude=preparation.exclude
    )


@dataclass(frozen=True)
class DiscussedLine:
    """An entry a record lists as discussed: enough for one line, never its text."""

    id: str
    kind: str
    occurred_at: datetime
    title: str


@dataclass
class RecordStart:
    """A record to edit (without its private notes), and a line per discussed entry."""

    record: SupervisionRecord
    discussed: list[DiscussedLine] = field(default_factory=list)
    is_new: bool = True


def view_lines(view: SupervisionView) -> list[DiscussedLine]:
    return [
        *(DiscussedLine(i.id, "incident", i.occurred_at, i.title) for i in view.incidents),
        *(DiscussedLine(c.id, "checkin", c.occurred_at, "") for c in view.checkins),
        *(DiscussedLine(s.id, "search", s.occurred_at, s.query) for s in view.searches),
    ]


def _without_private(record: SupervisionRecord) -> SupervisionRecord:
    return replace(record, private_notes="")


def start_new_record(journal: Journal) -> RecordStart:
    """A new record filled in from the session's view (with what was left out, left out)."""
    view = load_session(journal)
    record = new_record(journal.repo, view)
    return RecordStart(record, view_lines(view), is_new=True)


def _get_record(journal: Journal, record_id: str) -> SupervisionRecord:
    entry = queries.entry(journal, record_id)
    if not isinstance(entry, SupervisionRecord):
        raise NotFound("There is no supervision record with that id.")
    return entry


def start_edit_record(journal: Journal, record_id: str) -> RecordStart:
    entry = _get_record(journal, record_id)
    lines = discussed_lines(journal, entry.discussed)
    return RecordStart(_without_private(entry), lines, is_new=False)


def discussed_lines(journal: Journal, ids: list[str]) -> list[DiscussedLine]:
    if not ids:
        return []
    found = {
        s.id: DiscussedLine(s.id, s.kind, s.occurred_at, s.title)
        for s in queries.entries(journal, EntryQuery(ids=tuple(ids), limit=None))
    }
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class RecordDetail:
    record: SupervisionRecord
    states: list[str]  # each action's state today
    discussed: int


def load_records(journal: Journal) -> list[RecordInfo]:
    return records(journal.repo, limit=200)


def load_record_detail(journal: Journal, record_id: str) -> RecordDetail:
    entry = _without_private(_get_record(journal, record_id))
    today = queries.today(journal)
    return RecordDetail(
        entry, [action_state(a, today) for a in entry.actions], len(entry.discussed)
    )
