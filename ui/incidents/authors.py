"""The "By person" view: one row per person across all their accounts (or per handle not
linked to anyone yet), a course of conduct at a glance. Accounts are linked to a person and
unlinked here; each link and unlink is kept in the journal's history."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal import persons
from journal.persons import Conduct, PersonEvent
from journal.timeutil import to_storage
from ui import theme
from ui.incidents.chronology_dialog import ChronologyDialog
from ui.incidents.model import SEVERITY_RANK, Role
from ui.kit import labels
from ui.kit.delegates import SeverityDelegate
from ui.kit.layouts import flush
from ui.kit.paged_model import ModelIndex, RowsTableModel
from ui.kit.replies import unless_locked
from ui.kit.widgets import close_if_open
from ui.operations import Operations


class AuthorColumn(IntEnum):
    PERSON = 0
    ACCOUNTS = 1
    COUNT = 2
    FIRST = 3
    LAST = 4
    WORST = 5


class AuthorsModel(RowsTableModel[Conduct]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self._headers = [  # in the order of AuthorColumn
            self.tr("Person"),
            self.tr("Accounts"),
            self.tr("Incidents"),
            self.tr("First"),
            self.tr("Most recent"),
            self.tr("Most severe"),
        ]

    def set_rows(self, rows: list[Conduct]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        a = self.row_for(index)
        if a is None:
            return None
        column = AuthorColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                AuthorColumn.PERSON: a.label or self.tr("Not linked to a person"),
                AuthorColumn.ACCOUNTS: ", ".join(a.handles),
                AuthorColumn.COUNT: str(a.count),
                AuthorColumn.FIRST: labels.date_only(a.first),
                AuthorColumn.LAST: labels.date_only(a.last),
                AuthorColumn.WORST: labels.severity(a.worst_severity),
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AuthorColumn.COUNT:
            return int(Qt.AlignmentFlag.AlignCenter)  # clear of the date beside it
        if role == Role.ID:
            return a.key
        if role == Role.KEY and column == AuthorColumn.WORST:
            return a.worst_severity
        if role == Role.SORT:
            return {
                AuthorColumn.PERSON: (a.label or "\uffff").casefold(),
                AuthorColumn.ACCOUNTS: ", ".join(a.handles).casefold(),
                AuthorColumn.COUNT: a.count,
                AuthorColumn.FIRST: to_storage(a.first),
                AuthorColumn.LAST: to_storage(a.last),
                AuthorColumn.WORST: SEVERITY_RANK.get(a.worst_severity, 0),
            }[column]
        return None

    def row(self, source_row: int) -> Conduct | None:
        return self._rows[source_row] if 0 <= source_row < len(self._rows) else None


class AuthorsView(QWidget):
    """Activating a row (Enter or double-click) asks the page to show that person's (or
    that account's) incidents. ``author_activated`` carries ``person:LABEL`` or a handle."""

    author_activated = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorsView")
        self._ops = ops
        self.model = AuthorsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Role.SORT)
        layout = flush(QVBoxLayout(self))
        intro = QLabel(
            self.tr(
                "Each row is one person, with every incident from all the accounts you have "
                "linked to them, or one account not linked to anyone yet. Several incidents "
                "from one person over time can show a course of conduct. Press Enter or "
                "double-click a row to see those incidents."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("authorsIntro")
        self._build_table()
        buttons = self._build_buttons()
        # Asking the person: replaced in tests, like every other dialog.
        self.ask_label: Callable[[list[str], str], str | None] = self._ask_label
        self.ask_handle: Callable[[list[str]], str | None] = self._ask_handle
        self.show_events: Callable[[list[PersonEvent]], None] = self._show_events
        self._labels: list[str] = []
        self.empty = QLabel(
            self.tr(
                "No authors yet. When you record who posted or sent something, their "
                "handle appears here with how often they have done so; you can then link "
                "several accounts to one person."
            ),
            self,
        )
        self.empty.setObjectName("authorsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.empty, 1)
        self.empty.hide()
        self._sync_buttons()

    def _build_table(self) -> None:
        """People and accounts, most incidents first; Enter shows their incidents."""
        self.table = QTableView(self)
        self.table.setObjectName("authorsTable")
        self.table.setAccessibleName(self.tr("Incidents by person"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AuthorColumn.COUNT, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(AuthorColumn.WORST, SeverityDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AuthorColumn.PERSON, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AuthorColumn.ACCOUNTS, QHeaderView.ResizeMode.Stretch)
        for column in (AuthorColumn.COUNT, AuthorColumn.FIRST, AuthorColumn.LAST):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AuthorColumn.WORST, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._activated)

    def _build_buttons(self) -> QVBoxLayout:
        """Linking accounts to a person, their history, and a chronology."""
        # Two rows of two, and a small minimum of its own: the view never makes the window
        # wider than a small screen (it shares the list's place, which is narrower).
        self.setMinimumWidth(16 * theme.SPACING)
        buttons = QVBoxLayout()
        first_row, second_row = QHBoxLayout(), QHBoxLayout()
        buttons.addLayout(first_row)
        buttons.addLayout(second_row)
        self.link_button = QPushButton(self.tr("&Link an account to a person…"), self)
        self.link_button.setObjectName("linkPerson")
        self.link_button.setToolTip(
            self.tr("Say that the chosen account belongs to a person, with a label you choose.")
        )
        self.unlink_button = QPushButton(self.tr("&Unlink an account…"), self)
        self.unlink_button.setObjectName("unlinkPerson")
        self.history_button = QPushButton(self.tr("Links &history"), self)
        self.history_button.setObjectName("personHistory")
        self.chronology_button = QPushButton(self.tr("Make a &chronology…"), self)
        self.chronology_button.setObjectName("makeChronology")
        self.chronology_button.setToolTip(
            self.tr("A dated table with numbered exhibits, for the police or legal colleagues.")
        )
        self.chronology_dialog: ChronologyDialog | None = None
        for row, button in (
            (first_row, self.link_button), (first_row, self.unlink_button),
            (second_row, self.history_button), (second_row, self.chronology_button),
        ):  # fmt: skip
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            row.addWidget(button)
        first_row.addStretch(1)
        second_row.addStretch(1)
        self.link_button.clicked.connect(self.link_selected)
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.history_button.clicked.connect(self.show_history)
        self.chronology_button.clicked.connect(self.make_chronology)
        self.table.selectionModel().selectionChanged.connect(self._sync_buttons)
        return buttons

    def reload(self) -> None:
        self._ops.submit(
            lambda j: (persons.conduct(j.repo), [p.label for p in persons.all_persons(j.repo)]),
            lambda result: self._loaded(*result),
            unless_locked(self._ops),
            owner=self,
            key="load",
        )

    def _loaded(self, rows: list[Conduct], labels: list[str]) -> None:
        self._labels = labels
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._sync_buttons()

    def clear(self) -> None:
        self._ops.forget(self)
        close_if_open(self.chronology_dialog)
        self.chronology_dialog = None
        self._labels = []
        self.model.set_rows([])
        self._sync_buttons()

    # -- linking ---------------------------------------------------------------------------

    def selected(self) -> Conduct | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def _sync_buttons(self) -> None:
        row = self.selected()
        self.link_button.setEnabled(row is not None)
        self.unlink_button.setEnabled(row is not None and bool(row.label))
        self.chronology_button.setEnabled(row is not None and bool(row.label))

    def make_chronology(self) -> None:
        row = self.selected()
        if row is None or not row.label:
            return
        close_if_open(self.chronology_dialog)
        self.chronology_dialog = ChronologyDialog(self._ops, row.label, self)
        self.chronology_dialog.open()

    def link_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        handle = row.handles[0] if len(row.handles) == 1 else self.ask_handle(list(row.handles))
        if not handle:
            return
        label = self.ask_label(self._labels, row.label)
        if not label:
            return
        self._write(lambda j: persons.link(j.repo, handle, label))

    def unlink_selected(self) -> None:
        row = self.selected()
        if row is None or not row.label:
            return
        handle = row.handles[0] if len(row.handles) == 1 else self.ask_handle(list(row.handles))
        if handle:
            self._write(lambda j: persons.unlink(j.repo, handle))

    def _write(self, fn: Callable[[Any], bool]) -> None:
        self._ops.submit(fn, lambda _changed: self.reload(), unless_locked(self._ops))

    def show_history(self) -> None:
        self._ops.submit(
            lambda j: persons.history(j.repo), self.show_events, unless_locked(self._ops)
        )

    def _ask_label(self, labels: list[str], current: str) -> str | None:
        label, ok = QInputDialog.getItem(
            self,
            self.tr("Link to a person"),
            self.tr(
                "Which person does this account belong to? Choose one, or type a new label "
                "such as “Parent A, case 123” (it need not be a real name)."
            ),
            labels or [current],
            max(labels.index(current), 0) if current in labels else 0,
            True,
        )
        return label.strip() if ok and label.strip() else None

    def _ask_handle(self, handles: list[str]) -> str | None:
        handle, ok = QInputDialog.getItem(
            self, self.tr("Choose an account"), self.tr("Which account?"), handles, 0, False
        )
        return handle if ok and handle else None

    def _show_events(self, events: list[PersonEvent]) -> None:
        if not events:
            text = self.tr("No account has been linked to a person yet.")
        else:
            lines = []
            for e in events:
                template = (
                    self.tr("{0}: {1} linked to {2}")
                    if e.action == persons.LINKED
                    else self.tr("{0}: {1} unlinked from {2}")
                )
                lines.append(template.format(labels.date_time(e.at), e.handle, e.label))
            text = "\n".join(lines)
        QMessageBox.information(self, self.tr("Links history"), text)

    def _activated(self, index: QModelIndex) -> None:
        key = str(index.data(Role.ID) or "")
        if key.startswith("person:"):
            self.author_activated.emit(key)
        elif key.startswith("handle:"):
            self.author_activated.emit(key.removeprefix("handle:"))
