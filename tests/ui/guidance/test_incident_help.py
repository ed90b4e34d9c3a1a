"""The help wired into the incidents screen: guidance beside the category, how to report on
the incident's platform in the detail pane."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from guidance_helpers import click, idle, run
from helpers.qt import loaded_page
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.models import Incident
from journal.timeutil import now
from ui.guidance.page import GuidancePage
from ui.incidents.page import IncidentsPage
from ui.main_window import MainWindow
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def incident(title: str, **fields: object) -> Incident:
    return Incident(title=title, occurred_at=now() - timedelta(hours=2), **fields)  # type: ignore[arg-type]


@pytest.fixture
def page(qtbot: QtBot, ops: Operations) -> Iterator[IncidentsPage]:
    with loaded_page(qtbot, ops, IncidentsPage(ops), (1280, 860)) as widget:
        yield widget


def test_the_editor_shows_the_guidance_for_the_chosen_category(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    page.new_incident()
    editor = page.editor
    idle(qtbot, ops)
    panel = editor.category_help
    qtbot.waitUntil(panel.isVisible)
    assert panel.help is not None and panel.help.category == "abuse"
    editor.category.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(editor.category, "T")  # Threat to me or my family
    assert editor.category.currentData() == "threat"
    assert "same quick response" in panel.headline.text()
    # Not saved yet: the report comes after saving, and the panel says so.
    assert panel.primary.isHidden()
    assert panel.after_save.isVisible()
    qtbot.keyClick(editor.category, Qt.Key.Key_Down)  # Sensitive case information published
    assert editor.category.currentData() == "sensitive_information"
    assert "court" in " ".join(panel.options.texts()).lower()
    assert panel.after_save.isHidden()


def test_report_this_now_for_a_saved_threat(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    saved = run(
        qtbot, ops, lambda j: j.repo.add(incident("A message", category="threat", severity="high"))
    )
    page.edit_incident(saved.id)
    panel = page.editor.category_help
    qtbot.waitUntil(lambda: page.editor.is_open and panel.primary.isVisible(), timeout=20_000)
    assert panel.primary.text() == "Report this now"
    with qtbot.waitSignal(page.report_requested) as asked:
        click(qtbot, panel.primary)
    assert asked.args == [saved.id]


def test_the_detail_pane_shows_how_to_report_on_the_platform(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    fresh = run(qtbot, ops, lambda j: j.repo.add(incident("A post", platform="instagram")))
    reported = run(
        qtbot,
        ops,
        lambda j: j.repo.add(
            incident("A video", platform="tiktok", platform_report_ref="TT-12345")
        ),
    )
    page.reload()
    idle(qtbot, ops)
    box = page.detail.platform_help
    page.detail.show_entry(fresh.id)
    qtbot.waitUntil(lambda: page.detail.entry_id == fresh.id, timeout=20_000)
    assert box.isVisible()
    assert box.toggle.text() == "How to report it on Instagram"
    assert box.expanded  # not reported yet: the steps are open
    page.detail.show_entry(reported.id)
    qtbot.waitUntil(lambda: page.detail.entry_id == reported.id, timeout=20_000)
    assert box.toggle.text() == "How to report it on TikTok"
    assert not box.expanded  # already reported: folded to one line
    page.detail.clear()
    assert box.guide is None and box.toggle.text() == ""


def test_read_more_in_the_editor_opens_the_topic(qtbot: QtBot, window: MainWindow) -> None:
    window.new_incident()
    editor = window.incidents.editor  # type: ignore[attr-defined]
    idle(qtbot, window.ops)
    editor.category.setCurrentIndex(editor.category.findData("adopted_child_contact"))
    qtbot.waitUntil(editor.category_help.read_more.isVisible)
    click(qtbot, editor.category_help.read_more)
    assert window.nav.currentItem().text().startswith("Guidance")
    guidance_page = window.page("guidance")
    assert isinstance(guidance_page, GuidancePage)
    assert guidance_page.current_topic == "adopted-child-contacted"
    window.show_page("incidents")
    assert editor.is_open  # your incident is still there to finish
