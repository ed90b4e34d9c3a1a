"""Smoke-test a built bundle: run it as a user would, with no source tree in reach.

The bundle is copied to a temporary folder, as if installed there, and every step runs
that copy from a fresh working folder with a clean environment (no PYTHONPATH, no
virtualenv, a temporary HOME), so anything the bundle is missing shows up here rather
than on a practitioner's laptop.

    python packaging/smoke.py [dist/practitioner-journal]

Exit status: 0 every step passed (or was skipped for want of a tool); 1 a step failed;
2 nothing failed but a step is still waiting for something outside packaging.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import bundle

PASSED, FAILED, PENDING, SKIPPED = "passed", "FAILED", "PENDING", "skipped"
# The desktop app quits this many milliseconds after its first window when this is set.
ENV_SMOKE_EXIT_MS = "PRACTITIONER_JOURNAL_SMOKE_EXIT_MS"
SMOKE_EXIT_LINE = re.compile(r"^smoke-exit: (\d+) window", re.MULTILINE)
GUI_TIMEOUT_S = 90
STAY_UP_S = 15

SAMPLE_ENTRY = {
    "kind": "incident",
    "title": "Post naming me in a local group",
    "occurred_at": "2026-11-20T21:15:00+00:00",
    "platform": "facebook",
    "category": "abuse",
    "severity": "medium",
    "impact_tags": ["upset"],
    "impact_score": 5,
}


@dataclass
class StepResult:
    name: str
    status: str
    detail: str
    seconds: float


class StepFailed(Exception):
    pass


class StepPending(Exception):
    """The step can't pass yet: it waits for a change outside packaging."""


class StepSkipped(Exception):
    """This machine lacks a tool the step needs."""


