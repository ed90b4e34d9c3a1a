"""The kit's parts of a list page, on real widgets: facts a screen reader reads in order,
a table that gives up the columns the detail repeats, and an empty state."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.kit.detail_pane import DetailFrame, fact_rows, placeholder_label
from ui.kit.list_page import ColumnFit, EmptyState, entry_table
from ui.searchlog.page import SearchDetail

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_each_fact_is_named_before_its_value_and_labels_it(qtbot: QtBot) -> None:
    pane = QWidget()
    qtbot.addWidget(pane)
    form, values = fact_rows(pane, [("when", "When"), ("where", "Where")])
    labels = [w for w in pane.children() if isinstance(w, QLabel)]
    assert [w.objectName() for w in labels] == [
        "factName_when", "fact_when", "factName_where", "fact_where",
    ]  # fmt: skip
    assert labels[0].buddy() is values["when"] and labels[2].buddy() is values["where"]
    assert form.rowCount() == 2


def test_the_search_log_detail_names_its_facts_for_screen_readers(qtbot: QtBot) -> None:
    detail = SearchDetail(lambda _id, _action: None)
    qtbot.addWidget(detail)
    for key in ("when", "case", "where", "reason", "agreed", "outcome", "sharing"):
        name = detail.findChild(QLabel, f"factName_{key}")
        assert name is not None and name.buddy() is detail.fact[key]


def test_a_detail_frame_shows_its_placeholder_until_there_is_something(qtbot: QtBot) -> None:
    pane = QWidget()
    qtbot.addWidget(pane)
    frame = DetailFrame(pane, placeholder_label("Choose one.", pane), "body")
    assert frame.stack.currentWidget() is frame.placeholder
    assert frame.body.objectName() == "body" and frame.layout.parentWidget() is frame.body
    assert frame.scroll_area.widget() is frame.body


def test_a_narrow_table_gives_up_the_repeated_columns_in_order(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    model = QStandardItemModel(3, 4)
    table = entry_table(holder, "things", "Things", model)
    QVBoxLayout(holder).addWidget(table)
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert not table.tabKeyNavigation() and table.verticalHeader().isHidden()
    ColumnFit(table, {0: 100, 2: 100, 3: 100}, 1, 200, (3, 2))
    holder.resize(900, 300)
    holder.show()
    qtbot.waitExposed(holder)
    qtbot.waitUntil(lambda: not any(table.isColumnHidden(c) for c in range(4)))
    holder.resize(450, 300)  # room for the main column once the last one goes
    qtbot.waitUntil(lambda: table.isColumnHidden(3))
    assert not table.isColumnHidden(2)
    holder.resize(350, 300)
    qtbot.waitUntil(lambda: table.isColumnHidden(2))
    assert not table.isColumnHidden(0) and not table.isColumnHidden(1)
    holder.resize(900, 300)
    qtbot.waitUntil(lambda: not table.isColumnHidden(3) and not table.isColumnHidden(2))


def test_an_empty_state_says_what_will_appear_and_clears(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    empty = EmptyState("thingsEmpty", holder, text_width=400)
    empty.finish()
    empty.set_words("No things yet", "Things you add appear here.", "Add a thing")
    assert (empty.title.text(), empty.text.text(), empty.button.text()) == (
        "No things yet", "Things you add appear here.", "Add a thing",
    )  # fmt: skip
    assert empty.text.maximumWidth() == 400
    empty.clear()
    assert empty.title.text() == "" and empty.text.text() == ""
