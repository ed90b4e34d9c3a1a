"""The editor's care in the details: an unset score, a short keyboard path, no traps."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from helpers.qt import loaded_page, show
from incidents_helpers import idle, incident, new_incident, run
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from journal.models import Incident
from ui.incidents.model import Column, Role
from ui.incidents.page import IncidentsPage
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def page(qtbot: QtBot, ops: Operations) -> Iterator[IncidentsPage]:
    """The page as the active window: these tests follow the keyboard focus."""
    with loaded_page(qtbot, ops, IncidentsPage(ops), activate=True) as page:
        yield page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _save(qtbot: QtBot, page: IncidentsPage) -> str:
    with qtbot.waitSignal(page.saved, timeout=20_000) as saved:
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return str(saved.args[0])


def test_an_untouched_score_is_saved_and_shown_as_not_rated(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    editor = new_incident(qtbot, page, ops)
    assert editor.score.text() == "Not rated"
    qtbot.keyClicks(focused(), "Comment under the council's post")
    entry_id = _save(qtbot, page)
    stored = run(qtbot, ops, lambda j: j.repo.get(entry_id))
    assert isinstance(stored, Incident) and stored.impact_score is None
    qtbot.waitUntil(lambda: "not rated" in page.detail.fact["impact"].text(), timeout=20_000)
    assert "out of 10" not in page.detail.fact["impact"].text()


def test_the_score_can_be_set_and_unset_from_the_keyboard(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    editor = new_incident(qtbot, page, ops)
    qtbot.keyClicks(editor.title, "A post")
    editor.score.setFocus()
    qtbot.keyClick(editor.score, Qt.Key.Key_Up)
    assert editor.score.score() == 0
    assert editor.score.text() == "0 out of 10"
    qtbot.keyClick(editor.score, Qt.Key.Key_Delete)
    assert editor.score.score() is None
    for _ in range(4):
        qtbot.keyClick(editor.score, Qt.Key.Key_Up)
    qtbot.keyClick(editor.score, Qt.Key.Key_PageDown)
    assert editor.score.score() is None
    for _ in range(8):
        qtbot.keyClick(editor.score, Qt.Key.Key_Up)
    assert editor.to_json()["impact_score"] == 7
    entry_id = _save(qtbot, page)
    stored = run(qtbot, ops, lambda j: j.repo.get(entry_id))
    assert isinstance(stored, Incident) and stored.impact_score == 7
    qtbot.waitUntil(lambda: "7 out of 10" in page.detail.fact["impact"].text(), timeout=20_000)


def test_tab_reaches_every_field_and_save_without_a_trap(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    editor = new_incident(qtbot, page, ops)
    editor.tags.add("fearful")
    editor.tags.add("upset")
    visited: list[QWidget] = [focused()]
    for _ in range(80):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(focused())
        if focused() is editor.save_button:
            break
    assert visited[-1] is editor.save_button, [w.objectName() for w in visited[-6:]]
    expected = [
        editor.title, editor.occurred, editor.platform, editor.content_type, editor.category,
        editor.severity, editor.evidence.add_button, editor.evidence.paste_button,
        editor.tags.edit, editor.score, editor.description, editor.urls, editor.author,
        editor.relation, editor.case_ref, editor.checklist.other, editor.status,
        editor.report_ref, editor.report_outcome, editor.shareable, editor.private,
        editor.cancel_button, editor.save_button,
    ]  # fmt: skip
    names = [w.objectName() or type(w).__name__ for w in visited]
    assert all(w in visited for w in expected), " > ".join(names)
    positions = [visited.index(w) for w in expected]
    assert positions == sorted(positions), "Tab follows the form from top to bottom"
    chips = [w for w in visited if w.objectName() == "tagChip"]
    assert [c.accessibleName() for c in chips] == ["Remove tag fearful", "Remove tag upset"]
    assert visited.index(editor.tags.edit) < visited.index(chips[0]) < visited.index(editor.score)
    assert len(visited) == len(set(map(id, visited))), "no stop is visited twice"


def test_first_minute_fields_have_their_own_alt_letters(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    editor = new_incident(qtbot, page, ops)
    alt = Qt.KeyboardModifier.AltModifier
    for key, target in (
        (Qt.Key.Key_C, editor.category),
        (Qt.Key.Key_V, editor.severity),
        (Qt.Key.Key_P, editor.platform),
        (Qt.Key.Key_H, editor.content_type),
        (Qt.Key.Key_W, editor.occurred),
        (Qt.Key.Key_I, editor.tags.edit),
        (Qt.Key.Key_O, editor.score),
        (Qt.Key.Key_T, editor.title),
    ):
        qtbot.keyClick(focused(), key, alt)
        assert focused() is target, (key, focused().objectName())
    assert editor.category.accessibleName() == "Category"
    # Alt+E presses "Paste screenshot".
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    qtbot.keyClick(focused(), Qt.Key.Key_E, alt)
    qtbot.waitUntil(lambda: len(editor.evidence.items()) == 1, timeout=20_000)


def test_enter_takes_the_highlighted_suggestion_and_esc_keeps_what_was_typed(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    editor = new_incident(qtbot, page, ops)
    qtbot.waitUntil(lambda: "fearful" in editor.tags._suggestions.stringList(), timeout=20_000)
    tags = editor.tags
    tags.edit.setFocus()
    qtbot.keyClicks(tags.edit, "fear")
    popup = tags.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and popup.currentIndex().isValid())
    assert popup.currentIndex().data() == "fearful"
    assert tags.edit.text() == "fear"  # highlighting doesn't change what is typed
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert tags.tags() == ["fearful"]
    qtbot.waitUntil(lambda: tags.edit.text() == "")
    qtbot.keyClicks(tags.edit, "ang")
    qtbot.waitUntil(lambda: popup.isVisible() and popup.currentIndex().isValid())
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
    qtbot.keyClick(tags.edit, Qt.Key.Key_Return)
    assert tags.tags() == ["fearful", "ang"]


def test_a_match_in_the_hidden_words_is_said_whole(
    qtbot: QtBot, make_ops: Callable[..., Operations]
) -> None:
    ops = make_ops([incident("Post about the hearing", quoted_text="you are a threatening liar")])
    page = show(qtbot, IncidentsPage(ops), (700, 500))
    page.reload()
    idle(qtbot, ops)
    page.set_search_text("threat")
    qtbot.waitUntil(
        lambda: bool(page.proxy.index(0, Column.TITLE).data(Role.SNIPPET_HIDDEN)), timeout=20_000
    )
    index = page.proxy.index(0, Column.TITLE)
    said = "Post about the hearing — matches the quoted words (hidden)"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == said
    assert index.data(Qt.ItemDataRole.ToolTipRole) == said
    assert "liar" not in said
    page.clear()


def test_every_check_in_value_has_a_word() -> None:
    from ui.wellbeing.scales import scales

    for scale in scales():
        for value in range(scale.minimum, scale.maximum + 1):
            assert scale.words.get(value), (scale.key, value)


def test_an_error_is_tied_to_its_field(qtbot: QtBot, ops: Operations, page: IncidentsPage) -> None:
    editor = new_incident(qtbot, page, ops)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.error_text("title").startswith("Title is needed")
    assert editor.title.accessibleDescription() == editor.error_text("title")
    assert focused() is editor.title
    qtbot.keyClicks(editor.title, "Now it has one")
    editor.score.setFocus()
    qtbot.keyClick(editor.score, Qt.Key.Key_Up)
    editor.show_errors({"impact_score": "should be from 0 to 10."})
    assert editor.score.accessibleDescription() == "Impact score should be from 0 to 10."
    editor.show_errors({})
    assert editor.score.accessibleDescription().startswith("Not rated until you choose")
    editor.discard()
