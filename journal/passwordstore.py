"""The computer's password store, reached directly.

On Linux the journal talks to the Secret Service (GNOME Keyring, KeePassXC, KWallet's
Secret Service) through ``secretstorage``, the library ``keyring`` itself uses there; on
macOS and Windows it uses ``keyring``'s backend class for that platform without asking
``keyring`` to discover one. Finding a backend through ``keyring`` (entry points and
every backend's priority check) cost about 120 ms of every command and app start.

The items are the ones ``keyring`` made and reads (same attributes, same label), so a
journal set up through ``keyring`` still unlocks, and the other way round.

Every call runs on one waiting thread and is given up on after ``timeout`` seconds: a
store that never answers (a prompt nobody sees) can't hold the caller. Every failure
is a ``KeyringUnavailable`` with the message for a missing, locked or silent store;
a missing item is ``None``, never an error.

Tests (and anyone who chose one) can still pick a ``keyring`` backend: one set with
``keyring.set_keyring`` or named in ``PYTHON_KEYRING_BACKEND`` is used as it is, and a
store object can be handed to ``KeyringAccess`` directly.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Callable
from contextlib import closing
from typing import Any, Protocol, TypeVar, cast

from journal.errors import KeyringUnavailable

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0
# keyring's Secret Service backend marks its items with this; new items carry it too, so
# that replacing an item made through ``keyring`` replaces it rather than adding another.
KEYRING_APPLICATION = "Python keyring library"

UNANSWERED = (
    "Your computer's password store didn't answer. Use your passphrase or recovery key; "
    "you can try the password store again later."
)
LOCKED = (
    "Your computer's password store is locked. Unlock it (or log in again), or use your "
    "passphrase or recovery key."
)


class StoreLocked(Exception):
    """The store (or the item) is locked and stayed locked: the prompt was dismissed."""


class StoreMissing(Exception):
    """There is no usable store on this computer (no D-Bus session, a null backend...)."""


class Store(Protocol):
    """What the journal needs of a password store. Calls may block; they run off the
    caller's thread. Raise ``StoreLocked``/``StoreMissing`` or anything else on failure."""

    def usable(self) -> bool: ...

    def get(self, service: str, name: str) -> str | None: ...

    def set(self, service: str, name: str, secret: str) -> None: ...

    def delete(self, service: str, name: str) -> bool: ...


class SecretServiceStore:
    """The freedesktop Secret Service over D-Bus, one short connection per call."""

    @staticmethod
    def _collection(conn: Any) -> Any:
        import secretstorage

        collection = secretstorage.get_default_collection(conn)
        if collection.is_locked():
            collection.unlock()
            if collection.is_locked():
                raise StoreLocked()
        return collection

    @staticmethod
    def _connect() -> Any:
        import secretstorage

        try:
            return secretstorage.dbus_init()
        except secretstorage.exceptions.SecretServiceNotAvailableException as exc:
            raise StoreMissing() from exc

    def usable(self) -> bool:
        import secretstorage

        try:
            with closing(self._connect()) as conn:
                return bool(secretstorage.check_service_availability(conn))
        except StoreMissing:
            return False

    def get(self, service: str, name: str) -> str | None:
        with closing(self._connect()) as conn:
            for item in self._collection(conn).search_items(_attributes(service, name)):
                if item.is_locked():
                    item.unlock()
                    if item.is_locked():
                        raise StoreLocked()
                item.session = _open_session(conn)
                return cast(bytes, item.get_secret()).decode("utf-8")
        return None

    def set(self, service: str, name: str, secret: str) -> None:
        with closing(self._connect()) as conn:
            self._collection(conn).create_item(
                f"Password for '{name}' on '{service}'",
                {**_attributes(service, name), "application": KEYRING_APPLICATION},
                secret,
                replace=True,
            )

    def delete(self, service: str, name: str) -> bool:
        with closing(self._connect()) as conn:
            for item in self._collection(conn).search_items(_attributes(service, name)):
                item.delete()
                return True
        return False


