"""The main window's extension points: lazy pages, actions, links, supervision mode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from shell_helpers import PASSPHRASE
from shell_helpers import unlock_with_passphrase as _unlock

from journal.paths import JournalPaths
from journal.session import Journal
from ui.main_window import COUNT_ROLE, MainWindow


def unlock_with_passphrase(qtbot: QtBot, window: MainWindow) -> None:
    Journal.create(JournalPaths.resolve(), passphrase=PASSPHRASE, use_keyring=False)[0].close()
    window.start()
    _unlock(qtbot, window)


class Recorder(QLabel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__("real page", parent)
        self.calls: list[str] = []

    def reload(self) -> None:
        self.calls.append("reload")

    def prepare_lock(self) -> None:
        self.calls.append("prepare_lock")

    def clear(self) -> None:
        self.calls.append("clear")


def test_registered_page_is_built_on_first_view_and_cleared_on_lock(
    qtbot: QtBot, window: MainWindow
) -> None:
    built: list[Recorder] = []

    def factory(parent: QWidget) -> Recorder:
        built.append(Recorder(parent))
        return built[0]

    window.register_page("wellbeing", factory)
    unlock_with_passphrase(qtbot, window)
    assert built == []  # not built until it is shown
    window.show_page("wellbeing")
    qtbot.waitUntil(lambda: bool(built))
    assert built[0].calls == ["reload"]
    window.lock()
    assert built[0].calls[-2:] == ["prepare_lock", "clear"]


def test_actions_and_links(qtbot: QtBot, window: MainWindow) -> None:
    seen: list[str] = []
    window.register_action("check_in", lambda: seen.append("check_in"))
    assert not window.checkin_action.isEnabled()  # locked
    unlock_with_passphrase(qtbot, window)
    assert window.checkin_action.isEnabled()
    window.checkin_action.trigger()
    assert window.open_link("app:checkin")
    assert seen == ["check_in", "check_in"]
    assert not window.open_link("app:no-such-thing")
    window.open_link("app:guidance")
    assert window.nav.currentItem().text().startswith("Guidance")


def test_supervision_mode_banner_and_leaving(qtbot: QtBot, window: MainWindow) -> None:
    unlock_with_passphrase(qtbot, window)
    window.set_supervision_mode(True)
    assert window.supervision_banner.isVisible()
    # Totals include entries left out of the session: neither badge nor status shows them.
    assert window.status_label.text().startswith("Supervision mode")
    assert not any(ch.isdigit() for ch in window.status_label.text().split("·")[0])
    assert window.nav.item(0).data(COUNT_ROLE) is None
    assert not window.nav.isEnabled()
    assert not window.new_action.isVisible()
    assert window.nav.currentItem().text().startswith("Supervision")
    leave = window.supervision_banner.findChild(QPushButton, "leave_supervision")
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    assert not window.supervision_mode
    assert window.nav.isEnabled()
    window.set_supervision_mode(True)
    window.lock()  # locking always leaves supervision mode
    assert not window.supervision_mode
    _unlock(qtbot, window)
    assert not window.supervision_banner.isVisible()
