"""Support contacts: the people and services to turn to, kept inside the encrypted journal.

A new journal starts with empty places for a manager, an employee assistance
programme, a union and a GP, for the person to fill in, and a few UK services
that are open to anyone. The list is saved as one setting (JSON) in the
database, so it is encrypted like everything else.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any
from urllib.parse import quote, urlsplit

from journal.errors import ValidationError
from journal.repository import Repository

SUPPORT_CONTACTS_KEY = "support.contacts"

ROLES = ("manager", "eap", "union", "gp", "helpline", "colleague", "other")
ROLE_LABELS = {
    "manager": "Your manager",
    "eap": "Employee assistance programme",
    "union": "Your union",
    "gp": "Your GP",
    "helpline": "Helpline",
    "colleague": "A colleague",
    "other": "Other",
}

NAME_MAX = 100
NOTES_MAX = 1_000
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]*$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class SupportContact:
    role: str
    name: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    notes: str = ""
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def label(self) -> str:
        """What the list shows: the name, or the role while the place is still empty."""
        return self.name or ROLE_LABELS.get(self.role, "Contact")

    @property
    def is_placeholder(self) -> bool:
        """An empty place waiting to be filled in."""
        return not (self.name or self.phone or self.email or self.url or self.notes)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def default_contacts() -> list[SupportContact]:
    """Empty places for the people only the user knows, then services open to anyone in the UK.

    The ids are fixed, so an unsaved default list and a saved one name the same contacts.
    """
    return [
        SupportContact("manager", id="default-manager"),
        SupportContact("eap", id="default-eap"),
        SupportContact("union", id="default-union"),
        SupportContact("gp", id="default-gp"),
        SupportContact(
            "helpline",
            name="Samaritans",
            phone="116 123",
            email="jo@samaritans.org",
            url="https://www.samaritans.org",
            notes="Free to call, day or night, every day of the year.",
            id="default-samaritans",
        ),
        SupportContact(
            "helpline",
            name="Shout",
            url="https://giveusashout.org",
            notes="Text SHOUT to 85258 to talk by text message. Free, at any time.",
            id="default-shout",
        ),
        SupportContact(
            "helpline",
            name="NHS 111",
            phone="111",
            url="https://111.nhs.uk",
            notes="When you need medical help or advice quickly but it isn't an emergency.",
            id="default-nhs-111",
        ),
        SupportContact(
            "other",
            name="Police (non-emergency)",
            phone="101",
            url="https://www.police.uk",
            notes="To report a crime that isn't an emergency. In an emergency, call 999.",
            id="default-police-101",
        ),
    ]


# -- validation -----------------------------------------------------------------


def phone_digits(phone: str) -> str:
    """The number as dialled: digits, with a leading + kept."""
    digits = re.sub(r"\D", "", phone)
    return ("+" + digits) if phone.strip().startswith("+") else digits


def contact_errors(contact: SupportContact) -> dict[str, str]:
    """Field name to a sentence a person understands; empty when the contact is fine."""
    errors: dict[str, str] = {}
    if contact.role not in ROLES:
        errors["role"] = "should be one of: " + ", ".join(ROLE_LABELS[r] for r in ROLES) + "."
    for name, limit in (("name", NAME_MAX), ("phone", 40), ("email", 254), ("url", 2_000),
                        ("notes", NOTES_MAX)):  # fmt: skip
        value = getattr(contact, name)
        if not isinstance(value, str):
            errors[name] = "should be text."
        elif len(value) > limit:
            errors[name] = f"is too long (at most {limit:,} characters)."
        elif "\x00" in value:
            errors[name] = "contains a character that can't be stored. Remove it."
    if errors:
        return errors
    phone = contact.phone.strip()
    if phone and (not _PHONE.match(phone) or len(phone_digits(phone).lstrip("+")) < 3):
        errors["phone"] = (
            "doesn't look like a phone number. Use digits and spaces, like 0161 496 0000 "
            "or +44 161 496 0000."
        )
    email = contact.email.strip()
    if email and not _EMAIL.match(email):
        errors["email"] = "doesn't look like an email address. Check it, like name@example.org."
    url = contact.url.strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
            errors["url"] = "should be a web address starting with https://."
    return errors


def validate_contact(contact: SupportContact) -> SupportContact:
    """The contact with surrounding spaces trimmed, or ValidationError."""
    errors = contact_errors(contact)
    if errors:
        raise ValidationError(errors)
    return replace(
        contact,
        name=contact.name.strip(),
        phone=contact.phone.strip(),
        email=contact.email.strip(),
        url=contact.url.strip(),
        notes=contact.notes.strip(),
    )


def contact_from_dict(data: Mapping[str, Any]) -> SupportContact:
    if not isinstance(data, Mapping):
        raise ValidationError({"contact": "should be a JSON object."})
    known = {"role", "name", "phone", "email", "url", "notes", "id"}
    values = {k: v for k, v in data.items() if k in known and v is not None}
    if "role" not in values:
        raise ValidationError({"role": "is needed."})
    if not values.get("id"):
        values.pop("id", None)
    return validate_contact(SupportContact(**values))


# -- storage -------------------------------------------------------------------------


def load_contacts(repo: Repository) -> list[SupportContact]:
    """The saved list, or the defaults if none was saved yet. Unreadable items are skipped."""
    stored = repo.get_setting(SUPPORT_CONTACTS_KEY)
    if not isinstance(stored, dict) or not isinstance(stored.get("contacts"), list):
        return default_contacts()
    out = []
    for item in stored["contacts"]:
        try:
            out.append(contact_from_dict(item))
        except (ValidationError, TypeError):
            continue
    return out


def save_contacts(repo: Repository, contacts: Sequence[SupportContact]) -> list[SupportContact]:
    """Validate every contact, then save the whole list in order. Nothing is saved on error.

    ValidationError's ``index`` says which contact (0-based) needs attention.
    """
    checked = []
    seen: set[str] = set()
    for index, contact in enumerate(contacts):
        try:
            valid = validate_contact(contact)
        except ValidationError as exc:
            raise ValidationError(exc.errors, index) from None
        if valid.id in seen:
            valid = replace(valid, id=str(uuid.uuid4()))
        seen.add(valid.id)
        checked.append(valid)
    repo.set_setting(
        SUPPORT_CONTACTS_KEY, {"version": 1, "contacts": [c.to_dict() for c in checked]}
    )
    return checked


def reset_contacts(repo: Repository) -> list[SupportContact]:
    return save_contacts(repo, default_contacts())


# -- links ----------------------------------------------------------------------------


def tel_link(phone: str) -> str:
    """A ``tel:`` link for a phone number, e.g. ``tel:116123``."""
    digits = phone_digits(phone)
    if len(digits.lstrip("+")) < 3:
        raise ValueError("not a phone number")
    return f"tel:{digits}"


def mailto_link(email: str, subject: str = "") -> str:
    """A ``mailto:`` link. Only a subject: a support email never carries journal content."""
    address = email.strip()
    if not _EMAIL.match(address):
        raise ValueError("not an email address")
    link = "mailto:" + quote(address, safe="@.+")
    if subject:
        link += "?subject=" + quote(subject, safe="")
    return link


def links_for(contact: SupportContact) -> dict[str, str]:
    """The links the UI offers as buttons: "phone", "email" and "web", when present."""
    out: dict[str, str] = {}
    if contact.phone:
        out["phone"] = tel_link(contact.phone)
    if contact.email:
        out["email"] = mailto_link(contact.email)
    if contact.url:
        out["web"] = contact.url
    return out


def by_role(contacts: Iterable[SupportContact], role: str) -> list[SupportContact]:
    return [c for c in contacts if c.role == role]
