"""The core and the command line never load Qt."""

from __future__ import annotations

import ast
import os
import textwrap
from pathlib import Path

from conftest import PASSPHRASE
from helpers.processes import run_python

from journal.paths import JournalPaths
from journal.session import Journal

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "journal"

CHILD = textwrap.dedent(
    """
    import importlib, json, pkgutil, runpy, sys

    import journal

    names = [m.name for m in pkgutil.walk_packages(journal.__path__, "journal.")]
    for name in names:
        if name != "journal.__main__":
            importlib.import_module(name)
    codes = []
    for argv in (sys.argv[1:], ["list"]):
        sys.argv = ["practitioner-journal", *argv]
        try:
            runpy.run_module("journal", run_name="__main__", alter_sys=True)
        except SystemExit as done:
            codes.append(done.code)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
    print(json.dumps({"modules": names, "codes": codes, "qt": loaded}))
    """
)


def test_importing_the_core_and_running_commands_leaves_qt_unloaded(
    paths: JournalPaths, passphrase_file: Path
) -> None:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    journal.close()
    env = dict(os.environ)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env.pop("QT_QPA_PLATFORM", None)
    done = run_python(
        "-c", CHILD, "list", "--json", "--no-keyring", "--passphrase-file", passphrase_file,
        env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    import json

    report = json.loads(done.stdout.splitlines()[-1])
    assert report["codes"] == [0, 4]  # a real command ran; the second had no way to unlock
    assert {"journal.cli", "journal.session", "journal.store", "journal.verify"} <= set(
        report["modules"]
    )
    assert report["qt"] == []


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def test_no_core_module_imports_qt_or_the_ui() -> None:
    """Also the imports inside functions, which the run above may not reach."""
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for module, line in _imports(path):
            top = module.split(".")[0]
            qt = top in ("PySide6", "shiboken6", "PyQt5", "PyQt6")
            # The one way in to the app: ``practitioner-journal`` with no command.
            ui = top == "ui" and not (path.name == "cli.py" and module == "ui.app")
            if qt or ui:
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert offenders == []


def test_the_check_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert _imports(sample) == [("PySide6.QtCore", 2)]
