"""Pictures of the reports screens, drawn offscreen from a made-up journal.

``render_screens(out_dir)`` is what ``python docs/screenshots.py --only reports`` calls
(the module doesn't run on its own). It builds a demo journal in a temporary folder
(nothing of a real journal is touched), opens the one-click "Send to manager" dialog,
the full "Choose what goes in" dialog at each step, the export log and the follow-up
notice, and saves PNGs.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from docs.screens._shared import Pictures, close, create_journal, open_window, show, wait

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.operations import Operations
    from ui.reports.controller import ReportsController


def _demo_journal(root: Path) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    from journal import demo
    from journal.export import ReportRequest, export_report
    from journal.export.log import ExportLog
    from journal.export.settings import ReportSettings
    from journal.models import Incident, NewAttachment
    from journal.timeutil import now

    with create_journal(root) as journal:
        repo = journal.repo
        ReportSettings("Alex Morgan", "Sam Carter", "sam.carter@example.org", 3).save(repo)
        # An earlier report with a threat, sent six days ago and not yet acknowledged.
        start = now() - timedelta(days=120)
        entries = list(demo.generate(60, end=now() - timedelta(days=7), days=110))
        repo.add_many([(e, ()) for e in entries])
        real_clock = repo.clock
        repo.clock = lambda: now() - timedelta(days=6)
        repo.add(
            Incident(
                occurred_at=now() - timedelta(days=6, hours=3),
                title="Message saying they know where I live",
                category="threat",
                severity="high",
                platform="facebook",
            )
        )
        earlier = export_report(
            journal,
            ReportRequest(
                since=start,
                practitioner="Alex Morgan",
                manager_name="Sam Carter",
                manager_email="sam.carter@example.org",
            ),
            root / "earlier-reports",
            ("pdf", "json"),
        )
        # Sent by hand: only a report that reached the manager waits for a reply.
        ExportLog(repo).mark_sent(earlier.export_id)
        repo.clock = real_clock
        image = QImage(480, 300, QImage.Format.Format_RGB32)
        image.fill(QColor("#c8d3e0"))
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        png = bytes(data.data())
        recent = list(demo.generate(14, seed=11, end=now(), days=5))
        repo.add_many(
            [
                (e, [NewAttachment("screenshot.png", "image/png", png)] if n % 3 == 0 else [])
                for n, e in enumerate(recent)
            ]
        )


def render_screens(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Draw the reports screens to PNG files in ``out_dir``; returns the files written."""
    from PySide6.QtCore import QUrl

    from ui.reports.controller import ReportsController

    save = Pictures(out_dir, "reports-")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "journal"
        _demo_journal(root)
        ops, window = open_window(root)
        controller = window.findChild(ReportsController)
        if controller is None:
            from ui.reports import install

            install(window)
            controller = window.findChild(ReportsController)
        assert controller is not None
        opened_urls: list[QUrl] = []

        def record(url: QUrl) -> bool:
            opened_urls.append(url)
            return True

        controller.open_url = record  # type: ignore[method-assign]
        controller.default_folder = lambda: Path(tmp) / "Reports"  # type: ignore[method-assign]
        show(ops, window, 1220, 720)
        _render_followup_and_one_click(window, controller, save)
        _render_send_dialog(controller, save)
        _render_log_and_report_now(ops, controller, save)
        close(ops, window)
    return save.written


def _render_followup_and_one_click(
    window: MainWindow, controller: ReportsController, save: Pictures
) -> None:
    """The follow-up notice above the window, then the one click's result."""
    from ui.reports.one_click import Page

    controller.check_followups()
    wait(lambda: controller._notice is not None and controller._notice.isVisible())
    save(window, "followup-notice")

    controller.send_to_manager()
    one = controller.one_click_dialog
    assert one is not None
    wait(lambda: one.page() == Page.DONE)
    save(one, "one-click")
    one.reject()


def _render_send_dialog(controller: ReportsController, save: Pictures) -> None:
    """The full "Choose what goes in" dialog, step by step."""
    from ui.reports.send_dialog import SendDialog, Step

    controller.choose_what_goes_in()
    dialog = controller.send_dialog
    assert isinstance(dialog, SendDialog)
    wait(lambda: dialog.settings is not None and not dialog.preview_step.loading)
    save(dialog, "preview")
    dialog.next()
    dialog.options_step.redact_name.setText("Jordan Blake")
    dialog.options_step._add_redaction()
    dialog.options_step.format_boxes["csv"].setChecked(True)
    save(dialog, "options")
    dialog.next()
    wait(lambda: dialog.step() == Step.DONE)
    save(dialog, "done")
    dialog.accept()


def _render_log_and_report_now(
    ops: Operations, controller: ReportsController, save: Pictures
) -> None:
    """The export log, then one threat reported now."""
    from ui.reports.send_dialog import SendDialog

    controller.show_export_log()
    log = controller.log_dialog
    assert log is not None
    wait(lambda: log.loaded)
    save(log, "export-log")
    log.accept()

    controller.choose_what_goes_in(_first_threat(ops))
    urgent = controller.send_dialog
    assert isinstance(urgent, SendDialog)
    wait(lambda: urgent.settings is not None and not urgent.preview_step.loading)
    save(urgent, "report-now")
    urgent.reject()


def _first_threat(ops: Operations) -> str:
    from journal.repository import EntryQuery

    found: list[str] = []
    ops.submit(
        lambda j: [
            s.id
            for s in j.repo.list_entries(
                EntryQuery(kind="incident", categories=frozenset({"threat"}), limit=1)
            )
        ],
        found.extend,
    )
    wait(lambda: bool(found))
    return found[0]
