"""First-run set-up: what the app protects, how to unlock, and the recovery key.

Four short pages, all usable from the keyboard. The journal is created when the
person leaves the "how to unlock" page; from then on the wizard only finishes
once one group of the recovery key has been typed back correctly.

The passphrase fields, the recovery-key view and its confirmation live here too;
the settings dialog uses the same widgets.
"""

from __future__ import annotations

import math
import re
import secrets
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from journal import recovery

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter
from journal.errors import JournalError
from journal.keys import MIN_PASSPHRASE_LENGTH, SLOT_KEYRING, KeyringAccess
from ui import theme
from ui.kit.clipboard import SecretClipboard
from ui.kit.lifetime import if_alive
from ui.operations import Operations

# -- passphrase strength ---------------------------------------------------------------

_COMMON = (
    "password", "passw0rd", "qwerty", "letmein", "welcome", "monkey", "dragon", "iloveyou",
    "admin", "abc123", "123456", "12345678", "111111", "sunshine", "football", "princess",
    "secret", "changeme", "trustno1", "baseball", "master", "login", "starwars", "journal",
)  # fmt: skip
_SEQUENCES = "abcdefghijklmnopqrstuvwxyz 0123456789 qwertyuiop asdfghjkl zxcvbnm"


def _t(text: str) -> str:
    return QCoreApplication.translate("Passphrase", text)


def passphrase_strength(text: str) -> int:
    """A rough guess at how hard ``text`` is to guess: 0 (too short) to 4 (strong).

    Human-chosen passphrases are far less random than their length suggests, so the
    estimate counts each character at half its alphabet's worth, after taking out
    repeats, keyboard runs and the most common passwords.
    """
    if len(text) < MIN_PASSPHRASE_LENGTH:
        return 0
    lowered = text.lower()
    squeezed = re.sub(r"(.)\1+", r"\1", lowered)  # "aaaa" counts once
    for word in _COMMON:
        squeezed = squeezed.replace(word, word[0])
    effective = 0
    for i in range(len(squeezed)):
        run = squeezed[max(0, i - 2) : i + 1]
        if len(run) == 3 and (run in _SEQUENCES or run[::-1] in _SEQUENCES):
            continue  # the third character of a run like "abc" or "321" adds nothing
        effective += 1
    pool = 0
    pool += 26 if re.search(r"[a-z]", text) else 0
    pool += 26 if re.search(r"[A-Z]", text) else 0
    pool += 10 if re.search(r"[0-9]", text) else 0
    pool += 1 if " " in text else 0
    pool += 33 if re.search(r"[^A-Za-z0-9 ]", text) else 0
    bits = effective * math.log2(max(pool, 2)) * 0.5
    if bits < 28:
        return 1
    if bits < 40:
        return 2
    if bits < 60:
        return 3
    return 4


