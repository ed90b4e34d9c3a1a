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


def write(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


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
    screen = window.unlock_screen
    screen.start(auto_keyring=False)
    handled = [""]

    def when(condition: Callable[[], bool], then: Callable[[], None]) -> None:
        """Run ``then`` once ``condition`` holds (checked every 100 ms)."""
        if condition():
            then()
        else:
            QTimer.singleShot(100, lambda: when(condition, then))

    def settled() -> bool:
        return not ops.busy

    def ready(name: str) -> None:
        # A moment for the accessibility bridge to hear of the changes.
        QTimer.singleShot(300, lambda: write(control / "ready", name))

    def close_settings() -> None:
        dialog = window.settings_dialog
        if dialog is not None:
            dialog.reject()

    def unlocked_then(then: Callable[[], None]) -> None:
        if not window.is_locked:
            then()
            return

        def type_passphrase() -> None:
            screen.passphrase.setText(passphrase)
            screen.passphrase.returnPressed.emit()

        when(lambda: screen.passphrase.isVisible(), type_passphrase)
        when(lambda: not window.is_locked and settled(), then)

    def show(name: str) -> None:
        if name not in SETTINGS_TABS:
            close_settings()
        window.activateWindow()  # no window manager: take the keyboard focus ourselves
        if name == "unlock":
            when(lambda: screen.passphrase.isVisible(), lambda: ready(name))
        elif name == "incidents":
            window.show_page("incidents")
            page = window.incidents
            page.focus_table()  # type: ignore[attr-defined]
            when(
                lambda: settled() and page.detail.entry is not None,  # type: ignore[attr-defined]
                lambda: ready(name),
            )
        elif name in PAGES:
            window.show_page(name)
            when(settled, lambda: ready(name))
        elif name in SETTINGS_TABS:
            window.open_settings()

            def on_tab() -> None:
                dialog = window.settings_dialog
                assert dialog is not None
                dialog.tabs.setCurrentIndex(SETTINGS_TABS.index(name))
                when(settled, lambda: ready(name))

            when(lambda: window.settings_dialog is not None and settled(), on_tab)
        elif name == "editor":
            window.new_incident()
            editor = window.incidents.editor  # type: ignore[attr-defined]
            when(lambda: editor.title.hasFocus() and settled(), lambda: ready(name))
        else:
            write(control / "ready", f"unknown screen {name}")

    def poll() -> None:
        request = control / "request"
        name = request.read_text(encoding="utf-8").strip() if request.exists() else ""
        if name and name != handled[0]:
            handled[0] = name
            if name == "unlock":
                show(name)
            else:
                unlocked_then(lambda: show(name))
        QTimer.singleShot(100, poll)

    poll()
    code = app.exec()
    ops.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
