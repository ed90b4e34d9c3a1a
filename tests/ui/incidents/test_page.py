"""The incidents page driven as a person would: keyboard, mouse, clipboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from helpers.qt import show
from incidents_helpers import all_text, idle, incident, new_incident, run
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from journal.models import MAX_ATTACHMENT_BYTES, Incident
from journal.timeutil import now
from ui.incidents.detail import DetailPane
from ui.incidents.evidence import EvidenceList
from ui.incidents.model import PAGE_SIZE, Column, Role
from ui.incidents.page import IncidentsPage
from ui.operations import Operations

MARKER = "Zebrafinch"

# The offscreen platform says it can't do some window-system things (size hints, raising a
# window, grabbing the keyboard for a pop-up list); those messages are about it, not the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def open_page(qtbot: QtBot) -> Iterator[Callable[[Operations], IncidentsPage]]:
    pages: list[IncidentsPage] = []

    def make(ops: Operations) -> IncidentsPage:
        page = show(qtbot, IncidentsPage(ops), (1200, 800))
        page.activateWindow()
        page.reload()
        loaded(qtbot, page, ops)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.clear()


def loaded(qtbot: QtBot, page: IncidentsPage, ops: Operations) -> None:
    qtbot.waitUntil(lambda: not ops.busy and not page.model.loading, timeout=20_000)


def titles(page: IncidentsPage) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount())]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def checkerboard(size: int = 240, square: int = 6) -> QImage:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for x in range(0, size, square):
        for y in range(0, size, square):
            if (x // square + y // square) % 2:
                painter.fillRect(x, y, square, square, QColor("black"))
    painter.end()
    return image


def contrast(image: QImage) -> int:
    """The spread of grey levels: a sharp checkerboard ~255, a blurred one close to 0."""
    greys = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(image.width() // 4, image.width() * 3 // 4, 3)
        for y in range(image.height() // 4, image.height() * 3 // 4, 3)
    ]
    return max(greys) - min(greys)


# -- creating ------------------------------------------------------------------------------


def test_create_an_incident_by_keyboard_and_it_is_selected(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    run(qtbot, ops, lambda j: j.repo.add(incident("An older post")))
    page = open_page(ops)
    assert titles(page) == ["An older post"]
    editor = new_incident(qtbot, page, ops)
    qtbot.keyClicks(focused(), f"Message saying they know {MARKER}")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # when it happened: keep "now"
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is editor.platform
    qtbot.keyClicks(focused(), "I")  # Instagram
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "D")  # Direct message
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "T")  # Threat to me or my family
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is editor.severity
    qtbot.keyClicks(focused(), "C")  # Critical
    for _ in range(3):  # Add file…, Paste screenshot, then the impact tags
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is editor.tags.edit
    qtbot.keyClicks(focused(), "fearful")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClicks(focused(), "kept checking the door")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    editor.description.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(focused(), "It arrived late in the evening.")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "We know where you live")
    for _ in range(2):  # links, then author
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is editor.author
    qtbot.keyClicks(focused(), "@someone")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "C1234")
    assert editor.tags.tags() == ["fearful", "kept checking the door"]
    with qtbot.waitSignal(page.saved, timeout=20_000) as saved:
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    entry_id, category, severity = saved.args
    assert (category, severity) == ("threat", "critical")
    loaded(qtbot, page, ops)
    assert page.stack.currentWidget() is page.browse
    current = page.table.currentIndex()
    assert current.data(Role.ID) == entry_id
    assert page.proxy.index(current.row(), Column.TITLE).data().endswith(MARKER)
    stored = run(qtbot, ops, lambda j: j.repo.get(entry_id))
    assert isinstance(stored, Incident)
    assert (stored.platform, stored.content_type) == ("instagram", "direct_message")
    assert stored.quoted_text == "We know where you live"
    assert stored.author_handle == "@someone" and stored.case_ref == "C1234"
    assert stored.impact_tags == ["fearful", "kept checking the door"]
    assert run(qtbot, ops, lambda j: j.repo.get_setting("last_platform")) == "instagram"
    assert run(qtbot, ops, lambda j: j.repo.drafts()) == []
    # A threat offers to tell the manager at once.
    assert page.notice.kind == "threat"
    with qtbot.waitSignal(page.report_requested) as reported:
        qtbot.mouseClick(page.notice.first, Qt.MouseButton.LeftButton)
    assert reported.args == [entry_id]
    # The next new incident starts on the platform used last time.
    page.new_incident()
    qtbot.waitUntil(lambda: page.editor.platform.currentData() == "instagram")


def test_empty_title_shows_a_message_beside_it(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    page = open_page(ops)
    assert page.lists.currentWidget() is page.empty
    assert "Ctrl+N" in page.empty_text.text()
    page.new_incident()
    qtbot.waitUntil(lambda: page.editor.title.hasFocus())
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    message = page.editor.error_text("title")
    assert message.startswith("Title is needed")
    assert page.editor.title.hasFocus()
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: j.repo.count()) == 0
    qtbot.keyClicks(focused(), "Now it has a title")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.browse, timeout=20_000)
    assert page.editor.error_text("title") == ""


def test_escape_asks_and_discards(
    qtbot: QtBot,
    ops: Operations,
    open_page: Callable[[Operations], IncidentsPage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = open_page(ops)
    asked: list[bool] = []
    monkeypatch.setattr(page.editor, "_ask_keep_draft", lambda: asked.append(True) or "stay")
    page.new_incident()
    qtbot.waitUntil(lambda: page.editor.title.hasFocus())
    qtbot.keyClicks(focused(), "Something I may not keep")
    page.editor.save_draft()
    idle(qtbot, ops)
    assert len(run(qtbot, ops, lambda j: j.repo.drafts())) == 1
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert asked and page.stack.currentWidget() is page.editor
    monkeypatch.setattr(page.editor, "_ask_keep_draft", lambda: "discard")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.browse
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: j.repo.drafts()) == []


# -- evidence ----------------------------------------------------------------------------------


def test_attach_a_file_and_paste_a_screenshot(
    qtbot: QtBot,
    ops: Operations,
    open_page: Callable[[Operations], IncidentsPage],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = open_page(ops)
    picture = tmp_path / "post.png"
    checkerboard().save(str(picture))
    big = tmp_path / "video.mp4"
    with big.open("wb") as f:  # sparse: takes no disk space
        f.truncate(MAX_ATTACHMENT_BYTES + 1)
    chosen: list[list[Path]] = [[picture], [big]]
    monkeypatch.setattr(EvidenceList, "_ask_open_files", lambda self: chosen.pop(0))

    editor = new_incident(qtbot, page)
    qtbot.keyClicks(focused(), "Photo of my car posted")
    qtbot.mouseClick(editor.evidence.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(editor.evidence.items()) == 1, timeout=20_000)
    qtbot.mouseClick(editor.evidence.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.evidence.message.isVisible(), timeout=20_000)
    assert "larger than 25 MB" in editor.evidence.message.text()
    assert len(editor.evidence.items()) == 1

    QGuiApplication.clipboard().setImage(checkerboard(200, 5))
    editor.title.setFocus()
    qtbot.keyClick(editor.title, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.evidence.items()) == 2
    assert editor.title.text() == "Photo of my car posted"  # nothing pasted as text
    pasted = editor.evidence.items()[1]
    assert pasted.mime == "image/png" and pasted.filename.startswith("Screenshot")
    # In the editor the pictures are blurred too, with their fingerprints shown.
    assert pasted.sha256 in all_text(editor.evidence)
    row_picture = editor.evidence.findChildren(QWidget, "evidenceThumbnail")[0]
    assert contrast(row_picture.grab().toImage()) < 60

    with qtbot.waitSignal(page.saved, timeout=20_000) as saved:
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    entry_id = saved.args[0]
    stored = run(qtbot, ops, lambda j: j.repo.get(entry_id))
    assert stored.attachments[0].filename == "post.png"
    assert len(stored.attachments) == 2
    data = run(qtbot, ops, lambda j: j.repo.attachment(stored.attachments[0].id).data)
    assert data == picture.read_bytes()

    # The detail pane shows them blurred until "Show images".
    detail = page.detail
    qtbot.waitUntil(lambda: detail.entry_id == entry_id and len(detail._evidence_buttons) == 2)
    button = detail._evidence_buttons[0][0]
    assert not detail.images_shown
    hidden = button.icon().pixmap(96, 96).toImage()
    assert contrast(hidden) < 60
    qtbot.mouseClick(detail.images_button, Qt.MouseButton.LeftButton)
    assert detail.images_shown
    assert contrast(button.icon().pixmap(96, 96).toImage()) > 150

    # The viewer loads the bytes from the journal, blurred until Show.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    viewer = detail._viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.reveal_button.isEnabled(), timeout=20_000)
    assert contrast(viewer.picture.pixmap().toImage()) < 60
    qtbot.mouseClick(viewer.reveal_button, Qt.MouseButton.LeftButton)
    assert contrast(viewer.picture.pixmap().toImage()) > 150
    viewer.close()


def test_quoted_words_hidden_until_show(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    run(qtbot, ops, lambda j: j.repo.add(incident("A comment", quoted_text=f"you {MARKER}")))
    page = open_page(ops)
    page.focus_table()
    detail: DetailPane = page.detail
    qtbot.waitUntil(lambda: detail.entry is not None, timeout=20_000)
    assert MARKER not in all_text(page)
    assert detail.words_button.isVisible() and not detail.words.isVisible()
    qtbot.mouseClick(detail.words_button, Qt.MouseButton.LeftButton)
    assert detail.words.text() == f"you {MARKER}"
    assert detail.words.isVisible()
    qtbot.mouseClick(detail.words_button, Qt.MouseButton.LeftButton)
    assert MARKER not in all_text(page)
    # Shown again, then locked: after unlock the words are hidden again.
    qtbot.mouseClick(detail.words_button, Qt.MouseButton.LeftButton)
    page.prepare_lock()
    page.clear()
    page.reload()
    loaded(qtbot, page, ops)
    page.focus_table()
    qtbot.waitUntil(lambda: detail.entry is not None, timeout=20_000)
    assert not detail.words_shown
    assert MARKER not in all_text(page)


# -- finding -----------------------------------------------------------------------------------


def test_search_text_finds_it_and_hides_the_rest(
    qtbot: QtBot,
    make_ops: Callable[..., Operations],
    open_page: Callable[[Operations], IncidentsPage],
) -> None:
    ops = make_ops(
        [
            incident("Review of the service", description=f"mentions {MARKER} twice"),
            incident("Comment on a photo"),
            incident("Post about the hearing"),
        ]
    )
    page = open_page(ops)
    assert len(titles(page)) == 3
    page.set_search_text(MARKER.lower()[:6])
    qtbot.waitUntil(lambda: titles(page) == ["Review of the service"], timeout=20_000)
    index = page.proxy.index(0, Column.TITLE)
    assert "\x02" in index.data(Role.SNIPPET)  # the match is marked for highlighting
    page.set_search_text("nothing like this anywhere")
    qtbot.waitUntil(lambda: page.lists.currentWidget() is page.empty, timeout=20_000)
    assert page.empty_title.text() == "Nothing matches"
    page.set_search_text("")
    qtbot.waitUntil(lambda: len(titles(page)) == 3, timeout=20_000)


def test_filters_narrow_the_list(
    qtbot: QtBot,
    make_ops: Callable[..., Operations],
    open_page: Callable[[Operations], IncidentsPage],
) -> None:
    old = now() - timedelta(days=60)
    ops = make_ops(
        [
            incident("High on X", severity="high", platform="x", impact_tags=["angry"]),
            incident("Low on email", severity="low", platform="email", status="closed"),
            incident("Old threat", category="threat", severity="critical", occurred_at=old),
        ]
    )
    page = open_page(ops)
    bar = page.filters
    assert not bar.clear_button.isEnabled()
    bar.severity.setFocus()
    qtbot.keyClicks(bar.severity, "H")
    qtbot.waitUntil(lambda: titles(page) == ["High on X"], timeout=20_000)
    assert bar.clear_button.isEnabled()
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(titles(page)) == 3, timeout=20_000)
    bar.period.setCurrentIndex(bar.period.findData("30d"))
    qtbot.waitUntil(lambda: "Old threat" not in titles(page) and len(titles(page)) == 2)
    bar.period.setCurrentIndex(bar.period.findData("all"))
    bar.status.setCurrentIndex(bar.status.findData("closed"))
    qtbot.waitUntil(lambda: titles(page) == ["Low on email"], timeout=20_000)
    bar.clear()
    qtbot.waitUntil(lambda: bar.tag.findData("angry") >= 0, timeout=20_000)
    bar.tag.setCurrentIndex(bar.tag.findData("angry"))
    qtbot.waitUntil(lambda: titles(page) == ["High on X"], timeout=20_000)
    bar.clear()
    bar.platform.setCurrentIndex(bar.platform.findData("email"))
    qtbot.waitUntil(lambda: titles(page) == ["Low on email"], timeout=20_000)
    bar.clear()
    bar.category.setCurrentIndex(bar.category.findData("threat"))
    qtbot.waitUntil(lambda: titles(page) == ["Old threat"], timeout=20_000)


def test_by_author_groups_and_filters(
    qtbot: QtBot,
    make_ops: Callable[..., Operations],
    open_page: Callable[[Operations], IncidentsPage],
) -> None:
    start = now() - timedelta(days=10)
    ops = make_ops(
        [
            incident("First from A", author_handle="@a", occurred_at=start, severity="low"),
            incident("Second from A", author_handle="@a", occurred_at=start + timedelta(days=2),
                     severity="high"),
            incident("Third from A", author_handle="@a", occurred_at=start + timedelta(days=5)),
            incident("Only from B", author_handle="@b"),
            incident("Nobody known"),
        ]
    )  # fmt: skip
    page = open_page(ops)
    page.tabs.setCurrentIndex(1)
    authors = page.authors
    qtbot.waitUntil(lambda: authors.proxy.rowCount() == 2, timeout=20_000)
    top = [authors.proxy.index(0, c).data() for c in range(6)]
    assert top[1] == "@a" and top[2] == "3" and top[5] == "High"
    authors.table.setFocus()
    authors.table.setCurrentIndex(authors.proxy.index(0, 0))
    qtbot.keyClick(authors.table, Qt.Key.Key_Return)
    assert page.lists.currentWidget() is page.table
    qtbot.waitUntil(
        lambda: sorted(titles(page)) == ["First from A", "Second from A", "Third from A"],
        timeout=20_000,
    )
    assert page.filters.author.isVisible() and "@a" in page.filters.author.text()
    qtbot.mouseClick(page.filters.author, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(titles(page)) == 5, timeout=20_000)


def test_sorting_by_a_column_loads_every_row_first(
    qtbot: QtBot,
    make_ops: Callable[..., Operations],
    open_page: Callable[[Operations], IncidentsPage],
) -> None:
    start = now() - timedelta(days=20)
    severities = ("medium", "low", "high")
    ops = make_ops(
        [
            incident(f"Post {n}", occurred_at=start + timedelta(minutes=n),
                     severity="critical" if n == 0 else severities[n % 3])
            for n in range(PAGE_SIZE + 50)
        ]
    )  # fmt: skip
    page = open_page(ops)
    assert page.model.rowCount() == PAGE_SIZE  # the oldest, critical one isn't loaded yet
    header = page.table.horizontalHeader()
    severity_x = header.sectionViewportPosition(Column.SEVERITY) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(severity_x, 5))
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE + 50, timeout=20_000)
    shown = [page.proxy.index(r, Column.SEVERITY).data() for r in (0, page.proxy.rowCount() - 1)]
    assert sorted(shown) == ["Critical", "Low"]
    # Back to the date, oldest first: the core answers in that order.
    date_x = header.sectionViewportPosition(Column.DATE) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(date_x, 5))
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert header.sortIndicatorSection() == Column.DATE
    qtbot.waitUntil(
        lambda: page.model.query.order == ("oldest" if ascending else "newest"), timeout=20_000
    )
    loaded(qtbot, page, ops)
    first = page.proxy.index(0, Column.TITLE).data()
    assert first == ("Post 0" if ascending else f"Post {PAGE_SIZE + 49}")
    if ascending:  # the oldest page came from the core, not from re-sorting loaded rows
        assert page.model.rowCount() == PAGE_SIZE


# -- editing, deleting, history ----------------------------------------------------------------


def test_edit_keeps_history_and_delete_can_be_undone(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    saved = run(qtbot, ops, lambda j: j.repo.add(incident("Before the edit")))
    page = open_page(ops)
    page.focus_table()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter edits the incident
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.editor, timeout=20_000)
    assert page.editor.heading.text() == "Edit incident"
    assert page.editor.title.text() == "Before the edit"
    page.editor.title.selectAll()
    qtbot.keyClicks(page.editor.title, "After the edit")
    with qtbot.waitSignal(page.saved, timeout=20_000):
        qtbot.keyClick(page.editor.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    loaded(qtbot, page, ops)
    assert titles(page) == ["After the edit"]
    detail = page.detail
    qtbot.waitUntil(lambda: detail.edited.text() == "Edited once.", timeout=20_000)
    history = run(qtbot, ops, lambda j: j.repo.history(saved.id))
    assert [r.revision for r in history] == [1, 2]
    qtbot.mouseClick(detail.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail._history is not None, timeout=20_000)
    table = detail._history.table
    assert table.rowCount() == 2
    assert table.item(1, 2).text() == "title"
    assert table.item(1, 3).toolTip() == history[1].hash
    detail._history.close()

    qtbot.mouseClick(detail.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.notice.kind == "deleted", timeout=20_000)
    loaded(qtbot, page, ops)
    assert titles(page) == []
    qtbot.mouseClick(page.notice.first, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: titles(page) == ["After the edit"], timeout=20_000)
    qtbot.waitUntil(lambda: page.table.currentIndex().data(Role.ID) == saved.id)


def test_a_change_elsewhere_is_refused_calmly(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    saved = run(qtbot, ops, lambda j: j.repo.add(incident("Edited twice")))
    page = open_page(ops)
    page.edit_incident(saved.id)
    qtbot.waitUntil(lambda: page.editor.is_open, timeout=20_000)

    def other_edit(j) -> None:  # type: ignore[no-untyped-def]
        entry = j.repo.get(saved.id)
        entry.description = "changed in the meantime"
        j.repo.update(entry)

    run(qtbot, ops, other_edit)
    qtbot.keyClicks(page.editor.title, " again")
    page.editor.save()
    qtbot.waitUntil(lambda: "changed elsewhere" in page.editor.message.text(), timeout=20_000)
    assert page.stack.currentWidget() is page.editor


# -- drafts and locking ------------------------------------------------------------------------


def test_draft_survives_lock_and_is_offered_after_unlock(
    qtbot: QtBot,
    ops: Operations,
    open_page: Callable[[Operations], IncidentsPage],
    tmp_path: Path,
) -> None:
    page = open_page(ops)
    editor = new_incident(qtbot, page)
    qtbot.keyClicks(focused(), f"Half written {MARKER}")
    editor.description.setFocus()
    qtbot.keyClicks(editor.description, "more words")
    QGuiApplication.clipboard().setImage(checkerboard(60, 5))
    qtbot.keyClick(editor.description, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.evidence.items()) == 1
    # The lock as the main window does it: prepare, clear, close.
    page.prepare_lock()
    page.clear()
    with qtbot.waitSignal(ops.closed, timeout=20_000):
        ops.close()
    assert MARKER not in all_text(page)
    assert page.stack.currentWidget() is page.browse
    from journal.session import Unlock

    with qtbot.waitSignal(ops.opened, timeout=20_000):
        ops.open(Unlock())
    page.reload()
    loaded(qtbot, page, ops)
    qtbot.waitUntil(lambda: page.draft_bar.isVisible(), timeout=20_000)
    assert MARKER in page.draft_bar.text.text()
    qtbot.mouseClick(page.draft_bar.first, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is editor
    assert editor.title.text() == f"Half written {MARKER}"
    assert editor.description.toPlainText() == "more words"
    assert len(editor.evidence.items()) == 1
    with qtbot.waitSignal(page.saved, timeout=20_000):
        editor.save()
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: j.repo.drafts()) == []
    assert not page.draft_bar.isVisible()


def test_autosave_keeps_a_draft_when_typing_stops(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    page = open_page(ops)
    page.editor.set_autosave_interval(50)
    page.new_incident()
    qtbot.waitUntil(lambda: page.editor.title.hasFocus())
    qtbot.keyClicks(focused(), "Typed then paused")
    qtbot.waitUntil(lambda: page.editor.draft_state.text() != "", timeout=20_000)
    drafts = run(qtbot, ops, lambda j: j.repo.drafts())
    assert len(drafts) == 1 and drafts[0][2]["fields"]["title"] == "Typed then paused"


def test_clear_leaves_no_journal_text_anywhere(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    run(
        qtbot,
        ops,
        lambda j: j.repo.add(
            incident(
                f"Title {MARKER}",
                description=f"Description {MARKER}",
                quoted_text=f"Quoted {MARKER}",
                author_handle=f"@{MARKER}",
                impact_tags=[MARKER.lower()],
                private_notes=f"Private {MARKER}",
                case_ref=f"C-{MARKER}",
            )
        ),
    )
    page = open_page(ops)
    page.focus_table()
    qtbot.waitUntil(lambda: page.detail.entry is not None, timeout=20_000)
    qtbot.mouseClick(page.detail.words_button, Qt.MouseButton.LeftButton)
    page.set_search_text(MARKER)
    loaded(qtbot, page, ops)
    qtbot.waitUntil(lambda: len(titles(page)) == 1, timeout=20_000)
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.authors.proxy.rowCount() == 1, timeout=20_000)
    page.tabs.setCurrentIndex(0)
    page.filters.set_author(f"@{MARKER}")
    loaded(qtbot, page, ops)
    page.edit_incident(page.detail.entry_id or "")
    qtbot.waitUntil(lambda: page.editor.is_open, timeout=20_000)
    page.editor.checklist.other.setText(f"Phoned {MARKER}")
    qtbot.keyClick(page.editor.checklist.other, Qt.Key.Key_Return)
    image = checkerboard(40, 4)
    page.editor.evidence.add_image(image, filename=f"{MARKER}.png")
    assert f"Phoned {MARKER}" in all_text(page.editor.checklist)
    assert f"{MARKER}.png" in all_text(page.editor.evidence)
    assert MARKER in all_text(page)  # the walk does find it while shown
    page.prepare_lock()
    page.clear()
    idle(qtbot, ops)
    text = all_text(page)
    assert MARKER not in text and MARKER.lower() not in text
    assert page.model.rowCount() == 0 and page.authors.model.rowCount() == 0
    assert page.stack.currentWidget() is page.browse


def test_window_titles_hold_no_content(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    run(qtbot, ops, lambda j: j.repo.add(incident(f"Title {MARKER}")))
    page = open_page(ops)
    page.focus_table()
    qtbot.waitUntil(lambda: page.detail.entry is not None, timeout=20_000)
    qtbot.mouseClick(page.detail.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail._history is not None, timeout=20_000)
    for widget in QApplication.topLevelWidgets():
        assert MARKER not in widget.windowTitle()
    page.clear()
    assert page.detail._history is None


def test_editing_keeps_the_quoted_words_hidden_until_asked(
    qtbot: QtBot, ops: Operations, open_page: Callable[[Operations], IncidentsPage]
) -> None:
    saved = run(qtbot, ops, lambda j: j.repo.add(incident("Words kept", quoted_text="QZWORDS")))
    page = open_page(ops)
    page.edit_incident(saved.id)
    qtbot.waitUntil(lambda: page.editor.is_open, timeout=20_000)
    editor = page.editor
    assert editor.quoted_veil.isVisible() and not editor.quoted.isVisible()
    qtbot.mouseClick(editor.quoted_veil, Qt.MouseButton.LeftButton)
    assert editor.quoted.isVisible() and editor.quoted.toPlainText() == "QZWORDS"
    assert editor.quoted.hasFocus()
    editor.title.setFocus()
    qtbot.keyClicks(editor.title, " too")
    with qtbot.waitSignal(page.saved, timeout=20_000):
        qtbot.keyClick(editor.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert run(qtbot, ops, lambda j: j.repo.get(saved.id).quoted_text) == "QZWORDS"
    page.new_incident()  # a new incident: the words are typed in the open
    qtbot.waitUntil(lambda: page.editor.is_open, timeout=20_000)
    assert editor.quoted.isVisibleTo(editor) and not editor.quoted_veil.isVisibleTo(editor)
