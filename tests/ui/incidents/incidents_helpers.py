"""Small helpers for the incidents tests: wait for the worker, make incidents."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from helpers.qt import PASSPHRASE as PASSPHRASE
from helpers.qt import SHOWN_ROLES
from helpers.qt import WAIT_MS as WAIT_MS
from helpers.qt import all_text as text_of
from helpers.qt import idle as idle
from helpers.qt import run as run
from PySide6.QtCore import Qt
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
