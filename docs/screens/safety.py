"""Pictures of the backup, restore, check, damage and old-entries screens, drawn offscreen.

``render_screens(out_dir)`` is what the project's screenshot script calls. It builds a
made-up journal with a few automatic backups in a temporary folder (no real journal,
keyring or backup is touched) and saves a PNG of each screen.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

SCREEN_PASSPHRASE = "screens are drawn from made-up entries"  # noqa: S105 - a demo journal


def _wait(condition: Callable[[], bool], timeout_ms: int = 60_000) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        if deadline.hasExpired():
            raise TimeoutError("the screen did not get ready in time")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _days_ago(days: int) -> Callable[[], datetime]:
    from journal.timeutil import now

    moment = now() - timedelta(days=days)
    return lambda: moment


def _demo_journal(root: Path, copy: Path) -> None:
    from journal import backup, demo
    from journal.paths import JournalPaths
    from journal.session import Journal
    from journal.timeutil import now

    journal, _key = Journal.create(
        JournalPaths(root), passphrase=SCREEN_PASSPHRASE, use_keyring=False
    )
    with journal:
        entries = list(demo.generate(150, end=now() - timedelta(days=4), days=365 * 9))
        journal.repo.add_many([(e, ()) for e in entries[:140]])
        backup.write_backup(journal, copy, clock=lambda: now() - timedelta(days=3, hours=2))
        for days_ago, entry in zip(range(4, 0, -1), entries[140:], strict=False):
            journal.repo.add(entry)
            backup.backup_now(journal, clock=_days_ago(days_ago))


def render_screens(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Draw the safety screens to PNG files in ``out_dir``; returns the files written."""
    from PySide6.QtWidgets import QApplication, QWidget

    from journal.paths import JournalPaths
    from journal.session import Unlock
    from ui.main_window import MainWindow
    from ui.operations import Operations
    from ui.safety.backups_tab import BackupsTab
    from ui.safety.controller import CONTROLLER_NAME, SafetyController
    from ui.safety.retention_tab import RetentionTab

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    written: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        app.processEvents()
        path = out / f"safety-{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "journal"
        copy = Path(tmp) / "USB stick" / "Practitioner Journal backup.pjbackup"
        copy.parent.mkdir()
        _demo_journal(root, copy)
        paths = JournalPaths(root)
        ops = Operations(paths)
        unlock = Unlock(passphrase=SCREEN_PASSPHRASE, use_keyring=False)
        opened: list[bool] = []
        ops.open(unlock, lambda _n: opened.append(True))
        _wait(lambda: bool(opened))
        window = MainWindow(ops)
        controller = window.findChild(SafetyController, CONTROLLER_NAME)
        if controller is None:
            from ui.safety import install

            install(window)
            controller = window.findChild(SafetyController, CONTROLLER_NAME)
        assert controller is not None
        window.show()
        # After showing: the window fits itself to the (small) offscreen screen when shown.
        window.resize(1080, 720)
        window.enter_unlocked()
        _wait(lambda: not ops.busy)

        # Settings: backups, then old entries.
        window.run_action("backups")
        settings = window.settings_dialog
        assert settings is not None
        tab = settings.findChild(BackupsTab)
        assert tab is not None
        _wait(lambda: tab.table.topLevelItemCount() > 0 and not tab._to_count and not ops.busy)
        tab.table.setCurrentItem(tab.table.topLevelItem(0))
        save(settings, "settings-backups")
        retention = settings.findChild(RetentionTab)
        assert retention is not None
        settings.tabs.setCurrentWidget(retention)
        _wait(lambda: retention._loaded_policy)
        retention.enabled.setChecked(True)
        retention.years.setValue(7)
        retention.review()
        _wait(lambda: retention.review_result is not None)
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
        _wait(lambda: not ops.busy)

        # The check, all well.
        controller.verify()
        check = controller.verify_dialog
        assert check is not None
        _wait(lambda: not check.running)
        save(check, "verify-ok")
        check.reject()

        # Restoring the copy on the USB stick.
        controller.restore(copy)
        restore = controller.restore_dialog
        assert restore is not None
        _wait(lambda: restore.state == "ask")
        save(restore, "restore-ask")
        restore.secret.setText(SCREEN_PASSPHRASE)
        restore._go()
        _wait(lambda: restore.state == "confirm")
        save(restore, "restore-confirm")
        restore._go()
        _wait(lambda: restore.state == "done" and not ops.busy)
        save(restore, "restore-done")
        restore.reject()

        # The check after something changed a saved version behind the app's back.
        ops.submit(
            lambda j: j.conn.execute(
                "UPDATE entries SET data = json_set(data, '$.title', 'changed') "
                "WHERE rowid = (SELECT min(rowid) FROM entries)"
            )
        )
        controller.verify()
        problem = controller.verify_dialog
        assert problem is not None
        _wait(lambda: not problem.running)
        save(problem, "verify-problem")
        problem.reject()

        # A damaged journal on the unlock screen.
        window.lock()
        _wait(lambda: not ops.busy and not ops.is_open)
        data = bytearray(paths.database.read_bytes())
        data[200] ^= 0x01
        paths.database.write_bytes(bytes(data))
        screen = window.unlock_screen
        screen.start(auto_keyring=False)
        _wait(lambda: screen.passphrase.isVisible())
        screen.passphrase.setText(SCREEN_PASSPHRASE)
        screen._unlock_with_passphrase()
        _wait(lambda: screen.damage.restore_button.isVisible())
        save(window, "unlock-damaged")

        window.close()
        _wait(lambda: not ops.busy)
        ops.shutdown()
    return written
