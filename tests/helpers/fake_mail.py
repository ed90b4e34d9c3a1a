"""Fake email programs on PATH: real executable scripts that record what they were given.

Imported by name (tests/ is on the path through its conftest). ``FakeMail(folder)``
writes ``xdg-mime`` (answering with the chosen default ``mailto:`` program),
``thunderbird``, ``kmail``, ``evolution``, ``xdg-email``, ``dbus-send`` and
``xdg-open`` into ``folder``; each call is one JSON line in ``calls.jsonl``. For
Thunderbird, the body file named in ``message='…'`` is read and kept, since the real
program reads it too.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROGRAMS = ("thunderbird", "kmail", "evolution", "xdg-email", "dbus-send", "xdg-open")

_SCRIPT = """#!{python}
import json, pathlib, re, sys
config = json.loads(pathlib.Path({config!r}).read_text())
name = {name!r}
args = sys.argv[1:]
if name == "xdg-mime":
    if config["handler"]:
        print(config["handler"])
    sys.exit(0)
if name == "xdg-email" and args == ["--version"]:
    print("xdg-email " + config["xdg_email_version"])
    sys.exit(0)
entry = {{"program": name, "argv0": sys.argv[0], "args": args}}
for arg in args:
    found = re.search(r"message='([^']*)'", arg)
    if found:
        entry["message_text"] = pathlib.Path(found.group(1)).read_text(encoding="utf-8")
with open({calls!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps(entry) + "\\n")
sys.exit(config["exit_codes"].get(name, 0))
"""


@dataclass
class FakeMail:
    folder: Path

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.calls_file = self.folder / "calls.jsonl"
        self.config_file = self.folder / "config.json"
        self.configure()
        for name in ("xdg-mime", *PROGRAMS):
            self.write_program(name, name)

    def write_program(self, file_name: str, name: str) -> Path:
        path = self.folder / file_name
        path.write_text(
            _SCRIPT.format(
                python=sys.executable,
                config=str(self.config_file),
                name=name,
                calls=str(self.calls_file),
            ),
            encoding="utf-8",
        )
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return path

    def configure(
        self,
        handler: str = "thunderbird.desktop",
        xdg_email_version: str = "1.2.1",
        exit_codes: dict[str, int] | None = None,
    ) -> None:
        self.config_file.write_text(
            json.dumps(
                {
                    "handler": handler,
                    "xdg_email_version": xdg_email_version,
                    "exit_codes": exit_codes or {},
                }
            ),
            encoding="utf-8",
        )

    def env(self, data_dirs: Path | None = None) -> dict[str, str]:
        """The environment with the fakes first on PATH and no desktop files to find."""
        env = dict(os.environ)
        env["PATH"] = f"{self.folder}{os.pathsep}{env.get('PATH', '')}"
        env["XDG_DATA_DIRS"] = str(data_dirs or self.folder / "no-share")
        env["XDG_DATA_HOME"] = str(self.folder / "no-home")
        return env

    def install(self, monkeypatch: Any) -> FakeMail:
        """Put the fakes on PATH for this test (``monkeypatch`` from pytest)."""
        for name, value in self.env().items():
            if name in ("PATH", "XDG_DATA_DIRS", "XDG_DATA_HOME"):
                monkeypatch.setenv(name, value)
        return self

    def calls(self, program: str | None = None) -> list[dict[str, Any]]:
        if not self.calls_file.exists():
            return []
        found = [json.loads(line) for line in self.calls_file.read_text().splitlines()]
        return [c for c in found if program is None or c["program"] == program]
