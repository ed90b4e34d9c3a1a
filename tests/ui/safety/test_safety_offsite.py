"""Settings → Backups: the folder off the laptop, "Check this backup", and the week-old notice.

The folder and file choosers are the only things replaced (as a person's choice);
the folders are real, the copies real backups, the checks the core's.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from safety_helpers import (
    PASSPHRASE,
    WAIT_MS,
    Scene,
    click,
    make_journal,
    run,
    type_into,
    wait_idle,
)

from journal import backup, offsite
from journal.session import Journal, Unlock
from ui.kit.notice_bar import NoticeBar
from ui.safety.backups_tab import BackupsTab
from ui.safety.check_dialog import CheckBackupDialog
from ui.safety.controller import SafetyController

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def check_dialog(qtbot: QtBot, controller: SafetyController) -> CheckBackupDialog:
    qtbot.waitUntil(lambda: controller.check_dialog is not None, timeout=WAIT_MS)
    dialog = controller.check_dialog
    assert isinstance(dialog, CheckBackupDialog)
    return dialog


def test_choosing_a_folder_makes_a_copy_and_shows_when(qtbot: QtBot, scene: Scene) -> None:
    scene.open(["One", "Two"])
    tab = scene.backups_tab()
    section = tab.offsite
    qtbot.waitUntil(lambda: "No folder is chosen" in section.where.text(), timeout=WAIT_MS)
    assert not section.stop.isEnabled()

    stick = scene.tmp_path / "USB stick"
    stick.mkdir()
    scene.controller.ask_offsite_folder = lambda parent: stick  # type: ignore[method-assign]
    click(qtbot, section.choose)
    qtbot.waitUntil(lambda: "first copy is there" in section.where.text(), timeout=WAIT_MS)
    assert str(stick) in section.where.text() and "Last copy:" in section.where.text()
    (copy,) = stick.iterdir()
    assert backup.read_info(copy).journal_id

    click(qtbot, section.stop)
    qtbot.waitUntil(lambda: "No folder is chosen" in section.where.text(), timeout=WAIT_MS)
    assert run(qtbot, scene.window.ops, offsite.second_folder) is None
    assert list(stick.iterdir()) == [copy]


def test_a_missing_folder_is_said_calmly_on_the_tab(qtbot: QtBot, scene: Scene) -> None:
    make_journal(scene.paths, ["One"])
    stick = scene.tmp_path / "stick"
    stick.mkdir()
    with Journal.open(scene.paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        offsite.set_second_folder(journal, stick)
        stick.rename(scene.tmp_path / "in a drawer")  # unplugged
        offsite._save_state(journal, last_copy=(datetime.now(UTC) - timedelta(days=2)).isoformat())
    scene.unlock()
    tab = scene.backups_tab()
    qtbot.waitUntil(lambda: "wasn't there" in tab.offsite.where.text(), timeout=WAIT_MS)
    assert not stick.exists()
    # Two days is not worth a notice.
    notice = scene.window.findChild(NoticeBar, "offsite_notice")
    assert notice is not None and not notice.isVisible()


def test_a_week_without_a_copy_shows_a_calm_notice_that_leads_to_backups(
    qtbot: QtBot, scene: Scene
) -> None:
    make_journal(scene.paths, ["One"])
    stick = scene.tmp_path / "stick"
    stick.mkdir()
    with Journal.open(scene.paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        offsite.set_second_folder(journal, stick)
        offsite._save_state(journal, last_copy=(datetime.now(UTC) - timedelta(days=9)).isoformat())
        stick.rename(scene.tmp_path / "lost")  # so the close can't make a copy
    scene.unlock()
    notice = scene.window.findChild(NoticeBar, "offsite_notice")
    assert notice is not None
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert "more than a week ago" in notice.text.text()
    click(qtbot, notice.first)
    qtbot.waitUntil(lambda: scene.window.settings_dialog is not None, timeout=WAIT_MS)
    tab = scene.window.settings_dialog.findChild(BackupsTab)
    assert tab is not None and tab.isVisible()


def test_check_this_backup_reports_entries_and_changes_nothing(qtbot: QtBot, scene: Scene) -> None:
    make_journal(scene.paths, ["One", "Two", "Three"])  # its close made an automatic backup
    before = {p.name: p.read_bytes() for p in (scene.paths.database, scene.paths.key_slots)}
    scene.unlock()
    tab = scene.backups_tab()
    qtbot.waitUntil(lambda: tab.table.topLevelItemCount() == 1, timeout=WAIT_MS)
    tab.table.setCurrentItem(tab.table.topLevelItem(0))
    click(qtbot, tab.check_selected)
    dialog = check_dialog(qtbot, scene.controller)
    # No password store here: it asks for the recovery key or passphrase.
    qtbot.waitUntil(lambda: dialog.secret.isVisible(), timeout=WAIT_MS)
    type_into(qtbot, dialog.secret, PASSPHRASE)
    click(qtbot, dialog.check_button)
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=WAIT_MS)
    assert dialog.heading.text() == "This backup is good"
    assert "3 entries" in dialog.summary.text()
    wait_idle(qtbot, scene.window.ops)
    dialog.reject()
    scene.window.close()
    qtbot.waitUntil(
        lambda: not scene.window.ops.busy and not scene.window.ops.is_open, timeout=WAIT_MS
    )
    assert not list(scene.paths.root.glob(".pj-check-*"))
    assert before["keyslots.json"] == scene.paths.key_slots.read_bytes()


def _damaged_copy(source: Path, target: Path) -> None:
    """The same archive, its database member altered and its checksums made to agree."""
    with zipfile.ZipFile(source) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    db = bytearray(members["journal.db"])
    db[-300:-200] = bytes(100)  # inside the last page: the page's authentication fails
    members["journal.db"] = bytes(db)
    manifest = json.loads(members["manifest.json"])
    manifest["members"]["journal.db"]["sha256"] = hashlib.sha256(db).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_check_of_a_damaged_copy_with_a_recovery_key_typo_then_the_key(
    qtbot: QtBot, scene: Scene
) -> None:
    recovery_key = make_journal(scene.paths, ["One", "Two"])
    (_stamp, made), *_ = scene.paths.automatic_backups()
    damaged = scene.tmp_path / "damaged.pjbackup"
    _damaged_copy(made, damaged)
    scene.unlock()
    scene.backups_tab()
    scene.controller.ask_check_file = lambda parent: damaged  # type: ignore[method-assign]
    tab = scene.window.settings_dialog.findChild(BackupsTab)
    click(qtbot, tab.check_file)
    dialog = check_dialog(qtbot, scene.controller)
    qtbot.waitUntil(lambda: dialog.secret.isVisible(), timeout=WAIT_MS)
    groups = recovery_key.split("-")
    wrong = groups[2][0]
    swapped = "A" if wrong != "A" else "B"
    typo = "-".join([*groups[:2], swapped + groups[2][1:], *groups[3:]])
    type_into(qtbot, dialog.secret, typo)
    click(qtbot, dialog.check_button)
    qtbot.waitUntil(lambda: "Group 3" in dialog.summary.text(), timeout=WAIT_MS)
    assert dialog.secret.selectedText().replace("-", "") == typo.split("-")[2]
    dialog.secret.clear()
    type_into(qtbot, dialog.secret, recovery_key)
    click(qtbot, dialog.check_button)
    # Where the damage lands decides which: the copy doesn't open at all, or it opens and
    # the checks list what is wrong. Either way it is never called good.
    verdicts = ("This backup has a problem", "This backup can't be used")
    qtbot.waitUntil(lambda: dialog.heading.text() in verdicts, timeout=WAIT_MS)
    if dialog.heading.text() == verdicts[0]:
        assert dialog.problems.isVisible() and dialog.problems.count() >= 1
    else:
        assert "damaged" in dialog.summary.text()


def test_the_backups_tab_never_scrolls_sideways(qtbot: QtBot, scene: Scene) -> None:
    """Every button of the tab fits the settings dialog's width as it opens."""
    from PySide6.QtWidgets import QScrollArea

    scene.open(["One"])
    tab = scene.backups_tab()
    wait_idle(qtbot, scene.window.ops)
    scroll = tab.findChild(QScrollArea, "backups_scroll")
    assert scroll is not None
    qtbot.waitUntil(lambda: tab.table.topLevelItemCount() > 0, timeout=WAIT_MS)
    bar = scroll.horizontalScrollBar()
    assert bar is not None
    assert not bar.isVisible() or bar.maximum() == 0, bar.maximum()
