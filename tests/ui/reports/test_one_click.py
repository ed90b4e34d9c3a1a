"""The one click, driven as a person does, with fake email programs that record what they get.

"Send to manager" in the toolbar and "Report this to your manager now" on an incident:
exactly one PDF attached to a new draft, poppler opens it with the password the screen
showed, the draft's subject and body hold no journal text, and the export log says what
happened.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from helpers.fake_mail import FakeMail
from helpers.pdf_readers import read_pdf_everywhere
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QLabel, QWidget
from pytestqt.qtbot import QtBot
from reports_helpers import WAIT_MS, Scene, click, one_click_dialog, run, send_dialog

from journal import patterns
from journal.export.log import ExportLog
from journal.export.settings import ReportSettings
from journal.models import Incident
from journal.session import Journal
from journal.timeutil import now
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.reports.controller import ReportsController
from ui.reports.export_log import ExportLogDialog
from ui.reports.one_click import OneClickDialog, Page
from ui.reports.send_dialog import Step

THREAT = "Message saying they know where I live"
POST = "Post calling my assessment biased"
CLOSED = "Old comment, dealt with"
HIDDEN = "Kept to myself Notshared5512"
QUOTED = "Quotedmarker4471 you will pay for this"
PRIVATE = "Privatemarker7731"
DESCRIPTION = "Descriptionmarker9923 the post named my team"
JOURNAL_TEXT = (THREAT, POST, CLOSED, HIDDEN, QUOTED, PRIVATE, DESCRIPTION, "Quotedmarker")


def incidents() -> list[Incident]:
    start = now() - timedelta(days=3)
    common = {"quoted_text": QUOTED, "private_notes": PRIVATE, "description": DESCRIPTION}
    return [
        Incident(title=THREAT, occurred_at=start, category="threat", severity="high", **common),
        Incident(title=POST, occurred_at=start + timedelta(hours=1), **common),
        Incident(title=CLOSED, occurred_at=start + timedelta(hours=2), status="closed"),
        Incident(title=HIDDEN, occurred_at=start + timedelta(hours=3), shareable=False),
    ]


def recorded_earlier(journal: Journal) -> None:
    """Entries recorded an hour ago: the log's times are to the second."""
    journal.repo.clock = lambda: now() - timedelta(hours=1)
    journal.repo.add_many([(e, ()) for e in incidents()])


def known_manager(journal: Journal) -> None:
    recorded_earlier(journal)
    ReportSettings("Alex Morgan", "", "sam.carter@example.org", 3).save(journal.repo)


def attachments(fake_mail: FakeMail) -> tuple[list[Path], str, str]:
    [call] = fake_mail.calls("thunderbird")
    fields, body = call["args"][1], call["message_text"]
    found = re.findall(r"attachment='file://([^']*)'", fields)
    return [Path(f.replace("%20", " ")) for f in found], fields, body


def ids_by_title(qtbot: QtBot, ops: Operations) -> dict[str, str]:
    return run(qtbot, ops, lambda j: {s.title: s.id for s in j.repo.list_entries()})


def test_send_to_manager_the_first_time_asks_once_then_drafts_with_the_pdf_attached(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.open(setup=recorded_earlier)
    ids = ids_by_title(qtbot, scene.ops)
    click(qtbot, scene.window.toolbar.widgetForAction(scene.window.send_action))
    dialog = one_click_dialog(qtbot, scene.window)
    _answer_the_one_small_form(qtbot, dialog)
    password = _one_pdf_attached_opens_with_the_password_shown(
        dialog, scene.fake_mail, scene.report_folder
    )
    _copy_puts_the_password_on_the_clipboard_for_a_while(qtbot, dialog, scene.controller, password)

    # The log says a draft opened, with the file's hash, for whom and what it held.
    [record] = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert record.state == "draft" and record.mail_program == "Thunderbird"
    assert record.formats == ("pdf",) and record.files[0].encrypted
    assert record.recipient_email == "sam.carter@example.org"
    assert set(record.entry_ids) == {ids[THREAT], ids[POST]}
    settings = run(qtbot, scene.ops, lambda j: ReportSettings.load(j.repo))
    assert (settings.practitioner_name, settings.manager_email) == (
        "Alex Morgan", "sam.carter@example.org",
    )  # fmt: skip

    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: scene.controller.one_click_dialog is None, timeout=WAIT_MS)
    _the_next_click_says_there_is_nothing_new(qtbot, scene.window, scene.fake_mail)


