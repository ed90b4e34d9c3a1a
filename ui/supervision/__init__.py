"""The supervision section: preparing, supervision mode, records and their reminders.

``install(window)`` puts the page behind "Supervision" (built when first shown),
follows the window into and out of supervision mode, adds the reminders above the
pages (overdue actions, the next supervision), and the ``app:supervision-prepare``
and ``app:supervision-records`` links. Heavy parts (Qt Charts, the PDF writer) load
only when used.
"""

from __future__ import annotations

from typing import Any


def install(window: Any) -> None:
    built: list[Any] = []

    def factory(parent: Any) -> Any:
        from ui.supervision.page import SupervisionPage

        page = SupervisionPage(window.ops, window, parent)
        built.append(page)
        return page

    window.register_page("supervision", factory)

    def mode_changed(on: bool) -> None:
        # Turning it off while locking must not build a page nobody has opened.
        page = built[0] if built else (window.page("supervision") if on else None)
        if page is not None:
            page.set_mode(on)

    window.supervision_mode_changed.connect(mode_changed)

    def open_view(name: str) -> None:
        window.show_page("supervision")
        page = window.page("supervision")
        if page is not None:
            getattr(page, name)()

    window.register_link("supervision-prepare", lambda: open_view("show_prepare"))
    window.register_link("supervision-records", lambda: open_view("show_records"))

    from ui.supervision.notices import SupervisionNotices

    window.supervision_notices = SupervisionNotices(window)
