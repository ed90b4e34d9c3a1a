"""Send to manager and Report this now, driven through the real dialog and the real engine."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from helpers.fake_mail import FakeMail
from helpers.pdf_readers import read_pdf_everywhere
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from reports_helpers import (
    WAIT_MS,
    Scene,
    anywhere,
    click,
    create_and_wait,
    every_string,
    hold_worker,
    one_click_dialog,
    open_wizard,
    run,
    send_dialog,
    toggle_row,
    wait_idle,
    wait_preview,
)

from journal.export.log import ExportLog
from journal.export.settings import ReportSettings
from journal.models import CheckIn, Entry, Incident
from journal.session import Journal
from journal.timeutil import now
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.reports.one_click import Page
from ui.reports.send_dialog import SendDialog, Step

PRIVATE = "Privatemarker7731"
HIDDEN = "Notsharedmarker5512"
SHARED_TITLE = "Post calling my assessment biased"
UNTICKED_TITLE = "Comment questioning my competence"
THREAT_TITLE = "Message saying they know where I live"
MANAGER = ReportSettings("Alex Morgan", "Sam Carter", "sam.carter@example.org", 3)


def three_incidents() -> list[Incident]:
    start = now() - timedelta(days=3)
    return [
        Incident(
            title=SHARED_TITLE,
            occurred_at=start,
            description="The post named me and my team.",
            private_notes=f"{PRIVATE}: what I really think",
            severity="high",
        ),
        Incident(title=UNTICKED_TITLE, occurred_at=start + timedelta(hours=1)),
        Incident(
            title=f"Kept to myself {HIDDEN}",
            description=f"Nobody else sees {HIDDEN}",
            occurred_at=start + timedelta(hours=2),
            shareable=False,
        ),
    ]


def save_manager(journal: Journal) -> None:
    MANAGER.save(journal.repo)


@pytest.fixture
def wizard_for(
    qtbot: QtBot,
    window: MainWindow,
    make_journal: Callable[..., None],
    unlock: Callable[[], None],
) -> Callable[[list[Entry]], SendDialog]:
    """The wizard ("Choose what goes in…") on a journal holding the entries given, the
    manager known."""

    def open_on(entries: list[Entry]) -> SendDialog:
        make_journal(entries, save_manager)
        unlock()
        return open_wizard(qtbot, window)

    return open_on


@pytest.fixture
def at_options(qtbot: QtBot, wizard_for: Callable[[list[Entry]], SendDialog]) -> SendDialog:
    """The wizard on the three incidents, the manager known, at its options step."""
    dialog = wizard_for(three_incidents())
    click(qtbot, dialog.next_button)
    return dialog


def start_held_export(qtbot: QtBot, ops: Operations, dialog: SendDialog) -> threading.Event:
    """Press Create with the worker held: the export waits its turn until the gate is set."""
    gate = hold_worker(ops)
    click(qtbot, dialog.next_button)
    assert dialog.step() == Step.WORKING
    return gate


def nothing_written(report_folder: Path) -> bool:
    return not report_folder.exists() or list(report_folder.iterdir()) == []


def finish_once_closed(
    qtbot: QtBot, ops: Operations, gate: threading.Event, report_folder: Path
) -> None:
    """Let the held export go once the journal is closed: it must write nothing."""
    gate.set()
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)
    wait_idle(qtbot, ops)
    assert nothing_written(report_folder)


def pdf_text(path: Path, password: str | None = None) -> str:
    read_pdf_everywhere(path, password)  # poppler and qpdf open it too
    reader = PdfReader(str(path))
    if password is not None:
        assert reader.is_encrypted
        assert reader.decrypt(password)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_send_to_manager_writes_the_ticked_entries_and_drafts_the_email(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.open(three_incidents())
    button = scene.window.toolbar.widgetForAction(scene.window.send_action)
    assert scene.window.send_action.isEnabled()
    click(qtbot, button)  # the one click asks who first; from there, the full wizard
    one = one_click_dialog(qtbot, scene.window)
    qtbot.waitUntil(lambda: one.page() == Page.PEOPLE, timeout=WAIT_MS)
    click(qtbot, one.choose_button)
    dialog = send_dialog(qtbot, scene.window)
    assert dialog.windowTitle() == "Send to manager"

    _answer_who_the_manager_is(qtbot, scene.ops, dialog)
    _untick_the_second_of_the_shareable_entries(qtbot, dialog)
    password = _add_json_to_the_protected_pdf(qtbot, dialog)
    create_and_wait(qtbot, dialog)
    pdf_file = _files_hold_only_the_ticked_entry(scene.report_folder, password)
    _draft_has_the_pdf_and_the_done_step_the_password(
        qtbot, dialog, scene.opener, scene.report_folder, scene.fake_mail, pdf_file, password
    )

    records = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert len(records) == 1
    assert records[0].recipient_email == "sam.carter@example.org"
    assert records[0].state == "draft" and records[0].mail_program == "Thunderbird"
    assert len(records[0].entries) == 1
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)


def _answer_who_the_manager_is(qtbot: QtBot, ops: Operations, dialog: SendDialog) -> None:
    """Settings don't know the manager yet: the dialog asks first, and keeps the answer."""
    assert dialog.step() == Step.PEOPLE
    dialog.people_step.practitioner_name.setFocus()
    qtbot.keyClicks(dialog.people_step.practitioner_name, "Alex Morgan")
    dialog.people_step.manager_name.setFocus()
    qtbot.keyClicks(dialog.people_step.manager_name, "Sam Carter")
    dialog.people_step.manager_email.setFocus()
    qtbot.keyClicks(dialog.people_step.manager_email, "sam.carter")
    click(qtbot, dialog.next_button)
    assert dialog.step() == Step.PEOPLE
    assert "email address" in dialog.people_step.people_note.text()
    qtbot.keyClicks(dialog.people_step.manager_email, "@example.org")
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.step() == Step.PREVIEW, timeout=WAIT_MS)
    assert run(qtbot, ops, lambda j: ReportSettings.load(j.repo)) == MANAGER
    assert "Sam Carter" in dialog.preview_step.recipient.text()


