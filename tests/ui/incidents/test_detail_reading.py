"""What a screen reader meets in the incidents list and the detail pane: no blank cells,
and each fact of the detail pane read as its name, then its value, tied together."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.qt import loaded_page
from incidents_helpers import idle, incident, run
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from pytestqt.qtbot import QtBot

from ui.incidents.model import Column
from ui.incidents.page import IncidentsPage
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def page(qtbot: QtBot, ops: Operations) -> Iterator[IncidentsPage]:
    run(
        qtbot,
        ops,
        lambda j: j.repo.add_many(
            [
                (incident("No tags here", platform="facebook"), ()),
                (incident("Tagged", impact_tags=["anxious"], platform="x"), ()),
            ]
        ),
    )
    with loaded_page(qtbot, ops, IncidentsPage(ops), ready=lambda p: not p.model.loading) as page:
        yield page


def _walk(node: QAccessibleInterface | None, out: list[QAccessibleInterface]) -> None:
    if node is None or not node.isValid():
        return
    out.append(node)
    for n in range(node.childCount()):
        _walk(node.child(n), out)


def test_no_cell_of_the_list_reads_as_blank(page: IncidentsPage) -> None:
    model = page.proxy
    assert model.rowCount() == 2
    for row in range(model.rowCount()):
        for column in Column:
            index = model.index(row, column)
            spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
            assert spoken, (row, column.name, index.data())
    untagged = next(r for r in range(2) if model.index(r, Column.TITLE).data() == "No tags here")
    assert model.index(untagged, Column.TAGS).data() == ""  # nothing painted
    assert (
        model.index(untagged, Column.TAGS).data(Qt.ItemDataRole.AccessibleTextRole)
        == "No impact tags"
    )


def test_detail_facts_read_name_then_value(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    page.focus_table()
    detail = page.detail
    qtbot.waitUntil(lambda: detail.entry is not None, timeout=20_000)
    idle(qtbot, ops)
    body = QAccessible.queryAccessibleInterface(detail.scroll_area.widget())
    nodes: list[QAccessibleInterface] = []
    _walk(body, nodes)
    order = [n.object() for n in nodes]
    for key, value in detail.fact.items():
        name = detail.findChild(type(value), f"factName_{key}")
        assert name is not None and value.text(), key
        # Read in this order by a screen reader walking the pane.
        assert order.index(name) < order.index(value), key
        # And tied: the value says which label names it.
        value_iface = QAccessible.queryAccessibleInterface(value)
        labelled_by = [
            other.object()
            for other, relation in value_iface.relations(QAccessible.RelationFlag.Label)
        ]
        assert name in labelled_by, key
    where = detail.findChild(type(detail.fact["platform"]), "factName_platform")
    assert where.text() == "Where"
    assert detail.fact["platform"].text().startswith(("Facebook", "X"))


def test_buttons_are_read_by_the_words_they_show(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    """A screen reader says what a sighted person sees on each button ("History…"), so the
    two can talk about it; more detail goes in the description."""
    from PySide6.QtWidgets import QAbstractButton

    page.focus_table()
    qtbot.waitUntil(lambda: page.detail.entry is not None, timeout=20_000)
    idle(qtbot, ops)
    differ: list[tuple[str, str]] = []

    def listen() -> None:
        for button in page.findChildren(QAbstractButton):
            shown = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if not button.isVisible() or not shown:
                continue
            spoken = QAccessible.queryAccessibleInterface(button).text(QAccessible.Text.Name)
            if spoken.rstrip("…") != shown.rstrip("…"):
                differ.append((shown, spoken))

    assert page.detail.history_button.isVisible()
    listen()  # the list and the detail pane
    page.new_incident()
    qtbot.waitUntil(lambda: page.editor.title.hasFocus(), timeout=20_000)
    idle(qtbot, ops)
    listen()  # the editor
    page.editor.discard()
    assert differ == []
