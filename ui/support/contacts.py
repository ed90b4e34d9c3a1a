"""Your support contacts: the people and services to turn to, each one click from a call.

The list lives inside the encrypted journal (``journal.support``); this view holds a copy
only while the journal is open and drops it on lock. Copying uses the app's secret
clipboard (cleared again after a minute); phone, email and web links open through
``open_external``, which tests replace.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError, ValidationError
from journal.support import (
    NAME_MAX,
    ROLE_LABELS,
    ROLES,
    SupportContact,
    contact_errors,
    links_for,
    load_contacts,
    save_contacts,
)
from ui import theme
from ui.kit.clipboard import SecretClipboard
from ui.kit.layouts import flush_column, flush_row
from ui.kit.named_widgets import push_button
from ui.kit.reading import (
    beside,
    card,
    core_text,
    heading,
    make_error,
    make_quiet,
    open_external,
    scrolling_column,
    wrapped,
)
from ui.kit.text_fields import line_edit, note_box
from ui.kit.widgets import dispose
from ui.operations import Change, Operations

NEW = "__new__"
CONTACTS_CHANGE = "support.contacts"
FIELDS = ("role", "name", "phone", "email", "url", "notes")


def _translate(text: str) -> str:
    return core_text(text)


def role_label(role: str) -> str:
    return _translate(ROLE_LABELS.get(role, "Other"))


class ContactForm(QFrame):
    """Add or change one contact. Messages appear under the field they are about."""

    save_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, contact: SupportContact | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactForm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.contact_id = contact.id if contact is not None else None
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2 * s, 2 * s, 2 * s, 2 * s)
        layout.setSpacing(s)
        title = self.tr("Add a contact") if contact is None else self.tr("Change this contact")
        layout.addWidget(heading(title, self, name="contactFormTitle"))
        form = QFormLayout()
        form.setHorizontalSpacing(2 * s)
        form.setVerticalSpacing(s)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(form)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        self.role = QComboBox(self)
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.role.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.name = line_edit(
            self, self.tr("A person's name, or the service's"), max_length=NAME_MAX
        )
        self.phone = line_edit(self, self.tr("For example 0161 496 0000"), 0)
        self.email = line_edit(self, self.tr("For example name@example.org"), 0)
        self.url = line_edit(self, self.tr("For example https://www.example.org"), 0)
        placeholder = self.tr("Opening hours, an extension, who to ask for…")
        self.notes = note_box(self, 3, placeholder=placeholder)
        for key, text, widget in (
            ("role", self.tr("Who they are"), self.role),
            ("name", self.tr("Name"), self.name),
            ("phone", self.tr("Phone"), self.phone),
            ("email", self.tr("Email"), self.email),
            ("url", self.tr("Web address"), self.url),
            ("notes", self.tr("Notes"), self.notes),
        ):
            self._add(form, key, text, widget)
        for edit in (self.name, self.phone, self.email, self.url):
            edit.returnPressed.connect(self.save_requested)

        row = flush_row()
        self.message = wrapped("", self, "contactFormMessage")
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cancel_button = push_button(
            self.tr("Cancel"), self, "contactCancel", self.cancel_requested, tip=self.tr("Esc")
        )
        self.save_button = push_button(
            self.tr("Save"), self, "contactSave", self.save_requested, tip=self.tr("Enter")
        )
        row.addWidget(self.message, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel_requested.emit)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if contact is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(contact.role)))
            self.name.setText(contact.name)
            self.phone.setText(contact.phone)
            self.email.setText(contact.email)
            self.url.setText(contact.url)
            self.notes.setPlainText(contact.notes)
        else:
            self.role.setCurrentIndex(self.role.findData("other"))

    def _add(self, form: QFormLayout, key: str, text: str, widget: QWidget) -> None:
        widget.setObjectName(f"contact_{key}")
        widget.setAccessibleName(text)
        box = QWidget(self)
        column = flush_column(box, 2)
        column.addWidget(widget)
        error = wrapped("", box, f"contact_error_{key}")
        make_error(error)
        error.hide()
        column.addWidget(error)
        label = QLabel(text, self)
        label.setBuddy(widget)
        form.addRow(label, box)
        self.fields[key] = widget
        self.errors[key] = error

    def to_contact(self) -> SupportContact:
        return SupportContact(
            role=str(self.role.currentData()),
            name=self.name.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            url=self.url.text(),
            notes=self.notes.toPlainText(),
            id=self.contact_id or str(uuid.uuid4()),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field; the first field with a problem gets the focus."""
        first: QWidget | None = None
        for key in FIELDS:
            label = self.errors[key]
            text = errors.get(key)
            if text:
                label.setText(self.tr("This {0}").format(_translate(text)))
                label.show()
                self.fields[key].setAccessibleDescription(label.text())
                first = first or self.fields[key]
            else:
                label.clear()
                label.hide()
                self.fields[key].setAccessibleDescription("")
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.message.setText(self.tr("Check the field marked above, then save again."))
        else:
            self.message.clear()

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""


