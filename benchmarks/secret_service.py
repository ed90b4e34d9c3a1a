"""A real Secret Service for a benchmark run: ``gnome-keyring-daemon`` in a private D-Bus session.

Started with ``dbus-run-session`` and ``gnome-keyring-daemon --unlock`` (its keyrings in the
run's temporary home, never the person's), it is what a desktop offers: each unlock is a
D-Bus round trip to a real daemon, for our commands and for jrnl's alike. Closing stdin
ends the session, and the daemon with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

PACKAGES = ("gnome-keyring", "dbus-x11")
_SESSION = (
    'eval "$(printf %s "$1" | gnome-keyring-daemon --unlock --components=secrets)" '
    '>/dev/null; echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null'
)


def installed() -> bool:
    return all(shutil.which(p) for p in ("gnome-keyring-daemon", "dbus-run-session"))


def ensure_installed(*, install: bool, log: object = print) -> bool:
    """True when the daemon can run; installs Debian's packages first when allowed and root."""
    if installed():
        return True
    if not install or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return False
    if callable(log):
        log("installing " + " and ".join(PACKAGES) + " (apt-get) …")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=False, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-q", *PACKAGES], check=False, env=env)  # noqa: S607
    return installed()


class SecretService:
    """One private session bus with an unlocked gnome-keyring-daemon on it."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        env.update(
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_RUNTIME_DIR=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
        )
        run_session = shutil.which("dbus-run-session") or "dbus-run-session"
        self._proc = subprocess.Popen(
            [run_session, "--", "sh", "-c", _SESSION, "sh", "benchmark login"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self._proc.stdout is not None
        self.address = self._proc.stdout.readline().strip()
        if not self.address:
            self.close()
            raise RuntimeError("the private D-Bus session with gnome-keyring didn't start")

    def close(self) -> None:
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
