"""Supervision: the view's data and its minimisation, agreed actions, reminders, the summary."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers.pdf_readers import read_pdf_everywhere
from jsonschema import Draft202012Validator
from pypdf import PasswordType, PdfReader

from journal import patterns, supervision
from journal.errors import InputError, NotFound, ValidationError
from journal.export import ExportCancelled, ExportLog
from journal.export.settings import ReportSettings
from journal.export.supervision_summary import (
    NotShareable,
    build_summary,
    export_supervision_summary,
    load_schema,
)
from journal.models import Action, CheckIn, Incident, SearchLogEntry, SupervisionRecord
from journal.repository import Repository
from journal.session import Journal
from journal.supervision import supervision_view

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)  # a Monday
R0_AT = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
R1_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
MARKERS = ("QXPRIVATE", "QXHIDDEN", "QXEXCLUDED", "QXDELETED", "QXBEFORE", "QXRECPRIVATE")


def at(days: float, base: datetime = R1_AT) -> datetime:
    return base + timedelta(days=days)


@dataclass
class Scene:
    journal: Journal
    ids: dict[str, str]

    @property
    def repo(self) -> Repository:
        return self.journal.repo


@pytest.fixture
def scene(journal: Journal) -> Iterator[Scene]:
    """Two past supervisions, then a fortnight of entries of every kind and sharing."""
    repo = journal.repo
    repo.clock = lambda: NOW
    ids: dict[str, str] = {}

    def add(name: str, entry: object) -> None:
        ids[name] = repo.add(entry).id  # type: ignore[arg-type]

    add(
        "r0",
        SupervisionRecord(
            occurred_at=R0_AT,
            supervisor="Sam Patel",
            actions=[
                Action(what="Book a debrief", who="me", due=date(2026, 2, 9)),
                Action(what="Read the guidance on threats", who="me", due=date(2026, 2, 10)),
                Action(what="Old thing, finished", who="me", done=True),
            ],
            next_date=date(2026, 3, 2),
        ),
    )
    add(
        "r1",
        SupervisionRecord(
            occurred_at=R1_AT,
            supervisor="Sam Patel",
            private_notes="QXRECPRIVATE",
            actions=[
                # carried over from r0, still not done
                Action(what="Book a  DEBRIEF", who="Me", due=date(2026, 3, 9)),
                Action(what="Ask for a risk assessment", who="manager", due=date(2026, 3, 20)),
                Action(
                    what="Turn off location tagging",
                    who="me",
                    done=True,
                    done_on=date(2026, 3, 5),
                ),
            ],
            next_date=date(2026, 3, 30),
        ),
    )
    add("before", Incident(title="QXBEFORE old post", occurred_at=at(-3), severity="critical"))
    add("low", Incident(title="Rude comment", occurred_at=at(1), severity="low"))
    add(
        "threat",
        Incident(
            title="Said they know my car",
            occurred_at=at(2),
            category="threat",
            severity="medium",
            status="monitoring",
            impact_score=8,
            impact_tags=["fearful", "worried for family"],
            private_notes="QXPRIVATE what I really think",
        ),
    )
    add(
        "closed_threat",
        Incident(
            title="Old threat, dealt with",
            occurred_at=at(3),
            category="threat",
            severity="high",
            status="closed",
        ),
    )
    add("critical", Incident(title="Address posted", occurred_at=at(4), severity="critical"))
    add("high", Incident(title="Video about me", occurred_at=at(5), severity="high"))
    add(
        "hidden",
        Incident(
            title="QXHIDDEN kept back", occurred_at=at(6), severity="critical", shareable=False
        ),
    )
    add("excluded", Incident(title="QXEXCLUDED not today", occurred_at=at(6), severity="high"))
    add("deleted", Incident(title="QXDELETED gone", occurred_at=at(7), severity="critical"))
    repo.delete(ids["deleted"])
    add(
        "raised",
        CheckIn(
            occurred_at=at(3),
            mood=2,
            stress=8,
            confidence=2,
            sleep=2,
            description="I keep thinking about the car message",
            private_notes="QXPRIVATE checkin",
            raise_in_supervision=True,
            shareable=True,
        ),
    )
    add("plain", CheckIn(occurred_at=at(10), mood=4, stress=4, confidence=4, shareable=True))
    add(
        "raised_hidden",
        CheckIn(
            occurred_at=at(4),
            mood=1,
            stress=10,
            description="QXHIDDEN checkin",
            raise_in_supervision=True,
        ),
    )
    add(
        "excluded_checkin",
        CheckIn(occurred_at=at(5), mood=5, stress=0, shareable=True, raise_in_supervision=True),
    )
    add(
        "search",
        SearchLogEntry(
            occurred_at=at(6),
            query="father's profile",
            where="Facebook",
            case_ref="C1234",
            reason="Mother said hearing details were posted",
            agreed_by="Sam Patel",
            private_notes="QXPRIVATE search",
        ),
    )
    add(
        "search_hidden",
        SearchLogEntry(
            occurred_at=at(7), query="QXHIDDEN", reason="private look-up", shareable=False
        ),
    )
    yield Scene(journal, ids)


def _view(scene: Scene, **kwargs: object) -> supervision.SupervisionView:
    kwargs.setdefault("exclude", (scene.ids["excluded"], scene.ids["excluded_checkin"]))
    return supervision_view(scene.repo, tz=UTC, **kwargs)  # type: ignore[arg-type]


# -- the view ---------------------------------------------------------------------------


def test_the_view_covers_the_time_since_the_last_supervision(scene: Scene) -> None:
    view = _view(scene)
    assert view.since == R1_AT and view.until == NOW
    assert view.last_record_id == scene.ids["r1"]
    assert view.last_supervisor == "Sam Patel"


def test_incidents_open_threats_first_then_by_severity_and_date(scene: Scene) -> None:
    view = _view(scene)
    titles = [i.title for i in view.incidents]
    assert titles == [
        "Said they know my car",  # the open threat (monitoring) first, though only medium
        "Address posted",  # critical
        "Video about me",  # high, and newer than...
        "Old threat, dealt with",  # ...this high one, a threat that is closed
        "Rude comment",  # low
    ]
    threat = view.incidents[0]
    assert threat.open_threat and threat.status == "monitoring"
    assert (threat.category, threat.severity, threat.impact_score) == ("threat", "medium", 8)
    assert threat.tags == ("fearful", "worried for family")
    assert threat.category_label == "Threat to me or my family"
    assert threat.high_impact
    assert view.open_threats == 1
    assert view.incident_count == 5


def test_the_view_never_holds_private_notes_or_excluded_entries(scene: Scene) -> None:
    view = _view(scene)
    shown = set(view.entry_ids())
    for name in ("hidden", "excluded", "deleted", "before", "raised_hidden", "excluded_checkin",
                 "search_hidden"):  # fmt: skip
        assert scene.ids[name] not in shown, name
    # The objects have no place for private notes at all.
    for item in [*view.incidents, *view.checkins, *view.searches, *view.actions]:
        names = {f.name for f in dataclasses.fields(item)}
        assert not any("private" in n for n in names)
    text = json.dumps(view.to_dict(), ensure_ascii=False)
    for marker in MARKERS:
        assert marker not in text
    assert scene.ids["excluded"] not in text and scene.ids["hidden"] not in text
    # ...and what is shown is really there: the test would notice an empty view.
    assert "Said they know my car" in text and "I keep thinking about the car" in text


def test_the_views_json_keeps_its_keys_in_order(scene: Scene) -> None:
    """Exports and the command line write these keys in this order: readers may rely on it."""
    data = json.loads(json.dumps(_view(scene).to_dict()))
    assert list(data["incidents"][0]) == [
        "id", "occurred_at", "title", "category", "severity", "status", "impact_score", "tags",
        "open_threat",
    ]  # fmt: skip
    assert data["incidents"][0]["tags"] == ["fearful", "worried for family"]
    assert list(data["checkins"][0]) == [
        "id", "occurred_at", "mood", "stress", "confidence", "sleep", "note",
    ]  # fmt: skip
    assert list(data["searches"][0]) == [
        "id", "occurred_at", "query", "where", "case_ref", "reason", "agreed_by", "outcome",
    ]  # fmt: skip
    done = data["actions"][-1]
    assert (done["what"], done["done_on"], done["state"]) == (
        "Turn off location tagging", "2026-03-05", "done",
    )  # fmt: skip
    assert list(data["actions"][-1]) == [
        "record_id", "index", "agreed_on", "what", "who", "due", "done", "done_on", "state",
        "carried",
    ]  # fmt: skip


def test_raised_check_ins_and_the_trend_use_shared_check_ins_only(scene: Scene) -> None:
    view = _view(scene, trend_bucket="day")
    [raised] = view.checkins
    assert raised.id == scene.ids["raised"]
    assert (raised.mood, raised.stress, raised.confidence, raised.sleep) == (2, 8, 2, 2)
    assert raised.note == "I keep thinking about the car message"
    assert view.shared_checkin_count == 2
    assert [(p.start, p.mood, p.stress) for p in view.trend] == [
        (date(2026, 3, 5), 2.0, 8.0),
        (date(2026, 3, 12), 4.0, 4.0),
    ]
    weekly = _view(scene).trend
    assert [(p.start, p.checkins, p.mood, p.confidence) for p in weekly] == [
        (date(2026, 3, 2), 1, 2.0, 2.0),
        (date(2026, 3, 9), 1, 4.0, 4.0),
    ]
    # Without the exclusion the excluded check-in counts in the trend and is listed.
    everything = supervision_view(scene.repo, tz=UTC)
    assert everything.shared_checkin_count == 3
    assert scene.ids["excluded_checkin"] in everything.entry_ids()


def test_search_log_entries_in_the_view(scene: Scene) -> None:
    [item] = _view(scene).searches
    assert (item.query, item.where, item.case_ref) == ("father's profile", "Facebook", "C1234")
    assert item.reason == "Mother said hearing details were posted"
    assert item.agreed_by == "Sam Patel"


def test_a_chosen_date_and_a_limit(scene: Scene) -> None:
    view = _view(scene, since=at(3.5), limit=2)
    assert [i.title for i in view.incidents] == ["Address posted", "Video about me"]
    assert view.incident_count == 2
    view = _view(scene, since=at(0), limit=2)
    assert len(view.incidents) == 2 and view.incident_count == 5
    with pytest.raises(ValidationError):
        _view(scene, since=NOW + timedelta(days=1))
    with pytest.raises(ValueError):
        _view(scene, since=datetime(2026, 3, 1))  # no time zone


def test_with_no_supervision_yet_the_view_covers_the_last_weeks(journal: Journal) -> None:
    journal.repo.clock = lambda: NOW
    journal.repo.add(Incident(title="Recent", occurred_at=NOW - timedelta(days=10)))
    journal.repo.add(Incident(title="Long ago", occurred_at=NOW - timedelta(days=90)))
    view = supervision_view(journal.repo)
    assert view.since == NOW - supervision.FIRST_PERIOD
    assert [i.title for i in view.incidents] == ["Recent"]
    assert view.last_record_id is None and view.actions == []
    empty = supervision_view(journal.repo, since=NOW - timedelta(days=1))
    assert empty.is_empty


def test_every_query_of_the_view_starts_from_an_index(scene: Scene) -> None:
    """Fast at any size: no statement of the view walks the whole table."""
    statements: list[str] = []
    scene.journal.conn.set_trace_callback(statements.append)
    try:
        _view(scene)
        supervision.overdue_actions(scene.repo, tz=UTC)
    finally:
        scene.journal.conn.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 5
    for sql in selects:
        plan = scene.journal.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        details = [str(row[-1]) for row in plan]
        full_scans = [d for d in details if re.match(r"SCAN (e|entries)\b(?! USING)", d)]
        assert not full_scans, (sql, details)


# -- actions -------------------------------------------------------------------------------


def test_the_view_shows_last_times_actions_and_any_still_open(scene: Scene) -> None:
    actions = _view(scene).actions
    summary = [(a.what, a.state, a.carried) for a in actions]
    assert summary == [
        ("Read the guidance on threats", "overdue", True),  # from r0, due 10 February
        ("Book a  DEBRIEF", "overdue", False),  # due 9 March
        ("Ask for a risk assessment", "open", False),
        ("Turn off location tagging", "done", False),
    ]
    # r0's "Book a debrief" is the same action as r1's: it counts once, as r1 has it.
    assert sum("debrief" in a.what.lower() for a in actions) == 1
    done = actions[-1]
    assert done.done_on == date(2026, 3, 5) and done.state_label == "Done"
    assert actions[1].record_id == scene.ids["r1"] and actions[1].agreed_on == date(2026, 3, 2)
    assert actions[0].record_id == scene.ids["r0"] and actions[0].agreed_on == date(2026, 2, 2)


def test_an_excluded_or_unshared_last_record_keeps_its_actions_off_screen(scene: Scene) -> None:
    view = _view(scene, exclude=(scene.ids["r1"],))
    assert view.last_supervisor == "" and view.last_record_id is None
    assert view.since == R1_AT  # the period still starts at the last supervision
    # Only what r0 (shared, not excluded) left open shows.
    assert sorted(a.what for a in view.actions) == [
        "Book a debrief",
        "Read the guidance on threats",
    ]
    assert "QXRECPRIVATE" not in json.dumps(view.to_dict())


def test_a_new_record_is_prefilled_from_the_view(scene: Scene) -> None:
    view = _view(scene)
    record = supervision.new_record(scene.repo, view, occurred_at=NOW, tz=UTC)
    assert record.discussed == view.entry_ids()
    assert scene.ids["threat"] in record.discussed and scene.ids["hidden"] not in record.discussed
    assert record.supervisor == "Sam Patel"
    assert [(a.what, a.done) for a in record.actions] == [
        ("Read the guidance on threats", False),
        ("Book a  DEBRIEF", False),
        ("Ask for a risk assessment", False),
    ]
    assert record.actions[1].due == date(2026, 3, 9)
    assert record.next_date == date(2026, 4, 13)  # four weeks on, a Monday
    assert record.private_notes == "" and record.id == ""


def test_actions_carry_over_until_done(scene: Scene) -> None:
    repo = scene.repo
    view = _view(scene)
    r2 = repo.add(supervision.new_record(repo, view, occurred_at=NOW, tz=UTC))
    assert isinstance(r2, SupervisionRecord)

    later = NOW + timedelta(days=7)
    repo.clock = lambda: later
    following = supervision_view(repo, tz=UTC)
    assert following.since == NOW and following.last_record_id == r2.id
    assert [(a.what, a.carried, a.record_id) for a in following.actions] == [
        ("Read the guidance on threats", False, r2.id),
        ("Book a  DEBRIEF", False, r2.id),
        ("Ask for a risk assessment", False, r2.id),
    ]

    index = [a.what for a in r2.actions].index("Book a  DEBRIEF")
    saved = supervision.set_action_done(repo, r2.id, index, tz=UTC)
    assert saved.actions[index].done and saved.actions[index].done_on == later.date()
    after = supervision_view(repo, tz=UTC)
    states = {a.what: a.state for a in after.actions}
    assert states["Book a  DEBRIEF"] == "done"
    # Done now, so it isn't carried into the record after.
    r3 = supervision.new_record(repo, after, occurred_at=later, tz=UTC)
    assert "Book a  DEBRIEF" not in [a.what for a in r3.actions]
    assert len(r3.actions) == 2
    # And it no longer counts as overdue anywhere, older records included.
    overdue = supervision.overdue_actions(repo, now=later, tz=UTC)
    assert all("debrief" not in a.what.lower() for a in overdue)


def test_marking_an_action_done_needs_a_real_action(scene: Scene) -> None:
    with pytest.raises(NotFound):
        supervision.set_action_done(scene.repo, scene.ids["r1"], 7)
    with pytest.raises(NotFound):
        supervision.set_action_done(scene.repo, scene.ids["low"], 0)
    undone = supervision.set_action_done(scene.repo, scene.ids["r1"], 2, done=False)
    assert not undone.actions[2].done and undone.actions[2].done_on is None


def test_carried_over_keeps_only_what_is_not_done() -> None:
    record = SupervisionRecord(
        actions=[Action(what="a", due=date(2026, 1, 1)), Action(what="b", done=True)]
    )
    assert [(a.what, a.due) for a in supervision.carried_over(record)] == [("a", date(2026, 1, 1))]


def test_action_state() -> None:
    today = date(2026, 3, 16)
    assert supervision.action_state(Action(what="x", due=date(2026, 3, 15)), today) == "overdue"
    assert supervision.action_state(Action(what="x", due=today), today) == "open"
    assert supervision.action_state(Action(what="x"), today) == "open"
    done = Action(what="x", due=date(2026, 1, 1), done=True)
    assert supervision.action_state(done, today) == "done"


def test_overdue_actions_across_every_record(scene: Scene) -> None:
    repo = scene.repo
    repo.add(
        SupervisionRecord(
            occurred_at=at(-20),
            shareable=False,  # the main window is the practitioner's own: this counts
            actions=[Action(what="Private follow-up", who="me", due=date(2026, 2, 20))],
        )
    )
    overdue = supervision.overdue_actions(repo, now=NOW, tz=UTC)
    assert [(a.what, a.due) for a in overdue] == [
        ("Read the guidance on threats", date(2026, 2, 10)),
        ("Private follow-up", date(2026, 2, 20)),
        ("Book a  DEBRIEF", date(2026, 3, 9)),
    ]
    assert all(a.state == "overdue" for a in overdue)
    # On the due date itself it is not overdue yet; the day after it is.
    assert not any(
        a.what == "Ask for a risk assessment"
        for a in supervision.overdue_actions(repo, now=datetime(2026, 3, 20, 23, tzinfo=UTC))
    )
    assert any(
        a.what == "Ask for a risk assessment"
        for a in supervision.overdue_actions(repo, now=datetime(2026, 3, 21, 1, tzinfo=UTC))
    )
    # A deleted record's actions don't count.
    repo.delete(scene.ids["r0"])
    assert "Read the guidance on threats" not in [
        a.what for a in supervision.overdue_actions(repo, now=NOW, tz=UTC)
    ]


# -- reminders and the next date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (27, None),
        (28, "Your next supervision is on Monday 30 March."),
        (29, "Your next supervision is tomorrow."),
        (30, "Your next supervision is today."),
        (31, None),
    ],
)
def test_the_due_soon_reminder(scene: Scene, day: int, expected: str | None) -> None:
    moment = datetime(2026, 3, day, 8, 0, tzinfo=UTC)
    prompt = supervision.supervision_due_prompt(scene.repo, now=moment, tz=UTC)
    if expected is None:
        assert prompt is None
        return
    assert prompt is not None
    assert prompt.message.startswith(expected)
    assert "open the supervision view" in prompt.message
    assert prompt.action == "open_supervision_view"
    assert prompt.action_label == "Open the supervision view"
    assert prompt.entry_ids == (scene.ids["r1"],)
    assert "!" not in prompt.message


def test_the_reminder_window_can_be_longer_and_dismissed(scene: Scene) -> None:
    moment = datetime(2026, 3, 25, 8, 0, tzinfo=UTC)
    assert supervision.supervision_due_prompt(scene.repo, now=moment, tz=UTC) is None
    prompt = supervision.supervision_due_prompt(scene.repo, now=moment, within_days=5, tz=UTC)
    assert prompt is not None
    patterns.dismiss(scene.repo, prompt)
    assert supervision.supervision_due_prompt(scene.repo, now=moment, within_days=5, tz=UTC) is None
    again = supervision.supervision_due_prompt(
        scene.repo, now=moment, within_days=5, tz=UTC, include_dismissed=True
    )
    assert again == prompt
    with pytest.raises(ValueError):
        supervision.supervision_due_prompt(scene.repo, within_days=-1)


def test_no_reminder_without_a_next_date(journal: Journal) -> None:
    assert supervision.supervision_due_prompt(journal.repo, now=NOW) is None
    journal.repo.add(SupervisionRecord(occurred_at=NOW - timedelta(days=1)))
    assert supervision.supervision_due_prompt(journal.repo, now=NOW) is None


def test_the_next_date_follows_the_usual_gap(journal: Journal) -> None:
    repo = journal.repo
    start = datetime(2026, 1, 5, 10, tzinfo=UTC)  # a Monday
    assert supervision.suggest_next_date(repo, date(2026, 1, 5), before=NOW) == date(2026, 2, 2)
    for weeks in (0, 2, 4, 6):
        repo.add(SupervisionRecord(occurred_at=start + timedelta(weeks=weeks)))
    after = date(2026, 2, 16)
    assert supervision.suggest_next_date(repo, after, before=NOW, tz=UTC) == date(2026, 3, 2)
    # A Friday plus two weeks is a Friday; a Saturday moves to the Monday.
    assert supervision.suggest_next_date(repo, date(2026, 2, 20), before=NOW, tz=UTC) == date(
        2026, 3, 6
    )
    assert supervision.suggest_next_date(repo, date(2026, 2, 21), before=NOW, tz=UTC) == date(
        2026, 3, 9
    )


def test_check_ins_marked_for_supervision_but_not_shared_are_pointed_out(scene: Scene) -> None:
    view = _view(scene)
    kept = supervision.not_shared(scene.repo, view)
    assert kept.raised_checkins == 1
    assert kept.by_kind == {"incident": 1, "checkin": 1, "search": 1}
    prompt = supervision.not_shared_prompt(scene.repo, view)
    assert prompt is not None
    assert prompt.message.startswith("You marked a check-in to raise in supervision")
    assert "QXHIDDEN" not in prompt.message
    assert supervision.not_shared_prompt(scene.repo, _view(scene, since=at(8))) is None


# -- the summary for the supervision file ---------------------------------------------------


@pytest.fixture
def record(scene: Scene) -> SupervisionRecord:
    """Today's supervision, discussing shared, private and excluded entries."""
    view = _view(scene)
    draft = supervision.new_record(scene.repo, view, occurred_at=NOW, tz=UTC)
    draft.supervisor = "Sam Patel"
    draft.discussed = [*draft.discussed, scene.ids["hidden"], scene.ids["excluded"], "no-such-id"]
    draft.wellbeing_discussed = "Sleep is poor since the car message; agreed to watch it."
    draft.private_notes = "QXRECPRIVATE today"
    draft.actions = [
        *draft.actions,
        Action(what="Take a day off after court", who="me", due=date(2026, 3, 23), done=True,
               done_on=date(2026, 3, 16)),
    ]  # fmt: skip
    saved = scene.repo.add(draft)
    assert isinstance(saved, SupervisionRecord)
    return saved


