"""The wheel `pip install .` builds holds the whole app and nothing else.

A wheel that names only the top-level packages installs a program that can't open (its
sub-packages are missing), while an editable install, reading the tree, works: so the
wheel itself is built here and compared with the source tree.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import check_wheel  # noqa: E402


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return check_wheel.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def tree_modules(package: str) -> set[str]:
    return {
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }


@pytest.mark.parametrize("package", ["journal", "ui"])
def test_every_module_of_the_tree_is_in_the_wheel(wheel_files: set[str], package: str) -> None:
    in_tree = tree_modules(package)
    in_wheel = {name for name in wheel_files if name.startswith(f"{package}/")}
    missing = sorted(in_tree - in_wheel)
    assert not missing, (
        f"Not in the wheel: {missing}. Add each new sub-package to [tool.setuptools] "
        "packages in pyproject.toml."
    )
    assert in_wheel <= in_tree  # nothing else under the package


def test_every_resource_is_in_the_wheel(wheel_files: set[str]) -> None:
    resources = {
        "pj_resources/" + str(path.relative_to(ROOT / "resources"))
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert resources - wheel_files == set()


def test_nothing_that_should_not_ship(wheel_files: set[str]) -> None:
    tops = {name.split("/")[0] for name in wheel_files}
    allowed = {"journal", "ui", "pj_resources"}
    assert {t for t in tops if not t.endswith(".dist-info")} == allowed
    assert not [n for n in wheel_files if n.endswith("screens.py") or "/tests/" in n]


def test_the_command_is_declared(wheel: Path, wheel_files: set[str]) -> None:
    entry_points = next(n for n in wheel_files if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(entry_points).decode()
    assert "practitioner-journal = journal.cli:main" in text