def _open_session(conn: Any) -> Any:
    """An encrypted transfer session with a 256-bit Diffie-Hellman exponent.

    The same algorithm ``secretstorage`` negotiates (dh-ietf1024-sha256-aes128-cbc-pkcs7),
    but it draws a 1024-bit private exponent, and its two pure-Python exponentiations took
    most of a lookup (about 9 ms of 16). 256 bits is well above what the 1024-bit group
    itself offers (about 80 bits), and a quarter of the work. None (``secretstorage``
    then opens its own) if the library's internals differ from what this expects.
    """
    from secretstorage import dhcrypto, util

    needed = ("DBusAddressWrapper", "SS_PATH", "SERVICE_IFACE", "ALGORITHM_DH")
    if not all(hasattr(util, n) for n in needed) or not hasattr(dhcrypto, "DH_PRIME_1024"):
        return None

    class ShortExponentSession(dhcrypto.Session):
        def __init__(self) -> None:  # the parent's draws a 1024-bit exponent
            self.object_path: str | None = None
            self.aes_key: bytes | None = None
            self.encrypted = True
            self.my_private_key = int.from_bytes(os.urandom(32), "big") | (1 << 255)
            self.my_public_key = pow(2, self.my_private_key, dhcrypto.DH_PRIME_1024)

    session = ShortExponentSession()
    service = util.DBusAddressWrapper(util.SS_PATH, util.SERVICE_IFACE, conn)
    output, result = service.call(
        "OpenSession", "sv", util.ALGORITHM_DH, ("ay", session.my_public_key.to_bytes(128, "big"))
    )
    signature, value = output
    if signature != "ay":
        return None
    session.set_server_public_key(int.from_bytes(value, "big"))
    session.object_path = result
    return session


def _attributes(service: str, name: str) -> dict[str, str]:
    """The attributes ``keyring`` searches by (its "default" scheme)."""
    return {"username": name, "service": service}


class KeyringBackendStore:
    """A ``keyring`` backend object used as it is: the platform's class on macOS and
    Windows, or one a test or the person chose."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def usable(self) -> bool:
        from keyring.backends import fail, null

        chained = getattr(self.backend, "backends", None)
        if chained is not None:  # a ChainerBackend is usable when any member is
            return any(not isinstance(b, fail.Keyring | null.Keyring) for b in chained)
        return not isinstance(self.backend, fail.Keyring | null.Keyring)

    def _checked(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except Exception as exc:
            if type(exc).__name__ == "KeyringLocked":
                raise StoreLocked() from exc
            raise

    def get(self, service: str, name: str) -> str | None:
        if not self.usable():
            raise StoreMissing()
        return self._checked(lambda: self.backend.get_password(service, name))

    def set(self, service: str, name: str, secret: str) -> None:
        if not self.usable():
            raise StoreMissing()
        self._checked(lambda: self.backend.set_password(service, name, secret))

    def delete(self, service: str, name: str) -> bool:
        try:
            self._checked(lambda: self.backend.delete_password(service, name))
        except Exception as exc:
            if type(exc).__name__ == "PasswordDeleteError":
                return False
            raise
        return True


def platform_store() -> Store:
    """The store for this computer. Resolved on every call, so a backend set later wins."""
    chosen = _chosen_keyring_backend()
    if chosen is not None:
        return KeyringBackendStore(chosen)
    if sys.platform == "darwin":
        from keyring.backends import macOS

        return KeyringBackendStore(macOS.Keyring())
    if sys.platform == "win32":
        from keyring.backends import Windows

        return KeyringBackendStore(Windows.WinVaultKeyring())
    return SecretServiceStore()  # Linux and the BSDs: the freedesktop Secret Service


def _chosen_keyring_backend() -> Any:
    """A ``keyring`` backend somebody chose: set with ``keyring.set_keyring`` in this
    process (tests do), or named in ``PYTHON_KEYRING_BACKEND``. None otherwise; then
    ``keyring`` is not even imported on Linux."""
    core = sys.modules.get("keyring.core")
    backend = getattr(core, "_keyring_backend", None) if core is not None else None
    if backend is not None:
        return backend
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        import keyring

        return keyring.get_keyring()  # reads the variable; no discovery
    return None


# -- the waiting thread ------------------------------------------------------------------


class _Worker:
    """One long-lived thread that makes the store calls, so that a call that never comes
    back (a prompt nobody sees) can be given up on without stopping the caller.

    Handing a call to a waiting thread costs a fraction of starting a thread for it.
    A worker that was given up on is left to finish (or not) on its own; the next
    call gets a fresh one, so one hung call never holds up the next.
    """

    _current: _Worker | None = None
    _guard = threading.Lock()

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="password-store", daemon=True).start()

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job.result = job.fn()
            except BaseException as exc:  # handed back to the caller's thread
                job.error = exc
            job.done.release()
            del job  # the answer (a secret, perhaps) stays with the caller only

    @classmethod
    def run(
        cls, fn: Callable[[], object], timeout: float
    ) -> tuple[object, BaseException | None] | None:
        """``(result, error)`` of ``fn()`` on the worker, or None when it didn't answer in time."""
        with cls._guard:
            worker = cls._current
            if worker is None:
                worker = cls._current = cls()
            job = _Job(fn)
            worker._jobs.put(job)
        if job.done.acquire(timeout=timeout):
            return job.result, job.error
        with cls._guard:
            if cls._current is worker:
                cls._current = None  # stuck: later calls get a new thread
        return None


