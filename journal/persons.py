"""People behind accounts: a label the practitioner chooses, linked to several handles.

Harassment is a course of conduct, and one person often writes from several
accounts. A person here is only a label ("Parent A, case 123"): never
required to be a real name. Each author handle belongs to at most one person;
every link and unlink is kept in ``person_history`` with its time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from journal.errors import NotFound, ValidationError
from journal.models import Entry, Incident, NewAttachment
from journal.repository import Repository, translated
from journal.timeutil import to_storage

LABEL_MAX = 100
LINKED = "linked"
UNLINKED = "unlinked"

_SEVERITY_NAMES = {4: "critical", 3: "high", 2: "medium", 1: "low", 0: ""}
_SEVERITY_RANK = (
    "CASE e.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 "
    "WHEN 'low' THEN 1 ELSE 0 END"
)


@dataclass(frozen=True)
class Person:
    id: str
    label: str
    handles: tuple[str, ...]


@dataclass(frozen=True)
class Conduct:
    """One row of the by-person view: a person (or a handle no person is linked to yet)
    with every incident from their accounts."""

    label: str  # '' for a handle not linked to anyone
    handles: tuple[str, ...]
    count: int
    first: datetime
    last: datetime
    worst_severity: str
    platforms: tuple[str, ...]

    @property
    def key(self) -> str:
        """What the view passes back when a row is chosen."""
        return f"person:{self.label}" if self.label else f"handle:{self.handles[0]}"


@dataclass(frozen=True)
class PersonEvent:
    at: datetime
    action: str  # LINKED or UNLINKED
    label: str
    handle: str


def check_label(label: str) -> str:
    if not isinstance(label, str):
        raise ValidationError({"person": "should be text, such as “Parent A, case 123”."})
    text = " ".join(label.split())
    if not text:
        raise ValidationError({"person": "needs a label, such as “Parent A, case 123”."})
    if len(text) > LABEL_MAX or "\x00" in text:
        raise ValidationError({"person": f"should be at most {LABEL_MAX} characters."})
    return text


def _handle(handle: str) -> str:
    text = handle.strip() if isinstance(handle, str) else ""
    if not text:
        raise ValidationError({"author_handle": "is needed to link an account to a person."})
    return text


# -- reading ------------------------------------------------------------------------------


@translated
def find(repo: Repository, label: str) -> Person | None:
    row = repo.conn.execute(
        "SELECT id, label FROM persons WHERE label = ? COLLATE NOCASE", (check_label(label),)
    ).fetchone()
    if row is None:
        return None
    handles = tuple(
        r[0]
        for r in repo.conn.execute(
            "SELECT handle FROM person_handles WHERE person_id = ? ORDER BY linked_at, handle",
            (row[0],),
        )
    )
    return Person(row[0], row[1], handles)


def get(repo: Repository, label: str) -> Person:
    person = find(repo, label)
    if person is None:
        raise NotFound(f"There is no person labelled “{check_label(label)}”.")
    return person


@translated
def all_persons(repo: Repository) -> list[Person]:
    rows = repo.conn.execute(
        "SELECT p.id, p.label, h.handle FROM persons p "
        "LEFT JOIN person_handles h ON h.person_id = p.id ORDER BY p.label COLLATE NOCASE, "
        "h.linked_at, h.handle"
    ).fetchall()
    out: dict[str, tuple[str, list[str]]] = {}
    for pid, label, handle in rows:
        out.setdefault(pid, (label, []))
        if handle is not None:
            out[pid][1].append(handle)
    return [Person(pid, label, tuple(handles)) for pid, (label, handles) in out.items()]


@translated
def label_for_handle(repo: Repository, handle: str) -> str:
    """The person an author handle is linked to, or ''."""
    row = repo.conn.execute(
        "SELECT p.label FROM person_handles h JOIN persons p ON p.id = h.person_id "
        "WHERE h.handle = ?",
        (handle.strip(),),
    ).fetchone()
    return str(row[0]) if row else ""


@translated
def incident_ids(repo: Repository, label: str) -> list[str]:
    """Every incident (not deleted) from any of the person's accounts, oldest first."""
    person = get(repo, label)
    if not person.handles:
        return []
    marks = ", ".join("?" * len(person.handles))
    rows = repo.conn.execute(
        "SELECT e.id FROM entries e WHERE e.kind = 'incident' AND e.deleted_at IS NULL "
        f"AND e.author_handle IN ({marks}) ORDER BY e.occurred_at, e.rowid",
        person.handles,
    ).fetchall()
    return [r[0] for r in rows]