def _pdf_text(path: Path, password: str | None = None) -> str:
    read_pdf_everywhere(path, password)  # poppler and qpdf open it too
    reader = PdfReader(str(path))
    if password is not None:
        assert reader.is_encrypted
        reader.decrypt(password)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_summary_pdf_and_json_hold_what_was_agreed_and_nothing_private(
    scene: Scene, record: SupervisionRecord, tmp_path: Path
) -> None:
    ReportSettings(practitioner_name="Jo Bloggs").save(scene.repo)
    result = export_supervision_summary(
        scene.journal,
        record.id,
        tmp_path,
        exclude=(scene.ids["excluded"],),
    )
    assert set(result.files) == {"pdf", "json"}
    assert result.files["pdf"].name == "supervision-summary-2026-03-16.pdf"
    text = _pdf_text(result.files["pdf"])
    for expected in (
        "Supervision summary",
        "For the supervision file",
        "Date 16 Mar 2026",
        "Supervisor Sam Patel",
        "Practitioner Jo Bloggs",
        "Period 2 Mar 2026 to 16 Mar 2026",
        "Next supervision 13 Apr 2026",
        "Entries discussed",
        "Said they know my car",
        "Threat to me or my family · Medium · Monitoring · impact 8 out of 10",
        "Address posted",
        "father's profile",
        "agreed by Sam Patel",
        "Sleep is poor since the car message",
        "Agreed actions",
        "Ask for a risk assessment",
        "Who: manager · By: 20 Mar 2026 · Done: not yet",
        "Book a DEBRIEF",
        "By: 9 Mar 2026 · Done: not yet (overdue)",
        "Take a day off after court",
        "Done: yes, 16 Mar 2026",
        record.hash,
    ):
        assert expected in text, expected
    for marker in MARKERS:
        assert marker not in text
    assert result.record_id == record.id
    assert scene.ids["hidden"] not in result.entry_ids
    assert scene.ids["excluded"] not in result.entry_ids
    assert scene.ids["threat"] in result.entry_ids

    raw = result.files["json"].read_text(encoding="utf-8")
    data = json.loads(raw)
    Draft202012Validator(load_schema()).validate(data)
    for marker in MARKERS:
        assert marker not in raw
    assert "private" not in raw
    assert data["supervision"]["supervisor"] == "Sam Patel"
    assert data["supervision"]["next_date"] == "2026-04-13"
    assert data["metadata"]["period"]["since"] == R1_AT.isoformat()
    assert [a["what"] for a in data["supervision"]["actions"]][-1] == "Take a day off after court"
    assert {d["id"] for d in data["discussed"]} == set(result.entry_ids)
    # Not a report to the manager: the manager's export log is untouched.
    assert ExportLog(scene.repo).count() == 0


