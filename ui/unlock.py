"""The unlock screen: through the computer login when it can, else passphrase or recovery key.

Nothing here touches the disk on the UI thread: reading the key file, checking the
journal isn't open elsewhere and unlocking all run on the worker, in order. What the
person typed is cleared from the field as soon as it is handed over, and never logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from journal.errors import CorruptJournal, JournalError, JournalLocked, RecoveryKeyTypo
from journal.keys import SLOT_KEYRING, SLOT_PASSPHRASE, SLOT_RECOVERY, KeySlots
from journal.lockfile import ProcessLock
from journal.paths import JournalPaths
from journal.session import Unlock, journal_state
from ui import theme
from ui.kit.columns import add_items, column, field_with_buttons
from ui.kit.key_fields import ShowToggle, group_span, recovery_key_field, secret_field
from ui.kit.lifetime import if_alive
from ui.kit.named_widgets import link_button, push_button
from ui.kit.plain_text import title_label
from ui.operations import Operations


@dataclass(frozen=True)
class JournalProbe:
    """What the unlock screen needs to know before asking anything. No secret in it."""

    state: str  # "missing", "ready", "damaged"
    keyring: bool = False
    passphrase: bool = True
    recovery: bool = True
    locked_elsewhere: bool = False


def probe_journal(paths: JournalPaths) -> JournalProbe:
    """Read the key file's slot names and test the process lock (runs on the worker)."""
    state = journal_state(paths)
    if state == "missing":
        return JournalProbe(state)
    from journal.background import wait_for

    wait_for(paths)  # the day's backup, left running when the journal was just locked
    lock = ProcessLock(paths.lock_file)
    try:
        lock.acquire_waiting_for_backup()  # one another program left running, too
    except JournalLocked:
        return JournalProbe(state, locked_elsewhere=True)
    lock.release()
    try:
        slots = KeySlots.load(paths.key_slots)
    except JournalError:
        return JournalProbe(state)  # opening will report the damage properly
    return JournalProbe(
        state,
        keyring=slots.has(SLOT_KEYRING),
        passphrase=slots.has(SLOT_PASSPHRASE),
        recovery=slots.has(SLOT_RECOVERY),
    )


