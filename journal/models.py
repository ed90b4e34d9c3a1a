"""The journal's entries, as plain dataclasses with person-readable validation.

``entry_from_dict`` turns JSON-shaped input (the command line, drafts, the
editor) into an entry or raises ``ValidationError`` with one sentence per
field. ``Entry.to_dict`` is the inverse and the canonical form that revision
hashes are computed over.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from journal.errors import ValidationError
from journal.timeutil import now, parse_date, parse_datetime

KINDS = ("incident", "checkin", "search", "supervision")

PLATFORMS = (
    "facebook", "x", "instagram", "tiktok", "youtube", "whatsapp", "email", "sms", "forum", "other",
)  # fmt: skip
PLATFORM_LABELS = {
    "facebook": "Facebook", "x": "X", "instagram": "Instagram", "tiktok": "TikTok",
    "youtube": "YouTube", "whatsapp": "WhatsApp", "email": "Email", "sms": "Text message",
    "forum": "Forum", "other": "Other",
}  # fmt: skip
CONTENT_TYPES = (
    "post", "comment", "direct_message", "review", "video", "image", "email", "text_message",
    "other",
)  # fmt: skip
CONTENT_TYPE_LABELS = {
    "post": "Post", "comment": "Comment", "direct_message": "Direct message",
    "review": "Review", "video": "Video", "image": "Image", "email": "Email",
    "text_message": "Text message", "other": "Other",
}  # fmt: skip
AUTHOR_RELATIONS = (
    "party", "relative", "child", "professional", "member_of_public", "unknown", "other",
)  # fmt: skip
AUTHOR_RELATION_LABELS = {
    "party": "Party in a case", "relative": "Relative of a party", "child": "Child or young person",
    "professional": "Another professional", "member_of_public": "Member of the public",
    "unknown": "Unknown", "other": "Other",
}  # fmt: skip
CATEGORIES = (
    "abuse", "threat", "sensitive_information", "contact_order_breach",
    "adopted_child_contact", "impersonation_doxxing", "other",
)  # fmt: skip
CATEGORY_LABELS = {
    "abuse": "Abusive or critical post about me",
    "threat": "Threat to me or my family",
    "sensitive_information": "Sensitive case information published",
    "contact_order_breach": "Contact that bypasses a court decision",
    "adopted_child_contact": "Birth parent contacting an adopted child",
    "impersonation_doxxing": "Impersonation or doxxing",
    "other": "Other",
}
SEVERITIES = ("low", "medium", "high", "critical")
SEVERITY_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"}
STATUSES = ("open", "monitoring", "closed")
STATUS_LABELS = {"open": "Open", "monitoring": "Monitoring", "closed": "Closed"}
KIND_LABELS = {
    "incident": "Incident",
    "checkin": "Check-in",
    "search": "Search log",
    "supervision": "Supervision",
}
# The labels each coded field of an entry is shown with (reports, CSV, ``show``).
FIELD_LABELS = {
    "kind": KIND_LABELS,
    "platform": PLATFORM_LABELS,
    "content_type": CONTENT_TYPE_LABELS,
    "author_relation": AUTHOR_RELATION_LABELS,
    "category": CATEGORY_LABELS,
    "severity": SEVERITY_LABELS,
    "status": STATUS_LABELS,
}

DEFAULT_IMPACT_TAGS = (
    "anxious", "angry", "upset", "embarrassed", "fearful", "isolated", "lost sleep",
    "doubting my practice", "distracted at work", "worried for family", "shrugged it off",
)  # fmt: skip

TITLE_MAX = 300
TEXT_MAX = 100_000
SHORT_MAX = 500
TAG_MAX = 40
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    """Evidence kept inside the encrypted database. ``data`` is loaded only when asked for."""

    id: str
    filename: str
    mime: str
    size: int
    sha256: str
    captured_at: datetime
    data: bytes | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "filename": self.filename,
            "mime": self.mime,
            "size": self.size,
            "sha256": self.sha256,
            "captured_at": self.captured_at.isoformat(),
        }


@dataclass(frozen=True)
class NewAttachment:
    """A file about to be attached; hashed here so the hash is of exactly what is stored."""

    filename: str
    mime: str
    data: bytes = field(repr=False)
    captured_at: datetime = field(default_factory=now)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def validate(self) -> None:
        if len(self.data) > MAX_ATTACHMENT_BYTES:
            mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
            raise ValidationError(
                {"attachments": f"“{self.filename}” is larger than {mb} MB. Attach a smaller file."}
            )
        if not self.data:
            raise ValidationError({"attachments": f"“{self.filename}” is empty."})


@dataclass
class Action:
    """Something done or agreed: in an incident a dated step taken, in supervision an action."""

    what: str
    who: str = ""
    due: date | None = None
    done: bool = False
    done_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "who": self.who,
            "due": self.due.isoformat() if self.due else None,
            "done": self.done,
            "done_on": self.done_on.isoformat() if self.done_on else None,
        }


@dataclass
class CourtOrder:
    """A court order related to an incident (non-molestation, harassment, contact, …)."""

    kind: str
    reference: str = ""
    made_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reference": self.reference,
            "made_on": self.made_on.isoformat() if self.made_on else None,
        }


@dataclass(frozen=True)
class Tag:
    name: str
    builtin: bool
    uses: int = 0


@dataclass(kw_only=True)
class Entry:
    kind: ClassVar[str] = ""
    SHAREABLE_DEFAULT: ClassVar[bool] = True

    occurred_at: datetime = field(default_factory=now)
    id: str = ""
    recorded_at: datetime | None = None
    updated_at: datetime | None = None
    title: str = ""
    description: str = ""
    private_notes: str = ""
    shareable: bool = True
    revision: int = 0
    hash: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    # Made up by ``practitioner-journal demo``: never goes into a report.
    demo: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form. Canonical: revision hashes are computed over it (minus ``hash``)."""
        out: dict[str, Any] = {"kind": self.kind}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "demo" and not value:
                continue  # a real entry's form (and so its hash) is as it always was
            out[f.name] = _to_json(value)
        return out

    def searchable_text(self) -> dict[str, str]:
        """Text for the full-text index, by column."""
        return {
            "title": self.title,
            "body": self.description,
            "quoted": "",
            "tags": "",
            "refs": "",
            "private": self.private_notes,
        }

    def summary_fields(self) -> dict[str, Any]:
        """Columns kept beside the JSON so lists and filters never parse JSON."""
        return {}


