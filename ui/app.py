"""Start the desktop app."""

from __future__ import annotations

import sys


def run(data_dir: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("Practitioner Journal")
    label.setWindowTitle("Practitioner Journal")
    label.resize(480, 240)
    label.show()
    return int(app.exec())
