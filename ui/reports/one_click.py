""" "Send to manager" and "Report this to your manager now": the report in one click.

The first time, one small form asks for the manager's email address and the person's
name; after that the click goes straight to work. The core makes a PDF protected with a
new password, the person's own email program opens a new draft with it attached, and
this dialog shows the password once (copied as a secret, cleared after a minute) with
one sentence on sending it another way. When no email program can take the file, the
file is shown in its folder, the address is copied, and the dialog says what to do.
"Choose what goes in…" opens the full wizard for anything else.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError
from journal.export.engine import ExportCancelled, NothingToExport
from ui import theme
from ui.kit.lifetime import if_alive
from ui.operations import NotOpen
from ui.reports import jobs
from ui.reports.dialog_frame import ReportDialog
from ui.reports.parts import (
    PasswordPanel,
    ProgressPanel,
    button,
    form_grid,
    heading,
    label,
    line_edit,
)
from ui.reports.services import log_change
from ui.reports.texts import looks_like_email

if TYPE_CHECKING:
    pass


class Page(IntEnum):
    PEOPLE = 0
    WORKING = 1
    DONE = 2


class OneClickDialog(ReportDialog):
    OBJECT_NAME = "one_click_dialog"

    def _build(self) -> None:
        self.outcome: jobs.OneClick | None = None
        self.setWindowTitle(
            self.tr("Report this to your manager now")
            if self.entry_id
            else self.tr("Send to manager")
        )
        self.stack = QStackedWidget(self)
        self.working = ProgressPanel(
            self.stack,
            name="one_click_working",
            progress_name="one_click_progress",
            label_name="one_click_progress_text",
            text=self.tr("Making your report…"),
        )
        self.stack.addWidget(self._build_people())
        self.stack.addWidget(self.working)
        self.stack.addWidget(self._build_done())

        self.choose_button = button(self.tr("C&hoose what goes in…"), self, "choose_contents")
        self.choose_button.setToolTip(
            self.tr("Pick the period and entries, names to replace, or other kinds of file")
        )
        self.log_button = button(self.tr("Reports &sent…"), self, "one_click_reports_sent")
        self.send_button = button(self.tr("Se&nd"), self, "one_click_send")
        self.send_button.setDefault(True)
        self.close_button = button(self.tr("Cancel"), self, "one_click_close")
        self.choose_button.clicked.connect(self.choose_what_goes_in)
        self.log_button.clicked.connect(lambda: self.controller.show_export_log(self))
        self.send_button.clicked.connect(self.send_from_form)
        self.close_button.clicked.connect(self.reject)
        self._lay_out(
            self.stack,
            (self.choose_button, self.log_button),
            (self.send_button, self.close_button),
            80,
            50,
        )
        self._show(Page.WORKING)
        self.working.label.setText(self.tr("Getting things ready…"))
        self.ops.submit(
            jobs.load_one_click, if_alive(self, self._setup_loaded), if_alive(self, self._failed)
        )

    # -- building ----------------------------------------------------------------------------

    def _build_people(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("one_click_people")
        s = theme.SPACING
        self.practitioner_name = line_edit(page, "one_click_your_name", self.tr("Your name"))
        self.manager_email = line_edit(
            page,
            "one_click_manager_email",
            self.tr("Your manager's email address"),
            self.tr("name@example.org"),
        )
        self.people_note = label("", page, "one_click_people_note")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * s)
        layout.addWidget(heading(self.tr("Who is the report for?"), page, "one_click_ask"))
        layout.addWidget(
            label(
                self.tr(
                    "You're asked this once. Your name goes on the report; the email opens "
                    "addressed to your manager. You can change both in Settings."
                ),
                page,
                "one_click_people_intro",
            )
        )
        layout.addLayout(
            form_grid(
                page,
                [
                    (self.tr("&Your name:"), self.practitioner_name),
                    (self.tr("Your manager's &email:"), self.manager_email),
                ],
            )
        )
        layout.addWidget(self.people_note)
        layout.addStretch(1)
        for field in (self.practitioner_name, self.manager_email):
            field.textChanged.connect(lambda _t: self.people_note.clear())
        return page

    def _build_done(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("one_click_done")
        s = theme.SPACING
        self.done_heading = heading("", page, "one_click_done_heading")
        self.done_text = label("", page, "one_click_done_text")
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_box = QWidget(page)
        self.address = line_edit(
            self.address_box, "one_click_address", self.tr("Your manager's address")
        )
        self.address.setReadOnly(True)
        self.subject = line_edit(self.address_box, "one_click_subject", self.tr("Subject"))
        self.subject.setReadOnly(True)
        self.copy_subject = button(self.tr("Copy the s&ubject"), self.address_box, "copy_subject")
        self.copy_subject.clicked.connect(self._copy_subject)
        grid = QGridLayout(self.address_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(s)
        to_label = QLabel(self.tr("&To:"), self.address_box)
        to_label.setBuddy(self.address)
        subject_label = QLabel(self.tr("Su&bject:"), self.address_box)
        subject_label.setBuddy(self.subject)
        grid.addWidget(to_label, 0, 0)
        grid.addWidget(self.address, 0, 1)
        grid.addWidget(subject_label, 1, 0)
        grid.addWidget(self.subject, 1, 1)
        grid.addWidget(self.copy_subject, 1, 2)
        self.password_box = PasswordPanel(
            page,
            self.controller.clipboard,
            prefix="one_click_",
            sentence=self.tr(
                "The report opens with this password. Send it to your manager another way, by "
                "text or phone, never in the email; the spaces are only there to read it out."
            ),
        )
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * s)
        layout.addWidget(self.done_heading)
        layout.addWidget(self.done_text)
        layout.addWidget(self.address_box)
        layout.addWidget(self.password_box)
        layout.addStretch(1)
        return page

    # -- pages -------------------------------------------------------------------------------

    def page(self) -> Page:
        return Page(self.stack.currentIndex())

    @property
    def busy(self) -> bool:
        return self.page() == Page.WORKING and self._relay is not None

    def _show(self, page: Page) -> None:
        self.stack.setCurrentIndex(page)
        self.send_button.setVisible(page == Page.PEOPLE)
        self.close_button.setText(self.tr("Close") if page == Page.DONE else self.tr("Cancel"))
        self.close_button.setAccessibleName(self.close_button.text())
        self.choose_button.setVisible(page != Page.WORKING)
        self.log_button.setVisible(page == Page.DONE)
        if page == Page.PEOPLE:
            self.send_button.setDefault(True)
            first = next(
                (f for f in (self.practitioner_name, self.manager_email) if not f.text().strip()),
                self.practitioner_name,
            )
            first.setFocus()
        elif page == Page.DONE:
            self.close_button.setDefault(True)
            self.close_button.setFocus()

    # -- who it's for ------------------------------------------------------------------------

    def _setup_loaded(self, setup: jobs.OneClickSetup) -> None:
        if self.closed_for_good:
            return
        if setup.ready:
            self.start()
            return
        self.practitioner_name.setText(setup.practitioner)
        self.manager_email.setText(setup.manager_email)
        self._show(Page.PEOPLE)

    def send_from_form(self) -> None:
        name = " ".join(self.practitioner_name.text().split())
        email = self.manager_email.text().strip()
        if not name:
            self.people_note.setText(self.tr("Please add your name: it goes on the report."))
            self.practitioner_name.setFocus()
            return
        if not looks_like_email(email):
            self.people_note.setText(
                self.tr("That doesn't look like an email address yet. Check it and try again.")
            )
            self.manager_email.setFocus()
            return
        self.start(to=email, sender=name)

    # -- the work ----------------------------------------------------------------------------

    def start(self, *, to: str | None = None, sender: str | None = None) -> None:
        cancel, relay = self._start_work()
        self._show(Page.WORKING)
        entry_id = self.entry_id
        folder = self.controller.default_folder()
        self.ops.submit(
            lambda j: jobs.one_click(
                j, entry_id, folder, relay.report, cancel.is_set, to=to, sender=sender
            ),
            if_alive(self, self._done),
            if_alive(self, self._failed),
            change=log_change(),
        )

    def _progressed(self, done: int, total: int) -> None:
        if self.page() == Page.WORKING and not self._cancel.is_set():
            self.working.show_progress(done, total)
            if done >= total:
                self.working.label.setText(self.tr("Opening your email program…"))

    def _done(self, outcome: jobs.OneClick) -> None:
        self._relay = None
        if self.closed_for_good:
            return
        self.outcome = outcome
        sent = outcome.sent
        self.working.progress.setValue(1000)
        self.password_box.set_password(sent.password, spaced=True)
        self.address.setText(sent.email.to)
        self.subject.setText(sent.email.subject)
        self.subject.setCursorPosition(0)  # the start of the subject is what says what it is
        folder = sent.pdf.parent
        if sent.draft.opened:
            self.done_heading.setText(self.tr("Your email is ready to send"))
            text = self.tr(
                "A new message to {to} is open in {program} with the report attached. Read it "
                "through and send it. The report is also saved in {folder}."
            ).format(to=sent.email.to, program=sent.draft.program, folder=folder)
            if sent.draft.check_attachment:
                text += " " + self.tr(
                    "Check the report is attached; if it isn't, attach {file} from the folder "
                    "that opened."
                ).format(file=sent.pdf.name)
        else:
            QGuiApplication.clipboard().setText(sent.email.to)
            if not outcome.revealed:
                self.controller.open_url(QUrl.fromLocalFile(str(folder)))
            self.done_heading.setText(self.tr("Your report is saved: attach it to an email"))
            text = self.tr(
                "Your email program couldn't be given the report as an attachment, so the "
                "folder with it is open ({folder}). Start a new email to your manager (the "
                "address is copied, ready to paste), use the subject below, attach {file}, "
                "and send it. Then mark it as sent under Reports sent."
            ).format(folder=folder, file=sent.pdf.name)
        self.done_text.setText(text)
        self.address_box.setVisible(not sent.draft.opened)
        self._show(Page.DONE)

    def _failed(self, error: JournalError) -> None:
        self._relay = None
        if isinstance(error, NotOpen) or self.closed_for_good:
            return
        if isinstance(error, ExportCancelled):
            self.reject()
            return
        self.done_heading.setText(
            self.tr("Nothing to send")
            if isinstance(error, NothingToExport)
            else self.tr("The report couldn't be made")
        )
        self.done_text.setText(error.message)
        self.address_box.hide()
        self.password_box.hide()
        self._show(Page.DONE)
        self.choose_button.setFocus()

    def _copy_subject(self) -> None:
        QGuiApplication.clipboard().setText(self.subject.text())

    def choose_what_goes_in(self) -> None:
        entry_id = self.entry_id
        controller = self.controller
        self.discard()
        controller.choose_what_goes_in(entry_id)

    # -- closing and locking -----------------------------------------------------------------

    def panel(self) -> ProgressPanel:
        return self.working

    def wipe(self) -> None:
        """Forget the password and everything shown."""
        self.password_box.clear()
        for field in (self.address, self.subject, self.practitioner_name, self.manager_email):
            field.clear()
        for text in (self.done_text, self.people_note):
            text.clear()
        self.outcome = None
