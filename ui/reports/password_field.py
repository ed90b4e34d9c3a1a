"""A read-only field that shows a report password, grouped for reading out, and copies it whole.

A generated password is shown in groups with spaces between them, which are not part
of it; Ctrl+C and the copy buttons copy the password itself, marked as a secret and
cleared from the clipboard after a minute.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontDatabase, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from journal.export.password import grouped
from ui.kit.clipboard import SecretClipboard, SecretCopyGuard


class PasswordField(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._password = ""
        self.setReadOnly(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

    def set_password(self, password: str, *, spaced: bool) -> None:
        self._password = password
        self.setText(grouped(password) if spaced else password)

    def password(self) -> str:
        return self._password

    def clear(self) -> None:
        self._password = ""
        super().clear()


class PasswordCopyGuard(SecretCopyGuard):
    """Ctrl+C on the field copies the password without the reading spaces, as a secret."""

    def __init__(self, field: PasswordField, clipboard: SecretClipboard) -> None:
        super().__init__(field, clipboard)
        self._password_field = field
        self._secret_clipboard = clipboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        copying = isinstance(event, QKeyEvent) and (
            event.matches(QKeySequence.StandardKey.Copy)
            or event.matches(QKeySequence.StandardKey.Cut)
        )
        if watched is self._password_field and copying:
            if event.type() == QEvent.Type.KeyPress:
                self._secret_clipboard.copy(self._password_field.password())
            event.accept()
            return True
        return False
