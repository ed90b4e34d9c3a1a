"""Colours that meet the contrast rule, icons that load, and the secret clipboard."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from pytestqt.qtbot import QtBot

from journal.models import SEVERITIES
from ui import theme
from ui.kit.clipboard import KDE_SECRET_HINT, SecretClipboard


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("severity", [*SEVERITIES, "unknown"])
def test_severity_colours_meet_contrast(severity: str, dark: bool) -> None:
    colour = theme.severity_colour(severity, dark)
    assert theme.contrast_ratio(colour, theme.severity_text_colour(dark)) >= 4.5
    palette = theme.dark_palette() if dark else theme.light_palette()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):  # as coloured words too
        assert theme.contrast_ratio(colour, palette.color(role)) >= 4.5


def test_severities_are_told_apart() -> None:
    for dark in (False, True):
        names = {theme.severity_colour(s, dark).name() for s in SEVERITIES}
        assert len(names) == len(SEVERITIES)


def test_palettes_are_what_they_say() -> None:
    assert theme.is_dark(theme.dark_palette())
    assert not theme.is_dark(theme.light_palette())
    for palette in (theme.light_palette(), theme.dark_palette()):
        for fg, bg in (
            (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
            (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
            (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
            (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
        ):
            assert theme.contrast_ratio(palette.color(fg), palette.color(bg)) >= 4.5


def test_contrast_ratio_matches_the_definition() -> None:
    assert theme.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#777777"), QColor("#777777")) == pytest.approx(1.0)


def test_every_icon_loads(qtbot: QtBot) -> None:
    names = theme.icon_names()
    assert {"app", "add", "check", "search", "send", "lock", "settings"} <= set(names)
    for name in names:
        icon = theme.icon(name)
        assert not icon.isNull(), name
        assert not icon.pixmap(24, 24).toImage().isNull()
    assert theme.icon("no-such-icon").isNull()


def test_icons_take_the_colour_asked_for(qtbot: QtBot) -> None:
    image = theme.icon("lock", QColor("#ff0000")).pixmap(48, 48).toImage()
    reds = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert reds and all(c.red() > 200 and c.green() < 60 for c in reds)


def test_copied_secret_is_marked_and_cleared(qtbot: QtBot) -> None:
    clipboard = SecretClipboard(clear_after_ms=50)
    clipboard.copy("ABCDE-FGHJK")
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == "ABCDE-FGHJK"
    assert bytes(mime.data(KDE_SECRET_HINT).data()) == b"secret"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=5000)
    assert not clipboard.holds_secret()


def test_something_copied_since_is_left_alone(qtbot: QtBot) -> None:
    clipboard = SecretClipboard(clear_after_ms=50)
    clipboard.copy("ABCDE-FGHJK")
    QGuiApplication.clipboard().setText("my own note")
    qtbot.waitUntil(lambda: not clipboard._timer.isActive(), timeout=5000)
    assert QGuiApplication.clipboard().text() == "my own note"
    QGuiApplication.clipboard().clear()


def test_ctrl_c_on_a_secret_field_copies_it_as_a_secret(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLineEdit

    from ui.kit.clipboard import KDE_SECRET_HINT, SecretClipboard, SecretCopyGuard

    field = QLineEdit("kabit-mopun-tesal")
    field.setReadOnly(True)
    qtbot.addWidget(field)
    clipboard = SecretClipboard(field, clear_after_ms=50)
    SecretCopyGuard(field, clipboard)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == "kabit-mopun-tesal"
    assert bytes(mime.data(KDE_SECRET_HINT)) == b"secret"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2000)
