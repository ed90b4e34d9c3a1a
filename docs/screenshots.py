"""Draw the app's screens to PNG files, for the README and for checking how the app looks.

    python docs/screenshots.py [--out docs/screenshots] [--only NAME ...] [--list]

Everything is drawn offscreen from made-up journals in a temporary folder, with an
in-memory keyring, so no real journal, keyring entry or setting is read or changed. The
shell's screens (set-up, unlock, the incidents list, the editor, the evidence viewer,
the by-author view) are drawn here at a fixed size, in a fixed light palette and font,
with one dark picture of the main window; then every section that has a ``screens``
module (``docs/screens/<section>.py``, with ``render_screens(out_dir)``) draws its own.
Those modules don't run on their own, as only this script keeps every side effect away
from the real journal and keyring: ``--only NAME`` draws one section. The files are then
made smaller (a palette of 256 colours where that loses nothing a person would notice)
so the pictures can live in the repository.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from docs.screens._shared import settle, wait  # noqa: E402 - needs ROOT on the path first

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication, QWidget

    from journal.models import NewAttachment
    from ui.incidents.page import IncidentsPage
    from ui.main_window import MainWindow
    from ui.operations import Operations

WIDTH, HEIGHT = 1280, 800
FONT_POINTS = 10
PASSPHRASE = "screens are drawn from made-up entries"  # noqa: S105 - a demo journal
WIZARD_PASSPHRASE = "kettle on the sill"  # noqa: S105 - a demo journal
DEFAULT_OUT = ROOT / "docs" / "screenshots"
# Screens are flat colour and anti-aliased text: a few thousand distinct colours, nearly all
# of them text edges that a palette of 256 keeps sharp. Above this, a picture is left alone.
PALETTE_LIMIT = 20_000

# The shell's screens, drawn by this script, in order. Each name is one --only choice.
SHELL_SCREENS: dict[str, str] = {
    "wizard": "the set-up wizard, page by page",
    "unlock": "the unlock screen, and after a wrong passphrase",
    "main": "the main window: the incidents list with one selected",
    "dark": "the main window in the dark palette",
    "editor": "the incident editor",
    "evidence": "the evidence viewer, blurred as it opens",
    "authors": "the incidents listed by author",
    "small": "the main window, the editor and Settings on small screens",
}
_INCIDENT_SCREENS = ("unlock", "main", "dark", "editor", "evidence", "authors", "small")
# Small screens, as the window sees them: 1366×768 at 150 % scaling is 910×512 logical
# pixels, less a panel; 1280×720 at 100 % is what it says.
SMALL_SCREENS = (("1366x768-150", 910, 480), ("1280x720", 1280, 690))


# -- helpers ---------------------------------------------------------------------------


class Saver:
    """Saves a widget's picture under a fixed name and remembers what it wrote."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: list[Path] = []

    def __call__(self, widget: QWidget, name: str) -> Path:
        settle(150)
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"couldn't write {path}")
        self.written.append(path)
        return path


