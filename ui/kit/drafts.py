"""Unfinished incidents, kept as drafts inside the encrypted database.

A draft holds what the editor had: the fields as JSON, which saved evidence it kept,
and any new files (base64), so after a crash or a lock nothing but the last few
seconds of typing is lost.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from journal.models import Attachment, NewAttachment
from journal.timeutil import parse_datetime

DRAFT_PREFIX = "incident-editor:"
FORMAT = 1


def new_draft_id() -> str:
    return DRAFT_PREFIX + str(uuid.uuid4())


def is_incident_draft(draft_id: str) -> bool:
    return draft_id.startswith(DRAFT_PREFIX)


@dataclass
class Draft:
    """What the editor holds, in a form that round-trips through JSON."""

    fields: dict[str, Any]
    editing_id: str | None = None
    expected_revision: int | None = None
    kept: list[Attachment] = field(default_factory=list)
    new: list[NewAttachment] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": "incident",
            "editing_id": self.editing_id,
            "expected_revision": self.expected_revision,
            "fields": self.fields,
            "kept": [a.to_dict() for a in self.kept],
            "new": [
                {
                    "filename": n.filename,
                    "mime": n.mime,
                    "captured_at": n.captured_at.isoformat(),
                    "data": base64.b64encode(n.data).decode("ascii"),
                }
                for n in self.new
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        """Rebuild a draft; parts that can't be read are left out rather than failing."""
        fields = data.get("fields")
        draft = cls(fields=dict(fields) if isinstance(fields, dict) else {})
        editing = data.get("editing_id")
        draft.editing_id = editing if isinstance(editing, str) else None
        revision = data.get("expected_revision")
        draft.expected_revision = revision if isinstance(revision, int) else None
        for item in data.get("kept") or []:
            try:
                draft.kept.append(
                    Attachment(
                        id=str(item["id"]),
                        filename=str(item["filename"]),
                        mime=str(item["mime"]),
                        size=int(item["size"]),
                        sha256=str(item["sha256"]),
                        captured_at=parse_datetime(str(item["captured_at"])),
                    )
                )
            except (KeyError, TypeError, ValueError):
                continue
        for item in data.get("new") or []:
            try:
                draft.new.append(
                    NewAttachment(
                        filename=str(item["filename"]),
                        mime=str(item["mime"]),
                        data=base64.b64decode(item["data"], validate=True),
                        captured_at=parse_datetime(str(item["captured_at"])),
                    )
                )
            except (KeyError, TypeError, ValueError, binascii.Error):
                continue
        return draft

    @property
    def title(self) -> str:
        return str(self.fields.get("title") or "").strip()


@dataclass(frozen=True)
class SavedDraft:
    id: str
    saved_at: datetime
    draft: Draft


def load_drafts(raw: list[tuple[str, datetime, dict[str, Any]]]) -> list[SavedDraft]:
    """The incident editor's drafts among all of the journal's, newest first."""
    found = [
        SavedDraft(draft_id, saved_at, Draft.from_json(data))
        for draft_id, saved_at, data in raw
        if is_incident_draft(draft_id) and isinstance(data, dict)
    ]
    return sorted(found, key=lambda d: d.saved_at, reverse=True)