def _forget_worker_after_fork() -> None:
    _Worker._current = None  # its thread wasn't copied into the child process


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_worker_after_fork)


class _Job:
    __slots__ = ("done", "error", "fn", "result")

    def __init__(self, fn: Callable[[], object]) -> None:
        self.fn = fn
        # A bare lock, held until the answer is in: the cheapest hand-over there is.
        self.done = threading.Lock()
        self.done.acquire()
        self.result: object = None
        self.error: BaseException | None = None


def call(fn: Callable[[], T], timeout: float = DEFAULT_TIMEOUT) -> T:
    """``fn()`` on the waiting thread; every way it can fail is a ``KeyringUnavailable``."""
    outcome = _Worker.run(fn, timeout)
    if outcome is None:
        raise KeyringUnavailable(UNANSWERED)
    result, error = outcome
    if error is not None:
        if isinstance(error, StoreLocked):
            raise KeyringUnavailable(LOCKED) from error
        raise KeyringUnavailable() from error
    return cast(T, result)


# -- the simple API ------------------------------------------------------------------------


def available(store: Store | None = None, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Whether a store is there to use (it may still be locked)."""
    try:
        return call(lambda: (store or platform_store()).usable(), timeout)
    except KeyringUnavailable:
        return False


def get_secret(
    service: str, name: str, *, timeout: float = DEFAULT_TIMEOUT, store: Store | None = None
) -> str | None:
    """The secret kept under (service, name), or None when there is none."""
    return call(lambda: (store or platform_store()).get(service, name), timeout)


def set_secret(
    service: str,
    name: str,
    secret: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    store: Store | None = None,
) -> None:
    """Keep ``secret`` under (service, name), replacing any earlier one. Not read back:
    callers that must be sure (a null store forgets silently) read it back themselves."""
    call(lambda: (store or platform_store()).set(service, name, secret), timeout)


def delete_secret(
    service: str, name: str, *, timeout: float = DEFAULT_TIMEOUT, store: Store | None = None
) -> bool:
    """Remove the secret under (service, name); False when there was none."""
    return call(lambda: (store or platform_store()).delete(service, name), timeout)
