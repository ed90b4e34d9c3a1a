"""A drop-down list of choices with the caption that names it, made in one call."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QLabel, QWidget


def choice_box(
    caption: str, parent: QWidget, name: str, spoken: str, choices: Iterable[tuple[str, object]]
) -> tuple[QLabel, QComboBox]:
    """The caption (its mnemonic leads to the list) and the list of (text, value) choices,
    named ``name`` and read out as ``spoken``."""
    box = QComboBox(parent)
    box.setObjectName(name)
    box.setAccessibleName(spoken)
    for text, value in choices:
        box.addItem(text, value)
    label = QLabel(caption, parent)
    label.setBuddy(box)
    return label, box
