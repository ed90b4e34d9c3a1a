"""No function of the app is longer than a reader can hold: about a screen and a half.

A longer one is split along its seams (a dialog's ``__init__`` into the parts it builds,
a command into its steps). Data written out as a table may be longer, with a reason.
"""

from __future__ import annotations

import ast

from helpers.paths import REPO

FOLDERS = ("journal", "ui", "benchmarks", "packaging", "docs", "tests")
LONGEST = 80  # lines, from ``def`` to the last line of the body


def long_functions() -> list[str]:
    found = []
    for folder in FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > LONGEST:
                        where = path.relative_to(REPO)
                        found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_longer_than_about_a_screen_and_a_half() -> None:
    found = long_functions()
    assert not found, "Split these along their seams:\n" + "\n".join(found)
