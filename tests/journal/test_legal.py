"""The police and legal trail: fields, the dated action, filters, and the manager's report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from helpers.reports import as_saved, report_of
from pypdf import PdfReader

from journal.errors import ValidationError
from journal.export.csv_export import render_csv
from journal.export.pdf import render_pdf
from journal.export.report import Report
from journal.legal import LEGAL_COURT, LEGAL_POLICE, POLICE_ACTION, record_police_report
from journal.models import CourtOrder, Incident, entry_from_dict
from journal.repository import EntryQuery
from journal.session import Journal

WHEN = datetime(2026, 11, 14, 9, 30, tzinfo=UTC)


def test_fields_round_trip_and_are_checked() -> None:
    entry, _ = entry_from_dict(
        {
            "kind": "incident",
            "title": "Threat",
            "occurred_at": WHEN.isoformat(),
            "police_reported_on": "2026-11-15",
            "police_force": "West Yorkshire Police",
            "police_crime_ref": "13/123456/26",
            "police_officer": "PC 1234 Khan",
            "police_outcome": "Words of advice given",
            "court_orders": [
                {"kind": "Non-molestation order", "reference": "ZW26P01234",
                 "made_on": "2026-11-20"}
            ],
        }
    )  # fmt: skip
    assert isinstance(entry, Incident)
    assert entry.police_reported_on == date(2026, 11, 15)
    assert entry.court_orders == [
        CourtOrder("Non-molestation order", "ZW26P01234", date(2026, 11, 20))
    ]
    again, _ = entry_from_dict(entry.to_dict())
    assert again.to_dict() == entry.to_dict()
    with pytest.raises(ValidationError) as caught:
        entry_from_dict(
            {"kind": "incident", "title": "x", "occurred_at": WHEN.isoformat(),
             "court_orders": [{"reference": "no kind"}]}
        )  # fmt: skip
    assert "court order 1" in caught.value.errors["court_orders"]


def test_reported_to_the_police_is_a_dated_action() -> None:
    incident = Incident(title="Threat", occurred_at=WHEN)
    reported = record_police_report(incident, date(2026, 11, 15), crime_ref="13/123456/26")
    assert reported.police_reported_on == date(2026, 11, 15)
    assert reported.police_crime_ref == "13/123456/26"
    (action,) = reported.actions
    assert (action.what, action.done, action.done_on) == (POLICE_ACTION, True, date(2026, 11, 15))
    later = record_police_report(reported, date(2026, 11, 16), officer="PC Khan")
    assert [a.done_on for a in later.actions] == [date(2026, 11, 16)]  # not repeated
    assert later.police_crime_ref == "13/123456/26" and later.police_officer == "PC Khan"
    assert incident.actions == []  # the original is left as it was


def test_filters_and_search(journal: Journal) -> None:
    repo = journal.repo
    police = repo.add(
        record_police_report(
            Incident(title="Reported", occurred_at=WHEN), date(2026, 11, 15), crime_ref="13/9/26"
        )
    )
    court = repo.add(
        Incident(title="Order made", occurred_at=WHEN, court_orders=[CourtOrder("Injunction")])
    )
    repo.add(Incident(title="Neither", occurred_at=WHEN))
    assert [r.id for r in repo.list_entries(EntryQuery(legal=LEGAL_POLICE))] == [police.id]
    assert [r.id for r in repo.list_entries(EntryQuery(legal=LEGAL_COURT))] == [court.id]
    assert repo.count(EntryQuery(legal=LEGAL_POLICE)) == 1
    assert [r.id for r in repo.search("injunction")] == [court.id]


def _report(entry: dict) -> Report:
    return report_of([entry], WHEN)


def test_the_managers_report_shows_them() -> None:
    incident = record_police_report(
        Incident(
            title="Threat",
            occurred_at=WHEN,
            police_outcome="Harassment warning issued",
            court_orders=[CourtOrder("Non-molestation order", "ZW26P01234", date(2026, 11, 20))],
        ),
        date(2026, 11, 15),
        force="Leeds District",
        crime_ref="13/123456/26",
    )
    entry = as_saved(incident, WHEN)
    pdf = render_pdf(_report(entry), lambda _id: b"")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())
    assert "Reported to the police 15 Nov 2026" in text
    assert "Crime reference 13/123456/26" in text and "Leeds District" in text
    assert "Non-molestation order, ZW26P01234, 20 Nov 2026" in text
    assert "Harassment warning issued" in text
    csv_text = render_csv(_report(entry)).decode("utf-8-sig")
    assert "13/123456/26" in csv_text and "Non-molestation order ZW26P01234" in csv_text
