"""The search log section: every online look-up about a family, with its reason.

``install(window)`` puts the page behind "Search log" and adds the ``app:new-search``
link. Only this light module loads with the window; the page is built on first view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.host import Window

GUIDANCE_TOPIC = "no-fishing-expeditions"


def install(window: Window) -> None:
    def factory(parent: Any) -> Any:
        from ui.searchlog.page import SearchLogPage

        guidance = None
        if window.has_action("show_guidance"):  # the guidance section is there

            def guidance() -> None:
                window.run_action("show_guidance", GUIDANCE_TOPIC)

        return SearchLogPage(window.ops, parent, open_guidance=guidance)

    window.register_page("searchlog", factory)

    def new_search() -> None:
        window.show_page("searchlog")
        from ui.searchlog.page import SearchLogPage

        page = window.page("searchlog")
        if isinstance(page, SearchLogPage):
            page.new_search()

    window.register_link("new-search", new_search)
