"""Support contacts and the digital-footprint self-check, on the "support" page.

``install(window)`` registers the page, the ``app:support``, ``app:footprint`` and
``app:support-helplines`` links, the ``contact_support`` action (the page with the
helplines first) and the six-monthly footprint reminder notice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.host import Window


def show_support(window: Window, section: str = "contacts") -> None:
    """Open the support page at a section: "contacts", "footprint" or "helplines"."""
    window.show_page("support")
    page = window.page("support")
    if page is not None and hasattr(page, "show_section"):
        page.show_section(section)


def install(window: Window) -> None:
    from ui.support.reminder import FootprintReminder

    def factory(parent: Any) -> Any:
        from ui.support.page import SupportPage

        page = SupportPage(window.ops, parent)
        page.topic_requested.connect(lambda topic: window.run_action("show_guidance", topic))
        return page

    window.register_page("support", factory)
    window.register_link("support", lambda: show_support(window, "contacts"))
    window.register_link("footprint", lambda: show_support(window, "footprint"))
    window.register_link("support-helplines", lambda: show_support(window, "helplines"))
    window.register_action("contact_support", lambda: show_support(window, "helplines"))

    reminder = FootprintReminder(window.ops, lambda: window.open_link("app:footprint"))
    window.add_notice(reminder)
    window.unlocked.connect(reminder.check)
    window.locked.connect(reminder.clear)
    window.ops.changed.connect(reminder.on_changed)
