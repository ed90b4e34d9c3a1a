"""The guidance page: every topic renders, every link in it leads somewhere, search finds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from guidance_helpers import click, idle
from helpers.qt import show
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from journal import guidance
from ui.guidance.page import GuidancePage, ReadingView
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def anchors(document: QTextDocument) -> list[str]:
    """Every link target in a rendered document, in order."""
    found: list[str] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref() if fragment.isValid() else ""
            if href and (not found or found[-1] != href):
                found.append(href)
            it += 1
        block = block.next()
    return found


class Recorder:
    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.seen: list[str] = []

    def __call__(self, link: str) -> bool:
        self.seen.append(link)
        return self.answer


@pytest.fixture
def links() -> Recorder:
    return Recorder()


@pytest.fixture
def page(qtbot: QtBot, links: Recorder) -> Iterator[GuidancePage]:
    widget = show(qtbot, GuidancePage(links), (1100, 720))
    widget.reload()
    yield widget


def test_every_topic_renders_with_its_title_and_headings(page: GuidancePage) -> None:
    ids = page.topic_ids()
    assert ids == [t.id for t in guidance.topics()]
    assert page.current_topic == ids[0]  # the first topic greets you
    for topic_id in ids:
        item = guidance.topic(topic_id)
        assert page.show_topic(topic_id)
        text = page.view.toPlainText()
        assert text.startswith(item.title)
        for heading in item.headings:
            assert heading in text, (topic_id, heading)
        assert "](" not in text and "app:" not in text  # links rendered, not shown as code
        assert page.toc.currentItem().text() == item.title


def test_every_link_in_every_rendered_topic_resolves(
    page: GuidancePage, links: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(page, "open_external", lambda url: opened.append(url) or True)
    seen_kinds: set[str] = set()
    for topic_id in page.topic_ids():
        page.show_topic(topic_id)
        rendered = anchors(page.view.document())
        assert rendered == guidance.topic(topic_id).links(), topic_id
        for href in rendered:
            kind = href.partition(":")[0]
            seen_kinds.add(kind)
            page.show_topic(topic_id, remember=False)
            links.seen.clear()
            assert page.follow(href), href
            if kind == "guide":
                assert page.current_topic == href.removeprefix("guide:")
            elif kind == "app":
                assert links.seen == [href]
                assert href.removeprefix("app:") in guidance.APP_ACTIONS
            else:
                assert kind == "https"
                assert opened[-1] == href
    assert {"guide", "app"} <= seen_kinds


def test_links_clicked_in_the_text_are_followed(
    qtbot: QtBot, page: GuidancePage, links: Recorder
) -> None:
    page.show_topic("threatened-online")
    # The reading view hands every clicked link to the page, never opening it itself.
    assert not page.view.openLinks() and not page.view.openExternalLinks()
    with qtbot.waitSignal(page.topic_shown) as shown:
        page.view.anchorClicked.emit(QUrl("guide:capturing-evidence"))
    assert shown.args == ["capturing-evidence"]
    page.view.anchorClicked.emit(QUrl("app:report-to-manager"))
    assert links.seen == ["app:report-to-manager"]


def test_web_links_open_in_the_browser_and_say_so_if_they_cannot(
    page: GuidancePage, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(page, "open_external", lambda url: opened.append(url) or False)
    assert not page.follow("https://www.example.org/help")
    assert opened == ["https://www.example.org/help"]
    assert page.message.isVisible()
    assert "https://www.example.org/help" in page.message.text()
    assert not page.follow("file:///etc/passwd")  # only guide:, app: and web links
    assert opened == ["https://www.example.org/help"]


def test_an_app_link_nothing_handles_says_so_calmly(qtbot: QtBot) -> None:
    widget = GuidancePage(lambda _link: False)
    qtbot.addWidget(widget)
    widget.show()
    widget.reload()
    assert not widget.follow("app:checkin")
    assert widget.message.isVisible()
    assert "isn't available yet" in widget.message.text()


def test_each_topic_offers_its_app_actions_as_buttons(
    qtbot: QtBot, page: GuidancePage, links: Recorder
) -> None:
    for item in guidance.topics():
        page.show_topic(item.id)
        buttons = page.action_buttons()
        assert [b.property("link") for b in buttons] == list(item.actions)
        assert [b.text() for b in buttons] == [
            guidance.APP_ACTIONS[a.removeprefix("app:")] for a in item.actions
        ]
    page.show_topic("no-fishing-expeditions")
    qtbot.waitUntil(lambda: page.action_buttons()[0].isVisible())
    click(qtbot, page.action_buttons()[0])
    assert links.seen == ["app:search-log"]


def test_search_ranks_topics_and_enter_opens_the_best(qtbot: QtBot, page: GuidancePage) -> None:
    page.search.setFocus()
    qtbot.keyClicks(page.search, "video call")
    expected = [hit.topic.id for hit in guidance.search("video call")]
    assert expected and page.result_ids() == expected
    assert page.lists.currentIndex() == 1
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.current_topic == expected[0]
    assert page.view.hasFocus()
    # A word in many topics lists them best first, the title matches ahead.
    page.search.clear()
    qtbot.keyClicks(page.search, "evidence")
    ids = page.result_ids()
    assert ids[0] == "capturing-evidence"
    assert len(ids) > 2
    assert ids == [hit.topic.id for hit in guidance.search("evidence")]
    page.search.clear()
    assert page.lists.currentWidget() is page.toc


def test_a_search_with_no_match_explains_what_to_do(qtbot: QtBot, page: GuidancePage) -> None:
    qtbot.keyClicks(page.search, "zzqx")
    assert page.result_ids() == []
    assert page.no_results.isVisible()
    assert "Try a shorter word" in page.no_results.text()


def test_the_contents_by_keyboard_skip_the_section_headings(
    qtbot: QtBot, page: GuidancePage
) -> None:
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.toc.hasFocus()
    order = [t.id for t in guidance.topics()]
    visited = [page.current_topic]
    for _ in range(len(order) - 1):
        qtbot.keyClick(page.toc, Qt.Key.Key_Down)
        visited.append(page.current_topic)
    assert visited == order


def test_back_returns_to_the_topic_you_came_from(qtbot: QtBot, page: GuidancePage) -> None:
    page.show_topic("threatened-online")
    assert page.back_button.isHidden()
    page.follow("guide:capturing-evidence")
    assert page.back_button.isVisible()
    click(qtbot, page.back_button)
    assert page.current_topic == "threatened-online"
    page.follow("guide:capturing-evidence")
    qtbot.keyClick(page.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.current_topic == "threatened-online"


def test_clear_forgets_the_search(qtbot: QtBot, page: GuidancePage) -> None:
    qtbot.keyClicks(page.search, "boundaries")
    page.follow("guide:capturing-evidence")
    page.clear()
    assert page.search.text() == ""
    assert page.result_ids() == []
    assert page.back_button.isHidden()
    page.reload()
    assert page.current_topic == guidance.topics()[0].id


def test_lines_stay_readable_in_a_wide_window(qtbot: QtBot, page: GuidancePage) -> None:
    page.resize(2400, 900)
    qtbot.waitUntil(lambda: page.view.viewport().width() > 1200)
    assert page.view.lineWrapColumnOrWidth() <= 90 * 8
    page.resize(700, 600)
    qtbot.waitUntil(lambda: page.view.viewport().width() < 700)
    assert page.view.lineWrapColumnOrWidth() <= page.view.viewport().width()


# -- in the app ---------------------------------------------------------------------------


def test_every_app_link_in_the_guidance_resolves_in_the_app(
    qtbot: QtBot, window: MainWindow
) -> None:
    """With every section installed, each app: link the guidance uses leads somewhere."""
    targets = sorted({link.target for link in guidance.all_links() if link.target[:4] == "app:"})
    assert targets
    for target in targets:
        assert window.open_link(target), target
        idle(qtbot, window.ops)
        QApplication.processEvents()
        for widget in QApplication.topLevelWidgets():  # a dialog an action opened
            if widget is not window and widget.isVisible() and widget.isModal():
                widget.close()
    # And every action a topic can offer is one the app knows, used or not.
    for name in guidance.APP_ACTIONS:
        assert window.open_link(f"app:{name}"), name
        for widget in QApplication.topLevelWidgets():
            if widget is not window and widget.isVisible() and widget.isModal():
                widget.close()


def test_the_guidance_page_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("guidance")
    page = window.page("guidance")
    assert isinstance(page, GuidancePage)
    qtbot.waitUntil(page.isVisible)
    assert page.current_topic == guidance.topics()[0].id
    # A topic's app: link goes through the window: here, to the support page.
    page.show_topic("looking-after-yourself")
    page.follow("app:support")
    assert window.nav.currentItem().text().startswith("Support")
    # Others open a topic by id through the window's action.
    window.run_action("show_guidance", "digital-footprint")
    assert window.nav.currentItem().text().startswith("Guidance")
    assert page.current_topic == "digital-footprint"
    assert isinstance(page.findChild(ReadingView), QWidget)
    window.lock()
    assert page.current_topic is None
    assert page.view.toPlainText() == ""
