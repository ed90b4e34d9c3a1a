"""Real pictures made in tests: JPEG with EXIF times, PNG with and without time chunks."""

from __future__ import annotations

import io
import struct
from datetime import datetime

from PIL import Image
from PIL.PngImagePlugin import PngInfo


def jpeg(
    taken: str | None = None,
    offset: str | None = None,
    colour: tuple[int, int, int] = (200, 30, 30),
) -> bytes:
    """A JPEG whose EXIF says ``DateTimeOriginal`` = taken (``YYYY:MM:DD HH:MM:SS``)."""
    image = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    if taken is not None:
        ifd: dict[int, str] = {0x9003: taken}
        if offset is not None:
            ifd[0x9011] = offset
        exif[0x8769] = ifd
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(
    time_chunk: datetime | None = None,
    creation_time: str | None = None,
    colour: tuple[int, int, int] = (30, 30, 200),
) -> bytes:
    """A PNG, with a ``tIME`` chunk (UTC) and/or a "Creation Time" text when given."""
    image = Image.new("RGB", (48, 64), colour)
    info = PngInfo()
    if creation_time is not None:
        info.add_text("Creation Time", creation_time)
    if time_chunk is not None:
        t = time_chunk
        info.add(
            b"tIME", struct.pack(">HBBBBB", t.year, t.month, t.day, t.hour, t.minute, t.second)
        )
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def heic(taken: str, offset: str, colour: tuple[int, int, int] = (20, 160, 20)) -> bytes:
    import pillow_heif

    # Encoded without registering pillow-heif with Pillow, so the app's own reader (pi-heif)
    # is what opens the picture in the tests.
    image = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    exif[0x8769] = {0x9003: taken, 0x9011: offset}
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, format="HEIF", exif=exif.tobytes())
    return out.getvalue()
