"""Check what `pip install .` gives a person: build the wheel, install it, use it.

    python packaging/check_wheel.py [--wheel FILE] [--keep]

The wheel is built from a copy of the tracked files, installed (not editable) into a fresh
virtual environment in a temporary folder, and every check then runs that installed copy
from an empty working folder outside the source tree, with a clean environment and a
temporary HOME, so nothing in the checkout can stand in for something the wheel lacks:

1. every module of ``journal`` and ``ui`` imports, from the installed copy;
2. the command line end to end: ``init``, ``demo``, ``add``, ``list``, ``search``,
   ``export`` as PDF (password-protected, opened with poppler and qpdf where installed),
   JSON and CSV, ``backup``, ``restore``, ``verify``;
3. the shared steps of the bundle's smoke test (``--version``, the same data folder,
   unlocking through a real Secret Service where gnome-keyring is installed);
4. the desktop app, offscreen, on a passphrase journal (the unlock screen), and on a
   journal that unlocks through the Secret Service (the main window), failing on any
   error or warning it prints.

Exit status: 0 every check passed (or was skipped for want of a tool), 1 one failed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

import bundle
import smoke

REPORT_PASSWORD = "Smoke4Report7Pw"  # noqa: S105 - a throwaway report in a temporary folder
REAL_TITLE = "Post naming me in a local group"


class CheckFailed(Exception):
    pass


def tracked_copy(target: Path) -> Path:
    """The files git tracks (what a fresh clone has), copied to ``target``."""
    git = shutil.which("git")
    if git is None:
        raise CheckFailed("git isn't installed; it lists the files a fresh clone has.")
    listed = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=bundle.REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in listed:
        if not raw:
            continue
        relative = Path(os.fsdecode(raw))
        source = bundle.REPO_ROOT / relative
        if not source.is_file():
            continue  # deleted in the working tree but not yet committed
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    return target


def build_wheel(out_dir: Path) -> Path:
    """Build the wheel from a clean copy, so nothing left in the checkout gets into it."""
    with tempfile.TemporaryDirectory(prefix="pj-wheel-src-") as src:
        tracked_copy(Path(src))
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out_dir), src],
            check=True,
        )
    wheels = sorted(out_dir.glob("practitioner_journal-*.whl"))
    if len(wheels) != 1:
        raise CheckFailed(f"Expected one wheel in {out_dir}, found {wheels}.")
    return wheels[0]


def install(wheel: Path, env_dir: Path) -> Path:
    """A fresh virtual environment with the wheel installed as pip installs it."""
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True,
    )
    return python


class Installed:
    """The installed program, run as a person runs it, away from the source tree."""

    def __init__(self, python: Path, root: Path) -> None:
        self.python = python
        self.exe = python.parent / bundle.EXE_NAME
        self.root = root
        self.box = smoke.Sandbox(self.exe, root)

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return self.box.run(*args, env=self.box.env(**extra))

    def ok(self, *args: str) -> str:
        proc = self.run(*args)
        if proc.returncode != 0:
            raise CheckFailed(
                f"{' '.join(args[:1])} exited with {proc.returncode}.\n"
                f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
            )
        return proc.stdout


# -- checks ---------------------------------------------------------------------------


def check_imports(inst: Installed) -> str:
    """Every module of the app imports, and each comes from the installed copy."""
    script = (
        "import importlib, json, pkgutil, sys\n"
        "import journal, ui\n"
        "names = []\n"
        "for package in (journal, ui):\n"
        "    names.append(package.__name__)\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        if not info.name.endswith('.__main__'):  # that one runs the program\n"
        "            names.append(info.name)\n"
        "files = {}\n"
        "for name in names:\n"
        "    files[name] = importlib.import_module(name).__file__\n"
        "import pj_resources\n"
        "files['pj_resources'] = pj_resources.__file__\n"
        "print(json.dumps(files))\n"
    )
    proc = subprocess.run(
        [str(inst.python), "-c", script],
        cwd=inst.box.cwd,
        env=inst.box.env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        raise CheckFailed(f"A module of the installed app doesn't import:\n{proc.stderr}")
    files = json.loads(proc.stdout)
    prefix = str(inst.python.parent.parent.resolve())
    outside = [n for n, f in files.items() if not str(Path(f).resolve()).startswith(prefix)]
    if outside:
        raise CheckFailed(f"These came from outside the installed copy: {outside}")
    expected = {"journal.export", "ui.incidents", "ui.safety.damage", "journal.cli"}
    missing = expected - set(files)
    if missing:
        raise CheckFailed(f"Not in the installed copy: {sorted(missing)}")
    return f"{len(files)} modules import from the installed copy"


def check_cli(inst: Installed) -> str:
    data = inst.root / "cli-journal"
    common = (
        "--data-dir",
        str(data),
        "--no-keyring",
        "--passphrase-file",
        str(inst.box.passphrase_file),
    )
    recovery = inst.root / "recovery.txt"
    inst.ok("init", *common, "--recovery-key-out", str(recovery))
    inst.ok("demo", "--entries", "60", *common)
    entry = inst.root / "entry.json"
    entry.write_text(json.dumps({**smoke.SAMPLE_ENTRY, "title": REAL_TITLE}), encoding="utf-8")
    inst.ok("add", str(entry), *common)
    listed = inst.ok("list", "--all", *common)
    if REAL_TITLE not in listed or len(listed.splitlines()) != 61:
        raise CheckFailed(f"list didn't show the 61 entries:\n{listed}")
    found = inst.ok("search", "naming", *common)
    if REAL_TITLE not in found:
        raise CheckFailed(f"search didn't find the entry:\n{found}")
    password = inst.root / "report-password.txt"
    password.write_text(REPORT_PASSWORD + "\n", encoding="utf-8")
    pdf, report, table = (inst.root / f"report.{s}" for s in ("pdf", "json", "csv"))
    inst.ok(
        "export", "--format", "pdf", "--out", str(pdf), "--password-file", str(password), *common
    )
    inst.ok("export", "--format", "json", "--out", str(report), *common)
    inst.ok("export", "--format", "csv", "--out", str(table), *common)
    titles = [e["title"] for e in json.loads(report.read_text(encoding="utf-8"))["entries"]]
    if titles != [REAL_TITLE]:
        raise CheckFailed(f"The JSON report holds {titles}, not just the real entry.")
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    if [r.get("Title") for r in rows] != [REAL_TITLE]:
        raise CheckFailed(f"The CSV report holds {len(rows)} rows, not just the real entry.")
    pdf_detail = check_pdf(pdf, REPORT_PASSWORD, REAL_TITLE)
    backup = inst.root / "journal.pjbackup"
    inst.ok("backup", "--out", str(backup), *common)
    inst.ok("restore", str(backup), "--yes", *common, "--recovery-key-file", str(recovery))
    verified = inst.ok("verify", *common).strip()
    if not verified.startswith("All checks passed: 61 entries"):
        raise CheckFailed(f"verify printed {verified!r}.")
    return f"init, demo, add, list, search, export (PDF {pdf_detail}, JSON, CSV), backup, verify"


def check_pdf(pdf: Path, password: str, text: str) -> str:
    """Open the PDF as a manager's reader would: poppler, then qpdf's own check."""
    said = []
    pdftotext, qpdf = shutil.which("pdftotext"), shutil.which("qpdf")
    if pdftotext:
        proc = subprocess.run(
            [pdftotext, "-upw", password, str(pdf), "-"],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or text not in " ".join(proc.stdout.split()):
            raise CheckFailed(f"poppler couldn't read the report: {proc.stderr.strip()}")
        locked = subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=False
        )
        if locked.returncode == 0:
            raise CheckFailed("poppler read the report without its password.")
        said.append("opened by poppler")
    if qpdf:
        proc = subprocess.run(
            [qpdf, f"--password={password}", "--check", str(pdf)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise CheckFailed(f"qpdf --check found problems:\n{proc.stdout}{proc.stderr}")
        said.append("checked by qpdf")
    return ", ".join(said) or "written (no poppler or qpdf here to open it)"


def _run_gui(
    inst: Installed, command: list[str], exit_ms: int
) -> tuple[subprocess.CompletedProcess[str], list[str], re.Match[str] | None]:
    """Run the app (it quits itself after ``exit_ms``): what it printed, the problems in
    that, and its smoke-exit line."""
    proc = subprocess.run(
        command,
        cwd=inst.box.cwd,
        env=inst.box.env(**{smoke.ENV_SMOKE_EXIT_MS: str(exit_ms)}),
        capture_output=True,
        text=True,
        timeout=smoke.GUI_TIMEOUT_S,
        check=False,
    )
    problems = smoke.gui_problems(proc.stdout, proc.stderr)
    return proc, problems, smoke.SMOKE_EXIT_LINE.search(proc.stdout)


def run_app(inst: Installed, data: Path, *, prefix: tuple[str, ...] = ()) -> str:
    proc, problems, match = _run_gui(inst, [*prefix, str(inst.exe), "--data-dir", str(data)], 2500)
    if proc.returncode != 0 or problems or not match or int(match.group(1)) < 1:
        raise CheckFailed(
            f"The app (exit {proc.returncode}) printed:\nstdout:\n{proc.stdout}\n"
            f"stderr:\n{proc.stderr}"
        )
    return proc.stdout.strip().splitlines()[-1]


def check_app_passphrase(inst: Installed) -> str:
    data = inst.root / "app-journal"
    inst.ok("init", "--data-dir", str(data), "--no-keyring", "--passphrase-file",
            str(inst.box.passphrase_file))  # fmt: skip
    shown = run_app(inst, data)
    if "MainWindow (locked)" not in shown:
        raise CheckFailed(f"The app didn't show its unlock screen: {shown}")
    return shown


def check_app_keyring(inst: Installed) -> str:
    """A journal that opens through a real Secret Service: the app goes to the main window."""
    daemon, session = shutil.which("gnome-keyring-daemon"), shutil.which("dbus-run-session")
    if not (daemon and session):
        raise smoke.StepSkipped("needs gnome-keyring-daemon and dbus-run-session.")
    data = inst.root / "keyring-journal"
    script = (
        'eval "$(printf smoke | gnome-keyring-daemon --unlock --components=secrets)" && '
        '"$0" init --data-dir "$1" >/dev/null && "$0" demo --entries 20 --data-dir "$1" '
        '>/dev/null && "$0" --data-dir "$1"'
    )
    command = [session, "--", "/bin/sh", "-c", script, str(inst.exe), str(data)]
    proc, problems, match = _run_gui(inst, command, 4000)
    shown = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if proc.returncode != 0 or problems or not match or "MainWindow (unlocked)" not in shown:
        raise CheckFailed(
            f"The app didn't open to its main window through the Secret Service "
            f"(exit {proc.returncode}).\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="check this wheel instead of building one")
    args = parser.parse_args(argv)
    info = bundle.app_info()
    with tempfile.TemporaryDirectory(prefix="pj-installed-") as tmp:
        root = Path(tmp)
        started = time.monotonic()
        wheel = args.wheel.resolve() if args.wheel else build_wheel(root / "wheel")
        print(f"Installing {wheel.name} into a fresh environment")
        python = install(wheel, root / "env")
        print(f"Installed in {time.monotonic() - started:.0f} s; checking it from outside the tree")
        checks = [
            ("every module imports", check_imports),
            ("command line end to end", check_cli),
            ("app on a passphrase journal", check_app_passphrase),
            ("app through the Secret Service", check_app_keyring),
        ]
        results: list[smoke.StepResult] = []
        for name, check in checks:
            with tempfile.TemporaryDirectory(prefix="pj-check-", dir=root) as box_dir:
                inst = Installed(python, Path(box_dir))
                start = time.monotonic()
                try:
                    status, detail = smoke.PASSED, check(inst)
                except smoke.StepSkipped as exc:
                    status, detail = smoke.SKIPPED, str(exc)
                except (CheckFailed, subprocess.SubprocessError, OSError) as exc:
                    status, detail = smoke.FAILED, str(exc)
                results.append(smoke.StepResult(name, status, detail, time.monotonic() - start))
        # The bundle's own steps that apply to any installed copy.
        exe = python.parent / bundle.EXE_NAME
        for name, step in (
            ("--version", smoke.step_version),
            ("unlock through the Secret Service", smoke.step_keyring),
        ):
            with tempfile.TemporaryDirectory(prefix="pj-check-", dir=root) as box_dir:
                box = smoke.Sandbox(exe, Path(box_dir))
                start = time.monotonic()
                try:
                    status, detail = smoke.PASSED, step(box, info)
                except smoke.StepSkipped as exc:
                    status, detail = smoke.SKIPPED, str(exc)
                except (smoke.StepFailed, subprocess.SubprocessError, OSError) as exc:
                    status, detail = smoke.FAILED, str(exc)
                results.append(smoke.StepResult(name, status, detail, time.monotonic() - start))
    status = smoke.report(results)
    print("The installed wheel passed." if status == 0 else "The installed wheel FAILED.")
    return 1 if status else 0


if __name__ == "__main__":
    sys.exit(main())
