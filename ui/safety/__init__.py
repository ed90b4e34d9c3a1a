"""Keeping the journal safe: backups, restoring, the journal check, damage and old entries.

``install(window)`` is called once when the main window is built. It registers the
actions "backups" (settings, on the backups tab), "verify" and "restore_backup", and
the links ``app:backups`` and ``app:verify``. The settings dialog adds the "Backups"
and "Old entries" tabs itself (``ui.safety.settings.add_settings_tabs``), and the
unlock screen offers the newest good backup when the journal is damaged
(``ui.safety.damage.DamageOffer``). A calm notice appears after unlocking when the last
off-laptop copy is more than a week old (``ui.safety.offsite_notice``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.host import Window


def install(window: Window) -> None:
    from ui.safety.controller import SafetyController

    controller = SafetyController(window.ops, window)
    window.register_action("backups", controller.show_backups)
    window.register_action("verify", controller.verify)
    window.register_action("restore_backup", controller.restore)
    window.register_link("backups", controller.show_backups)
    window.register_link("verify", controller.verify)
    from ui.safety.offsite_notice import OffsiteNotice

    OffsiteNotice(window, controller.show_backups)
    window.ops.opened.connect(controller.check_older_copy)