def _answer_the_one_small_form(qtbot: QtBot, dialog: OneClickDialog) -> None:
    """One small form, the first time: it starts in the first empty field."""
    qtbot.waitUntil(lambda: dialog.page() == Page.PEOPLE, timeout=WAIT_MS)
    assert QApplication.focusWidget() is dialog.practitioner_name
    keys = _mnemonics(dialog)
    assert len(keys) == len(set(keys)) and {"y", "e", "n", "h"} <= set(keys)
    qtbot.keyClicks(dialog.practitioner_name, "Alex Morgan")
    qtbot.keyClick(dialog.practitioner_name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.manager_email
    qtbot.keyClicks(dialog.manager_email, "sam.carter@example.org")
    qtbot.keyClick(dialog.manager_email, Qt.Key.Key_Return)  # Send is the default button
    qtbot.waitUntil(lambda: dialog.page() == Page.DONE, timeout=60_000)


def _one_pdf_attached_opens_with_the_password_shown(
    dialog: OneClickDialog, fake_mail: FakeMail, report_folder: Path
) -> str:
    """Exactly one file attached, the PDF, and the only file written; the password shown
    (returned) opens it; the draft holds no journal text and never the password."""
    files, fields, body = attachments(fake_mail)
    [pdf] = files
    assert pdf.suffix == ".pdf" and pdf.parent == report_folder
    assert list(report_folder.iterdir()) == [pdf]
    assert "to='sam.carter@example.org'" in fields

    # The password is shown once, grouped; poppler opens the PDF with what the screen shows.
    shown = dialog.password_box.field.text()
    password = shown.replace(" ", "")
    assert shown != password and len(password) <= 32 and password.isalnum()
    text = read_pdf_everywhere(pdf, password)
    assert THREAT in text and POST in text  # the first time: the open incidents
    assert CLOSED not in text and HIDDEN not in text and PRIVATE not in text
    assert "by text or phone" in dialog.password_box.sentence.text()

    for words in (*JOURNAL_TEXT, password, shown):
        assert words not in fields and words not in body
    assert "Alex Morgan" in body and "Thunderbird" in dialog.done_text.text()
    keys = _mnemonics(dialog)
    assert len(keys) == len(set(keys)), sorted(keys)
    return password


def _copy_puts_the_password_on_the_clipboard_for_a_while(
    qtbot: QtBot, dialog: OneClickDialog, controller: ReportsController, password: str
) -> None:
    """Copy: the password itself, as a secret, gone from the clipboard after a while."""
    controller.clipboard.set_clear_after_ms(200)
    click(qtbot, dialog.password_box.copy)
    assert QGuiApplication.clipboard().text() == password
    assert "in a minute" in dialog.password_box.note.text()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=WAIT_MS)


