"""Reports say what a person meant: "not rated" is not 0, and times name their zone."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from io import BytesIO

from helpers.paths import REPO
from helpers.reports import as_saved, report_of
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from journal import wellbeing
from journal.export.json_export import load_schema, render_json
from journal.export.pdf import render_pdf
from journal.export.report import Report
from journal.models import Incident, entry_from_dict
from journal.verify import verify

WHEN = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def test_an_incident_without_a_score_is_not_rated() -> None:
    entry, _ = entry_from_dict({"kind": "incident", "title": "Post", "occurred_at": WHEN})
    assert isinstance(entry, Incident)
    assert entry.impact_score is None
    assert entry.to_dict()["impact_score"] is None
    again, _ = entry_from_dict({**entry.to_dict(), "impact_score": None})
    assert isinstance(again, Incident) and again.impact_score is None
    rated, _ = entry_from_dict({**entry.to_dict(), "impact_score": 0})
    assert isinstance(rated, Incident) and rated.impact_score == 0


def test_a_stored_incident_keeps_not_rated(journal) -> None:
    saved = journal.repo.add(Incident(title="Post", occurred_at=WHEN))
    again = journal.repo.get(saved.id)
    assert isinstance(again, Incident) and again.impact_score is None
    assert verify(journal.repo.conn).ok  # the list columns agree with the hashed JSON


def test_not_rated_is_left_out_of_the_average(journal) -> None:
    journal.repo.add_many(
        [
            (Incident(title="Rated", occurred_at=WHEN, impact_score=7), ()),
            (Incident(title="Not rated", occurred_at=WHEN + timedelta(hours=1)), ()),
        ]
    )
    weeks = wellbeing.impact_by_week(
        journal.repo, WHEN - timedelta(days=2), WHEN + timedelta(days=3), tz=UTC
    )
    scored = [w for w in weeks if w.mean_impact is not None]
    assert [(w.mean_impact, w.incidents) for w in scored] == [(7.0, 1)]


def _report(entry: Incident) -> Report:
    return report_of(
        [as_saved(entry, WHEN)], WHEN, export_id="0b7e1f4a-9c1d-4c57-8f0e-3a2b1c0d9e8f"
    )


def _no_evidence(attachment_id: str) -> bytes:
    raise AssertionError("no evidence in this report")


def test_the_manager_sees_not_rated_in_the_pdf_and_null_in_the_json() -> None:
    report = _report(Incident(title="Post about me", occurred_at=WHEN))
    pdf = render_pdf(report, _no_evidence)
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "not rated" in text
    assert "0 out of 10" not in text
    data = json.loads(render_json(report))
    Draft202012Validator(load_schema()).validate(data)
    assert [e["impact_score"] for e in data["entries"]] == [None]


def test_a_real_zero_is_still_zero_in_the_pdf() -> None:
    report = _report(Incident(title="Post about me", occurred_at=WHEN, impact_score=0))
    pdf = render_pdf(report, _no_evidence)
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "0 out of 10" in text


def test_the_pdf_names_the_time_zone_its_times_are_in(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        summer = Incident(
            title="Post about me", occurred_at=datetime(2026, 7, 1, 20, 15, tzinfo=UTC)
        )
        pdf = render_pdf(_report(summer), _no_evidence)
    finally:
        monkeypatch.undo()
        time.tzset()
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "in the Europe/London time zone" in text
    assert "1 Jul 2026, 21:15 BST" in text


def test_the_app_and_the_readme_agree_on_how_long_a_check_in_takes() -> None:
    from pathlib import Path

    root = REPO
    readme = " ".join(Path(root / "README.md").read_text(encoding="utf-8").split())
    form = (root / "ui" / "wellbeing" / "checkin_form.py").read_text(encoding="utf-8")
    assert "in under a minute" in readme and "thirty seconds" not in readme
    assert "Under a minute is enough" in form
