"""Pictures of the backup, restore, check, damage and old-entries screens, drawn offscreen.

``render_screens(out_dir)`` is what ``python docs/screenshots.py --only safety`` calls
(the module doesn't run on its own). It builds a made-up journal with a few automatic
backups in a temporary folder (no real journal, keyring or backup is touched) and saves
a PNG of each screen.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from docs.screens._shared import (
    SCREEN_PASSPHRASE,
    Pictures,
    create_journal,
    open_window,
    show,
    wait,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.operations import Operations
    from ui.safety.controller import SafetyController


def _days_ago(days: int) -> Callable[[], datetime]:
    from journal.timeutil import now

    moment = now() - timedelta(days=days)
    return lambda: moment


def _demo_journal(root: Path, copy: Path) -> None:
    from journal import backup, demo
    from journal.timeutil import now

    with create_journal(root) as journal:
        entries = list(demo.generate(150, end=now() - timedelta(days=4), days=365 * 9))
        journal.repo.add_many([(e, ()) for e in entries[:140]])
        backup.write_backup(journal, copy, clock=lambda: now() - timedelta(days=3, hours=2))
        for days_ago, entry in zip(range(4, 0, -1), entries[140:], strict=False):
            journal.repo.add(entry)
            backup.backup_now(journal, clock=_days_ago(days_ago))


def render_screens(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Draw the safety screens to PNG files in ``out_dir``; returns the files written."""
    from ui.safety.controller import CONTROLLER_NAME, SafetyController

    save = Pictures(out_dir, "safety-")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "journal"
        copy = Path(tmp) / "USB stick" / "Practitioner Journal backup.pjbackup"
        copy.parent.mkdir()
        _demo_journal(root, copy)
        ops, window = open_window(root)
        controller = window.findChild(SafetyController, CONTROLLER_NAME)
        if controller is None:
            from ui.safety import install

            install(window)
            controller = window.findChild(SafetyController, CONTROLLER_NAME)
        assert controller is not None
        show(ops, window, 1080, 720)
        _render_settings(ops, window, save)
        _render_check_and_restore(ops, controller, copy, save)
        _render_problem(ops, controller, save)
        _render_damaged(ops, window, save)
        window.close()
        wait(lambda: not ops.busy)
        ops.shutdown()
    return save.written


def _render_settings(ops: Operations, window: MainWindow, save: Pictures) -> None:
    """Settings: backups, then old entries, then the purge's confirmation."""
    from ui.safety.backups_tab import BackupsTab
    from ui.safety.retention_tab import RetentionTab

    window.run_action("backups")
    settings = window.settings_dialog
    assert settings is not None
    tab = settings.findChild(BackupsTab)
    assert tab is not None
    wait(lambda: tab.table.topLevelItemCount() > 0 and not tab._to_count and not ops.busy)
    tab.table.setCurrentItem(tab.table.topLevelItem(0))
    save(settings, "settings-backups")
    retention = settings.findChild(RetentionTab)
    assert retention is not None
    settings.tabs.setCurrentWidget(retention)
    wait(lambda: retention._loaded_policy)
    retention.enabled.setChecked(True)
    retention.years.setValue(7)
    retention.review()
    wait(lambda: retention.review_result is not None)
    save(settings, "settings-old-entries")
    retention._show_titles()
    save(settings, "settings-old-entries-shown")
    retention._ask_remove()
    purge = retention.purge_dialog
    assert purge is not None
    purge.field.setText(purge.word)
    save(purge, "purge-confirm")
    purge.reject()
    retention.enabled.setChecked(False)
    settings.reject()
    wait(lambda: not ops.busy)


def _render_check(controller: SafetyController, save: Pictures, name: str) -> None:
    """Run the journal check, picture its dialog once it has finished, close it."""
    controller.verify()
    check = controller.verify_dialog
    assert check is not None
    wait(lambda: not check.running)
    save(check, name)
    check.reject()


def _render_check_and_restore(
    ops: Operations, controller: SafetyController, copy: Path, save: Pictures
) -> None:
    """The check, all well; then restoring the copy on the USB stick."""
    _render_check(controller, save, "verify-ok")

    # Restoring the copy on the USB stick.
    controller.restore(copy)
    restore = controller.restore_dialog
    assert restore is not None
    wait(lambda: restore.state == "ask")
    save(restore, "restore-ask")
    restore.secret.setText(SCREEN_PASSPHRASE)
    restore._go()
    wait(lambda: restore.state == "confirm")
    save(restore, "restore-confirm")
    restore._go()
    wait(lambda: restore.state == "done" and not ops.busy)
    save(restore, "restore-done")
    restore.reject()


def _render_problem(ops: Operations, controller: SafetyController, save: Pictures) -> None:
    """The check after something changed a saved version behind the app's back."""
    ops.submit(
        lambda j: j.conn.execute(
            "UPDATE entries SET data = json_set(data, '$.title', 'changed') "
            "WHERE rowid = (SELECT min(rowid) FROM entries)"
        )
    )
    _render_check(controller, save, "verify-problem")


def _render_damaged(ops: Operations, window: MainWindow, save: Pictures) -> None:
    """A damaged journal on the unlock screen."""
    paths = ops.paths
    window.lock()
    wait(lambda: not ops.busy and not ops.is_open)
    data = bytearray(paths.database.read_bytes())
    data[200] ^= 0x01
    paths.database.write_bytes(bytes(data))
    screen = window.unlock_screen
    screen.start(auto_keyring=False)
    wait(lambda: screen.passphrase.isVisible())
    screen.passphrase.setText(SCREEN_PASSPHRASE)
    screen._unlock_with_passphrase()
    wait(lambda: screen.damage.restore_button.isVisible())
    save(window, "unlock-damaged")
