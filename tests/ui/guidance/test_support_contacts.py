"""Support contacts: add, change, remove, copy and open, kept encrypted, gone on lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from guidance_helpers import all_text, click, files_containing, idle, run, unlock
from helpers.qt import loaded_page
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from journal.support import default_contacts, load_contacts
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.support.contacts import ContactCard, ContactForm, ContactsView
from ui.support.page import SupportPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

MARKER = "Zephyrine Quillfeather"


@pytest.fixture
def page(qtbot: QtBot, ops: Operations) -> Iterator[SupportPage]:
    with loaded_page(qtbot, ops, SupportPage(ops), (1000, 800)) as widget:
        yield widget


def labels(view: ContactsView) -> list[str]:
    return [card.contact.label for card in view.cards]


def new_contact_form(qtbot: QtBot, page: SupportPage) -> tuple[ContactsView, ContactForm]:
    """Press "Add a contact": the contacts view and its form."""
    view = page.contacts
    click(qtbot, view.add_button)
    form = view.form
    assert form is not None
    return view, form


def fill(qtbot: QtBot, form: ContactForm, **values: str) -> None:
    """Type into the form's fields, as a person would (replacing what is there)."""
    for key, text in values.items():
        widget = form.fields[key]
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
        qtbot.keyClicks(widget, text)


def test_a_new_journal_lists_the_places_to_fill_and_the_helplines(page: SupportPage) -> None:
    view = page.contacts
    assert labels(view) == [c.label for c in default_contacts()]
    manager = view.card_for("default-manager")
    assert manager is not None
    assert manager.edit_button.text() == "Add details"
    samaritans = view.card_for("default-samaritans")
    assert samaritans is not None
    assert set(samaritans.buttons) == {
        "open_phone", "copy_phone", "open_email", "copy_email", "open_web", "copy_web",
    }  # fmt: skip


def test_add_a_contact_by_keyboard_and_it_is_kept(
    qtbot: QtBot, ops: Operations, page: SupportPage
) -> None:
    view, form = new_contact_form(qtbot, page)
    assert form.role.hasFocus()
    qtbot.keyClicks(form.role, "A colleague")
    assert form.role.currentData() == "colleague"
    fill(qtbot, form, name=MARKER, phone="0161 496 0000", email="zq@example.org")
    qtbot.keyClick(form.fields["email"], Qt.Key.Key_Return)
    idle(qtbot, ops)
    assert view.form is None
    assert view.status.text() == "Saved."
    saved = run(qtbot, ops, lambda j: load_contacts(j.repo))
    added = next(c for c in saved if c.name == MARKER)
    assert (added.role, added.phone, added.email) == (
        "colleague",
        "0161 496 0000",
        "zq@example.org",
    )
    # Your own people come before the services open to everyone.
    roles = [c.role for c in saved]
    assert roles.index("colleague") < roles.index("helpline")
    card = view.card_for(added.id)
    assert card is not None and card.edit_button.hasFocus()


def test_validation_messages_appear_beside_the_fields(
    qtbot: QtBot, ops: Operations, page: SupportPage
) -> None:
    view, form = new_contact_form(qtbot, page)
    fill(qtbot, form, name="Somebody", phone="call me", email="not-an-email", url="ftp://x")
    click(qtbot, form.save_button)
    assert "phone number" in form.error_text("phone")
    assert "email address" in form.error_text("email")
    assert "https://" in form.error_text("url")
    assert form.error_text("name") == ""
    assert form.fields["phone"].hasFocus()  # the first thing to fix
    assert "Check the field" in form.message.text()
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: j.repo.get_setting("support.contacts")) is None  # not saved
    fill(qtbot, form, phone="+44 161 496 0000", email="s@example.org", url="https://example.org")
    click(qtbot, form.save_button)
    idle(qtbot, ops)
    assert view.form is None
    names = [c.name for c in run(qtbot, ops, lambda j: load_contacts(j.repo))]
    assert "Somebody" in names


def test_edit_a_place_to_fill_then_cancel_another_edit(
    qtbot: QtBot, ops: Operations, page: SupportPage
) -> None:
    view = page.contacts
    manager = view.card_for("default-manager")
    assert manager is not None
    click(qtbot, manager.edit_button)
    form = view.form
    assert form is not None and form.contact_id == "default-manager"
    assert form.role.currentData() == "manager"
    fill(qtbot, form, name="Priya Shah", email="priya.shah@example.org")
    click(qtbot, form.save_button)
    idle(qtbot, ops)
    card = view.card_for("default-manager")
    assert card is not None
    assert card.name.text() == "Priya Shah"
    assert card.edit_button.text() == "Edit"
    # Changing your mind leaves the contact as it was.
    click(qtbot, card.edit_button)
    assert view.form is not None
    fill(qtbot, view.form, name="Someone else")
    qtbot.keyClick(view.form.fields["name"], Qt.Key.Key_Escape)
    assert view.form is None
    idle(qtbot, ops)
    stored = run(qtbot, ops, lambda j: load_contacts(j.repo))
    assert stored[0].name == "Priya Shah"


