"""The main window: toolbar, navigation, status bar, locking, look."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers.qt import every_string as strings_of
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from shell_helpers import OFFSCREEN_NOISE, PASSPHRASE, WAIT_MS, unlock_with_passphrase, wait_idle

from journal.models import CheckIn, Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.timeutil import now
from ui import theme
from ui.main_window import KEY_ROLE, MainWindow
from ui.operations import Operations
from ui.placeholder_pages import PlaceholderPage

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
MARKER = "Zanzibarquux"
TITLE = "Practitioner Journal"
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
    Qt.ItemDataRole.StatusTipRole,
    *(Qt.ItemDataRole(Qt.ItemDataRole.UserRole + i) for i in range(12)),
)


def fill(paths: JournalPaths, *, marker: str = MARKER) -> None:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    when = now() - timedelta(hours=2)
    journal.repo.add(
        Incident(
            occurred_at=when,
            title=f"Post naming me {marker}",
            description=f"The post said {marker} twice",
            quoted_text=f"{marker} words",
            author_handle=f"@{marker.lower()}",
            case_ref="C1234",
        )
    )
    journal.repo.add(Incident(occurred_at=when, title="Comment about the report"))
    journal.repo.add(CheckIn(occurred_at=when, title="Check-in", mood=3, stress=4))
    journal.repo.set_setting("report.manager_name", f"Manager {marker}")
    journal.close()


def every_string(root: QWidget) -> list[str]:
    """Every text a person or a screen reader could get from the window and its children,
    with every item role the app's models answer."""
    return strings_of(root, roles=ROLES)


def holds(root: QWidget, needle: str) -> bool:
    return any(needle.lower() in s.lower() for s in every_string(root))


def open_window(qtbot: QtBot, window: MainWindow) -> None:
    window.start()
    unlock_with_passphrase(qtbot, window)


def test_lock_with_ctrl_l_leaves_no_journal_text(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    fill(paths)
    open_window(qtbot, window)
    qtbot.waitUntil(lambda: holds(window, MARKER), timeout=WAIT_MS)  # the list shows it
    table = window.incidents.table  # type: ignore[attr-defined]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home)  # select the first row: the detail pane fills
    window.open_settings()
    qtbot.waitUntil(lambda: window.settings_dialog is not None, timeout=WAIT_MS)
    settings = window.settings_dialog
    qtbot.waitUntil(lambda: settings.manager_name.text() == f"Manager {MARKER}", timeout=WAIT_MS)  # type: ignore[attr-defined]
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, MARKER)
    wait_idle(qtbot, ops)

    focused = QApplication.focusWidget()
    assert focused is not None and settings.isAncestorOf(focused)  # type: ignore[union-attr]
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):  # Ctrl+L works from the dialog
        qtbot.keyClick(focused, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert window.windowTitle() == TITLE
    assert window.settings_dialog is None
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)
    wait_idle(qtbot, ops)
    leftovers = [s for s in every_string(window) if MARKER.lower() in s.lower()]
    assert leftovers == []
    for top in QApplication.topLevelWidgets():  # no dialog elsewhere holds it either
        assert not holds(top, MARKER)
    assert window.stack.currentWidget() is window.unlock_screen
    assert not window.toolbar.isVisible()
    assert not window.new_action.isEnabled() and not window.lock_action.isEnabled()
    assert "Locked" in window.status_label.text()


def test_toolbar_lock_button_locks(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    fill(paths)
    open_window(qtbot, window)
    button = window.toolbar.widgetForAction(window.lock_action)
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)
    unlock_with_passphrase(qtbot, window)  # and back in again
    assert not window.is_locked


def test_idle_lock_follows_the_setting(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    fill(paths)
    journal = Journal.open(
        paths,
        Unlock(passphrase=PASSPHRASE, use_keyring=False),
    )
    journal.repo.set_setting("lock_after_minutes", 2)
    journal.close()
    window.set_minute_ms(400)  # a "minute" of 0.4 s, so the test doesn't wait minutes
    open_window(qtbot, window)
    qtbot.waitUntil(lambda: window.lock_after_minutes == 2, timeout=WAIT_MS)
    assert "Locks in" in window.status_label.text()
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        pass
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)
    assert not holds(window, MARKER)


def test_input_resets_the_idle_clock(qtbot: QtBot, window: MainWindow, paths: JournalPaths) -> None:
    fill(paths)
    window.set_minute_ms(3_600_000)  # an hour-long "minute": nothing locks during the test
    open_window(qtbot, window)
    qtbot.waitUntil(lambda: window.remaining_ms() > 0, timeout=WAIT_MS)
    full = window.lock_after_minutes * window.minute_ms
    qtbot.waitUntil(lambda: window.remaining_ms() < full, timeout=WAIT_MS)
    before = window.remaining_ms()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Shift)
    assert window.remaining_ms() > before