@dataclass(kw_only=True)
class Incident(Entry):
    kind: ClassVar[str] = "incident"

    platform: str = "other"
    content_type: str = "post"
    author_handle: str = ""
    author_relation: str = "unknown"
    case_ref: str = ""
    urls: list[str] = field(default_factory=list)
    quoted_text: str = ""
    category: str = "abuse"
    severity: str = "medium"
    impact_tags: list[str] = field(default_factory=list)
    impact_score: int | None = None  # None: not rated, which is not the same as 0 (no effect)
    actions: list[Action] = field(default_factory=list)
    status: str = "open"
    platform_report_ref: str = ""
    platform_report_outcome: str = ""
    # The police and legal trail (journal/legal.py): when it was reported, to whom, and
    # related court orders.
    police_reported_on: date | None = None
    police_force: str = ""
    police_crime_ref: str = ""
    police_officer: str = ""
    police_outcome: str = ""
    court_orders: list[CourtOrder] = field(default_factory=list)

    def searchable_text(self) -> dict[str, str]:
        text = super().searchable_text()
        text["body"] = "\n".join(
            [self.description, self.platform_report_outcome, *(a.what for a in self.actions)]
            + [self.police_force, self.police_officer, self.police_outcome]
            + [o.kind for o in self.court_orders]
        )
        text["quoted"] = self.quoted_text
        text["tags"] = " ".join(self.impact_tags)
        text["refs"] = " ".join(
            [
                self.author_handle,
                self.case_ref,
                self.platform_report_ref,
                *self.urls,
                self.police_crime_ref,
                *(o.reference for o in self.court_orders),
            ]
        )
        return text

    def summary_fields(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "severity": self.severity,
            "platform": self.platform,
            "status": self.status,
            "author_handle": self.author_handle,
            "case_ref": self.case_ref,
            "impact_score": self.impact_score,
        }


@dataclass(kw_only=True)
class CheckIn(Entry):
    kind: ClassVar[str] = "checkin"
    SHAREABLE_DEFAULT: ClassVar[bool] = False

    shareable: bool = False  # a check-in goes into a report only when ticked in
    mood: int = 3
    stress: int = 5
    sleep: int = 3
    confidence: int = 3
    raise_in_supervision: bool = False

    def summary_fields(self) -> dict[str, Any]:
        return {"impact_score": self.stress}


