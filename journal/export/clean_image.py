"""Evidence copies for reports, with the hidden details taken out.

A photo or screenshot can carry where it was taken (GPS), the camera or phone,
the software, dates, comments and XMP packets. The journal keeps the original
bytes (their SHA-256 is the evidence); a copy that leaves in a report carries
the picture only.

JPEG is cleaned without decoding (so without any loss): every marker segment
before the image data is dropped except those needed to show it right (JFIF,
Adobe colour transform, ICC colour profile); EXIF, XMP, comments and maker
data go. PNG keeps only the chunks that draw the image; text, EXIF and time
chunks go. Any other format is returned unchanged (reports only place JPEG and
PNG, and PNGs are re-drawn from pixels anyway).
"""

from __future__ import annotations

import struct

JPEG_KEPT_APP = {
    0xE0: (b"JFIF\x00", b"JFXX\x00"),  # APP0: pixel density only
    0xE2: (b"ICC_PROFILE\x00",),  # APP2: colours (not the FlashPix or MPF data)
    0xEE: (b"Adobe",),  # APP14: how the colours are stored
}
PNG_KEPT_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class NotCleanable(ValueError):
    """The bytes aren't a well-formed image of the type they claim."""


def clean_jpeg(data: bytes) -> bytes:
    """The same JPEG without EXIF (GPS included), XMP, comments or maker data."""
    if data[:2] != b"\xff\xd8":
        raise NotCleanable("not a JPEG")
    out = bytearray(b"\xff\xd8")
    pos = 2
    while True:
        while (
            pos < len(data) and data[pos] == 0xFF and pos + 1 < len(data) and data[pos + 1] == 0xFF
        ):
            pos += 1  # fill bytes
        if pos + 4 > len(data) or data[pos] != 0xFF:
            raise NotCleanable("a JPEG segment is cut short")
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the picture itself, to the end
            out += data[pos:]
            return bytes(out)
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            raise NotCleanable("a JPEG marker is out of place")
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise NotCleanable("a JPEG segment is cut short")
        body = data[pos + 4 : end]
        drop = marker == 0xFE or (0xE0 <= marker <= 0xEF)  # comments, APPn
        if marker in JPEG_KEPT_APP and body.startswith(JPEG_KEPT_APP[marker]):
            drop = False
        if not drop:
            out += data[pos:end]
        pos = end


def clean_png(data: bytes) -> bytes:
    """The same PNG with only the chunks that draw it (no text, EXIF or time chunks)."""
    if not data.startswith(PNG_SIGNATURE):
        raise NotCleanable("not a PNG")
    out = bytearray(PNG_SIGNATURE)
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        if pos + 12 > len(data):
            raise NotCleanable("a PNG chunk is cut short")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise NotCleanable("a PNG chunk is cut short")
        if kind in PNG_KEPT_CHUNKS:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    raise NotCleanable("a PNG without its end")


def clean_image(data: bytes, mime: str) -> bytes:
    """A copy of an evidence file fit to leave the journal. Raises NotCleanable."""
    kind = mime.lower()
    if kind in ("image/jpeg", "image/jpg") or data[:2] == b"\xff\xd8":
        return clean_jpeg(data)
    if kind == "image/png" or data.startswith(PNG_SIGNATURE):
        return clean_png(data)
    return data


CLEANED_NOTE = (
    "The picture shown is a copy with its hidden details (location, camera, dates and "
    "comments) removed; the SHA-256 is that of the original, which the journal keeps "
    "unchanged."
)
