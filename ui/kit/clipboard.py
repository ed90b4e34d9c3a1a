"""Copying secrets (the recovery key) so clipboard managers leave them alone.

The copy is marked as a secret for the clipboard managers that honour such a mark
(KDE's Klipper, and on Windows the clipboard history and cloud clipboard), and it is
cleared again after a minute if the clipboard still holds it. Only a hash of the
secret is kept, to recognise it, never the secret itself.
"""

from __future__ import annotations

import hashlib
import struct

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit

CLEAR_AFTER_MS = 60_000
KDE_SECRET_HINT = "x-kde-passwordManagerHint"  # noqa: S105 - a MIME type name, not a secret
_WINDOWS_FORMATS = {
    # Clipboard history and monitors skip content offered in these formats.
    'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"': b"\0",
    'application/x-qt-windows-mime;value="CanIncludeInClipboardHistory"': struct.pack("<I", 0),
    'application/x-qt-windows-mime;value="CanUploadToCloudClipboard"': struct.pack("<I", 0),
}


def secret_mime_data(text: str) -> QMimeData:
    """Plain text marked as a secret for clipboard managers."""
    mime = QMimeData()
    mime.setText(text)
    mime.setData(KDE_SECRET_HINT, b"secret")
    for fmt, value in _WINDOWS_FORMATS.items():
        mime.setData(fmt, value)
    return mime


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class SecretClipboard(QObject):
    """Puts a secret on the clipboard and takes it off again after ``clear_after_ms``."""

    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        self._digest: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)

    @property
    def clear_after_ms(self) -> int:
        return self._timer.interval()

    def set_clear_after_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    def copy(self, text: str) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setMimeData(secret_mime_data(text), QClipboard.Mode.Clipboard)
        self._digest = _digest(text)
        self._timer.start()

    def holds_secret(self) -> bool:
        """Whether the clipboard still holds what we put there."""
        if self._digest is None:
            return False
        current = QGuiApplication.clipboard().text(QClipboard.Mode.Clipboard)
        return _digest(current) == self._digest

    def clear(self) -> None:
        """Take our secret off the clipboard; anything copied since is left alone."""
        self._timer.stop()
        if self.holds_secret():
            QGuiApplication.clipboard().clear(QClipboard.Mode.Clipboard)
        self._digest = None


class SecretCopyGuard(QObject):
    """Makes Ctrl+C (and the context menu) on a secret-showing field copy as a secret.

    Read-only fields that show a secret (a generated password) stay selectable, so a
    person can check it; a plain copy would skip the secret mark and never be cleared.
    """

    def __init__(self, field: QLineEdit, clipboard: SecretClipboard) -> None:
        super().__init__(field)
        self._field = field
        self._clipboard = clipboard
        field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        field.setDragEnabled(False)
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._field and event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            key = event  # a QKeyEvent
            if isinstance(key, QKeyEvent) and (
                key.matches(QKeySequence.StandardKey.Copy)
                or key.matches(QKeySequence.StandardKey.Cut)
            ):
                if event.type() == QEvent.Type.KeyPress:
                    self._clipboard.copy(self._field.selectedText() or self._field.text())
                event.accept()
                return True
        return False
