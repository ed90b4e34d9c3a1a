"""The password store reached directly, against a real gnome-keyring-daemon.

Each test that needs the Secret Service starts its own D-Bus session with
``dbus-run-session`` and an unlocked ``gnome-keyring-daemon`` inside it, so nothing
touches the desktop's own keyring.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from conftest import PASSPHRASE
from helpers.processes import run_python
from keyring.backends import SecretService

from journal import passwordstore
from journal.errors import KeyringUnavailable, KeyringWrongKey
from journal.keys import KEYRING_SERVICE, SLOT_KEYRING, KeyringAccess, KeySlots
from journal.paths import JournalPaths
from journal.session import Journal, Unlock

RUN_SESSION = shutil.which("dbus-run-session") or "dbus-run-session"
needs_daemon = pytest.mark.skipif(
    shutil.which("gnome-keyring-daemon") is None or shutil.which("dbus-run-session") is None,
    reason="needs gnome-keyring-daemon and dbus-run-session (Debian: gnome-keyring, dbus)",
)

# Inside the private session: start an unlocked keyring, say where the bus is, then wait
# for stdin to close (the fixture's teardown), which ends the session and the daemon.
_SESSION = (
    'eval "$(printf %s "$1" | gnome-keyring-daemon --unlock --components=secrets)" '
    '>/dev/null; echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null'
)


@pytest.fixture
def secret_service(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A private D-Bus session with a real, unlocked gnome-keyring-daemon; its address.

    The daemon keeps its keyrings under a private folder, never the person's own.
    """
    home = tmp_path / "keyring-home"
    home.mkdir()
    environment = dict(os.environ)
    environment.update(XDG_DATA_HOME=str(home), XDG_RUNTIME_DIR=str(home), HOME=str(home))
    proc = subprocess.Popen(
        [RUN_SESSION, "--", "sh", "-c", _SESSION, "sh", "login password"],
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    address = proc.stdout.readline().strip()
    assert address, "the private D-Bus session didn't start"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield address
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        proc.stdout.close()


def direct() -> KeyringAccess:
    """Access through the Secret Service itself, whatever keyring backend the test set."""
    return KeyringAccess(backend=passwordstore.SecretServiceStore())


def _titles(journal: Journal) -> list[str]:
    return [s.title for s in journal.repo.list_entries()]


def _make(paths: JournalPaths, access: KeyringAccess) -> str:
    """A closed journal with a keyring slot (made through ``access``) and one entry."""
    from journal.models import Incident
    from journal.timeutil import now

    journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE, keyring_access=access)
    with journal:
        assert journal.slots.has(SLOT_KEYRING)
        journal.repo.add(Incident(title="A post about my report", occurred_at=now()))
        return journal.slots.journal_id


@needs_daemon
def test_secrets_round_trip_through_the_real_store(secret_service: str) -> None:
    store = passwordstore.SecretServiceStore()
    assert passwordstore.available(store)
    assert passwordstore.get_secret("Test service", "someone", store=store) is None
    passwordstore.set_secret("Test service", "someone", "first", store=store)
    passwordstore.set_secret("Test service", "someone", "second", store=store)  # replaces
    assert passwordstore.get_secret("Test service", "someone", store=store) == "second"
    assert passwordstore.get_secret("Test service", "someone else", store=store) is None
    assert passwordstore.delete_secret("Test service", "someone", store=store) is True
    assert passwordstore.delete_secret("Test service", "someone", store=store) is False
    assert passwordstore.get_secret("Test service", "someone", store=store) is None


@needs_daemon
def test_a_journal_set_up_through_keyring_unlocks_directly(
    secret_service: str, paths: JournalPaths
) -> None:
    keyring.set_keyring(SecretService.Keyring())  # how earlier versions kept the secret
    journal_id = _make(paths, KeyringAccess())
    with Journal.open(paths, Unlock(), keyring_access=direct()) as journal:
        assert _titles(journal) == ["A post about my report"]
    # Exactly one item, the one keyring made and keyring still reads.
    store = passwordstore.SecretServiceStore()
    assert store.get(KEYRING_SERVICE, journal_id) == SecretService.Keyring().get_password(
        KEYRING_SERVICE, journal_id
    )


@needs_daemon
def test_a_secret_kept_directly_is_the_item_keyring_reads(
    secret_service: str, paths: JournalPaths
) -> None:
    journal_id = _make(paths, direct())
    kept = SecretService.Keyring().get_password(KEYRING_SERVICE, journal_id)
    assert kept is not None and len(bytes.fromhex(kept)) == 32
    keyring.set_keyring(SecretService.Keyring())
    with Journal.open(paths, Unlock(), keyring_access=KeyringAccess()) as journal:
        assert _titles(journal) == ["A post about my report"]
    # Setting it again replaces keyring's item rather than adding a second one.
    with Journal.open(paths, Unlock(), keyring_access=direct()) as journal:
        journal.enable_keyring(direct())
    import secretstorage

    conn = secretstorage.dbus_init()
    try:
        items = list(
            secretstorage.get_default_collection(conn).search_items(
                {"service": KEYRING_SERVICE, "username": journal_id}
            )
        )
        assert len(items) == 1
    finally:
        conn.close()


