"""Helpers for the search log and supervision screens' tests (imported by name)."""

from __future__ import annotations

from typing import TypeVar

from helpers.qt import (
    PASSPHRASE as PASSPHRASE,
)
from helpers.qt import SHOWN_ROLES
from helpers.qt import (
    WAIT_MS as WAIT_MS,
)
from helpers.qt import all_text as text_of
from helpers.qt import (
    click as click,
)
from helpers.qt import (
    idle as idle,
)
from helpers.qt import (
    run as run,
)
from helpers.qt import (
    type_into as type_into,
)
from helpers.qt import (
    unlock as unlock,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QWidget,
)

T = TypeVar("T")


def all_text(root: QWidget, *, visible_only: bool = False) -> str:
    """Every text the widget tree holds (``visible_only``: what is on screen), with the
    rows' own values (role UserRole + 2) as well."""
    roles = (*SHOWN_ROLES, Qt.ItemDataRole(Qt.ItemDataRole.UserRole + 2))
    return text_of(root, roles=roles, visible_only=visible_only)
