"""Make the app's icons for every platform from the one SVG in ``resources/icons/app.svg``.

Qt's SVG renderer draws each size from the vector, so small sizes stay crisp; Pillow
(already installed with fpdf2) packs the Windows ``.ico`` and macOS ``.icns``.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

# Square sizes for the freedesktop hicolor theme, the Windows .ico and the macOS .icns.
LINUX_ICON_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES: tuple[int, ...] = (16, 32, 64, 128, 256, 512, 1024)


class IconError(Exception):
    """The app icon is missing or can't be drawn."""


def _qt_app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([])


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent ``size`` × ``size`` PNG."""
    if not svg.is_file():
        raise IconError(f"{svg} doesn't exist.")
    _qt_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise IconError(f"{svg} isn't an SVG image Qt can draw.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise IconError(f"{svg} couldn't be saved as a {size} px PNG.")
    buffer.close()
    return bytes(data.data())


def _pil_images(svg: Path, sizes: Iterable[int]) -> list[object]:
    from PIL import Image

    return [Image.open(io.BytesIO(render_png(svg, size))) for size in sizes]


def write_hicolor(svg: Path, share_dir: Path, icon_name: str) -> list[Path]:
    """Write ``share/icons/hicolor/{N}x{N}/apps/<icon_name>.png`` and the scalable SVG."""
    written: list[Path] = []
    for size in LINUX_ICON_SIZES:
        target = share_dir / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{icon_name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_png(svg, size))
        written.append(target)
    scalable = share_dir / "icons" / "hicolor" / "scalable" / "apps" / f"{icon_name}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    return written


def write_ico(svg: Path, target: Path) -> Path:
    images = _pil_images(svg, ICO_SIZES)
    largest = images[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    largest.save(  # type: ignore[attr-defined]
        target, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1]
    )
    return target


def write_icns(svg: Path, target: Path) -> Path:
    images = _pil_images(svg, ICNS_SIZES)
    largest = images[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    largest.save(target, format="ICNS", append_images=images[:-1])  # type: ignore[attr-defined]
    return target


def make_all(svg: Path, out_dir: Path, icon_name: str) -> dict[str, Path]:
    """Every icon the build needs, under ``out_dir``: ``share/`` (Linux), ``.ico``, ``.icns``."""
    if not svg.is_file():
        raise IconError(f"{svg} doesn't exist.")
    write_hicolor(svg, out_dir / "share", icon_name)
    return {
        "share": out_dir / "share",
        "ico": write_ico(svg, out_dir / "app.ico"),
        "icns": write_icns(svg, out_dir / "app.icns"),
    }
