"""Settings → Old entries: review, then remove for good, entries older than N years.

Off unless the person turns it on. Reviewing changes nothing and says how many
entries are older; their titles stay hidden until "Show which entries". Removing
asks for a typed confirmation, then purges on the worker, which also replaces the
automatic backups that still hold those entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError
from journal.retention import MAX_YEARS, MIN_YEARS
from ui import theme
from ui.kit.columns import add_items, button_row, column
from ui.kit.lifetime import if_alive
from ui.kit.named_widgets import check_box
from ui.safety.common import BusyBar, _t, day, entries_text, heading, paragraph, push_button
from ui.safety.jobs import load_retention

if TYPE_CHECKING:
    from journal.retention import PurgeResult, RetentionReview
    from ui.safety.services import SafetyServices

DEFAULT_YEARS = 7
SHOWN_AT_MOST = 500


def kind_label(kind: str) -> str:
    return {
        "incident": _t("Incident"),
        "checkin": _t("Check-in"),
        "search": _t("Search log"),
        "supervision": _t("Supervision"),
    }.get(kind, kind)


class PurgeDialog(QDialog):
    """Removing for good asks for a typed word, so it never happens by a slip."""

    def __init__(self, count: int, years: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("purge_dialog")
        self.setWindowTitle(self.tr("Remove old entries"))
        self.setModal(True)
        s = theme.SPACING
        self.word = self.tr("remove")
        text = paragraph(
            self.tr(
                "This removes {entries} older than {years} years for good, with their history "
                "and evidence files. It can't be undone."
            ).format(entries=entries_text(count), years=years),
            self,
            "purge_text",
        )
        backups = paragraph(
            self.tr(
                "Your automatic backups still hold these entries, so they are replaced by one "
                "fresh backup. Backups you saved somewhere else keep them until you delete them."
            ),
            self,
            "purge_backups",
        )
        self.prompt = QLabel(self.tr("To go ahead, type “{word}”:").format(word=self.word), self)
        self.field = QLineEdit(self)
        self.field.setObjectName("purge_confirm_word")
        self.field.setAccessibleName(self.tr("Type {word} to confirm").format(word=self.word))
        self.prompt.setBuddy(self.field)
        buttons = QDialogButtonBox(self)
        self.remove_button = QPushButton(self.tr("Remove for good"), self)
        self.remove_button.setObjectName("purge_remove")
        self.remove_button.setAccessibleName(self.tr("Remove for good"))
        self.remove_button.setEnabled(False)
        self.remove_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("purge_cancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.setDefault(True)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 3 * s)
        layout.setSpacing(2 * s)
        layout.addWidget(text)
        layout.addWidget(backups)
        layout.addWidget(self.prompt)
        layout.addWidget(self.field)
        layout.addWidget(buttons)
        self.setMinimumWidth(55 * s)
        self.field.textChanged.connect(self._typed)
        self.remove_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def confirmed(self) -> bool:
        return self.field.text().strip().casefold() == self.word.casefold()

    def _typed(self) -> None:
        self.remove_button.setEnabled(self.confirmed())

    def accept(self) -> None:
        if self.confirmed():
            super().accept()


class RetentionTab(QWidget):
    def __init__(self, controller: SafetyServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ops = controller.ops
        self.setObjectName("retention_tab")
        self.review_result: RetentionReview | None = None
        self.purge_dialog: PurgeDialog | None = None
        self._loaded_policy = False
        s = theme.SPACING

        intro = paragraph(
            self.tr(
                "Keep entries no longer than you need them. You can look for entries older than "
                "a number of years, see which they are, and remove them for good. Nothing is "
                "removed unless you confirm it."
            ),
            self,
            "retention_intro",
        )
        row = self._build_policy_row()
        self.review_button = push_button(
            self.tr("&Review"), self, "retention_review", accessible=self.tr("Review old entries")
        )
        self.result = paragraph("", self, "retention_result")
        actions = self._build_review()
        self.busy = BusyBar(self, "retention_busy")
        self.status = paragraph("", self, "retention_status")

        layout = column(self, heading(self.tr("Old entries"), self), intro, row, margins=2 * s)
        layout.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignLeft)
        add_items(layout, self.result, actions)
        layout.addWidget(self.titles, 1)
        add_items(layout, self.more, self.busy, self.status)
        layout.addStretch(0)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self._save_policy)
        self.enabled.toggled.connect(self._policy_changed)
        self.years.valueChanged.connect(self._policy_changed)
        self.review_button.clicked.connect(self.review)
        self.show_button.clicked.connect(self._show_titles)
        self.remove_button.clicked.connect(self._ask_remove)
        self._reset_review()
        self._update_enabled()

    def _build_policy_row(self) -> QHBoxLayout:
        """Look for entries older than [n] years."""
        s = theme.SPACING
        self.enabled = check_box(
            self.tr("&Look for entries older than"),
            self,
            "retention_on",
            self.tr("Look for old entries"),
        )
        self.years = QSpinBox(self)
        self.years.setObjectName("retention_years")
        self.years.setRange(MIN_YEARS, MAX_YEARS)
        self.years.setValue(DEFAULT_YEARS)
        self.years.setAccessibleName(self.tr("Number of years"))
        self.years.setMaximumWidth(10 * s)
        return button_row(self.enabled, self.years, QLabel(self.tr("years"), self))

    def _build_review(self) -> QHBoxLayout:
        """What a review found: Show which entries, Remove them, and the list of titles."""
        self.show_button = push_button(self.tr("Show &which entries"), self, "retention_show")
        self.titles = QListWidget(self)
        self.titles.setObjectName("retention_titles")
        self.titles.setAccessibleName(self.tr("Entries older than the limit"))
        self.more = paragraph("", self, "retention_more")
        self.remove_button = push_button(
            self.tr("Re&move these entries…"), self, "retention_remove"
        )
        return button_row(self.show_button, self.remove_button)

    # -- the setting ------------------------------------------------------------------------------

    def reload(self) -> None:
        self.ops.submit(load_retention, if_alive(self, self._policy_loaded), lambda _e: None)

    def _policy_loaded(self, years: int | None) -> None:
        for widget in (self.enabled, self.years):
            widget.blockSignals(True)
        self.enabled.setChecked(years is not None)
        self.years.setValue(years if years is not None else DEFAULT_YEARS)
        for widget in (self.enabled, self.years):
            widget.blockSignals(False)
        self._loaded_policy = True
        self._update_enabled()

    def _policy_changed(self, *_: object) -> None:
        self._reset_review()
        self._update_enabled()
        self._save_timer.start()

    def _save_policy(self) -> None:
        from journal.retention import set_policy

        self._save_timer.stop()
        years = self.years.value() if self.enabled.isChecked() else None
        self.ops.submit(lambda j: set_policy(j.repo, years), None, if_alive(self, self._failed))

    def _update_enabled(self) -> None:
        on = self.enabled.isChecked()
        idle = not self.busy.running
        self.years.setEnabled(on and idle)
        self.enabled.setEnabled(idle)
        self.review_button.setEnabled(on and idle)
        has = self.review_result is not None and self.review_result.count > 0
        self.show_button.setVisible(has and self.titles.isHidden())
        self.remove_button.setVisible(has)
        self.show_button.setEnabled(has and idle and self.titles.isHidden())
        self.remove_button.setEnabled(has and idle)

    # -- reviewing -----------------------------------------------------------------------------

    def _reset_review(self) -> None:
        self.review_result = None
        self.result.clear()
        self.result.hide()
        self.titles.clear()
        self.titles.hide()
        self.more.clear()
        self.more.hide()

    def review(self) -> None:
        from journal.retention import review

        if self._save_timer.isActive():
            self._save_policy()
        years = self.years.value()
        self._reset_review()
        self.status.clear()
        self.busy.start(self.tr("Looking for old entries…"))
        self._update_enabled()
        self.ops.submit(
            lambda j: review(j.repo, years, limit=SHOWN_AT_MOST),
            if_alive(self, self._reviewed),
            if_alive(self, self._failed),
        )

    def _reviewed(self, result: RetentionReview) -> None:
        self.busy.stop()
        self.review_result = result
        if result.count == 0:
            text = self.tr(
                "No entries are older than {years} years (from before {day}). There is nothing "
                "to remove."
            )
        elif result.count == 1:
            text = self.tr("1 entry is older than {years} years (from before {day}).")
        else:
            text = self.tr("{entries} are older than {years} years (from before {day}).")
        self.result.setText(
            text.format(
                entries=entries_text(result.count), years=result.years, day=day(result.cutoff)
            )
        )
        self.result.show()
        self._update_enabled()

    def _show_titles(self) -> None:
        result = self.review_result
        if result is None:
            return
        if getattr(self.controller.window, "supervision_mode", False):
            # The list would name entries kept out of supervision: not on a shared screen.
            self.status.setText(self.tr("Leave supervision mode to see which entries they are."))
            return
        self.titles.clear()
        for item in result.items:
            line = f"{day(item.occurred_at)} · {kind_label(item.kind)} · {item.title}"
            if item.deleted:
                line += " " + self.tr("(deleted)")
            self.titles.addItem(line)
        self.titles.show()
        if result.count > len(result.items):
            self.more.setText(
                self.tr("Showing the oldest {shown} of {count}.").format(
                    shown=len(result.items), count=result.count
                )
            )
            self.more.show()
        self._update_enabled()

    # -- removing --------------------------------------------------------------------------------

    def _ask_remove(self) -> None:
        result = self.review_result
        if result is None or result.count == 0:
            return
        dialog = PurgeDialog(result.count, result.years, self)
        self.controller.guard(dialog)
        self.purge_dialog = dialog
        dialog.finished.connect(lambda code, d=dialog: self._remove_answered(d, code))
        dialog.open()

    def _remove_answered(self, dialog: PurgeDialog, code: int) -> None:
        self.purge_dialog = None
        dialog.deleteLater()
        result = self.review_result
        if code != QDialog.DialogCode.Accepted or result is None:
            return
        self.purge(result.years)

    def purge(self, years: int) -> None:
        from journal.usecases import purge_older_than

        self._reset_review()
        self.status.clear()
        self.busy.start(self.tr("Removing the old entries and replacing your automatic backups…"))
        self._update_enabled()
        self.ops.submit(
            lambda j: purge_older_than(j, years),  # says every kind and the backups changed
            if_alive(self, lambda done: self._purged(done.value)),
            if_alive(self, self._failed),
        )

    def _purged(self, result: PurgeResult) -> None:
        self.busy.stop()
        self.status.setText(
            self.tr(
                "Removed {entries} for good, with their history and evidence files. Automatic "
                "backups that held them were replaced. Backups you saved somewhere else still "
                "hold them: delete those yourself if you no longer need them."
            ).format(entries=entries_text(result.entries))
        )
        self._update_enabled()

    def _failed(self, error: JournalError) -> None:
        self.busy.stop()
        self.status.setText(error.message)
        self._update_enabled()

    # -- leaving ---------------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        if self._save_timer.isActive():
            self._save_policy()  # the dialog closed just after a change
        super().hideEvent(event)

    def clear(self) -> None:
        if self._save_timer.isActive():
            self._save_policy()  # queued before the journal closes
        if self.purge_dialog is not None:
            self.purge_dialog.reject()
            self.purge_dialog = None
        self._reset_review()
        self.busy.stop()
        self.status.clear()
