"""The steps of "Send to manager…" (the full wizard), each a widget that owns its fields.

``send_dialog.py`` holds what crosses steps (the settings, the period asked for, the
export and the email draft) and moves between them; each step here shows, checks and
forgets its own part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.errors import ValidationError
from journal.export.engine import ExportResult
from journal.export.mailer import DraftResult
from journal.export.password import (
    MAX_LENGTH,
    MIN_TYPED_LENGTH,
    generate_password,
    typed_password_problem,
)
from journal.export.redact import Redaction, initials
from journal.export.settings import ReportSettings
from journal.timeutil import now
from ui import theme
from ui.kit.columns import button_row, column, scroll_area
from ui.kit.delegates import SeverityDelegate
from ui.kit.list_table import list_table
from ui.kit.named_widgets import note_edit
from ui.kit.widgets import DateEdit
from ui.reports import jobs
from ui.reports.parts import (
    PasswordPanel,
    button,
    form_grid,
    heading,
    label,
    line_edit,
    panel,
)
from ui.reports.password_field import PasswordCopyGuard, PasswordField
from ui.reports.preview_model import Column, PreviewModel
from ui.reports.texts import day_text, looks_like_email

if TYPE_CHECKING:
    from ui.reports.services import ReportServices

PERIOD_DAYS = {"7d": 7, "30d": 30, "90d": 91}
FORMAT_NAMES = {"pdf": "PDF", "json": "JSON", "csv": "CSV"}


@dataclass(frozen=True)
class Period:
    """A period as the core takes it, worked out once so the preview and export agree."""

    since: datetime | None = None
    until: datetime | None = None
    since_last_export: bool = False


@dataclass(frozen=True)
class People:
    practitioner: str
    manager_name: str
    manager_email: str


class PeopleStep(QWidget):
    """Who receives the reports: asked only while Settings doesn't know."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("send_people")
        s = theme.SPACING
        self.practitioner_name = line_edit(self, "report_practitioner_name", self.tr("Your name"))
        self.manager_name = line_edit(self, "report_manager_name", self.tr("Manager's name"))
        self.manager_email = line_edit(
            self, "report_manager_email", self.tr("Manager's email"), self.tr("name@example.org")
        )
        self.people_note = label("", self, "people_note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * s)
        layout.addWidget(heading(self.tr("Who should receive your reports?"), self))
        layout.addWidget(
            label(
                self.tr(
                    "Your name goes on the report's cover. Your manager's email is where the "
                    "message will be addressed. Both are kept inside your journal, so you're "
                    "asked only once; you can change them in Settings."
                ),
                self,
                "people_intro",
            )
        )
        layout.addLayout(
            form_grid(
                self,
                [
                    (self.tr("&Your name:"), self.practitioner_name),
                    (self.tr("Manager's n&ame:"), self.manager_name),
                    (self.tr("Manager's &email:"), self.manager_email),
                ],
            )
        )
        layout.addWidget(self.people_note)
        layout.addStretch(1)
        self.manager_email.textChanged.connect(lambda _t: self.people_note.clear())

    def fill(self, settings: ReportSettings) -> None:
        self.practitioner_name.setText(settings.practitioner_name)
        self.manager_name.setText(settings.manager_name)
        self.manager_email.setText(settings.manager_email)

    def focus_first_empty(self) -> None:
        fields = (self.practitioner_name, self.manager_name, self.manager_email)
        next((f for f in fields if not f.text().strip()), fields[0]).setFocus()

    def read(self) -> People | None:
        """What was typed, or None after saying what is missing (and going to it)."""
        name = self.manager_name.text().strip()
        email = self.manager_email.text().strip()
        if not name:
            self.people_note.setText(self.tr("Please add your manager's name."))
            self.manager_name.setFocus()
            return None
        if not looks_like_email(email):
            self.people_note.setText(
                self.tr("That doesn't look like an email address yet. Check it and try again.")
            )
            self.manager_email.setFocus()
            return None
        return People(self.practitioner_name.text().strip(), name, email)

    def wipe(self) -> None:
        for field in (self.practitioner_name, self.manager_name, self.manager_email):
            field.clear()
        self.people_note.clear()


class PreviewStep(QWidget):
    """Exactly what will be shared: the period, and each entry the core allows, with a tick."""

    period_changed = Signal()  # the period or the check-ins choice: ask the core again
    ready_changed = Signal(bool)  # whether something is ticked and nothing is loading

    def __init__(self, parent: QWidget, *, urgent: bool, entry_id: str | None) -> None:
        super().__init__(parent)
        self.setObjectName("send_preview")
        self.urgent = urgent
        self.entry_id = entry_id
        self.loading = False
        self.last_export: datetime | None = None
        self._seen: set[str] = set()
        self._unshareable: tuple[str, ...] = ()
        s = theme.SPACING
        self.preview_heading = heading(
            self.tr("Report this incident now")
            if urgent
            else self.tr("What your manager will receive"),
            self,
            "preview_heading",
        )
        self.recipient = label("", self, "report_recipient")
        period_row = self._build_period_row()
        self.model = PreviewModel(self)
        self.table = self._build_table()
        ticks = self._build_ticks()
        self.preview_note = label("", self, "preview_note")
        never = self._build_never_shared()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(s)
        layout.addWidget(self.preview_heading)
        layout.addWidget(self.recipient)
        layout.addSpacing(s)
        layout.addLayout(period_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview_note)
        layout.addLayout(ticks)
        layout.addWidget(never)

        self.period_box.currentIndexChanged.connect(self._period_chosen)
        self.include_checkins.toggled.connect(lambda _on: self.period_changed.emit())
        self.model.ticks_changed.connect(self.update_ticks)
        self._show_custom_dates(False)

    def _build_period_row(self) -> QHBoxLayout:
        """The period (a choice, or two dates) and whether check-ins go in too."""
        s = theme.SPACING
        self.period_box = QComboBox(self)
        self.period_box.setObjectName("report_period")
        self.period_box.setAccessibleName(self.tr("Period"))
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, text in (
            ("last", self.tr("Since your last report")),
            ("7d", self.tr("The last 7 days")),
            ("30d", self.tr("The last 30 days")),
            ("90d", self.tr("The last 3 months")),
            ("all", self.tr("Everything")),
            ("custom", self.tr("Choose dates…")),
        ):
            self.period_box.addItem(text, code)
        period_label = QLabel(self.tr("&Period:"), self)
        period_label.setBuddy(self.period_box)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(250)
        self._reload_timer.timeout.connect(self.period_changed.emit)
        self.since_date = DateEdit(self)
        self.since_date.setObjectName("report_since")
        self.since_date.setAccessibleName(self.tr("From"))
        self.until_date = DateEdit(self)
        self.until_date.setObjectName("report_until")
        self.until_date.setAccessibleName(self.tr("To"))
        today = QDate.currentDate()
        for edit, value in ((self.since_date, today.addDays(-30)), (self.until_date, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setDate(value)
            edit.setMaximumDate(today)
            edit.dateChanged.connect(lambda _d: self._reload_timer.start())
        self.since_label = QLabel(self.tr("from"), self)
        self.until_label = QLabel(self.tr("to"), self)
        self.include_checkins = QCheckBox(self.tr("Include my &check-ins"), self)
        self.include_checkins.setObjectName("include_checkins")
        self.include_checkins.setToolTip(
            self.tr("Only check-ins you've marked to share are listed")
        )
        period_row = QHBoxLayout()
        period_row.setSpacing(s)
        for widget in (
            period_label,
            self.period_box,
            self.since_label,
            self.since_date,
            self.until_label,
            self.until_date,
        ):
            period_row.addWidget(widget)
        period_row.addStretch(1)
        period_row.addWidget(self.include_checkins)
        return period_row

    def _build_ticks(self) -> QHBoxLayout:
        """How many are ticked, with Tick all and Untick all."""
        s = theme.SPACING
        self.tick_all = button(self.tr("Tick all"), self, "tick_all")
        self.untick_all = button(self.tr("Untick all"), self, "untick_all")
        self.tick_all.clicked.connect(lambda: self.model.set_all(True))
        self.untick_all.clicked.connect(lambda: self.model.set_all(False))
        self.selection_summary = label("", self, "selection_summary")
        ticks = QHBoxLayout()
        ticks.setSpacing(s)
        ticks.addWidget(self.selection_summary, 1)
        ticks.addWidget(self.tick_all)
        ticks.addWidget(self.untick_all)
        return ticks

    def _build_never_shared(self) -> QFrame:
        """The quiet box saying what never leaves."""
        s = theme.SPACING
        never = panel(self, "never_shared")
        self.never_shared = label(
            self.tr(
                "Never shared: your private notes, and entries you haven't marked “Can go "
                "into reports to your manager”. Nothing leaves your computer until you create "
                "the report and send the email yourself."
            ),
            never,
            "never_shared_text",
        )
        never_layout = QVBoxLayout(never)
        never_layout.setContentsMargins(2 * s, s, 2 * s, s)
        never_layout.addWidget(self.never_shared)
        return never

    def _build_table(self) -> QTableView:
        table = list_table(self, "report_entries", self.tr("Entries to share"), self.model)
        table.setItemDelegateForColumn(Column.SEVERITY, SeverityDelegate(table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(Column.DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        return table

    # -- the period --------------------------------------------------------------------------

    def set_last_export(self, last_export: datetime | None) -> None:
        self.last_export = last_export
        self.period_box.setItemText(
            self.period_box.findData("last"),
            self.tr("Since your last report ({day})").format(day=day_text(last_export))
            if last_export
            else self.tr("Everything not yet sent"),
        )

    def show_recipient(self, settings: ReportSettings) -> None:
        self.recipient.setText(
            self.tr("To {name} ({email}).").format(
                name=settings.manager_name, email=settings.manager_email
            )
        )

    def _show_custom_dates(self, on: bool) -> None:
        for widget in (self.since_label, self.since_date, self.until_label, self.until_date):
            widget.setVisible(on)

    def _period_chosen(self, _index: int) -> None:
        self._show_custom_dates(self.period_box.currentData() == "custom")
        self.period_changed.emit()

    def current_period(self) -> Period:
        self._reload_timer.stop()
        code = self.period_box.currentData()
        if code == "last":
            return Period(since_last_export=True)
        if code == "all":
            return Period()
        if code in PERIOD_DAYS:
            return Period(since=now() - timedelta(days=PERIOD_DAYS[code]))
        first = cast(date, self.since_date.date().toPython())
        last = cast(date, self.until_date.date().toPython())
        if first > last:
            first, last = last, first
        return Period(
            since=datetime.combine(first, time.min).astimezone(),
            until=datetime.combine(last, time.max.replace(microsecond=0)).astimezone(),
        )

    # -- the entries -------------------------------------------------------------------------

    def start_loading(self, text: str = "") -> None:
        self.loading = True
        self.preview_note.setText(text or self.tr("Gathering the entries…"))
        self.update_ticks()

    def show_preview(self, preview: jobs.Preview, period: Period) -> None:
        self.loading = False
        self._unshareable = preview.unshareable
        # Keep every choice already made; new rows start ticked, except in "Report this
        # now", where only the incident starts ticked.
        keep = set(self.model.ticked)
        ticked = set()
        for preview_row in preview.rows:
            if preview_row.id in self._seen:
                if preview_row.id in keep:
                    ticked.add(preview_row.id)
            elif not self.urgent or preview_row.id == self.entry_id:
                ticked.add(preview_row.id)
            self._seen.add(preview_row.id)
        self.model.set_rows(preview.rows, ticked)
        self.table.resizeColumnToContents(Column.DATE)
        if self.entry_id:
            row = self.model.row_of(self.entry_id)
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        self._describe(period)

    def show_note(self, text: str) -> None:
        self.preview_note.setText(text)
        self.preview_note.setVisible(bool(text))

    def _describe(self, period: Period) -> None:
        if self.entry_id and self.entry_id in self._unshareable:
            text = self.tr(
                "This incident is marked as not for reports, so it can't be sent. To send "
                "it, open it, tick “Can go into reports to your manager”, save, and come "
                "back here."
            )
        elif not self.model.rows:
            if period.since_last_export and self.last_export is not None:
                text = self.tr(
                    "Nothing new to send since your last report on {day}. Choose a longer "
                    "period to include earlier entries."
                ).format(day=day_text(self.last_export))
            else:
                text = self.tr(
                    "There are no entries to share in this period. Entries you mark “Can "
                    "go into reports to your manager” will appear here."
                )
        elif self.include_checkins.isChecked() and not any(
            r.kind == "checkin" for r in self.model.rows
        ):
            text = self.tr("None of your check-ins in this period are marked to share.")
        else:
            text = ""
        self.show_note(text)

    def update_ticks(self) -> None:
        rows = self.model.ticked_rows()
        total = len(self.model.rows)
        if self.loading or total == 0:
            text = ""
        elif not rows:
            text = self.tr("Nothing is ticked yet. Tick the entries you want to share.")
        elif total == 1:
            text = self.tr("This entry will be shared.")
        elif len(rows) == 1:
            text = self.tr("1 of {total} entries will be shared.").format(total=total)
        else:
            text = self.tr("{n} of {total} entries will be shared.").format(
                n=len(rows), total=total
            )
        threats = sum(1 for r in rows if r.kind == "incident" and r.category == "threat")
        if threats:
            text += " " + (
                self.tr("It includes a threat, so it asks for a risk assessment.")
                if threats == 1
                else self.tr("It includes threats, so it asks for a risk assessment.")
            )
        self.selection_summary.setText(text)
        self.tick_all.setEnabled(bool(total) and len(rows) < total)
        self.untick_all.setEnabled(bool(rows))
        self.table.setEnabled(not self.loading)
        self.preview_note.setVisible(bool(self.preview_note.text()))
        self.ready_changed.emit(bool(rows) and not self.loading)

    def ticked_ids(self) -> tuple[str, ...]:
        return tuple(self.model.ticked_ids())

    def wipe(self) -> None:
        self.model.clear()
        self._seen.clear()
        for text in (self.recipient, self.preview_note, self.selection_summary):
            text.clear()
        self.period_box.setItemText(self.period_box.findData("last"), "")


class _AddOnEnter(QLineEdit):
    """Enter adds the name to the list; it must not also create the report."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class OptionsStep(QWidget):
    """How to send it: names to replace, the kinds of file, a password, the folder, a note."""

    def __init__(self, parent: QWidget, services: ReportServices) -> None:
        super().__init__(parent)
        self.setObjectName("send_options")
        self.services = services
        self.folder: Path = services.default_folder()
        self._replacement_edited = False
        s = theme.SPACING
        area, body = scroll_area(self, "send_options_scroll", "send_options_body")

        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, s, 0)
        layout.setSpacing(s)
        for title, build in (
            (self.tr("Names to replace"), self._build_redactions),
            (self.tr("Files"), self._build_formats),
            (self.tr("Password"), self._build_password),
            (self.tr("Save in"), self._build_folder),
            (self.tr("A note to your manager"), self._build_note),
        ):
            if layout.count():
                layout.addSpacing(s)
            layout.addWidget(label(title, body, bold=True))
            build(body, layout)
        layout.addStretch(1)

        self.options_status = label("", self, "options_status")
        outer = column(self, heading(self.tr("How to send it"), self))
        outer.addWidget(area, 1)
        outer.addWidget(self.options_status)
        self._password_changed()

    # -- building ----------------------------------------------------------------------------

    def _build_note(self, body: QWidget, layout: QVBoxLayout) -> None:
        self.note = note_edit(
            body,
            "report_note",
            self.tr("A note to your manager"),
            self.tr("Optional. It appears in the report under what you're asking for."),
        )
        self.note.setFixedHeight(10 * theme.SPACING)
        layout.addWidget(self.note)

    def _build_redactions(self, body: QWidget, layout: QVBoxLayout) -> None:
        s = theme.SPACING
        layout.addWidget(
            label(
                self.tr(
                    "Names you'd rather not send in full: each is replaced in every part of "
                    "every file. Initials are suggested; change them if you like."
                ),
                body,
                "redact_intro",
            )
        )
        self.redact_name = _AddOnEnter(body)
        self.redact_name.setObjectName("redact_name")
        self.redact_name.setAccessibleName(self.tr("Name to replace"))
        self.redact_name.setPlaceholderText(self.tr("A name, handle or place"))
        self.redact_as = _AddOnEnter(body)
        self.redact_as.setObjectName("redact_as")
        self.redact_as.setAccessibleName(self.tr("Show instead"))
        self.redact_as.setPlaceholderText(self.tr("Initials or another name"))
        self.add_redaction = button(
            self.tr("&Add"), body, "add_redaction", accessible=self.tr("Add name")
        )
        self.add_redaction.setEnabled(False)
        self.redactions = QTableWidget(0, 2, body)
        self.redactions.setObjectName("redactions")
        self.redactions.setAccessibleName(self.tr("Names replaced in the report"))
        self.redactions.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Shown as")])
        self.redactions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.redactions.verticalHeader().hide()
        self.redactions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.redactions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.redactions.setTabKeyNavigation(False)
        self.redactions.hide()
        self.remove_redaction = button(
            self.tr("&Remove"),
            body,
            "remove_redaction",
            accessible=self.tr("Remove the chosen name"),
        )
        self.remove_redaction.hide()
        self.redact_name.textChanged.connect(self._redact_name_changed)
        self.redact_as.textEdited.connect(self._replacement_typed)
        self.redact_name.returnPressed.connect(self._add_redaction)
        self.redact_as.returnPressed.connect(self._add_redaction)
        self.add_redaction.clicked.connect(self._add_redaction)
        self.remove_redaction.clicked.connect(self._remove_redaction)
        redact_row = QHBoxLayout()
        redact_row.setSpacing(s)
        redact_row.addWidget(self.redact_name, 3)
        redact_row.addWidget(QLabel("→", body))
        redact_row.addWidget(self.redact_as, 2)
        redact_row.addWidget(self.add_redaction)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_redaction)
        layout.addLayout(redact_row)
        layout.addWidget(self.redactions)
        layout.addLayout(remove_row)

    def _build_formats(self, body: QWidget, layout: QVBoxLayout) -> None:
        self.format_boxes: dict[str, QCheckBox] = {}
        formats = QHBoxLayout()
        formats.setSpacing(3 * theme.SPACING)
        for code, text, hint in (
            ("pdf", self.tr("&PDF"), self.tr("To read and print")),
            ("json", self.tr("&JSON"), self.tr("For your organisation's records systems")),
            ("csv", self.tr("CS&V"), self.tr("To open in a spreadsheet")),
        ):
            box = QCheckBox(text, body)
            box.setObjectName(f"format_{code}")
            box.setToolTip(hint)
            box.setAccessibleDescription(hint)
            box.setChecked(code == "pdf")  # JSON and CSV can't be protected: only when chosen
            box.toggled.connect(lambda _on: self._formats_changed())
            self.format_boxes[code] = box
            formats.addWidget(box)
        formats.addStretch(1)
        layout.addWidget(
            label(
                self.tr(
                    "PDF to read and print, JSON for your organisation's records systems, CSV "
                    "to open in a spreadsheet."
                ),
                body,
                "formats_hint",
            )
        )
        layout.addLayout(formats)

    def _build_password(self, body: QWidget, layout: QVBoxLayout) -> None:
        s = theme.SPACING
        self.protect = QCheckBox(self.tr("Protect the PDF with a pass&word"), body)
        self.protect.setObjectName("protect_pdf")
        self.protect.setChecked(True)
        self.use_generated = QRadioButton(self.tr("Use this strong password:"), body)
        self.use_generated.setObjectName("use_generated_password")
        self.use_own = QRadioButton(self.tr("Type my &own:"), body)
        self.use_own.setObjectName("use_own_password")
        group = QButtonGroup(body)
        group.addButton(self.use_generated)
        group.addButton(self.use_own)
        self.use_generated.setChecked(True)
        self.generated = PasswordField(body)
        self.generated.setObjectName("generated_password")
        self.generated.setAccessibleName(self.tr("Generated password"))
        self.generated.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.generated.set_password(generate_password(), spaced=True)
        sample = "m" * (len(self.generated.text()) + 2)
        self.generated.setMinimumWidth(self.generated.fontMetrics().horizontalAdvance(sample))
        PasswordCopyGuard(self.generated, self.services.clipboard)
        self.copy_password = button(
            self.tr("&Copy"), body, "copy_password", accessible=self.tr("Copy the password")
        )
        self.copy_password.setIcon(theme.icon("copy"))
        self.new_password = button(self.tr("New password"), body, "new_password")
        self.own_password = line_edit(
            body,
            "own_password",
            self.tr("Your own password"),
            self.tr("{least} to {most} characters").format(least=MIN_TYPED_LENGTH, most=MAX_LENGTH),
        )
        self.password_note = label("", body, "password_note")
        self.copy_note = label("", body, "copy_note")
        self.copy_note.hide()
        self.copy_password.clicked.connect(self._copy_password)
        self.new_password.clicked.connect(self._new_password)
        self.protect.toggled.connect(lambda _on: self._password_changed())
        self.use_generated.toggled.connect(lambda _on: self._password_changed())
        self.own_password.textChanged.connect(lambda _t: self._password_changed())
        grid = QGridLayout()
        grid.setHorizontalSpacing(s)
        grid.setVerticalSpacing(s)
        grid.setContentsMargins(3 * s, 0, 0, 0)
        password_buttons = QHBoxLayout()
        password_buttons.setSpacing(s)
        password_buttons.addWidget(self.copy_password)
        password_buttons.addWidget(self.new_password)
        password_buttons.addStretch(1)
        grid.addWidget(self.use_generated, 0, 0)
        grid.addWidget(self.generated, 0, 1)
        grid.addLayout(password_buttons, 1, 1)
        grid.addWidget(self.use_own, 2, 0)
        grid.addWidget(self.own_password, 2, 1)
        grid.setColumnStretch(1, 1)
        layout.addWidget(self.protect)
        layout.addLayout(grid)
        layout.addWidget(self.copy_note)
        layout.addWidget(self.password_note)

    def _build_folder(self, body: QWidget, layout: QVBoxLayout) -> None:
        self.folder_field = line_edit(body, "report_folder", self.tr("Folder for the report"))
        self.folder_field.setReadOnly(True)
        self.change_folder = button(
            self.tr("C&hange…"), body, "change_folder", accessible=self.tr("Change the folder")
        )
        self.change_folder.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.setSpacing(theme.SPACING)
        row.addWidget(self.folder_field, 1)
        row.addWidget(self.change_folder)
        layout.addLayout(row)

    # -- names to replace --------------------------------------------------------------------

    def _redact_name_changed(self, text: str) -> None:
        if not self._replacement_edited:
            self.redact_as.setText(initials(text))
        self.add_redaction.setEnabled(bool(text.strip()) and bool(self.redact_as.text().strip()))

    def _replacement_typed(self, text: str) -> None:
        self._replacement_edited = bool(text)
        self.add_redaction.setEnabled(bool(self.redact_name.text().strip()) and bool(text.strip()))

    def _add_redaction(self) -> None:
        name = " ".join(self.redact_name.text().split())
        replacement = " ".join(self.redact_as.text().split())
        if not name or not replacement:
            return
        try:
            Redaction(name, replacement).validate()
        except ValidationError as error:
            self.options_status.setText(next(iter(error.errors.values()), error.message))
            return
        for row in range(self.redactions.rowCount()):
            item = self.redactions.item(row, 0)
            if item is not None and item.text().casefold() == name.casefold():
                self.redactions.removeRow(row)
                break
        row = self.redactions.rowCount()
        self.redactions.insertRow(row)
        self.redactions.setItem(row, 0, QTableWidgetItem(name))
        self.redactions.setItem(row, 1, QTableWidgetItem(replacement))
        self._fit_redactions()
        self.redactions.show()
        self.remove_redaction.show()
        self.redact_name.clear()
        self.redact_as.clear()
        self._replacement_edited = False
        self.options_status.clear()
        self.redact_name.setFocus()

    def _fit_redactions(self) -> None:
        """As tall as its rows (up to five), so the page doesn't grow a gap."""
        rows = min(max(self.redactions.rowCount(), 1), 5)
        height = self.redactions.horizontalHeader().height() + 2 * self.redactions.frameWidth()
        height += sum(self.redactions.rowHeight(r) for r in range(rows))
        if self.redactions.rowCount() == 0:
            height += self.redactions.verticalHeader().defaultSectionSize()
        self.redactions.setFixedHeight(height)

    def _remove_redaction(self) -> None:
        row = self.redactions.currentRow()
        if row < 0:
            row = self.redactions.rowCount() - 1
        if row >= 0:
            self.redactions.removeRow(row)
        self._fit_redactions()
        if self.redactions.rowCount() == 0:
            self.redactions.hide()
            self.remove_redaction.hide()

    def redaction_list(self) -> tuple[Redaction, ...]:
        out = []
        for row in range(self.redactions.rowCount()):
            name, shown = self.redactions.item(row, 0), self.redactions.item(row, 1)
            if name is not None and shown is not None:
                out.append(Redaction(name.text(), shown.text()))
        return tuple(out)

    # -- files and password ------------------------------------------------------------------

    def formats(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.format_boxes.items() if box.isChecked())

    def _formats_changed(self) -> None:
        self.options_status.clear()
        self._password_changed()

    def _password_changed(self) -> None:
        has_pdf = self.format_boxes["pdf"].isChecked()
        self.protect.setEnabled(has_pdf)
        on = has_pdf and self.protect.isChecked()
        generated = self.use_generated.isChecked()
        for widget in (self.use_generated, self.use_own):
            widget.setEnabled(on)
        self.generated.setEnabled(on and generated)
        self.copy_password.setEnabled(on and generated)
        self.new_password.setEnabled(on and generated)
        self.own_password.setEnabled(on and not generated)
        notes = []
        if not has_pdf:
            notes.append(self.tr("Tick PDF above to protect the report with a password."))
        elif on:
            notes.extend(self._protected_notes(generated))
        elif has_pdf:
            notes.append(
                self.tr("Without a password, anyone who gets hold of the files can read them.")
            )
        unprotected = self._other_formats()
        if unprotected and not on:
            notes.append(
                self.tr(
                    "The {files} can't be protected with a password: anyone who gets hold of "
                    "it can read everything in it, including the exact words quoted. Choose "
                    "it only for your organisation's systems, and keep it where only your "
                    "manager can reach."
                ).format(files=self.tr(" and ").join(unprotected))
            )
        self.password_note.setText(" ".join(notes))
        self.password_note.setVisible(bool(notes))

    def _other_formats(self) -> list[str]:
        return [FORMAT_NAMES[f] for f in ("json", "csv") if self.format_boxes[f].isChecked()]

    def _protected_notes(self, generated: bool) -> list[str]:
        notes = []
        if not generated:
            typed = self.own_password.text()
            if typed and len(typed) < MIN_TYPED_LENGTH:
                notes.append(
                    self.tr(
                        "Make it at least {n} characters long, so the report stays safe "
                        "if the file goes astray."
                    ).format(n=MIN_TYPED_LENGTH)
                )
            elif typed and typed_password_problem(typed):
                notes.append(self._typed_problem(typed))
        others = self._other_formats()
        if len(others) == 1:
            notes.append(
                self.tr(
                    "The password protects the PDF only. The {files} beside it can be "
                    "opened by anyone who has it, so keep it somewhere only your manager "
                    "can reach, or untick it."
                ).format(files=others[0])
            )
        elif others:
            notes.append(
                self.tr(
                    "The password protects the PDF only. The {files} files beside it can "
                    "be opened by anyone who has them, so keep them somewhere only your "
                    "manager can reach, or untick them."
                ).format(files=self.tr(" and ").join(others))
            )
        return notes

    def chosen_password(self) -> str | None:
        if not (self.format_boxes["pdf"].isChecked() and self.protect.isChecked()):
            return None
        if self.use_generated.isChecked():
            return self.generated.password()
        return self.own_password.text()

    def is_generated(self, password: str | None) -> bool:
        return password == self.generated.password()

    def _typed_problem(self, typed: str) -> str:
        if len(typed) > MAX_LENGTH:
            return self.tr(
                "Make it at most {n} characters long: some PDF readers can't open a report "
                "with a longer password."
            ).format(n=MAX_LENGTH)
        return self.tr(
            "Use only letters A to Z, digits and the punctuation on an English keyboard: "
            "some PDF readers can't open a report whose password has accents or symbols."
        )

    def problem(self) -> str:
        """What stops the report being made as chosen (said, and the field focused), or ""."""
        if not self.formats():
            return self.say(self.tr("Choose at least one kind of file: PDF, JSON or CSV."))
        password = self.chosen_password()
        if password is not None and len(password) < MIN_TYPED_LENGTH:
            self.own_password.setFocus()
            return self.say(
                self.tr(
                    "Your password is too short. Make it at least {n} characters long, or use "
                    "the strong one made for you."
                ).format(n=MIN_TYPED_LENGTH)
            )
        if password is not None and typed_password_problem(password):
            self.own_password.setFocus()
            return self.say(self._typed_problem(password))
        return ""

    def say(self, text: str) -> str:
        self.options_status.setText(text)
        return text

    def _copy_password(self) -> None:
        self.services.clipboard.copy(self.generated.password())
        self.copy_note.setText(self.tr("Copied. It leaves the clipboard again in a minute."))
        self.copy_note.show()

    def _new_password(self) -> None:
        self.generated.set_password(generate_password(), spaced=True)
        self.copy_note.clear()
        self.copy_note.hide()

    # -- the folder --------------------------------------------------------------------------

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.folder_field.setText(str(folder))

    def _choose_folder(self) -> None:
        chosen = self.services.choose_folder(self, self.folder)
        if chosen is not None:
            self.set_folder(chosen)

    def wipe(self) -> None:
        for field in (self.redact_name, self.redact_as, self.generated, self.own_password):
            field.clear()
        self.folder_field.clear()
        self.redactions.setRowCount(0)
        self.note.clear()
        self.options_status.clear()
        self.copy_note.clear()


class DoneStep(QWidget):
    """The report is made: where it is, whether the email is open, and the password."""

    def __init__(self, parent: QWidget, services: ReportServices) -> None:
        super().__init__(parent)
        self.setObjectName("send_done")
        s = theme.SPACING
        self.done_heading = heading(self.tr("Your report is ready"), self, "done_heading")
        self.done_text = label("", self, "done_text")
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_files = label("", self, "done_files")
        self.done_files.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_box = PasswordPanel(
            self,
            services.clipboard,
            prefix="done_",
            sentence=self.tr(
                "Give your manager the password by phone or text message, never in the same "
                "email as the report:"
            ),
        )
        self.email_again = button(self.tr("Open the &email again"), self, "email_again")
        self.show_files = button(self.tr("Show the &files"), self, "show_files")
        layout = column(
            self,
            self.done_heading,
            self.done_text,
            self.done_files,
            self.password_box,
            button_row(self.email_again, self.show_files),
            spacing=2 * s,
        )
        layout.addWidget(
            label(
                self.tr(
                    "This report is listed under Reports sent, where you can mark it as "
                    "acknowledged when your manager replies."
                ),
                self,
                "done_hint",
            )
        )
        layout.addStretch(1)

    def describe(
        self,
        result: ExportResult,
        settings: ReportSettings,
        draft: DraftResult | None,
        mail_opened: bool,
    ) -> None:
        folder = next(iter(result.files.values())).parent
        count = len(result.entry_ids)
        entries = self.tr("1 entry") if count == 1 else self.tr("{n} entries").format(n=count)
        text = self.tr("Your report of {entries} is saved in {folder}.").format(
            entries=entries, folder=folder
        )
        others = [FORMAT_NAMES.get(f, f.upper()) for f in result.files if f != "pdf"]
        manager = settings.manager_name or settings.manager_email
        if draft is not None and draft.opened:
            text += " " + self.tr(
                "A new message to {name} is open in {program} with the PDF attached."
            ).format(name=manager, program=draft.program)
            if others:
                text += " " + self.tr(
                    "Attach the {files} from the folder that opened as well."
                ).format(files=self.tr(" and ").join(others))
            text += " " + self.tr("Read the message through, and send it.")
        elif mail_opened:
            text += " " + self.tr(
                "Your email program has a message to {name} ready. Attach the files from the "
                "folder that opened, read the message through, and send it."
            ).format(name=manager)
        else:
            text += " " + self.tr(
                "Your email program didn't open. Write to {email} and attach the files from "
                "that folder."
            ).format(email=settings.manager_email)
        self.done_text.setText(text)
        lines = []
        for fmt, path in result.files.items():
            kind = FORMAT_NAMES.get(fmt, fmt.upper())
            if fmt == "pdf" and result.encrypted:
                kind = self.tr("{kind}, protected with a password").format(kind=kind)
            lines.append(f"• {path.name} ({kind})")
        self.done_files.setText("\n".join(lines))

    def show_password(self, password: str | None, *, spaced: bool) -> None:
        self.password_box.set_password(password or "", spaced=spaced)
        self.password_box.setVisible(bool(password))

    def wipe(self) -> None:
        self.password_box.clear()
        self.done_text.clear()
        self.done_files.clear()