def test_a_summary_of_an_unshared_or_excluded_record_is_refused(
    scene: Scene, record: SupervisionRecord, tmp_path: Path
) -> None:
    with pytest.raises(NotShareable):
        export_supervision_summary(scene.journal, record.id, tmp_path / "a", exclude=(record.id,))
    record.shareable = False
    scene.repo.update(record)
    with pytest.raises(NotShareable) as caught:
        export_supervision_summary(scene.journal, record.id, tmp_path / "b")
    assert "No files were written" in caught.value.message
    with pytest.raises(NotFound):
        build_summary(scene.repo, scene.ids["threat"])
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_summary_pdf_with_a_password(
    scene: Scene, record: SupervisionRecord, tmp_path: Path
) -> None:
    target = tmp_path / "summary.pdf"
    password = "maple-orbit-ripple-canyon-violet"
    result = export_supervision_summary(
        scene.repo, record.id, {"pdf": target}, ("pdf",), password=password
    )
    assert result.encrypted and list(result.files) == ["pdf"]
    assert "Sam Patel" in _pdf_text(target, password)
    locked = PdfReader(str(target))
    assert locked.is_encrypted
    assert locked.decrypt("not the password") == PasswordType.NOT_DECRYPTED


def test_summary_files_are_new_and_in_a_format_that_fits(
    scene: Scene, record: SupervisionRecord, tmp_path: Path
) -> None:
    existing = tmp_path / "there.pdf"
    existing.write_bytes(b"keep me")
    with pytest.raises(InputError):
        export_supervision_summary(scene.repo, record.id, {"pdf": existing}, ("pdf",))
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(ValidationError):
        export_supervision_summary(scene.repo, record.id, tmp_path, ("csv",))
    with pytest.raises(ValidationError):
        export_supervision_summary(scene.repo, record.id, tmp_path, ("json",), password="x" * 20)
    first = export_supervision_summary(scene.repo, record.id, tmp_path, ("json",))
    second = export_supervision_summary(scene.repo, record.id, tmp_path, ("json",))
    assert first.files["json"] != second.files["json"]
    assert second.files["json"].name == "supervision-summary-2026-03-16-2.json"