def strength_words(level: int) -> str:
    return [
        _t("Too short: use at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH),
        _t("Weak: easy to guess. A few unrelated words make a stronger one."),
        _t("Fair. Another word or two would make it stronger."),
        _t("Good."),
        _t("Strong."),
    ][level]


def _strength_colour(level: int, dark: bool) -> str:
    severity = {0: "critical", 1: "critical", 2: "medium", 3: "low", 4: "low"}[level]
    return theme.severity_colour(severity, dark).name()


class PassphraseFields(QWidget):
    """A new passphrase, typed twice, with a strength meter in colour and words."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, prefix: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}passphrase_fields")
        self.first = QLineEdit(self)
        self.first.setObjectName(f"{prefix}passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(self.tr("Passphrase"))
        self.show_button = QToolButton(self)
        self.show_button.setObjectName(f"{prefix}show_passphrase")
        self.show_button.setCheckable(True)
        self.show_button.setText(self.tr("Show"))
        self.show_button.setIcon(theme.icon("eye"))
        self.show_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.show_button.setAccessibleName(self.tr("Show passphrase"))
        self.show_button.setToolTip(self.tr("Show or hide what you type"))
        self.show_button.toggled.connect(self._toggle_visible)

        self.meter = QProgressBar(self)
        self.meter.setObjectName(f"{prefix}strength_meter")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(theme.SPACING)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        self.strength = QLabel(self)
        self.strength.setObjectName(f"{prefix}strength_words")
        self.strength.setWordWrap(True)

        self.second = QLineEdit(self)
        self.second.setObjectName(f"{prefix}passphrase_confirm")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(self.tr("Type the passphrase again"))
        self.match = QLabel(self)
        self.match.setObjectName(f"{prefix}passphrase_match")
        self.match.setWordWrap(True)

        row = QHBoxLayout()
        row.setSpacing(theme.SPACING)
        row.addWidget(self.first, 1)
        row.addWidget(self.show_button)
        first_label = QLabel(self.tr("&Passphrase:"), self)
        first_label.setBuddy(self.first)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(2 * theme.SPACING)
        form.setVerticalSpacing(theme.SPACING)
        form.addRow(first_label, row)
        form.addRow("", self.meter)
        form.addRow("", self.strength)
        form.addRow(self.tr("&Again:"), self.second)
        form.addRow("", self.match)

        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.setTabOrder(self.first, self.show_button)
        self.setTabOrder(self.show_button, self.second)
        self._update()

    def _toggle_visible(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)
        self.show_button.setText(self.tr("Hide") if shown else self.tr("Show"))
        self.show_button.setIcon(theme.icon("eye-off" if shown else "eye"))

    def _update(self) -> None:
        text = self.first.text()
        if not text:
            self.meter.setValue(0)
            self.strength.setText(
                self.tr(
                    "At least {n} characters. A short sentence only you would make up works well."
                ).format(n=MIN_PASSPHRASE_LENGTH)
            )
        else:
            level = passphrase_strength(text)
            self.meter.setValue(level)
            words = strength_words(level)
            self.strength.setText(words)
            self.meter.setAccessibleDescription(words)
            palette = self.meter.palette()
            colour = _strength_colour(level, theme.is_dark(self.palette()))
            palette.setColor(QPalette.ColorRole.Highlight, QColor(colour))
            self.meter.setPalette(palette)
        again = self.second.text()
        if not again:
            self.match.setText("")
        elif again == text:
            self.match.setText(self.tr("Both match."))
        elif text.startswith(again):
            self.match.setText("")
        else:
            self.match.setText(self.tr("The two don't match yet."))
        self.changed.emit()

    def is_empty(self) -> bool:
        return not self.first.text() and not self.second.text()

    def is_acceptable(self) -> bool:
        text = self.first.text()
        return len(text) >= MIN_PASSPHRASE_LENGTH and text == self.second.text()

    def passphrase(self) -> str | None:
        return self.first.text() if self.is_acceptable() else None

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
        self.show_button.setChecked(False)


# -- the recovery key ------------------------------------------------------------------


def monospace_font(scale: float = 1.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if scale != 1.0:
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * scale)
    return font


def recovery_document_html(key: str, created: QDate) -> str:
    """The printable page: the key in its groups and what it is for. Nothing else."""
    groups = recovery.groups_of(key)
    cells = "".join(
        f'<td style="padding: 6px 14px; text-align: center;">'
        f'<div style="font-size: 9pt; color: #555555;">{i}</div>'
        f'<div style="font-family: monospace; font-size: 20pt;">{g}</div></td>'
        + ("</tr><tr>" if i == 4 else "")
        for i, g in enumerate(groups, start=1)
    )
    date_text = QLocale().toString(created, QLocale.FormatType.LongFormat)
    title = _t("Practitioner Journal recovery key")
    made = _t("Made on {date}.").format(date=date_text)
    keep = _t(
        "Keep this page somewhere safe and private, away from your computer. You need this "
        "key if you forget your passphrase or move to a new computer. Anyone who has it "
        "and a copy of your journal can read your journal."
    )
    return (
        f"<h2>{title}</h2><p>{made}</p>"
        f'<table style="margin: 16px 0;"><tr>{cells}</tr></table>'
        f"<p>{keep}</p>"
    )


class RecoveryKeyView(QWidget):
    """The recovery key, shown large in numbered groups, with Copy, Print and Save as PDF."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_key_view")
        self._key = ""
        self._clipboard = SecretClipboard(self)
        self._group_labels: list[QLabel] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(3 * theme.SPACING)
        grid.setVerticalSpacing(theme.SPACING // 2)
        big = monospace_font(1.8)
        for i in range(recovery.GROUPS):
            number = QLabel(str(i + 1), self)
            number.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            number.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            group = QLabel(self)
            group.setObjectName(f"recovery_group_{i + 1}")
            group.setFont(big)
            group.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            # Not selectable: a plain copy would miss the secret mark; Copy does it right.
            group.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            row, col = divmod(i, 4)
            grid.addWidget(number, row * 2, col)
            grid.addWidget(group, row * 2 + 1, col)
            self._group_labels.append(group)

        self.copy_button = QPushButton(theme.icon("copy"), self.tr("&Copy"), self)
        self.copy_button.setObjectName("copy_recovery_key")
        self.copy_button.setAccessibleName(self.tr("Copy the recovery key"))
        self.copy_button.setToolTip(
            self.tr("Copies the key for a minute, then clears it from the clipboard")
        )
        self.print_button = QPushButton(theme.icon("print"), self.tr("&Print…"), self)
        self.print_button.setObjectName("print_recovery_key")
        self.print_button.setAccessibleName(self.tr("Print the recovery key"))
        self.pdf_button = QPushButton(theme.icon("pdf"), self.tr("Save as P&DF…"), self)
        self.pdf_button.setObjectName("save_recovery_key_pdf")
        self.pdf_button.setAccessibleName(self.tr("Save the recovery key as a PDF"))
        self.status = QLabel(self)
        self.status.setObjectName("recovery_key_status")
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.setSpacing(theme.SPACING)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)

        frame = QWidget(self)
        frame.setObjectName("recovery_key_frame")
        frame.setAutoFillBackground(True)
        frame.setBackgroundRole(QPalette.ColorRole.Base)
        frame.setLayout(grid)
        grid.setContentsMargins(*(2 * theme.SPACING,) * 4)
        frame.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * theme.SPACING)
        layout.addWidget(frame, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        for button in (self.copy_button, self.print_button, self.pdf_button):
            button.setAutoDefault(False)  # Enter moves on; Space presses the focused button
        self.copy_button.clicked.connect(self.copy)
        self.print_button.clicked.connect(self.print_key)
        self.pdf_button.clicked.connect(self.save_pdf)

    @property
    def key(self) -> str:
        return self._key

    def set_key(self, key: str) -> None:
        self._key = key
        groups = recovery.groups_of(key) if key else [""] * recovery.GROUPS
        for i, (label, text) in enumerate(zip(self._group_labels, groups, strict=True)):
            label.setText(text)
            # Read out character by character, with its place: "Group 1 of 8: K 7 Q 2".
            label.setAccessibleName(
                self.tr("Group {n} of {total}: {characters}").format(
                    n=i + 1, total=len(groups), characters=" ".join(text)
                )
                if text
                else self.tr("Group {n}").format(n=i + 1)
            )
        self.status.clear()

    def clear(self) -> None:
        self._clipboard.clear()
        self.set_key("")

    def copy(self) -> None:
        self._clipboard.copy(self._key)
        self.status.setText(
            self.tr("Copied. The clipboard forgets it in a minute, so paste it now.")
        )

    def _document(self) -> QTextDocument:
        document = QTextDocument(self)
        document.setHtml(recovery_document_html(self._key, QDate.currentDate()))
        return document

    def _ask_print(self, printer: QPrinter) -> bool:
        """The system print dialog (tests replace this method)."""
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print your recovery key"))
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def _ask_pdf_path(self) -> str | None:
        """Where to save the PDF (tests replace this method)."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save your recovery key"),
            self.tr("Practitioner Journal recovery key.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        return path or None

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if not self._ask_print(printer):
            return
        self._document().print_(printer)
        self.status.setText(self.tr("Sent to the printer. Keep the page somewhere safe."))

    def save_pdf(self) -> None:
        from PySide6.QtPrintSupport import QPrinter

        path = self._ask_pdf_path()
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        self._document().print_(printer)
        from pathlib import Path

        if Path(path).is_file():
            self.status.setText(
                self.tr(
                    "Saved as {name}. Print it or move it somewhere safe, away from this computer."
                ).format(name=Path(path).name)
            )
        else:
            self.status.setText(
                self.tr("The PDF couldn't be saved there. Choose another folder and try again.")
            )


class RecoveryConfirm(QWidget):
    """Asks for one group of the recovery key, to be sure it was kept."""

    confirmed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, group: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_confirm")
        self._expected = ""
        self._confirmed = False
        self.group = group or secrets.randbelow(recovery.GROUPS) + 1
        self.prompt = QLabel(self)
        self.prompt.setObjectName("recovery_confirm_prompt")
        self.prompt.setWordWrap(True)
        self.field = QLineEdit(self)
        self.field.setObjectName("recovery_confirm_field")
        self.field.setFont(monospace_font(1.4))
        self.field.setMaxLength(recovery.GROUP_LEN + 4)
        self.field.setPlaceholderText("ABCDE")
        self.field.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.field.setMinimumWidth(16 * theme.SPACING)
        self.feedback = QLabel(self)
        self.feedback.setObjectName("recovery_confirm_feedback")
        self.feedback.setWordWrap(True)
        self.prompt.setBuddy(self.field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(self.prompt)
        layout.addWidget(self.field, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.feedback)
        self.field.textChanged.connect(self._check)
        self._set_prompt()

    def _set_prompt(self) -> None:
        self.prompt.setText(
            self.tr("Type &group {n} of your recovery key, from your copy.").format(n=self.group)
        )
        self.field.setAccessibleName(self.tr("Group {n} of the recovery key").format(n=self.group))

    def set_key(self, key: str, group: int | None = None) -> None:
        if group is not None:
            self.group = group
        self._expected = recovery.groups_of(key)[self.group - 1] if key else ""
        self.field.clear()
        self._set_prompt()
        self._check()

    @property
    def confirmed(self) -> bool:
        return self._confirmed

    def _check(self) -> None:
        typed = recovery.normalise(self.field.text())
        ok = bool(self._expected) and typed == self._expected
        if ok:
            self.feedback.setText(self.tr("That matches. Your recovery key is confirmed."))
        elif len(typed) >= recovery.GROUP_LEN:
            self.feedback.setText(
                self.tr("That isn't group {n}. Check it against your copy.").format(n=self.group)
            )
        else:
            self.feedback.setText("")
        if ok != self._confirmed:
            self._confirmed = ok
            self.confirmed_changed.emit(ok)

    def clear(self) -> None:
        self._expected = ""
        self.field.clear()


# -- the wizard ------------------------------------------------------------------------


def _heading_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    return font


def _paragraph(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


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
            layout.addWidget(_paragraph(text, self))
        layout.addStretch(1)


class MethodPage(QWizardPage):
    """How to unlock: the computer login (keyring) and/or a passphrase. Creates the journal."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("method_page")
        self.setTitle(self.tr("How you'll unlock your journal"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create my journal"))
        self.keyring_available: bool | None = None
        self.recovery_key: str | None = None
        self.created = False
        self.keyring_used = False
        self._creating = False

        # Alt+L: Alt+C is "Create my journal", the button on this page.
        self.use_keyring = QCheckBox(self.tr("Unlock with my computer &login"), self)
        self.use_keyring.setObjectName("use_keyring")
        self.use_keyring.setAccessibleName(self.tr("Unlock with my computer login"))
        self.use_keyring.setEnabled(False)
        self.keyring_note = _paragraph(
            self.tr("Checking your computer's password store…"), self, "keyring_note"
        )
        self.passphrase_intro = _paragraph("", self, "passphrase_intro")
        self.fields = PassphraseFields(self)
        self.status = _paragraph("", self, "method_status")
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
            self.ops.submit_background(
                lambda: KeyringAccess().available(),
                if_alive(self, self._keyring_checked),
                if_alive(self, self._keyring_error),
            )

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

    def _keyring_error(self, _error: JournalError) -> None:
        self._keyring_checked(False)

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
        if self._creating or self.keyring_available is None:
            return False
        if self.created:
            return True
        if self.use_keyring.isChecked():
            return self.fields.is_empty() or self.fields.is_acceptable()
        return self.fields.is_acceptable()

    def validatePage(self) -> bool:
        if self.created:
            return True
        if self._creating or not self.isComplete():
            return False
        self._creating = True
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
        self._creating = False
        self.status.setText(self.tr("Your journal is ready."))
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()

    def _failed(self, error: JournalError) -> None:
        self._creating = False
        self.status.setText(error.message)
        self.completeChanged.emit()


class KeyPage(QWizardPage):
    def __init__(self, method: MethodPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = method
        self.setObjectName("key_page")
        self.setTitle(self.tr("Your recovery key"))
        self.intro = _paragraph(
            self.tr(
                "If you forget your passphrase or change computers, this key is the only way "
                "back into your journal. It is shown only now. Print it, or save it and keep "
                "the copy somewhere safe, away from this computer."
            ),
            self,
            "key_intro",
        )
        self.keyring_note = _paragraph("", self, "key_keyring_note")
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
        self.note = _paragraph(
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
        from ui.setup_restore import RestorePath

        self.restore_path = RestorePath(self, ops)  # "I have a backup" (a new computer)
        self.refusal = _paragraph("", self.confirm_page, "refusal")
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