@dataclass(kw_only=True)
class SearchLogEntry(Entry):
    kind: ClassVar[str] = "search"

    query: str = ""
    where: str = ""
    case_ref: str = ""
    reason: str = ""
    agreed_by: str = ""
    outcome: str = ""

    def searchable_text(self) -> dict[str, str]:
        text = super().searchable_text()
        text["body"] = "\n".join(
            [self.description, self.query, self.where, self.reason, self.agreed_by, self.outcome]
        )
        text["refs"] = self.case_ref
        return text

    def summary_fields(self) -> dict[str, Any]:
        return {"case_ref": self.case_ref}


@dataclass(kw_only=True)
class SupervisionRecord(Entry):
    kind: ClassVar[str] = "supervision"

    supervisor: str = ""
    discussed: list[str] = field(default_factory=list)
    wellbeing_discussed: str = ""
    actions: list[Action] = field(default_factory=list)
    next_date: date | None = None

    def searchable_text(self) -> dict[str, str]:
        text = super().searchable_text()
        text["body"] = "\n".join(
            [self.description, self.supervisor, self.wellbeing_discussed]
            + [f"{a.what} {a.who}" for a in self.actions]
        )
        return text


ENTRY_TYPES: dict[str, type[Entry]] = {
    "incident": Incident,
    "checkin": CheckIn,
    "search": SearchLogEntry,
    "supervision": SupervisionRecord,
}


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Attachment | Action | CourtOrder):
        return value.to_dict()
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value


# -- validation ---------------------------------------------------------------

# Fields a person or program may send that the core sets itself: accepted, ignored.
_READ_ONLY = {"id", "recorded_at", "updated_at", "revision", "hash", "kind"}

_CHOICES: dict[str, tuple[str, ...]] = {
    "platform": PLATFORMS,
    "content_type": CONTENT_TYPES,
    "author_relation": AUTHOR_RELATIONS,
    "category": CATEGORIES,
    "severity": SEVERITIES,
    "status": STATUSES,
}
_RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("incident", "impact_score"): (0, 10),
    ("checkin", "mood"): (1, 5),
    ("checkin", "stress"): (0, 10),
    ("checkin", "sleep"): (1, 5),
    ("checkin", "confidence"): (1, 5),
}
_SHORT_TEXT = {
    "author_handle", "case_ref", "where", "agreed_by", "supervisor", "platform_report_ref",
    "police_force", "police_crime_ref", "police_officer",
}  # fmt: skip
_ALIASES = {"checkin": {"note": "description"}}


class _FieldError(Exception):
    pass