def test_remove_and_undo(qtbot: QtBot, ops: Operations, page: SupportPage) -> None:
    view = page.contacts
    shout = view.card_for("default-shout")
    assert shout is not None
    click(qtbot, shout.remove_button)
    idle(qtbot, ops)
    assert view.card_for("default-shout") is None
    assert "Shout" in view.status.text()
    ids = [c.id for c in run(qtbot, ops, lambda j: load_contacts(j.repo))]
    assert "default-shout" not in ids
    click(qtbot, view.undo_button)
    idle(qtbot, ops)
    ids = [c.id for c in run(qtbot, ops, lambda j: load_contacts(j.repo))]
    assert ids == [c.id for c in default_contacts()]  # back in its place
    assert labels(view) == [c.label for c in default_contacts()]


def test_one_click_opens_phone_email_and_web_links(
    qtbot: QtBot, page: SupportPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page.contacts
    opened: list[str] = []
    monkeypatch.setattr(view, "open_external", lambda url: opened.append(url) or True)
    card = view.card_for("default-samaritans")
    assert card is not None
    for key in ("open_phone", "open_email", "open_web"):
        click(qtbot, card.buttons[key])
    assert opened == ["tel:116123", "mailto:jo@samaritans.org", "https://www.samaritans.org"]
    monkeypatch.setattr(view, "open_external", lambda url: False)
    click(qtbot, card.buttons["open_phone"])
    assert "116 123" in view.status.text()  # what to do instead


def test_copy_uses_the_secret_clipboard(qtbot: QtBot, page: SupportPage) -> None:
    view = page.contacts
    card = view.card_for("default-nhs-111")
    assert card is not None
    click(qtbot, card.buttons["copy_phone"])
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == "111"
    assert clipboard.mimeData().hasFormat("x-kde-passwordManagerHint")
    assert "cleared" in view.status.text()
    page.clear()  # locking takes it off the clipboard again
    assert clipboard.text() == ""


def test_helplines_come_first_for_someone_looking_for_support(page: SupportPage) -> None:
    view = page.contacts
    page.show_section("helplines")
    roles = [card.contact.role for card in view.cards]
    first_other = next(n for n, role in enumerate(roles) if role != "helpline")
    assert all(role == "helpline" for role in roles[:first_other])
    assert first_other == 3
    assert view.helplines_note.isVisible()
    page.show_section("contacts")
    assert view.cards[0].contact.id == "default-manager"
    assert view.helplines_note.isHidden()


def test_clear_leaves_no_contact_in_any_widget(
    qtbot: QtBot, ops: Operations, page: SupportPage
) -> None:
    view = page.contacts
    click(qtbot, view.add_button)
    assert view.form is not None
    fill(qtbot, view.form, name=MARKER, notes=f"Ask for {MARKER}")
    click(qtbot, view.form.save_button)
    idle(qtbot, ops)
    shout = view.card_for("default-shout")
    assert shout is not None
    click(qtbot, shout.remove_button)
    idle(qtbot, ops)
    click(qtbot, view.cards[0].edit_button)  # an open form holds text too
    assert MARKER in all_text(page)
    page.clear()
    qtbot.wait(10)  # the removed cards go when control returns to the event loop
    assert MARKER not in all_text(page)
    assert "Samaritans" not in all_text(page) and "Shout" not in all_text(page)
    assert view.findChildren(ContactCard) == [] or all(
        not c.isVisible() for c in view.findChildren(ContactCard)
    )


def test_contacts_persist_across_lock_and_never_reach_a_file(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    assert window.open_link("app:support")
    page = window.page("support")
    assert isinstance(page, SupportPage)
    view = page.contacts
    qtbot.waitUntil(lambda: bool(view.cards), timeout=20_000)
    click(qtbot, view.add_button)
    assert view.form is not None
    fill(qtbot, view.form, name=MARKER, phone="07700 900123", notes=f"{MARKER} on Tuesdays")
    click(qtbot, view.form.save_button)
    idle(qtbot, window.ops)
    assert MARKER in labels(view)
    assert files_containing(data_dir, MARKER) == []  # encrypted while open, WAL too
    window.lock()
    idle(qtbot, window.ops)
    assert MARKER not in all_text(window)
    assert files_containing(data_dir, MARKER) == []
    unlock(qtbot, window)
    assert window.open_link("app:support")
    qtbot.waitUntil(lambda: MARKER in labels(view), timeout=20_000)
    card = view.card_for(next(c.id for c in view.contacts if c.name == MARKER))
    assert card is not None
    assert "07700 900123" in all_text(card)


def test_contact_support_opens_the_helplines_first(qtbot: QtBot, window: MainWindow) -> None:
    window.run_action("contact_support")
    page = window.page("support")
    assert isinstance(page, SupportPage)
    assert window.nav.currentItem().text().startswith("Support")
    qtbot.waitUntil(lambda: bool(page.contacts.cards), timeout=20_000)
    assert page.contacts.cards[0].contact.role == "helpline"
    assert window.open_link("app:support-helplines")
    assert window.open_link("app:support")
    assert page.contacts.cards[0].contact.role == "manager"


def test_support_names_training_advice_and_the_crime_reference(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QLabel

    assert window.open_link("app:support")
    page = window.page("support")
    assert isinstance(page, SupportPage)
    note = page.contacts.findChild(QLabel, "supportTraining")
    assert note is not None
    text = note.text()
    assert "Cafcass" in text and "Get Safe Online" in text and "crime reference" in text
