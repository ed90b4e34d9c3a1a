"""Each prompt rule fires when it should and stays quiet when it shouldn't."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from journal import guidance, patterns
from journal.models import Action, CheckIn, Incident
from journal.repository import Repository
from journal.session import Journal, Unlock

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def add_incident(repo: Repository, days_ago: float, **fields: object) -> str:
    fields.setdefault("title", "Post about the assessment")
    entry = Incident(occurred_at=ago(days_ago), **fields)  # type: ignore[arg-type]
    return repo.add(entry).id


def add_checkin(repo: Repository, days_ago: float, stress: int = 3, confidence: int = 3) -> str:
    return repo.add(CheckIn(occurred_at=ago(days_ago), stress=stress, confidence=confidence)).id


def prompts(repo: Repository, rule: str | None = None, **kwargs: object) -> list[patterns.Prompt]:
    found = patterns.evaluate(repo, now=NOW, tz=UTC, **kwargs)  # type: ignore[arg-type]
    return [p for p in found if rule is None or p.rule == rule]


@pytest.fixture
def repo(journal) -> Repository:
    return journal.repo


# -- a threat not yet with the manager ---------------------------------------------


def test_a_recent_threat_not_reported_prompts_to_report(repo):
    threat = add_incident(repo, 3, category="threat", severity="high")
    [prompt] = prompts(repo, "threat_unreported")
    assert prompt.action == "report_to_manager"
    assert prompt.entry_ids == (threat,)
    assert "17 March" in prompt.message
    assert prompt.message.startswith("You recorded a threat")


def test_a_threat_in_a_sent_report_is_not_prompted(repo):
    threat = add_incident(repo, 3, category="threat")
    assert prompts(repo, "threat_unreported", reported_ids={threat}) == []


@pytest.mark.parametrize(
    ("action", "fires"),
    [
        (Action(what="Told my manager", done=True), False),
        (Action(what="Risk assessment", who="Manager", done=True), False),
        (Action(what="Tell my manager", done=False), True),  # planned, not done
        (Action(what="Reported to the platform", done=True), True),
        (Action(what="Told the management company", done=True), True),  # not "manager"
    ],
)
def test_done_actions_mentioning_the_manager_count_as_reported(repo, action, fires):
    add_incident(repo, 2, category="threat", actions=[action])
    assert bool(prompts(repo, "threat_unreported")) is fires


def test_old_deleted_or_other_incidents_do_not_prompt_about_threats(repo):
    add_incident(repo, 31, category="threat")
    add_incident(repo, 1, category="abuse", severity="critical")
    repo.delete(add_incident(repo, 1, category="threat"))
    add_incident(repo, -1, category="threat")  # in the future of "now"
    assert prompts(repo, "threat_unreported") == []


def test_several_threats_make_one_prompt(repo):
    ids = {add_incident(repo, d, category="threat") for d in (1, 5, 9)}
    reported = add_incident(repo, 2, category="threat")
    [prompt] = prompts(repo, "threat_unreported", reported_ids={reported})
    assert set(prompt.entry_ids) == ids
    assert "three threats" in prompt.message


# -- published information or contact with a child ------------------------------------


@pytest.mark.parametrize("category", patterns.COURT_CATEGORIES)
def test_court_options_offer_the_guidance_for_the_category(repo, category):
    entry = add_incident(repo, 4, category=category)
    [prompt] = prompts(repo, "court_options")
    assert prompt.entry_ids == (entry,)
    assert prompt.action == f"open_guidance:{guidance.CATEGORY_TOPICS[category]}"
    guidance.topic(prompt.action.split(":", 1)[1])  # the topic exists
    assert "court" in prompt.message


@pytest.mark.parametrize(
    ("action", "fires"),
    [
        (Action(what="Informed the court", done=True), False),
        (Action(what="Spoke to the parent about the impact on the child", done=True), False),
        (Action(what="Alert the judge", done=False), True),  # planned, not done
        (Action(what="Reported to the platform", done=True), True),
    ],
)
def test_court_options_are_quiet_once_the_court_or_parent_was_involved(repo, action, fires):
    add_incident(repo, 4, category="sensitive_information", actions=[action])
    add_incident(repo, 40, category="contact_order_breach")  # too long ago
    assert bool(prompts(repo, "court_options")) is fires


# -- several high-impact incidents ---------------------------------------------------


def test_three_high_impact_incidents_in_two_weeks_prompt_for_supervision(repo):
    ids = [
        add_incident(repo, 1, severity="high"),
        add_incident(repo, 6, severity="critical"),
        add_incident(repo, 13, severity="medium", impact_score=7),  # high impact by score
    ]
    add_incident(repo, 2, severity="medium", impact_score=6)  # not high impact
    [prompt] = prompts(repo, "high_impact_cluster")
    assert set(prompt.entry_ids) == set(ids)
    assert prompt.action == "raise_in_supervision"
    assert prompt.message == (
        "You've recorded three high-impact incidents in the last two weeks. "
        "Would you like to note this for your next supervision?"
    )


def test_two_high_impact_incidents_or_three_spread_out_do_not_prompt(repo):
    add_incident(repo, 1, severity="high")
    add_incident(repo, 6, severity="critical")
    assert prompts(repo, "high_impact_cluster") == []
    add_incident(repo, 15, severity="critical")  # outside the 14 days
    add_incident(repo, 3, severity="low", impact_score=5)
    assert prompts(repo, "high_impact_cluster") == []


# -- stress high for several check-ins ------------------------------------------------


def test_three_high_stress_check_ins_offer_support(repo):
    add_checkin(repo, 20, stress=2)
    ids = [add_checkin(repo, d, stress=s) for d, s in ((9, 7), (5, 9), (1, 8))]
    [prompt] = prompts(repo, "stress_high")
    assert prompt.entry_ids == tuple(ids)
    assert prompt.action == "contact_support"


@pytest.mark.parametrize(
    "checkins",
    [
        [(9, 7), (5, 6), (1, 8)],  # one below 7
        [(5, 9), (1, 8)],  # only two check-ins
        [(30, 9), (25, 9), (20, 9)],  # the latest is more than two weeks old
        [(9, 9), (5, 9), (1, 3)],  # the latest is fine again
    ],
)
def test_stress_prompt_needs_three_recent_high_check_ins(repo, checkins):
    for days, stress in checkins:
        add_checkin(repo, days, stress=stress)
    assert prompts(repo, "stress_high") == []


# -- confidence falling -------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "fires"),
    [
        ([4, 4, 4, 3, 2, 3], True),  # 4.0 -> 2.67
        ([5, 4, 3, 3], True),  # 4.5 -> 3.0
        ([4, 4, 4, 4, 3, 4], False),  # 4.0 -> 3.67: less than a point
        ([2, 2, 2, 4, 4, 4], False),  # rising
        ([5, 4, 2], False),  # too few check-ins
        ([3, 3, 5, 5, 5, 3, 3, 3], True),  # the latest six: 5 5 5 | 3 3 3
        ([5, 5, 5, 3, 3, 3, 3, 3], False),  # the latest six: 5 3 3 | 3 3 3, under a point
    ],
)
def test_confidence_falling(repo, levels, fires):
    for n, level in enumerate(levels):
        add_checkin(repo, 40 - n * 5, confidence=level)
    assert bool(prompts(repo, "confidence_falling")) is fires


def test_confidence_ignores_check_ins_older_than_eight_weeks(repo):
    for days, level in ((80, 5), (70, 5), (10, 3), (5, 3)):
        add_checkin(repo, days, confidence=level)
    assert prompts(repo, "confidence_falling") == []


# -- a report with no reply --------------------------------------------------------------


def test_an_unacknowledged_report_after_a_week_suggests_supervision(repo):
    reports = [
        patterns.SentReport("r1", ago(8), ("e1",)),
        patterns.SentReport("r2", ago(10), ("e2",), acknowledged=True),
        patterns.SentReport("r3", ago(3), ("e3",)),
    ]
    [prompt] = prompts(repo, "report_unacknowledged", sent_reports=reports)
    assert prompt.entry_ids == ("e1",)
    assert prompt.evidence == ("report:r1",)
    assert prompt.action == "raise_in_supervision"
    assert "12 March" in prompt.message


def test_sent_reports_from_export_records():
    class Record:
        id = "x1"
        created_at = ago(9)
        entry_ids = ("a", "b")
        acknowledged = False

    assert patterns.sent_reports_from([Record()]) == [
        patterns.SentReport("x1", ago(9), ("a", "b"), False)
    ]


# -- switching off, dismissing, ordering -------------------------------------------------


def busy_journal(repo: Repository) -> None:
    add_incident(repo, 1, category="threat", severity="critical")
    add_incident(repo, 2, severity="high")
    add_incident(repo, 3, severity="high")
    for days in (9, 5, 1):
        add_checkin(repo, days, stress=9)


def test_prompts_come_most_pressing_first(repo):
    busy_journal(repo)
    assert [p.rule for p in prompts(repo)] == [
        "threat_unreported",
        "high_impact_cluster",
        "stress_high",
    ]


def test_prompts_can_be_switched_off_altogether_or_by_rule(repo):
    busy_journal(repo)
    patterns.set_rule_enabled(repo, "stress_high", False)
    assert [p.rule for p in prompts(repo)] == ["threat_unreported", "high_impact_cluster"]
    patterns.set_prompts_enabled(repo, False)
    assert prompts(repo) == []
    assert patterns.prompts_enabled(repo) is False
    patterns.set_prompts_enabled(repo, True)
    patterns.set_rule_enabled(repo, "stress_high", True)
    assert len(prompts(repo)) == 3
    with pytest.raises(ValueError):
        patterns.set_rule_enabled(repo, "no_such_rule", False)


def test_a_dismissed_prompt_stays_dismissed_until_there_is_new_evidence(journal, paths):
    repo = journal.repo
    for days in (1, 2, 3):
        add_incident(repo, days, severity="high")
    [prompt] = prompts(repo, "high_impact_cluster")
    patterns.dismiss(repo, prompt)
    assert prompts(repo, "high_impact_cluster") == []
    assert prompts(repo, "high_impact_cluster", include_dismissed=True)[0].id == prompt.id

    journal.close()
    with Journal.open(paths, Unlock()) as again:
        # remembered inside the journal, and ids are stable
        assert prompts(again.repo, "high_impact_cluster") == []
        # evidence dropping out of the window does not bring it back
        later = patterns.evaluate(again.repo, now=NOW + timedelta(days=12, hours=1), tz=UTC)
        assert [p for p in later if p.rule == "high_impact_cluster"] == []
        # a new high-impact incident does
        add_incident(again.repo, 0.5, severity="critical")
        [back] = prompts(again.repo, "high_impact_cluster")
        assert len(back.entry_ids) == 4 and back.id != prompt.id
        patterns.reset_dismissed(again.repo)


def test_prompt_ids_are_stable_and_distinct(repo):
    busy_journal(repo)
    first = [p.id for p in prompts(repo)]
    assert first == [p.id for p in prompts(repo)]
    assert len(set(first)) == len(first)


def test_prompts_never_contain_entry_text_and_speak_calmly(repo):
    secret = "Zanzibarquux"
    add_incident(repo, 1, category="threat", severity="high", title=f"{secret} said",
                 quoted_text=secret, description=secret, author_handle=f"@{secret}",
                 case_ref=secret)  # fmt: skip
    add_incident(repo, 2, severity="high", category="sensitive_information", title=secret)
    add_incident(repo, 3, severity="critical", title=secret)
    for days in (20, 15, 9, 5, 3, 1):
        repo.add(
            CheckIn(
                occurred_at=ago(days), stress=9, confidence=5 if days > 8 else 2,
                description=secret, private_notes=secret,
            )
        )  # fmt: skip
    reports = [patterns.SentReport("r", ago(8), ("x",))]
    found = prompts(repo, sent_reports=reports)
    assert {p.rule for p in found} == set(patterns.RULES)
    for p in found:
        assert secret.lower() not in p.message.lower()
        assert re.match(r"^(You|Your|You've) ", p.message), p.message
        assert p.message.endswith("?"), p.message  # an offer, not an instruction
        assert "!" not in p.message
        assert not re.search(r"\b(should|must|need to)\b", p.message), p.message
        assert p.action_label
        assert p.action in patterns.ACTIONS or p.action.startswith("open_guidance:")


# -- the perspective note -------------------------------------------------------------


def test_perspective_note_after_a_high_impact_post(repo):
    saved = repo.get(add_incident(repo, 0, severity="high", impact_score=8))
    note = patterns.perspective_note(repo, saved)
    assert note in patterns.PERSPECTIVE_NOTES
    assert note == patterns.perspective_note(repo, saved)  # the same note for the same entry


@pytest.mark.parametrize(
    "fields",
    [
        {"severity": "medium", "impact_score": 4},  # not high impact
        {"severity": "critical", "category": "threat"},  # a threat needs action instead
        {"severity": "critical", "category": "impersonation_doxxing"},
        {"severity": "high", "category": "sensitive_information"},  # not about the person
    ],
)
def test_no_perspective_note_when_it_does_not_fit(repo, fields):
    saved = repo.get(add_incident(repo, 0, **fields))
    assert patterns.perspective_note(repo, saved) is None


def test_perspective_note_can_be_turned_off(repo):
    saved = repo.get(add_incident(repo, 0, severity="critical"))
    assert patterns.perspective_enabled(repo) is True
    patterns.set_perspective_enabled(repo, False)
    assert patterns.perspective_enabled(repo) is False
    assert patterns.perspective_note(repo, saved) is None
    patterns.set_perspective_enabled(repo, True)
    assert patterns.perspective_note(repo, saved) is not None


def test_perspective_notes_are_kind_not_preachy():
    for note in patterns.PERSPECTIVE_NOTES:
        assert not re.search(r"\b(should|must|just|need to|don't)\b", note, re.IGNORECASE)
        assert "!" not in note
        assert len(note) < 220