def _text(value: Any, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _FieldError("should be text.")
    if "\x00" in value:
        raise _FieldError("contains a NUL character, which can't be stored. Remove it.")
    if len(value) > limit:
        raise _FieldError(f"is too long ({len(value):,} characters; at most {limit:,}).")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. "\ud800" in JSON
        raise _FieldError(
            "contains a character that isn't valid text (a broken emoji or symbol). Remove it."
        ) from None
    return value


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _FieldError("should be true or false.")


def _int(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _FieldError(f"should be a whole number from {low} to {high}.")
    if isinstance(value, float) and not value.is_integer():
        raise _FieldError(f"should be a whole number from {low} to {high}.")
    number = int(value)
    if not low <= number <= high:
        raise _FieldError(f"should be from {low} to {high}.")
    return number


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        try:
            moment = parse_datetime(value)
        except (ValueError, OverflowError):  # OverflowError: year 9999 moved into local time
            raise _FieldError("should be a date and time like 2026-03-14T09:30:00+00:00.") from None
    else:
        raise _FieldError("should be a date and time like 2026-03-14T09:30:00+00:00.")
    if moment.tzinfo is None:
        moment = moment.astimezone()
    if not 1900 <= moment.year <= 2200:
        raise _FieldError("should be a date between 1900 and 2200.")
    return moment.replace(microsecond=0)


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            parsed = parse_date(value)
        except ValueError:
            raise _FieldError("should be a date like 2026-03-14.") from None
        if not 1900 <= parsed.year <= 2200:
            raise _FieldError("should be a date between 1900 and 2200.")
        return parsed
    raise _FieldError("should be a date like 2026-03-14.")


def _choice(value: Any, choices: tuple[str, ...]) -> str:
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    raise _FieldError("should be one of: " + ", ".join(choices) + ".")


LIST_MAX = 1_000  # links, tags or topics in one entry: far more than a person writes


def _text_list(value: Any, limit: int) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _FieldError("should be a list of text.")
    if len(value) > LIST_MAX:
        raise _FieldError(f"has {len(value):,} items; at most {LIST_MAX:,}.")
    seen: set[str] = set()  # de-duplicated in one pass, order kept
    out = []
    for item in value:
        text = _text(item, limit).strip()
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out


def normalise_tag(name: str) -> str:
    return " ".join(name.strip().lower().split())


def _tags(value: Any) -> list[str]:
    tags = []
    seen: set[str] = set()
    for item in _text_list(value, TAG_MAX * 4):
        tag = normalise_tag(item)
        if len(tag) > TAG_MAX:
            raise _FieldError(f"“{tag[:20]}…” is longer than {TAG_MAX} characters.")
        if tag and tag not in seen:
            seen.add(tag)
            tags.append(tag)
    return tags


_R = TypeVar("_R")


def _records(
    value: Any,
    cls: type[_R],
    noun: str,
    fields: tuple[str, ...],
    build: Callable[[Mapping[str, Any]], _R],
) -> list[_R]:
    """A list of ``cls`` read from JSON: each item one already, or a mapping of ``fields``
    (the first one needed) that ``build`` makes into one. A problem says which item."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _FieldError(f"should be a list of {noun}s.")
    records = []
    for n, item in enumerate(value, 1):
        if isinstance(item, cls):
            records.append(item)
            continue
        if not isinstance(item, Mapping):
            raise _FieldError(f"{noun} {n} should have at least “{fields[0]}”.")
        unknown = set(item) - set(fields)
        if unknown:
            raise _FieldError(f"{noun} {n} has unknown field {sorted(unknown)[0]!r}.")
        try:
            records.append(build(item))
        except _FieldError as exc:
            raise _FieldError(f"{noun} {n} {exc}") from None
    return records


def _action(item: Mapping[str, Any]) -> Action:
    what = _text(item.get("what"), SHORT_MAX).strip()
    if not what:
        raise _FieldError("needs a description of what.")
    return Action(
        what=what,
        who=_text(item.get("who"), SHORT_MAX).strip(),
        due=_date(item.get("due")),
        done=_bool(item.get("done", False)),
        done_on=_date(item.get("done_on")),
    )


def _actions(value: Any) -> list[Action]:
    if isinstance(value, list):  # an action may be given as its words alone
        value = [{"what": item} if isinstance(item, str) else item for item in value]
    return _records(value, Action, "action", ("what", "who", "due", "done", "done_on"), _action)


def _court_order(item: Mapping[str, Any]) -> CourtOrder:
    kind = _text(item.get("kind"), SHORT_MAX).strip()
    if not kind:
        raise _FieldError("needs its kind, such as “non-molestation order”.")
    return CourtOrder(
        kind=kind,
        reference=_text(item.get("reference"), SHORT_MAX).strip(),
        made_on=_date(item.get("made_on")),
    )


def _court_orders(value: Any) -> list[CourtOrder]:
    return _records(
        value, CourtOrder, "court order", ("kind", "reference", "made_on"), _court_order
    )


def _attachment_meta(value: Any) -> list[Attachment]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _FieldError("should be a list.")
    out = []
    for item in value:
        if isinstance(item, Attachment):
            out.append(item)
        else:
            raise _FieldError("new files go through the attachment list, not here.")
    return out


def _new_attachments(value: Any) -> list[NewAttachment]:
    """Attachments sent as JSON: ``{"filename", "mime", "data": base64}``."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _FieldError("should be a list of files.")
    out = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, Mapping) or not isinstance(item.get("data"), str):
            raise _FieldError(f"file {n} needs “filename” and base64 “data”.")
        try:
            data = base64.b64decode(item["data"], validate=True)
        except (binascii.Error, ValueError):
            raise _FieldError(f"file {n}: “data” is not valid base64.") from None
        filename = _text(item.get("filename") or "evidence", SHORT_MAX).strip() or "evidence"
        mime = _text(item.get("mime") or "application/octet-stream", 100)
        new = NewAttachment(filename=filename, mime=mime, data=data)
        if "captured_at" in item:
            new = dataclasses.replace(new, captured_at=_datetime(item["captured_at"]))
        try:
            new.validate()
        except ValidationError as exc:
            raise _FieldError(exc.errors["attachments"]) from None
        out.append(new)
    return out


def _convert(kind: str, name: str, annotation: str, value: Any) -> Any:
    if (kind, name) == ("incident", "impact_score") and value is None:
        return None
    if name in _CHOICES:
        return _choice(value, _CHOICES[name])
    if (kind, name) in _RANGES:
        return _int(value, *_RANGES[(kind, name)])
    if name == "title":
        return _text(value, TITLE_MAX).strip()
    if name in _SHORT_TEXT:
        return _text(value, SHORT_MAX).strip()
    if name == "impact_tags":
        return _tags(value)
    if name == "urls":
        return _text_list(value, 2_000)
    if name == "discussed":
        return _text_list(value, 100)
    if name == "actions":
        return _actions(value)
    if name == "court_orders":
        return _court_orders(value)
    if name == "attachments":
        return _attachment_meta(value)
    if annotation == "str":
        return _text(value, TEXT_MAX)
    if annotation == "bool":
        return _bool(value)
    if annotation == "datetime":
        return _datetime(value)
    if annotation == "date | None":
        return _date(value)
    raise AssertionError(f"no converter for {kind}.{name}")  # a bug in this module


def entry_from_dict(
    data: Mapping[str, Any], *, kind: str | None = None, index: int | None = None
) -> tuple[Entry, list[NewAttachment]]:
    """Validate JSON-shaped input. Returns the entry and any files sent with it inline."""
    if not isinstance(data, Mapping):
        raise ValidationError({"entry": "should be a JSON object."}, index)
    kind = kind or data.get("kind")
    if not isinstance(kind, str) or kind not in ENTRY_TYPES:
        raise ValidationError({"kind": "should be one of: " + ", ".join(KINDS) + "."}, index)
    cls = ENTRY_TYPES[kind]
    aliases = _ALIASES.get(kind, {})
    fields = {f.name: f for f in dataclasses.fields(cls)}
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    new_files: list[NewAttachment] = []
    for key, raw in data.items():
        name = aliases.get(key, key)
        if name in _READ_ONLY:
            continue
        if (
            name == "attachments"
            and isinstance(raw, list)
            and any(isinstance(item, Mapping) for item in raw)
        ):
            try:
                new_files = _new_attachments(raw)
            except _FieldError as exc:
                errors["attachments"] = str(exc)
            continue
        if name not in fields:
            errors[key] = "is not a field of this kind of entry."
            continue
        annotation = str(fields[name].type)
        try:
            values[name] = _convert(kind, name, annotation, raw)
        except _FieldError as exc:
            errors[key] = str(exc)
    if "shareable" not in values:
        values["shareable"] = cls.SHAREABLE_DEFAULT
    if kind == "incident":
        if not values.get("title"):
            errors.setdefault("title", "is needed: a few words that say what happened.")
        if "occurred_at" not in data:
            errors.setdefault("occurred_at", "is needed: when it happened.")
    if kind == "search" and not str(values.get("reason", "")).strip():
        errors.setdefault("reason", "is needed: say why this look-up was necessary for the case.")
    if kind == "checkin" and not values.get("title"):
        values["title"] = "Check-in"
    if kind == "supervision" and not values.get("title"):
        values["title"] = "Supervision"
    if kind == "search" and not values.get("title"):
        values["title"] = str(values.get("query", "")).strip()[:TITLE_MAX] or "Online look-up"
    if errors:
        raise ValidationError(errors, index)
    return cls(**values), new_files


def validate_entry(entry: Entry) -> Entry:
    """Re-validate an entry built in code (e.g. by the editor) through the same rules."""
    data = entry.to_dict()
    data.pop("attachments", None)
    checked, _ = entry_from_dict(data)
    checked.id = entry.id
    checked.recorded_at = entry.recorded_at
    checked.updated_at = entry.updated_at
    checked.revision = entry.revision
    checked.hash = entry.hash
    checked.attachments = list(entry.attachments)
    return checked
