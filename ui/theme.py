"""Colours, spacing and icons shared by every screen.

One accent colour, an 8 px grid, and severity shown by a coloured badge *and* its word.
Every severity colour has a contrast of at least 4.5:1 with the text drawn on it
(``severity_text_colour``), and, because that text colour is close to the page background,
the same colour is also readable as coloured text on the page itself.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from journal.resources import resource_path

SPACING = 8
"""The grid unit in pixels; margins and gaps are multiples of it (4 for tight spots)."""

ACCENT_LIGHT = "#2f5f8a"  # a calm, muted blue
ACCENT_DARK = "#8cb8e0"

_SEVERITY_LIGHT = {
    "low": "#2e6b34",  # green
    "medium": "#7a5200",  # dark amber
    "high": "#a8410c",  # burnt orange
    "critical": "#a51d24",  # deep red
}
_SEVERITY_DARK = {
    "low": "#8fd19e",
    "medium": "#f2c75c",
    "high": "#ffad7a",
    "critical": "#ff9a94",
}
_TEXT_ON_LIGHT_BADGE = "#ffffff"  # light theme: white words on a deep colour
_TEXT_ON_DARK_BADGE = "#141414"  # dark theme: near-black words on a pale colour

ICON_SIZES = (16, 20, 24, 32, 48, 64)

# Supervision mode's banner: a warm amber that reads the same in light and dark themes
# (contrast of the text on it is above 7:1).
SUPERVISION_BANNER = QColor("#f3c969")
SUPERVISION_BANNER_TEXT = QColor("#2b2100")


def severity_colour(severity: str, dark: bool) -> QColor:
    """The badge colour for a severity ("low", "medium", "high", "critical").

    Unknown values get a neutral grey that still meets the contrast rule.
    """
    table = _SEVERITY_DARK if dark else _SEVERITY_LIGHT
    return QColor(table.get(severity, "#b0b0b0" if dark else "#555555"))


def severity_text_colour(dark: bool) -> QColor:
    """The colour of the word written on a severity badge (≥ 4.5:1 against every badge)."""
    return QColor(_TEXT_ON_DARK_BADGE if dark else _TEXT_ON_LIGHT_BADGE)


def accent_colour(dark: bool) -> QColor:
    return QColor(ACCENT_DARK if dark else ACCENT_LIGHT)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio between two colours, from 1.0 to 21.0."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark window."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return relative_luminance(window) < relative_luminance(text)


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark appearance (falls back to the current palette)."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return is_dark(QGuiApplication.palette())


def light_palette() -> QPalette:
    """A calm light palette for styles that don't follow the system (e.g. Fusion)."""
    return _palette(
        window="#f4f5f7",
        window_text="#1d2127",
        base="#ffffff",
        alternate="#f0f2f5",
        text="#1d2127",
        button="#eceef1",
        button_text="#1d2127",
        mid="#c5cad1",
        placeholder="#5f6670",
        accent=ACCENT_LIGHT,
        highlighted_text="#ffffff",
        disabled="#7c828a",
        tooltip_base="#ffffff",
        link=ACCENT_LIGHT,
    )


def dark_palette() -> QPalette:
    """The dark counterpart of ``light_palette``."""
    return _palette(
        window="#202327",
        window_text="#e6e8eb",
        base="#181a1d",
        alternate="#22252a",
        text="#e6e8eb",
        button="#2b2f34",
        button_text="#e6e8eb",
        mid="#4a5058",
        placeholder="#a3a9b1",
        accent="#3d6f9c",
        highlighted_text="#ffffff",
        disabled="#8a9098",
        tooltip_base="#2b2f34",
        link=ACCENT_DARK,
    )


def _palette(**c: str) -> QPalette:
    roles = QPalette.ColorRole
    palette = QPalette()
    pairs = {
        roles.Window: c["window"],
        roles.WindowText: c["window_text"],
        roles.Base: c["base"],
        roles.AlternateBase: c["alternate"],
        roles.Text: c["text"],
        roles.Button: c["button"],
        roles.ButtonText: c["button_text"],
        roles.Mid: c["mid"],
        roles.PlaceholderText: c["placeholder"],
        roles.Highlight: c["accent"],
        roles.HighlightedText: c["highlighted_text"],
        roles.ToolTipBase: c["tooltip_base"],
        roles.ToolTipText: c["text"],
        roles.Link: c["link"],
        roles.Accent: c["accent"],
        roles.BrightText: c["highlighted_text"],
    }
    for role, colour in pairs.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor(c["disabled"]))
    return palette


def icon_names() -> list[str]:
    """Names of the bundled icons (file names without ``.svg``)."""
    return sorted(p.stem for p in resource_path("icons").glob("*.svg"))


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """A bundled SVG icon from ``resources/icons/<name>.svg``.

    Icons are drawn in ``currentColor``; it becomes ``colour`` or, by default, the
    application's window-text colour, so icons suit light and dark palettes alike.
    The app icon keeps its own colours.
    """
    if colour is None:
        colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    return _icon(name, colour.name())


@cache
def _icon(name: str, colour: str) -> QIcon:
    from PySide6.QtSvg import QSvgRenderer

    path = resource_path("icons", f"{name}.svg")
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode("utf-8")))
    if not renderer.isValid():
        return QIcon()
    result = QIcon()
    for size in ICON_SIZES:
        for scale in (1.0, 2.0):
            pixels = round(size * scale)
            pixmap = QPixmap(QSize(pixels, pixels))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, pixels, pixels))
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            result.addPixmap(pixmap)
    return result
