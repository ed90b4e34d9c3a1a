"""The passphrase and recovery-key widgets, shared by every screen that makes or asks for a key.

Set-up and restore, the settings dialog, the unlock screen and the backup check use
the same fields: a new passphrase typed twice with a strength meter, the recovery key
shown in numbered groups (with Copy, Print and Save as PDF), the check that one group
was kept, and where a mistyped group sits in what was typed.
"""

from __future__ import annotations

import math
import re
import secrets
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QTextDocument
from PySide6.QtWidgets import (
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
)

from journal import recovery
from journal.keys import MIN_PASSPHRASE_LENGTH
from ui import theme
from ui.kit.clipboard import SecretClipboard

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

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


def secret_field(parent: QWidget, name: str, accessible: str) -> QLineEdit:
    """A field whose text shows as dots (a passphrase, a key)."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    return field


class ShowToggle(QToolButton):
    """A "Show" button beside passphrase fields: pressed in, what is typed shows."""

    def __init__(self, parent: QWidget, name: str, *fields: QLineEdit) -> None:
        super().__init__(parent)
        self.fields = fields
        self.setObjectName(name)
        self.setCheckable(True)
        self.setText(self.tr("Show"))
        self.setIcon(theme.icon("eye"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setAccessibleName(self.tr("Show passphrase"))
        self.toggled.connect(self._show)

    def _show(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in self.fields:
            field.setEchoMode(mode)
        self.setText(self.tr("Hide") if shown else self.tr("Show"))
        self.setIcon(theme.icon("eye-off" if shown else "eye"))


class PassphraseFields(QWidget):
    """A new passphrase, typed twice, with a strength meter in colour and words."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, prefix: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}passphrase_fields")
        self.first = secret_field(self, f"{prefix}passphrase", self.tr("Passphrase"))
        self.show_button = ShowToggle(self, f"{prefix}show_passphrase")
        self.show_button.setToolTip(self.tr("Show or hide what you type"))

        self.meter = QProgressBar(self)
        self.meter.setObjectName(f"{prefix}strength_meter")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(theme.SPACING)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        self.strength = QLabel(self)
        self.strength.setObjectName(f"{prefix}strength_words")
        self.strength.setWordWrap(True)

        self.second = secret_field(
            self, f"{prefix}passphrase_confirm", self.tr("Type the passphrase again")
        )
        self.show_button.fields = (self.first, self.second)
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


def group_span(typed: str, group: int) -> tuple[int, int] | None:
    """Where group ``group`` (1-based) sits in what was typed, ignoring spaces and dashes."""
    start = end = None
    count = 0
    first = (group - 1) * recovery.GROUP_LEN
    last = group * recovery.GROUP_LEN
    for i, ch in enumerate(typed):
        if ch.isspace() or ch in "-_.":
            continue
        if count == first:
            start = i
        count += 1
        if count == last:
            end = i + 1
            break
    if start is None:
        return None
    return start, end if end is not None else len(typed)


def recovery_key_field(parent: QWidget, name: str, accessible: str) -> QLineEdit:
    """A field to type a recovery key in, in the fixed-width font its groups are shown in."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setFont(monospace_font())
    field.setPlaceholderText("ABCDE-FGHJK-…")
    field.setAccessibleName(accessible)
    return field