@translated
def conduct(repo: Repository) -> list[Conduct]:
    """The by-person view: each person across all their accounts, then unlinked handles."""
    rows = repo.conn.execute(
        "SELECT p.label, e.author_handle, count(*), min(e.occurred_at), max(e.occurred_at), "
        f"max({_SEVERITY_RANK}), group_concat(DISTINCT e.platform) FROM entries e "
        "LEFT JOIN person_handles h ON h.handle = e.author_handle "
        "LEFT JOIN persons p ON p.id = h.person_id "
        "WHERE e.kind = 'incident' AND e.deleted_at IS NULL AND e.author_handle <> '' "
        "GROUP BY p.label, e.author_handle"
    ).fetchall()
    groups: dict[str, list[tuple[str, int, str, str, int, str]]] = {}
    for label, handle, count, first, last, worst, platforms in rows:
        key = f"person:{label}" if label else f"handle:{handle}"
        groups.setdefault(key, []).append((handle, count, first, last, worst, platforms or ""))
    labels = {f"person:{p.label}": p for p in all_persons(repo)}
    out = []
    for key, parts in groups.items():
        person = labels.get(key)
        platforms = sorted({p for part in parts for p in part[5].split(",") if p})
        out.append(
            Conduct(
                label=person.label if person else "",
                handles=person.handles if person else (parts[0][0],),
                count=sum(p[1] for p in parts),
                first=datetime.fromisoformat(min(p[2] for p in parts)),
                last=datetime.fromisoformat(max(p[3] for p in parts)),
                worst_severity=_SEVERITY_NAMES[max(p[4] for p in parts)],
                platforms=tuple(platforms),
            )
        )
    out.sort(key=lambda c: (-c.count, -c.last.timestamp()))
    return out


@translated
def history(repo: Repository, label: str | None = None) -> list[PersonEvent]:
    """Every link and unlink, oldest first; for one person when ``label`` is given."""
    sql = "SELECT at, action, label, handle FROM person_history"
    params: list[str] = []
    if label is not None:
        sql += " WHERE person_id = ?"
        params.append(get(repo, label).id)
    rows = repo.conn.execute(sql + " ORDER BY rowid", params).fetchall()
    return [PersonEvent(datetime.fromisoformat(r[0]), r[1], r[2], r[3]) for r in rows]


# -- writing (inside a transaction the caller holds) --------------------------------------


def _ensure(repo: Repository, label: str) -> tuple[str, str]:
    text = check_label(label)
    row = repo.conn.execute(
        "SELECT id, label FROM persons WHERE label = ? COLLATE NOCASE", (text,)
    ).fetchone()
    if row:
        return row[0], row[1]
    pid = str(uuid.uuid4())
    repo.conn.execute(
        "INSERT INTO persons (id, label, created_at) VALUES (?, ?, ?)",
        (pid, text, to_storage(repo.clock())),
    )
    return pid, text


def _event(repo: Repository, action: str, pid: str, label: str, handle: str) -> None:
    repo.conn.execute(
        "INSERT INTO person_history (at, action, person_id, label, handle) VALUES (?, ?, ?, ?, ?)",
        (to_storage(repo.clock()), action, pid, label, handle),
    )


def link_in_transaction(repo: Repository, handle: str, label: str) -> bool:
    """Link ``handle`` to the person (made if new). True when something changed."""
    handle = _handle(handle)
    pid, label = _ensure(repo, label)
    row = repo.conn.execute(
        "SELECT h.person_id, p.label FROM person_handles h JOIN persons p ON p.id = h.person_id "
        "WHERE h.handle = ?",
        (handle,),
    ).fetchone()
    if row and row[0] == pid:
        return False
    if row:
        repo.conn.execute("DELETE FROM person_handles WHERE handle = ?", (handle,))
        _event(repo, UNLINKED, row[0], row[1], handle)
    repo.conn.execute(
        "INSERT INTO person_handles (handle, person_id, linked_at) VALUES (?, ?, ?)",
        (handle, pid, to_storage(repo.clock())),
    )
    _event(repo, LINKED, pid, label, handle)
    return True


def link(repo: Repository, handle: str, label: str) -> bool:
    with repo.transaction():
        return link_in_transaction(repo, handle, label)


def unlink(repo: Repository, handle: str) -> bool:
    """Take ``handle`` away from its person. True when it was linked. The person stays."""
    handle = _handle(handle)
    with repo.transaction():
        row = repo.conn.execute(
            "SELECT h.person_id, p.label FROM person_handles h "
            "JOIN persons p ON p.id = h.person_id WHERE h.handle = ?",
            (handle,),
        ).fetchone()
        if row is None:
            return False
        repo.conn.execute("DELETE FROM person_handles WHERE handle = ?", (handle,))
        _event(repo, UNLINKED, row[0], row[1], handle)
    return True


def add_with_persons(
    repo: Repository,
    items: Sequence[tuple[Entry, Sequence[NewAttachment]]],
    persons: Sequence[str | None],
) -> list[Entry]:
    """Add entries and link each incident's author to its person, all in one transaction."""
    labels: list[str | None] = []
    for n, ((entry, _files), person) in enumerate(zip(items, persons, strict=True)):
        index = n if len(items) > 1 else None
        if person is None:
            labels.append(None)
            continue
        try:
            labels.append(check_label(person))
        except ValidationError as exc:
            raise ValidationError(exc.errors, index) from None
        if not isinstance(entry, Incident):
            raise ValidationError({"person": "applies to incidents only."}, index)
        if not entry.author_handle.strip():
            raise ValidationError(
                {"person": "needs the incident's author_handle, the account to link."}, index
            )
    saved: list[Entry] = []
    with repo.transaction():
        for (entry, files), label in zip(items, labels, strict=True):
            stored = repo.insert_in_transaction(entry, files)
            saved.append(stored)
            if label is not None and isinstance(stored, Incident):
                link_in_transaction(repo, stored.author_handle, label)
    return saved
