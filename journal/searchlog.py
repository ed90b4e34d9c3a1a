"""The search log: every online look-up about a family or person, with why and who agreed it.

A look-up is only ever recorded with a reason (the model refuses one without).
Beyond that, three things make a record weaker if it is ever read back, and
each gets one calm prompt with one next step:

- ``no_case_ref``: the look-up isn't linked to a case;
- ``thin_reason``: the reason is too short to explain itself later
  (fewer than ``THIN_REASON_WORDS`` words);
- ``not_agreed``: it doesn't say who agreed the look-up.

The list reads columns and a few JSON fields in SQL, a page at a time, so it
stays quick however long the journal is. Private notes are never read here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from journal import search
from journal.errors import ValidationError
from journal.models import SearchLogEntry
from journal.patterns import Prompt
from journal.plain_data import PlainRow
from journal.repository import Repository, add_period, translated_errors

THIN_REASON_WORDS = 4

PROMPT_CODES = ("no_case_ref", "thin_reason", "not_agreed")

# One next step per prompt: what the button does, and what it says.
PROMPT_ACTIONS = {
    "no_case_ref": ("add_case_ref", "Add the case reference"),
    "thin_reason": ("add_reason", "Add to the reason"),
    "not_agreed": ("add_agreed_by", "Note who agreed it"),
}
PROMPT_MESSAGES = {
    "no_case_ref": (
        "This look-up isn't linked to a case. If it was for one, add the case reference "
        "so anyone reading it later can see why it was needed."
    ),
    "thin_reason": (
        "The reason is very short. A sentence on why the look-up was needed for the case "
        "will help if you're asked about it later."
    ),
    "not_agreed": (
        "You haven't noted who agreed this look-up. Add their name or role so the "
        "record is complete."
    ),
}


def reason_is_thin(reason: str) -> bool:
    return len(reason.split()) < THIN_REASON_WORDS


def prompt_codes(case_ref: str, reason: str, agreed_by: str) -> tuple[str, ...]:
    """What is missing from a look-up's record, most important first."""
    codes = []
    if not case_ref.strip():
        codes.append("no_case_ref")
    if reason.strip() and reason_is_thin(reason):  # an empty reason is refused on saving
        codes.append("thin_reason")
    if not agreed_by.strip():
        codes.append("not_agreed")
    return tuple(codes)


def prompt_for(code: str, entry_id: str = "") -> Prompt:
    """The prompt for one code. Its ``evidence`` is the entry, so a dismissal is per entry."""
    if code not in PROMPT_MESSAGES:
        raise ValueError(f"unknown search-log prompt {code!r}")
    action, label = PROMPT_ACTIONS[code]
    ids = (entry_id,) if entry_id else ()
    return Prompt(
        id=f"searchlog_{code}:{entry_id}",
        rule=f"searchlog_{code}",
        message=PROMPT_MESSAGES[code],
        action=action,
        action_label=label,
        entry_ids=ids,
        evidence=ids,
    )


def prompts(entry: SearchLogEntry) -> list[Prompt]:
    """The gentle prompts for a look-up being saved or just saved; empty when it's complete."""
    return [
        prompt_for(code, entry.id)
        for code in prompt_codes(entry.case_ref, entry.reason, entry.agreed_by)
    ]


def draft_prompts(data: dict[str, Any]) -> list[Prompt]:
    """Prompts for an editor's unsaved fields (``case_ref``, ``reason``, ``agreed_by``)."""
    codes = prompt_codes(
        str(data.get("case_ref") or ""),
        str(data.get("reason") or ""),
        str(data.get("agreed_by") or ""),
    )
    return [prompt_for(code) for code in codes]


# -- the list -----------------------------------------------------------------------


@dataclass(frozen=True)
class SearchLogFilter:
    """Filters for the list. ``None`` means "any".

    ``case_ref`` matches the whole reference, ignoring case; ``""`` finds
    look-ups recorded outside a case. ``agreed_by`` matches part of the name,
    ignoring case; ``""`` finds look-ups nobody is noted as agreeing. ``text``
    is a full-text search over the look-up's words.
    """

    since: datetime | None = None
    until: datetime | None = None
    case_ref: str | None = None
    agreed_by: str | None = None
    text: str = ""
    include_private_in_search: bool = True

    def validate(self) -> SearchLogFilter:
        if self.since and self.until and self.since > self.until:
            raise ValidationError({"period": "starts after it ends. Check the two dates."})
        for moment in (self.since, self.until):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("since and until must be timezone-aware")
        return self


