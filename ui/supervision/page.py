"""The supervision page: preparing, supervision mode itself, and the records.

Normal view (only the practitioner): "Prepare" (the period, what will show, what to
leave out, the button that starts supervision mode) and "Past records" (each record,
its actions to tick done, and the summary for the supervision file).

Supervision mode (on a shared screen): only the session view, filled from the core's
supervision view. Entering it empties the normal view's widgets, so nothing left out
or kept private is even held by a hidden widget while the screen is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from journal import usecases
from journal.errors import JournalError
from journal.session import Journal
from journal.supervision import RecordInfo, SupervisionView
from ui import theme
from ui.kit.draft_offer import DraftOffer
from ui.kit.forms import heading, quiet
from ui.kit.layouts import flush_column
from ui.kit.notice_bar import NoticeBar
from ui.operations import Change, NotOpen, Operations
from ui.supervision.data import (
    DRAFT_PREFIX,
    Preparation,
    PrepareData,
    RecordDetail,
    RecordStart,
    load_prepare,
    load_record_detail,
    load_records,
    load_session,
    save_preparation,
    start_edit_record,
    start_new_record,
)
from ui.supervision.prepare import PrepareView
from ui.supervision.record import RecordEditor, RecordsView
from ui.supervision.session import SessionView

REFRESH_DELAY_MS = 200
WATCHED_KINDS = frozenset({"incident", "checkin", "search", "supervision"})
T = TypeVar("T")


class Shell(Protocol):
    """What the page needs from the main window."""

    supervision_mode: bool

    def set_supervision_mode(self, on: bool) -> None: ...
    def open_link(self, link: str) -> bool: ...


class SupervisionPage(QWidget):
    def __init__(self, ops: Operations, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisionPage")
        self._ops = ops
        self._shell = shell
        self._active = False
        self._session_mode = False
        self._preparation = Preparation()
        self._select_record: str | None = None
        self.last_summary: Any = None  # the last SummaryResult (for tests and the notice)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh)
        self._build()
        self._ops.changed.connect(self._journal_changed)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        s = theme.SPACING
        outer = flush_column(self, 0)
        self.notice = NoticeBar("supervisionNotice", self)
        self.drafts = DraftOffer(
            self._ops,
            self.notice,
            self.tr("You have a supervision record you hadn't finished when the journal locked."),
            self._resume,
            lambda: not (self.editor.is_open or self._session_mode),
            self._quiet,
        )
        outer.addWidget(self.notice)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)

        normal = QWidget(self)
        normal.setObjectName("supervisionNormal")
        layout = QVBoxLayout(normal)
        layout.setContentsMargins(s * 3, s * 2, s * 3, 0)
        layout.setSpacing(s)
        top = QHBoxLayout()
        titles = flush_column(spacing=s // 2)
        titles.addWidget(heading(self.tr("Supervision"), normal, scale=1.3, name="pageTitle"))
        subtitle = quiet(
            QLabel(
                self.tr("Prepare for your one-to-one, show it safely on a shared screen, and "
                        "keep a record of what you agreed."),
                normal,
            )
        )  # fmt: skip
        subtitle.setWordWrap(True)
        titles.addWidget(subtitle)
        top.addLayout(titles, 1)
        layout.addLayout(top)
        self.tabs = QTabBar(normal)
        self.tabs.setObjectName("supervisionTabs")
        self.tabs.setAccessibleName(self.tr("Supervision views"))
        self.tabs.addTab(self.tr("Prepare"))
        self.tabs.addTab(self.tr("Past records"))
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        layout.addWidget(self.tabs)
        self.views = QStackedWidget(normal)
        self.prepare = PrepareView(self.views)
        self.records = RecordsView(self.views)
        self.views.addWidget(self.prepare)
        self.views.addWidget(self.records)
        layout.addWidget(self.views, 1)
        self.tabs.currentChanged.connect(self.views.setCurrentIndex)
        self.normal = normal
        self.stack.addWidget(normal)

        self.session = SessionView(self)
        self.stack.addWidget(self.session)
        self.editor = RecordEditor(self._ops, self)
        self.stack.addWidget(self.editor)

        self.prepare.exclusions_changed.connect(self._exclusions_changed)
        self.prepare.period_changed.connect(self._period_changed)
        self.prepare.start_requested.connect(self.start_supervision)
        self.prepare.link_requested.connect(lambda name: self._shell.open_link(f"app:{name}"))
        self.prepare.agreed_actions.done_toggled.connect(self.set_action_done)
        self.session.record_requested.connect(self.new_record)
        self.session.action_toggled.connect(self.set_action_done)
        self.records.record_chosen.connect(self._show_record)
        self.records.edit_requested.connect(self.edit_record)
        self.records.summary_requested.connect(self.save_summary)
        self.records.new_requested.connect(self.new_record)
        self.records.action_toggled.connect(self.set_action_done)
        self.editor.saved.connect(self._record_saved)
        self.editor.closed.connect(self._editor_closed)

    # -- the contract with the main window -----------------------------------------------

    def reload(self) -> None:
        self._active = True
        self._ops.forget(self)
        self._session_mode = bool(self._shell.supervision_mode)
        if self._session_mode:
            self.stack.setCurrentWidget(self.session)
            self._load_session()
            return
        self.stack.setCurrentWidget(self.normal)
        self._load_normal()
        self.drafts.load(DRAFT_PREFIX, owner=self)

    def prepare_lock(self) -> None:
        self.editor.prepare_lock()

    def clear(self) -> None:
        """On lock: every view, the editor and the notice hold nothing."""
        self._active = False
        self._ops.forget(self)
        self._refresh_timer.stop()
        self._session_mode = False
        self._preparation = Preparation()
        self._select_record = None
        self.drafts.clear()
        self.prepare.clear()
        self.records.clear()
        self.session.clear()
        self.editor.clear()
        self.notice.dismiss()
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentWidget(self.normal)

    def set_mode(self, on: bool) -> None:
        """Supervision mode turned on or off (from the window's banner or the button)."""
        if not self._active or on == self._session_mode:
            return
        self._ops.forget(self)
        self._session_mode = on
        self._refresh_timer.stop()
        self.notice.dismiss()
        if on:
            # Nothing left out or kept private stays in any widget, shown or hidden.
            self.prepare.clear()
            self.records.clear()
            if self.editor.is_open and not self.editor.is_new:
                self.editor.clear()
            self.stack.setCurrentWidget(self.session)
            self._load_session()
        else:
            self.session.clear()
            self.stack.setCurrentWidget(self.editor if self.editor.is_open else self.normal)
            self._load_normal()

    def show_prepare(self) -> None:
        if not self._session_mode:
            self.tabs.setCurrentIndex(0)
            if not self.editor.is_open:
                self.stack.setCurrentWidget(self.normal)

    def show_records(self) -> None:
        if not self._session_mode:
            self.tabs.setCurrentIndex(1)
            if not self.editor.is_open:
                self.stack.setCurrentWidget(self.normal)

    # -- loading -------------------------------------------------------------------------

    def _quiet(self, error: JournalError) -> None:
        if not isinstance(error, NotOpen):
            self._ops.failed.emit(error)

    def _load(self, fn: Callable[[Journal], T], loaded: Callable[[T], None]) -> None:
        """Load for this page: the reply is dropped once the page moved on or locked."""

        def call(value: T) -> None:
            if self._active:
                loaded(value)

        self._ops.submit(fn, call, self._quiet, owner=self)

    def _load_session(self) -> None:
        self._load(load_session, self._session_loaded)

    def _session_loaded(self, view: SupervisionView) -> None:
        if self._session_mode:
            self.session.show_view(view)

    def _load_normal(self, since: date | str | None = "saved") -> None:
        self._load(lambda j: load_prepare(j, since), self._prepare_loaded)
        self._load(load_records, self._records_loaded)

    def _prepare_loaded(self, data: PrepareData) -> None:
        if self._session_mode:
            return
        self._preparation = data.preparation
        self.prepare.show_data(data)

    def _records_loaded(self, infos: list[RecordInfo]) -> None:
        if self._session_mode:
            return
        select, self._select_record = self._select_record, None
        self.records.set_records(infos, select)

    def _show_record(self, record_id: str) -> None:
        if self._session_mode:
            return
        self._load(lambda j: load_record_detail(j, record_id), self._detail_loaded)

    def _detail_loaded(self, detail: RecordDetail) -> None:
        if not self._session_mode and self.records.list.currentItem() is not None:
            self.records.show_detail(detail)

    def _journal_changed(self, change: Change) -> None:
        if self._active and change.kinds & WATCHED_KINDS:
            if change.selected and "supervision" in change.kinds:
                self._select_record = change.selected
            self._refresh_timer.start()

    def _refresh(self) -> None:
        if not self._active:
            return
        if self._session_mode:
            self._load_session()
        else:
            self._load_normal()

    # -- preparing -----------------------------------------------------------------------

    def _exclusions_changed(self, ids: set[str]) -> None:
        self._preparation = Preparation(self._preparation.since, frozenset(ids))
        preparation = self._preparation
        self._ops.submit(lambda j: save_preparation(j, preparation), None, self._quiet)

    def _period_changed(self, since: date | None) -> None:
        self._ops.forget(self)
        self._load(lambda j: load_prepare(j, since), self._prepare_loaded)

    def start_supervision(self) -> None:
        """Save the ticks, then turn supervision mode on (the session loads after the save)."""
        if not self._active or self._session_mode:
            return
        self._exclusions_changed(self.prepare.excluded())
        self._shell.set_supervision_mode(True)

    # -- actions -------------------------------------------------------------------------

    def set_action_done(self, record_id: str, index: int, done: bool) -> None:
        self._ops.submit(
            lambda j: usecases.set_action_done(j, record_id, index, done=done),
            None,
            self._action_failed,
        )

    def _action_failed(self, error: JournalError) -> None:
        if isinstance(error, NotOpen):
            return
        self.notice.show_notice(error.message)
        self._refresh_timer.start()

    # -- the record ------------------------------------------------------------------------

    def new_record(self) -> None:
        if not self._active:
            return
        if self.editor.is_open and self.editor.is_new:
            self.stack.setCurrentWidget(self.editor)
            return
        self._load(start_new_record, self._open_editor)

    def edit_record(self, record_id: str) -> None:
        if not self._active or self._session_mode:
            return
        self._load(lambda j: start_edit_record(j, record_id), self._open_editor)

    def _open_editor(self, start: RecordStart) -> None:
        if self.editor.is_open and self.editor.touched:
            self.stack.setCurrentWidget(self.editor)
            self.editor.message.setText(
                self.tr("Finish or cancel this record before starting another.")
            )
            return
        self.notice.dismiss()
        self.editor.start(start)
        self.stack.setCurrentWidget(self.editor)

    def _record_saved(self, record_id: str, is_new: bool) -> None:
        self._select_record = record_id
        text = (
            self.tr("The supervision record is saved.")
            if is_new
            else self.tr("Your changes to the record are saved.")
        )
        self.notice.show_notice(
            text,
            (self.tr("Save a summary for the supervision file"),
             lambda: self.save_summary(record_id)),
        )  # fmt: skip
        if not self._session_mode:
            self.tabs.setCurrentIndex(1)

    def _editor_closed(self) -> None:
        self.stack.setCurrentWidget(self.session if self._session_mode else self.normal)

    # -- the summary for the supervision file ---------------------------------------------

    def choose_summary_folder(self) -> Path | None:
        """Where to save a summary. Tests replace this method."""
        start = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a folder for the summary"), start
        )
        return Path(folder) if folder else None

    def save_summary(self, record_id: str) -> None:
        if not self._active:
            return
        folder = self.choose_summary_folder()
        if folder is None:
            return
        self.notice.show_notice(self.tr("Saving the summary…"))

        def job(j: Journal) -> Any:
            from journal.export.supervision_summary import export_supervision_summary

            return export_supervision_summary(j, record_id, folder, ("pdf", "json"))

        def done(result: Any) -> None:
            self.last_summary = result
            if not self._active:
                return
            names = " and ".join(path.name for path in result.files.values())
            self.notice.show_notice(
                self.tr("The summary is saved in {folder}: {names}.").format(
                    folder=folder, names=names
                ),
                (self.tr("Show the folder"), lambda: self.open_folder(folder)),
            )

        def failed(error: JournalError) -> None:
            if not isinstance(error, NotOpen):
                self.notice.show_notice(error.message)

        self._ops.submit(job, done, failed, owner=self)

    def open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- drafts ------------------------------------------------------------------------------

    def _resume(self, draft_id: str, data: dict[str, Any]) -> None:
        self.editor.start_from_draft(draft_id, data)
        self.stack.setCurrentWidget(self.editor)
