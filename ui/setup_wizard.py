"""First-run set-up: what the app protects, how to unlock, and the recovery key.

Four short pages, all usable from the keyboard. The journal is created when the
person leaves the "how to unlock" page; from then on the wizard only finishes
once one group of the recovery key has been typed back correctly.

The passphrase fields, the recovery-key view and its confirmation are in
``ui.kit.key_fields`` (the settings dialog and the restore path use them too).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from journal.keys import SLOT_KEYRING
from ui import theme
from ui.kit.key_fields import (
    PassphraseFields,
    RecoveryConfirm,
    RecoveryKeyView,
    monospace_font,
    passphrase_strength,
)
from ui.kit.lifetime import if_alive
from ui.kit.plain_text import paragraph
from ui.kit.wizard_page import WorkingPage
from ui.operations import Operations
from ui.setup_restore import RestorePath

# The names set-up has always offered, for the screens and tests that import them from here.
__all__ = [
    "PassphraseFields",
    "RecoveryConfirm",
    "RecoveryKeyView",
    "SetupWizard",
    "monospace_font",
    "passphrase_strength",
]

# -- the wizard ------------------------------------------------------------------------


def _first_focusable(page: QWidget) -> QWidget | None:
    """The first visible, enabled widget of ``page`` that Tab would reach."""
    widget = page.nextInFocusChain()
    for _ in range(500):
        if widget is None or widget is page:
            return None
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


class WelcomePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome_page")
        self.setTitle(self.tr("Welcome to Practitioner Journal"))
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * theme.SPACING)
        for text in (
            self.tr(
                "This is a private place to record online abuse you receive because of your "
                "work, what you did about it, and how you are doing."
            ),
            self.tr(
                "Everything you write stays on this computer, locked in an encrypted file. "
                "Without your key the file can't be read, even by someone who copies it. The "
                "journal locks itself when you step away."
            ),
            self.tr(
                "One thing to know before you start: records like these can be asked for in "
                "court or HR proceedings. Write what you would be content to hear read back."
            ),
            self.tr("Setting up takes about two minutes."),
        ):
            layout.addWidget(paragraph(text, self))
        layout.addStretch(1)


class MethodPage(WorkingPage):
    """How to unlock: the computer login (keyring) and/or a passphrase. Creates the journal."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent, "method_page", self.tr("How you'll unlock your journal"))
        self._commit_with(self.tr("&Create my journal"))
        self.keyring_available: bool | None = None
        self.recovery_key: str | None = None
        self.created = False
        self.keyring_used = False

        # Alt+L: Alt+C is "Create my journal", the button on this page.
        self.use_keyring = QCheckBox(self.tr("Unlock with my computer &login"), self)
        self.use_keyring.setObjectName("use_keyring")
        self.use_keyring.setAccessibleName(self.tr("Unlock with my computer login"))
        self.use_keyring.setEnabled(False)
        self.keyring_note = paragraph(
            self.tr("Checking your computer's password store…"), self, "keyring_note"
        )
        self.passphrase_intro = paragraph("", self, "passphrase_intro")
        self.fields = PassphraseFields(self)
        self.status = paragraph("", self, "method_status")
        self.status.setAccessibleDescription(self.tr("Set-up status"))  # its text is its name

        layout = QVBoxLayout(self)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(self.use_keyring)
        layout.addWidget(self.keyring_note)
        layout.addSpacing(theme.SPACING)
        layout.addWidget(self.passphrase_intro)
        layout.addWidget(self.fields)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self.use_keyring.toggled.connect(self._changed)
        self.fields.changed.connect(self._changed)
        self._describe()

    def initializePage(self) -> None:
        if self.keyring_available is None:
            self._check_keyring(self._keyring_checked)

    def _keyring_checked(self, available: bool) -> None:
        self.keyring_available = available
        self.use_keyring.setEnabled(available)
        self.use_keyring.setChecked(available)
        if available:
            self.keyring_note.setText(
                self.tr(
                    "The journal opens by itself when you are logged in to this computer. "
                    "Nobody else's login can open it."
                )
            )
        else:
            self.keyring_note.setText(
                self.tr(
                    "Your computer's password store isn't available here, so this way can't "
                    "be used. Choose a passphrase below instead."
                )
            )
        self._describe()
        self._changed()
        if self.isVisible():  # otherwise the wizard focuses it once the page shows
            self.first_field().setFocus()

    def first_field(self) -> QWidget:
        """Where the keyboard starts on this page: the computer login, unless it can't be
        used (while that is being checked the box is disabled, and the wizard waits)."""
        return self.fields.first if self.keyring_available is False else self.use_keyring

    def _describe(self) -> None:
        if self.use_keyring.isChecked():
            text = self.tr(
                "A passphrase is optional. It lets you open the journal if your computer "
                "login can't, for example on a new computer."
            )
        else:
            text = self.tr("Choose a passphrase you'll remember. You'll type it to unlock.")
        self.passphrase_intro.setText(text)

    def _changed(self) -> None:
        self._describe()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self._working or self.keyring_available is None:
            return False
        if self.created:
            return True
        if self.use_keyring.isChecked():
            return self.fields.is_empty() or self.fields.is_acceptable()
        return self.fields.is_acceptable()

    def validatePage(self) -> bool:
        if self.created:
            return True
        if self._working or not self.isComplete():
            return False
        self._working = True
        self.completeChanged.emit()
        self.status.setText(self.tr("Setting up your journal…"))
        use_keyring = self.use_keyring.isChecked()
        passphrase = self.fields.passphrase()
        self.ops.create(
            passphrase, use_keyring, if_alive(self, self._created), if_alive(self, self._failed)
        )
        return False

    def _created(self, recovery_key: str) -> None:
        self.recovery_key = recovery_key
        self.created = True
        self.fields.clear()
        self.ops.submit(lambda j: j.slots.has(SLOT_KEYRING), if_alive(self, self._keyring_result))

    def _keyring_result(self, has_keyring: bool) -> None:
        self.keyring_used = has_keyring
        self.status.setText(self.tr("Your journal is ready."))
        self._advance()


