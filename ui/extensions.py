"""The app's sections beyond incidents, plugged into the main window.

Each module listed here has ``install(window)``, called once when the main window is
built. It registers pages (created on first view, so heavy modules such as Qt Charts
load only when needed), toolbar actions, ``app:`` link handlers and notices, and
connects to the window's signals. Keep those modules' top-level imports light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.host import Window

EXTENSIONS: list[str] = [
    "ui.wellbeing.section",
    "ui.guidance",
    "ui.support",
    "ui.searchlog",
    "ui.supervision",
    "ui.safety",
    "ui.reports",
]


def install_all(window: Window) -> None:
    for name in EXTENSIONS:
        importlib.import_module(name).install(window)
