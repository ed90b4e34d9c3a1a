"""What every UI test does the same way: wait for the worker, type, click, unlock, show a
page, read every text a window holds.

Imported as ``helpers.qt`` (``tests/`` is on the path; the test folders are no packages).
The section folders' own helper modules add only what is theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from journal.models import Entry
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.main_window import MainWindow
from ui.operations import Operations

T = TypeVar("T")
W = TypeVar("W", bound=QWidget)
PASSPHRASE = "correct horse battery staple"  # the same as tests/conftest.py's
WAIT_MS = 30_000  # how long a test waits for the app before it fails (a loaded machine is slow)


def idle(qtbot: QtBot, ops: Operations) -> None:
    """Wait until the worker has nothing left to do, replies included."""
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)


wait_idle = idle


def run(qtbot: QtBot, ops: Operations, fn: Callable[[Journal], T]) -> T:
    """Run ``fn`` on the worker, as the app does, and wait for the answer."""
    results: list[T] = []
    errors: list[BaseException] = []
    ops.submit(fn, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(results or errors), timeout=WAIT_MS)
    if errors:
        raise errors[0]
    return results[0]


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Move to the field (as Tab would) and type."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(widget, text)


def click(qtbot: QtBot, widget: QWidget) -> None:
    """Click a button a person can see: shown, enabled and laid out."""
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    # A button just added is clickable once it is laid out, as for a person who sees it:
    # until its layout runs it may be 0 pixels high, and a click at its centre misses it.
    qtbot.waitUntil(lambda: not widget.rect().isEmpty(), timeout=WAIT_MS)
    if isinstance(widget, QCheckBox):  # a person clicks the box or its words, not the row's middle
        height = widget.height()
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(height // 2, height // 2))
        return
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def unlock(
    qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE, *, settle: bool = True
) -> None:
    """Type the passphrase on the unlock screen, as a person would, and wait for the journal
    to open (and, with ``settle``, for the pages to finish loading)."""
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    type_into(qtbot, screen.passphrase, passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
    if settle:
        idle(qtbot, window.ops)


def unlock_with_passphrase(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """Unlock without waiting for the pages: for tests that watch what happens meanwhile."""
    unlock(qtbot, window, passphrase, settle=False)


def show(qtbot: QtBot, widget: W, size: tuple[int, int] | None = None) -> W:
    """Show a widget on its own (at ``size``), as a window the test owns, once it is exposed."""
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@contextmanager
def loaded_page(
    qtbot: QtBot,
    ops: Operations,
    page: W,
    size: tuple[int, int] = (1200, 800),
    *,
    activate: bool = False,
    ready: Callable[[Any], bool] | None = None,
) -> Iterator[W]:
    """A section's page shown on its own and loaded (the worker idle and, with ``ready``,
    the page saying so); cleared afterwards, as a lock would. For a fixture to yield."""
    show(qtbot, page, size)
    if activate:
        page.activateWindow()
    page.reload()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not ops.busy and (ready is None or ready(page)), timeout=WAIT_MS)
    yield page
    page.clear()  # type: ignore[attr-defined]


@contextmanager
def shown_window(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int] | None = None
) -> Iterator[MainWindow]:
    """The main window shown (locked until the test unlocks it), and closed afterwards if
    the test left it open. For a fixture to yield."""
    show(qtbot, window, size)
    yield window
    if window.isVisible():
        window.close()


def open_operations(
    qtbot: QtBot,
    paths: JournalPaths,
    make_operations: Callable[[JournalPaths], Operations],
    entries: list[Entry] | None = None,
) -> Operations:
    """A worker on a new journal holding ``entries``, opened by the keyring the journal
    was created with (the in-memory backend of tests/conftest.py)."""
    journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
    with journal:
        if entries:
            journal.repo.add_many([(e, ()) for e in entries])
    ops = make_operations(paths)
    with qtbot.waitSignal(ops.opened, timeout=WAIT_MS):
        ops.open(Unlock())
    return ops


def go_to(
    qtbot: QtBot,
    window: MainWindow,
    key: str,
    kind: type[W],
    ready: Callable[[W], bool] | None = None,
) -> W:
    """Show a section's page in the window, as the navigation does, once it is loaded: the
    worker idle and, with ``ready``, the page saying so."""
    window.show_page(key)
    page = window.page(key)
    assert isinstance(page, kind)
    qtbot.waitUntil(lambda: (ready is None or ready(page)) and not window.ops.busy, timeout=WAIT_MS)
    return page


# The item data a person or a screen reader gets from a view's rows.
SHOWN_ROLES: tuple[Qt.ItemDataRole, ...] = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # list models keep columnCount private: one column
        return 1


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:  # flat models keep hasChildren private
        return False


def model_strings(
    model: QAbstractItemModel,
    parent: QModelIndex | None = None,
    roles: tuple[Qt.ItemDataRole, ...] = SHOWN_ROLES,
) -> list[str]:
    """Every row of a model (and of its rows' children) in ``roles``, and its headers."""
    parent = parent or QModelIndex()
    found: list[str] = []
    columns = _columns(model, parent)
    for row in range(model.rowCount(parent)):
        for column in range(max(1, columns)):
            index = model.index(row, column, parent)
            for role in roles:
                value = index.data(role)
                if value is not None:
                    found.append(str(value))
            if column == 0 and _has_children(model, index):
                found.extend(model_strings(model, index, roles))
    for section in range(columns):
        found.append(str(model.headerData(section, Qt.Orientation.Horizontal)))
    return found


def _chart_strings(chart: Any) -> list[str]:
    found = [chart.title()]
    for axis in chart.axes():
        found.append(axis.titleText())
        categories = getattr(axis, "categories", None)
        if callable(categories):
            found.extend(categories())
    found.extend(series.name() for series in chart.series())
    return found


def _widget_strings(widget: QWidget) -> list[str]:
    found = [
        widget.windowTitle(),
        widget.toolTip(),
        widget.statusTip(),
        widget.whatsThis(),
        widget.accessibleName(),
        widget.accessibleDescription(),
    ]
    text = getattr(widget, "text", None)  # labels, buttons, fields, date fields …
    if callable(text):
        try:
            value = text()
        except TypeError:
            value = None
        if isinstance(value, str):
            found.append(value)
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder):
        found.append(str(placeholder()))
    if isinstance(widget, QLabel):
        found.append(widget.text())
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        found.append(widget.toPlainText())
    if isinstance(widget, QComboBox):
        found += [widget.itemText(i) for i in range(widget.count())] + [widget.currentText()]
    chart = getattr(widget, "chart", None)
    if callable(chart) and type(widget).__name__ == "QChartView":
        found.extend(_chart_strings(chart()))
    return found


