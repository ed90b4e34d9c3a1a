"""Long work never freezes the window: it waits its turn on the worker while the window
goes on answering, shows that it is busy, and finishes once the worker gets to it.

The worker is held on purpose (a job that waits on an event), so each step is seen
both while it is queued and after it has run. No timing is measured.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from safety_helpers import (
    WAIT_MS,
    Scene,
    click,
    incident,
    make_journal,
    titles,
    type_into,
)

from journal.session import Journal, Unlock
from ui.operations import Operations
from ui.safety.backups_tab import BackupsTab
from ui.safety.retention_tab import RetentionTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@contextmanager
def worker_held(ops: Operations) -> Iterator[None]:
    release = threading.Event()
    started = threading.Event()

    def hold() -> None:
        started.set()
        release.wait(timeout=60)

    ops.submit_background(hold)
    assert started.wait(timeout=30)
    try:
        yield
    finally:
        release.set()


def window_answers(qtbot: QtBot) -> None:
    """The UI thread runs its event loop: a timer set now fires."""
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=WAIT_MS)


def test_backup_verify_restore_and_purge_leave_the_window_free(qtbot: QtBot, scene: Scene) -> None:
    make_journal(scene.paths, ["Visit"], keyring=True)
    with Journal.open(scene.paths, Unlock()) as journal:
        journal.repo.add(incident("Ten years back", years_ago=10))
    scene.unlock(keyring=True)
    ops = scene.window.ops
    target = scene.tmp_path / "mine.pjbackup"
    scene.controller.ask_backup_target = lambda parent: target  # type: ignore[method-assign]
    scene.window.run_action("backups")
    settings = scene.window.settings_dialog
    assert settings is not None
    tab = settings.findChild(BackupsTab)
    assert tab is not None

    # Back up now.
    with worker_held(ops):
        click(qtbot, tab.backup_now)
        window_answers(qtbot)
        assert tab.busy.isVisible() and "Writing" in tab.busy.label.text()
        assert not tab.backup_now.isEnabled() and not target.exists()
    qtbot.waitUntil(lambda: "Saved" in tab.status.text(), timeout=WAIT_MS)
    assert not tab.busy.isVisible() and tab.backup_now.isEnabled()

    # Check the journal.
    with worker_held(ops):
        click(qtbot, tab.verify_button)
        dialog = scene.controller.verify_dialog
        assert dialog is not None
        window_answers(qtbot)
        assert dialog.running and dialog.busy.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    assert "passed every check" in dialog.heading.text()
    click(qtbot, dialog.close_button)

    # Old entries: review, then remove.
    retention = settings.findChild(RetentionTab)
    assert retention is not None
    settings.tabs.setCurrentWidget(retention)  # type: ignore[attr-defined]
    click(qtbot, retention.enabled)
    retention.years.setValue(5)
    click(qtbot, retention.review_button)
    qtbot.waitUntil(lambda: retention.remove_button.isVisible(), timeout=WAIT_MS)
    click(qtbot, retention.remove_button)
    purge = retention.purge_dialog
    assert purge is not None
    type_into(qtbot, purge.field, "remove")
    with worker_held(ops):
        click(qtbot, purge.remove_button)
        window_answers(qtbot)
        assert retention.busy.isVisible() and not retention.review_button.isEnabled()
    qtbot.waitUntil(lambda: "Removed 1 entry" in retention.status.text(), timeout=WAIT_MS)

    # Restore the backup made above (it still holds the old entry).
    scene.controller.ask_restore_file = lambda parent: target  # type: ignore[method-assign]
    settings.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    with worker_held(ops):
        click(qtbot, tab.restore_file)
        restore = scene.controller.restore_dialog
        assert restore is not None
        window_answers(qtbot)
        assert restore.busy.isVisible() and restore.state == "probing"
    qtbot.waitUntil(lambda: restore.state == "confirm", timeout=WAIT_MS)
    with worker_held(ops):
        click(qtbot, restore.go_button)
        window_answers(qtbot)
        assert restore.state == "restoring" and restore.busy.isVisible()
        restore.reject()  # Escape while it runs does nothing: the swap finishes first
        assert restore.isVisible()
    qtbot.waitUntil(lambda: restore.state == "done", timeout=WAIT_MS)
    assert titles(qtbot, ops) == {"Visit", "Ten years back"}