def _untick_the_second_of_the_shareable_entries(qtbot: QtBot, dialog: SendDialog) -> None:
    """The preview lists exactly the shareable entries, all ticked; untick the second."""
    wait_preview(qtbot, dialog)
    titles = [r.title for r in dialog.preview_step.model.rows]
    assert titles == [SHARED_TITLE, UNTICKED_TITLE]
    assert len(dialog.preview_step.model.ticked_ids()) == 2
    shown = " ".join(every_string(dialog))
    assert HIDDEN not in shown and PRIVATE not in shown
    assert "private notes" in dialog.preview_step.never_shared.text()
    toggle_row(qtbot, dialog.preview_step.table, 1)
    assert [r.title for r in dialog.preview_step.model.ticked_rows()] == [SHARED_TITLE]
    assert "1 of 2" in dialog.preview_step.selection_summary.text()
    click(qtbot, dialog.next_button)


def _add_json_to_the_protected_pdf(qtbot: QtBot, dialog: SendDialog) -> str:
    """A PDF only by default, protected by a generated password (returned); JSON when
    chosen, with a warning that it isn't protected."""
    assert dialog.step() == Step.OPTIONS
    assert dialog.options_step.formats() == ("pdf",)
    assert not dialog.options_step.password_note.isVisible()
    click(qtbot, dialog.options_step.format_boxes["json"])
    assert dialog.options_step.formats() == ("pdf", "json")
    assert dialog.options_step.protect.isChecked() and dialog.options_step.use_generated.isChecked()
    password = dialog.options_step.generated.password()
    assert 24 <= len(password) <= 32 and password.isalnum()  # poppler reads at most 32
    assert dialog.options_step.generated.text().replace(" ", "") == password  # shown in groups
    assert (
        "JSON" in dialog.options_step.password_note.text()
        and "PDF only" in dialog.options_step.password_note.text()
    )
    return password


def _files_hold_only_the_ticked_entry(report_folder: Path, password: str) -> Path:
    """The JSON and the PDF (returned) hold the ticked entry and nothing private."""
    files = sorted(report_folder.iterdir())
    assert [f.suffix for f in files] == [".json", ".pdf"]
    json_file, pdf_file = files
    raw = json_file.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert [e["title"] for e in data["entries"]] == [SHARED_TITLE]
    assert data["metadata"]["manager"] == {"name": "Sam Carter", "email": MANAGER.manager_email}
    for absent in (PRIVATE, HIDDEN, UNTICKED_TITLE, "private_notes"):
        assert absent not in raw
    with pytest.raises(FileNotDecryptedError):
        PdfReader(str(pdf_file)).pages[0].extract_text()
    text = pdf_text(pdf_file, password)
    assert SHARED_TITLE in text
    for absent in (PRIVATE, HIDDEN, UNTICKED_TITLE):
        assert absent not in text
    return pdf_file


