"""The editor's police and court section: reported to the police (a dated action too),
the force or station, crime reference, officer and outcome, and related court orders."""

from __future__ import annotations

import contextlib
import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.legal import POLICE_ACTION
from journal.models import SHORT_MAX
from ui import theme
from ui.kit.layouts import flush
from ui.kit.row_list import RemovableRow, RowList, remove_button
from ui.kit.widgets import DateEdit


def _date_edit(parent: QWidget, accessible: str) -> DateEdit:
    edit = DateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setDate(QDate.currentDate())
    edit.setAccessibleName(accessible)
    return edit


def _to_date(edit: DateEdit) -> str:
    day: date = edit.date().toPython()  # type: ignore[assignment]
    return day.isoformat()


def _set_date(edit: DateEdit, text: Any) -> None:
    edit.setDate(QDate.currentDate())
    if text:
        with contextlib.suppress(ValueError):
            edit.setDate(QDate.fromString(str(text)[:10], Qt.DateFormat.ISODate))


class _OrderRow(RemovableRow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = flush(QHBoxLayout(self))
        self.kind = QLineEdit(self)
        self.kind.setObjectName("orderKind")
        self.kind.setMaxLength(SHORT_MAX)
        self.kind.setPlaceholderText(self.tr("Kind of order, e.g. non-molestation order"))
        self.kind.setAccessibleName(self.tr("Kind of court order"))
        self.reference = QLineEdit(self)
        self.reference.setObjectName("orderReference")
        self.reference.setMaxLength(SHORT_MAX)
        self.reference.setPlaceholderText(self.tr("Case number"))
        self.reference.setAccessibleName(self.tr("Court order reference"))
        self.made_on = _date_edit(self, self.tr("Date the order was made"))
        self.made_on.setObjectName("orderDate")
        remove = remove_button(self, self.tr("Remove this court order"), self.tr("Remove"))
        remove.clicked.connect(self.removed)
        for edit in (self.kind, self.reference):
            edit.textEdited.connect(self.changed)
        self.made_on.dateChanged.connect(self.changed)
        layout.addWidget(self.kind, 2)
        layout.addWidget(self.reference, 1)
        layout.addWidget(self.made_on)
        layout.addWidget(remove)

    def to_json(self) -> dict[str, Any] | None:
        kind = self.kind.text().strip()
        if not kind and not self.reference.text().strip():
            return None
        return {
            "kind": kind,
            "reference": self.reference.text().strip(),
            "made_on": _to_date(self.made_on),
        }


class LegalSection(QWidget):
    """Police involvement and court orders, read and written as the core's JSON fields."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legalSection")
        outer = flush(QVBoxLayout(self), theme.SPACING // 2)
        top = QHBoxLayout()
        self.reported = QCheckBox(self.tr("&Reported to the police on"), self)
        self.reported.setObjectName("reportedToPolice")
        self.reported.setAccessibleName(self.tr("Reported to the police on"))
        self.reported_on = _date_edit(self, self.tr("Date reported to the police"))
        self.reported_on.setObjectName("policeReportedOn")
        self.reported_on.setEnabled(False)
        self.reported.toggled.connect(self.reported_on.setEnabled)
        self.reported.toggled.connect(self.changed)
        self.reported_on.dateChanged.connect(self.changed)
        top.addWidget(self.reported)
        top.addWidget(self.reported_on)
        top.addStretch(1)
        outer.addLayout(top)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.force = self._line("policeForce", self.tr("Police force or station"), form)
        self.crime_ref = self._line("policeCrimeRef", self.tr("Crime reference"), form)
        self.officer = self._line("policeOfficer", self.tr("Officer"), form)
        self.outcome = self._line("policeOutcome", self.tr("Outcome"), form, limit=2000)
        outer.addLayout(form)
        orders_label = QLabel(self.tr("Court orders"), self)
        outer.addWidget(orders_label)
        orders_box = QVBoxLayout()
        orders_box.setSpacing(theme.SPACING // 2)
        self._orders: RowList[_OrderRow] = RowList(orders_box, self.changed)
        outer.addLayout(orders_box)
        self.add_order_button = QPushButton(self.tr("Add a court order"), self)
        self.add_order_button.setObjectName("addCourtOrder")
        self.add_order_button.setAccessibleName(self.tr("Add a court order"))
        self.add_order_button.clicked.connect(self._add_clicked)
        outer.addWidget(self.add_order_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._orders.focus_after = self.add_order_button

    def _line(self, name: str, text: str, form: QFormLayout, limit: int = SHORT_MAX) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setMaxLength(limit)
        edit.setAccessibleName(text)
        edit.textEdited.connect(self.changed)
        label = QLabel(text, self)
        label.setBuddy(edit)
        form.addRow(label, edit)
        return edit

    def _add_clicked(self) -> None:
        row = self.add_order()
        row.kind.setFocus()
        self.changed.emit()

    def add_order(self) -> _OrderRow:
        return self._orders.add(_OrderRow(self))

    def focus_chain(self) -> list[QWidget]:
        """This section's stops in the editor's Tab order, court orders included."""
        orders = [w for row in self._orders for w in (row.kind, row.reference, row.made_on)]
        return [self.reported, self.reported_on, self.force, self.crime_ref, self.officer,
                self.outcome, *orders, self.add_order_button]  # fmt: skip

    def chain_focus(self, before: QWidget, after: QWidget) -> None:
        """Put this section's fields in a Tab order between two widgets."""
        for first, second in itertools.pairwise([before, *self.focus_chain(), after]):
            QWidget.setTabOrder(first, second)

    # -- the core's JSON ----------------------------------------------------------------

    def set_data(self, data: dict[str, Any]) -> None:
        reported = data.get("police_reported_on")
        self.reported.setChecked(bool(reported))
        _set_date(self.reported_on, reported)
        self.force.setText(str(data.get("police_force") or ""))
        self.crime_ref.setText(str(data.get("police_crime_ref") or ""))
        self.officer.setText(str(data.get("police_officer") or ""))
        self.outcome.setText(str(data.get("police_outcome") or ""))
        for row in list(self._orders):
            self._orders.drop(row)
        for order in data.get("court_orders") or []:
            if not isinstance(order, dict):
                continue
            row = self.add_order()
            row.kind.setText(str(order.get("kind") or ""))
            row.reference.setText(str(order.get("reference") or ""))
            _set_date(row.made_on, order.get("made_on"))

    def merge_into(self, data: dict[str, Any]) -> dict[str, Any]:
        """Add these fields to the editor's JSON; reporting to the police is also a dated
        action in the incident's checklist (journal/legal.py)."""
        reported_on = _to_date(self.reported_on) if self.reported.isChecked() else None
        data.update(
            {
                "police_reported_on": reported_on,
                "police_force": self.force.text().strip(),
                "police_crime_ref": self.crime_ref.text().strip(),
                "police_officer": self.officer.text().strip(),
                "police_outcome": self.outcome.text(),
                "court_orders": [o for o in (r.to_json() for r in self._orders) if o],
            }
        )
        if reported_on:
            actions = [a for a in data.get("actions") or [] if a.get("what") != POLICE_ACTION]
            actions.append({"what": POLICE_ACTION, "done": True, "done_on": reported_on})
            data["actions"] = actions
        return data
