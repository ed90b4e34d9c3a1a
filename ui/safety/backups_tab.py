"""Settings → Backups: the automatic backups, a backup of your own, restoring, and the check.

The list shows each automatic backup's date and size at once. How many entries a
backup holds is only known by reading it, so the counts are filled in one by one on
the worker (each is remembered inside the journal, so this happens once per backup).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError
from journal.session import Journal
from ui import theme
from ui.kit.columns import button_row, column, scroll_area
from ui.kit.lifetime import if_alive
from ui.kit.named_widgets import check_box
from ui.operations import Change
from ui.safety.common import (
    BusyBar,
    entries_text,
    heading,
    paragraph,
    push_button,
    size_text,
    when,
)
from ui.safety.jobs import BackupRow, BackupsState, count_backup, entry_count, load_backups
from ui.safety.offsite_section import OffsiteSection
from ui.safety.services import SETTINGS_TAB

if TYPE_CHECKING:
    from journal.backup import BackupInfo
    from ui.safety.services import SafetyServices

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
BACKUPS_CHANGED = "backups"  # key in Change.extra when backups were made or removed


class BackupsTab(QWidget):
    def __init__(self, controller: SafetyServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ops = controller.ops
        self.setObjectName(SETTINGS_TAB)
        self.rows: list[BackupRow] = []
        self._to_count: list[BackupInfo] = []
        self._loading = False
        self._loaded_once = False
        s = theme.SPACING
        page = self._scrolling_page()

        self.automatic = check_box(
            self.tr("&Make backups automatically"),
            page,
            "automatic_backups",
            self.tr("Make automatic backups"),
        )
        self.automatic.setEnabled(False)
        intro = paragraph(
            self.tr(
                "Backups are encrypted and open with your recovery key. One is made when the "
                "journal closes, at most once a day; one is kept for each of the last 7 days you "
                "used the journal, then one a week for 4 weeks."
            ),
            page,
            "backups_intro",
        )
        self.table = self._backups_list(page)
        self.empty = paragraph(
            self.tr(
                "No automatic backups yet. The first one is made when the journal next closes "
                "(when you lock it or close the app)."
            ),
            page,
            "backups_empty",
        )
        self.empty.hide()
        restore_row = self._restore_rows(page)
        more, more_row, file_row = self._own_backup_rows(page)
        self.busy = BusyBar(page, "backups_busy")
        self.status = paragraph("", page, "backups_status")
        self.status.hide()

        top = heading(self.tr("Automatic backups"), page)
        self.offsite = OffsiteSection(self.controller, page)
        layout = column(
            page,
            top,
            intro,
            self.automatic,
            self.table,
            self.empty,
            restore_row,
            s,
            self.offsite,
            s,
            heading(self.tr("Your own backup, and a check"), page),
            more,
            more_row,
            file_row,
            self.busy,
            self.status,
            margins=2 * s,
        )
        layout.addStretch(1)
        self._connect()

    def _restore_rows(self, page: QWidget) -> QHBoxLayout:
        """Restore or check the chosen backup (and, placed lower down, restore from a file)."""
        self.restore_selected = push_button(
            self.tr("Restore the selected backup…"), page, "restore_selected"
        )
        self.restore_selected.setEnabled(False)
        self.restore_file = push_button(self.tr("Restore from a &file…"), page, "restore_from_file")
        self.check_selected = push_button(self.tr("Check &this backup…"), page, "check_selected")
        self.check_selected.setEnabled(False)
        return button_row(self.restore_selected, self.check_selected)

    def _scrolling_page(self) -> QWidget:
        """The tab scrolls when the settings dialog is small, rather than squeezing the list."""
        scroll, page = scroll_area(self, "backups_scroll", "backups_page")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return page

    def _backups_list(self, page: QWidget) -> QTreeWidget:
        """The automatic backups: when each was made, its size and how many entries."""
        s = theme.SPACING
        table = QTreeWidget(page)
        table.setObjectName("backups_list")
        table.setAccessibleName(self.tr("Automatic backups"))
        table.setHeaderLabels([self.tr("Made"), self.tr("Size"), self.tr("Entries")])
        table.setRootIsDecorated(False)
        table.setUniformRowHeights(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setMinimumHeight(10 * s)
        table.setMaximumHeight(15 * s)
        header = table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _own_backup_rows(self, page: QWidget) -> tuple[QLabel, QHBoxLayout, QHBoxLayout]:
        """Back up now and the checks: the note, then two rows of buttons."""
        self.backup_now = push_button(self.tr("&Back up now…"), page, "backup_now")
        self.verify_button = push_button(self.tr("Check the &journal…"), page, "verify_journal")
        more = paragraph(
            self.tr(
                "Back up now saves a backup wherever you choose, such as a USB stick kept "
                "somewhere safe. Checking makes sure nothing in the journal is damaged or was "
                "changed outside the app."
            ),
            page,
            "backups_more_intro",
        )
        more_row = button_row(self.backup_now, self.verify_button)
        self.check_file = push_button(self.tr("Check a backup fi&le…"), page, "check_backup_file")
        # Backups kept somewhere else (a USB stick, the off-laptop folder): two per row, so
        # the tab never needs scrolling sideways.
        file_row = button_row(self.restore_file, self.check_file)
        return more, more_row, file_row

    def _connect(self) -> None:
        self.automatic.toggled.connect(self._automatic_toggled)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemActivated.connect(lambda _item, _col: self._restore_selected())
        self.restore_selected.clicked.connect(self._restore_selected)
        self.restore_file.clicked.connect(lambda: self.controller.restore(None, self))
        self.backup_now.clicked.connect(self._back_up_now)
        self.verify_button.clicked.connect(lambda: self.controller.verify(self))
        self.check_selected.clicked.connect(self._check_selected)
        self.check_file.clicked.connect(lambda: self.controller.check_backup(None, self))
        self.ops.changed.connect(self._changed)

    # -- the list ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.reload()  # only when the tab is first looked at: counting reads every backup

    def reload(self) -> None:
        self._loaded_once = True
        self._loading = True
        self.offsite.reload()
        self.ops.submit(load_backups, if_alive(self, self._loaded), if_alive(self, self._failed))

    def _changed(self, change: Change) -> None:
        if change.extra.get(BACKUPS_CHANGED) and self.ops.is_open:
            self.reload()

    def _loaded(self, state: BackupsState) -> None:
        self._loading = False
        self.automatic.blockSignals(True)
        self.automatic.setChecked(state.automatic)
        self.automatic.blockSignals(False)
        self.automatic.setEnabled(True)
        self.rows = list(state.rows)
        self.table.clear()
        for row in self.rows:
            item = QTreeWidgetItem(
                [when(row.info.created_at), size_text(row.info.size), self._entries(row)]
            )
            item.setData(0, PATH_ROLE, str(row.info.path))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        has_rows = bool(self.rows)
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        self._selection_changed()
        self._to_count = [r.info for r in self.rows if r.entries is None and r.same_journal]
        self._count_next()

    def _entries(self, row: BackupRow) -> str:
        if not row.same_journal:
            return self.tr("Another journal")
        if row.entries is None:
            return self.tr("Counting…")
        return entries_text(row.entries)

    def _count_next(self) -> None:
        """One backup at a time, so anything the person does meanwhile isn't kept waiting."""
        if not self._to_count or not self.ops.is_open:
            return
        info = self._to_count.pop(0)

        def counted(entries: int | None) -> None:
            self._counted(info, entries)

        self.ops.submit(lambda j: count_backup(j, info), if_alive(self, counted), lambda _e: None)

    def _counted(self, info: BackupInfo, entries: int | None) -> None:
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item is not None and item.data(0, PATH_ROLE) == str(info.path):
                item.setText(2, entries_text(entries) if entries is not None else "—")
        self._count_next()

    def _selection_changed(self) -> None:
        self.restore_selected.setEnabled(bool(self.table.selectedItems()))
        self.check_selected.setEnabled(bool(self.table.selectedItems()))

    def _check_selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.controller.check_backup(Path(items[0].data(0, PATH_ROLE)), self)

    def _restore_selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.controller.restore(Path(items[0].data(0, PATH_ROLE)), self)

    def _failed(self, error: JournalError) -> None:
        self._loading = False
        self.busy.stop()
        self._set_buttons(True)
        self._say(error.message)

    # -- automatic backups -----------------------------------------------------------------------

    def _automatic_toggled(self, on: bool) -> None:
        from journal.backup import set_automatic

        def saved(_none: None) -> None:
            self._say(
                self.tr("Automatic backups are on.")
                if on
                else self.tr(
                    "Automatic backups are off. Remember to make a backup of your own now and then."
                )
            )

        self.ops.submit(
            lambda j: set_automatic(j, on), if_alive(self, saved), if_alive(self, self._failed)
        )

    # -- a backup of your own -------------------------------------------------------------------

    def _set_buttons(self, enabled: bool) -> None:
        for button in (self.backup_now, self.verify_button, self.restore_file):
            button.setEnabled(enabled)
        self.restore_selected.setEnabled(enabled and bool(self.table.selectedItems()))
        self.check_selected.setEnabled(enabled and bool(self.table.selectedItems()))

    def _back_up_now(self) -> None:
        target = self.controller.ask_backup_target(self)
        if target is None:
            return
        from journal.backup import write_backup

        def job(j: Journal) -> tuple[Path, int]:
            info = write_backup(j, target)
            return info.path, entry_count(j)

        self._say("")
        self._set_buttons(False)
        self.busy.start(self.tr("Writing an encrypted backup…"))
        self.ops.submit(job, if_alive(self, self._backed_up), if_alive(self, self._failed))

    def _backed_up(self, result: tuple[Path, int]) -> None:
        path, entries = result
        self.busy.stop()
        self._set_buttons(True)
        self._say(
            self.tr(
                "Saved an encrypted backup of {entries} as “{name}”. It opens with your recovery "
                "key: keep it somewhere safe, away from this computer."
            ).format(entries=entries_text(entries), name=path.name)
        )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- locking --------------------------------------------------------------------------------

    def clear(self) -> None:
        self.table.clear()
        self.rows = []
        self._to_count = []
        self.busy.stop()
        self._say("")
        self.offsite.clear()