def _draft_has_the_pdf_and_the_done_step_the_password(
    qtbot: QtBot,
    dialog: SendDialog,
    opener,
    report_folder: Path,
    fake_mail: FakeMail,
    pdf_file: Path,
    password: str,
) -> None:
    """The email program opens a new draft to the manager with the PDF attached; the folder
    is shown for the JSON, and the password is there to copy."""
    qtbot.waitUntil(lambda: bool(fake_mail.calls("thunderbird")), timeout=WAIT_MS)
    [call] = fake_mail.calls("thunderbird")
    fields, body = call["args"][1], call["message_text"]
    assert "to='sam.carter@example.org'" in fields
    assert f"attachment='file://{pdf_file}'" in fields
    assert "subject='Report:" in fields and "1 entry" in fields
    assert "password" in body and "separately" in body
    assert SHARED_TITLE not in fields + body and PRIVATE not in fields + body
    assert opener.mailtos() == []
    assert opener.folders() == [report_folder]
    qtbot.waitUntil(lambda: "Thunderbird" in dialog.done_step.done_text.text(), timeout=WAIT_MS)
    assert "Attach the JSON" in dialog.done_step.done_text.text()
    assert dialog.done_step.password_box.field.password() == password
    dialog.done_step.password_box.field.setFocus()
    qtbot.keyClick(
        dialog.done_step.password_box.field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
    )
    assert QGuiApplication.clipboard().text() == password  # without the reading spaces
    assert dialog.done_step.password_box.isVisible()


def test_next_report_defaults_to_what_is_new_since_the_last(qtbot: QtBot, scene: Scene) -> None:
    def recorded_an_hour_ago(journal: Journal) -> None:
        # The log's times are to the second, and "since the last report" includes that
        # second: entries recorded earlier keep the test clear of that boundary.
        real_clock = journal.repo.clock
        journal.repo.clock = lambda: now() - timedelta(hours=1)
        journal.repo.add_many([(e, ()) for e in three_incidents()])
        journal.repo.clock = real_clock
        save_manager(journal)

    scene.open(setup=recorded_an_hour_ago)
    scene.window.run_action("choose_report_contents")
    dialog = send_dialog(qtbot, scene.window)
    assert dialog.step() == Step.PREVIEW  # the manager is known: straight to the preview
    wait_preview(qtbot, dialog)
    click(qtbot, dialog.next_button)
    dialog.options_step.format_boxes["json"].setChecked(False)
    dialog.options_step.protect.setChecked(False)
    assert "anyone" in dialog.options_step.password_note.text()
    create_and_wait(qtbot, dialog)
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

    later = now() + timedelta(seconds=1)
    run(qtbot, scene.ops, lambda j: j.repo.add(Incident(title="A new post", occurred_at=later)))
    again = open_wizard(qtbot, scene.window)
    assert [r.title for r in again.preview_step.model.rows] == ["A new post"]
    assert "Since your last report (" in again.preview_step.period_box.currentText()
    again.preview_step.period_box.setCurrentIndex(again.preview_step.period_box.findData("all"))
    wait_preview(qtbot, again)
    assert len(again.preview_step.model.rows) == 3
    again.preview_step.untick_all.click()
    assert not again.next_button.isEnabled()
    assert "Nothing is ticked" in again.preview_step.selection_summary.text()
    again.reject()


def test_check_ins_only_when_ticked_in(
    qtbot: QtBot, wizard_for: Callable[[list[Entry]], SendDialog]
) -> None:
    when = now() - timedelta(days=1)
    dialog = wizard_for(
        [
            Incident(title=SHARED_TITLE, occurred_at=when),
            CheckIn(title="Check-in", occurred_at=when, shareable=True, mood=2),
            CheckIn(title="Check-in", occurred_at=when, shareable=False, mood=4),
        ]
    )
    assert [r.kind for r in dialog.preview_step.model.rows] == ["incident"]
    click(qtbot, dialog.preview_step.include_checkins)
    qtbot.waitUntil(lambda: len(dialog.preview_step.model.rows) == 2, timeout=WAIT_MS)
    assert sorted(r.kind for r in dialog.preview_step.model.rows) == ["checkin", "incident"]
    assert len(dialog.preview_step.model.ticked_ids()) == 2
    dialog.reject()


