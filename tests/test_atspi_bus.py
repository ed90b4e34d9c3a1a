"""The accessibility check on a real AT-SPI bus: the app under a virtual X display with
Qt's accessibility bridge on, read by pyatspi as a screen reader would.

Needs Debian's at-spi2-core, python3-pyatspi (for the system python3), xvfb and dbus;
skipped, saying which is missing, where they are absent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal.paths import ENV_DATA_DIR

HERE = Path(__file__).resolve().parent / "atspi"
ROOT = HERE.parent.parent
PASSPHRASE = "correct horse battery staple"


def _missing() -> str:
    for tool in ("xvfb-run", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: xvfb, dbus)"
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return "at-spi-bus-launcher is not installed (Debian: at-spi2-core)"
    probe = subprocess.run(
        ["/usr/bin/python3", "-c", "import pyatspi"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return "pyatspi is not importable by /usr/bin/python3 (Debian: python3-pyatspi)"
    return ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="AT-SPI is the Linux bus")
def test_every_control_is_named_and_tab_reaches_save(tmp_path: Path) -> None:
    missing = _missing()
    if missing:
        pytest.skip(missing)
    from journal.paths import JournalPaths
    from journal.session import Journal

    data = tmp_path / "journal"
    journal, _key = Journal.create(
        JournalPaths.resolve(data), passphrase=PASSPHRASE, use_keyring=False
    )
    journal.close()
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    env = {
        **os.environ,
        ENV_DATA_DIR: str(data),
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [str(HERE / "run.sh"), sys.executable, str(secret)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    report = json.loads(lines[-1])
    assert "error" not in report, report
    assert report["controls"] > 50
    assert report["unnamed"] == [], report["unnamed"]
    stops = report["tab_stops"]
    assert stops[-1] == "push button:Save", stops
    for name in ("combo box:Category", "combo box:Severity", "spin button:Impact score",
                 "text:Private notes", "push button:Cancel"):  # fmt: skip
        assert name in stops, stops
    assert len(stops) == len(set(stops)), "no control is visited twice (no keyboard trap)"
