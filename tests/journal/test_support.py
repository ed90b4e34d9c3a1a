"""Support contacts: defaults, validation in plain words, encrypted storage, links."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import support
from journal.errors import ValidationError
from journal.session import Journal, Unlock
from journal.support import SupportContact


def test_defaults_have_places_to_fill_and_uk_helplines():
    contacts = support.default_contacts()
    placeholders = [c for c in contacts if c.is_placeholder]
    assert [c.role for c in placeholders] == ["manager", "eap", "union", "gp"]
    assert [c.label for c in placeholders] == [
        "Your manager", "Employee assistance programme", "Your union", "Your GP",
    ]  # fmt: skip
    samaritans = next(c for c in contacts if c.name == "Samaritans")
    assert samaritans.phone == "116 123"
    assert support.links_for(samaritans)["phone"] == "tel:116123"
    for contact in contacts:
        assert support.validate_contact(contact) == contact
        if contact.url:
            assert contact.url.startswith("https://")
    assert len({c.id for c in contacts}) == len(contacts)


def test_a_new_journal_starts_with_the_defaults(journal):
    loaded = support.load_contacts(journal.repo)
    assert [(c.role, c.name) for c in loaded] == [
        (c.role, c.name) for c in support.default_contacts()
    ]


def test_contacts_round_trip_through_the_encrypted_journal(journal, paths):
    contacts = support.load_contacts(journal.repo)
    manager = replace(
        contacts[0],
        name="Priya Quennell",
        email="priya.quennell@example.org",
        phone="0161 496 0000",
    )
    own = SupportContact("colleague", name="  Sam  ", notes="Rings back the same day.")
    saved = support.save_contacts(journal.repo, [manager, *contacts[1:], own])
    assert saved[-1].name == "Sam"  # trimmed
    journal.close()

    # nothing readable on disk: the list lives inside the encrypted database
    for path in paths.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"Quennell" not in data and b"Rings back" not in data, path

    with Journal.open(paths, Unlock()) as again:
        loaded = support.load_contacts(again.repo)
    assert loaded == saved
    assert loaded[0].label == "Priya Quennell"
    assert not loaded[0].is_placeholder


def test_an_empty_list_stays_empty(journal):
    support.save_contacts(journal.repo, [])
    assert support.load_contacts(journal.repo) == []
    assert support.reset_contacts(journal.repo)[0].role == "manager"
    assert len(support.load_contacts(journal.repo)) == len(support.default_contacts())


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"phone": "call me"}, "phone", "doesn't look like a phone number"),
        ({"phone": "12"}, "phone", "phone number"),
        ({"phone": "++44 1"}, "phone", "phone number"),
        ({"email": "sam at example.org"}, "email", "doesn't look like an email address"),
        ({"email": "sam@localhost"}, "email", "email address"),
        ({"url": "ftp://example.org"}, "url", "should be a web address"),
        ({"url": "example.org"}, "url", "https://"),
        ({"role": "friend"}, "role", "should be one of"),
        ({"name": "x" * 101}, "name", "too long"),
        ({"notes": "a\x00b"}, "notes", "can't be stored"),
    ],
)
def test_validation_explains_what_to_fix(changes, field, words):
    contact = replace(SupportContact("other", name="Someone"), **changes)
    with pytest.raises(ValidationError) as caught:
        support.validate_contact(contact)
    assert field in caught.value.errors
    assert words in caught.value.errors[field]


@pytest.mark.parametrize("phone", ["116 123", "999", "+44 (0)161 496-0000", "0800 123 4567", "101"])
def test_real_phone_numbers_are_accepted(phone):
    support.validate_contact(SupportContact("other", phone=phone))


def test_saving_stops_at_the_first_bad_contact_and_saves_nothing(journal):
    before = support.load_contacts(journal.repo)
    bad = [SupportContact("gp", name="Dr Lee"), SupportContact("gp", email="not an address")]
    with pytest.raises(ValidationError) as caught:
        support.save_contacts(journal.repo, bad)
    assert caught.value.index == 1
    assert "Entry 2" in caught.value.message
    assert support.load_contacts(journal.repo) == before


def test_duplicate_ids_are_made_unique_on_save(journal):
    one = SupportContact("other", name="A")
    saved = support.save_contacts(journal.repo, [one, replace(one, name="B")])
    assert saved[0].id != saved[1].id


def test_unreadable_stored_items_are_skipped(journal):
    journal.repo.set_setting(
        support.SUPPORT_CONTACTS_KEY,
        {"version": 1, "contacts": [{"role": "gp", "name": "Dr Lee"}, {"name": "no role"}, 7]},
    )
    assert [c.name for c in support.load_contacts(journal.repo)] == ["Dr Lee"]


def test_tel_and_mailto_links():
    assert support.tel_link("+44 (0)161 496 0000") == "tel:+4401614960000"
    assert support.tel_link("116 123") == "tel:116123"
    with pytest.raises(ValueError):
        support.tel_link("12")
    assert support.mailto_link("jo@samaritans.org") == "mailto:jo@samaritans.org"
    assert (
        support.mailto_link("sam+work@example.org", "Can we talk?")
        == "mailto:sam+work@example.org?subject=Can%20we%20talk%3F"
    )
    with pytest.raises(ValueError):
        support.mailto_link("sam@example.org?body=hello")


def test_links_for_a_contact():
    contact = SupportContact(
        "union", name="Rep", phone="0161 496 0000", email="rep@example.org",
        url="https://example.org/help",
    )  # fmt: skip
    assert support.links_for(contact) == {
        "phone": "tel:01614960000",
        "email": "mailto:rep@example.org",
        "web": "https://example.org/help",
    }
    assert support.links_for(SupportContact("gp")) == {}
    assert [c.name for c in support.by_role(support.default_contacts(), "helpline")] == [
        "Samaritans", "Shout", "NHS 111",
    ]  # fmt: skip


@given(st.text(max_size=40))
def test_a_valid_phone_always_gives_a_dialable_link(phone):
    contact = SupportContact("other", phone=phone)
    if support.contact_errors(contact) or not phone.strip():
        return
    link = support.links_for(support.validate_contact(contact))["phone"]
    assert link.startswith("tel:")
    assert link[4:].lstrip("+").isdigit()


@given(st.emails())
def test_ordinary_email_addresses_are_accepted_and_linked(email):
    contact = SupportContact("other", email=email)
    assert support.contact_errors(contact) == {}
    assert support.links_for(contact)["email"].startswith("mailto:")


def test_guidance_says_when_to_call_the_police_and_where_training_is():
    from journal import guidance

    topics = {t.id: t for t in guidance.load_topics()}
    threat = topics["threatened-online"].body
    assert "When to call the police" in threat and "crime reference" in threat
    social = topics["knowing-social-media"].body
    assert "Cafcass" in social and "getsafeonline.org" in social
