"""Work an editor kept as a draft when the journal locked, offered back on a notice bar.

One draft at a time: "Carry on" opens it in the editor, "Discard" forgets it and offers
the next. The list page that owns the editor says when an offer may show (not while the
editor is open) and how a draft is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from journal import usecases
from journal.errors import JournalError
from ui.kit.entry_editor import drafts_under
from ui.kit.notice_bar import NoticeBar
from ui.operations import Operations

Draft = tuple[str, dict[str, Any]]  # (draft id, what the editor had)


def _t(text: str) -> str:
    return QCoreApplication.translate("DraftOffer", text)


@dataclass
class DraftOffer:
    """``text`` says what was left unfinished; ``resume(draft_id, data)`` opens one, when
    ``may_offer()``; a failed read or discard goes to ``on_error``."""

    ops: Operations
    notice: NoticeBar
    text: str
    resume: Callable[[str, dict[str, Any]], None]
    may_offer: Callable[[], bool]
    on_error: Callable[[JournalError], None]
    drafts: list[Draft] = field(default_factory=list)

    def load(self, prefix: str, owner: QObject) -> None:
        """Look for the drafts kept under ``prefix`` and offer the first (while ``owner``
        still wants it)."""
        self.ops.submit(drafts_under(prefix), self.found, self.on_error, owner=owner)

    def found(self, drafts: list[Draft]) -> None:
        self.drafts = drafts
        self.offer()

    def offer(self) -> None:
        if not self.drafts or not self.may_offer():
            return
        draft_id, data = self.drafts[0]
        self.notice.show_notice(
            self.text,
            (_t("Carry on"), lambda: self._carry_on(draft_id, data)),
            (_t("Discard"), lambda: self._discard(draft_id)),
        )

    def clear(self) -> None:
        self.drafts = []

    def _carry_on(self, draft_id: str, data: dict[str, Any]) -> None:
        self._forget(draft_id)
        self.resume(draft_id, data)

    def _discard(self, draft_id: str) -> None:
        self._forget(draft_id)
        self.ops.submit(lambda j: usecases.discard_draft(j, draft_id), None, self.on_error)
        self.offer()

    def _forget(self, draft_id: str) -> None:
        self.drafts = [d for d in self.drafts if d[0] != draft_id]