@dataclass(frozen=True)
class SearchLogRow(PlainRow):
    """One look-up as the list shows it; never its private notes."""

    json_names: ClassVar[Mapping[str, str]] = {"prompt_codes": "prompts"}

    id: str
    occurred_at: datetime
    title: str
    query: str
    where: str
    case_ref: str
    reason: str
    agreed_by: str
    outcome: str
    shareable: bool
    prompt_codes: tuple[str, ...]

    @property
    def needs_attention(self) -> bool:
        return bool(self.prompt_codes)

    def prompts(self) -> list[Prompt]:
        return [prompt_for(code, self.id) for code in self.prompt_codes]


_COLUMNS = (
    "e.id, e.occurred_at, e.title, json_extract(e.data, '$.query'), "
    "json_extract(e.data, '$.where'), e.case_ref, json_extract(e.data, '$.reason'), "
    "json_extract(e.data, '$.agreed_by'), json_extract(e.data, '$.outcome'), e.shareable"
)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _query(flt: SearchLogFilter) -> tuple[str, list[Any]] | None:
    """FROM and WHERE for the filter, or None when the text can't match anything."""
    flt.validate()
    clauses = ["e.kind = 'search'", "e.deleted_at IS NULL"]
    params: list[Any] = []
    source = "entries e"
    if flt.text.strip():
        match = search.build_match(flt.text, include_private=flt.include_private_in_search)
        if match is None:
            return None
        source = "entries_fts JOIN entries e ON e.rowid = entries_fts.rowid"
        clauses.insert(0, "entries_fts MATCH ?")
        params.append(match)
    add_period(clauses, params, flt.since, flt.until)
    if flt.case_ref is not None:
        clauses.append("e.case_ref = ? COLLATE NOCASE")
        params.append(flt.case_ref.strip())
    if flt.agreed_by is not None:
        if flt.agreed_by.strip():
            clauses.append("json_extract(e.data, '$.agreed_by') LIKE ? ESCAPE '\\'")
            params.append(_like(flt.agreed_by.strip()))
        else:
            clauses.append("coalesce(json_extract(e.data, '$.agreed_by'), '') = ''")
    return f"FROM {source} WHERE {' AND '.join(clauses)}", params


def list_searches(
    repo: Repository,
    flt: SearchLogFilter = SearchLogFilter(),
    *,
    limit: int | None = 100,
    offset: int = 0,
) -> list[SearchLogRow]:
    """Look-ups matching the filter, newest first, a page at a time."""
    built = _query(flt)
    if built is None:
        return []
    where, params = built
    sql = f"SELECT {_COLUMNS} {where} ORDER BY e.occurred_at DESC, e.rowid DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    with translated_errors():
        rows = repo.conn.execute(sql, params).fetchall()
    return [_row(r) for r in rows]


def count_searches(repo: Repository, flt: SearchLogFilter = SearchLogFilter()) -> int:
    built = _query(flt)
    if built is None:
        return 0
    where, params = built
    with translated_errors():
        return int(repo.conn.execute(f"SELECT count(*) {where}", params).fetchone()[0])


def case_refs(repo: Repository, *, limit: int = 200, recent: int = 2_000) -> list[str]:
    """Case references of the ``recent`` newest look-ups, most recently used first.

    For a filter box: bounded, so it stays quick however long the log grows.
    """
    with translated_errors():
        rows = repo.conn.execute(
            "SELECT case_ref FROM (SELECT e.case_ref, e.occurred_at FROM entries e "
            "WHERE e.kind = 'search' AND e.deleted_at IS NULL "
            "ORDER BY e.occurred_at DESC LIMIT ?) "
            "WHERE case_ref <> '' GROUP BY case_ref ORDER BY max(occurred_at) DESC LIMIT ?",
            (recent, limit),
        ).fetchall()
    return [str(r[0]) for r in rows]


def _row(r: Sequence[Any]) -> SearchLogRow:
    case_ref, reason, agreed_by = r[5] or "", r[6] or "", r[7] or ""
    return SearchLogRow(
        id=r[0],
        occurred_at=datetime.fromisoformat(r[1]),
        title=r[2] or "",
        query=r[3] or "",
        where=r[4] or "",
        case_ref=case_ref,
        reason=reason,
        agreed_by=agreed_by,
        outcome=r[8] or "",
        shareable=bool(r[9]),
        prompt_codes=prompt_codes(case_ref, reason, agreed_by),
    )
