"""A progress bar for a long job in a dialog: hidden until the job starts."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget


def job_progress(parent: QWidget, name: str, accessible_name: str) -> QProgressBar:
    """Hidden at first; ``accessible_name`` says what the job is ("Reading the pictures")."""
    bar = QProgressBar(parent)
    bar.setObjectName(name)
    bar.setAccessibleName(accessible_name)
    bar.hide()
    return bar
