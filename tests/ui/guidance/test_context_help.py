"""The help beside an incident: the category panel and the platform box, on their own."""

from __future__ import annotations

import pytest
from guidance_helpers import click
from helpers.qt import show
from pytestqt.qtbot import QtBot

from journal import guidance
from journal.models import CATEGORIES, PLATFORMS
from journal.platforms import platform_guide
from ui.kit.context_help import CategoryHelpPanel, PlatformHelpBox

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def panel(qtbot: QtBot) -> CategoryHelpPanel:
    return show(qtbot, CategoryHelpPanel(), (560, 240))


@pytest.fixture
def box(qtbot: QtBot) -> PlatformHelpBox:
    return show(qtbot, PlatformHelpBox(), (420, 400))


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_shows_its_headline_options_and_topic(
    qtbot: QtBot, panel: CategoryHelpPanel, category: str
) -> None:
    expected = guidance.topic_for_category(category)
    panel.set_category(category)
    assert panel.isVisible()
    assert panel.headline.text() == expected.headline
    assert panel.options.texts() == list(expected.options)
    assert panel.read_more.text() == f"Read more: {expected.topic.title}"
    assert panel.primary.isVisible() == (expected.primary_action is not None)
    with qtbot.waitSignal(panel.topic_requested) as asked:
        click(qtbot, panel.read_more)
    assert asked.args == [expected.topic.id]


def test_a_threat_offers_report_this_now(qtbot: QtBot, panel: CategoryHelpPanel) -> None:
    panel.set_category("threat")
    assert panel.primary.text() == "Report this now"
    assert "same quick response" in panel.headline.text()
    with qtbot.waitSignal(panel.action_requested) as asked:
        click(qtbot, panel.primary)
    assert asked.args == ["app:report-to-manager"]


def test_published_case_information_shows_the_court_and_parent_options(
    panel: CategoryHelpPanel,
) -> None:
    panel.set_category("sensitive_information")
    options = " ".join(panel.options.texts())
    assert "parent" in options and "child" in options
    assert "court" in options.lower()
    assert panel.primary.isHidden()  # two ways forward, the person chooses


def test_before_saving_the_action_waits_and_says_so(qtbot: QtBot, panel: CategoryHelpPanel) -> None:
    panel.set_category("threat", can_act=False)
    assert panel.primary.isHidden()
    assert panel.after_save.isVisible()
    assert "When you save it" in panel.after_save.text()
    with qtbot.assertNotEmitted(panel.action_requested):
        panel.primary.click()  # even if something pressed it, nothing is asked
    panel.set_category("threat")
    assert panel.primary.isVisible() and panel.after_save.isHidden()
    panel.set_category("abuse", can_act=False)
    assert panel.after_save.isHidden()  # nothing waits on saving here


def test_no_category_hides_the_panel(panel: CategoryHelpPanel) -> None:
    panel.set_category("threat")
    panel.set_category(None)
    assert panel.isHidden()
    assert panel.help is None
    panel.set_category("not-a-category")
    assert panel.isHidden()


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_shows_how_to_report_and_its_help_link(
    qtbot: QtBot, box: PlatformHelpBox, platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = platform_guide(platform)
    opened: list[str] = []
    monkeypatch.setattr(box, "open_external", lambda url: opened.append(url) or True)
    box.set_platform(platform)
    assert box.isVisible()
    assert box.toggle.text() == f"How to report it on {guide.name}"
    assert box.steps.texts() == list(guide.steps)
    assert "reference" in box.note.text() and "outcome" in box.note.text()
    if guide.help_url is None:
        assert box.help_link.isHidden()
        return
    assert box.help_link.text() == guide.help_label
    assert guide.help_url.startswith("https://")
    with qtbot.waitSignal(box.link_opened) as done:
        click(qtbot, box.help_link)
    assert opened == [guide.help_url]
    assert done.args == [guide.help_url]


def test_a_link_the_computer_cannot_open_is_shown_to_type(
    qtbot: QtBot, box: PlatformHelpBox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(box, "open_external", lambda url: False)
    box.set_platform("facebook")
    click(qtbot, box.help_link)
    assert box.message.isVisible()
    assert platform_guide("facebook").help_url in box.message.text()
    box.set_platform("x")
    assert box.message.isHidden()


def test_the_box_folds_away_and_opens_again(qtbot: QtBot, box: PlatformHelpBox) -> None:
    box.set_platform("tiktok")
    assert box.expanded
    click(qtbot, box.toggle)
    assert not box.expanded and not box.steps.isVisible()
    click(qtbot, box.toggle)
    assert box.expanded and box.steps.isVisible()
    box.set_expanded(False)
    assert not box.expanded
    box.set_platform(None)
    assert box.isHidden() and box.guide is None
