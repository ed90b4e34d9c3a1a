"""Walk the running app's accessibility tree over AT-SPI, screen by screen, and Tab
through the editor.

Run with the system python3 that has pyatspi (Debian: python3-pyatspi), on the same
accessibility bus as the app, with the control folder shared with tests/atspi/app.py
(argv[1]) and how long to wait for the app (argv[2], seconds). Asks the app for each main
screen in turn and prints one JSON object: for each screen, how many showing nodes it has,
its controls (role and name) and those with no name; and the names of the controls that
had the focus, in order, while Tab was pressed in the editor.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pyatspi

APP_NAME = "Practitioner Journal"
TAB_KEYCODE = 23  # X11 keycode of Tab on the usual keymaps (Xvfb's included)
# How long to wait for the app before looking again, or giving up: never a timing check.
POLL = 0.02
FOCUS_WAIT = 3.0
# The app starts here; the editor comes last, for the Tab walk.
SCREENS = (
    "unlock", "incidents", "checkins", "wellbeing", "supervision", "searchlog", "guidance",
    "support", "settings", "settings-unlocking", "settings-backups", "settings-old-entries",
    "editor",
)  # fmt: skip
CONTROLS = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_TEXT,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_LIST,
    pyatspi.ROLE_TABLE,
    pyatspi.ROLE_TREE,
    pyatspi.ROLE_TREE_TABLE,
    pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_PAGE_TAB_LIST,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_TOOL_BAR,
    pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_LINK,
}


def fail(message: str) -> None:
    print(json.dumps({"error": message}))
    raise SystemExit(0)


def find_app(timeout: float) -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and APP_NAME.lower() in (app.name or "").lower():
                return app
        time.sleep(0.1)  # each look asks the bus for every application
    fail("the app never appeared on the accessibility bus")
    raise AssertionError


def ask(control: Path, screen: str, timeout: float = 60.0) -> None:
    """Ask the app for a screen and wait until it says the screen shows."""
    request = control / "request"
    temporary = control / "request.tmp"
    temporary.write_text(screen, encoding="utf-8")
    os.replace(temporary, request)
    ready = control / "ready"
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if ready.exists() and ready.read_text(encoding="utf-8").strip() == screen:
            time.sleep(0.3)  # a moment for the bridge's events to arrive
            return
        time.sleep(POLL)
    fail(f"the app did not show the {screen} screen")


def showing_nodes(node: object, found: list[object], depth: int = 0) -> None:
    """The nodes a person could see: a hidden node's subtree is left out (that keeps the
    walk short, as every question to the bus is a round trip)."""
    if node is None or depth > 60:
        return
    try:
        states = node.getState()
    except Exception:  # the node went away while we looked
        return
    if depth > 1 and not states.contains(pyatspi.STATE_SHOWING):
        return
    found.append(node)
    for child in node:
        showing_nodes(child, found, depth + 1)


def label_of(node: object) -> str:
    """What a screen reader says the control is. On Linux, Qt gives a combo box its value
    as its name, so a combo box counts as named only through a label ("labelled by")."""
    name = node.name or ""
    if name and node.getRole() != pyatspi.ROLE_COMBO_BOX:
        return name
    for relation in node.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            target = relation.getTarget(0)
            if target is not None and target.name:
                return target.name
    return ""


def unnamed(nodes: list[object]) -> list[str]:
    return [
        f"{node.getRoleName()} under {node.parent.getRoleName() if node.parent else '?'}"
        f" {node.parent.name if node.parent else ''!r}"
        for node in nodes
        if node.getRole() in CONTROLS
        and node.getState().contains(pyatspi.STATE_VISIBLE)
        and not label_of(node)
    ]


def describe(node: object) -> str:
    return f"{node.getRoleName()}:{label_of(node)}"


def showing_controls(app: object) -> list[object]:
    nodes: list[object] = []
    showing_nodes(app, nodes)
    return [node for node in nodes if node.getRole() in CONTROLS]


def focused_among(controls: list[object]) -> object | None:
    hits = []
    for node in controls:
        try:
            states = node.getState()
        except Exception:  # the node went away while we looked
            states = None
        if states is not None and states.contains(pyatspi.STATE_FOCUSED):
            hits.append(node)
    # A page tab reports "focused" while its tab bar is merely current; prefer a field.
    hits.sort(key=lambda node: node.getRole() == pyatspi.ROLE_PAGE_TAB)
    return hits[0] if hits else None


def focus_after_tab(app: object, controls: list[object], previous: str) -> object | None:
    """The control with the focus once a Tab has moved it on from ``previous``.

    Asks only the controls already found (one round trip each, instead of a walk of the
    whole tree) until one of them, not a page tab, takes the focus. If none does for a
    while (the focus stayed put, or went to a control that has only just appeared), walks
    the whole tree again and answers from that, as the walk always did.
    """
    end = time.monotonic() + FOCUS_WAIT
    while time.monotonic() < end:
        node = focused_among(controls)
        if (
            node is not None
            and node.getRole() != pyatspi.ROLE_PAGE_TAB
            and describe(node) != previous
        ):
            return node
        time.sleep(POLL)
    controls[:] = showing_controls(app)
    return focused_among(controls)


def tab_to_save(app: object) -> list[str]:
    stops: list[str] = []
    controls = showing_controls(app)
    start = focused_among(controls)
    previous = describe(start) if start is not None else ""
    for _ in range(80):
        pyatspi.Registry.generateKeyboardEvent(TAB_KEYCODE, None, pyatspi.KEY_PRESSRELEASE)
        node = focus_after_tab(app, controls, previous)
        previous = describe(node) if node is not None else "?"
        stops.append(previous)
        if (
            node is not None
            and node.getRole() == pyatspi.ROLE_PUSH_BUTTON
            and label_of(node).replace("&", "") == "Save"
        ):
            break
    return stops


def main() -> int:
    control = Path(sys.argv[1])
    app = find_app(float(sys.argv[2]) if len(sys.argv) > 2 else 60.0)
    screens: dict[str, dict[str, object]] = {}
    for screen in SCREENS:
        ask(control, screen)
        nodes: list[object] = []
        showing_nodes(app, nodes)
        screens[screen] = {
            "nodes": len(nodes),
            "controls": [
                f"{node.getRoleName()}:{label_of(node)}"
                for node in nodes
                if node.getRole() in CONTROLS
            ],
            "unnamed": unnamed(nodes),
        }
    stops = tab_to_save(app)
    print(json.dumps({"screens": screens, "tab_stops": stops}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
