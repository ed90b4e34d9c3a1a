"""A reply that no longer matters is dropped: one mechanism instead of counters by hand.

A call submitted with an ``owner`` replies only while that widget exists; with a ``key``
as well, a newer call under the same owner and key makes the older reply be dropped;
``forget`` drops what is still on its way. The worker is held on a gate so that the
replies arrive when the test says, after the newer request or after the widget closed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from journal.errors import JournalError
from journal.paths import JournalPaths
from ui.operations import Operations

WAIT_MS = 10_000


@pytest.fixture
def ops(paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]) -> Operations:
    return make_operations(paths)


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    """The widget the calls are made for; pytest-qt closes it after the test."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def gate() -> threading.Event:
    """Holds the worker's jobs until ``release``."""
    return threading.Event()


def held(gate: threading.Event, value: str) -> Callable[[], str]:
    """A job that waits on ``gate`` and then returns ``value``."""

    def job() -> str:
        assert gate.wait(WAIT_MS / 1000)
        return value

    return job


def release(qtbot: QtBot, ops: Operations, gate: threading.Event) -> None:
    """Let the held jobs run, and wait until the worker has finished them all."""
    gate.set()
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)


def test_a_reply_after_a_newer_request_is_dropped(
    qtbot: QtBot, ops: Operations, owner: QWidget, gate: threading.Event
) -> None:
    got: list[str] = []
    ops.submit_background(held(gate, "old"), got.append, owner=owner, key="load")
    ops.submit_background(held(gate, "new"), got.append, owner=owner, key="load")
    release(qtbot, ops, gate)
    assert got == ["new"]


def test_other_keys_and_other_owners_are_not_replaced(
    qtbot: QtBot, ops: Operations, gate: threading.Event
) -> None:
    first, second = QWidget(), QWidget()
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    got: list[str] = []
    ops.submit_background(held(gate, "first load"), got.append, owner=first, key="load")
    ops.submit_background(held(gate, "first count"), got.append, owner=first, key="count")
    ops.submit_background(held(gate, "second load"), got.append, owner=second, key="load")
    ops.submit_background(held(gate, "no key"), got.append, owner=first)
    ops.submit_background(held(gate, "no key either"), got.append, owner=first)
    release(qtbot, ops, gate)
    assert got == ["first load", "first count", "second load", "no key", "no key either"]


def test_a_reply_to_a_closed_widget_is_dropped(
    qtbot: QtBot, ops: Operations, gate: threading.Event
) -> None:
    owner = QWidget()
    owner.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    owner.show()
    got: list[str] = []
    errors: list[JournalError] = []
    ops.submit_background(held(gate, "late"), got.append, errors.append, owner=owner)
    destroyed: list[bool] = []
    owner.destroyed.connect(lambda: destroyed.append(True))
    owner.close()
    qtbot.waitUntil(lambda: bool(destroyed), timeout=WAIT_MS)
    release(qtbot, ops, gate)
    QApplication.processEvents()
    assert got == [] and errors == []


def test_a_widget_closed_for_good_gets_no_error_either(
    qtbot: QtBot, ops: Operations, owner: QWidget, gate: threading.Event
) -> None:
    errors: list[JournalError] = []
    unhandled: list[object] = []
    ops.failed.connect(unhandled.append)

    def refused() -> None:
        assert gate.wait(WAIT_MS / 1000)
        raise JournalError("no")

    ops.submit_background(refused, None, errors.append, owner=owner)
    owner.closed_for_good = True  # type: ignore[attr-defined]
    release(qtbot, ops, gate)
    assert errors == [] and unhandled == []


def test_forget_drops_what_is_on_its_way(
    qtbot: QtBot, ops: Operations, owner: QWidget, gate: threading.Event
) -> None:
    got: list[str] = []
    ops.submit_background(held(gate, "loaded"), got.append, owner=owner, key="load")
    ops.submit_background(held(gate, "saved"), got.append, owner=owner, key="save")
    ops.forget(owner, "save")
    ops.submit_background(held(gate, "saved again"), got.append, owner=owner, key="save")
    release(qtbot, ops, gate)
    assert got == ["loaded", "saved again"]
    gate.clear()
    ops.submit_background(held(gate, "before the lock"), got.append, owner=owner, key="load")
    ops.submit_background(held(gate, "no key"), got.append, owner=owner)
    ops.forget(owner)
    ops.submit_background(held(gate, "after the lock"), got.append, owner=owner)
    release(qtbot, ops, gate)
    assert got == ["loaded", "saved again", "after the lock"]


def test_an_unhandled_error_is_still_reported(
    qtbot: QtBot, ops: Operations, owner: QWidget
) -> None:
    """With no ``on_error``, a world error reaches ``failed`` as it did before."""

    def refused() -> None:
        raise JournalError("no")

    with qtbot.waitSignal(ops.failed, timeout=WAIT_MS):
        ops.submit_background(refused, None, owner=owner, key="load")


def test_nothing_is_kept_once_every_reply_came(
    qtbot: QtBot, ops: Operations, owner: QWidget
) -> None:
    got: list[str] = []
    for n in range(3):
        ops.submit_background(lambda n=n: str(n), got.append, owner=owner, key="load")
    ops.forget(owner)
    ops.submit_background(lambda: "last", got.append, owner=owner, key="load")
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
    assert got == ["last"]
    tickets = ops._tickets
    assert (tickets._latest, tickets._forgotten, tickets._waiting) == ({}, {}, {})
