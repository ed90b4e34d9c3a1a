"""Rows as the plain data that exports and ``--json`` commands write.

A row's fields in the order the dataclass declares them (that order is what the JSON
shows, so reordering the fields reorders the output), each as JSON takes it: moments
and days in ISO form, tuples as lists, ``None`` as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar


def _plain(value: Any) -> Any:
    if isinstance(value, date):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def row_dict(row: Any, *, rename: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``row``'s fields as plain data; ``rename`` gives a field another key."""
    names = rename or {}
    return {
        names.get(f.name, f.name): _plain(getattr(row, f.name)) for f in dataclasses.fields(row)
    }


class PlainRow:
    """A dataclass row that turns itself into plain data (``to_dict``), its fields renamed
    as ``json_names`` says."""

    json_names: ClassVar[Mapping[str, str]] = {}

    def to_dict(self) -> dict[str, Any]:
        return row_dict(self, rename=self.json_names)
