"""The desktop app reaches the journal only through the core's use cases and queries.

Writes go through ``journal.usecases`` (one transaction each, returning what changed)
and reads through ``journal.queries``. So nothing under ui/ calls a method of the
repository, keeps the repository under a name of its own to call it later, touches
the database connection, or runs SQL. A core function may still be handed
``journal.repo`` as its argument: what it does with it is the core's business.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / "ui"
SQL_CALLS = {"execute", "executemany", "executescript"}
LOW_MODULES = {"journal.store"}  # the connection and its driver


def ui_files() -> list[Path]:
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 50, "ui/ was not found where the test expects it"
    return files


def _is_repo(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "repo"


def _named(node: ast.AST) -> str:
    return ast.unparse(node) if hasattr(ast, "unparse") else type(node).__name__


def findings(source: str) -> list[str]:
    """Every way ``source`` reaches below the core's use cases and queries."""
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute):
            if _is_repo(node.value):
                found.append(f"{line}: a repository method ({_named(node)})")
            if node.attr == "conn":
                found.append(f"{line}: the database connection ({_named(node)})")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SQL_CALLS:
                found.append(f"{line}: SQL ({_named(func)})")
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr):
            value = node.value
            if value is not None and _is_repo(value):
                found.append(f"{line}: the repository kept under a name ({_named(value)})")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {alias.name for alias in node.names}
            if module in LOW_MODULES or (module == "journal.repository" and "Repository" in names):
                found.append(f"{line}: imports {module} ({', '.join(sorted(names))})")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in LOW_MODULES:
                    found.append(f"{line}: imports {alias.name}")
    return found


def test_ui_reaches_the_journal_only_through_use_cases_and_queries() -> None:
    problems = {
        str(path.relative_to(UI.parent)): found
        for path in ui_files()
        if (found := findings(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_the_plain_search_finds_nothing_either() -> None:
    """The check a reviewer runs by hand: ``grep -rn "\\.repo\\.\\|execute(" ui``."""
    pattern = re.compile(r"\.repo\.|execute\(")
    hits = [
        f"{path.relative_to(UI.parent)}:{number}: {line.strip()}"
        for path in ui_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert hits == []


@pytest.mark.parametrize(
    "source",
    [
        "lambda j: j.repo.get(entry_id)",
        "journal.repo.set_setting('a', 1)",
        "repo = journal.repo\nrepo.count()",
        "def f(journal):\n    r: object = journal.repo",
        "journal.conn.cursor()",
        "connection.execute('SELECT 1')",
        "cursor.executemany('INSERT', [])",
        "from journal.repository import Repository",
        "from journal.store import connect",
        "import journal.store",
        "lambda j: getattr(j.repo.clock(), 'x')",
    ],
)
def test_each_way_below_the_core_is_found(source: str) -> None:
    assert findings(source), source


@pytest.mark.parametrize(
    "source",
    [
        "lambda j: usecases.save_incident(j, entry)",
        "lambda j: queries.entry(j, entry_id)",
        "lambda j: persons.link(j.repo, handle, label)",  # a core function given the repository
        "from journal.repository import EntryQuery, EntrySummary",
        "ExportLog(journal.repo).records()",
    ],
)
def test_calls_through_the_core_are_allowed(source: str) -> None:
    assert findings(source) == []


# -- sections and the kit ----------------------------------------------------------------

SECTIONS = (
    "incidents",
    "searchlog",
    "supervision",
    "reports",
    "wellbeing",
    "safety",
    "support",
    "guidance",
)


def imported_modules(source: str) -> list[tuple[int, str]]:
    """Every module ``source`` imports, at the top or inside a function."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            if node.module == "ui":  # ``from ui import incidents``
                found.extend((node.lineno, f"ui.{alias.name}") for alias in node.names)
    return found


def section_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "ui" and parts[1] in (*SECTIONS, "kit"):
        return parts[1]
    return None


def sideways(own: str, source: str) -> list[str]:
    """The imports from ``own`` (a section, or the kit) that reach into another section."""
    return [
        f"{line}: {module}"
        for line, module in imported_modules(source)
        if (other := section_of(module)) is not None and other not in (own, "kit")
    ]


def test_sections_import_the_kit_never_each_other() -> None:
    """What two sections share lives in ui/kit, so no section is pinned under another."""
    problems = {}
    for part in (*SECTIONS, "kit"):
        folder = UI / part
        assert folder.is_dir(), folder
        for path in sorted(folder.rglob("*.py")):
            if found := sideways(part, path.read_text(encoding="utf-8")):
                problems[str(path.relative_to(UI.parent))] = found
    assert problems == {}


@pytest.mark.parametrize(
    ("own", "source"),
    [
        ("searchlog", "from ui.incidents import labels"),
        ("supervision", "from ui.searchlog.forms import heading"),
        ("reports", "import ui.incidents.model"),
        ("support", "def f():\n    from ui.guidance.widgets import heading"),
        ("kit", "from ui.incidents.model import Role"),
        ("wellbeing", "from ui import safety"),
    ],
)
def test_each_sideways_import_is_found(own: str, source: str) -> None:
    assert sideways(own, source), source


@pytest.mark.parametrize(
    ("own", "source"),
    [
        ("searchlog", "from ui.kit import labels"),
        ("searchlog", "from ui.searchlog.model import SearchLogModel"),
        ("reports", "from ui.operations import Operations"),
        ("support", "from ui import theme"),
    ],
)
def test_the_kit_and_the_shell_may_be_imported(own: str, source: str) -> None:
    assert sideways(own, source) == []
