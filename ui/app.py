"""Start the desktop app: one window per journal, set-up on first run, else the unlock screen.

Heavy modules (charts, PDF writing, printing) are imported only where they are used,
so the window comes up quickly. Anything unexpected is logged without content and
shown in a calm dialog; the journal and any draft are kept.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from journal import APP_ID, APP_NAME
from journal.paths import JournalPaths
from journal.session import journal_state
from ui import theme
from ui.i18n import install_translators
from ui.kit.lifetime import if_alive
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.single_instance import SingleInstance

log = logging.getLogger(__name__)
ORGANISATION = "Practitioner Journal"
ORGANISATION_DOMAIN = "practitionerjournal.org"
ENV_SMOKE_EXIT_MS = "PRACTITIONER_JOURNAL_SMOKE_EXIT_MS"


def configure_application(app: QApplication) -> None:
    """Names, icon, palette and translations; safe to call on an existing application."""
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain(ORGANISATION_DOMAIN)
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(theme.icon("app"))
    PaletteFollower(app)
    install_translators(app)


class PaletteFollower(QObject):
    """Keeps the palette in step with the system's light or dark mode.

    The platform style usually does this itself; only when its palette disagrees with
    the system's colour scheme (some Linux desktops) do we set our own calm palettes.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.original = QPalette(app.palette())
        self.apply()
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply())

    def apply(self) -> None:
        dark = theme.system_is_dark()
        if theme.is_dark(self.original) == dark:
            self.app.setPalette(self.original)
        else:
            self.app.setPalette(theme.dark_palette() if dark else theme.light_palette())


def safe_traceback(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Where it went wrong, without the exception's message (which could quote content)."""
    frames = "".join(traceback.format_list(traceback.extract_tb(tb)))
    return f"{frames}{exc_type.__module__}.{exc_type.__qualname__}"


class Shell(QObject):
    """Decides what to show first, raises the window for a second copy, reports crashes."""

    def __init__(
        self,
        ops: Operations,
        instance: SingleInstance | None = None,
        *,
        geometry: QSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.instance = instance
        self.geometry = geometry
        self.window: MainWindow | None = None
        self.wizard: QWidget | None = None
        self._crash_open = False
        self._previous_hook = sys.excepthook
        ops.crashed.connect(self.report_crash)
        ops.failed.connect(self._on_failed)
        if instance is not None:
            instance.activation_requested.connect(self.raise_window)

    # -- start ------------------------------------------------------------------------

    def start(self) -> None:
        paths = self.ops.paths
        self.ops.submit_background(lambda: journal_state(paths), if_alive(self, self._state_known))

    def _state_known(self, state: str) -> None:
        if state == "missing":
            self.show_wizard()
        else:
            self.show_main_window(unlocked=False)

    def show_wizard(self) -> None:
        from ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.ops)
        wizard.completed.connect(lambda: self.show_main_window(unlocked=True))
        wizard.rejected.connect(self._wizard_cancelled)
        self.wizard = wizard
        wizard.show()

    def _wizard_cancelled(self) -> None:
        self.wizard = None
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def show_main_window(self, *, unlocked: bool) -> None:
        window = MainWindow(self.ops, geometry=self.geometry)
        self.window = window
        window.show()
        if unlocked:
            window.enter_unlocked()
        else:
            window.start()
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None

    def raise_window(self) -> None:
        if self.window is not None:
            self.window.raise_window()
        elif self.wizard is not None:
            self.wizard.show()
            self.wizard.raise_()
            self.wizard.activateWindow()

    # -- errors -----------------------------------------------------------------------------

    def _on_failed(self, error: object) -> None:
        from journal.errors import JournalError

        if self.window is not None and isinstance(error, JournalError):
            self.window.show_error(error)

    def install_excepthook(self) -> None:
        sys.excepthook = self._excepthook

    def uninstall_excepthook(self) -> None:
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook

    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        log.error("Unexpected error in the app:\n%s", safe_traceback(exc_type, tb))
        self._show_crash_dialog()

    def report_crash(self, exc: object) -> None:
        """A bug in a journal operation (already logged by the worker without content)."""
        self._show_crash_dialog()

    def _ask_after_crash(self) -> bool:
        """True to carry on, False to close the app (tests replace this method)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            self.tr("Something unexpected went wrong."),
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setInformativeText(
            self.tr(
                "Your journal is safe: everything you saved is kept, and so is any draft. "
                "You can carry on, or close the app and open it again."
            )
        )
        carry_on = box.addButton(self.tr("Carry on"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Close the app"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(carry_on)
        box.exec()
        return box.clickedButton() is carry_on

    def _show_crash_dialog(self) -> None:
        if self._crash_open:
            return
        self._crash_open = True
        try:
            carry_on = self._ask_after_crash()
        finally:
            self._crash_open = False
        if not carry_on:
            if self.window is not None:
                self.window.close()  # saves drafts and closes the journal first
            app = QApplication.instance()
            if app is not None:
                app.quit()


def _visible_windows() -> list[str]:
    """Each visible window by its class; the main window also says whether it is unlocked."""
    shown = []
    for w in QApplication.topLevelWidgets():
        if not (w.isVisible() and w.isWindow()):
            continue
        name = type(w).__name__
        stack = getattr(w, "stack", None)
        if stack is not None and hasattr(w, "unlock_screen"):
            name += " (locked)" if stack.currentWidget() is w.unlock_screen else " (unlocked)"
        shown.append(name)
    return shown


def _smoke_exit(app: QApplication, ms: int) -> None:
    """Packaging's smoke test: quit ``ms`` after the loop starts, saying which windows show."""

    def finish() -> None:
        shown = _visible_windows()
        print(f"smoke-exit: {len(shown)} window(s): {', '.join(shown)}", flush=True)
        app.quit()

    QTimer.singleShot(ms, finish)


def run(data_dir: str | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    paths = JournalPaths.resolve(data_dir)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    configure_application(app)

    instance = SingleInstance(paths.root)
    if instance.ask_running_to_raise():
        return 0
    instance.listen()

    from journal.session import Journal

    Journal.background_close = True  # locking or quitting never waits for the day's backup
    ops = Operations(paths)
    geometry = None
    if paths.root.is_dir():
        geometry = QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)
    shell = Shell(ops, instance, geometry=geometry)
    shell.install_excepthook()
    shell.start()
    smoke = os.environ.get(ENV_SMOKE_EXIT_MS)
    if smoke and smoke.isdigit():
        _smoke_exit(app, int(smoke))
    try:
        code = int(app.exec())
    finally:
        if shell.window is not None:
            shell.window.close()
        ops.shutdown()
        instance.close()
        shell.uninstall_excepthook()
    return code