class ContactCard(QFrame):
    """One contact: who they are, and one click to call, email, visit or copy."""

    edit_requested = Signal(str)
    remove_requested = Signal(str)
    open_requested = Signal(str, str)  # contact id, "phone" | "email" | "web"
    copy_requested = Signal(str, str)

    def __init__(self, contact: SupportContact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.contact = contact
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2 * s, s + s // 2, 2 * s, s + s // 2)
        layout.setSpacing(s // 2)
        layout.addLayout(self._build_top(contact))

        self.buttons: dict[str, QPushButton] = {}
        if contact.is_placeholder:
            empty = wrapped(self.tr("Not filled in yet."), self, "contactEmpty")
            make_quiet(empty)
            layout.addWidget(empty)
        links = self._build_links(contact)
        if links is not None:
            layout.addLayout(links)
        if contact.notes:
            notes = wrapped(contact.notes, self, "contactNotes")
            layout.addWidget(notes)

    def _build_top(self, contact: SupportContact) -> QHBoxLayout:
        """The role and name, with Edit and Remove at the right."""
        top = flush_row()
        names = flush_column(spacing=0)
        self.role = wrapped(role_label(contact.role), self, "contactRole")
        make_quiet(self.role)
        self.name = heading(contact.name or role_label(contact.role), self, 1.1, "contactName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        if contact.name:
            names.addWidget(self.role)
        else:
            self.role.hide()
        names.addWidget(self.name)
        top.addLayout(names, 1)
        self.edit_button = push_button(
            self.tr("Add details") if contact.is_placeholder else self.tr("Edit"),
            self,
            "contactEdit",
            lambda: self.edit_requested.emit(contact.id),
        )
        self.edit_button.setAccessibleName(
            self.tr("Edit {0}").format(contact.label)
            if not contact.is_placeholder
            else self.tr("Add details for {0}").format(role_label(contact.role))
        )
        self.remove_button = push_button(
            self.tr("Remove"),
            self,
            "contactRemove",
            lambda: self.remove_requested.emit(contact.id),
            flat=True,
        )
        self.remove_button.setAccessibleName(self.tr("Remove {0}").format(contact.label))
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _build_links(self, contact: SupportContact) -> QGridLayout | None:
        """A row per way to reach them (call, email, open), each with Copy; None if no way."""
        s = theme.SPACING
        grid = QGridLayout()
        grid.setContentsMargins(0, s // 2, 0, 0)
        grid.setHorizontalSpacing(s)
        grid.setVerticalSpacing(s // 2)
        grid.setColumnStretch(1, 1)
        rows = (
            ("phone", self.tr("Phone"), contact.phone, self.tr("Call")),
            ("email", self.tr("Email"), contact.email, self.tr("Email")),
            ("web", self.tr("Web"), contact.url, self.tr("Open")),
        )
        metrics = self.fontMetrics()
        grid.setColumnMinimumWidth(0, max(metrics.horizontalAdvance(r[1]) for r in rows))
        row = 0
        for kind, label_text, value, verb in rows:
            if not value:
                continue
            label = QLabel(label_text, self)
            make_quiet(label)
            text = QLabel(value, self)
            text.setObjectName(f"contactValue_{kind}")
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            text.setToolTip(value)
            go = push_button(
                verb,
                self,
                f"contactOpen_{kind}",
                lambda _=False, k=kind: self.open_requested.emit(contact.id, k),
            )
            go.setAccessibleName(f"{verb} {contact.label}")
            copy = push_button(
                self.tr("Copy"),
                self,
                f"contactCopy_{kind}",
                lambda _=False, k=kind: self.copy_requested.emit(contact.id, k),
                icon="copy",
            )
            copy.setAccessibleName(self.tr("Copy {0}'s {1}").format(contact.label, label_text))
            grid.addWidget(label, row, 0)
            grid.addWidget(text, row, 1)
            grid.addWidget(go, row, 2)
            grid.addWidget(copy, row, 3)
            self.buttons[f"open_{kind}"] = go
            self.buttons[f"copy_{kind}"] = copy
            row += 1
        return grid if row else None


class ContactsView(QWidget):
    """The editable list of support contacts."""

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        clipboard: SecretClipboard | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supportContacts")
        self._ops = ops
        self.clipboard = clipboard or SecretClipboard(self)
        self._contacts: list[SupportContact] = []
        self._loaded = False
        self._editing: str | None = None
        self._saving = False
        self._helplines_first = False
        self._removed: tuple[int, SupportContact] | None = None
        self.cards: list[ContactCard] = []
        self.form: ContactForm | None = None
        self._build()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.scroll_area, column_widget, column = scrolling_column(self, "supportContactsBody")
        self._column_widget = column_widget
        self._build_intro(column_widget, column)
        self._build_helplines_note(column_widget, column)
        self._build_status(column_widget, column)
        self._build_list(column_widget, column)
        column.addStretch(1)

    def _build_intro(self, column_widget: QWidget, column: QVBoxLayout) -> None:
        """What the list is, the add button, and where else support is found."""
        intro = wrapped(
            self.tr(
                "The people and services you can turn to. The list is kept in your "
                "encrypted journal, like everything else you record."
            ),
            column_widget,
            "supportIntro",
        )
        self.add_button = push_button(
            self.tr("Add a contact"), column_widget, "contactAdd", self.start_add, icon="add"
        )
        column.addLayout(beside(intro, self.add_button))
        training = wrapped(
            self.tr(
                "Your organisation's social media policy, its procedure for staff abused "
                "online and its training are support too: ask your manager or learning team "
                "where they are. Cafcass, for example, has a social media module with "
                "scenarios and offers it to other organisations. For plain advice on privacy "
                "settings, reporting and blocking, see Get Safe Online's advice on social "
                "networking at getsafeonline.org. If you are threatened, tell the police "
                "(999 in an emergency, otherwise 101) and note the crime reference in the "
                "incident."
            ),
            column_widget,
            "supportTraining",
        )
        column.addWidget(training)

    def _build_helplines_note(self, column_widget: QWidget, column: QVBoxLayout) -> None:
        """Shown when the helplines are put first: they are there to talk to now."""
        s = theme.SPACING
        self.helplines_note = card(column_widget, "helplinesNote")
        note_layout = QVBoxLayout(self.helplines_note)
        note_layout.setContentsMargins(2 * s, s + s // 2, 2 * s, s + s // 2)
        note_layout.addWidget(
            wrapped(
                self.tr(
                    "If you'd like to talk to someone now, the helplines are first. They "
                    "are free, and you don't have to be in crisis to call. In an "
                    "emergency, call 999."
                ),
                self.helplines_note,
            )
        )
        self.helplines_note.hide()
        column.addWidget(self.helplines_note)

    def _build_status(self, column_widget: QWidget, column: QVBoxLayout) -> None:
        """What just happened (saved, removed), with Undo after a removal."""
        self.status = wrapped("", column_widget, "supportStatus")
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.undo_button = push_button(
            self.tr("Undo"), column_widget, "contactUndo", self.undo_remove
        )
        self.undo_button.hide()
        column.addLayout(beside(self.status, self.undo_button, Qt.AlignmentFlag(0)))
        self.status.hide()

    def _build_list(self, column_widget: QWidget, column: QVBoxLayout) -> None:
        """Loading…, the empty list's invitation, or the cards."""
        self.loading = wrapped(self.tr("Loading your contacts…"), column_widget, "supportLoading")
        make_quiet(self.loading)
        column.addWidget(self.loading)
        self.empty = wrapped(
            self.tr(
                "Your list is empty. Add the people you'd turn to: your manager, your "
                "employee assistance programme, your union, your GP, a helpline."
            ),
            column_widget,
            "supportEmpty",
        )
        self.empty.hide()
        column.addWidget(self.empty)
        self.list_layout = flush_column()
        column.addLayout(self.list_layout)

    # -- the page's life ------------------------------------------------------------------------

    def reload(self) -> None:
        def loaded(contacts: list[SupportContact]) -> None:
            self._contacts = contacts
            self._loaded = True
            self.loading.hide()
            self._rebuild()

        self._ops.submit(
            lambda j: load_contacts(j.repo), loaded, self._failed, owner=self, key="load"
        )

    def prepare_lock(self) -> None:
        """A half-filled form is not saved: only what you chose to save is kept."""

    def clear(self) -> None:
        """Drop every contact from every widget (on lock)."""
        self._ops.forget(self)
        self._contacts = []
        self._loaded = False
        self._editing = None
        self._saving = False
        self._removed = None
        self._helplines_first = False
        self.helplines_note.hide()
        self._clear_cards()
        self._say("")
        self.undo_button.hide()
        self.empty.hide()
        self.loading.show()
        self.clipboard.clear()

    @property
    def contacts(self) -> list[SupportContact]:
        return list(self._contacts)

    def show_helplines(self, on: bool = True) -> None:
        """Put the helplines at the top (when someone arrives from "contact support")."""
        self._helplines_first = on
        self.helplines_note.setVisible(on)
        if self._loaded:
            self._rebuild()
        self.scroll_area.verticalScrollBar().setValue(0)

    # -- showing ---------------------------------------------------------------------------------

    def _ordered(self) -> list[SupportContact]:
        if not self._helplines_first:
            return list(self._contacts)
        helplines = [c for c in self._contacts if c.role == "helpline"]
        return helplines + [c for c in self._contacts if c.role != "helpline"]

    def _clear_cards(self) -> None:
        for widget in [*self.cards, self.form]:
            if widget is not None:
                self.list_layout.removeWidget(widget)
                if isinstance(widget, ContactForm):
                    for edit in widget.findChildren(QLineEdit):
                        edit.clear()
                    widget.notes.clear()
                dispose(widget)
        self.cards = []
        self.form = None

    def _rebuild(self, focus: str | None = None) -> None:
        self._clear_cards()
        parent = self._column_widget
        if self._editing == NEW:
            self.form = self._make_form(None)
            self.list_layout.addWidget(self.form)
        for contact in self._ordered():
            if contact.id == self._editing:
                self.form = self._make_form(contact)
                self.list_layout.addWidget(self.form)
                continue
            item = ContactCard(contact, parent)
            item.edit_requested.connect(self.start_edit)
            item.remove_requested.connect(self.remove)
            item.open_requested.connect(self.open_link)
            item.copy_requested.connect(self.copy)
            self.list_layout.addWidget(item)
            item.show()  # now, not on the next turn of the event loop: focus goes to it
            self.cards.append(item)
        self.empty.setVisible(not self._contacts and self._editing is None)
        self.add_button.setEnabled(self._editing is None)
        if self.form is not None:
            self.form.show()
            self.form.role.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(self.form)
        elif focus is not None:
            for item in self.cards:
                if item.contact.id == focus:
                    item.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)
                    self.scroll_area.ensureWidgetVisible(item)

    def _make_form(self, contact: SupportContact | None) -> ContactForm:
        form = ContactForm(contact, self._column_widget)
        form.save_requested.connect(self.save_form)
        form.cancel_requested.connect(self.cancel_edit)
        return form

    def card_for(self, contact_id: str) -> ContactCard | None:
        return next((c for c in self.cards if c.contact.id == contact_id), None)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        if not text:
            self.undo_button.hide()

    # -- editing ---------------------------------------------------------------------------------

    def start_add(self) -> None:
        if not self._loaded or self._editing is not None:
            return
        self._editing = NEW
        self._say("")
        self._rebuild()

    def start_edit(self, contact_id: str) -> None:
        if not self._loaded or self._saving:
            return
        self._editing = contact_id
        self._say("")
        self._rebuild()

    def cancel_edit(self) -> None:
        if self._saving:
            return
        editing = self._editing
        self._editing = None
        self._rebuild(focus=editing if editing != NEW else None)
        if editing == NEW:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_form(self) -> None:
        form = self.form
        if form is None or self._saving:
            return
        contact = form.to_contact()
        errors = contact_errors(contact)
        form.show_errors(errors)
        if errors:
            return
        contacts = list(self._contacts)
        if self._editing == NEW:
            # Your own people before the services open to everyone.
            at = next((n for n, c in enumerate(contacts) if c.role == "helpline"), len(contacts))
            if contact.role == "helpline":
                at = len(contacts)
            contacts.insert(at, contact)
        else:
            contacts = [contact if c.id == contact.id else c for c in contacts]
        form.save_button.setEnabled(False)
        form.message.setText(self.tr("Saving…"))
        self._store(contacts, lambda saved: self._form_saved(saved, contact.id), form)

    def _form_saved(self, saved: list[SupportContact], contact_id: str) -> None:
        self._editing = None
        self._rebuild(focus=contact_id)
        self._say(self.tr("Saved."))

    def remove(self, contact_id: str) -> None:
        if self._saving:
            return
        index = next((n for n, c in enumerate(self._contacts) if c.id == contact_id), None)
        if index is None:
            return
        removed = self._contacts[index]
        contacts = [c for c in self._contacts if c.id != contact_id]

        def done(_saved: list[SupportContact]) -> None:
            self._removed = (index, removed)
            self._rebuild()
            self._say(self.tr("Removed “{0}”.").format(removed.label))
            self.undo_button.show()
            self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)

        self._store(contacts, done)

    def undo_remove(self) -> None:
        if self._removed is None or self._saving:
            return
        index, contact = self._removed
        contacts = list(self._contacts)
        contacts.insert(min(index, len(contacts)), contact)

        def done(_saved: list[SupportContact]) -> None:
            self._removed = None
            self._rebuild(focus=contact.id)
            self._say(self.tr("“{0}” is back.").format(contact.label))

        self._store(contacts, done)

    def _store(
        self,
        contacts: list[SupportContact],
        then: Callable[[list[SupportContact]], None],
        form: ContactForm | None = None,
    ) -> None:
        self._saving = True

        def saved(result: list[SupportContact]) -> None:
            self._saving = False
            self._contacts = result
            then(result)

        def failed(error: JournalError) -> None:
            self._saving = False
            if form is not None and self.form is form:
                form.save_button.setEnabled(True)
                if isinstance(error, ValidationError):
                    form.show_errors(error.errors)
                else:
                    form.message.setText(error.message)
            else:
                self._failed(error)

        self._ops.submit(
            lambda j: save_contacts(j.repo, contacts),
            saved,
            failed,
            owner=self,
            change=Change(settings=True, extra={"setting": CONTACTS_CHANGE}),
        )

    def _failed(self, error: JournalError) -> None:
        if self._ops.is_open:
            self._say(error.message)

    # -- links and copying -----------------------------------------------------------------------

    def _contact(self, contact_id: str) -> SupportContact | None:
        return next((c for c in self._contacts if c.id == contact_id), None)

    def open_link(self, contact_id: str, kind: str) -> None:
        contact = self._contact(contact_id)
        if contact is None:
            return
        try:
            link = links_for(contact).get(kind)
        except ValueError:
            link = None
        if link and self.open_external(link):
            self._say("")
            return
        value = {"phone": contact.phone, "email": contact.email, "web": contact.url}[kind]
        self._say(
            self.tr(
                "Your computer has no app set up to open this. You can copy it instead: {0}"
            ).format(value)
        )

    def copy(self, contact_id: str, kind: str) -> None:
        contact = self._contact(contact_id)
        if contact is None:
            return
        value = {"phone": contact.phone, "email": contact.email, "web": contact.url}[kind]
        self.clipboard.copy(value)
        self._say(self.tr("Copied. The clipboard is cleared again after a minute."))

    def open_external(self, url: str) -> bool:
        """Open a tel:, mailto: or web link with the computer's app (tests replace this)."""
        return open_external(url)