def test_status_bar_counts_entries_and_lock_time(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    fill(paths)
    open_window(qtbot, window)
    qtbot.waitUntil(lambda: window.status_label.text().startswith("3 entries"), timeout=WAIT_MS)
    assert window.status_label.text() == "3 entries · Encrypted · Locks in 5 min"


def test_nav_badge_and_search_reach_the_incidents_page(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    fill(paths)
    open_window(qtbot, window)
    incidents_item = window.nav.item(0)
    qtbot.waitUntil(lambda: incidents_item.data(Qt.ItemDataRole.UserRole + 1) == 2, timeout=WAIT_MS)
    window.show_page("checkins")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    assert window.pages.currentWidget() is not window.incidents
    with qtbot.waitSignal(
        window.incidents.count_changed,
        timeout=WAIT_MS,  # type: ignore[attr-defined]
        check_params_cb=lambda n: n == 1,
    ):
        qtbot.keyClicks(window.search_box, MARKER)
    assert window.pages.currentWidget() is window.incidents  # typing shows the incidents


def test_ctrl_n_opens_the_editor(qtbot: QtBot, window: MainWindow, paths: JournalPaths) -> None:
    fill(paths)
    open_window(qtbot, window)
    window.show_page("guidance")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.incidents
    qtbot.waitUntil(lambda: window.incidents.editor.is_open, timeout=WAIT_MS)  # type: ignore[attr-defined]


def test_navigation_by_keyboard_shows_honest_pages(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    fill(paths)
    open_window(qtbot, window)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    page = window.pages.currentWidget()
    assert window.nav.currentItem().data(KEY_ROLE) == "checkins"
    if isinstance(page, PlaceholderPage):  # sections not built yet say so
        assert "coming" in page.findChild(QLabel, "placeholder_body").text()
    keys = []
    for _ in range(8):  # the separator before Support is skipped
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        keys.append(window.nav.currentItem().data(KEY_ROLE))
    assert keys[-1] == "support"
    assert "separator" not in keys
    # A toolbar action is live once a section handles it; until then it says it is coming.
    for name, action in (
        ("check_in", window.checkin_action),
        ("send_to_manager", window.send_action),
    ):
        assert action.toolTip() and action.isEnabled() == (name in window._actions)


def test_every_shell_control_has_an_accessible_name(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    fill(paths)
    open_window(qtbot, window)
    incidents = window.incidents
    missing = []
    for widget in window.findChildren(QWidget):
        if widget is incidents or incidents.isAncestorOf(widget):
            continue  # the incidents page checks its own
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(window):
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()}")
    assert missing == []


def test_title_is_only_the_app_name(qtbot: QtBot, window: MainWindow, paths: JournalPaths) -> None:
    fill(paths)
    assert window.windowTitle() == TITLE
    open_window(qtbot, window)
    qtbot.waitUntil(lambda: holds(window, MARKER), timeout=WAIT_MS)
    assert window.windowTitle() == TITLE


def test_closing_the_window_closes_the_journal(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    fill(paths)
    open_window(qtbot, window)
    window.close()
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)
    Journal.open(
        paths,
        Unlock(passphrase=PASSPHRASE, use_keyring=False),
    ).close()  # the lock was let go


@pytest.mark.parametrize("dark", [False, True])
def test_light_and_dark_palettes_render(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, dark: bool
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(theme.dark_palette() if dark else theme.light_palette())
    try:
        fill(paths)
        open_window(qtbot, window)
        image = window.grab().toImage()
        assert not image.isNull()
        assert theme.is_dark(window.palette()) == dark
        corner = image.pixelColor(image.width() // 2, image.height() - 4)  # the status bar
        assert (theme.relative_luminance(corner) < 0.2) == dark
        assert (
            theme.contrast_ratio(
                window.palette().color(QPalette.ColorRole.WindowText),
                window.palette().color(QPalette.ColorRole.Window),
            )
            >= 7
        )
    finally:
        app.setPalette(before)


def test_tab_walks_the_window_in_reading_order(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    fill(paths)
    open_window(qtbot, window)
    start = window.toolbar.widgetForAction(window.new_action)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    for _ in range(60):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        nxt = QApplication.focusWidget()
        if nxt is start:
            break
        visited.append(nxt)
    names = [w.objectName() for w in visited]
    order = ["new_incident_button", "search_box", "settings_button", "lock_button", "navigation"]
    positions = [names.index(n) for n in order]
    assert positions == sorted(positions)  # toolbar left to right, then the sections
    assert any(window.incidents.isAncestorOf(w) for w in visited)  # then the page itself
    assert names.index("navigation") < min(
        i for i, w in enumerate(visited) if window.incidents.isAncestorOf(w)
    )


def test_lock_keeps_the_open_editor_as_an_encrypted_draft(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    fill(paths, marker="unrelated")
    open_window(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.incidents.editor  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: editor.is_open, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: editor.title.hasFocus(), timeout=WAIT_MS)
    qtbot.keyClicks(editor.title, f"Half-written {MARKER}")
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        qtbot.keyClick(editor.title, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)
    wait_idle(qtbot, ops)
    assert not holds(window, MARKER)
    journal = Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    try:
        drafts = journal.repo.drafts()
    finally:
        journal.close()
    assert any(MARKER in str(data) for _id, _saved, data in drafts)  # saved before closing
    assert MARKER.encode() not in paths.database.read_bytes()  # and only encrypted
