"""The data roles every table of entries answers, so the shared delegates can draw any of them."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1  # the entry id (str), any column
    SORT = Qt.ItemDataRole.UserRole + 2  # a value that sorts the column (str or int)
    KEY = Qt.ItemDataRole.UserRole + 3  # the stored value: "high", "facebook", …
    TAGS = Qt.ItemDataRole.UserRole + 4  # impact tags (list of str)
    MARKED = Qt.ItemDataRole.UserRole + 5  # title with search.HIT_START/HIT_END markers
    SNIPPET = Qt.ItemDataRole.UserRole + 6  # matching text with markers, "" when none
    SNIPPET_HIDDEN = Qt.ItemDataRole.UserRole + 7  # True: the match is in the quoted words