def _the_next_click_says_there_is_nothing_new(
    qtbot: QtBot, window: MainWindow, fake_mail: FakeMail
) -> None:
    """The next click goes straight to work: nothing new, said calmly, with the way on."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(
        QApplication.focusWidget() or window,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    again = one_click_dialog(qtbot, window)
    qtbot.waitUntil(lambda: again.page() == Page.DONE, timeout=60_000)
    assert again.done_heading.text() == "Nothing to send"
    assert "nothing new to send since your last report" in again.done_text.text()
    assert len(fake_mail.calls("thunderbird")) == 1
    click(qtbot, again.choose_button)  # "Choose what goes in…": the full wizard
    wizard = send_dialog(qtbot, window)
    assert wizard.isVisible()
    wizard.reject()


def test_report_this_now_on_an_incident_sends_that_incident_and_the_pane_says_so(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.open(setup=known_manager)
    ids = ids_by_title(qtbot, scene.ops)
    page = scene.window.incidents
    qtbot.waitUntil(lambda: page.model.row_of(ids[THREAT]) >= 0, timeout=WAIT_MS)
    index = page.proxy.mapFromSource(page.model.index(page.model.row_of(ids[THREAT]), 0))
    qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center()
    )
    detail = page.detail
    qtbot.waitUntil(lambda: detail.report_button.isVisible(), timeout=WAIT_MS)
    assert not detail.reported_note.isVisible()
    before = run(
        qtbot,
        scene.ops,
        lambda j: patterns.evaluate(j.repo, reported_ids=ExportLog(j.repo).reported_entry_ids()),
    )
    assert "threat_unreported" in {p.rule for p in before}

    click(qtbot, detail.report_button)  # one click: no questions, the manager is known
    dialog = one_click_dialog(qtbot, scene.window)
    assert dialog.windowTitle() == "Report this to your manager now"
    qtbot.waitUntil(lambda: dialog.page() == Page.DONE, timeout=60_000)
    [pdf], fields, body = attachments(scene.fake_mail)
    assert "subject='Urgent:" in fields and "risk assessment" in body
    for words in JOURNAL_TEXT:
        assert words not in fields and words not in body
    text = read_pdf_everywhere(pdf, dialog.password_box.field.password())
    assert THREAT in text and POST not in text

    [record] = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert record.entry_ids == (ids[THREAT],) and record.urgent and record.state == "draft"
    click(qtbot, dialog.close_button)

    # The pane says it went, and the threat prompt doesn't come back.
    qtbot.waitUntil(lambda: detail.reported_note.isVisible(), timeout=WAIT_MS)
    assert detail.reported_note.text().startswith("Sent to your manager on ")
    after = run(
        qtbot,
        scene.ops,
        lambda j: patterns.evaluate(j.repo, reported_ids=ExportLog(j.repo).reported_entry_ids()),
    )
    assert "threat_unreported" not in {p.rule for p in after}


def test_without_a_program_that_takes_files_the_file_is_shown_and_the_log_says_saved(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.fake_mail.configure(handler="firefox.desktop", xdg_email_version="1.2.1")
    scene.open(setup=known_manager)
    scene.window.run_action("send_to_manager")
    dialog = one_click_dialog(qtbot, scene.window)
    qtbot.waitUntil(lambda: dialog.page() == Page.DONE, timeout=60_000)
    [pdf] = list(scene.report_folder.iterdir())
    assert scene.fake_mail.calls("thunderbird") == [] and scene.fake_mail.calls("xdg-email") == []
    [shown] = scene.fake_mail.calls("dbus-send")  # the folder opens with the file selected
    assert f"array:string:file://{pdf}" in shown["args"]
    assert QGuiApplication.clipboard().text() == "sam.carter@example.org"
    assert dialog.address.text() == "sam.carter@example.org" and dialog.address.isVisible()
    assert dialog.subject.text().startswith("Report:")
    assert "attach " + pdf.name in dialog.done_text.text()
    assert read_pdf_everywhere(pdf, dialog.password_box.field.password())
    [record] = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert record.state == "file" and not record.reported

    # The person sends it by hand and says so under Reports sent.
    click(qtbot, dialog.log_button)
    log = scene.window.findChild(ExportLogDialog)
    qtbot.waitUntil(lambda: log is not None and log.loaded, timeout=WAIT_MS)
    assert "Saved to a file" in log.model.index(0, 1).data()
    click(qtbot, log.sent_button)
    qtbot.waitUntil(lambda: "you said so" in str(log.model.index(0, 1).data()), timeout=WAIT_MS)
    [record] = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert record.state == "sent" and record.reported
    log.reject()
    dialog.reject()


def _mnemonics(root: QWidget) -> list[str]:
    """The Alt+letter keys of what a person can see and reach in ``root``."""
    keys = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        text = ""
        if isinstance(widget, QAbstractButton | QCheckBox) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            text = widget.text()
        found = re.search(r"&([^&])", text)
        if found:
            keys.append(found.group(1).lower())
    return keys


def test_no_two_things_share_an_alt_key_on_any_step(qtbot: QtBot, scene: Scene) -> None:
    scene.open(setup=recorded_earlier)  # no manager yet: the wizard starts with "who"
    scene.window.run_action("choose_report_contents")
    wizard = send_dialog(qtbot, scene.window)
    qtbot.waitUntil(lambda: wizard.step() == Step.PEOPLE, timeout=WAIT_MS)
    assert (
        QApplication.focusWidget() is wizard.people_step.practitioner_name
    )  # the first empty field
    for step in (Step.PEOPLE, Step.PREVIEW, Step.OPTIONS):
        wizard._show_step(step)
        keys = _mnemonics(wizard)
        assert len(keys) == len(set(keys)), (step, sorted(keys))
        if step == Step.OPTIONS:
            assert "t" in keys and "v" in keys  # Crea&te report, CS&V
    wizard.reject()
