""" "Import screenshots…": many pictures from a phone at once, reviewed before anything is saved.

Files come from the file picker, a whole folder, or a drag onto the incidents list.
Reading, dating and hashing happen on the worker with progress (and can be
cancelled); the review shows each picture blurred, when it was taken and how that
is known, and which are already in the journal. Saving is one core call
(``journal.screenshots.save_import``) in one transaction.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError
from journal.screenshots import (
    IMAGE_SUFFIXES,
    ImportPlan,
    ImportResult,
    ScreenshotFile,
    read_files,
    save_import,
)
from journal.session import Journal
from ui import theme
from ui.incidents.evidence import thumbnail, thumbnail_pixmap
from ui.kit import labels
from ui.kit.dialog_buttons import StandardButton, dialog_buttons
from ui.kit.progress import job_progress
from ui.operations import Change, Operations

ICON = 64


class ImportCancelled(JournalError):
    default_message = "The import was cancelled. Nothing was saved."


def _thumb(shot: ScreenshotFile) -> QImage | None:
    """A small copy for the review (on the worker). HEIC goes through Pillow first."""
    data = shot.data
    if shot.mime == "image/heic":
        try:
            from PIL import Image

            image: Any = Image.open(io.BytesIO(data))
            image.thumbnail((320, 320))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG")
            data = out.getvalue()
        except (OSError, ValueError):
            return None
    return thumbnail(data)


def local_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


class DropToImport(QObject):
    """Lets a widget (the incidents list) take dropped files or folders as an import."""

    def __init__(self, target: QWidget, on_drop: Callable[[list[Path]], None]) -> None:
        super().__init__(target)
        self._on_drop = on_drop
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDropEvent) and event.type() in (
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
        ):
            paths = local_files(event)
            if not paths:
                return False
            event.acceptProposedAction()
            if event.type() == QEvent.Type.Drop:
                self._on_drop(paths)
            return True
        return super().eventFilter(watched, event)


class ImportDialog(QDialog):
    """The review: blurred pictures, their times, one incident each or one for all."""

    imported = Signal(object)  # ImportResult
    _progress = Signal(int, int)

    def __init__(
        self, ops: Operations, paths: list[Path] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import screenshots"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ops = ops
        self._paths: list[Path] = []
        self._plan: ImportPlan | None = None
        self._thumbs: dict[str, QImage | None] = {}
        self._cancel = False
        self._busy = False
        self._saving = False
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setSpacing(s)
        intro = QLabel(
            self.tr(
                "Choose the screenshots you synced or emailed from your phone. Each is kept "
                "exactly as it is, with its fingerprint (SHA-256); nothing is saved until you "
                "choose Import. Pictures stay blurred unless you choose to see them."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self._build_pick_and_list(layout)
        self._build_choice_and_buttons(layout)

        self.add_files_button.clicked.connect(self._pick_files)
        self.add_folder_button.clicked.connect(self._pick_folder)
        self.reveal.toggled.connect(self._redraw)
        self.import_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self._progress.connect(self._show_progress)
        # Asking for files and folders: replaced in tests, like every other dialog.
        self.ask_files: Callable[[], list[Path]] = self._ask_files
        self.ask_folder: Callable[[], Path | None] = self._ask_folder
        self._sync()
        if paths:
            self.add_paths(paths)

    def _build_pick_and_list(self, layout: QVBoxLayout) -> None:
        """Adding files or a folder, showing the pictures, the progress and the list."""
        pick = QHBoxLayout()
        self.add_files_button = QPushButton(self.tr("Add &files…"), self)
        self.add_files_button.setObjectName("importAddFiles")
        self.add_folder_button = QPushButton(self.tr("Add a f&older…"), self)
        self.add_folder_button.setObjectName("importAddFolder")
        self.reveal = QCheckBox(self.tr("&Show the pictures"), self)
        self.reveal.setObjectName("importReveal")
        pick.addWidget(self.add_files_button)
        pick.addWidget(self.add_folder_button)
        pick.addStretch(1)
        pick.addWidget(self.reveal)
        layout.addLayout(pick)
        self.progress = job_progress(self, "importProgress", self.tr("Reading the pictures"))
        layout.addWidget(self.progress)
        self.list = QListWidget(self)
        self.list.setObjectName("importList")
        self.list.setAccessibleName(self.tr("Pictures to import"))
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setMinimumSize(520, 260)
        layout.addWidget(self.list, 1)
        self.status = QLabel(self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def _build_choice_and_buttons(self, layout: QVBoxLayout) -> None:
        """One incident for each picture or one for all; Import and Cancel."""
        self.per_picture = QRadioButton(self.tr("One incident for &each picture"), self)
        self.per_picture.setObjectName("importPerPicture")
        self.one_for_all = QRadioButton(self.tr("One incident for &all of them"), self)
        self.one_for_all.setObjectName("importOneForAll")
        self.per_picture.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.per_picture)
        group.addButton(self.one_for_all)
        layout.addWidget(self.per_picture)
        layout.addWidget(self.one_for_all)
        self.buttons, self.import_button, self.cancel_button = dialog_buttons(
            self, self.tr("&Import"), "importConfirm", StandardButton.Cancel, "importCancel"
        )
        layout.addWidget(self.buttons)

    # -- choosing ------------------------------------------------------------------------

    def _ask_files(self) -> list[Path]:
        patterns = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose screenshots"), "", self.tr("Pictures ({0})").format(patterns)
        )
        return [Path(n) for n in names]

    def _ask_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of screenshots"))
        return Path(folder) if folder else None

    def _pick_files(self) -> None:
        paths = self.ask_files()
        if paths:
            self.add_paths(paths)

    def _pick_folder(self) -> None:
        folder = self.ask_folder()
        if folder is not None:
            self.add_paths([folder])

    def add_paths(self, paths: list[Path]) -> None:
        """Read (again) everything chosen so far, on the worker, with progress."""
        self._paths = list(dict.fromkeys([*self._paths, *paths]))
        chosen = list(self._paths)
        self._cancel = False
        self._set_busy(True, self.tr("Reading the pictures…"))

        def progress(done: int, total: int) -> None:
            if self._cancel:
                raise ImportCancelled()
            self._progress.emit(done, total)

        def job(j: Journal) -> tuple[ImportPlan, dict[str, QImage | None]]:
            thumbs: dict[str, QImage | None] = {}

            def keep_thumb(shot: ScreenshotFile) -> None:
                thumbs[shot.sha256] = _thumb(shot)

            plan = read_files(j.repo, chosen, progress=progress, on_read=keep_thumb)
            return plan, thumbs

        self._ops.submit(
            job,
            lambda result: self._read(*result),
            self._failed,
            owner=self,
            key="read",
        )

    def _read(self, plan: ImportPlan, thumbs: dict[str, QImage | None]) -> None:
        self._plan = plan
        self._thumbs = thumbs
        self._set_busy(False)
        self._redraw()

    def _failed(self, error: JournalError) -> None:
        self._set_busy(False)
        self.status.setText(error.message)

    # -- showing -------------------------------------------------------------------------

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.status.setText(text)
        self._sync()

    def _redraw(self, *_: object) -> None:
        self.list.clear()
        plan = self._plan
        if plan is None:
            self._sync()
            return
        reveal = self.reveal.isChecked()
        for shot in plan.files:
            when = labels.date_time(shot.taken_at)
            text = self.tr("{name}\nTaken {when}, from {source}").format(
                name=shot.filename, when=when, source=self.tr(shot.taken_from_label)
            )
            if shot.duplicate_of:
                text += "\n" + self.tr("Already in your journal: it won't be stored again.")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, shot.sha256)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ". "))
            image = self._thumbs.get(shot.sha256)
            if image is not None:
                item.setIcon(QIcon(thumbnail_pixmap(image, reveal, ICON)))
            self.list.addItem(item)
        new = len(plan.new_files)
        parts = [
            self.tr("{0} new picture(s) to import.").format(new)
            if new
            else self.tr("Every picture here is already in your journal.")
        ]
        if plan.duplicates:
            parts.append(self.tr("{0} already in your journal.").format(len(plan.duplicates)))
        for skipped in plan.skipped:
            parts.append(skipped.reason)
        self.status.setText(" ".join(parts))
        self._sync()

    def _sync(self) -> None:
        ready = not self._busy and self._plan is not None and bool(self._plan.new_files)
        self.import_button.setEnabled(ready)
        for widget in (self.add_files_button, self.add_folder_button):
            widget.setEnabled(not self._busy)

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        plan = self._plan
        if plan is None or not plan.new_files or self._busy:
            return
        one = self.one_for_all.isChecked()
        self._saving = True
        self._set_busy(True, self.tr("Saving…"))

        def change(result: ImportResult) -> Change:
            ids = tuple(i.id for i, _ in result.incidents)
            return Change(kinds=frozenset({"incident"}), ids=ids, selected=ids[0] if ids else None)

        def failed(error: JournalError) -> None:
            self._saving = False
            if shiboken6.isValid(self):
                self._set_busy(False)
                self.status.setText(error.message)

        self._ops.submit(
            lambda j: save_import(j.repo, plan, one_incident=one),
            self._saved,
            failed,
            change=change,
        )

    def _saved(self, result: ImportResult) -> None:
        self._saving = False
        self._set_busy(False)
        self.imported.emit(result)
        self.accept()

    def reject(self) -> None:
        if self._saving:
            return  # one transaction, almost done: the dialog closes when it is
        self._cancel = True  # reading stops after the file it is on
        super().reject()

    def closeEvent(self, event: Any) -> None:
        self._cancel = True
        self.list.clear()
        super().closeEvent(event)