def test_a_cancelled_summary_writes_nothing(
    scene: Scene, record: SupervisionRecord, tmp_path: Path
) -> None:
    steps: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        export_supervision_summary(
            scene.repo,
            record.id,
            tmp_path / "out",
            progress=lambda done, total: steps.append((done, total)),
            should_cancel=lambda: len(steps) >= 2,
        )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    done = export_supervision_summary(
        scene.repo,
        record.id,
        tmp_path / "out",
        progress=lambda d, t: steps.append((d, t)),
    )
    assert steps[-1][0] == steps[-1][1] and done.files["pdf"].exists()


# -- the command line, in-process ------------------------------------------------------------


def test_supervision_records_on_the_command_line(
    journal: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journal.cli import main

    shared = journal.repo.add(Incident(title="Shared post", occurred_at=at(1)))
    hidden = journal.repo.add(Incident(title="QXHIDDEN post", occurred_at=at(2), shareable=False))
    journal.close()
    source = tmp_path / "supervision.json"
    source.write_text(
        json.dumps(
            {
                "kind": "supervision",
                "occurred_at": "2026-03-16T14:00:00+00:00",
                "supervisor": "Priya Shah",
                "discussed": [shared.id, hidden.id],
                "wellbeing_discussed": "Talked about evenings; feeling steadier.",
                "actions": [
                    {
                        "what": "Ask IT about a work-only phone",
                        "who": "manager",
                        "due": "2026-03-30",
                        "done": False,
                    },
                    {"what": "Use the reporting links", "who": "me", "done": True},
                ],
                "next_date": "2026-04-13",
                "private_notes": "QXPRIVATE supervision",
            }
        ),
        encoding="utf-8",
    )
    assert main(["add", str(source)]) == 0
    record_id = capsys.readouterr().out.strip()

    assert main(["list", "--kind", "supervision"]) == 0
    listed = capsys.readouterr().out
    assert record_id[:8] in listed and "Supervision" in listed and "Shared post" not in listed

    assert main(["list", "--kind", "supervision", "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["supervisor"] == "Priya Shah" and data["next_date"] == "2026-04-13"
    assert data["actions"][0] == {
        "what": "Ask IT about a work-only phone",
        "who": "manager",
        "due": "2026-03-30",
        "done": False,
        "done_on": None,
    }

    assert main(["show", record_id[:8]]) == 0
    shown = capsys.readouterr().out
    assert "Priya Shah" in shown and "Ask IT about a work-only phone" in shown

    assert main(["search", "priya", "--kind", "supervision"]) == 0
    assert record_id[:8] in capsys.readouterr().out

    report = tmp_path / "report.pdf"
    assert main(["export", "--format", "pdf", "--out", str(report)]) == 0
    capsys.readouterr()
    text = _pdf_text(report)
    assert "Agreed actions" in text and "Ask IT about a work-only phone" in text
    assert "QXPRIVATE" not in text

    summary = tmp_path / "summary.pdf"
    args = ["export", "--supervision", record_id[:8], "--format", "pdf", "--out", str(summary)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "1 entry discussed" in printed and str(summary) in printed
    text = _pdf_text(summary)
    assert "Supervision summary" in text and "Supervisor Priya Shah" in text
    assert "Shared post" in text and "Next supervision 13 Apr 2026" in text
    assert "Who: manager · By: 30 Mar 2026 · Done: not yet" in text
    assert "Use the reporting links" in text and "Done: yes" in text
    assert "QXHIDDEN" not in text and "QXPRIVATE" not in text

    summary_json = tmp_path / "summary.json"
    args = ["export", "--supervision", record_id, "--format", "json", "--out", str(summary_json)]
    assert main(args) == 0
    capsys.readouterr()
    data = json.loads(summary_json.read_text(encoding="utf-8"))
    Draft202012Validator(load_schema()).validate(data)
    assert [d["title"] for d in data["discussed"]] == ["Shared post"]


@pytest.mark.parametrize(
    ("extra", "code", "words"),
    [
        (["--format", "csv"], 8, "PDF or JSON"),
        (["--format", "pdf", "--since", "2026-01-01"], 8, "don't apply"),
        (["--format", "pdf", "--include-checkins"], 8, "don't apply"),
    ],
)
def test_the_summary_command_refuses_what_does_not_fit(
    journal: Journal,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    code: int,
    words: str,
) -> None:
    from journal.cli import main

    record = journal.repo.add(SupervisionRecord(occurred_at=NOW, supervisor="Priya Shah"))
    journal.close()
    out = tmp_path / "summary.out"
    assert main(["export", "--supervision", record.id, "--out", str(out), *extra]) == code
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_the_summary_command_needs_a_supervision_record(
    journal: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journal.cli import main

    incident = journal.repo.add(Incident(title="Post", occurred_at=NOW))
    journal.close()
    out = tmp_path / "summary.pdf"
    assert main(["export", "--supervision", incident.id, "--format", "pdf", "--out", str(out)]) == 9
    assert "no supervision record" in capsys.readouterr().err
    assert main(["export", "--supervision", "ffffffff", "--format", "pdf", "--out", str(out)]) == 9
    assert not out.exists()
