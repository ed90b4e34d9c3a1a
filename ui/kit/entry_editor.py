"""The life-cycle every entry editor shares: open, edit, keep a draft, save or leave.

An editor edits one entry: a new one, a saved one (with the revision it started from,
so the core refuses a save over someone else's newer change), or one brought back
from a draft. What is typed can be kept as an encrypted draft (on lock, on leaving)
or thrown away; saving runs one use case on the worker and then either closes the
editor (``saved``) or shows why not (``failed``), beside the fields where it can.
Replies that arrive after the editor was cleared are dropped (``Operations.forget``).

A subclass builds its fields, a ``save_button`` and a ``message`` label, and says how
to check, save and show errors; the steps in between are written here once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal import queries, usecases
from journal.errors import JournalError, ValidationError
from journal.models import entry_from_dict
from journal.session import Journal
from ui import theme
from ui.kit.scrolling import scroll_body
from ui.kit.text_fields import note_box
from ui.operations import NotOpen, Operations

T = TypeVar("T")
SaveJob = Callable[[Journal, str | None, int | None, str], usecases.Done[T]]
# (journal, entry, *, editing, expected_revision, draft_id): a use case that saves an entry
SaveCase = Callable[..., usecases.Done[T]]


def new_draft_id(prefix: str) -> str:
    return prefix + str(uuid.uuid4())


class EntryEditor(QWidget, Generic[T]):
    """The state and steps shared by the incident editor, the search-log form and the
    supervision record. ``T`` is the kind of entry it saves."""

    DRAFT_PREFIX = "entry-editor:"
    closed = Signal()  # after every way out: saved, cancelled, cleared by a lock

    save_button: QPushButton
    cancel_button: QPushButton
    message: QLabel

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._editing_id: str | None = None
        self._expected_revision: int | None = None
        self._loading = False
        self._saving = False
        self.touched = False
        self.is_open = False
        self.draft_id = new_draft_id(self.DRAFT_PREFIX)

    def _scrolling_body(self, name: str) -> tuple[QVBoxLayout, QWidget]:
        """The editor's outer layout (a bar goes below) and the body that scrolls in it."""
        outer, self.scroll_area, body = scroll_body(self, name)
        return outer, body

    def _bar(self, name: str) -> tuple[QFrame, QHBoxLayout]:
        """The frame of the bar under the form, which stays in view while it scrolls."""
        s = theme.SPACING
        bar = QFrame(self)
        bar.setObjectName(name)
        bar.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(s * 2, s, s * 2, s)
        return bar, layout

    def _bar_buttons(self, bar: QFrame, cancel_name: str, save_name: str, save_text: str) -> None:
        """Cancel and Save (the default button) on the bar."""
        self.cancel_button = QPushButton(self.tr("Cancel"), bar)
        self.cancel_button.setObjectName(cancel_name)
        self.save_button = QPushButton(save_text, bar)
        self.save_button.setObjectName(save_name)
        self.save_button.setDefault(True)

    def _text(self, parent: QWidget, lines: int) -> QPlainTextEdit:
        """A text box ``lines`` high, that Tab leaves like any other field."""
        return note_box(parent, lines)

    # -- which entry ---------------------------------------------------------------------

    def _edit(self, entry_id: str | None, revision: int | None) -> None:
        """Edit the saved entry ``entry_id`` as it was at ``revision`` (None: a new one)."""
        self._editing_id = entry_id
        self._expected_revision = revision

    def _edit_from_draft(self, data: dict[str, Any]) -> None:
        """The entry a draft was editing, if any (parts that can't be read are left out)."""
        editing = data.get("editing_id")
        revision = data.get("expected_revision")
        self._edit(
            editing if isinstance(editing, str) else None,
            revision if isinstance(revision, int) else None,
        )

    def _forget_entry(self) -> None:
        """Back to nothing: no entry, no draft, and no reply still on its way counts."""
        self._ops.forget(self)
        self._edit(None, None)
        self._saving = False
        self.touched = False
        self.draft_id = new_draft_id(self.DRAFT_PREFIX)

    def draft_json(self, fields: dict[str, Any], kind: str, **extra: Any) -> dict[str, Any]:
        """What a draft of this editor holds: the fields and which entry they edit."""
        return {
            "format": 1,
            "kind": kind,
            "editing_id": self._editing_id,
            "expected_revision": self._expected_revision,
            "fields": fields,
            **extra,
        }

    # -- saving --------------------------------------------------------------------------

    def _check_and_save(
        self, data: dict[str, Any], kind: str, entry_type: type[T], use_case: SaveCase[T]
    ) -> None:
        """Check ``data`` as an entry of ``kind`` (errors beside the fields); if it is
        sound, save it with ``use_case(journal, entry, editing=…, expected_revision=…,
        draft_id=…)``."""
        try:
            checked, _files = entry_from_dict({**data, "kind": kind})
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        assert isinstance(checked, entry_type)
        self._save_with(
            lambda j, editing, revision, draft_id: use_case(
                j, checked, editing=editing, expected_revision=revision, draft_id=draft_id
            )
        )

    def _save_with(self, job: SaveJob[T]) -> None:
        """Run the save use case ``job(journal, editing, revision, draft_id)``; then
        ``_after_save`` or ``_show_failure``."""
        self._saving = True
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Saving…"))
        editing, revision, draft_id = self._editing_id, self._expected_revision, self.draft_id
        is_new = editing is None
        self._ops.submit(
            lambda j: job(j, editing, revision, draft_id),
            lambda done: self._saved(done.value, is_new),
            self._save_failed,
            owner=self,
            key="save",
        )

    def _saved(self, saved: T, is_new: bool) -> None:
        self._saving = False
        self._after_save(saved, is_new)

    def _after_save(self, saved: T, is_new: bool) -> None:
        """Saved: the editor empties and says so (a subclass emits its signals)."""
        raise NotImplementedError

    def _save_failed(self, error: JournalError) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._show_failure(error)

    def _show_failure(self, error: JournalError) -> None:
        """Why the save didn't happen: beside the fields, or in the message line."""
        self.message.clear()
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        elif not isinstance(error, NotOpen):
            self.message.setText(error.message)

    def show_errors(self, errors: dict[str, str]) -> None:
        raise NotImplementedError

    # -- drafts --------------------------------------------------------------------------

    def _keep_draft(
        self,
        data: dict[str, Any],
        on_kept: Callable[[usecases.Changes], None] | None = None,
        on_error: Callable[[JournalError], None] | None = None,
    ) -> None:
        """Keep ``data`` as this editor's draft (queued before any lock closes the journal)."""
        draft_id = self.draft_id
        self._ops.submit(
            lambda j: usecases.keep_draft(j, draft_id, data),
            on_kept,
            on_error or _quiet,
            owner=self if on_kept is not None else None,
        )

    def _discard_draft(self, on_error: Callable[[JournalError], None] | None = None) -> None:
        draft_id = self.draft_id
        self._ops.submit(lambda j: usecases.discard_draft(j, draft_id), None, on_error or _quiet)

    def draft(self) -> Any:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        """Leave without saving: a draft of what was typed goes, and ``_left_unsaved``
        gets what it held."""
        if not self.is_open or self._saving:
            return
        left = self.draft() if self.touched else None
        if left is not None:
            self._discard_draft()
        self.clear()
        self.closed.emit()
        if left is not None:
            self._left_unsaved(left)

    def _left_unsaved(self, draft: Any) -> None:
        """What Cancel threw away, for an editor that offers to bring it back."""

    def prepare_lock(self) -> None:
        """Before locking: keep what was typed as a draft."""
        if self.is_open and self.touched and not self._saving:
            self._keep_draft(self.draft())


def _quiet(_error: JournalError) -> None:
    """A draft that couldn't be kept or thrown away: the journal is closing or closed."""


def drafts_under(prefix: str) -> Callable[[Journal], list[tuple[str, dict[str, Any]]]]:
    """A worker job: the drafts an editor kept under ``prefix``, as (draft id, its data)."""
    return lambda j: [(draft_id, data) for draft_id, _at, data in queries.drafts(j, prefix)]
