"""The main window: toolbar, navigation, pages, status bar; the unlock screen while locked.

Locking (Ctrl+L, the toolbar, or after idle time) asks every page to save its draft,
then to clear itself, then closes the journal, so the window holds no journal text
while the unlock screen shows. The window title is always just the app's name.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QWidget,
)

from journal import APP_NAME, queries
from journal.errors import JournalError
from journal.idle_lock import DEFAULT_LOCK_MINUTES, clamp_lock_minutes
from ui import theme
from ui.kit.columns import column
from ui.kit.lazy_page import LazyPage
from ui.kit.lifetime import if_alive
from ui.operations import Change, Operations
from ui.placeholder_pages import PlaceholderPage, page_texts
from ui.unlock import UnlockScreen

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
SEPARATOR_ROLE = Qt.ItemDataRole.UserRole + 2
KEY_ROLE = Qt.ItemDataRole.UserRole + 3
_ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class SupervisionBanner(QFrame):
    """The unmistakable sign that supervision mode is on, with the way out."""

    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervision_banner")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, theme.SUPERVISION_BANNER)
        palette.setColor(QPalette.ColorRole.WindowText, theme.SUPERVISION_BANNER_TEXT)
        self.setPalette(palette)
        s = theme.SPACING
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2 * s, s, 2 * s, s)
        label = QLabel(
            self.tr(
                "Supervision mode is on. Private notes and entries you left out are hidden, "
                "so this screen is safe to share."
            ),
            self,
        )
        label.setObjectName("supervision_banner_text")
        label.setWordWrap(True)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        leave = QPushButton(self.tr("Leave supervision mode"), self)
        leave.setObjectName("leave_supervision")
        leave.setAccessibleName(leave.text())
        leave.clicked.connect(self.leave_requested)
        layout.addWidget(label, 1)
        layout.addWidget(leave)


class JournalPage(Protocol):
    """What the main window needs from a page that shows journal data."""

    def reload(self) -> None: ...
    def prepare_lock(self) -> None: ...
    def clear(self) -> None: ...


# What a shared screen in supervision mode must not open (action or link name: its words).
CLOSED_IN_SUPERVISION = {
    "settings": "Settings",
    "send_to_manager": "Sending to your manager",
    "report_now": "Reporting to your manager",
    "report-to-manager": "Sending to your manager",
    "backups": "Backups",
    "restore_backup": "Restoring a backup",
    "verify": "Checking the journal",
}


class ActivityWatcher(QObject):
    """An application-wide event filter: any key or pointer input counts as activity."""

    activity = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY_EVENTS:
            self.activity.emit()
        return False


def draw_focus_ring(painter: QPainter, option: QStyleOptionViewItem) -> None:
    """A 2 px ring in the text colour: the style's dotted line is hard to see on the
    selected row."""
    painter.save()
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.WindowText
    pen = QPen(option.palette.color(role))
    pen.setWidth(FOCUS_RING_WIDTH)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(option.rect.adjusted(2, 2, -3, -3))
    painter.restore()


FOCUS_RING_WIDTH = 2


class NavDelegate(QStyledItemDelegate):
    """Navigation rows: a count badge on the right, and a thin line as a separator."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        if index.data(SEPARATOR_ROLE):
            return QSize(option.rect.width(), 2 * theme.SPACING)
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), 4 * theme.SPACING))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if index.data(SEPARATOR_ROLE):
            painter.save()
            painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
            y = option.rect.center().y()
            painter.drawLine(
                option.rect.left() + theme.SPACING, y, option.rect.right() - theme.SPACING, y
            )
            painter.restore()
            return
        super().paint(painter, option, index)
        if option.state & QStyle.StateFlag.State_HasFocus:
            draw_focus_ring(painter, option)
        count = index.data(COUNT_ROLE)
        if count is None:
            return
        text = str(count)
        painter.save()
        metrics = option.fontMetrics
        width = max(metrics.horizontalAdvance(text) + 2 * theme.SPACING, 3 * theme.SPACING)
        height = metrics.height() + theme.SPACING // 2
        rect = QRect(
            option.rect.right() - width - theme.SPACING,
            option.rect.center().y() - height // 2 + 1,
            width,
            height,
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        background = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Mid
        )
        foreground = option.palette.color(
            QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.WindowText
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(foreground)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


def _default_incidents_page(ops: Operations, parent: QWidget) -> QWidget:
    from ui.incidents.page import IncidentsPage

    return IncidentsPage(ops, parent)


class MainWindow(QMainWindow):
    """One window for the whole app. Starts locked unless told the journal is already open."""

    locked = Signal()
    unlocked = Signal()
    supervision_mode_changed = Signal(bool)

    def __init__(
        self,
        ops: Operations,
        *,
        incidents_factory: Callable[[Operations, QWidget], QWidget] | None = None,
        geometry: QSettings | None = None,
        minute_ms: int = 60_000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self._geometry = geometry
        self.minute_ms = minute_ms
        self.lock_after_minutes = DEFAULT_LOCK_MINUTES
        self.is_locked = True
        self.settings_dialog: QDialog | None = None
        self._entry_count: int | None = None
        self._icons: list[tuple[QAction | QListWidgetItem, str]] = []
        self.setObjectName("main_window")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(theme.icon("app"))
        self.setAccessibleName(APP_NAME)
        s = theme.SPACING

        self._build_body(incidents_factory)
        self._build_toolbar()
        self._build_status_bar()
        self._connect_page()
        self._register_default_links()

        self._start_idle_lock()
        self.unlock_screen.unlocked.connect(self._after_unlock)
        ops.changed.connect(self._on_changed)
        self.resize(135 * s, 90 * s)
        self._restore_geometry()
        self._show_locked_chrome()

        from ui.extensions import install_all

        install_all(self)

    # -- building -----------------------------------------------------------------------

    def _build_body(
        self, incidents_factory: Callable[[Operations, QWidget], QWidget] | None
    ) -> None:
        """The unlock screen and the body (sections, pages, notices), one shown at a time."""
        s = theme.SPACING
        ops = self.ops
        self.stack = QStackedWidget(self)
        self.unlock_screen = UnlockScreen(ops, self.stack)
        self.body = QWidget(self.stack)
        self.body.setObjectName("body")
        self.stack.addWidget(self.unlock_screen)
        self.stack.addWidget(self.body)
        self.setCentralWidget(self.stack)

        # Navigation and pages.
        self.nav = QListWidget(self.body)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setItemDelegate(NavDelegate(self.nav))
        self.nav.setFixedWidth(26 * s)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(1)
        self.pages = QStackedWidget(self.body)
        self.pages.setObjectName("pages")
        factory = incidents_factory or _default_incidents_page
        self.incidents = factory(ops, self.pages)
        self.journal_pages: list[Any] = [self.incidents]
        self._page_for_key: dict[str, QWidget] = {}
        self._add_nav("incidents", self.tr("Incidents"), "incidents", self.incidents)
        for text in page_texts():
            if text.key == "support":
                separator = QListWidgetItem(self.nav)
                separator.setData(SEPARATOR_ROLE, True)
                separator.setFlags(Qt.ItemFlag.NoItemFlags)
                separator.setData(Qt.ItemDataRole.AccessibleTextRole, self.tr("Separator"))
            self._add_nav(text.key, text.title, text.icon, PlaceholderPage(text, self.pages))
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._actions: dict[str, Callable[..., None]] = {}
        self._links: dict[str, Callable[[], None]] = {}
        self.supervision_mode = False
        self.supervision_banner = SupervisionBanner(self.body)
        self.supervision_banner.leave_requested.connect(lambda: self.set_supervision_mode(False))
        self.supervision_banner.hide()
        self.notices = column(None, spacing=0)
        right = column(None, self.notices, spacing=0)
        right.addWidget(self.pages, 1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addLayout(right, 1)
        body_layout = column(self.body, self.supervision_banner, spacing=0)
        body_layout.addLayout(row, 1)

    def _start_idle_lock(self) -> None:
        """Any key or click anywhere in the app counts as activity; a tick checks the time."""
        self._idle = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._on_tick)
        self.watcher = ActivityWatcher(self)
        self.watcher.activity.connect(self.note_activity)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.watcher)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(150)
        self._count_timer.timeout.connect(self.refresh_counts)

    def _add_nav(self, key: str, title: str, icon_name: str, page: QWidget) -> None:
        item = QListWidgetItem(theme.icon(icon_name), title, self.nav)
        self._icons.append((item, icon_name))
        item.setData(KEY_ROLE, key)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        self.pages.addWidget(page)
        self._page_for_key[key] = page

    def _action(
        self, name: str, text: str, icon_name: str, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(theme.icon(icon_name), text, self)
        action.setObjectName(name)
        self._icons.append((action, icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(
                f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        return action

    def _build_toolbar(self) -> None:
        s = theme.SPACING
        bar = QToolBar(self.tr("Main toolbar"), self)
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(QSize(20, 20))
        bar.setContentsMargins(s, s // 2, s, s // 2)
        self.toolbar = bar

        self.new_action = self._action("new_incident", self.tr("New incident"), "add", "Ctrl+N")
        self.new_action.triggered.connect(self.new_incident)
        self.checkin_action = self._action("check_in", self.tr("Check-in"), "check", "Ctrl+Shift+K")
        self.checkin_action.setToolTip(self.tr("Check-ins are coming in a later version"))
        self.checkin_action.setEnabled(False)
        self.search_box = self._build_search_box(bar)
        self.find_action = QAction(self.tr("Search"), self)
        self.find_action.setObjectName("find")
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.send_action = self._action("send_to_manager", self.tr("Send to manager"), "send")
        self.send_action.setToolTip(
            self.tr("Sending a report to your manager is coming in a later version")
        )
        self.send_action.setEnabled(False)
        self.settings_action = self._action("settings", self.tr("Settings"), "settings", "Ctrl+,")
        self.settings_action.triggered.connect(self.open_settings)
        self.lock_action = self._action("lock", self.tr("Lock"), "lock", "Ctrl+L")
        # Ctrl+L also works from dialogs over the window (settings, editors).
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)

        # Ctrl+Q everywhere (Windows has no standard Quit key); closing saves drafts and
        # closes the journal first.
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.setObjectName("quit")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.triggered.connect(self.close)
        self.addAction(self.quit_action)
        self._fill_toolbar(bar)

    def _build_search_box(self, bar: QToolBar) -> QLineEdit:
        s = theme.SPACING
        box = QLineEdit(bar)
        box.setObjectName("search_box")
        box.setPlaceholderText(self.tr("Search… (Ctrl+F)"))
        box.setAccessibleName(self.tr("Search incidents"))
        box.setClearButtonEnabled(True)
        search_icon = box.addAction(theme.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._icons.append((search_icon, "search"))  # redrawn in the text colour, light or dark
        search_icon.setText(self.tr("Search"))
        search_icon.setToolTip(self.tr("Search"))
        box.setMinimumWidth(30 * s)
        box.setMaximumWidth(45 * s)
        box.textChanged.connect(self._search_changed)
        return box

    def _fill_toolbar(self, bar: QToolBar) -> None:
        """The actions in their places, each button named after its action."""
        bar.addAction(self.new_action)
        bar.addAction(self.checkin_action)
        self.search_separator = bar.addSeparator()
        # A widget in a toolbar is shown and hidden through its action.
        self.search_action = bar.addWidget(self.search_box)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        spacer.setAccessibleName(self.tr("Space"))
        bar.addWidget(spacer)
        bar.addAction(self.send_action)
        bar.addAction(self.settings_action)
        bar.addAction(self.lock_action)
        self.addAction(self.find_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        for action in (
            self.new_action,
            self.checkin_action,
            self.send_action,
            self.settings_action,
            self.lock_action,
        ):
            button = bar.widgetForAction(action)
            if button is not None:
                button.setObjectName(f"{action.objectName()}_button")
                button.setAccessibleName(action.text())
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status_summary")
        # No fixed name: a screen reader reads the text itself ("50 entries · Encrypted").
        self.status_label.setAccessibleDescription(self.tr("Status"))
        self.status_label.setContentsMargins(theme.SPACING, 0, theme.SPACING, 0)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().setSizeGripEnabled(True)

    def _connect_page(self) -> None:
        page = self.incidents
        for name, slot in (
            ("count_changed", self._incident_count),
            ("report_requested", self._report_requested),
        ):
            signal = getattr(page, name, None)
            if signal is not None:
                signal.connect(slot)

    # -- locked and unlocked --------------------------------------------------------------

    def _set_locked_chrome(self, locked: bool) -> None:
        """The unlock screen alone, or the body with the toolbar and its actions."""
        self.is_locked = locked
        self.stack.setCurrentWidget(self.unlock_screen if locked else self.body)
        self.toolbar.setVisible(not locked)
        for action in self._session_actions():
            action.setEnabled(not locked)

    def _show_locked_chrome(self) -> None:
        self._set_locked_chrome(True)
        self._tick.stop()
        self._entry_count = None
        self._update_status()

    def _session_actions(self) -> list[QAction]:
        """Actions that work only while the journal is open."""
        actions = [self.new_action, self.find_action, self.settings_action, self.lock_action]
        if "check_in" in getattr(self, "_actions", {}):
            actions.append(self.checkin_action)
        if "send_to_manager" in getattr(self, "_actions", {}):
            actions.append(self.send_action)
        return actions

    def start(self) -> None:
        """At start-up: show the unlock screen and try the computer login straight away."""
        self._show_locked_chrome()
        self.unlock_screen.start(auto_keyring=True)

    def enter_unlocked(self) -> None:
        """The journal is already open (just created by the set-up wizard)."""
        self._after_unlock()

    def _after_unlock(self) -> None:
        self._set_locked_chrome(False)
        self.nav.setCurrentRow(0)
        self.pages.setCurrentWidget(self.incidents)
        self._idle.start()
        self._tick.start(self._tick_interval())
        self.load_settings()
        self.refresh_counts()
        for page in self.journal_pages:
            page.reload()
        focus = getattr(self.incidents, "focus_table", None)
        if focus is not None:
            focus()
        self.unlocked.emit()

    def lock(self) -> None:
        """Save drafts, clear every page, close the journal, show the unlock screen."""
        if self.is_locked:
            return
        # The keyboard waits on the window itself until the unlock screen's field takes
        # it: left in a page, Qt would hand it on from widget to widget as each page
        # empties and hides, and a screen reader would read out every one of them.
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.set_supervision_mode(False)
        for page in self.journal_pages:
            page.prepare_lock()
        for page in self.journal_pages:
            page.clear()
        self._close_settings_dialog()
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self._set_nav_count("incidents", None)
        self.ops.close()
        self._show_locked_chrome()
        self.unlock_screen.start(auto_keyring=False)
        self.locked.emit()

    def raise_window(self) -> None:
        """Another copy of the app asked for this window to come to the front."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- idle lock ------------------------------------------------------------------------

    def _tick_interval(self) -> int:
        return max(10, min(1000, self.minute_ms // 60))

    def set_minute_ms(self, minute_ms: int) -> None:
        """How long a "minute" lasts for the idle lock (tests make it short)."""
        self.minute_ms = minute_ms
        if self._tick.isActive():
            self._tick.start(self._tick_interval())

    def note_activity(self) -> None:
        if not self.is_locked:
            self._idle.restart()

    def remaining_ms(self) -> int:
        if self.is_locked or not self._idle.isValid():
            return 0
        return max(0, self.lock_after_minutes * self.minute_ms - self._idle.elapsed())

    def _on_tick(self) -> None:
        if self.is_locked:
            self._tick.stop()
            return
        if self.remaining_ms() <= 0:
            self.lock()
            return
        self._update_status()

    # -- settings, counts, status ---------------------------------------------------------

    def load_settings(self) -> None:
        self.ops.submit(
            queries.lock_after_minutes,
            if_alive(self, self._settings_loaded),
            lambda _error: None,
        )

    def _settings_loaded(self, value: Any) -> None:
        self.lock_after_minutes = clamp_lock_minutes(value)
        self._update_status()

    def refresh_counts(self) -> None:
        if self.is_locked or not self.ops.is_open:
            return
        self.ops.submit(
            queries.entry_total,
            if_alive(self, self._counts_loaded),
            lambda _error: None,
        )

    def _counts_loaded(self, total: int) -> None:
        if self.is_locked:
            return
        self._entry_count = total
        self._update_status()

    def _on_changed(self, change: Change) -> None:
        if self.is_locked:
            return
        if change.settings:
            self.load_settings()
        if change.kinds or change.ids:
            self._count_timer.start()

    def _update_status(self) -> None:
        if self.is_locked:
            text = self.tr("Locked · Encrypted")
        else:
            parts = []
            if self.supervision_mode:
                # Counts include what was left out of the session: not for a shared screen.
                parts.append(self.tr("Supervision mode"))
            elif self._entry_count is not None:
                parts.append(self._entries_text(self._entry_count))
            parts.append(self.tr("Encrypted"))
            parts.append(self._countdown_text())
            text = " · ".join(parts)
        if self.status_label.text() != text:
            self.status_label.setText(text)

    def _entries_text(self, count: int) -> str:
        if count == 1:
            return self.tr("1 entry")
        return self.tr("{n} entries").format(n=QLocale().toString(count))

    def _countdown_text(self) -> str:
        remaining = self.remaining_ms()
        if remaining >= self.minute_ms:
            minutes = math.ceil(remaining / self.minute_ms)
            return self.tr("Locks in {n} min").format(n=minutes)
        seconds = max(1, math.ceil(remaining * 60 / self.minute_ms))
        return self.tr("Locks in {n} s").format(n=seconds)

    def _incident_count(self, count: int) -> None:
        self._last_incident_count = count
        if not self.is_locked and not self.supervision_mode:
            self._set_nav_count("incidents", count)

    def _set_nav_count(self, key: str, count: int | None) -> None:
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(KEY_ROLE) == key:
                item.setData(COUNT_ROLE, count)
                title = item.text()
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    title
                    if count is None
                    else self.tr("{title}, {count}").format(title=title, count=count),
                )

    # -- toolbar actions ------------------------------------------------------------------

    def _nav_changed(self, row: int) -> None:
        item = self.nav.item(row)
        if item is None:
            return
        page = self._page_for_key.get(item.data(KEY_ROLE))
        if page is not None:
            self.pages.setCurrentWidget(page)

    def show_page(self, key: str) -> None:
        if self.supervision_mode and key != "supervision":
            return  # a shared screen shows only the supervision page
        for row in range(self.nav.count()):
            if self.nav.item(row).data(KEY_ROLE) == key:
                self.nav.setCurrentRow(row)
                return

    def new_incident(self) -> None:
        if self.is_locked:
            return
        self.show_page("incidents")
        self.incidents.new_incident()  # type: ignore[attr-defined]

    def focus_search(self) -> None:
        if self.is_locked:
            return
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _search_changed(self, text: str) -> None:
        if self.is_locked or (self.supervision_mode and text):
            return
        if text:
            self.show_page("incidents")
        self.incidents.set_search_text(text)  # type: ignore[attr-defined]

    def _report_requested(self, entry_id: str) -> None:
        if "report_now" in self._actions:
            self.run_action("report_now", entry_id)
            return
        self._inform(
            self.tr(
                "Sending a report to your manager is coming in a later version. The incident "
                "is saved; for now, tell your manager about it directly."
            )
        )

    def open_settings(self) -> None:
        if self.is_locked or self._refused_in_supervision("settings"):
            return
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ops, self)
        dialog.finished.connect(self._settings_closed)
        self.add_lock_shortcut(dialog)
        dialog.lock_requested.connect(self.lock)
        self.settings_dialog = dialog
        dialog.open()

    def add_lock_shortcut(self, dialog: QWidget) -> None:
        """Ctrl+L locks from a modal dialog too (a modal dialog blocks the window's shortcuts)."""
        shortcut = QShortcut(self.lock_action.shortcut(), dialog)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.lock)

    def _settings_closed(self, _result: int) -> None:
        dialog = self.settings_dialog
        self.settings_dialog = None
        if dialog is not None:
            dialog.deleteLater()

    def _close_settings_dialog(self) -> None:
        dialog = self.settings_dialog
        if dialog is not None:
            clear = getattr(dialog, "clear", None)
            if clear is not None:
                clear()
            dialog.reject()
            self.settings_dialog = None
            dialog.deleteLater()

    # -- extension points (see ui/extensions.py) ----------------------------------------

    def register_page(self, key: str, factory: Callable[[QWidget], QWidget]) -> LazyPage:
        """Put a real page behind a navigation entry; it is built the first time it shows."""
        old = self._page_for_key[key]
        page = LazyPage(factory, self.pages)
        index = self.pages.indexOf(old)
        self.pages.insertWidget(index, page)
        self.pages.removeWidget(old)
        if old in self.journal_pages:  # registered twice: the first page is gone for good
            self.journal_pages.remove(old)
        old.deleteLater()
        self._page_for_key[key] = page
        self.journal_pages.append(page)
        if not self.is_locked:
            page.reload()
        return page

    def page(self, key: str) -> QWidget | None:
        """The real page behind a navigation entry, building it if it is lazy."""
        page = self._page_for_key.get(key)
        if isinstance(page, LazyPage):
            return page.ensure()
        return page

    def register_action(self, name: str, callback: Callable[..., None]) -> None:
        """Handle a named action; the toolbar's check_in and send_to_manager come alive."""
        first = name not in self._actions
        self._actions[name] = callback  # registered again: the newest callback answers
        toolbar = {"check_in": self.checkin_action, "send_to_manager": self.send_action}
        action = toolbar.get(name)
        if action is not None:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{action.text()} ({keys})" if keys else action.text())
            action.setEnabled(not self.is_locked)
            if first:
                action.triggered.connect(lambda: self.run_action(name))

    def has_action(self, name: str) -> bool:
        """Whether a section has registered ``name`` (sections are optional)."""
        return name in self._actions

    def run_action(self, name: str, *args: Any) -> None:
        if self.is_locked or self._refused_in_supervision(name):
            return
        callback = self._actions.get(name)
        if callback is not None:
            callback(*args)

    def register_link(self, name: str, callback: Callable[[], None]) -> None:
        """Handle an ``app:NAME`` link (from guidance, prompts and empty states)."""
        self._links[name] = callback

    def has_link(self, name: str) -> bool:
        return name in self._links

    def open_link(self, link: str) -> bool:
        """Follow an ``app:`` link. Returns False for one nothing handles."""
        name = link.removeprefix("app:")
        callback = self._links.get(name)
        if callback is None or self.is_locked:
            return False
        if not self._refused_in_supervision(name):
            callback()
        return True

    def _refused_in_supervision(self, name: str) -> bool:
        """In supervision mode, say why something that shows keys or contacts won't open."""
        if not self.supervision_mode or name not in CLOSED_IN_SUPERVISION:
            return False
        self._inform(
            self.tr(
                "This isn't available in supervision mode. {what} can show your keys, backups "
                "or your manager's contact details, and this screen is shared. Leave "
                "supervision mode first, then try again."
            ).format(what=self.tr(CLOSED_IN_SUPERVISION[name]))
        )
        return True

    def _register_default_links(self) -> None:
        self.register_link("new-incident", self.new_incident)
        for key in ("checkins", "wellbeing", "supervision", "searchlog", "guidance", "support"):
            self.register_link(key, partial(self.show_page, key))
        self.register_link("search-log", lambda: self.show_page("searchlog"))
        self.register_link("checkin", lambda: self.run_action("check_in"))
        self.register_link("report-to-manager", lambda: self.run_action("send_to_manager"))

    def widget(self) -> QWidget:
        """The window as the parent of a section's dialogs and notices (see ui/host.py)."""
        return self

    def add_notice(self, widget: QWidget) -> None:
        """A calm bar above the pages (prompts, reminders). It hides itself when done."""
        self.notices.addWidget(widget)

    def inform(self, text: str) -> None:
        self._inform(text)

    def set_supervision_mode(self, on: bool) -> None:
        """Supervision mode: a banner, only the supervision page, nothing private on screen."""
        if on == self.supervision_mode or (on and self.is_locked):
            return
        self.supervision_mode = on
        if on:
            self._close_settings_dialog()  # it shows contacts and key actions
        self.supervision_banner.setVisible(on)
        self.nav.setEnabled(not on)
        for action in (self.new_action, self.checkin_action, self.send_action):
            action.setVisible(not on)
        self.search_action.setVisible(not on)
        self.search_separator.setVisible(not on)
        self.find_action.setEnabled(not on)
        self.search_box.clear()
        for i in range(self.notices.count()):
            item = self.notices.itemAt(i)
            notice = item.widget() if item is not None else None
            if notice is not None and on:
                notice.setVisible(False)  # prompts may mention private things
        if on:
            self._set_nav_count("incidents", None)
            self.show_page("supervision")
        else:
            last = getattr(self, "_last_incident_count", None)
            if last is not None and not self.is_locked:
                self._set_nav_count("incidents", last)
        self._update_status()
        self.supervision_mode_changed.emit(on)

    # -- messages (tests replace these) ---------------------------------------------------

    def _inform(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, APP_NAME, text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_error(self, error: JournalError) -> None:
        """A world error no screen handled itself: what happened and what to do."""
        self._inform(error.message)

    # -- window -----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        if self._geometry is not None:
            value = self._geometry.value("main_window/geometry")
            if value is not None:
                self.restoreGeometry(value)
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Keep the whole window, Lock and the status bar included, on the available screen.

        A size saved at another scale or on a bigger monitor is shrunk and moved inside.
        """
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = frame.width() - self.width()
        extra_h = frame.height() - self.height()
        width = min(self.width(), room.width() - extra_w)
        height = min(self.height(), room.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), room.left()), room.right() + 1 - frame.width())
        y = min(max(frame.y(), room.top()), room.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._refresh_icons()  # icons are drawn in the text colour: light or dark

    def _refresh_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        for target, name in self._icons:
            target.setIcon(theme.icon(name, colour))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setWindowTitle(APP_NAME)
        if not event.spontaneous():
            self.fit_to_screen()  # the frame's size is known only once shown

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._geometry is not None:
            self._geometry.setValue("main_window/geometry", self.saveGeometry())
            self._geometry.sync()
        if not self.is_locked:
            for page in self.journal_pages:
                page.prepare_lock()
            for page in self.journal_pages:
                page.clear()
            self._close_settings_dialog()
            self.ops.close()
            self._show_locked_chrome()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.watcher)
        super().closeEvent(event)
