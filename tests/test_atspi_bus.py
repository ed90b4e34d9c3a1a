"""The accessibility check on a real AT-SPI bus: the app under a virtual X display with
Qt's accessibility bridge on, read by pyatspi as a screen reader would. One start of the
app shows every main screen in turn (tests/atspi/app.py, asked by tests/atspi/walk.py);
each must have no control without a name.

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


SCREENS = (
    "unlock", "incidents", "checkins", "wellbeing", "supervision", "searchlog", "guidance",
    "support", "settings", "settings-unlocking", "settings-backups", "settings-old-entries",
    "editor",
)  # fmt: skip


def _entries() -> list[object]:
    """One of each kind, so every screen shows a list, a detail and its charts."""
    from datetime import timedelta

    from journal.models import Action, CheckIn, Incident, SearchLogEntry, SupervisionRecord
    from journal.timeutil import now

    when = now() - timedelta(days=3)
    return [
        Incident(
            occurred_at=when,
            title="Post naming me",
            severity="high",
            impact_score=6,
            impact_tags=["upset"],
            author_handle="@someone",
        ),
        CheckIn(occurred_at=when, mood=3, stress=6, confidence=3, raise_in_supervision=True),
        SearchLogEntry(occurred_at=when, query="profile", reason="A concern about a case."),
        SupervisionRecord(
            occurred_at=when - timedelta(days=20),
            supervisor="Sam Patel",
            actions=[Action("Check privacy settings", "me")],
        ),
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="AT-SPI is the Linux bus")
def test_every_control_on_every_screen_is_named_and_tab_reaches_save(tmp_path: Path) -> None:
    missing = _missing()
    if missing:
        pytest.skip(missing)
    from journal.paths import JournalPaths
    from journal.session import Journal

    data = tmp_path / "journal"
    journal, _key = Journal.create(
        JournalPaths.resolve(data), passphrase=PASSPHRASE, use_keyring=False
    )
    journal.repo.add_many([(entry, ()) for entry in _entries()])  # type: ignore[misc]
    journal.close()
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    control = tmp_path / "control"
    control.mkdir()
    env = {
        **os.environ,
        ENV_DATA_DIR: str(data),
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [str(HERE / "run.sh"), sys.executable, str(secret), str(control)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    report = json.loads(lines[-1])
    assert "error" not in report, report
    screens = report["screens"]
    assert list(screens) == list(SCREENS)
    for name, screen in screens.items():
        assert len(screen["controls"]) > 3, (name, screen)
        assert screen["unnamed"] == [], (name, screen["unnamed"])
    # Each screen is what it should be, read as a screen reader reads it.
    expected = {
        "unlock": "push button:Unlock",
        "incidents": "table:Incidents",
        "wellbeing": "push button:Show as a table: Incidents each week",
        "supervision": "push button:Start supervision mode",
        "searchlog": "text:Words in the look-up",
        "guidance": "text:Search the guidance",
        "settings": "push button:Save settings",
        "settings-unlocking": "push button:Make a new recovery key",
        "settings-backups": "push button:Back up now",
    }
    for name, control in expected.items():
        assert control in screens[name]["controls"], (name, *screens[name]["controls"])
    stops = report["tab_stops"]
    assert stops[-1] == "push button:Save", stops
    for name in ("combo box:Category", "combo box:Severity", "spin button:Impact score",
                 "text:Private notes", "push button:Cancel"):  # fmt: skip
        assert name in stops, stops
    assert len(stops) == len(set(stops)), "no control is visited twice (no keyboard trap)"
