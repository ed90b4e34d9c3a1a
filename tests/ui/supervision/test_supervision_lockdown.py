"""Supervision mode on a shared screen: nothing that shows keys, backups or contacts opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from helpers.qt import go_to
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from supervision_helpers import WAIT_MS, click, idle

import ui.extensions
from journal.models import Incident
from journal.timeutil import now
from ui.main_window import MainWindow
from ui.supervision.page import SupervisionPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_supervision_mode_refuses_settings_keys_backups_and_reports_and_says_why(
    qtbot: QtBot, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        ui.extensions,
        "EXTENSIONS",
        ["ui.searchlog", "ui.supervision", "ui.safety", "ui.reports"],
    )
    window = make_window([Incident(title="A post", occurred_at=now() - timedelta(days=2))])
    told: list[str] = []
    monkeypatch.setattr(window, "_inform", told.append)
    page = go_to(qtbot, window, "supervision", SupervisionPage)
    click(qtbot, page.prepare.start_button)
    qtbot.waitUntil(lambda: window.supervision_mode, timeout=WAIT_MS)
    idle(qtbot, window.ops)

    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Settings
    assert window.settings_dialog is None
    assert told and "isn't available in supervision mode" in told[-1]
    assert told[-1].startswith("This isn't available") and "Settings can show" in told[-1]
    window.settings_action.trigger()
    assert window.settings_dialog is None and len(told) == 2
    for name in ("send_to_manager", "report_now", "backups", "restore_backup", "verify"):
        window.run_action(name)
    assert len(told) == 7
    for link in ("app:backups", "app:verify", "app:report-to-manager"):
        assert window.open_link(link)
    assert len(told) == 10
    assert "Backups can show" in told[4]
    assert _dialogs() == []

    # Leaving supervision mode opens them again.
    window.set_supervision_mode(False)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.settings_dialog is not None, timeout=WAIT_MS)
    assert len(told) == 10
    dialog = window.settings_dialog
    assert dialog is not None

    # Entering supervision mode closes Settings if it was somehow open.
    window.set_supervision_mode(True)
    assert window.settings_dialog is None
