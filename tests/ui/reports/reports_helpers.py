"""Helpers for the reports screens' tests (imported by name; this folder is not a package)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from helpers.fake_mail import FakeMail
from helpers.qt import (
    PASSPHRASE as PASSPHRASE,
)
from helpers.qt import (
    WAIT_MS as WAIT_MS,
)
from helpers.qt import anywhere as anywhere
from helpers.qt import (
    click as click,
)
from helpers.qt import every_string as every_string
from helpers.qt import (
    run as run,
)
from helpers.qt import (
    wait_idle as wait_idle,
)
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QTableView,
)
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.operations import Operations
from ui.reports.controller import ReportsController
from ui.reports.send_dialog import SendDialog, Step

T = TypeVar("T")


def png(n: int, size: int = 12) -> bytes:
    """A small real PNG, a different colour for each ``n``."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor.fromHsv(n * 37 % 360, 140, 210))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(data.data())


def parse_mailto(url: str) -> tuple[str, str, str]:
    """(to, subject, body) of a ``mailto:`` URL."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query)
    return unquote(parts.path), query["subject"][0], query["body"][0]


def send_dialog(qtbot: QtBot, window: Any) -> SendDialog:
    """The send dialog the window has open, once it knows who and what."""
    from ui.reports.controller import ReportsController

    controller = window.findChild(ReportsController)
    qtbot.waitUntil(lambda: controller.send_dialog is not None, timeout=WAIT_MS)
    dialog = controller.send_dialog
    assert isinstance(dialog, SendDialog)
    qtbot.waitUntil(lambda: dialog.settings is not None, timeout=WAIT_MS)
    return dialog


def one_click_dialog(qtbot: QtBot, window: Any) -> Any:
    """The one-click dialog the window has open."""
    from ui.reports.controller import ReportsController
    from ui.reports.one_click import OneClickDialog

    controller = window.findChild(ReportsController)
    qtbot.waitUntil(lambda: controller.one_click_dialog is not None, timeout=WAIT_MS)
    dialog = controller.one_click_dialog
    assert isinstance(dialog, OneClickDialog)
    return dialog


def wait_preview(qtbot: QtBot, dialog: SendDialog) -> None:
    qtbot.waitUntil(
        lambda: not dialog.preview_step.loading and dialog.preview_step.table.isEnabled(),
        timeout=WAIT_MS,
    )


def open_wizard(qtbot: QtBot, window: Any, *entry_id: str) -> SendDialog:
    """ "Choose what goes in…" (on one entry when given), once its preview has loaded."""
    window.run_action("choose_report_contents", *entry_id)
    dialog = send_dialog(qtbot, window)
    wait_preview(qtbot, dialog)
    return dialog


def hold_worker(ops: Any) -> threading.Event:
    """Give the worker a job that waits for the returned gate: what comes next waits its turn."""
    gate = threading.Event()
    ops.submit(lambda _j: gate.wait(WAIT_MS / 1000))
    return gate


def toggle_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    """Move to a row and press Space, as a person using the keyboard would."""
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Space)


def create_and_wait(qtbot: QtBot, dialog: SendDialog) -> None:
    assert dialog.step() == Step.OPTIONS
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.step() in (Step.DONE, Step.OPTIONS), timeout=60_000)
    assert dialog.step() == Step.DONE, dialog.options_step.options_status.text()


class UrlRecorder:
    """Stands in for the desktop: remembers every URL the app asks it to open."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []
        self.answer = True

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(QUrl(url))
        return self.answer

    def mailtos(self) -> list[str]:
        return [
            u.toString(QUrl.ComponentFormattingOption.FullyEncoded)
            for u in self.urls
            if u.scheme() == "mailto"
        ]

    def folders(self) -> list[Path]:
        return [Path(u.toLocalFile()) for u in self.urls if u.isLocalFile()]


@dataclass(frozen=True)
class Scene:
    """What every reports test starts from: the main window shown and locked with the
    reports section installed, and the recorders standing in for the desktop."""

    qtbot: QtBot
    window: MainWindow
    ops: Operations
    controller: ReportsController
    opener: UrlRecorder
    report_folder: Path
    fake_mail: FakeMail
    make_journal: Callable[..., None]
    unlock: Callable[[], None]

    def open(self, *args: Any, **kwargs: Any) -> None:
        """Make the journal (as ``make_journal`` takes it), then unlock it in the window."""
        self.make_journal(*args, **kwargs)
        self.unlock()
