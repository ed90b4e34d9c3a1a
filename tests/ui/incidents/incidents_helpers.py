"""Small helpers for the incidents tests: wait for the worker, make incidents."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from helpers.qt import PASSPHRASE as PASSPHRASE
from helpers.qt import SHOWN_ROLES
from helpers.qt import WAIT_MS as WAIT_MS
from helpers.qt import all_text as text_of
from helpers.qt import idle as idle
from helpers.qt import run as run
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from pytestqt.qtbot import QtBot

from journal.models import Incident
from journal.timeutil import now
from ui.operations import Operations


def new_incident(qtbot: QtBot, page: Any, ops: Operations | None = None) -> Any:
    """Open the editor for a new incident and return it once its title has the focus
    (and, given ``ops``, once the worker is idle)."""
    page.new_incident()
    editor = page.editor
    qtbot.waitUntil(lambda: editor.title.hasFocus(), timeout=WAIT_MS)
    if ops is not None:
        idle(qtbot, ops)
    return editor


def incident(title: str, **fields: Any) -> Incident:
    fields.setdefault("occurred_at", now() - timedelta(hours=1))
    return Incident(title=title, **fields)


def all_text(root: Any) -> str:
    """Every text the widget tree holds, the incidents model's own roles included."""
    roles = (*SHOWN_ROLES, Qt.ItemDataRole.UserRole + 5, Qt.ItemDataRole.UserRole + 6)
    return text_of(root, roles=roles)  # type: ignore[arg-type]


def drop(page: Any, target_widget: object, paths: list[Path]) -> None:
    """Drag files over a widget and drop them, through the window as the system would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = target_widget  # a QWidget
    window = page.window().windowHandle()
    point = QPointF(target.mapTo(page.window(), target.rect().center()))  # type: ignore[attr-defined]
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    try:
        enter = QDragEnterEvent(point, *args)
    except TypeError:  # before Qt 6.12 a drag-enter position is whole pixels
        enter = QDragEnterEvent(point.toPoint(), *args)
    QGuiApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QGuiApplication.sendEvent(window, QDropEvent(point, *args))
