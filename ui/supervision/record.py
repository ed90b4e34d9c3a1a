"""The supervision record: a form, and the list of past records with their actions.

A new record starts from the session's view: the entries shown are ticked as
discussed, every agreed action not yet done is carried over, the supervisor is the
last one, and the next date is the usual gap away. Private notes are never read into
these widgets; saving an existing record keeps whatever private notes it had.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal import usecases
from journal.errors import ValidationError
from journal.models import KIND_LABELS, SHORT_MAX, SupervisionRecord, entry_from_dict
from journal.supervision import RecordInfo, spoken_date
from journal.timeutil import now
from ui import theme
from ui.kit import labels
from ui.kit.date_fields import date_field
from ui.kit.detail_pane import scroll_body
from ui.kit.field_editor import FieldEntryEditor
from ui.kit.forms import (
    NO_DATE,
    core_text,
    heading,
    optional_date,
    quiet,
    text_label,
)
from ui.kit.layouts import flush_column, flush_row
from ui.kit.named_widgets import push_button
from ui.kit.scrolling import bounded_column
from ui.kit.tables import facts_form
from ui.kit.text_fields import line_edit
from ui.operations import Operations
from ui.supervision.actions import ActionLine, ActionsList, ActionsTable
from ui.supervision.data import (
    DRAFT_PREFIX,
    DiscussedLine,
    RecordDetail,
    RecordStart,
)
from ui.supervision.widgets import RowDelegate, row_height

ID_ROLE = Qt.ItemDataRole.UserRole + 1
FIELD_NAMES = {
    "occurred_at": "Date",
    "supervisor": "Supervisor",
    "discussed": "Entries discussed",
    "wellbeing_discussed": "Wellbeing discussed",
    "description": "Notes",
    "actions": "Agreed actions",
    "next_date": "Next supervision",
    "shareable": "Sharing",
}


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def discussed_text(line: DiscussedLine) -> str:
    kind = core_text(KIND_LABELS.get(line.kind, line.kind))
    when = labels.date_only(line.occurred_at)
    title = " ".join(line.title.split())
    return f"{when} · {kind} · {title}" if title and line.kind != "checkin" else f"{when} · {kind}"


def _line_json(line: DiscussedLine) -> dict[str, str]:
    return {
        "id": line.id,
        "kind": line.kind,
        "occurred_at": line.occurred_at.isoformat(),
        "title": line.title,
    }


def _line_from_json(data: Any) -> DiscussedLine | None:
    try:
        return DiscussedLine(
            str(data["id"]),
            str(data["kind"]),
            datetime.fromisoformat(str(data["occurred_at"])),
            str(data.get("title") or ""),
        )
    except (KeyError, TypeError, ValueError):
        return None


class RecordEditor(FieldEntryEditor[SupervisionRecord]):
    """``saved(record_id, is_new)`` after a save; ``closed`` after every way out."""

    DRAFT_PREFIX = DRAFT_PREFIX

    saved = Signal(str, bool)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.setObjectName("supervisionRecordEditor")
        self._time = time(10, 0)
        self._lines: list[DiscussedLine] = []
        self._build()

    def _build(self) -> None:
        """The record's fields in a scrolling column, and the bar that stays in view."""
        s = theme.SPACING
        outer, body = self._scrolling_body("recordEditorBody")
        column, layout = bounded_column(body, 110 * s, (s * 3, s * 2, s * 3, s * 2))
        self.heading = heading(
            self.tr("Record this supervision"), column, scale=1.3, name="recordHeading"
        )
        layout.addWidget(self.heading)
        self._field_form(column, layout)

        self._build_fields(column)
        layout.addStretch(1)
        outer.addWidget(self._build_bar())
        self._wire()

    def _build_fields(self, column: QWidget) -> None:
        s = theme.SPACING
        self.date = date_field(column, snug=True)
        self.fields.add("occurred_at", self.tr("Date"), self.date)
        name = self.tr("Your supervisor's name")
        self.supervisor = line_edit(column, name, max_length=SHORT_MAX)
        self.fields.add("supervisor", self.tr("Supervisor"), self.supervisor)
        self.discussed = QListWidget(column)
        self.discussed.setUniformItemSizes(True)
        self.discussed.setItemDelegate(RowDelegate(row_height(self.discussed), self.discussed))
        self.discussed.setMinimumHeight(12 * s)
        self.discussed.setMaximumHeight(24 * s)
        self.fields.add(
            "discussed", self.tr("Entries discussed"), self.discussed,
            self.tr("Filled in from what supervision mode showed. Untick any you didn't "
                    "talk about."),
        )  # fmt: skip
        self.wellbeing = self._text(column, 3)
        self.wellbeing.setPlaceholderText(self.tr("How you've been, as you talked it through"))
        self.fields.add("wellbeing_discussed", self.tr("Wellbeing discussed"), self.wellbeing)
        self.notes = self._text(column, 3)
        self.fields.add(
            "description", self.tr("Notes"), self.notes,
            self.tr("Anything else worth keeping. Goes into the summary for the supervision "
                    "file."),
        )  # fmt: skip
        self.agreed_actions = ActionsTable(column)
        self.fields.add(
            "actions", self.tr("Agreed actions"), self.agreed_actions,
            self.tr("Actions not done last time are carried over. Tick any that are done."),
        )  # fmt: skip
        self.next_date = optional_date(column, self.tr("Not set"))
        self.fields.add(
            "next_date", self.tr("Next supervision"), self.next_date,
            self.tr("Suggested from your usual gap between supervisions. You'll get a "
                    "reminder a couple of days before."),
        )  # fmt: skip
        self.shareable = QCheckBox(
            self.tr("Can go into a summary for the supervision file"), column
        )
        self.fields.add("shareable", self.tr("Sharing"), self.shareable)

    def _build_bar(self) -> QFrame:
        bar, bar_layout = self._bar("recordBar")
        bar_layout.setSpacing(theme.SPACING)
        self.message = text_label(bar, "recordMessage", selectable=False)
        self._bar_buttons(bar, "cancelRecord", "saveRecord", self.tr("Save the record"))
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self.save)
        bar_layout.addWidget(self.message, 1)
        bar_layout.addWidget(self.cancel_button)
        bar_layout.addWidget(self.save_button)
        return bar

    def _wire(self) -> None:
        for edit in (self.supervisor,):
            edit.textEdited.connect(self._edited)
        for text in (self.wellbeing, self.notes):
            text.textChanged.connect(self._edited)
        self.date.dateChanged.connect(self._edited)
        self.next_date.dateChanged.connect(self._edited)
        self.shareable.toggled.connect(self._edited)
        self.discussed.itemChanged.connect(self._edited)
        self.agreed_actions.changed.connect(self._edited)

    def _edited(self, *_args: Any) -> None:
        if not self._loading:
            self.touched = True

    # -- opening -------------------------------------------------------------------------

    def start(self, start: RecordStart) -> None:
        self._reset()
        record = start.record
        self._edit(*((None, None) if start.is_new else (record.id, record.revision)))
        self.heading.setText(
            self.tr("Record this supervision") if start.is_new else self.tr("Edit the record")
        )
        self._fill(record, start.discussed)
        self.is_open = True
        self.supervisor.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_from_draft(self, draft_id: str, data: dict[str, Any]) -> None:
        self._reset()
        self.draft_id = draft_id
        self._edit_from_draft(data)
        fields = data.get("fields") if isinstance(data.get("fields"), dict) else {}
        assert isinstance(fields, dict)
        lines = [
            line
            for line in (_line_from_json(d) for d in data.get("lines") or [])
            if line is not None
        ]
        try:
            record, _ = entry_from_dict({**fields, "kind": "supervision"})
        except ValidationError:
            record = SupervisionRecord(occurred_at=now())
        assert isinstance(record, SupervisionRecord)
        ticked = set(fields.get("discussed") or [])
        self.heading.setText(
            self.tr("Edit the record") if self._editing_id else self.tr("Record this supervision")
        )
        self._fill(record, lines, ticked)
        self.touched = True
        self.is_open = True

    def _fill(
        self,
        record: SupervisionRecord,
        lines: list[DiscussedLine],
        ticked: set[str] | None = None,
    ) -> None:
        with self._filling():
            local = record.occurred_at.astimezone()
            self._time = local.time().replace(microsecond=0)
            self.date.setDate(_qdate(local.date()))
            self.supervisor.setText(record.supervisor)
            chosen = set(record.discussed) if ticked is None else ticked
            self.discussed.clear()
            for line in lines:
                item = QListWidgetItem(discussed_text(line), self.discussed)
                item.setData(ID_ROLE, line.id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if line.id in chosen else Qt.CheckState.Unchecked
                )
            if not lines:
                item = QListWidgetItem(self.tr("No entries were shown"), self.discussed)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.wellbeing.setPlainText(record.wellbeing_discussed)
            self.notes.setPlainText(record.description)
            self.agreed_actions.set_actions(list(record.actions))
            self.next_date.setDate(_qdate(record.next_date) if record.next_date else NO_DATE)
            self.shareable.setChecked(record.shareable)
            self._lines = list(lines)

    def _reset(self) -> None:
        self._forget_entry()
        with self._filling():
            self.supervisor.clear()
            self.discussed.clear()
            self.wellbeing.clear()
            self.notes.clear()
            self.agreed_actions.clear_all()
            self.next_date.setDate(NO_DATE)
            self.shareable.setChecked(True)
        self._lines = []
        self._fresh_start()

    def clear(self) -> None:
        self._reset()
        self.is_open = False

    @property
    def is_new(self) -> bool:
        return self._editing_id is None

    # -- the record ----------------------------------------------------------------------

    def discussed_ids(self) -> list[str]:
        out = []
        for n in range(self.discussed.count()):
            item = self.discussed.item(n)
            entry_id = item.data(ID_ROLE)
            if entry_id and item.checkState() == Qt.CheckState.Checked:
                out.append(str(entry_id))
        return out

    def to_json(self) -> dict[str, Any]:
        day = _pydate(self.date.date())
        moment = datetime.combine(day, self._time).astimezone()
        next_day = self.next_date.date()
        return {
            "occurred_at": moment.isoformat(),
            "title": "Supervision",
            "supervisor": self.supervisor.text().strip(),
            "discussed": self.discussed_ids(),
            "wellbeing_discussed": self.wellbeing.toPlainText().strip(),
            "description": self.notes.toPlainText().strip(),
            "actions": self.agreed_actions.to_json(now().astimezone().date()),
            "next_date": None if next_day == NO_DATE else _pydate(next_day).isoformat(),
            "shareable": self.shareable.isChecked(),
        }

    def draft(self) -> dict[str, Any]:
        return self.draft_json(
            self.to_json(), "supervision", lines=[_line_json(line) for line in self._lines]
        )

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        # A new record also forgets the session's preparation: the next starts afresh.
        self._save_as("supervision", SupervisionRecord, usecases.save_supervision_record)

    def _after_save(self, saved: SupervisionRecord, is_new: bool) -> None:
        record_id = saved.id
        self.clear()
        self.saved.emit(record_id, is_new)
        self.closed.emit()

    def show_errors(self, errors: dict[str, str]) -> None:
        general = self._place_errors(
            {
                key: text[:1].upper() + text[1:]
                if key == "actions"
                else f"{self.tr(FIELD_NAMES.get(key, key))} {text}"
                for key, text in errors.items()
            }
        )
        self.message.setText(
            " ".join(general)
            if general
            else self.tr("Something needs a look before saving; the message is beside it.")
        )


