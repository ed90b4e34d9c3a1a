"""Walk the running app's accessibility tree over AT-SPI and Tab through the editor.

Run with the system python3 that has pyatspi (Debian: python3-pyatspi), on the same
accessibility bus as the app. Prints one JSON object: the controls with no name, and the
names of the controls that had the focus, in order, while Tab was pressed.
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi

APP_NAME = "Practitioner Journal"
TAB_KEYCODE = 23  # X11 keycode of Tab on the usual keymaps (Xvfb's included)
CONTROLS = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_TEXT,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_LIST,
    pyatspi.ROLE_TABLE,
    pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_TOOL_BAR,
}


def find_app(timeout: float) -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and APP_NAME.lower() in (app.name or "").lower():
                return app
        time.sleep(0.5)
    raise SystemExit(json.dumps({"error": "the app never appeared on the accessibility bus"}))


def walk(node: object, found: list[object], depth: int = 0) -> None:
    if node is None or depth > 60:
        return
    found.append(node)
    for child in node:
        walk(child, found, depth + 1)


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


def showing(node: object) -> bool:
    states = node.getState()
    return states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)


def focused(app: object) -> object | None:
    nodes: list[object] = []
    walk(app, nodes)
    hits = [
        node
        for node in nodes
        if node.getState().contains(pyatspi.STATE_FOCUSED) and node.getRole() in CONTROLS
    ]
    # A page tab reports "focused" while its tab bar is merely current; prefer a field.
    hits.sort(key=lambda node: node.getRole() == pyatspi.ROLE_PAGE_TAB)
    return hits[0] if hits else None


def main() -> int:
    app = find_app(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0)
    time.sleep(3)  # unlocked, editor open
    nodes: list[object] = []
    walk(app, nodes)
    unnamed = [
        f"{node.getRoleName()} under {node.parent.getRoleName() if node.parent else '?'}"
        for node in nodes
        if node.getRole() in CONTROLS and showing(node) and not label_of(node)
    ]
    stops: list[str] = []
    for _ in range(80):
        pyatspi.Registry.generateKeyboardEvent(TAB_KEYCODE, None, pyatspi.KEY_PRESSRELEASE)
        time.sleep(0.25)
        node = focused(app)
        stops.append(f"{node.getRoleName()}:{label_of(node)}" if node is not None else "?")
        if (
            node is not None
            and node.getRole() == pyatspi.ROLE_PUSH_BUTTON
            and label_of(node).replace("&", "") == "Save"
        ):
            break
    print(json.dumps({"controls": len(nodes), "unnamed": unnamed, "tab_stops": stops}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