def _isolate(tmp: Path) -> None:
    """Point every side effect at ``tmp``: data folder, keyring, Qt platform."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from journal.paths import ENV_DATA_DIR

    os.environ[ENV_DATA_DIR] = str(tmp / "data")
    os.environ.pop("PRACTITIONER_JOURNAL_PASSPHRASE_FILE", None)

    import keyring

    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers, as the tests import them
    from helpers.keyrings import MemoryKeyring  # the demo journals' keys stay in a dict

    keyring.set_keyring(MemoryKeyring())


def _quiet_offscreen_noise() -> None:
    """The offscreen platform can't pass size hints or raise windows; say nothing of it."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if "This plugin does not support" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _application() -> QApplication:
    """One application with a fixed style, light palette and font, so pictures match."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from journal import APP_NAME
    from journal.resources import resource_path
    from ui import theme

    _quiet_offscreen_noise()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setStyle("Fusion")
    app.setPalette(theme.light_palette())
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"):
        QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
    app.setFont(QFont("DejaVu Sans", FONT_POINTS))
    return app


# -- the demo journal ------------------------------------------------------------------


def _evidence_picture(kind: str) -> QImage:
    """A made-up screenshot of a social media post or a message thread, in neutral words."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

    image = QImage(900, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#e9ebee"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(QRectF(60, 30, 780, 540), 12, 12)
    painter.setBrush(QColor("#7b9acc" if kind == "post" else "#c98b6b"))
    painter.drawEllipse(QRectF(90, 60, 64, 64))
    painter.setPen(QColor("#1d2127"))
    bold = QFont("DejaVu Sans", 16)
    bold.setBold(True)
    painter.setFont(bold)
    name = "Community noticeboard" if kind == "post" else "Messages"
    painter.drawText(QRectF(172, 62, 600, 30), name)
    painter.setFont(QFont("DejaVu Sans", 12))
    painter.setPen(QColor("#65676b"))
    painter.drawText(QRectF(172, 94, 600, 26), "Shared publicly · 2 h")
    painter.setPen(QColor("#1d2127"))
    painter.setFont(QFont("DejaVu Sans", 14))
    lines = (
        ("A post about the family court hearing, naming the", "social worker and the team."),
        ("A message about the case, sent late", "in the evening."),
    )[0 if kind == "post" else 1]
    for n, line in enumerate(lines):
        painter.drawText(QRectF(90, 150 + 30 * n, 720, 30), line)
    if kind == "post":
        gradient = QLinearGradient(90, 230, 810, 470)
        gradient.setColorAt(0.0, QColor("#9cc3e6"))
        gradient.setColorAt(0.55, QColor("#d8e6c3"))
        gradient.setColorAt(1.0, QColor("#7fa36b"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawRoundedRect(QRectF(90, 230, 720, 250), 8, 8)
        painter.setBrush(QColor("#5c7f4c"))
        painter.drawEllipse(QRectF(520, 380, 260, 160))
        painter.setPen(QColor("#65676b"))
        painter.setFont(QFont("DejaVu Sans", 12))
        painter.drawText(QRectF(90, 500, 720, 30), "41 reactions · 17 comments · 9 shares")
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        for n, (x, width, colour) in enumerate(
            ((90, 520, "#e4e6eb"), (290, 520, "#c7dcf5"), (90, 430, "#e4e6eb"))
        ):
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(QRectF(x, 250 + 95 * n, width, 70), 18, 18)
    painter.end()
    return image


def _png(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _evidence() -> list[NewAttachment]:
    from journal.models import NewAttachment
    from journal.timeutil import now

    taken = now() - timedelta(days=1, hours=3)
    return [
        NewAttachment("Community group post.png", "image/png", _png(_evidence_picture("post")),
                      captured_at=taken.replace(microsecond=0)),
        NewAttachment("Shared by a friend.png", "image/png", _png(_evidence_picture("message")),
                      captured_at=(taken + timedelta(minutes=20)).replace(microsecond=0)),
        NewAttachment(
            "Reply from the platform.txt",
            "text/plain",
            b"Thank you for your report. We have reviewed the post and are looking into it.\n",
            captured_at=(taken + timedelta(hours=20)).replace(microsecond=0),
        ),
    ]  # fmt: skip


def _demo_journal(root: Path) -> str:
    """A journal of made-up entries and four written by hand; returns the one to show.

    It opens with the computer login (the in-memory keyring) or the passphrase.
    """
    from journal import demo
    from journal.models import Action, Incident
    from journal.paths import JournalPaths
    from journal.session import Journal
    from journal.timeutil import now

    moment = now().replace(second=0, microsecond=0)
    journal, _key = Journal.create(JournalPaths(root), passphrase=PASSPHRASE, use_keyring=True)
    with journal:
        repo = journal.repo
        history = [
            e for e in demo.generate(160, end=moment - timedelta(days=5), days=400)
            if e.kind == "incident"
        ]  # fmt: skip
        repo.add_many([(e, ()) for e in history])
        day = moment.date()
        shown = repo.add(
            Incident(
                occurred_at=moment - timedelta(days=1, hours=4),
                title="Post naming me in a local community group",
                platform="facebook",
                content_type="post",
                author_handle="@courtwatcher",
                author_relation="party",
                case_ref="C2291",
                urls=["https://example.org/groups/local-news/posts/4471"],
                quoted_text="Everyone needs to know what this worker did.",
                description=(
                    "A post in a local community group names me and the team after the "
                    "hearing, with a photo of our office. A friend sent me the link in the "
                    "evening; by then it had been shared nine times."
                ),
                category="sensitive_information",
                severity="high",
                impact_tags=["anxious", "lost sleep"],
                impact_score=6,
                actions=[
                    Action("Saved screenshots", done=True, done_on=day - timedelta(days=1)),
                    Action("Reported to the platform", done=True, done_on=day),
                    Action("Told my manager", done=True, done_on=day),
                ],
                status="monitoring",
                platform_report_ref="FB-20931",
            ),
            _evidence(),
        )
        for hours, title, category, severity, platform, kind, author, score, status in (
            (6, "Comment questioning my assessment", "abuse", "medium", "facebook", "comment",
             "@courtwatcher", 4, "open"),
            (30, "Message saying they will wait outside the office", "threat", "critical",
             "instagram", "direct_message", "@courtwatcher", 8, "open"),
            (52, "Review of the service mentioning me by name", "abuse", "low", "other",
             "review", "", 2, "closed"),
        ):  # fmt: skip
            repo.add(
                Incident(
                    occurred_at=moment - timedelta(hours=hours),
                    title=title,
                    category=category,
                    severity=severity,
                    platform=platform,
                    content_type=kind,
                    author_handle=author,
                    author_relation="party" if author else "unknown",
                    case_ref="C2291" if author else "",
                    impact_score=score,
                    status=status,
                    description="Recorded the same day.",
                )
            )
        repo.set_setting("disclosure_note_seen", True)
        return shown.id


def _open_window(root: Path) -> tuple[Operations, MainWindow]:
    """The main window over the demo journal, locked, at the fixed size."""
    from journal.paths import JournalPaths
    from ui.main_window import MainWindow
    from ui.operations import Operations

    ops = Operations(JournalPaths(root))
    window = MainWindow(ops)
    window.show()
    # After showing: the window fits itself to the (small) offscreen screen when shown.
    window.resize(WIDTH, HEIGHT)
    return ops, window


def _hide_notices(window: MainWindow) -> None:
    for n in range(window.notices.count()):
        item = window.notices.itemAt(n)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()


def _close(ops: Operations, window: MainWindow) -> None:
    window.lock()
    wait(lambda: not ops.busy)
    window.close()
    ops.shutdown()


# -- the shell's screens ---------------------------------------------------------------


def render_wizard(tmp: Path, save: Saver) -> None:
    """Each page of the first-run set-up, creating a journal in the temporary folder."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    from journal import recovery
    from journal.paths import JournalPaths
    from ui.operations import Operations
    from ui.setup_wizard import SetupWizard

    ops = Operations(JournalPaths(tmp / "wizard"))
    wizard = SetupWizard(ops, confirm_group=3)
    wizard.show()
    wait(wizard.isVisible)
    save(wizard, "setup-1-welcome")
    wizard.next()
    method = wizard.method
    wait(lambda: method.keyring_available is not None)
    method.fields.first.setText(WIZARD_PASSPHRASE)
    method.fields.second.setText(WIZARD_PASSPHRASE)
    method.fields.first.setFocus(Qt.FocusReason.OtherFocusReason)
    save(wizard, "setup-2-unlock-method")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    wait(lambda: wizard.currentPage() is wizard.key_page)
    save(wizard, "setup-3-recovery-key")
    wizard.next()
    key = wizard.key_page.view.key
    wizard.confirm_page.confirm.field.setText(recovery.groups_of(key)[2])
    save(wizard, "setup-4-confirm-key")
    wizard.accept()
    wait(lambda: not ops.busy)
    ops.close()
    wait(lambda: not ops.is_open and not ops.busy)
    wizard.close()
    ops.shutdown()


def render_incident_screens(tmp: Path, save: Saver, wanted: set[str]) -> None:
    """The unlock screen, then the incidents screens, over one demo journal."""
    from ui.incidents.page import IncidentsPage

    root = tmp / "journal"
    shown_id = _demo_journal(root)
    ops, window = _open_window(root)
    window.start()  # as the app starts: it unlocks through the computer login
    wait(lambda: not window.is_locked)
    if "unlock" in wanted:
        render_unlock(window, save)

    page = window.incidents
    assert isinstance(page, IncidentsPage)
    settle(250)
    _hide_notices(window)  # prompts have pictures of their own; this one shows the list
    detail = page.detail
    wait(lambda: not page.model.loading and page.model.row_of(shown_id) >= 0 and not ops.busy)
    page._select(shown_id)
    wait(lambda: detail.entry_id == shown_id and not ops.busy)
    page.table.setFocus()
    if "main" in wanted:
        save(window, "main-window")
    if "dark" in wanted:
        render_dark(window, save)
    if "evidence" in wanted:
        render_evidence(window, page, save)
    if "editor" in wanted:
        render_editor(window, page, shown_id, save)
    if "small" in wanted:
        render_small_screens(window, save)
    if "authors" in wanted:
        page.show_by_author()
        wait(lambda: page.authors.model.rowCount() > 0 and not ops.busy)
        page.authors.table.selectRow(0)
        save(window, "incidents-by-author")
        page.tabs.setCurrentIndex(0)
    _close(ops, window)


def render_unlock(window: MainWindow, save: Saver) -> None:
    """The unlock screen after Ctrl+L, then after a wrong passphrase; ends unlocked."""
    from PySide6.QtCore import Qt

    screen = window.unlock_screen
    window.lock()  # as after Ctrl+L: the computer login waits for a click
    wait(lambda: screen.keyring_button.isVisible() and not window.ops.busy)
    screen.keyring_button.setFocus(Qt.FocusReason.OtherFocusReason)
    save(window, "unlock")
    screen.passphrase.setText("kettle on the windowsil")
    screen.passphrase_button.click()
    wait(lambda: bool(screen.message.text()) and screen.passphrase.isVisible())
    save(window, "unlock-wrong-passphrase")
    screen.passphrase.setText(PASSPHRASE)
    screen.passphrase_button.click()
    wait(lambda: not window.is_locked)


def render_dark(window: MainWindow, save: Saver) -> None:
    """The main window in the dark palette, then back to the light one."""
    from PySide6.QtWidgets import QApplication

    from ui import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    app.setPalette(theme.dark_palette())
    settle(250)
    save(window, "main-window-dark")
    app.setPalette(light)
    settle(250)


def render_evidence(window: MainWindow, page: IncidentsPage, save: Saver) -> None:
    """The shown incident's first piece of evidence, blurred as the viewer opens."""
    from ui.incidents.evidence import EvidenceViewer

    detail = page.detail
    attachment = detail.entry.attachments[0] if detail.entry is not None else None
    assert attachment is not None
    detail.open_evidence(attachment)
    viewer = window.findChild(EvidenceViewer)
    assert viewer is not None
    wait(lambda: viewer.reveal_button.isEnabled())
    save(viewer, "evidence-viewer")
    viewer.close()


def render_editor(window: MainWindow, page: IncidentsPage, shown_id: str, save: Saver) -> None:
    """A new incident with a few fields typed in; then the shown one, with its evidence."""
    from PySide6.QtCore import Qt

    ops = window.ops
    editor = page.editor
    window.new_incident()  # Ctrl+N, then a few fields typed in
    wait(lambda: editor.is_open and not ops.busy)
    editor.title.setText("Comment under the council's post about the hearing")
    for combo, key in (
        (editor.platform, "facebook"),
        (editor.content_type, "comment"),
        (editor.category, "abuse"),
        (editor.severity, "medium"),
    ):
        combo.setCurrentIndex(combo.findData(key))
    editor.description.setPlainText(
        "A comment under the council's post names me as the social worker on the case."
    )
    editor.title.setFocus(Qt.FocusReason.OtherFocusReason)
    save(window, "incident-editor")
    editor.discard()
    wait(lambda: not ops.busy and not editor.is_open)
    page.edit_incident(shown_id)  # one with evidence: blurred, each with its fingerprint
    wait(lambda: editor.is_open and not ops.busy)
    settle(250)
    editor.scroll_area.ensureWidgetVisible(editor.evidence, 0, 24)
    save(window, "incident-editor-evidence")
    editor.discard()
    wait(lambda: not ops.busy and not editor.is_open)


def render_small_screens(window: MainWindow, save: Saver) -> None:
    """The main window, the editor and Settings at each small screen's size."""
    from PySide6.QtWidgets import QDialog

    from ui.incidents.page import IncidentsPage

    page = window.incidents
    assert isinstance(page, IncidentsPage)
    editor = page.editor
    for label, width, height in SMALL_SCREENS:
        window.resize(width, height)
        settle(250)
        save(window, f"small-{label}-main")
        window.new_incident()
        wait(lambda: editor.is_open and not window.ops.busy)
        settle(250)
        save(window, f"small-{label}-editor")
        editor.discard()
        wait(lambda: not window.ops.busy and not editor.is_open)
        window.open_settings()
        dialog = window.settings_dialog
        assert isinstance(dialog, QDialog)
        wait(lambda: not window.ops.busy)
        dialog.resize(min(dialog.width(), width), min(dialog.height(), height))
        settle(250)
        save(dialog, f"small-{label}-settings")
        dialog.reject()
        settle(250)
    window.resize(WIDTH, HEIGHT)
    settle(250)


# -- the sections' screens ---------------------------------------------------------------


SECTIONS_DIR = Path(__file__).resolve().parent / "screens"


def section_modules() -> dict[str, str]:
    """Each section with a screens module in docs/screens/: short name -> module name.

    They live here rather than in ``ui/`` so that nothing only the documentation needs is
    installed with the app.
    """
    return {
        path.stem: f"docs.screens.{path.stem}"
        for path in sorted(SECTIONS_DIR.glob("*.py"))
        if not path.stem.startswith("_")
    }


def render_section(module_name: str, save: Saver) -> None:
    module = importlib.import_module(module_name)
    written: Iterable[Path] = module.render_screens(save.out)
    save.written.extend(Path(p) for p in written)


# -- smaller files -----------------------------------------------------------------------


def optimise(paths: Iterable[Path]) -> None:
    """Rewrite each PNG with a palette of 256 colours when the picture has few colours.

    Screens are mostly flat colour and text, so this keeps them sharp at a third of
    the size. A picture with a great many colours (a photo-like area) stays as it was.
    """
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with fpdf2
        return
    for path in paths:
        with Image.open(path) as opened:
            image = opened.convert("RGB")
        if image.getcolors(maxcolors=PALETTE_LIMIT) is None:
            continue  # photo-like: a palette would band it
        quantised = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        quantised.save(path, optimize=True)


# -- the command -------------------------------------------------------------------------


def all_names() -> list[str]:
    return [*SHELL_SCREENS, *section_modules()]


def check_names(only: Sequence[str] | None) -> list[str]:
    """The screens to draw, in order; an unknown name stops with the list of choices."""
    names = all_names()
    if not only:
        return names
    unknown = [n for n in only if n not in names]
    if unknown:
        raise SystemExit(f"No screen called {', '.join(unknown)}. Choose from: {', '.join(names)}.")
    return [n for n in names if n in only]


def render(out: Path, only: Sequence[str] | None = None) -> tuple[list[Path], list[str]]:
    """Draw the chosen screens (all by default) into ``out``.

    Returns the files written and the names of the sections that failed to draw (the
    others are still drawn, so one section being changed doesn't stop the rest).
    """
    names = check_names(only)
    out.mkdir(parents=True, exist_ok=True)
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pj-screens-") as folder:
        tmp = Path(folder)
        _isolate(tmp)
        _application()
        save = Saver(out)
        wanted = set(names)
        if "wizard" in wanted:
            render_wizard(tmp, save)
        if wanted & set(_INCIDENT_SCREENS):
            render_incident_screens(tmp, save, wanted)
        for short, module in section_modules().items():
            if short not in wanted:
                continue
            try:
                render_section(module, save)
            except Exception as exc:  # reported below; the other sections still draw
                print(f"{short}: couldn't draw its screens ({exc!r})", file=sys.stderr)
                failed.append(short)
        optimise(save.written)
        return save.written, failed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNGs")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="draw only these screens")
    parser.add_argument("--list", action="store_true", help="list the screen names and stop")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.list:
        for name, what in SHELL_SCREENS.items():
            print(f"{name:12} {what}")
        for name, module in section_modules().items():
            print(f"{name:12} {module}.render_screens")
        return 0
    started = time.monotonic()
    written, failed = render(args.out, args.only)
    for path in written:
        print(path)
    total = sum(p.stat().st_size for p in written)
    print(
        f"{len(written)} pictures, {total / 1_000_000:.1f} MB, "
        f"in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
