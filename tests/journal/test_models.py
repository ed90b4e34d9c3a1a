"""Validation: every problem is named by its field in a sentence a person understands."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import models
from journal.errors import ValidationError
from journal.models import (
    CATEGORIES,
    PLATFORMS,
    SEVERITIES,
    STATUSES,
    TEXT_MAX,
    TITLE_MAX,
    CheckIn,
    Incident,
    SearchLogEntry,
    SupervisionRecord,
    entry_from_dict,
    validate_entry,
)

WHEN = "2026-03-14T09:30:00+00:00"


def incident(**fields: Any) -> dict[str, Any]:
    return {"kind": "incident", "title": "Post about me", "occurred_at": WHEN, **fields}


def errors_of(data: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        entry_from_dict(data, **kwargs)
    for text in caught.value.errors.values():
        assert text.endswith("."), text
        assert "Traceback" not in text and "<class" not in text and "Error" not in text
    return caught.value.errors


def test_minimal_incident() -> None:
    entry, files = entry_from_dict(incident())
    assert isinstance(entry, Incident)
    assert entry.title == "Post about me"
    assert entry.occurred_at == datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    assert entry.severity == "medium" and entry.status == "open" and entry.shareable is True
    assert files == []


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"kind": "incident", "occurred_at": WHEN}, "title", "is needed"),
        (incident(title="   "), "title", "is needed"),
        ({"kind": "incident", "title": "x"}, "occurred_at", "when it happened"),
        (incident(occurred_at=None), "occurred_at", "date and time like"),
        (incident(occurred_at="last Tuesday"), "occurred_at", "date and time like"),
        (incident(occurred_at="1850-01-01T00:00:00+00:00"), "occurred_at", "between 1900"),
        (incident(occurred_at=20260314), "occurred_at", "date and time like"),
        (incident(colour="red"), "colour", "is not a field of this kind of entry"),
        (incident(impact_score=11), "impact_score", "from 0 to 10"),
        (incident(impact_score=-1), "impact_score", "from 0 to 10"),
        (incident(impact_score=3.5), "impact_score", "whole number from 0 to 10"),
        (incident(impact_score="7"), "impact_score", "whole number"),
        (incident(impact_score=True), "impact_score", "whole number"),
        (incident(severity="extreme"), "severity", "one of: low, medium, high, critical"),
        (incident(severity=3), "severity", "one of:"),
        (incident(category="spam"), "category", "one of: abuse, threat"),
        (incident(platform="myspace"), "platform", "one of: facebook"),
        (incident(status="done"), "status", "one of: open, monitoring, closed"),
        (incident(content_type="poem"), "content_type", "one of:"),
        (incident(author_relation="enemy"), "author_relation", "one of:"),
        (incident(shareable="yes"), "shareable", "true or false"),
        (incident(title="x\x00y"), "title", "NUL character"),
        (incident(description="a\x00"), "description", "NUL character"),
        (incident(title="x" * (TITLE_MAX + 1)), "title", "too long (301 characters; at most 300)"),
        (incident(description="x" * (TEXT_MAX + 1)), "description", "at most 100,000"),
        (incident(author_handle="x" * 501), "author_handle", "at most 500"),
        (incident(case_ref=["C1"]), "case_ref", "should be text"),
        (incident(urls={"a": 1}), "urls", "list of text"),
        (incident(urls=[1, 2]), "urls", "should be text"),
        (incident(impact_tags=["x" * 41]), "impact_tags", "longer than 40"),
        (incident(actions=[{"who": "me"}]), "actions", "action 1 needs a description"),
        (incident(actions=[{"what": "x", "when": "now"}]), "actions", "unknown field 'when'"),
        (incident(actions=[{"what": "x", "due": "soon"}]), "actions", "date like 2026-03-14"),
        (incident(actions=[{"what": "x", "done": "yes"}]), "actions", "true or false"),
        (incident(actions={"what": "x"}), "actions", "list of actions"),
        (incident(actions=["x", 3]), "actions", "action 2 should have at least “what”"),
        (incident(court_orders={"kind": "x"}), "court_orders", "list of court orders"),
        (incident(court_orders=[{"kind": " "}]), "court_orders", "court order 1 needs its kind"),
        (incident(court_orders=["x"]), "court_orders", "court order 1 should have at least “kind”"),
        (incident(court_orders=[{"kind": "x", "judge": "y"}]), "court_orders",
         "court order 1 has unknown field 'judge'"),
        ({"kind": "checkin", "mood": 0}, "mood", "from 1 to 5"),
        ({"kind": "checkin", "mood": 6}, "mood", "from 1 to 5"),
        ({"kind": "checkin", "stress": 11}, "stress", "from 0 to 10"),
        ({"kind": "checkin", "sleep": "bad"}, "sleep", "whole number from 1 to 5"),
        ({"kind": "checkin", "confidence": None}, "confidence", "whole number"),
        ({"kind": "checkin", "severity": "high"}, "severity", "not a field"),
        ({"kind": "checkin", "quoted_text": "x"}, "quoted_text", "not a field"),
        ({"kind": "search", "query": "x"}, "reason", "why this look-up was necessary"),
        ({"kind": "search", "query": "x", "reason": "  "}, "reason", "is needed"),
        ({"kind": "supervision", "next_date": "next week"}, "next_date", "date like"),
        ({"kind": "supervision", "next_date": "2301-01-01"}, "next_date", "between 1900"),
        ({"kind": "supervision", "discussed": ["x" * 101]}, "discussed", "at most 100"),
    ],
)  # fmt: skip
def test_each_problem_names_its_field(data: dict[str, Any], field: str, words: str) -> None:
    errors = errors_of(data)
    assert field in errors, errors
    assert words in errors[field], errors[field]


def test_every_problem_is_reported_at_once() -> None:
    errors = errors_of({"kind": "incident", "severity": "x", "impact_score": 99, "hue": 1})
    assert set(errors) == {"title", "occurred_at", "severity", "impact_score", "hue"}


def test_kind_and_shape() -> None:
    assert "kind" in errors_of({"title": "x"})
    assert "one of: incident, checkin, search, supervision" in errors_of({"kind": "diary"})["kind"]
    assert errors_of(["not", "an", "object"]) == {"entry": "should be a JSON object."}
    assert "kind" in errors_of({"kind": None})


def test_index_in_the_message() -> None:
    with pytest.raises(ValidationError) as caught:
        entry_from_dict({"kind": "incident"}, index=4)
    assert caught.value.index == 4
    assert caught.value.message.startswith("Entry 5: ")
    assert "title: is needed" in caught.value.message
    assert caught.value.exit_code == 8


def test_choices_forgive_case_and_spaces() -> None:
    entry, _ = entry_from_dict(incident(severity=" HIGH ", platform="Facebook"))
    assert entry.severity == "high"  # type: ignore[attr-defined]
    assert entry.platform == "facebook"  # type: ignore[attr-defined]


def test_fields_the_core_sets_are_ignored() -> None:
    entry, _ = entry_from_dict(
        incident(id="mine", recorded_at="2001-01-01T00:00:00+00:00", revision=99, hash="ab")
    )
    assert entry.id == "" and entry.recorded_at is None and entry.revision == 0


def test_defaults_per_kind() -> None:
    checkin, _ = entry_from_dict({"kind": "checkin", "note": "tired"})
    assert isinstance(checkin, CheckIn)
    assert checkin.description == "tired"  # "note" is the check-in's word for it
    assert checkin.shareable is False
    assert checkin.title == "Check-in"
    search, _ = entry_from_dict({"kind": "search", "query": "parent profile", "reason": "r"})
    assert isinstance(search, SearchLogEntry) and search.title == "parent profile"
    sup, _ = entry_from_dict({"kind": "supervision"})
    assert isinstance(sup, SupervisionRecord) and sup.title == "Supervision"
    assert sup.shareable is True


def test_tags_and_lists_are_tidied() -> None:
    entry, _ = entry_from_dict(
        incident(impact_tags=["Lost  Sleep", "lost sleep", " upset ", ""], urls="https://a.example")
    )
    assert entry.impact_tags == ["lost sleep", "upset"]  # type: ignore[attr-defined]
    assert entry.urls == ["https://a.example"]  # type: ignore[attr-defined]


def test_time_without_offset_is_local_time() -> None:
    entry, _ = entry_from_dict(incident(occurred_at="2026-03-14T09:30:00"))
    local = datetime(2026, 3, 14, 9, 30).astimezone()
    assert entry.occurred_at == local
    assert entry.occurred_at.tzinfo is not None


def test_z_suffix_and_offsets() -> None:
    a, _ = entry_from_dict(incident(occurred_at="2026-03-14T09:30:00Z"))
    b, _ = entry_from_dict(incident(occurred_at="2026-03-14T10:30:00+01:00"))
    assert a.occurred_at == b.occurred_at
    assert b.occurred_at.utcoffset() == timedelta(hours=1)


def test_microseconds_are_dropped() -> None:
    entry, _ = entry_from_dict(incident(occurred_at="2026-03-14T09:30:00.987654+00:00"))
    assert entry.occurred_at.microsecond == 0


def test_inline_attachments() -> None:
    data = base64.b64encode(b"png bytes").decode()
    entry, files = entry_from_dict(
        incident(attachments=[{"filename": "shot.png", "mime": "image/png", "data": data}])
    )
    assert entry.attachments == []
    (new,) = files
    assert new.data == b"png bytes" and new.filename == "shot.png"
    assert "not valid base64" in errors_of(incident(attachments=[{"data": "%%%"}]))["attachments"]
    assert "is empty" in errors_of(incident(attachments=[{"data": ""}]))["attachments"]
    assert "needs" in errors_of(incident(attachments=[{"filename": "x"}]))["attachments"]


def test_inline_attachment_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "MAX_ATTACHMENT_BYTES", 4)
    data = base64.b64encode(b"12345").decode()
    errors = errors_of(incident(attachments=[{"filename": "big.mov", "data": data}]))
    assert "big.mov" in errors["attachments"] and "larger than" in errors["attachments"]


def test_validate_entry_keeps_core_fields() -> None:
    entry = Incident(title=" padded ", occurred_at=datetime(2026, 1, 1, tzinfo=UTC))
    entry.id = "abc"
    entry.revision = 3
    checked = validate_entry(entry)
    assert checked.title == "padded" and checked.id == "abc" and checked.revision == 3
    entry.severity = "bad"
    with pytest.raises(ValidationError):
        validate_entry(entry)


def test_action_dates() -> None:
    entry, _ = entry_from_dict(
        {"kind": "supervision", "actions": [{"what": "Call HR", "due": "2026-04-01", "done": True}]}
    )
    (action,) = entry.actions  # type: ignore[attr-defined]
    assert action.due == date(2026, 4, 1) and action.done is True and action.who == ""


# -- round trip ----------------------------------------------------------------------

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
moments = st.datetimes(
    min_value=datetime(1901, 1, 2), max_value=datetime(2199, 12, 30), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))


@st.composite
def incidents(draw: st.DrawFn) -> dict[str, Any]:
    offset = timezone(timedelta(minutes=draw(st.integers(-12 * 60, 14 * 60))))
    return {
        "kind": "incident",
        "title": draw(texts.filter(lambda t: t.strip())),
        "occurred_at": draw(moments).astimezone(offset).isoformat(),
        "description": draw(texts),
        "private_notes": draw(texts),
        "quoted_text": draw(texts),
        "author_handle": draw(texts),
        "case_ref": draw(texts),
        "urls": draw(st.lists(texts, max_size=3)),
        "impact_tags": draw(st.lists(texts.map(lambda t: t[:10]), max_size=4)),
        "impact_score": draw(st.integers(0, 10)),
        "severity": draw(st.sampled_from(SEVERITIES)),
        "category": draw(st.sampled_from(CATEGORIES)),
        "platform": draw(st.sampled_from(PLATFORMS)),
        "status": draw(st.sampled_from(STATUSES)),
        "shareable": draw(st.booleans()),
        "actions": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"what": texts.filter(lambda t: t.strip()), "done": st.booleans()}
                ),
                max_size=3,
            )
        ),
    }


@given(incidents())
def test_to_dict_round_trips(data: dict[str, Any]) -> None:
    entry, _ = entry_from_dict(data)
    once = entry.to_dict()
    again, _ = entry_from_dict(once)
    assert again.to_dict() == once
    assert again.occurred_at == entry.occurred_at
    assert again.occurred_at.utcoffset() == entry.occurred_at.utcoffset()


@given(st.dictionaries(st.text(max_size=12), st.none() | st.integers() | texts, max_size=6))
def test_any_object_is_accepted_or_refused_politely(data: dict[str, Any]) -> None:
    for kind in ("incident", "checkin", "search", "supervision"):
        try:
            entry_from_dict({**data, "kind": kind})
        except ValidationError as exc:
            assert exc.errors
            assert all(isinstance(v, str) and v for v in exc.errors.values())