class Sandbox:
    """A temporary HOME and working folder, and the bundle's executable."""

    def __init__(self, exe: Path, root: Path) -> None:
        self.exe = exe
        self.root = root
        self.home = root / "home"
        self.cwd = root / "cwd"
        self.runtime = root / "runtime"
        for folder in (self.home, self.cwd, self.runtime):
            folder.mkdir(mode=0o700)
        self.passphrase_file = root / "passphrase.txt"
        self.passphrase_file.write_text("smoke test passphrase\n", encoding="utf-8")

    def new_journal(self, data: Path) -> tuple[str, ...]:
        """A new journal in ``data``, opened with the passphrase alone: the arguments every
        command needs to open it."""
        common = (
            "--data-dir",
            str(data),
            "--no-keyring",
            "--passphrase-file",
            str(self.passphrase_file),
        )
        key_out = str(self.root / "rk.txt")
        _expect_ok(self.run("init", *common, "--recovery-key-out", key_out), "init")
        return common

    def env(self, **extra: str) -> dict[str, str]:
        """A minimal environment: nothing of this build's Python or source tree leaks in."""
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "TMPDIR": str(self.root),
            "XDG_RUNTIME_DIR": str(self.runtime),
            "QT_QPA_PLATFORM": "offscreen",
        }
        if sys.platform == "win32":  # pragma: no cover - the smoke test runs on Linux
            env.update(
                {k: os.environ[k] for k in ("SYSTEMROOT", "LOCALAPPDATA") if k in os.environ}
            )
        env.update(extra)
        return env

    def run(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        timeout: float = 120,
        prefix: tuple[str, ...] = (),
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, str(self.exe), *args],
            cwd=self.cwd,
            env=dict(env) if env is not None else self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def _expect_ok(proc: subprocess.CompletedProcess[str], what: str) -> str:
    if proc.returncode != 0:
        raise StepFailed(
            f"{what} exited with {proc.returncode}.\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
    return proc.stdout


# -- steps --------------------------------------------------------------------------


def step_version(box: Sandbox, info: bundle.AppInfo) -> str:
    out = _expect_ok(box.run("--version"), "--version").strip()
    expected = f"{bundle.EXE_NAME} {info.version}"
    if out != expected:
        raise StepFailed(f"--version printed {out!r}, expected {expected!r}.")
    return out


def step_journal(box: Sandbox, info: bundle.AppInfo) -> str:
    data = box.root / "journal-data"
    common = box.new_journal(data)
    entry = box.root / "entry.json"
    entry.write_text(json.dumps(SAMPLE_ENTRY), encoding="utf-8")
    added = _expect_ok(box.run("add", str(entry), *common), "add").split()
    if len(added) != 1:
        raise StepFailed(f"add printed {added!r}, expected one entry id.")
    listed = _expect_ok(box.run("list", *common), "list")
    if SAMPLE_ENTRY["title"] not in listed:
        raise StepFailed(f"list doesn't show the entry just added:\n{listed}")
    backup = box.root / "journal.backup"
    _expect_ok(box.run("backup", "--out", str(backup), *common), "backup")
    recovery = ("--recovery-key-file", str(box.root / "rk.txt"))
    _expect_ok(box.run("restore", str(backup), "--yes", *common, *recovery), "restore")
    verified = _expect_ok(box.run("verify", *common), "verify").strip()
    if not verified.startswith("All checks passed: 1 entries"):
        raise StepFailed(f"verify printed {verified!r}.")
    content = str(SAMPLE_ENTRY["title"]).encode()
    for path in [backup, *data.rglob("*")]:
        if path.is_file() and content in path.read_bytes():
            raise StepFailed(f"{path.name} holds the entry's title in plain text.")
    return f"init, add, list, backup, restore and verify work; {verified}"


def step_export(box: Sandbox, info: bundle.AppInfo) -> str:
    """A password-protected PDF and a JSON report: fpdf2, its fonts and the schema bundled."""
    common = box.new_journal(box.root / "export-data")
    entry = box.root / "entry.json"
    entry.write_text(json.dumps({**SAMPLE_ENTRY, "shareable": True}), encoding="utf-8")
    _expect_ok(box.run("add", str(entry), *common), "add")
    password = box.root / "pdf-password.txt"
    password.write_text("smoke report password\n", encoding="utf-8")
    pdf, report = box.root / "report.pdf", box.root / "report.json"
    pdf_args = ("--format", "pdf", "--out", str(pdf), "--password-file", str(password))
    _expect_ok(box.run("export", *pdf_args, *common), "export --format pdf")
    _expect_ok(box.run("export", "--format", "json", "--out", str(report), *common), "export json")
    if SAMPLE_ENTRY["title"] not in report.read_text(encoding="utf-8"):
        raise StepFailed("The JSON report doesn't contain the shareable incident.")
    if not pdf.read_bytes().startswith(b"%PDF-"):
        raise StepFailed("The PDF report isn't a PDF.")
    try:
        from pypdf import PdfReader
    except ImportError:
        return "PDF and JSON reports written (pypdf isn't installed, so the PDF wasn't opened)"
    reader = PdfReader(pdf)
    if not reader.is_encrypted or not reader.decrypt("smoke report password"):
        raise StepFailed("The PDF isn't protected by the password given.")
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    if SAMPLE_ENTRY["title"] not in " ".join(text.split()):
        raise StepFailed("The PDF report doesn't show the incident's title.")
    return f"a password-protected PDF ({len(reader.pages)} pages) and a JSON report"


def step_import(box: Sandbox, info: bundle.AppInfo) -> str:
    """Screenshots from a phone: Pillow (and pi-heif for HEIC) made it into the bundle."""
    import io

    from PIL import Image

    common = box.new_journal(box.root / "import-data")
    pictures = box.root / "pictures"
    pictures.mkdir()
    Image.new("RGB", (40, 30), (200, 60, 60)).save(pictures / "Screenshot_20261204-154300.png")
    made = ["PNG"]
    try:
        import pillow_heif
    except ImportError:
        pass  # the build machine has no HEIC encoder; the PNG still proves the import
    else:
        out = io.BytesIO()
        pillow_heif.from_pillow(Image.new("RGB", (40, 30), (60, 200, 60))).save(out, format="HEIF")
        (pictures / "IMG_0042.HEIC").write_bytes(out.getvalue())
        made.append("HEIC")
    listed = json.loads(_expect_ok(box.run("import", str(pictures), "--json", *common), "import"))
    count = len(listed) if isinstance(listed, list) else len(listed.get("created", []))
    if count != len(made):
        raise StepFailed(f"import made {count} incidents from {len(made)} pictures:\n{listed}")
    return f"imported a {' and a '.join(made)} screenshot"


def step_same_data_dir(box: Sandbox, info: bundle.AppInfo, pip_python: Path) -> str:
    """The bundle and the pip install choose the same folder, and read each other's journal."""
    env = box.env()
    auth = ("--no-keyring", "--passphrase-file", str(box.passphrase_file))
    out = _expect_ok(box.run("init", *auth, env=env), "init without --data-dir")
    match = re.search(r"Created an encrypted journal in (.+)$", out, re.MULTILINE)
    if not match:
        raise StepFailed(f"init didn't say where it wrote the journal:\n{out}")
    bundle_dir = Path(match.group(1).strip())
    pip_env = {**env, "PATH": f"{pip_python.parent}:{env['PATH']}"}
    expected = subprocess.run(
        [str(pip_python), "-c", "from journal.paths import default_data_dir as d; print(d())"],
        cwd=box.cwd,
        env=pip_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if bundle_dir != Path(expected):
        raise StepFailed(f"The bundle uses {bundle_dir}, the pip install {expected}.")
    verified = subprocess.run(
        [str(pip_python), "-m", "journal", "verify", *auth],
        cwd=box.cwd,
        env=pip_env,
        capture_output=True,
        text=True,
        check=False,
    )
    _expect_ok(verified, "the pip install's verify of the bundle's journal")
    return f"both use {bundle_dir.relative_to(box.home.parent)} (HOME={box.home.name}/)"


def step_keyring(box: Sandbox, info: bundle.AppInfo) -> str:
    """Unlock through a real Secret Service: proves the keyring backends were bundled."""
    daemon = shutil.which("gnome-keyring-daemon")
    session = shutil.which("dbus-run-session")
    if not (daemon and session):
        raise StepSkipped(
            "needs gnome-keyring-daemon and dbus-run-session (Debian packages gnome-keyring, dbus)."
        )
    data = box.root / "keyring-journal"
    script = (
        'eval "$(printf smoke | gnome-keyring-daemon --unlock --components=secrets)" && '
        '"$0" init --data-dir "$1" && "$0" verify --data-dir "$1"'
    )
    proc = subprocess.run(
        [session, "--", "/bin/sh", "-c", script, str(box.exe), str(data)],
        cwd=box.cwd,
        env=box.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = _expect_ok(proc, "init and verify with the Secret Service")
    if "your computer's password store" not in out or "All checks passed" not in out:
        raise StepFailed(f"The journal didn't use the password store:\n{out}\n{proc.stderr}")
    return "init and verify unlocked through the Secret Service (keyring backends bundled)"


def _ui_has_smoke_hook() -> bool:
    ui_dir = bundle.REPO_ROOT / "ui"
    return any(ENV_SMOKE_EXIT_MS in p.read_text(encoding="utf-8") for p in ui_dir.rglob("*.py"))


def _start_gui(box: Sandbox, platform: str, extra_env: dict[str, str]) -> subprocess.Popen[str]:
    command = [str(box.exe), "--data-dir", str(box.root / "gui-data")]
    if platform == "xcb":
        xvfb_run = shutil.which("xvfb-run")
        if xvfb_run is None:
            raise StepSkipped("needs xvfb-run (Debian packages xvfb, xauth).")
        command = [xvfb_run, "-a", "-s", "-screen 0 1280x800x24", *command]
    return subprocess.Popen(
        command,
        cwd=box.cwd,
        env=box.env(QT_QPA_PLATFORM=platform, **extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: stopping it stops Xvfb too
    )


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            return process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            continue
    return process.communicate()


# Qt says the first on the offscreen platform, which can't do what it asks; a private D-Bus
# session's daemon says the second when it may not raise its file limit. Both harmless.
HARMLESS = ("This plugin does not support", "Failed to set fd limit")


def gui_problems(stdout: str, stderr: str) -> list[str]:
    """Lines of the app's output that report an error or a warning."""
    lines = [*stdout.splitlines(), *stderr.splitlines()]
    bad = ("Traceback", "Error", "ERROR", "WARNING", "CRITICAL", "Warning:", "qt.")
    return [
        line
        for line in lines
        if any(word in line for word in bad) and not any(h in line for h in HARMLESS)
    ]


def step_gui(box: Sandbox, info: bundle.AppInfo, platform: str) -> str:
    """Start the desktop app on ``platform`` (offscreen, or xcb inside Xvfb)."""
    hook = _ui_has_smoke_hook()
    process = _start_gui(box, platform, {ENV_SMOKE_EXIT_MS: "1500"} if hook else {})
    try:
        stdout, stderr = process.communicate(timeout=GUI_TIMEOUT_S if hook else STAY_UP_S)
    except subprocess.TimeoutExpired:
        stdout, stderr = _stop(process)
        if hook:
            raise StepFailed(
                f"The app was still running {GUI_TIMEOUT_S} s after it started, although "
                f"{ENV_SMOKE_EXIT_MS} asked it to quit.\nstdout:\n{stdout}\nstderr:\n{stderr}"
            ) from None
        raise StepPending(
            f"the app started ({platform}) and was still running after {STAY_UP_S} s (then "
            f"stopped). Waiting for the test hook in ui/app.py: with {ENV_SMOKE_EXIT_MS}=N "
            "set, the app should quit N ms after its event loop starts and print "
            "'smoke-exit: <number of visible windows> window(s)'."
        ) from None
    output = f"stdout:\n{stdout}\nstderr:\n{stderr}"
    if not hook:
        raise StepFailed(f"The app exited with {process.returncode} by itself.\n{output}")
    if process.returncode != 0:
        raise StepFailed(f"The app exited with {process.returncode}.\n{output}")
    if gui_problems(stdout, stderr):
        raise StepFailed(f"The app reported problems.\n{output}")
    match = SMOKE_EXIT_LINE.search(stdout)
    if not match or int(match.group(1)) < 1:
        raise StepFailed(f"The app quit without reporting a window shown.\n{output}")
    return f"the desktop app opened {match.group(1)} window(s) ({platform}) and quit cleanly"


# -- runner -------------------------------------------------------------------------


def bundle_executable(dist_dir: Path) -> Path:
    name = bundle.EXE_NAME + (".exe" if sys.platform == "win32" else "")
    return dist_dir / name


def run_smoke(dist_dir: Path, pip_python: Path | None = None) -> list[StepResult]:
    info = bundle.app_info()
    exe = bundle_executable(dist_dir)
    if not exe.is_file():
        return [StepResult("bundle", FAILED, f"{exe} doesn't exist; build first.", 0.0)]
    pip_python = pip_python or Path(sys.executable)
    with tempfile.TemporaryDirectory(prefix="pj-smoke-install-") as install:
        # Run an installed copy, away from the source tree, as a user would.
        installed = Path(install) / dist_dir.name
        shutil.copytree(dist_dir, installed, symlinks=True)
        return _run_steps(bundle_executable(installed), info, pip_python)


def _run_steps(exe: Path, info: bundle.AppInfo, pip_python: Path) -> list[StepResult]:
    steps: list[tuple[str, Callable[[Sandbox, bundle.AppInfo], str]]] = [
        ("--version", step_version),
        ("init + add + backup + restore + verify", step_journal),
        ("report export", step_export),
        ("screenshot import", step_import),
        ("same data folder as pip", lambda b, i: step_same_data_dir(b, i, pip_python)),
        ("keyring backends", step_keyring),
        ("desktop app offscreen", lambda b, i: step_gui(b, i, "offscreen")),
        ("desktop app on X11 (Xvfb)", lambda b, i: step_gui(b, i, "xcb")),
    ]
    results: list[StepResult] = []
    for name, step in steps:
        with tempfile.TemporaryDirectory(prefix="pj-smoke-") as tmp:
            box = Sandbox(exe, Path(tmp))
            start = time.monotonic()
            try:
                status, detail = PASSED, step(box, info)
            except StepPending as exc:
                status, detail = PENDING, str(exc)
            except StepSkipped as exc:
                status, detail = SKIPPED, str(exc)
            except (StepFailed, subprocess.SubprocessError, OSError) as exc:
                status, detail = FAILED, str(exc)
            results.append(StepResult(name, status, detail, time.monotonic() - start))
    return results


def report(results: list[StepResult]) -> int:
    for r in results:
        print(f"  [{r.status:^7}] {r.name} ({r.seconds:.1f} s): {r.detail}")
    if any(r.status == FAILED for r in results):
        return 1
    return 2 if any(r.status == PENDING for r in results) else 0


def main(argv: list[str]) -> int:
    dist_dir = Path(argv[0]) if argv else bundle.REPO_ROOT / "dist" / bundle.EXE_NAME
    print(f"Smoke test of {dist_dir}")
    return report(run_smoke(dist_dir.resolve()))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
