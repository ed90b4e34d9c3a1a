"""Pieces the reports dialogs share: labels and buttons made the same way, the form grid,
the progress panel shown while a report is made, and the password panel shown after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.kit.clipboard import SecretClipboard
from ui.kit.named_widgets import line_edit
from ui.kit.named_widgets import push_button as button
from ui.reports.password_field import PasswordCopyGuard, PasswordField

__all__ = [
    "PasswordPanel",
    "ProgressPanel",
    "button",
    "form_grid",
    "heading",
    "label",
    "line_edit",
    "panel",
]


def label(text: str, parent: QWidget, name: str = "", *, bold: bool = False) -> QLabel:
    """Plain text (never rich text: entry titles may hold anything), wrapped."""
    widget = QLabel(text, parent)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if bold:
        font = widget.font()
        font.setBold(True)
        widget.setFont(font)
    return widget


def heading(text: str, parent: QWidget, name: str = "") -> QLabel:
    widget = label(text, parent, name, bold=True)
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    widget.setFont(font)
    return widget


def form_grid(parent: QWidget, rows: list[tuple[str, QWidget]]) -> QGridLayout:
    """Labels (with their mnemonics, each the buddy of its field) beside their fields."""
    s = theme.SPACING
    grid = QGridLayout()
    grid.setHorizontalSpacing(2 * s)
    grid.setVerticalSpacing(s)
    for row, (text, field) in enumerate(rows):
        caption = QLabel(text, parent)
        caption.setBuddy(field)
        grid.addWidget(caption, row, 0)
        grid.addWidget(field, row, 1)
    return grid


def panel(parent: QWidget, name: str) -> QFrame:
    """A quiet box for the statement of what never leaves."""
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    return frame


class ProgressPanel(QWidget):
    """A report being made: what is happening, how far, and (when it can stop) Cancel."""

    def __init__(
        self,
        parent: QWidget,
        *,
        name: str,
        progress_name: str,
        label_name: str,
        text: str,
        hint: str = "",
        cancel: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.text = text
        s = theme.SPACING
        self.progress = QProgressBar(self)
        self.progress.setObjectName(progress_name)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.label = label(text, self, label_name)
        self.cancel = button(
            self.tr("Cancel"), self, "cancel_export", accessible=self.tr("Cancel the report")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * s)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        if hint:
            layout.addWidget(label(hint, self, "working_hint"))
        if cancel:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.cancel)
            layout.addLayout(row)
        else:
            self.cancel.hide()
        layout.addStretch(2)

    def restart(self) -> None:
        self.progress.setValue(0)
        self.label.setText(self.text)
        self.cancel.setEnabled(True)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setValue(done * 1000 // max(total, 1))

    def stopping(self) -> None:
        self.cancel.setEnabled(False)
        self.label.setText(self.tr("Stopping…"))


class PasswordPanel(QWidget):
    """The report's password after it is made: read out by phone or text, copied as a secret."""

    def __init__(
        self, parent: QWidget, clipboard: SecretClipboard, *, prefix: str, sentence: str
    ) -> None:
        super().__init__(parent)
        s = theme.SPACING
        self.clipboard = clipboard
        self.sentence = label(sentence, self, f"{prefix}password_sentence")
        self.field = PasswordField(self)
        self.field.setObjectName(f"{prefix}password")
        self.field.setAccessibleName(self.tr("The report's password"))
        PasswordCopyGuard(self.field, clipboard)
        self.copy = button(
            self.tr("&Copy"),
            self,
            f"{prefix}copy_password",
            accessible=self.tr("Copy the password"),
        )
        self.copy.setIcon(theme.icon("copy"))
        self.copy.clicked.connect(self._copy)
        self.note = label("", self, f"{prefix}copy_note")
        self.note.hide()
        row = QHBoxLayout()
        row.setSpacing(s)
        row.addWidget(self.field, 1)
        row.addWidget(self.copy)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(s)
        box.addWidget(self.sentence)
        box.addLayout(row)
        box.addWidget(self.note)

    def set_password(self, password: str, *, spaced: bool) -> None:
        self.field.set_password(password, spaced=spaced)
        self.note.clear()
        self.note.hide()

    def password(self) -> str:
        return self.field.password()

    def clear(self) -> None:
        self.field.clear()
        self.note.clear()

    def _copy(self) -> None:
        self.clipboard.copy(self.field.password())
        self.note.setText(self.tr("Copied. It leaves the clipboard again in a minute."))
        self.note.show()