def test_names_are_replaced_in_every_file(
    qtbot: QtBot,
    wizard_for: Callable[[list[Entry]], SendDialog],
    report_folder: Path,
) -> None:
    dialog = wizard_for(
        [
            Incident(
                title="Post by Jordan Blake about me",
                description="Jordan Blake wrote it again.",
                occurred_at=now() - timedelta(days=1),
            )
        ]
    )
    click(qtbot, dialog.next_button)
    dialog.options_step.redact_name.setFocus()
    qtbot.keyClicks(dialog.options_step.redact_name, "Jordan Blake")
    assert dialog.options_step.redact_as.text() == "J.B."  # initials suggested
    qtbot.keyClick(dialog.options_step.redact_name, Qt.Key.Key_Return)
    assert dialog.options_step.redactions.rowCount() == 1
    dialog.options_step.format_boxes["csv"].setChecked(True)
    dialog.options_step.format_boxes["json"].setChecked(True)
    dialog.options_step.format_boxes["pdf"].setChecked(False)
    assert not dialog.options_step.protect.isEnabled()
    assert "The JSON and CSV can't be protected" in dialog.options_step.password_note.text()
    create_and_wait(qtbot, dialog)
    files = sorted(report_folder.iterdir())
    assert [f.suffix for f in files] == [".csv", ".json"]
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert "Jordan" not in text and "Blake" not in text
        assert "Post by J.B. about me" in text
    dialog.accept()


def test_a_typed_password_must_be_long_enough_and_short_enough(
    qtbot: QtBot,
    wizard_for: Callable[[list[Entry]], SendDialog],
    report_folder: Path,
) -> None:
    dialog = wizard_for([Incident(title=SHARED_TITLE, occurred_at=now())])
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.options_step.use_own)
    dialog.options_step.own_password.setFocus()
    qtbot.keyClicks(dialog.options_step.own_password, "short one")
    assert "at least 12" in dialog.options_step.password_note.text()
    click(qtbot, dialog.next_button)
    assert dialog.step() == Step.OPTIONS
    assert "too short" in dialog.options_step.options_status.text()
    assert not report_folder.exists()
    qtbot.keyClicks(dialog.options_step.own_password, " but far too long for readers")
    assert "at most 32" in dialog.options_step.password_note.text()
    click(qtbot, dialog.next_button)
    assert dialog.step() == Step.OPTIONS
    assert "at most 32" in dialog.options_step.options_status.text()
    assert not report_folder.exists()
    dialog.options_step.own_password.clear()
    qtbot.keyClicks(dialog.options_step.own_password, "short one but longer now")
    create_and_wait(qtbot, dialog)
    [pdf] = [p for p in report_folder.iterdir() if p.suffix == ".pdf"]
    assert SHARED_TITLE in pdf_text(pdf, "short one but longer now")
    dialog.accept()


def test_report_this_now_preselects_the_incident_and_is_urgent(qtbot: QtBot, scene: Scene) -> None:
    scene.open(
        [
            *three_incidents(),
            Incident(
                title=THREAT_TITLE,
                occurred_at=now() - timedelta(hours=2),
                category="threat",
                severity="critical",
            ),
        ],
        save_manager,
    )
    threat_id = run(
        qtbot,
        scene.ops,
        lambda j: next(s.id for s in j.repo.list_entries() if s.title == THREAT_TITLE),
    )
    dialog = open_wizard(qtbot, scene.window, threat_id)  # "Choose what goes in…"
    assert dialog.windowTitle() == "Report this now"
    assert dialog.preview_step.model.ticked_ids() == (threat_id,)
    assert len(dialog.preview_step.model.rows) == 3  # the others are listed, unticked
    assert "threat" in dialog.preview_step.selection_summary.text()
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.options_step.format_boxes["json"])  # for the organisation's systems
    create_and_wait(qtbot, dialog)

    qtbot.waitUntil(lambda: bool(scene.fake_mail.calls("thunderbird")), timeout=WAIT_MS)
    [call] = scene.fake_mail.calls("thunderbird")
    fields, body = call["args"][1], call["message_text"]
    assert f"to='{MANAGER.manager_email}'" in fields
    assert "subject='Urgent:" in fields and "threat" in fields
    assert "risk assessment" in body
    assert THREAT_TITLE not in fields + body
    data = json.loads(next(scene.report_folder.glob("*.json")).read_text(encoding="utf-8"))
    assert [e["id"] for e in data["entries"]] == [threat_id]
    assert data["metadata"]["urgent"] is True
    [record] = run(qtbot, scene.ops, lambda j: ExportLog(j.repo).records())
    assert record.urgent and record.includes_threat
    assert record.entry_ids == (threat_id,)
    assert all("urgent" in Path(f.path).name for f in record.files)
    dialog.accept()