class RecordsView(QWidget):
    """Past supervision records, newest first, and the chosen one's details."""

    record_chosen = Signal(str)
    edit_requested = Signal(str)
    summary_requested = Signal(str)
    new_requested = Signal()
    action_toggled = Signal(str, int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisionRecords")
        self.detail_id: str | None = None
        s = theme.SPACING
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, s, 0, 0)
        layout.setSpacing(s * 2)
        layout.addLayout(self._build_list())
        self.stack = QStackedWidget(self)
        self.placeholder = quiet(QLabel(self))
        self.placeholder.setObjectName("recordsPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholder.setMargin(s)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self._build_detail())
        layout.addWidget(self.stack, 1)
        self.clear()

    def _build_list(self) -> QVBoxLayout:
        """The records, newest first, and the button for a new one."""
        s = theme.SPACING
        left = flush_column()
        self.list = QListWidget(self)
        self.list.setObjectName("recordsList")
        self.list.setAccessibleName(self.tr("Supervision records"))
        self.list.setMinimumWidth(36 * s)
        self.list.setMaximumWidth(48 * s)
        self.list.setItemDelegate(
            RowDelegate(row_height(self.list) + theme.SPACING // 2, self.list)
        )
        self.list.currentItemChanged.connect(self._current_changed)
        left.addWidget(self.list, 1)
        self.new_button = push_button(
            self.tr("Record a supervision"), self, "newRecord", self.new_requested, icon="add"
        )
        left.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        return left

    def _build_detail(self) -> QScrollArea:
        """The chosen record: its facts, its agreed actions and what can be done with it."""
        scroll, body = scroll_body(self, "recordDetailBody")
        detail = flush_column(body)
        self.title = heading("", body, scale=1.2, name="recordTitle")
        detail.addWidget(self.title)
        facts, self.fact = facts_form(
            body,
            "record_",
            (
                ("supervisor", self.tr("Supervisor")),
                ("discussed", self.tr("Entries discussed")),
                ("wellbeing", self.tr("Wellbeing discussed")),
                ("notes", self.tr("Notes")),
                ("next", self.tr("Next supervision")),
                ("sharing", self.tr("Sharing")),
            ),
        )
        detail.addLayout(facts)
        detail.addWidget(heading(self.tr("Agreed actions"), body))
        self.no_actions = quiet(QLabel(self.tr("No actions were agreed."), body))
        detail.addWidget(self.no_actions)
        self.agreed_actions = ActionsList(body)
        self.agreed_actions.done_toggled.connect(self.action_toggled)
        detail.addWidget(self.agreed_actions)
        buttons = flush_row()
        summary = self.tr("Save a summary for the supervision file")
        self.summary_button = push_button(summary, body, "saveSummary", self._summary, icon="pdf")
        self.edit_button = push_button(self.tr("Edit"), body, "editRecord", self._edit)
        buttons.addWidget(self.summary_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        detail.addLayout(buttons)
        detail.addStretch(1)
        return scroll

    def set_records(self, infos: list[RecordInfo], select: str | None = None) -> None:
        keep = select or self.detail_id
        self.list.blockSignals(True)
        self.list.clear()
        for info in infos:
            day = info.occurred_at.astimezone().date()
            text = labels.day(day)
            if info.supervisor:
                text += " · " + self.tr("with {0}").format(info.supervisor)
            item = QListWidgetItem(text, self.list)
            item.setData(ID_ROLE, info.id)
            if info.next_date:
                item.setToolTip(self.tr("Next supervision: {0}").format(labels.day(info.next_date)))
        self.list.blockSignals(False)
        if not infos:
            self.placeholder.setText(
                self.tr("No supervision records yet. After a supervision, record what you "
                        "talked about and what you agreed: here, or from supervision mode. "
                        "Agreed actions then carry over until they're done.")
            )  # fmt: skip
            self.stack.setCurrentWidget(self.placeholder)
            self.detail_id = None
            return
        self.placeholder.setText(self.tr("Choose a record to see it here."))
        row = 0
        for n in range(self.list.count()):
            if self.list.item(n).data(ID_ROLE) == keep:
                row = n
        self.list.setCurrentRow(row)
        if self.list.currentItem() is not None:
            self.record_chosen.emit(str(self.list.currentItem().data(ID_ROLE)))

    def _current_changed(self, current: QListWidgetItem | None, _prev: Any) -> None:
        if current is not None:
            self.record_chosen.emit(str(current.data(ID_ROLE)))

    def show_detail(self, detail: RecordDetail) -> None:
        record = detail.record
        self.detail_id = record.id
        self.title.setText(
            self.tr("Supervision on {0}").format(
                spoken_date(record.occurred_at.astimezone().date())
            )
        )
        self.fact["supervisor"].setText(record.supervisor or self.tr("Not noted"))
        n = detail.discussed
        self.fact["discussed"].setText(
            self.tr("None listed") if n == 0 else self.tr("1 entry") if n == 1
            else self.tr("{0} entries").format(n)
        )  # fmt: skip
        self.fact["wellbeing"].setText(record.wellbeing_discussed or self.tr("Nothing recorded"))
        self.fact["notes"].setText(record.description or self.tr("None"))
        self.fact["next"].setText(
            labels.day(record.next_date) if record.next_date else self.tr("Not set")
        )
        self.fact["sharing"].setText(
            self.tr("Can go into a summary for the supervision file")
            if record.shareable
            else self.tr("Kept to yourself: no summary can be made")
        )
        self.summary_button.setEnabled(record.shareable)
        lines = [
            ActionLine(record.id, i, a.what, a.who, a.due, a.done, a.done_on, state)
            for i, (a, state) in enumerate(zip(record.actions, detail.states, strict=True))
        ]
        self.agreed_actions.set_actions(lines)
        self.agreed_actions.setVisible(bool(lines))
        self.no_actions.setVisible(not lines)
        self.stack.setCurrentIndex(1)

    def _edit(self) -> None:
        if self.detail_id:
            self.edit_requested.emit(self.detail_id)

    def _summary(self) -> None:
        if self.detail_id:
            self.summary_requested.emit(self.detail_id)

    def clear(self) -> None:
        self.detail_id = None
        self.list.blockSignals(True)
        self.list.clear()
        self.list.blockSignals(False)
        self.title.clear()
        for label in self.fact.values():
            label.clear()
        self.agreed_actions.set_actions([])
        self.placeholder.clear()
        self.stack.setCurrentWidget(self.placeholder)