def every_string(
    root: QObject,
    *,
    roles: tuple[Qt.ItemDataRole, ...] = SHOWN_ROLES,
    visible_only: bool = False,
) -> list[str]:
    """Every text a person or a screen reader could get from ``root`` and its children:
    widgets' words and names, fields, lists, every row of every item model (in ``roles``),
    documents, actions and charts. ``visible_only`` keeps to the widgets on screen."""
    found: list[str] = []
    for obj in [root, *root.findChildren(QObject)]:
        if visible_only and not (isinstance(obj, QWidget) and obj.isVisible()):
            continue
        if isinstance(obj, QWidget):
            found += _widget_strings(obj)
        if isinstance(obj, QAbstractItemView) and obj.model() is not None:
            found += model_strings(obj.model(), roles=roles)
        if isinstance(obj, QAbstractItemModel):
            found += model_strings(obj, roles=roles)
        if isinstance(obj, QTextDocument):
            found.append(obj.toPlainText())
        if isinstance(obj, QAction):
            found += [obj.text(), obj.toolTip(), obj.statusTip()]
    return found


def all_text(
    root: QWidget | None = None,
    *,
    roles: tuple[Qt.ItemDataRole, ...] = SHOWN_ROLES,
    visible_only: bool = False,
) -> str:
    """``every_string`` of ``root`` (or of every open window) as one text, a line each:
    what a test reads to prove a marker is shown, or that nothing of the journal is left."""
    tops = [root] if root is not None else QApplication.topLevelWidgets()
    return "\n".join(
        s for top in tops for s in every_string(top, roles=roles, visible_only=visible_only) if s
    )


def anywhere(needle: str) -> bool:
    """Whether any open window of the app still shows ``needle`` (in any case)."""
    return needle.lower() in all_text().lower()