def test_report_this_now_on_an_incident_kept_out_of_reports(qtbot: QtBot, scene: Scene) -> None:
    scene.open(three_incidents(), save_manager)
    hidden_id = run(
        qtbot, scene.ops, lambda j: next(s.id for s in j.repo.list_entries() if not s.shareable)
    )
    dialog = open_wizard(qtbot, scene.window, hidden_id)
    assert hidden_id not in {r.id for r in dialog.preview_step.model.rows}
    assert dialog.preview_step.model.ticked_ids() == ()
    assert "not for reports" in dialog.preview_step.preview_note.text()
    assert not dialog.next_button.isEnabled()
    assert HIDDEN not in " ".join(every_string(dialog))
    dialog.reject()


def test_cancel_part_way_leaves_no_files_and_no_log(
    qtbot: QtBot, scene: Scene, at_options: SendDialog
) -> None:
    dialog = at_options
    # Hold the worker, start the export, and stop the worker again at its first progress
    # report; press Cancel while it waits there.
    reached, resume = threading.Event(), threading.Event()
    gate = start_held_export(qtbot, scene.ops, dialog)
    relay = dialog._relay
    assert relay is not None

    def pause(_done: int, _total: int) -> None:  # on the worker thread
        if not reached.is_set():
            reached.set()
            resume.wait(WAIT_MS / 1000)

    relay.progressed.connect(pause, Qt.ConnectionType.DirectConnection)
    gate.set()
    qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
    click(qtbot, dialog.working_step.cancel)
    assert dialog.working_step.label.text() == "Stopping…"
    resume.set()
    qtbot.waitUntil(lambda: dialog.step() == Step.OPTIONS, timeout=WAIT_MS)
    assert "No files were written" in dialog.options_step.options_status.text()
    wait_idle(qtbot, scene.ops)
    assert nothing_written(scene.report_folder)
    assert run(qtbot, scene.ops, lambda j: ExportLog(j.repo).count()) == 0

    # Escape while it works cancels too, rather than closing the dialog over running work.
    gate = hold_worker(scene.ops)
    click(qtbot, dialog.next_button)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.step() == Step.WORKING
    assert dialog.working_step.label.text() == "Stopping…"
    gate.set()
    qtbot.waitUntil(lambda: dialog.step() == Step.OPTIONS, timeout=WAIT_MS)
    assert nothing_written(scene.report_folder)

    create_and_wait(qtbot, dialog)
    assert [p.suffix for p in scene.report_folder.iterdir()] == [".pdf"]  # a PDF only by default
    dialog.accept()


def test_locking_stops_the_dialog_and_leaves_nothing_on_screen(qtbot: QtBot, scene: Scene) -> None:
    marker = "Lockmarker4417"
    scene.open(
        [Incident(title=f"Post {marker}", occurred_at=now())],
        lambda j: ReportSettings("Alex", f"Manager {marker}", "m@example.org").save(j.repo),
    )
    dialog = open_wizard(qtbot, scene.window)
    click(qtbot, dialog.next_button)
    dialog.options_step.redact_name.setFocus()
    qtbot.keyClicks(dialog.options_step.redact_name, marker)
    assert anywhere(marker)
    focused = dialog.options_step.redact_name
    with qtbot.waitSignal(scene.window.locked, timeout=WAIT_MS):
        qtbot.keyClick(focused, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert scene.controller.send_dialog is None
    wait_idle(qtbot, scene.ops)
    assert not anywhere(marker)
    assert not any(
        isinstance(w, SendDialog) and w.isVisible() for w in scene.window.findChildren(SendDialog)
    )


def test_locking_during_an_export_stops_it_and_writes_nothing(
    qtbot: QtBot, scene: Scene, at_options: SendDialog
) -> None:
    gate = start_held_export(qtbot, scene.ops, at_options)
    with qtbot.waitSignal(scene.window.locked, timeout=WAIT_MS):
        scene.window.lock_action.trigger()
    assert scene.controller.send_dialog is None
    finish_once_closed(qtbot, scene.ops, gate, scene.report_folder)
    scene.unlock()
    assert run(qtbot, scene.ops, lambda j: ExportLog(j.repo).count()) == 0


def test_closing_the_app_during_an_export_stops_it_too(
    qtbot: QtBot, scene: Scene, at_options: SendDialog
) -> None:
    gate = start_held_export(qtbot, scene.ops, at_options)
    scene.window.close()
    finish_once_closed(qtbot, scene.ops, gate, scene.report_folder)
