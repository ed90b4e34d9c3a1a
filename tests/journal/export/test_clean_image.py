"""Evidence copies in reports carry the picture only; the journal keeps the original bytes."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from helpers.pdf_readers import poppler_text
from PIL import Image

from journal.cli import main
from journal.export.clean_image import NotCleanable, clean_image, clean_jpeg, clean_png
from journal.models import Incident, NewAttachment
from journal.paths import JournalPaths
from journal.session import Journal
from journal.timeutil import now

PASSPHRASE = "correct horse battery staple"  # the one in passphrase_file (tests/conftest.py)
COMMENT = b"Comment-Marker-4417"
XMP = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>Xmp-Marker-4417</x:xmpmeta>"
PNG_TEXT = "Png-Text-Marker-4417"


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Camera-Maker-4417"  # Make
    gps = {1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif.tobytes()


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "JPEG", exif=_exif(), comment=COMMENT)
    data = buf.getvalue()
    app1 = b"\xff\xe1" + (len(XMP) + 2).to_bytes(2, "big") + XMP
    return data[:2] + app1 + data[2:]  # an XMP packet too


def _png() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PNG_TEXT)
    info.add_itxt("XML:com.adobe.xmp", "Xmp-Marker-4417")
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 30)).save(buf, "PNG", pnginfo=info, exif=_exif())
    return buf.getvalue()


MARKERS = (COMMENT, b"Xmp-Marker-4417", b"Camera-Maker-4417", b"Exif\x00\x00", PNG_TEXT.encode())


def test_jpeg_loses_exif_gps_xmp_and_comments_but_not_a_pixel() -> None:
    original = _jpeg()
    assert all(m in original for m in (COMMENT, b"Xmp-Marker-4417", b"Exif\x00\x00"))
    cleaned = clean_jpeg(original)
    assert not any(m in cleaned for m in MARKERS)
    assert Image.open(io.BytesIO(cleaned)).getexif() == {}
    assert Image.open(io.BytesIO(cleaned)).tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_png_loses_text_and_exif_chunks_but_not_a_pixel() -> None:
    original = _png()
    cleaned = clean_png(original)
    assert not any(m in cleaned for m in MARKERS)
    assert Image.open(io.BytesIO(cleaned)).tobytes() == Image.open(io.BytesIO(original)).tobytes()
    assert clean_image(original, "image/png") == cleaned


@pytest.mark.parametrize("data", [b"\xff\xd8\xff\xe1\x00", b"\x89PNG\r\n\x1a\n\x00\x00", b""])
def test_damaged_images_are_refused(data: bytes) -> None:
    with pytest.raises(NotCleanable):
        clean_image(data, "image/jpeg" if data.startswith(b"\xff") else "image/png")


def test_pdf_report_embeds_clean_copies_and_names_the_originals_hash(
    paths: JournalPaths, passphrase_file: Path, tmp_path: Path
) -> None:
    jpeg, png = _jpeg(), _png()
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE)
    saved = journal.repo.add(
        Incident(title="Photo of the post", occurred_at=now(), shareable=True),
        [
            NewAttachment(filename="photo.jpg", mime="image/jpeg", data=jpeg),
            NewAttachment(filename="shot.png", mime="image/png", data=png),
        ],
    )
    journal.close()
    out = tmp_path / "report.pdf"
    code = main(["--passphrase-file", str(passphrase_file), "--no-keyring", "export",
                 "--format", "pdf", "--out", str(out)])  # fmt: skip
    assert code == 0
    pdf = out.read_bytes()
    assert pdf.count(b"\xff\xd8\xff") >= 1  # the JPEG is embedded
    assert not any(m in pdf for m in MARKERS)
    flat = " ".join(poppler_text(out).split())
    assert hashlib.sha256(jpeg).hexdigest() in flat
    assert "hidden details" in flat and "removed" in flat
    # The journal still holds the originals, byte for byte.
    from journal.session import Unlock

    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as again:
        stored = again.repo.get(saved.id).attachments
        assert {again.repo.attachment(a.id).data for a in stored} == {jpeg, png}