class UnlockScreen(QWidget):
    """Fills the main window while the journal is locked. ``unlocked`` fires once it is open."""

    unlocked = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("unlock_screen")
        self.setAccessibleName(self.tr("Unlock your journal"))
        self.probe: JournalProbe | None = None
        self._busy = False
        self._generation = 0
        logo = self._build_header()
        self._build_passphrase_form()
        self._build_recovery_form()
        self._build_layout(logo)

        self.passphrase.returnPressed.connect(self._unlock_with_passphrase)
        self.passphrase_button.clicked.connect(self._unlock_with_passphrase)
        self.recovery.returnPressed.connect(self._unlock_with_recovery)
        self.recovery_button.clicked.connect(self._unlock_with_recovery)
        self.passphrase.textChanged.connect(self._update_buttons)
        self.recovery.textChanged.connect(self._update_buttons)
        self.to_recovery.clicked.connect(lambda: self._show_form("recovery"))
        self.to_passphrase.clicked.connect(lambda: self._show_form("passphrase"))
        self._set_visible(busy=False)
        self._update_buttons()

    def _build_header(self) -> QLabel:
        """The logo, the heading, the message, the damage offer and the first buttons."""
        logo = QLabel(self)
        logo.setPixmap(theme.icon("app").pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        logo.setAccessibleName(self.tr("Practitioner Journal"))
        self.heading = title_label(
            self.tr("Your journal is locked"),
            self,
            "unlock_heading",
            scale=1.4,
            align=Qt.AlignmentFlag.AlignHCenter,
        )

        self.message = QLabel(self)
        self.message.setObjectName("unlock_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        # A damaged journal: the newest good backup, offered by name (see ui/safety/damage.py).
        from ui.safety.damage import DamageOffer

        self.damage = DamageOffer(self.ops, self)
        self.damage.working.connect(self._restoring)
        self.damage.restored.connect(self._attempt)

        self.busy_label = QLabel(self.tr("Unlocking…"), self)
        self.busy_label.setObjectName("unlock_busy")
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.retry_button = push_button(self.tr("&Try again"), self, "unlock_retry")
        self.retry_button.clicked.connect(lambda: self.start(auto_keyring=True))
        self.keyring_button = push_button(
            self.tr("Unlock with my &computer login"),
            self,
            "unlock_keyring",
            accessible=self.tr("Unlock with my computer login"),
            icon=theme.icon("unlock"),
        )
        self.keyring_button.clicked.connect(self._unlock_with_keyring)
        return logo

    def _build_passphrase_form(self) -> None:
        self.passphrase_box = box = QWidget(self)
        self.passphrase_label = QLabel(self.tr("&Passphrase"), box)
        self.passphrase = secret_field(box, "unlock_passphrase", self.tr("Passphrase"))
        self.passphrase_label.setBuddy(self.passphrase)
        self.show_toggle = ShowToggle(box, "unlock_show_passphrase", self.passphrase)
        self.passphrase_button = push_button(self.tr("&Unlock"), box, "unlock_button")
        self.to_recovery = link_button(
            self.tr("Use &recovery key instead"), box, "use_recovery_key"
        )
        field_with_buttons(
            box,
            self.passphrase_label,
            self.passphrase,
            self.show_toggle,
            self.passphrase_button,
            below=self.to_recovery,
        )

    def _build_recovery_form(self) -> None:
        self.recovery_box = box = QWidget(self)
        self.recovery_label = QLabel(self.tr("&Recovery key (8 groups of 5, dashes optional)"), box)
        self.recovery = recovery_key_field(box, "unlock_recovery_key", self.tr("Recovery key"))
        self.recovery_label.setBuddy(self.recovery)
        self.recovery_button = push_button(
            self.tr("&Unlock"),
            box,
            "unlock_recovery_button",
            accessible=self.tr("Unlock with the recovery key"),
        )
        self.to_passphrase = link_button(self.tr("Use &passphrase instead"), box, "use_passphrase")
        field_with_buttons(
            box, self.recovery_label, self.recovery, self.recovery_button, below=self.to_passphrase
        )

    def _build_layout(self, logo: QLabel) -> None:
        """One column, a third of the way down and centred, never wider than it reads well."""
        s = theme.SPACING
        holder = QWidget(self)
        holder.setObjectName("unlock_column")
        holder.setMaximumWidth(60 * s)
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        col = column(
            holder,
            logo,
            self.heading,
            self.message,
            self.damage,
            self.busy_label,
            spacing=2 * s,
        )
        col.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self.keyring_button, 0, Qt.AlignmentFlag.AlignHCenter)
        add_items(col, self.passphrase_box, self.recovery_box)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4 * s, 4 * s, 4 * s, 4 * s)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(holder, 4)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)

    # -- flow ---------------------------------------------------------------------------

    def start(self, auto_keyring: bool = True) -> None:
        """Check the journal, then try the computer login (if asked and set up) or ask."""
        self._generation += 1
        generation = self._generation
        self.passphrase.clear()
        self.recovery.clear()
        self.message.clear()
        self.damage.withdraw()
        self.busy_label.setText(self.tr("Opening…"))
        self._set_visible(busy=True)
        paths = self.ops.paths

        def probed(probe: JournalProbe) -> None:
            self._probed(probe, auto_keyring, generation)

        self.ops.submit_background(
            lambda: probe_journal(paths), if_alive(self, probed), if_alive(self, self._failed)
        )

    def _probed(self, probe: JournalProbe, auto_keyring: bool, generation: int) -> None:
        if generation != self._generation:
            return
        self.probe = probe
        if probe.locked_elsewhere:
            self.message.setText(JournalLocked().message)
            self._set_visible(busy=False, retry=True)
            self.retry_button.setFocus()
            return
        if probe.keyring and auto_keyring:
            self._unlock_with_keyring()
            return
        if not probe.passphrase and not probe.keyring:
            self._show_form("recovery")
        else:
            self._show_form("passphrase")

    def _show_form(self, which: str) -> None:
        self._form = which
        self._set_visible(busy=False)
        if which == "recovery":
            self.recovery.setFocus()
        elif (
            self.probe is not None
            and self.probe.keyring
            and (not self.probe.passphrase or not self.message.text())
        ):
            self.keyring_button.setFocus()
        else:
            self.passphrase.setFocus()

    def _set_visible(self, *, busy: bool, retry: bool = False) -> None:
        self._busy = busy
        probe = self.probe
        form = getattr(self, "_form", "passphrase")
        show_forms = not busy and not retry
        has_passphrase = probe is None or probe.passphrase
        self.busy_label.setVisible(busy)
        self.retry_button.setVisible(retry and not busy)
        self.keyring_button.setVisible(show_forms and probe is not None and probe.keyring)
        self.passphrase_box.setVisible(show_forms and form == "passphrase" and has_passphrase)
        self.recovery_box.setVisible(show_forms and (form == "recovery" or not has_passphrase))
        self.to_passphrase.setVisible(has_passphrase)
        keyring_shown = self.keyring_button.isVisibleTo(self)
        self.passphrase_label.setText(
            self.tr("Or type your &passphrase") if keyring_shown else self.tr("&Passphrase")
        )
        self.message.setVisible(bool(self.message.text()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.passphrase_button.setEnabled(not self._busy and bool(self.passphrase.text()))
        self.recovery_button.setEnabled(not self._busy and bool(self.recovery.text().strip()))

    # -- attempts -----------------------------------------------------------------------

    def _unlock_with_keyring(self) -> None:
        self._attempt(Unlock(use_keyring=True), "keyring")

    def _unlock_with_passphrase(self) -> None:
        text = self.passphrase.text()
        if not text or self._busy:
            return
        self.show_toggle.setChecked(False)
        self.passphrase.clear()
        self._attempt(Unlock(passphrase=text, use_keyring=False), "passphrase")

    def _unlock_with_recovery(self) -> None:
        text = self.recovery.text()
        if not text.strip() or self._busy:
            return
        self._attempt(Unlock(recovery_key=text, use_keyring=False), "recovery")

    def _attempt(self, unlock: Unlock, how: str) -> None:
        self._generation += 1
        generation = self._generation
        self.message.clear()
        self.damage.withdraw()
        self.busy_label.setText(self.tr("Unlocking…"))
        self._set_visible(busy=True)

        def opened(_none: None) -> None:
            self._opened(generation)

        def failed(error: JournalError) -> None:
            self._unlock_failed(error, how, generation)
            if isinstance(error, CorruptJournal) and generation == self._generation:
                from ui.safety.damage import damage_message

                self.message.setText(damage_message())
                self.damage.offer(error, unlock, how)

        self.ops.open(unlock, if_alive(self, opened), if_alive(self, failed))

    def _opened(self, generation: int) -> None:
        if generation != self._generation:
            return
        self.passphrase.clear()
        self.recovery.clear()
        self.message.clear()
        self._set_visible(busy=True)
        self.unlocked.emit()

    def _unlock_failed(self, error: JournalError, how: str, generation: int) -> None:
        if generation != self._generation:
            return
        self.message.setText(error.message)
        if isinstance(error, JournalLocked):
            self._set_visible(busy=False, retry=True)
            self.retry_button.setFocus()
            return
        if how == "recovery" and isinstance(error, RecoveryKeyTypo):
            self._show_form("recovery")
            span = group_span(self.recovery.text(), error.group) if error.group else None
            if span is not None:
                self.recovery.setSelection(span[0], span[1] - span[0])
            return
        self.recovery.clear()
        if how == "keyring":
            has_passphrase = self.probe is None or self.probe.passphrase
            self._show_form("passphrase" if has_passphrase else "recovery")
            if has_passphrase:
                self.passphrase.setFocus()
            return
        self._show_form(how)

    def _failed(self, error: JournalError) -> None:
        self.message.setText(error.message)
        self._set_visible(busy=False, retry=True)

    def _restoring(self, running: bool) -> None:
        """The damage offer is restoring a backup: nothing else to press meanwhile."""
        if running:
            self.busy_label.setText(self.tr("Restoring your backup…"))
        self._set_visible(busy=running)
