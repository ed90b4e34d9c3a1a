"""The search log: the reason is required, the gentle prompts, and the filtered list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from journal import searchlog
from journal.cli import main
from journal.errors import ValidationError
from journal.models import Incident, SearchLogEntry, entry_from_dict
from journal.searchlog import SearchLogFilter, count_searches, list_searches
from journal.session import Journal

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
GOOD_REASON = "Mother said the father posted hearing details on Facebook"


def _search(**fields: object) -> SearchLogEntry:
    values: dict[str, object] = {
        "query": "father's public profile",
        "where": "Facebook",
        "case_ref": "C1234",
        "reason": GOOD_REASON,
        "agreed_by": "Sam Patel, team manager",
        "outcome": "Post found and screenshotted",
    }
    values.update(fields)
    return SearchLogEntry(**values)  # type: ignore[arg-type]


# -- the reason is required ----------------------------------------------------------


@pytest.mark.parametrize("reason", [None, "", "   \n\t "])
def test_a_look_up_without_a_reason_is_refused(reason: str | None) -> None:
    data = {"kind": "search", "query": "profile", "where": "Facebook"}
    if reason is not None:
        data["reason"] = reason
    with pytest.raises(ValidationError) as caught:
        entry_from_dict(data)
    assert set(caught.value.errors) == {"reason"}
    assert "why this look-up was necessary" in caught.value.errors["reason"]


def test_the_repository_refuses_a_look_up_without_a_reason(journal: Journal) -> None:
    with pytest.raises(ValidationError) as caught:
        journal.repo.add(_search(reason="  "))
    assert "reason" in caught.value.errors
    assert journal.repo.count() == 0


def test_the_command_line_refuses_a_look_up_without_a_reason(
    journal: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal.close()
    source = tmp_path / "search.json"
    source.write_text(json.dumps({"kind": "search", "query": "profile"}), encoding="utf-8")
    assert main(["add", str(source)]) == 8
    captured = capsys.readouterr()
    assert "reason" in captured.err and captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert main(["list", "--kind", "search"]) == 0
    assert "No entries yet." in capsys.readouterr().out


# -- prompts -----------------------------------------------------------------------------


def test_a_complete_look_up_has_no_prompts() -> None:
    assert searchlog.prompts(_search()) == []


def test_a_look_up_outside_a_case_gets_one_prompt_with_one_step() -> None:
    entry = _search(case_ref="")
    entry.id = "e1"
    [prompt] = searchlog.prompts(entry)
    assert prompt.rule == "searchlog_no_case_ref"
    assert prompt.action == "add_case_ref"
    assert prompt.action_label == "Add the case reference"
    assert "case reference" in prompt.message
    assert prompt.entry_ids == ("e1",)


def test_a_thin_reason_gets_a_prompt() -> None:
    [prompt] = searchlog.prompts(_search(reason="Checking"))
    assert prompt.rule == "searchlog_thin_reason"
    assert prompt.action == "add_reason"
    # Four words is enough; three is not.
    assert searchlog.prompts(_search(reason="to check for posts")) == []
    assert [p.rule for p in searchlog.prompts(_search(reason="check for posts"))] == [
        "searchlog_thin_reason"
    ]


def test_a_look_up_nobody_agreed_gets_a_prompt() -> None:
    [prompt] = searchlog.prompts(_search(agreed_by=" "))
    assert prompt.rule == "searchlog_not_agreed"
    assert prompt.action == "add_agreed_by"
    assert prompt.action_label == "Note who agreed it"
    assert "You haven't noted who agreed" in prompt.message


def test_every_prompt_is_calm_and_offers_one_next_step() -> None:
    every = searchlog.prompts(_search(case_ref="", reason="quick look", agreed_by=""))
    assert [p.rule for p in every] == [
        "searchlog_no_case_ref",
        "searchlog_thin_reason",
        "searchlog_not_agreed",
    ]
    assert len({p.action for p in every}) == 3
    for prompt in every:
        assert "!" not in prompt.message
        assert prompt.message.endswith(".")
        assert any(word in prompt.message.lower() for word in ("you", "your", "add"))
        assert prompt.action_label and len(prompt.action_label.split()) <= 5
        assert len(prompt.message) < 200


def test_draft_prompts_leave_an_empty_reason_to_the_required_message() -> None:
    rules = [p.rule for p in searchlog.draft_prompts({"reason": "", "case_ref": "C1"})]
    assert rules == ["searchlog_not_agreed"]
    rules = [p.rule for p in searchlog.draft_prompts({"reason": "why", "agreed_by": "Sam"})]
    assert rules == ["searchlog_no_case_ref", "searchlog_thin_reason"]


def test_unknown_prompt_code_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown"):
        searchlog.prompt_for("nope")


# -- the list -------------------------------------------------------------------------


@pytest.fixture
def logged(journal: Journal) -> Iterator[tuple[Journal, dict[str, str]]]:
    repo = journal.repo
    ids: dict[str, str] = {}
    ids["old"] = repo.add(
        _search(occurred_at=T0, case_ref="C1234", agreed_by="Sam Patel", query="dad profile")
    ).id
    ids["mid"] = repo.add(
        _search(
            occurred_at=T0 + timedelta(days=5),
            case_ref="c1234",
            agreed_by="",
            query="forum thread",
            where="Mumsnet",
            private_notes="QXSEARCHPRIVATE zebra",
        )
    ).id
    ids["new"] = repo.add(
        _search(
            occurred_at=T0 + timedelta(days=10),
            case_ref="",
            agreed_by="Alex 100% Jones",
            reason="Check",
            query="grandmother page",
        )
    ).id
    ids["other"] = repo.add(
        _search(occurred_at=T0 + timedelta(days=12), case_ref="C9999", agreed_by="Sam PATEL")
    ).id
    gone = repo.add(_search(occurred_at=T0 + timedelta(days=3), query="deleted one"))
    repo.delete(gone.id)
    repo.add(Incident(title="Not a search", occurred_at=T0 + timedelta(days=4), case_ref="C1234"))
    yield journal, ids


def _ids(rows: list[searchlog.SearchLogRow]) -> list[str]:
    return [r.id for r in rows]


def test_the_list_shows_only_look_ups_newest_first(
    logged: tuple[Journal, dict[str, str]],
) -> None:
    journal, ids = logged
    rows = list_searches(journal.repo)
    assert _ids(rows) == [ids["other"], ids["new"], ids["mid"], ids["old"]]
    assert count_searches(journal.repo) == 4
    first = rows[-1]
    assert (first.query, first.where, first.case_ref) == ("dad profile", "Facebook", "C1234")
    assert first.reason == GOOD_REASON and first.outcome == "Post found and screenshotted"
    assert not first.needs_attention


def test_the_list_flags_what_needs_attention(logged: tuple[Journal, dict[str, str]]) -> None:
    journal, ids = logged
    rows = {r.id: r for r in list_searches(journal.repo)}
    assert rows[ids["mid"]].prompt_codes == ("not_agreed",)
    assert rows[ids["new"]].prompt_codes == ("no_case_ref", "thin_reason")
    assert [p.action for p in rows[ids["new"]].prompts()] == ["add_case_ref", "add_reason"]
    assert rows[ids["new"]].prompts()[0].entry_ids == (ids["new"],)


def test_filter_by_period(logged: tuple[Journal, dict[str, str]]) -> None:
    journal, ids = logged
    flt = SearchLogFilter(since=T0 + timedelta(days=1), until=T0 + timedelta(days=10))
    assert _ids(list_searches(journal.repo, flt)) == [ids["new"], ids["mid"]]
    assert count_searches(journal.repo, flt) == 2
    with pytest.raises(ValidationError):
        list_searches(journal.repo, SearchLogFilter(since=T0, until=T0 - timedelta(days=1)))


def test_filter_by_case_reference_ignores_case(logged: tuple[Journal, dict[str, str]]) -> None:
    journal, ids = logged
    rows = list_searches(journal.repo, SearchLogFilter(case_ref="C1234"))
    assert _ids(rows) == [ids["mid"], ids["old"]]
    # The empty reference finds the look-ups recorded outside a case.
    assert _ids(list_searches(journal.repo, SearchLogFilter(case_ref=""))) == [ids["new"]]
    assert list_searches(journal.repo, SearchLogFilter(case_ref="C12")) == []


def test_filter_by_who_agreed(logged: tuple[Journal, dict[str, str]]) -> None:
    journal, ids = logged
    rows = list_searches(journal.repo, SearchLogFilter(agreed_by="sam pat"))
    assert _ids(rows) == [ids["other"], ids["old"]]
    assert _ids(list_searches(journal.repo, SearchLogFilter(agreed_by=""))) == [ids["mid"]]
    # LIKE wildcards typed by a person are matched literally.
    assert _ids(list_searches(journal.repo, SearchLogFilter(agreed_by="100%"))) == [ids["new"]]
    assert _ids(list_searches(journal.repo, SearchLogFilter(agreed_by="%"))) == [ids["new"]]
    assert list_searches(journal.repo, SearchLogFilter(agreed_by="_")) == []


def test_filter_by_text(logged: tuple[Journal, dict[str, str]]) -> None:
    journal, ids = logged
    assert _ids(list_searches(journal.repo, SearchLogFilter(text="mumsnet"))) == [ids["mid"]]
    assert _ids(list_searches(journal.repo, SearchLogFilter(text="grandm"))) == [ids["new"]]
    assert list_searches(journal.repo, SearchLogFilter(text="not a search")) == []
    assert list_searches(journal.repo, SearchLogFilter(text="deleted")) == []
    assert list_searches(journal.repo, SearchLogFilter(text="?!")) == []
    assert count_searches(journal.repo, SearchLogFilter(text="?!")) == 0


def test_private_notes_are_searchable_only_when_asked_and_never_listed(
    logged: tuple[Journal, dict[str, str]],
) -> None:
    journal, ids = logged
    rows = list_searches(journal.repo, SearchLogFilter(text="zebra"))
    assert _ids(rows) == [ids["mid"]]
    assert "QXSEARCHPRIVATE" not in json.dumps([r.to_dict() for r in rows])
    assert list(rows[0].to_dict()) == [
        "id", "occurred_at", "title", "query", "where", "case_ref", "reason", "agreed_by",
        "outcome", "shareable", "prompts",
    ]  # fmt: skip
    assert not hasattr(rows[0], "private_notes")
    hidden = SearchLogFilter(text="zebra", include_private_in_search=False)
    assert list_searches(journal.repo, hidden) == []


def test_filters_combine_and_page(logged: tuple[Journal, dict[str, str]]) -> None:
    journal, ids = logged
    flt = SearchLogFilter(case_ref="c1234", agreed_by="sam", text="profile")
    assert _ids(list_searches(journal.repo, flt)) == [ids["old"]]
    page1 = list_searches(journal.repo, limit=2)
    page2 = list_searches(journal.repo, limit=2, offset=2)
    assert _ids(page1 + page2) == _ids(list_searches(journal.repo, limit=None))


def test_case_references_for_the_filter_box(logged: tuple[Journal, dict[str, str]]) -> None:
    journal, _ = logged
    assert searchlog.case_refs(journal.repo) == ["C9999", "c1234", "C1234"]


def test_the_list_reads_through_the_kind_index(journal: Journal) -> None:
    """Never a pass over every entry: the plan starts from the index on kind and time."""
    where, params = searchlog._query(SearchLogFilter(since=T0, case_ref="C1"))  # type: ignore[misc]
    plan = journal.conn.execute(f"EXPLAIN QUERY PLAN SELECT e.id {where}", params).fetchall()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX" in details or "USING COVERING INDEX" in details
    assert "SCAN e" not in details.replace("SCAN e USING", "")


# -- the command line, in-process ------------------------------------------------------------


def test_search_log_entries_on_the_command_line(
    journal: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal.close()
    source = tmp_path / "searches.json"
    source.write_text(
        json.dumps(
            [
                {
                    "kind": "search",
                    "occurred_at": "2026-03-05T10:00:00+00:00",
                    "query": "father's profile",
                    "where": "Mumsnet forum",
                    "case_ref": "C4321",
                    "reason": GOOD_REASON,
                    "agreed_by": "Sam Patel",
                    "outcome": "Thread found, hearing date mentioned",
                    "private_notes": "QXCLISEARCHPRIVATE",
                },
                {"kind": "incident", "title": "An incident", "occurred_at": "2026-03-04"},
            ]
        ),
        encoding="utf-8",
    )
    assert main(["add", str(source)]) == 0
    search_id, incident_id = capsys.readouterr().out.split()

    assert main(["list", "--kind", "search"]) == 0
    listed = capsys.readouterr().out
    assert search_id[:8] in listed and "Search log" in listed and "father's profile" in listed
    assert incident_id[:8] not in listed

    assert main(["list", "--kind", "search", "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["kind"] == "search" and data["reason"] == GOOD_REASON
    assert data["agreed_by"] == "Sam Patel" and data["case_ref"] == "C4321"

    assert main(["show", search_id[:8]]) == 0
    shown = capsys.readouterr().out
    assert "Reason" in shown and GOOD_REASON in shown and "Mumsnet forum" in shown

    assert main(["search", "mumsnet", "--kind", "search"]) == 0
    assert search_id[:8] in capsys.readouterr().out
    assert main(["search", "mumsnet", "--kind", "incident"]) == 0
    assert "Nothing matches that." in capsys.readouterr().out

    report = tmp_path / "report.json"
    assert main(["export", "--format", "json", "--out", str(report)]) == 0
    capsys.readouterr()
    text = report.read_text(encoding="utf-8")
    exported = {e["id"]: e for e in json.loads(text)["entries"]}
    assert exported[search_id]["reason"] == GOOD_REASON
    assert "QXCLISEARCHPRIVATE" not in text and "private_notes" not in exported[search_id]

    pdf = tmp_path / "report.pdf"
    assert main(["export", "--format", "pdf", "--out", str(pdf)]) == 0
    from pypdf import PdfReader

    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(pdf)).pages)
    assert "Why it was needed" in pdf_text and "Agreed by Sam Patel" in pdf_text
    assert "QXCLISEARCHPRIVATE" not in pdf_text
