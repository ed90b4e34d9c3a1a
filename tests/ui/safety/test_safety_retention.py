"""Old entries through the settings dialog: off by default, review, show, typed confirm, purge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from safety_helpers import (
    PASSPHRASE,
    WAIT_MS,
    all_text,
    click,
    incident,
    make_journal,
    open_window,
    run,
    titles,
    type_into,
)

from journal.paths import JournalPaths
from journal.retention import SETTING_YEARS
from journal.session import Journal, Unlock
from ui.main_window import MainWindow
from ui.safety.retention_tab import PurgeDialog, RetentionTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

OLD = "Marker-9f3c old entry"


@pytest.fixture(autouse=True)
def _open_with_old_entries(qtbot: QtBot, window: MainWindow, paths: JournalPaths) -> None:
    """Every test here: the window unlocked on a recent entry, two over eight years old and
    one of four years."""
    make_journal(paths, ["Recent visit"])
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        journal.repo.add_many(
            [
                (incident(f"{OLD} one", years_ago=9), ()),
                (incident(f"{OLD} two", years_ago=8), ()),
                (incident("Four years ago", years_ago=4), ()),
            ]
        )
    open_window(qtbot, window)


@pytest.fixture
def tab(qtbot: QtBot, window: MainWindow) -> RetentionTab:
    return retention_tab(qtbot, window)


def retention_tab(qtbot: QtBot, window: MainWindow) -> RetentionTab:
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    tab = dialog.findChild(RetentionTab)
    assert tab is not None
    dialog.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: tab._loaded_policy, timeout=WAIT_MS)
    return tab


def turn_on(qtbot: QtBot, tab: RetentionTab, *, years: int) -> None:
    """Tick "Remove old entries" and type how many years to keep."""
    click(qtbot, tab.enabled)
    set_years(qtbot, tab, years)


def set_years(qtbot: QtBot, tab: RetentionTab, years: int) -> None:
    tab.years.setFocus(Qt.FocusReason.TabFocusReason)
    tab.years.selectAll()
    qtbot.keyClicks(tab.years, str(years))
    assert tab.years.value() == years


def test_review_shows_titles_only_when_asked_then_purge_removes_them(
    qtbot: QtBot, window: MainWindow, tab: RetentionTab
) -> None:
    assert not tab.enabled.isChecked()  # off by default
    assert not tab.review_button.isEnabled() and not tab.years.isEnabled()

    turn_on(qtbot, tab, years=5)
    click(qtbot, tab.review_button)
    qtbot.waitUntil(lambda: tab.result.isVisible(), timeout=WAIT_MS)
    assert tab.result.text().startswith("2 entries are older than 5 years (from before ")
    assert OLD not in all_text(tab)  # titles stay hidden until asked for
    click(qtbot, tab.show_button)
    shown = [tab.titles.item(i).text() for i in range(tab.titles.count())]
    assert len(shown) == 2 and all(OLD in t and "· Incident ·" in t for t in shown)
    assert run(qtbot, window.ops, lambda j: j.repo.get_setting(SETTING_YEARS)) == 5

    click(qtbot, tab.remove_button)
    dialog = tab.purge_dialog
    assert isinstance(dialog, PurgeDialog) and dialog.isVisible()
    assert (
        "2 entries older than 5 years for good"
        in dialog.findChild(type(tab.result), "purge_text").text()
    )
    assert not dialog.remove_button.isEnabled()
    type_into(qtbot, dialog.field, "remov")
    assert not dialog.remove_button.isEnabled()
    type_into(qtbot, dialog.field, "e")
    click(qtbot, dialog.remove_button)
    qtbot.waitUntil(lambda: "Removed 2 entries for good" in tab.status.text(), timeout=WAIT_MS)
    assert titles(qtbot, window.ops) == {"Recent visit", "Four years ago"}
    assert OLD not in all_text()
    # And nothing older is left for a second review.
    click(qtbot, tab.review_button)
    qtbot.waitUntil(lambda: "No entries are older" in tab.result.text(), timeout=WAIT_MS)
    assert not tab.remove_button.isVisible()


def test_cancelling_the_typed_confirmation_removes_nothing(
    qtbot: QtBot, window: MainWindow, tab: RetentionTab
) -> None:
    turn_on(qtbot, tab, years=3)
    click(qtbot, tab.review_button)
    qtbot.waitUntil(lambda: tab.remove_button.isVisible(), timeout=WAIT_MS)
    assert "3 entries are older than 3 years" in tab.result.text()
    click(qtbot, tab.remove_button)
    dialog = tab.purge_dialog
    assert dialog is not None
    type_into(qtbot, dialog.field, "remove")
    click(qtbot, dialog.cancel_button)
    assert tab.purge_dialog is None
    assert len(titles(qtbot, window.ops)) == 4


def test_the_setting_is_kept_and_turning_it_off_keeps_everything(
    qtbot: QtBot, window: MainWindow, tab: RetentionTab
) -> None:
    turn_on(qtbot, tab, years=6)
    window.settings_dialog.reject()  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: run(qtbot, window.ops, lambda j: j.repo.get_setting(SETTING_YEARS)) == 6,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: window.settings_dialog is None, timeout=WAIT_MS)
    tab = retention_tab(qtbot, window)
    assert tab.enabled.isChecked() and tab.years.value() == 6
    click(qtbot, tab.enabled)
    qtbot.waitUntil(
        lambda: run(qtbot, window.ops, lambda j: j.repo.get_setting(SETTING_YEARS)) is None,
        timeout=WAIT_MS,
    )
    assert len(titles(qtbot, window.ops)) == 4


def test_locking_wipes_the_titles_shown(
    qtbot: QtBot, window: MainWindow, tab: RetentionTab
) -> None:
    turn_on(qtbot, tab, years=5)
    click(qtbot, tab.review_button)
    qtbot.waitUntil(lambda: tab.show_button.isVisible(), timeout=WAIT_MS)
    click(qtbot, tab.show_button)
    assert OLD in all_text()
    window.lock()
    assert tab.titles.count() == 0 and tab.result.text() == ""
    assert OLD not in all_text()


def test_in_supervision_mode_the_titles_stay_hidden(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(window, "_inform", told.append)
    window.set_supervision_mode(True)
    # Settings doesn't open on a shared screen at all, so the old entries can't be listed.
    window.open_settings()
    assert window.settings_dialog is None
    assert told and "supervision mode" in told[-1]
