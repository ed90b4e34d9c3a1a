"""Small pieces shared by the backup, verify, damage and retention screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QStandardPaths, QTimeZone
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.kit.named_widgets import push_button
from ui.kit.plain_text import bold_label as heading
from ui.kit.plain_text import paragraph

# The builders the safety screens have always taken from here (they now live in the kit).
__all__ = [
    "ENTRY_KINDS",
    "NBSP",
    "BusyBar",
    "ask_backup_file",
    "day",
    "dialog_column",
    "documents_folder",
    "entries_text",
    "heading",
    "paragraph",
    "push_button",
    "size_text",
    "when",
]

NBSP = "\u00a0"
ENTRY_KINDS = frozenset({"incident", "checkin", "search", "supervision"})


def _t(text: str) -> str:
    return QCoreApplication.translate("Safety", text)


def when(moment: datetime) -> str:
    """A date and time as people read it here: "14 Mar 2026 09:30", in local time."""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    return QLocale().toString(local, "d MMM yyyy HH:mm").replace(" ", NBSP)  # never split


def day(moment: datetime) -> str:
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    return QLocale().toString(local.date(), "d MMM yyyy").replace(" ", NBSP)


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def entries_text(count: int) -> str:
    if count == 1:
        return _t("1 entry")
    return _t("{n} entries").format(n=QLocale().toString(count))


def dialog_column(dialog: QDialog, widgets: Sequence[QWidget], buttons: QWidget) -> None:
    """The safety dialogs' one column: the widgets, room to grow, then the buttons."""
    s = theme.SPACING
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(3 * s, 3 * s, 3 * s, 3 * s)
    layout.setSpacing(2 * s)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(60 * s)


class BusyBar(QWidget):
    """ "Doing this…" with a moving bar, shown while the worker is busy; hidden otherwise."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"{name}_bar")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(16 * theme.SPACING)
        self.bar.setMaximumHeight(theme.SPACING * 2)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self.hide()

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setAccessibleName(text)
        self.show()

    def stop(self) -> None:
        self.label.clear()
        self.hide()

    @property
    def running(self) -> bool:
        return not self.isHidden()


def documents_folder() -> str:
    """Where file dialogs start: the person's Documents folder, else their home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents or str(Path.home())


def ask_backup_file(parent: QWidget | None, title: str) -> Path | None:
    """The backup file (a .pjbackup) the person chooses, or None."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, title, documents_folder(), _t("Journal backups (*.pjbackup);;All files (*)")
    )
    return Path(chosen) if chosen else None
