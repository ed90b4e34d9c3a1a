"""A report of 500 incidents with images is made off the window's thread, with progress."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from helpers.pdf_readers import poppler_text, pypdf_text, qpdf_check
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from reports_helpers import Scene, click, png, run, send_dialog, wait_preview

from journal.export import ExportLog
from journal.export.settings import ReportSettings
from journal.models import Incident, NewAttachment
from journal.timeutil import now
from ui.reports.send_dialog import Step

COUNT = 500


@pytest.fixture
def big_journal(make_journal: Callable[..., None]) -> None:
    start = now() - timedelta(days=20)
    make_journal(
        [
            (
                Incident(title=f"Incident number {n}", occurred_at=start + timedelta(minutes=n)),
                [NewAttachment(f"screenshot-{n}.png", "image/png", png(n))],
            )
            for n in range(COUNT)
        ],
        lambda j: ReportSettings("Alex Morgan", "Sam Carter", "sam@example.org").save(j.repo),
    )


@pytest.mark.slow
@pytest.mark.usefixtures("big_journal")
def test_500_incidents_with_images_export_while_the_window_keeps_working(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.unlock()
    scene.window.run_action("choose_report_contents")
    dialog = send_dialog(qtbot, scene.window)
    wait_preview(qtbot, dialog)
    assert len(dialog.preview_step.model.ticked_ids()) == COUNT
    click(qtbot, dialog.next_button)
    dialog.options_step.format_boxes["json"].setChecked(False)  # the PDF is what carries the images
    dialog.options_step.protect.setChecked(False)

    # A timer on the window's thread counts how often the event loop turns; each progress
    # step the dialog shows is noted with the count at that moment.
    turns = [0]
    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: turns.__setitem__(0, turns[0] + 1))
    seen: list[tuple[int, int]] = []
    dialog.working_step.progress.valueChanged.connect(lambda value: seen.append((value, turns[0])))
    ticker.start()
    click(qtbot, dialog.next_button)
    assert dialog.step() == Step.WORKING
    qtbot.waitUntil(lambda: dialog.step() != Step.WORKING, timeout=120_000)
    ticker.stop()
    assert dialog.step() == Step.DONE, dialog.options_step.options_status.text()

    values = [v for v, _ in seen if v > 0]
    assert len(values) >= 50  # many separate updates, not one jump at the end
    assert values == sorted(values) and values[-1] == 1000
    first_turn, last_turn = seen[0][1], seen[-1][1]
    assert last_turn - first_turn >= 50  # the loop kept turning while the worker wrote

    [pdf] = scene.report_folder.glob("*.pdf")
    [record] = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert len(record.entries) == COUNT
    # What read_pdf_everywhere does, with qpdf and poppler working in their own processes
    # while pypdf reads all 500 incidents here.
    with ThreadPoolExecutor(max_workers=2) as readers:
        checked = readers.submit(qpdf_check, pdf)
        seen = readers.submit(poppler_text, pdf)
        assert pypdf_text(pdf).strip(), "pypdf read no text"
        checked.result()
        assert "Incident number 499" in seen.result()  # poppler reads it too
    reader = PdfReader(str(pdf))
    last_page = reader.pages[-1]
    assert len(last_page.images) >= 1
    assert "Incident number 499" in "".join(p.extract_text() for p in reader.pages[-3:])
    dialog.accept()
