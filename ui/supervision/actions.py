"""Agreed actions: a list to tick done, and the editable table of a supervision record.

The state is always a word (Done, Open, Overdue); overdue is also bold and coloured,
never colour alone. Ticking an action done saves it as a new revision of its record.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from journal.models import SHORT_MAX, Action
from journal.supervision import ACTION_STATE_LABELS, ActionItem
from ui import theme
from ui.kit import labels
from ui.kit.forms import NO_DATE, optional_date
from ui.kit.layouts import flush_column
from ui.kit.named_widgets import push_button
from ui.kit.text_fields import line_edit
from ui.supervision.widgets import RowDelegate, fit_tree, row_height

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
INDEX_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3


def state_label(state: str) -> str:
    return QCoreApplication.translate("journal", ACTION_STATE_LABELS.get(state, state))


@dataclass(frozen=True)
class ActionLine:
    """One action as a list shows it."""

    record_id: str
    index: int
    what: str
    who: str
    due: date | None
    done: bool
    done_on: date | None
    state: str
    carried: bool = False

    @classmethod
    def from_item(cls, item: ActionItem) -> ActionLine:
        return cls(
            item.record_id, item.index, item.what, item.who, item.due, item.done,
            item.done_on, item.state, item.carried,
        )  # fmt: skip


class ActionsList(QTreeWidget):
    """Agreed actions with a tick each; ``done_toggled(record_id, index, done)``."""

    done_toggled = Signal(str, int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionsList")
        self.setAccessibleName(self.tr("Agreed actions"))
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("Action"), self.tr("Who"), self.tr("By"), self.tr("State")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        s = theme.SPACING
        header.resizeSection(1, metrics.horizontalAdvance("Alex Morgan") + 3 * s)
        header.resizeSection(2, metrics.horizontalAdvance("28 Sep 2026") + 3 * s)
        header.resizeSection(3, metrics.horizontalAdvance("Overdue") + 4 * s)
        self.setItemDelegate(RowDelegate(row_height(self), self))
        self._filling = False
        self.itemChanged.connect(self._changed)
        self.set_actions([])

    def set_actions(self, actions: list[ActionLine]) -> None:
        self._filling = True
        try:
            self.clear()
            dark = theme.is_dark(self.palette())
            for action in actions:
                item = QTreeWidgetItem(self)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setText(0, action.what)
                item.setCheckState(
                    0, Qt.CheckState.Checked if action.done else Qt.CheckState.Unchecked
                )
                item.setData(0, RECORD_ROLE, action.record_id)
                item.setData(0, INDEX_ROLE, action.index)
                item.setData(0, STATE_ROLE, action.state)
                item.setData(
                    0,
                    Qt.ItemDataRole.AccessibleDescriptionRole,
                    self.tr("Tick when it's done"),
                )
                item.setText(1, action.who or self.tr("Not given"))
                item.setText(2, labels.day(action.due) if action.due else self.tr("No date"))
                state = state_label(action.state)
                if action.carried and action.state != "done":
                    state = self.tr("{0}, carried over").format(state)
                item.setText(3, state)
                if action.state == "overdue":
                    bold = QFont(self.font())
                    bold.setBold(True)
                    colour = QBrush(theme.severity_colour("critical", dark))
                    for column in (2, 3):
                        item.setFont(column, bold)
                        item.setForeground(column, colour)
            fit_tree(self, len(actions))
        finally:
            self._filling = False

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        record_id = item.data(0, RECORD_ROLE)
        index = item.data(0, INDEX_ROLE)
        if isinstance(record_id, str) and isinstance(index, int):
            done = item.checkState(0) == Qt.CheckState.Checked
            self.done_toggled.emit(record_id, index, done)

    def item_for(self, what: str) -> QTreeWidgetItem | None:
        for n in range(self.topLevelItemCount()):
            item = self.topLevelItem(n)
            if item is not None and item.text(0) == what:
                return item
        return None

    def states(self) -> dict[str, str]:
        """What each action says about its state (for tests and accessibility checks)."""
        out = {}
        for n in range(self.topLevelItemCount()):
            item = self.topLevelItem(n)
            if item is not None:
                out[item.text(0)] = str(item.data(0, STATE_ROLE))
        return out


class _ActionRow:
    """The widgets of one editable action."""

    def __init__(self, table: ActionsTable, action: Action | None) -> None:
        what = table.tr("What was agreed")
        self.what = line_edit(table, what, max_length=SHORT_MAX, spoken=what)
        self.who = line_edit(
            table, table.tr("Who"), max_length=SHORT_MAX, spoken=table.tr("Who will do it")
        )
        self.due = optional_date(table, table.tr("No date"))
        self.due.setAccessibleName(table.tr("By when"))
        self.done = QCheckBox(table)
        self.done.setAccessibleName(table.tr("Done"))
        self.remove = QPushButton(table.tr("Remove"), table)
        self.remove.setFlat(True)
        self.remove.setAccessibleName(table.tr("Remove this action"))
        self.done_on: date | None = None
        if action is not None:
            self.what.setText(action.what)
            self.what.setCursorPosition(0)  # show how it starts when the field is narrow
            self.who.setText(action.who)
            self.who.setCursorPosition(0)
            if action.due is not None:
                self.due.setDate(QDate(action.due.year, action.due.month, action.due.day))
            self.done.setChecked(action.done)
            self.done_on = action.done_on

    def widgets(self) -> list[QWidget]:
        return [self.what, self.who, self.due, self.done, self.remove]

    def to_json(self, today: date) -> dict[str, Any] | None:
        what = " ".join(self.what.text().split())
        who = " ".join(self.who.text().split())
        qdate = self.due.date()
        due = None if qdate == NO_DATE else date(qdate.year(), qdate.month(), qdate.day())
        if not what and not who and due is None and not self.done.isChecked():
            return None  # an empty row is left out
        done = self.done.isChecked()
        done_on = (self.done_on or today) if done else None
        return {
            "what": what,
            "who": who,
            "due": due.isoformat() if due else None,
            "done": done,
            "done_on": done_on.isoformat() if done_on else None,
        }


class ActionsTable(QWidget):
    """The agreed actions of a record being written: what, who, by when, done."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionsTable")
        s = theme.SPACING
        layout = flush_column(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("actionsGrid")
        self.table.setAccessibleName(self.tr("Agreed actions"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("Who"), self.tr("By when"), self.tr("Done"), ""]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        header.resizeSection(1, metrics.horizontalAdvance("Alex Morgan") + 4 * s)
        header.resizeSection(2, metrics.horizontalAdvance("28 Sep 2026") + 8 * s)
        header.resizeSection(3, metrics.horizontalAdvance("Done") + 6 * s)
        header.resizeSection(4, metrics.horizontalAdvance("Remove") + 4 * s)
        self._row_height = max(QLineEdit().sizeHint().height(), metrics.height() + s) + s // 2
        self.table.verticalHeader().setDefaultSectionSize(self._row_height)
        layout.addWidget(self.table)
        self.add_button = push_button(
            self.tr("Add an action"), self, "addAgreedAction", self._add_clicked, icon="add"
        )
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.rows: list[_ActionRow] = []
        self._fit()

    def _fit(self) -> None:
        header = self.table.horizontalHeader().sizeHint().height()
        rows = max(len(self.rows), 1) * self._row_height
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth() + 2)

    def _add_clicked(self) -> None:
        row = self.add_row(None)
        row.what.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def add_row(self, action: Action | None) -> _ActionRow:
        row = _ActionRow(self, action)
        n = self.table.rowCount()
        self.table.insertRow(n)
        for column, widget in enumerate(row.widgets()):
            self.table.setCellWidget(n, column, widget)
        row.remove.clicked.connect(lambda: self.remove_row(row))
        row.what.textEdited.connect(lambda _t: self.changed.emit())
        row.who.textEdited.connect(lambda _t: self.changed.emit())
        row.due.dateChanged.connect(lambda _d: self.changed.emit())
        row.done.toggled.connect(lambda _b: self.changed.emit())
        previous = self.rows[-1].remove if self.rows else None
        self.rows.append(row)
        chain = ([previous] if previous else []) + row.widgets()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(row.remove, self.add_button)
        self._fit()
        return row

    def remove_row(self, row: _ActionRow) -> None:
        if row not in self.rows:
            return
        n = self.rows.index(row)
        self.rows.pop(n)
        self.table.removeRow(n)
        self._fit()
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def set_actions(self, actions: list[Action]) -> None:
        self.table.setRowCount(0)
        self.rows = []
        for action in actions:
            self.add_row(action)
        self._fit()

    def to_json(self, today: date) -> list[dict[str, Any]]:
        out = []
        for row in self.rows:
            data = row.to_json(today)
            if data is not None:
                out.append(data)
        return out

    def clear_all(self) -> None:
        self.set_actions([])
