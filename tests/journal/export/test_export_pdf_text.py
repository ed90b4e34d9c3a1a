"""Whatever text people paste in, the PDF renders it, and says what it could not draw."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from helpers.pdf_readers import read_pdf_everywhere
from helpers.reports import as_saved, report_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from journal.export.pdf import ReportPDF, _visual, render_pdf
from journal.export.report import Report
from journal.models import Action, Incident, SearchLogEntry

WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def _report(*entries: dict) -> Report:
    return report_of(list(entries), WHEN)


def _incident(**fields: object) -> dict:
    return as_saved(Incident(occurred_at=WHEN, **fields), WHEN)  # type: ignore[arg-type]


def _no_evidence(attachment_id: str) -> bytes:
    raise AssertionError("no evidence in these reports")


def _text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        read_pdf_everywhere(path)  # poppler and qpdf (and --check) open it too
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(max_size=300),
    words=st.text(max_size=400),
    handle=st.text(max_size=60),
    action=st.text(min_size=1, max_size=80),
)
def test_any_text_renders(title: str, words: str, handle: str, action: str) -> None:
    entry = _incident(
        title=title,
        quoted_text=words,
        description=words[::-1],
        author_handle=handle,
        actions=[Action(what=action)],
        urls=[words[:200]],
    )
    pdf = render_pdf(_report(entry), _no_evidence)
    assert pdf.startswith(b"%PDF-")
    assert "Page 1 of" in _text(pdf)


def test_long_text_flows_over_pages_and_long_words_wrap() -> None:
    entry = _incident(
        title="A very long record",
        description="\n".join(f"Paragraph {n}: " + "words " * 60 for n in range(120)),
        urls=["https://example.org/" + "x" * 1500],
        quoted_text="unbroken" * 200,
    )
    reader = PdfReader(BytesIO(render_pdf(_report(entry), _no_evidence)))
    assert len(reader.pages) > 10
    last = reader.pages[-1].extract_text()
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in last
    assert "ab" * 32 in last.replace("\n", "")  # the revision hash closes the section


def test_characters_the_font_lacks_are_named_not_dropped() -> None:
    pdf = ReportPDF()
    try:
        # DejaVu Sans has no CJK ideographs and no colour emoji such as the tiger face
        cleaned = pdf.clean("虎 🐯 ok\x00\x07")
    finally:
        pdf.close_fonts()
    assert cleaned == "[cjk unified ideograph-864e] [tiger face] ok"


def test_right_to_left_runs_are_put_in_reading_order() -> None:
    assert _visual("plain text") == "plain text"
    assert _visual("said שלום today") == "said םולש today"
    # a right-to-left line: the left-to-right word ends up on the left
    assert _visual("שלום hello") == "hello םולש"


def test_search_log_section_and_asks_without_threats() -> None:
    search = SearchLogEntry(
        occurred_at=WHEN,
        query="parent profile",
        where="Facebook group",
        reason="Case information was said to be online",
        agreed_by="Sam Patel",
    )
    entry = as_saved(search, WHEN, "0b7f2d1e-2f7b-4c39-9f0e-6d1f0c1b2a3d", "cd" * 32)
    text = _text(render_pdf(_report(entry), _no_evidence))
    assert "Search log 1 of 1" in text
    assert "Why it was needed" in text and "Sam Patel" in text
    assert "risk assessment" not in text  # nothing threatening: not asked
    assert "Please confirm that you have received this report." in text


def test_words_that_look_like_the_page_count_stay_as_written() -> None:
    entry = _incident(title="Post {nb}", quoted_text="see {nb} here")
    text = _text(render_pdf(_report(entry), _no_evidence)).replace("\u2060", "")
    assert "see {nb} here" in text and "Post {nb}" in text
