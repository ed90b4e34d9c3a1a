"""Reports sent (the export log) and the follow-up notice for unacknowledged threat reports."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from reports_helpers import (
    WAIT_MS,
    Scene,
    anywhere,
    click,
    parse_mailto,
    run,
    send_dialog,
    wait_idle,
    wait_preview,
)

from journal.export import ExportLog, ReportRequest, export_report
from journal.export.settings import ReportSettings
from journal.models import Incident
from journal.session import Journal
from journal.timeutil import now
from ui.main_window import MainWindow
from ui.reports.controller import ReportsController
from ui.reports.export_log import Column, ExportLogDialog

THREAT_TITLE = "Message saying they know where I live"
MANAGER = ReportSettings("Alex Morgan", "Sam Carter", "sam.carter@example.org", 3)


def sent_report(folder: Path, days_ago: float, *, threat: bool = True) -> Callable[[Journal], None]:
    """A journal set-up step: a report sent ``days_ago`` days ago, by the real engine."""

    def setup(journal: Journal) -> None:
        repo = journal.repo
        MANAGER.save(repo)
        moment = now() - timedelta(days=days_ago)
        real_clock = repo.clock
        repo.clock = lambda: moment
        try:
            repo.add(
                Incident(
                    title=THREAT_TITLE if threat else "Comment about my report",
                    occurred_at=moment - timedelta(hours=1),
                    category="threat" if threat else "abuse",
                )
            )
            result = export_report(
                journal,
                ReportRequest(
                    since_last_export=False,
                    practitioner=MANAGER.practitioner_name,
                    manager_name=MANAGER.manager_name,
                    manager_email=MANAGER.manager_email,
                ),
                folder,
                ("pdf", "json"),
            )
            ExportLog(repo).mark_draft_opened(result.export_id, "Thunderbird")
        finally:
            repo.clock = real_clock

    return setup


def open_log(qtbot: QtBot, window: MainWindow, controller: ReportsController) -> ExportLogDialog:
    window.run_action("export_log")
    dialog = controller.log_dialog
    assert isinstance(dialog, ExportLogDialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)
    return dialog


def test_reports_sent_lists_each_export_with_its_hashes_and_acknowledging_works(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.open(setup=sent_report(scene.report_folder, 1))
    dialog = open_log(qtbot, scene.window, scene.controller)
    assert dialog.model.rowCount() == 1
    assert not dialog.empty.isVisible()
    row = [dialog.model.index(0, c).data() for c in range(len(Column))]
    assert row[Column.TO] == "Sam Carter"
    assert row[Column.ENTRIES] == "1"
    assert row[Column.FILES] == "PDF, JSON"
    assert row[Column.THREAT] == "Yes"
    assert row[Column.ACKNOWLEDGED] == "Not yet"
    details = dialog.details.toPlainText()
    files = sorted(scene.report_folder.iterdir())
    assert len(files) == 2
    for path in files:
        assert str(path) in details
        assert hashlib.sha256(path.read_bytes()).hexdigest() in details
    assert "sam.carter@example.org" in details
    assert THREAT_TITLE not in details

    assert dialog.acknowledge_button.text() == "&Mark acknowledged"
    click(qtbot, dialog.acknowledge_button)
    qtbot.waitUntil(lambda: dialog.model.records[0].acknowledged, timeout=WAIT_MS)
    assert dialog.model.index(0, Column.ACKNOWLEDGED).data() != "Not yet"
    assert "acknowledged it on" in dialog.details.toPlainText()
    [record] = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert record.acknowledged_at is not None
    # A mistaken click can be undone.
    qtbot.waitUntil(lambda: dialog.acknowledge_button.isEnabled(), timeout=WAIT_MS)
    assert "not acknowledged" in dialog.acknowledge_button.text()
    click(qtbot, dialog.acknowledge_button)
    qtbot.waitUntil(lambda: not dialog.model.records[0].acknowledged, timeout=WAIT_MS)
    assert not run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records()[0].acknowledged)

    click(qtbot, dialog.show_files_button)
    assert scene.opener.folders() == [scene.report_folder]
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: scene.controller.log_dialog is None, timeout=WAIT_MS)


def test_reports_sent_before_any_report_explains_itself_and_opens_from_the_send_dialog(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.open([Incident(title="A post", occurred_at=now())], lambda j: MANAGER.save(j.repo))
    scene.window.run_action("choose_report_contents")
    send = send_dialog(qtbot, scene.window)
    wait_preview(qtbot, send)
    click(qtbot, send.log_button)
    log = scene.controller.log_dialog
    assert isinstance(log, ExportLogDialog)
    qtbot.waitUntil(lambda: log.loaded, timeout=WAIT_MS)
    assert log.model.rowCount() == 0
    assert log.empty.isVisible() and "haven't sent a report yet" in log.empty.text()
    assert not log.acknowledge_button.isEnabled()
    qtbot.keyClick(log, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: scene.controller.log_dialog is None, timeout=WAIT_MS)
    assert send.isVisible()
    send.reject()


def notice_shown(controller: ReportsController) -> bool:
    notice = controller._notice
    return notice is not None and notice.isVisible()


def test_follow_up_notice_when_a_threat_report_is_unacknowledged(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.open(setup=sent_report(scene.report_folder, 5))
    qtbot.waitUntil(lambda: notice_shown(scene.controller), timeout=WAIT_MS)
    notice = scene.controller.notice
    text = notice.text.text()
    assert "Sam Carter" in text and "5 days ago" in text and "threat" in text
    assert THREAT_TITLE not in text

    click(qtbot, notice.remind_button)
    assert not notice.isVisible()
    [mailto] = scene.opener.mailtos()
    to, subject, body = parse_mailto(mailto)
    assert to == MANAGER.manager_email
    assert subject.startswith("Following up")
    assert "Dear Sam," in body and body.rstrip().endswith("Alex Morgan")
    assert THREAT_TITLE not in subject + body
    wait_idle(qtbot, scene.ops)
    # Just reminded: not asked again at once, nor after locking and unlocking.
    scene.controller.check_followups()
    wait_idle(qtbot, scene.ops)
    assert not notice_shown(scene.controller)
    scene.window.lock()
    assert notice.text.text() == ""
    scene.unlock()
    wait_idle(qtbot, scene.ops)
    assert not notice_shown(scene.controller)
    [record] = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert not record.acknowledged  # a reminder is not an acknowledgement


def test_follow_up_notice_mark_acknowledged_and_not_now(qtbot: QtBot, scene: Scene) -> None:
    scene.open(setup=sent_report(scene.report_folder, 4))
    qtbot.waitUntil(lambda: notice_shown(scene.controller), timeout=WAIT_MS)
    notice = scene.controller.notice

    click(qtbot, notice.close_button)  # "Not now": until the next unlock
    assert not notice.isVisible()
    scene.controller.check_followups()
    wait_idle(qtbot, scene.ops)
    assert not notice_shown(scene.controller)
    scene.window.lock()
    scene.unlock()
    qtbot.waitUntil(lambda: notice_shown(scene.controller), timeout=WAIT_MS)

    # Supervision mode hides every notice; leaving it brings this one back.
    scene.window.set_supervision_mode(True)
    assert not notice.isVisible()
    scene.window.set_supervision_mode(False)
    qtbot.waitUntil(lambda: notice_shown(scene.controller), timeout=WAIT_MS)

    click(qtbot, notice.acknowledge_button)
    qtbot.waitUntil(
        lambda: run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records()[0].acknowledged),
        timeout=WAIT_MS,
    )
    wait_idle(qtbot, scene.ops)
    assert not notice_shown(scene.controller)
    scene.window.lock()
    scene.unlock()
    wait_idle(qtbot, scene.ops)
    assert not notice_shown(scene.controller)


def test_no_follow_up_before_the_days_set_or_without_a_threat(
    qtbot: QtBot, scene: Scene, tmp_path: Path
) -> None:
    def setup(journal: Journal) -> None:
        sent_report(tmp_path / "no-threat", 10, threat=False)(journal)
        sent_report(tmp_path / "recent", 1)(journal)

    scene.open(setup=setup)
    wait_idle(qtbot, scene.ops)
    assert not notice_shown(scene.controller)
    assert not anywhere("isn't marked as acknowledged")
