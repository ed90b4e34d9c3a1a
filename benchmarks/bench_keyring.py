"""A file-based keyring backend for benchmark runs only.

Selected with ``PYTHON_KEYRING_BACKEND=bench_keyring.FileKeyring`` and found through
``PYTHONPATH``: the benchmark copies this module into its temporary folder, and the
secrets file (``PJ_BENCH_KEYRING_FILE``) lives there too, so nothing outlives the run.
It goes through the real ``keyring`` API, like a desktop password store would, without
the D-Bus round trip. Never use it for a real journal: the secrets are not encrypted.
"""

from __future__ import annotations

import json
import os

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV_FILE = "PJ_BENCH_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.path = path or os.environ[ENV_FILE]

    def _load(self) -> dict[str, str]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _save(self, data: dict[str, str]) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)

    @staticmethod
    def _name(service: str, username: str) -> str:
        return f"{service}\x1f{username}"

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(self._name(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[self._name(service, username)] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(self._name(service, username), None) is None:
            raise PasswordDeleteError(username)
        self._save(data)
