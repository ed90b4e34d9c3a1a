"""The supervision section: preparing, supervision mode, records and their reminders.

``install(window)`` puts the page behind "Supervision" (built when first shown),
follows the window into and out of supervision mode, adds the reminders above the
pages (overdue actions, the next supervision), and the ``app:supervision-prepare``
and ``app:supervision-records`` links. Heavy parts (Qt Charts, the PDF writer) load
only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.host import Window
    from ui.supervision.page import SupervisionPage


def install(window: Window) -> None:
    built: list[SupervisionPage] = []

    def factory(parent: QWidget) -> QWidget:
        from ui.supervision.page import SupervisionPage

        page = SupervisionPage(window.ops, window, parent)
        built.append(page)
        return page

    window.register_page("supervision", factory)

    def mode_changed(on: bool) -> None:
        # Turning it off while locking must not build a page nobody has opened.
        page = built[0] if built else (_page(window) if on else None)
        if page is not None:
            page.set_mode(on)

    window.supervision_mode_changed.connect(mode_changed)

    def open_view(name: str) -> None:
        window.show_page("supervision")
        page = _page(window)
        if page is not None:
            getattr(page, name)()

    window.register_link("supervision-prepare", lambda: open_view("show_prepare"))
    window.register_link("supervision-records", lambda: open_view("show_records"))

    from ui.supervision.notices import SupervisionNotices

    SupervisionNotices(window)  # kept by the window, its parent


def _page(window: Window) -> SupervisionPage | None:
    from ui.supervision.page import SupervisionPage

    page = window.page("supervision")
    return page if isinstance(page, SupervisionPage) else None
