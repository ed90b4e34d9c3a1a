"""Start the real app for the accessibility check and show one screen after another.

Run with the project's Python under an X server with QT_ACCESSIBILITY=1. The journal must
exist in PRACTITIONER_JOURNAL_DIR; its passphrase is read from the file named by argv[1].
argv[2] is a folder shared with the walker: it writes the name of the screen it wants
into ``request``, and the app answers with the same name in ``ready`` once that screen
shows. The app starts on the unlock screen; the first other screen unlocks it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from journal.paths import JournalPaths
from ui.app import configure_application
from ui.main_window import MainWindow
from ui.operations import Operations

# The pages reached from the navigation, by their key, as the walker names them.
PAGES = ("incidents", "checkins", "wellbeing", "supervision", "searchlog", "guidance", "support")
# The Settings dialog's tabs, in their order.
SETTINGS_TABS = ("settings", "settings-unlocking", "settings-backups", "settings-old-entries")
POLL_MS = 20  # how often the app looks for a request, or for a screen to be ready


def write(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class Screens:
    """Shows the screen the walker asks for, and says when it shows."""

    def __init__(self, window: MainWindow, ops: Operations, passphrase: str, control: Path):
        self.window = window
        self.ops = ops
        self.passphrase = passphrase
        self.control = control
        self.handled = ""

    def when(self, condition: Callable[[], bool], then: Callable[[], None]) -> None:
        """Run ``then`` once ``condition`` holds (checked every POLL_MS)."""
        if condition():
            then()
        else:
            QTimer.singleShot(POLL_MS, lambda: self.when(condition, then))

    def settled(self) -> bool:
        return not self.ops.busy

    def ready(self, name: str) -> None:
        # A moment for the accessibility bridge to hear of the changes.
        QTimer.singleShot(300, lambda: write(self.control / "ready", name))

    def close_settings(self) -> None:
        dialog = self.window.settings_dialog
        if dialog is not None:
            dialog.reject()

    def unlocked_then(self, then: Callable[[], None]) -> None:
        window = self.window
        if not window.is_locked:
            then()
            return
        screen = window.unlock_screen

        def type_passphrase() -> None:
            screen.passphrase.setText(self.passphrase)
            screen.passphrase.returnPressed.emit()

        self.when(lambda: screen.passphrase.isVisible(), type_passphrase)
        self.when(lambda: not window.is_locked and self.settled(), then)

    def show(self, name: str) -> None:
        window = self.window
        if name not in SETTINGS_TABS:
            self.close_settings()
        window.activateWindow()  # no window manager: take the keyboard focus ourselves
        if name == "unlock":
            passphrase = window.unlock_screen.passphrase
            self.when(lambda: passphrase.isVisible(), lambda: self.ready(name))
        elif name == "incidents":
            window.show_page("incidents")
            page = window.incidents
            page.focus_table()  # type: ignore[attr-defined]
            self.when(
                lambda: self.settled() and page.detail.entry is not None,  # type: ignore[attr-defined]
                lambda: self.ready(name),
            )
        elif name in PAGES:
            window.show_page(name)
            self.when(self.settled, lambda: self.ready(name))
        elif name in SETTINGS_TABS:
            self.show_settings_tab(name)
        elif name == "editor":
            window.new_incident()
            editor = window.incidents.editor  # type: ignore[attr-defined]
            self.when(lambda: editor.title.hasFocus() and self.settled(), lambda: self.ready(name))
        else:
            write(self.control / "ready", f"unknown screen {name}")

    def show_settings_tab(self, name: str) -> None:
        window = self.window
        window.open_settings()

        def on_tab() -> None:
            dialog = window.settings_dialog
            assert dialog is not None
            dialog.tabs.setCurrentIndex(SETTINGS_TABS.index(name))
            self.when(self.settled, lambda: self.ready(name))

        self.when(lambda: window.settings_dialog is not None and self.settled(), on_tab)

    def poll(self) -> None:
        request = self.control / "request"
        name = request.read_text(encoding="utf-8").strip() if request.exists() else ""
        if name and name != self.handled:
            self.handled = name
            if name == "unlock":
                self.show(name)
            else:
                self.unlocked_then(lambda: self.show(name))
        QTimer.singleShot(POLL_MS, self.poll)


def main() -> int:
    passphrase = Path(sys.argv[1]).read_text(encoding="utf-8").strip()
    control = Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    configure_application(app)
    ops = Operations(JournalPaths.resolve())
    window = MainWindow(ops)
    window.show()
    window.raise_()
    window.activateWindow()
    window.unlock_screen.start(auto_keyring=False)
    screens = Screens(window, ops, passphrase, control)  # kept until the app ends
    screens.poll()
    code = app.exec()
    ops.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