class KeyPage(QWizardPage):
    def __init__(self, method: MethodPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = method
        self.setObjectName("key_page")
        self.setTitle(self.tr("Your recovery key"))
        self.intro = paragraph(
            self.tr(
                "If you forget your passphrase or change computers, this key is the only way "
                "back into your journal. It is shown only now. Print it, or save it and keep "
                "the copy somewhere safe, away from this computer."
            ),
            self,
            "key_intro",
        )
        self.keyring_note = paragraph("", self, "key_keyring_note")
        self.view = RecoveryKeyView(self)
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * theme.SPACING)
        layout.addWidget(self.intro)
        layout.addWidget(self.view)
        layout.addWidget(self.keyring_note)
        layout.addStretch(1)

    def first_field(self) -> QWidget:
        return self.view.copy_button

    def initializePage(self) -> None:
        key = self.method.recovery_key or ""
        if self.view.key != key:
            self.view.set_key(key)
        if self.method.use_keyring.isChecked() and not self.method.keyring_used:
            self.keyring_note.setText(
                self.tr(
                    "Your computer's password store didn't accept the key, so you'll unlock "
                    "with your passphrase. You can try the computer login again in Settings."
                )
            )


class ConfirmPage(QWizardPage):
    def __init__(
        self, method: MethodPage, group: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.method = method
        self.setObjectName("confirm_page")
        self.setTitle(self.tr("Check you've kept it"))
        self.confirm = RecoveryConfirm(self, group)
        self.note = paragraph(
            self.tr("You can go back to see the key again."), self, "confirm_note"
        )
        self.body = QVBoxLayout(self)
        self.body.setSpacing(2 * theme.SPACING)
        self.body.addWidget(self.confirm)
        self.body.addWidget(self.note)
        self.confirm.confirmed_changed.connect(lambda _ok: self.completeChanged.emit())

    def initializePage(self) -> None:
        self.confirm.set_key(self.method.recovery_key or "")

    def first_field(self) -> QWidget:
        return self.confirm.field

    def isComplete(self) -> bool:
        return self.confirm.confirmed


class SetupWizard(QWizard):
    """The first-run set-up. ``completed`` fires once the journal is open and the key kept."""

    completed = Signal()

    def __init__(
        self, ops: Operations, parent: QWidget | None = None, *, confirm_group: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("setup_wizard")
        self.setWindowTitle(self.tr("Set up Practitioner Journal"))
        self.setWindowIcon(theme.icon("app"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finish"))
        self.welcome = WelcomePage(self)
        self.method = MethodPage(ops, self)
        self.key_page = KeyPage(self.method, self)
        self.confirm_page = ConfirmPage(self.method, confirm_group, self)
        for page in (self.welcome, self.method, self.key_page, self.confirm_page):
            self.addPage(page)
        for which, name in (
            (QWizard.WizardButton.NextButton, self.tr("Next")),
            (QWizard.WizardButton.BackButton, self.tr("Back")),
            (QWizard.WizardButton.CommitButton, self.tr("Create my journal")),
            (QWizard.WizardButton.FinishButton, self.tr("Finish")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
        ):
            self.button(which).setAccessibleName(name)
        # "I have a backup" (a new computer)
        self.restore_path = RestorePath(self, self.welcome, ops)
        self.refusal = paragraph("", self.confirm_page, "refusal")
        self.confirm_page.body.addWidget(self.refusal)
        self.confirm_page.body.addStretch(1)
        self.resize(80 * theme.SPACING, 66 * theme.SPACING)
        # QWizard hides its pages and buttons while it changes page, and gives the focus
        # to the new page's first field (or its Next button) while that is still hidden,
        # so a screen reader reads out a field nobody can see. For that moment every
        # other field passes the focus to the wizard itself; once the new page shows, its
        # first field takes it.
        self._parked: list[QWidget] = []
        self.currentIdChanged.connect(self._focus_page)
        # Going back: the button is pressed before it acts (Space and the mouse alike).
        self.button(QWizard.WizardButton.BackButton).pressed.connect(self._park_fields)
        self.button(QWizard.WizardButton.BackButton).released.connect(self._unpark_later)

    @property
    def created(self) -> bool:
        return self.method.created

    def nextId(self) -> int:
        return self.restore_path.next_id(super().nextId())

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.nextId() != -1:  # on to another page (not Finish)
            self._park_fields()
        return True

    def _unpark_later(self) -> None:
        """A press let go without going back: after the click (which goes back) is handled."""
        QTimer.singleShot(0, self._unpark_fields)

    def done(self, result: int) -> None:
        self._unpark_fields()
        super().done(result)

    def _park_fields(self) -> None:
        if self._parked:
            return
        # The widget that has the focus keeps it until Qt moves it (a proxy would pull it
        # away at once, to a wizard that may still stay on this page).
        focus = self.focusWidget()
        for widget in self.findChildren(QWidget):
            if (
                widget is not focus
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.focusProxy() is None
            ):
                self._parked.append(widget)
                widget.setFocusProxy(self)

    def _unpark_fields(self) -> None:
        parked, self._parked = self._parked, []
        for widget in parked:
            widget.setFocusProxy(None)  # type: ignore[arg-type]

    def _focus_page(self, _page_id: int) -> None:
        """The new page is showing: the keyboard starts in its first field."""
        self._unpark_fields()
        page = self.currentPage()
        if page is None:
            return
        chosen = getattr(page, "first_field", None)
        target = chosen() if callable(chosen) else _first_focusable(page)
        if target is not None and target.isVisible() and target.isEnabled():
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def reject(self) -> None:
        """Before the journal exists, Cancel just closes. After, the key must be confirmed."""
        if self.restore_path.blocks_cancel():
            return
        if not self.created:
            super().reject()
            return
        self.refusal.setText(
            self.tr(
                "Your journal is ready, but please confirm your recovery key first. Without "
                "it, a forgotten passphrase would lock you out for good."
            )
        )
        if self.currentPage() is not self.confirm_page:
            self._go_to(self.confirm_page)

    def _go_to(self, page: QWizardPage) -> None:
        while self.currentPage() is not page and self.currentPage() is not None:
            before = self.currentPage()
            self.next()
            if self.currentPage() is before:
                break

    def accept(self) -> None:
        if self.restore_path.may_finish():
            self.restore_path.clear()
            super().accept()
            self.completed.emit()
            return
        if not (self.created and self.confirm_page.confirm.confirmed):
            return
        self.key_page.view.clear()
        self.confirm_page.confirm.clear()
        self.method.recovery_key = None
        super().accept()
        self.completed.emit()
