"""Start the real app for the accessibility check: unlock with a passphrase, open the editor.

Run with the project's Python under an X server with QT_ACCESSIBILITY=1. The journal must
exist in PRACTITIONER_JOURNAL_DIR; its passphrase is read from the file named by argv[1].
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from journal.paths import JournalPaths
from ui.app import configure_application
from ui.main_window import MainWindow
from ui.operations import Operations


def main() -> int:
    passphrase = Path(sys.argv[1]).read_text(encoding="utf-8").strip()
    app = QApplication(sys.argv[:1])
    configure_application(app)
    ops = Operations(JournalPaths.resolve())
    window = MainWindow(ops)
    window.show()
    window.raise_()
    window.activateWindow()

    def unlocked() -> None:
        window.activateWindow()  # no window manager: take the keyboard focus ourselves
        window.new_incident()

    window.unlocked.connect(lambda: QTimer.singleShot(500, unlocked))
    screen = window.unlock_screen
    screen.start(auto_keyring=False)

    def type_passphrase() -> None:
        if not screen.passphrase.isVisible():
            QTimer.singleShot(100, type_passphrase)
            return
        screen.passphrase.setText(passphrase)
        screen.passphrase.returnPressed.emit()

    QTimer.singleShot(100, type_passphrase)
    code = app.exec()
    ops.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
