"""Recording Professional Quality of Life (ProQOL) scores, and the list of past ones.

The measure itself is not in the app: the dialog credits its owner and links to the
official site, where the person takes it and adds up the three subscale totals.
Only those totals, a date and an optional note are kept, encrypted.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal import proqol
from journal.errors import JournalError, ValidationError
from journal.proqol import ProqolScore
from ui import theme
from ui.kit import labels
from ui.kit.date_fields import date_field
from ui.kit.layouts import flush_column
from ui.kit.lifetime import if_alive
from ui.kit.named_widgets import push_button
from ui.kit.tables import read_only_rows
from ui.kit.text_fields import line_edit
from ui.operations import Change, NotOpen, Operations
from ui.wellbeing.widgets import name_field

EMPTY = proqol.SCORE_MIN - 1  # the spin boxes' "nothing typed yet"
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def subscale_label(name: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("journal", proqol.SUBSCALE_LABELS[name])


class ScoreBox(QSpinBox):
    """A subscale total from 10 to 50 that starts empty rather than at a made-up value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(EMPTY, proqol.SCORE_MAX)
        self.setSpecialValueText(" ")
        self.setValue(EMPTY)
        self.setMinimumWidth(10 * theme.SPACING)
        self.setAccelerated(True)

    def stepBy(self, steps: int) -> None:
        if self.value() == EMPTY and steps > 0:
            self.setValue(proqol.SCORE_MIN + (proqol.SCORE_MAX - proqol.SCORE_MIN) // 2)
            return
        super().stepBy(steps)

    def score(self) -> int | None:
        return None if self.value() == EMPTY else self.value()


class ProqolDialog(QDialog):
    """The form to record three totals with a date, and past scores with Delete."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._scores: list[ProqolScore] = []
        self._deleted: ProqolScore | None = None
        self._busy = False
        self.setObjectName("proqol_dialog")
        self.setWindowTitle(self.tr("Professional quality of life"))
        self.setAccessibleName(self.windowTitle())
        self._build()

    def _build(self) -> None:
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 2 * s)
        layout.setSpacing(2 * s)
        self._build_about(layout)
        self._build_form(layout)
        self._build_past(layout)
        self._build_close(layout)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()
        self.setMinimumWidth(80 * s)

    def _build_about(self, layout: QVBoxLayout) -> None:
        """What the ProQOL is, whose it is, and where to take it."""
        heading = QLabel(self.tr("Professional quality of life (ProQOL)"), self)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        about = QLabel(
            self.tr(
                "The ProQOL looks at the good and the hard sides of helping others: "
                "compassion satisfaction, burnout and secondary traumatic stress."
            )
            + " "
            + self.tr(proqol.PROQOL_HOW_TO),
            self,
        )
        about.setObjectName("proqol_about")
        about.setWordWrap(True)
        layout.addWidget(about)
        credit = QLabel(self.tr(proqol.PROQOL_CREDIT), self)
        credit.setObjectName("proqol_credit")
        credit.setWordWrap(True)
        small = QFont(credit.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        credit.setFont(small)
        layout.addWidget(credit)
        self.site_button = push_button(
            self.tr("Take the measure at ProQOL.org"),
            self,
            "proqol_site",
            lambda: self.open_url(QUrl(proqol.PROQOL_URL)),
            tip=proqol.PROQOL_URL,
        )
        self.site_button.setAccessibleName(self.site_button.text())
        site_row = QHBoxLayout()
        site_row.addWidget(self.site_button)
        site_row.addStretch(1)
        layout.addLayout(site_row)

    def _build_form(self, layout: QVBoxLayout) -> None:
        """The date, the three totals and a note, and the button that records them."""
        s = theme.SPACING
        form = QFormLayout()
        form.setHorizontalSpacing(3 * s)
        form.setVerticalSpacing(s)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.taken_on = date_field(self, "proqol_date")
        name_field(self.taken_on, self.tr("Date you took it"))
        self.taken_on.setDate(QDate.currentDate())
        self.taken_on.setMaximumDate(QDate.currentDate())
        form.addRow(self._label(self.tr("&Date you took it"), self.taken_on), self.taken_on)
        self.boxes: dict[str, ScoreBox] = {}
        self.field_errors: dict[str, QLabel] = {}
        for name in proqol.SUBSCALES:
            self._build_score(form, name)
        self.note = line_edit(
            self, self.tr("Optional"), max_length=proqol.NOTE_MAX, name="proqol_note",
            spoken=self.tr("Note"),
        )  # fmt: skip
        self.note.setMinimumWidth(40 * s)
        form.addRow(self._label(self.tr("&Note"), self.note), self.note)
        layout.addLayout(form)
        self.form_error = QLabel(self)
        self.form_error.setObjectName("proqol_error")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        layout.addWidget(self.form_error)
        record_row = QHBoxLayout()
        self.record_button = push_button(self.tr("Record these scores"), self, "proqol_record")
        self.record_button.setAccessibleName(self.record_button.text())
        self.record_button.setDefault(True)
        self.record_button.clicked.connect(self.record)
        record_row.addWidget(self.record_button)
        record_row.addStretch(1)
        layout.addLayout(record_row)

    def _build_score(self, form: QFormLayout, name: str) -> None:
        """One subscale's total, "out of 50" beside it and its error line under it."""
        s = theme.SPACING
        box = ScoreBox(self)
        box.setObjectName(f"proqol_{name}")
        name_field(box, subscale_label(name))
        box.setToolTip(
            self.tr("Your total, from {low} to {high}").format(
                low=proqol.SCORE_MIN, high=proqol.SCORE_MAX
            )
        )
        error = QLabel(self)
        error.setObjectName(f"proqol_{name}_error")
        error.setWordWrap(True)
        error.hide()
        cell = flush_column(spacing=s // 2)
        row = QHBoxLayout()
        row.addWidget(box)
        row.addWidget(QLabel(self.tr("out of {n}").format(n=proqol.SCORE_MAX), self))
        row.addStretch(1)
        cell.addLayout(row)
        cell.addWidget(error)
        form.addRow(self._label(subscale_label(name), box), cell)
        self.boxes[name] = box
        self.field_errors[name] = error

    def _build_past(self, layout: QVBoxLayout) -> None:
        """The scores recorded before, and deleting one (with Undo)."""
        s = theme.SPACING
        past = QLabel(self.tr("Your past scores"), self)
        past_font = QFont(past.font())
        past_font.setBold(True)
        past.setFont(past_font)
        layout.addWidget(past)
        self.table = read_only_rows(QTableWidget(0, 4, self))
        self.table.setObjectName("proqol_table")
        self.table.setAccessibleName(self.tr("Past ProQOL scores"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date")] + [subscale_label(name) for name in proqol.SUBSCALES]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(16 * s)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(
            self.tr("No scores yet. The ones you record appear here and on the Wellbeing page."),
            self,
        )
        self.empty.setObjectName("proqol_empty")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

        below = QHBoxLayout()
        self.delete_button = push_button(
            self.tr("Delete selected"), self, "proqol_delete", self.delete_selected
        )
        self.delete_button.setAccessibleName(self.delete_button.text())
        self.undo_label = QLabel(self)
        self.undo_label.setObjectName("proqol_undo_text")
        self.undo_button = push_button(self.tr("Undo"), self, "proqol_undo", self.undo_delete)
        self.undo_button.setAccessibleName(self.tr("Undo"))
        self.undo_label.hide()
        self.undo_button.hide()
        below.addWidget(self.delete_button)
        below.addSpacing(s)
        below.addWidget(self.undo_label)
        below.addWidget(self.undo_button)
        below.addStretch(1)
        layout.addLayout(below)

    def _build_close(self, layout: QVBoxLayout) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("proqol_close")
        close.setAccessibleName(self.tr("Close"))
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # -- the outside world (tests replace this) -------------------------------------------

    def open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self._ops.submit(
            lambda j: proqol.scores(j.repo), if_alive(self, self._loaded), self._failed
        )

    def _loaded(self, scores: list[ProqolScore]) -> None:
        self._scores = list(reversed(scores))  # newest first
        self.table.setRowCount(len(self._scores))
        for row, score in enumerate(self._scores):
            day = QTableWidgetItem(labels.day(score.taken_on))
            day.setData(ID_ROLE, score.id)
            if score.note:
                day.setToolTip(score.note)
            self.table.setItem(row, 0, day)
            for column, name in enumerate(proqol.SUBSCALES, start=1):
                item = QTableWidgetItem(str(score.score(name)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self._scores))
        self.empty.setVisible(not self._scores)
        self._selection_changed()

    def _failed(self, error: JournalError) -> None:
        self._busy = False
        self.record_button.setEnabled(True)
        if isinstance(error, NotOpen):
            return
        if isinstance(error, ValidationError):
            self._show_errors(error.errors)
            return
        self.form_error.setText(error.message)
        self.form_error.show()

    # -- recording -----------------------------------------------------------------------

    def record(self) -> None:
        if self._busy:
            return
        values = {name: box.score() for name, box in self.boxes.items()}
        qdate = self.taken_on.date()
        taken_on = date(qdate.year(), qdate.month(), qdate.day())
        note = self.note.text().strip()
        errors = proqol.score_errors({**values, "note": note}, taken_on, date.today())
        if errors:
            self._show_errors(errors)
            return
        self._show_errors({})
        self._busy = True
        self.record_button.setEnabled(False)
        scores = {name: int(value) for name, value in values.items() if value is not None}
        self._ops.submit(
            lambda j: proqol.record_scores(j.repo, taken_on=taken_on, note=note, **scores),
            if_alive(self, self._recorded),
            if_alive(self, self._failed),
            change=Change(settings=True, extra={"proqol": True}),
        )

    def _recorded(self, _score: ProqolScore) -> None:
        self._busy = False
        self.record_button.setEnabled(True)
        for box in self.boxes.values():
            box.setValue(EMPTY)
        self.note.clear()
        self.reload()

    def _show_errors(self, errors: dict[str, str]) -> None:
        words = {
            "taken_on": self.tr("The date"),
            **{name: subscale_label(name) for name in proqol.SUBSCALES},
            "note": self.tr("The note"),
        }
        for name, label in self.field_errors.items():
            text = errors.get(name)
            label.setText(f"{words[name]} {text}" if text else "")
            label.setVisible(bool(text))
        other = [f"{words.get(k, k)} {v}" for k, v in errors.items() if k not in self.field_errors]
        self.form_error.setText(" ".join(other))
        self.form_error.setVisible(bool(other))

    # -- deleting ------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        self.delete_button.setEnabled(self._selected() is not None)

    def _selected(self) -> ProqolScore | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self._scores):
            return None
        return self._scores[rows[0].row()]

    def delete_selected(self) -> None:
        score = self._selected()
        if score is None:
            return
        self._deleted = score
        self._ops.submit(
            lambda j: proqol.delete_score(j.repo, score.id),
            if_alive(self, lambda _none: self._after_delete(score)),
            if_alive(self, self._failed),
            change=Change(settings=True, extra={"proqol": True}),
        )

    def _after_delete(self, score: ProqolScore) -> None:
        self.undo_label.setText(
            self.tr("Deleted the scores of {day}.").format(day=labels.day(score.taken_on))
        )
        self.undo_label.show()
        self.undo_button.show()
        self.reload()

    def undo_delete(self) -> None:
        score = self._deleted
        if score is None:
            return
        self._deleted = None
        self.undo_label.hide()
        self.undo_label.clear()
        self.undo_button.hide()
        self._ops.submit(
            lambda j: proqol.record_scores(
                j.repo,
                taken_on=score.taken_on,
                note=score.note,
                compassion_satisfaction=score.compassion_satisfaction,
                burnout=score.burnout,
                secondary_traumatic_stress=score.secondary_traumatic_stress,
            ),
            if_alive(self, lambda _score: self.reload()),
            if_alive(self, self._failed),
            change=Change(settings=True, extra={"proqol": True}),
        )

    # -- locking -------------------------------------------------------------------------

    def close_for_lock(self) -> None:
        """Drop every score and typed value, then close."""
        self._scores = []
        self._deleted = None
        self.table.setRowCount(0)
        for box in self.boxes.values():
            box.setValue(EMPTY)
        self.note.clear()
        self.undo_label.clear()
        for label in (*self.field_errors.values(), self.form_error):
            label.clear()
        self.reject()
