""" "Send to manager…" and "Report this now": who, what, how, then the files and the email.

Steps (each a widget in ``send_steps.py``): who receives it (only when Settings doesn't
know yet); exactly what will be shared, each entry with a tick; names to replace,
formats, a password for the PDF and the folder; the export itself on the worker, with
progress and Cancel; then the email program opens with a drafted message and the folder
with the files. The core decides what may leave (shareable entries, never private notes);
this dialog only lets the person narrow it. The dialog holds what crosses the steps: the
settings, the period asked for, the export and its email draft.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QStackedWidget

from journal import usecases
from journal.errors import JournalError
from journal.export.engine import ExportCancelled, ExportResult, NothingToExport
from journal.export.mailer import DraftResult
from journal.export.selection import ReportRequest
from journal.export.settings import ReportSettings
from ui.kit.lifetime import if_alive
from ui.operations import NotOpen
from ui.reports import jobs
from ui.reports.dialog_frame import ReportDialog
from ui.reports.parts import ProgressPanel, button
from ui.reports.send_steps import (
    DoneStep,
    OptionsStep,
    PeopleStep,
    Period,
    PreviewStep,
)
from ui.reports.services import log_change
from ui.reports.texts import looks_like_email

if TYPE_CHECKING:
    pass


class Step(IntEnum):
    PEOPLE = 0
    PREVIEW = 1
    OPTIONS = 2
    WORKING = 3
    DONE = 4


class SendDialog(ReportDialog):
    exported = Signal(object)  # ExportResult, once the files are written and logged

    OBJECT_NAME = "send_dialog"

    def _build(self) -> None:
        self.urgent = self.entry_id is not None
        self.settings: ReportSettings | None = None
        self.period = Period(since_last_export=True)
        self.export_result: ExportResult | None = None
        self.request: ReportRequest | None = None
        self.password: str | None = None
        self.mail_opened = False
        self.draft: DraftResult | None = None  # the PDF attached to a new draft, or not
        self.setWindowTitle(
            self.tr("Report this now") if self.urgent else self.tr("Send to manager")
        )

        self._build_steps()

        self.log_button = button(self.tr("Reports &sent…"), self, "reports_sent")
        self.log_button.setToolTip(self.tr("Every report you've sent, and whether it arrived"))
        self.back_button = button(self.tr("&Back"), self, "send_back")
        self.next_button = button(self.tr("&Next"), self, "send_next")
        self.next_button.setDefault(True)
        self.close_button = button(self.tr("Cancel"), self, "send_close")
        self.log_button.clicked.connect(lambda: self.controller.show_export_log(self))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        self._lay_out(
            self.stack,
            (self.log_button,),
            (self.back_button, self.next_button, self.close_button),
            92,
            80,
        )

        self._show_step(Step.PREVIEW)
        self.preview_step.start_loading(self.tr("Getting things ready…"))
        self.next_button.setEnabled(False)
        self.ops.submit(
            jobs.load_setup, if_alive(self, self._setup_loaded), if_alive(self, self._failed)
        )

    def _build_steps(self) -> None:
        """The steps, one page each of a stack."""
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("send_steps")
        self.people_step = PeopleStep(self.stack)
        self.preview_step = PreviewStep(self.stack, urgent=self.urgent, entry_id=self.entry_id)
        self.options_step = OptionsStep(self.stack, self.controller)
        self.working_step = ProgressPanel(
            self.stack,
            name="send_working",
            progress_name="report_progress",
            label_name="progress_label",
            text=self.tr("Preparing your report…"),
            hint=self.tr("You can carry on in the journal's window; this may take a minute."),
            cancel=True,
        )
        self.done_step = DoneStep(self.stack, self.controller)
        for step in (
            self.people_step,
            self.preview_step,
            self.options_step,
            self.working_step,
            self.done_step,
        ):
            self.stack.addWidget(step)
        self.preview_step.period_changed.connect(self.load_preview)
        self.preview_step.ready_changed.connect(self._preview_ready)
        self.working_step.cancel.clicked.connect(self.cancel)
        self.done_step.email_again.clicked.connect(self.open_email)
        self.done_step.show_files.clicked.connect(self.reveal_files)

    # -- steps -------------------------------------------------------------------------------

    def step(self) -> Step:
        return Step(self.stack.currentIndex())

    @property
    def busy(self) -> bool:
        return self.step() == Step.WORKING

    def _show_step(self, step: Step) -> None:
        self.stack.setCurrentIndex(step)
        self.back_button.setVisible(step in (Step.PREVIEW, Step.OPTIONS))
        self.log_button.setVisible(step != Step.WORKING)
        self.next_button.setVisible(step not in (Step.WORKING, Step.DONE))
        self.close_button.setVisible(step != Step.WORKING)
        self.close_button.setText(self.tr("Cancel") if step != Step.DONE else self.tr("Close"))
        self.close_button.setAccessibleName(self.close_button.text())
        self.next_button.setText(
            self.tr("Crea&te report") if step == Step.OPTIONS else self.tr("&Next")
        )
        self.next_button.setAccessibleName(self.next_button.text().replace("&", ""))
        if step == Step.PEOPLE:
            self.next_button.setEnabled(True)
            self.people_step.focus_first_empty()
        elif step == Step.PREVIEW:
            self.preview_step.update_ticks()
            self.preview_step.table.setFocus()
        elif step == Step.OPTIONS:
            self.next_button.setEnabled(True)
            self.options_step.redact_name.setFocus()
        elif step == Step.WORKING:
            self.working_step.cancel.setFocus()
        elif step == Step.DONE:
            self.close_button.setDefault(True)
            self.close_button.setFocus()

    def _preview_ready(self, ready: bool) -> None:
        if self.step() == Step.PREVIEW:
            self.next_button.setEnabled(ready)

    def next(self) -> None:
        step = self.step()
        if step == Step.PEOPLE:
            self._save_people()
        elif step == Step.PREVIEW:
            if self.preview_step.ticked_ids() and not self.preview_step.loading:
                self.options_step.options_status.clear()
                self._show_step(Step.OPTIONS)
        elif step == Step.OPTIONS:
            self.create_report()
        elif step == Step.DONE:
            self.accept()

    def back(self) -> None:
        step = self.step()
        if step == Step.OPTIONS:
            self._show_step(Step.PREVIEW)
        elif step == Step.PREVIEW:
            self._show_step(Step.PEOPLE)

    # -- who receives it ---------------------------------------------------------------------

    def _setup_loaded(self, setup: jobs.SendSetup) -> None:
        self.settings = setup.settings
        self.options_step.set_folder(
            Path(setup.folder) if setup.folder else self.options_step.folder
        )
        self.people_step.fill(setup.settings)
        self.preview_step.set_last_export(setup.last_export)
        self.preview_step.show_recipient(setup.settings)
        if not setup.settings.manager_name or not looks_like_email(setup.settings.manager_email):
            self._show_step(Step.PEOPLE)
        else:
            self._show_step(Step.PREVIEW)
        self.load_preview()

    @property
    def last_export(self) -> datetime | None:
        return self.preview_step.last_export

    def _save_people(self) -> None:
        people = self.people_step.read()
        if people is None:
            return
        self.next_button.setEnabled(False)
        self.ops.submit(
            lambda j: jobs.save_people(
                j, people.practitioner, people.manager_name, people.manager_email
            ),
            if_alive(self, self._people_saved),
            if_alive(self, self._people_failed),
        )

    def _people_saved(self, settings: ReportSettings) -> None:
        self.settings = settings
        self.preview_step.show_recipient(settings)
        self._show_step(Step.PREVIEW)

    def _people_failed(self, error: JournalError) -> None:
        self.next_button.setEnabled(True)
        self.people_step.people_note.setText(error.message)

    # -- what will be shared ---------------------------------------------------------------

    def load_preview(self) -> None:
        """Ask the core which entries the chosen period may share."""
        if self.settings is None:
            return
        self.period = self.preview_step.current_period()
        request = ReportRequest(
            since=self.period.since,
            until=self.period.until,
            since_last_export=self.period.since_last_export,
            include_checkins=self.preview_step.include_checkins.isChecked(),
        )
        extra = (self.entry_id,) if self.entry_id else ()
        self.preview_step.start_loading()
        self.ops.submit(  # only the newest preview asked for is shown
            lambda j: jobs.load_preview(j, request, extra),
            self._preview_loaded,
            self._failed,
            owner=self,
            key="preview",
        )

    def _preview_loaded(self, preview: jobs.Preview) -> None:
        self.preview_step.show_preview(preview, self.period)

    # -- the export --------------------------------------------------------------------------

    def build_request(self) -> ReportRequest:
        settings = self.settings or ReportSettings()
        # An incident named by "Report this now" may lie outside the period: ids alone decide.
        named = bool(self.entry_id)
        return ReportRequest(
            since=None if named else self.period.since,
            until=None if named else self.period.until,
            since_last_export=False,
            entry_ids=self.preview_step.ticked_ids(),
            include_checkins=self.preview_step.include_checkins.isChecked(),
            practitioner=settings.practitioner_name,
            manager_name=settings.manager_name,
            manager_email=settings.manager_email,
            urgent=self.urgent,
            note=self.options_step.note.toPlainText().strip(),
            redactions=self.options_step.redaction_list(),
        )

    def create_report(self) -> None:
        options = self.options_step
        if options.problem():
            return
        if not self.preview_step.ticked_ids():
            self._show_step(Step.PREVIEW)
            return
        formats = options.formats()
        password = options.chosen_password()
        request = self.build_request()
        folder = options.folder
        self.request = request
        self.password = password
        cancel, relay = self._start_work()
        self._show_step(Step.WORKING)
        self.ops.submit(
            lambda j: (
                usecases.export_report_to(
                    j,
                    request,
                    folder,
                    formats,
                    password=password,
                    progress=relay.report,
                    should_cancel=cancel.is_set,
                ).value
            ),
            if_alive(self, self._exported),
            if_alive(self, self._export_failed),
            change=log_change(),
        )

    def _progressed(self, done: int, total: int) -> None:
        if self.step() != Step.WORKING or self._cancel.is_set():
            return
        self.working_step.show_progress(done, total)
        self.working_step.label.setText(
            self.tr("Preparing your report… {percent}%").format(percent=done * 100 // max(total, 1))
        )

    def panel(self) -> ProgressPanel:
        return self.working_step

    def _export_failed(self, error: JournalError) -> None:
        self._relay = None
        if isinstance(error, NotOpen):
            return
        if isinstance(error, ExportCancelled):
            self._show_step(Step.OPTIONS)
            self.options_step.say(self.tr("You cancelled the report. No files were written."))
            return
        if isinstance(error, NothingToExport):
            self._show_step(Step.PREVIEW)
            self.preview_step.show_note(error.message)
            self.load_preview()
            return
        self._show_step(Step.OPTIONS)
        self.options_step.say(error.message)

    def _exported(self, result: ExportResult) -> None:
        self._relay = None
        self.export_result = result
        self.working_step.progress.setValue(1000)
        self.draft = None
        self.reveal_files()
        self._describe_done()
        self.done_step.show_password(
            self.password, spaced=self.options_step.is_generated(self.password)
        )
        self._show_step(Step.DONE)
        self.exported.emit(result)
        self.open_email()

    def _describe_done(self) -> None:
        if self.export_result is not None:
            self.done_step.describe(
                self.export_result, self.settings or ReportSettings(), self.draft, self.mail_opened
            )

    def open_email(self) -> None:
        """A new draft with the PDF attached (through the core's mailer, on the worker); for a
        report without a PDF, or when no program takes the file, a plain ``mailto:`` draft."""
        result, request = self.export_result, self.request
        if result is None or request is None:
            return
        if "pdf" not in result.files:
            self._mailto_fallback()
            return
        self.done_step.email_again.setEnabled(False)
        self.ops.submit(
            lambda j: jobs.open_draft(j, result, request),
            if_alive(self, self._draft_opened),
            if_alive(self, lambda _e: self._mailto_fallback()),
            change=log_change(),
        )

    def _draft_opened(self, draft: DraftResult) -> None:
        self.done_step.email_again.setEnabled(True)
        if self.export_result is None:
            return
        if draft.opened:
            self.draft = draft
            self.mail_opened = True
            self._describe_done()
        else:
            self._mailto_fallback()

    def _mailto_fallback(self) -> None:
        self.done_step.email_again.setEnabled(True)
        url = self.mailto()
        self.mail_opened = url is not None and self.controller.open_url(url)
        self._describe_done()

    def mailto(self) -> QUrl | None:
        if self.export_result is None or self.request is None:
            return None
        from journal.export.mail import draft_email

        url = draft_email(self.export_result, self.request).mailto_url()
        return QUrl.fromEncoded(url.encode("ascii"))

    def reveal_files(self) -> bool:
        if self.export_result is None:
            return False
        folder = next(iter(self.export_result.files.values())).parent
        return self.controller.open_url(QUrl.fromLocalFile(str(folder)))

    # -- closing and locking -----------------------------------------------------------------

    def wipe(self) -> None:
        """Drop every piece of journal data and every secret the dialog holds."""
        for step in (self.people_step, self.preview_step, self.options_step, self.done_step):
            step.wipe()
        self.settings = None
        self.request = None
        self.password = None
        self.export_result = None

    def _failed(self, error: JournalError) -> None:
        if isinstance(error, NotOpen) or self.closed_for_good:
            return
        self.preview_step.loading = False
        self.preview_step.show_note(error.message)
        self.preview_step.update_ticks()