@needs_daemon
def test_a_locked_store_says_so(secret_service: str, paths: JournalPaths) -> None:
    import secretstorage

    _make(paths, direct())
    conn = secretstorage.dbus_init()
    try:
        secretstorage.get_default_collection(conn).lock()
    finally:
        conn.close()
    # Nobody can answer the unlock prompt here (no display): it is dismissed.
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.open(paths, Unlock(), keyring_access=direct())
    assert "is locked" in caught.value.message
    assert "passphrase or recovery key" in caught.value.message
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE), keyring_access=direct()) as journal:
        assert _titles(journal) == ["A post about my report"]


@needs_daemon
def test_a_store_that_stops_answering_times_out(secret_service: str, paths: JournalPaths) -> None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    _make(paths, direct())
    with open_dbus_connection() as conn:
        reply = conn.send_and_get_reply(
            message_bus.GetConnectionUnixProcessID("org.freedesktop.secrets")
        )
    (pid,) = reply.body
    os.kill(pid, signal.SIGSTOP)  # the daemon is there but never answers
    try:
        with pytest.raises(KeyringUnavailable) as caught:
            Journal.open(
                paths, Unlock(), keyring_access=KeyringAccess(backend=direct().backend, timeout=0.5)
            )
        assert "didn't answer" in caught.value.message
    finally:
        os.kill(pid, signal.SIGCONT)
    with Journal.open(paths, Unlock(), keyring_access=direct()) as journal:
        assert _titles(journal) == ["A post about my report"]


@needs_daemon
def test_a_wrong_or_lost_secret_in_the_real_store(secret_service: str, paths: JournalPaths) -> None:
    journal_id = _make(paths, direct())
    store = passwordstore.SecretServiceStore()
    store.set(KEYRING_SERVICE, journal_id, "00" * 32)
    with pytest.raises(KeyringWrongKey):
        Journal.open(paths, Unlock(), keyring_access=direct())
    store.delete(KEYRING_SERVICE, journal_id)
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.open(paths, Unlock(), keyring_access=direct())
    assert "no longer has this journal's key" in caught.value.message


@pytest.mark.parametrize("address", [None, "unix:path=/nonexistent/bus"])
def test_no_session_bus_means_the_store_is_unavailable(
    monkeypatch: pytest.MonkeyPatch, paths: JournalPaths, address: str | None
) -> None:
    if address is None:
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    assert direct().available() is False
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.create(paths, keyring_access=direct())
    assert "isn't available" in caught.value.message
    journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE, keyring_access=direct())
    with journal:
        assert not journal.slots.has(SLOT_KEYRING)


def test_the_platform_store_on_linux_is_the_secret_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    assert isinstance(passwordstore.platform_store(), passwordstore.SecretServiceStore)


@pytest.mark.parametrize(
    ("platform", "backend"),
    [
        ("darwin", "keyring.backends.macOS.Keyring"),
        ("win32", "keyring.backends.Windows.WinVaultKeyring"),
    ],
)
def test_macos_and_windows_use_keyrings_own_class_without_discovery(
    monkeypatch: pytest.MonkeyPatch, platform: str, backend: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    store = passwordstore.platform_store()
    assert isinstance(store, passwordstore.KeyringBackendStore)
    kind = type(store.backend)
    assert f"{kind.__module__}.{kind.__qualname__}" == backend
    assert keyring.core._keyring_backend is None  # nothing was discovered on the way


def test_a_keyring_backend_set_by_hand_is_used(memory_keyring: object) -> None:
    store = passwordstore.platform_store()
    assert isinstance(store, passwordstore.KeyringBackendStore)
    assert store.backend is memory_keyring


_CHILD = """
import sys
from journal.cli import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m == "keyring" or m.startswith("keyring."))
sys.stderr.write("keyring modules: " + ",".join(loaded) + "\\n")
sys.exit(code)
"""


@needs_daemon
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux store")
def test_a_command_unlocks_through_the_real_store_without_importing_keyring(
    secret_service: str, tmp_path: Path
) -> None:
    environment = dict(os.environ)
    for name in ("PYTHON_KEYRING_BACKEND", "PRACTITIONER_JOURNAL_PASSPHRASE_FILE"):
        environment.pop(name, None)
    environment["PRACTITIONER_JOURNAL_DIR"] = str(tmp_path / "journal")

    def run(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return run_python("-c", _CHILD, *argv, stdin=stdin, env=environment)

    done = run("init")  # the password store alone: no passphrase asked for
    assert done.returncode == 0, done.stderr
    entry = {"kind": "incident", "title": "Zygomorphic post", "occurred_at": "2026-03-14T09:30:00Z"}
    done = run("add", "-", stdin=json.dumps(entry))
    assert done.returncode == 0, done.stderr
    done = run("search", "zygomorphic")
    assert done.returncode == 0, done.stderr
    assert "Zygomorphic post" in done.stdout
    assert "keyring modules: \n" in done.stderr  # none at all
    slots = KeySlots.load(JournalPaths(tmp_path / "journal").key_slots)
    assert slots.has(SLOT_KEYRING)
