"""The by-person view: link accounts to a person, see their course of conduct, unlink."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from helpers.qt import loaded_page
from incidents_helpers import incident
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.persons import PersonEvent
from journal.timeutil import now
from ui.incidents.authors import AuthorColumn
from ui.incidents.model import Column
from ui.incidents.page import IncidentsPage
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def page(qtbot: QtBot, make_ops: Callable[..., Operations]) -> Iterator[IncidentsPage]:
    start = now() - timedelta(days=10)
    ops = make_ops(
        [
            incident("On X", author_handle="@dad_fights_back", occurred_at=start),
            incident("On Facebook", author_handle="@truth4kids", platform="facebook",
                     occurred_at=start + timedelta(days=1), severity="high"),
            incident("Someone else", author_handle="@other", occurred_at=start),
        ]
    )  # fmt: skip
    with loaded_page(qtbot, ops, IncidentsPage(ops), ready=lambda p: not p.model.loading) as view:
        yield view


def rows(page: IncidentsPage) -> list[tuple[str, str, str]]:
    proxy = page.authors.proxy
    return sorted(
        (
            proxy.index(r, AuthorColumn.PERSON).data(),
            proxy.index(r, AuthorColumn.ACCOUNTS).data(),
            proxy.index(r, AuthorColumn.COUNT).data(),
        )
        for r in range(proxy.rowCount())
    )


def select(page: IncidentsPage, accounts: str) -> None:
    proxy = page.authors.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, AuthorColumn.ACCOUNTS).data() == accounts:
            page.authors.table.setCurrentIndex(proxy.index(r, 0))
            return
    raise AssertionError(accounts)


def test_link_two_accounts_to_one_person_then_unlink(qtbot: QtBot, page: IncidentsPage) -> None:
    view = page.authors
    view.ask_label = lambda labels, current: "Parent A, case 123"
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3, timeout=20_000)
    assert not view.unlink_button.isEnabled()

    select(page, "@dad_fights_back")
    qtbot.mouseClick(view.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: ("Parent A, case 123", "@dad_fights_back", "1") in rows(page), timeout=20_000
    )
    select(page, "@truth4kids")
    qtbot.mouseClick(view.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: ("Parent A, case 123", "@dad_fights_back, @truth4kids", "2") in rows(page),
        timeout=20_000,
    )
    # The person's row opens every incident from both accounts.
    select(page, "@dad_fights_back, @truth4kids")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    proxy = page.proxy
    qtbot.waitUntil(
        lambda: (
            sorted(proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount()))
            == ["On Facebook", "On X"]
        ),
        timeout=20_000,
    )
    assert "Person: Parent A, case 123" in page.filters.author.text()

    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2, timeout=20_000)
    select(page, "@dad_fights_back, @truth4kids")
    assert view.unlink_button.isEnabled()
    view.ask_handle = lambda handles: "@truth4kids"
    qtbot.mouseClick(view.unlink_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3, timeout=20_000)

    seen: list[list[PersonEvent]] = []
    view.show_events = seen.append
    qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    assert [(e.action, e.handle) for e in seen[0]] == [
        ("linked", "@dad_fights_back"),
        ("linked", "@truth4kids"),
        ("unlinked", "@truth4kids"),
    ]


def test_a_chronology_for_a_person_from_the_view(
    qtbot: QtBot, page: IncidentsPage, tmp_path: Path
) -> None:
    view = page.authors
    view.ask_label = lambda labels, current: "Parent A"
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3, timeout=20_000)
    select(page, "@truth4kids")
    assert not view.chronology_button.isEnabled()  # not linked to a person yet
    qtbot.mouseClick(view.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ("Parent A", "@truth4kids", "1") in rows(page), timeout=20_000)
    select(page, "@truth4kids")
    assert view.chronology_button.isEnabled()
    qtbot.mouseClick(view.chronology_button, Qt.MouseButton.LeftButton)
    dialog = view.chronology_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    target = tmp_path / "chronology.pdf"
    dialog.ask_path = lambda current: str(target)
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(target))
    password = dialog.password.text()
    assert dialog.protect.isChecked() and password
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved" in dialog.status.text(), timeout=20_000)
    # pypdf here: the generated password's length is another change's business (poppler
    # reads at most 32 characters); the core's tests read chronologies with poppler.
    reader = PdfReader(BytesIO(target.read_bytes()))
    assert reader.is_encrypted and reader.decrypt(password)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Chronology" in text and "On Facebook" in text and "On X" not in text
    dialog.reject()
