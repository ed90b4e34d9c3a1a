"""Screenshots brought in from a phone, many at once, kept exactly as they are.

Each file keeps its original bytes, name and SHA-256. When the picture was
taken comes from the picture itself where it says so (EXIF, PNG chunks), else
from the name phones give screenshots, else from the file's own time; which
one was used is kept beside the evidence so a reader can weigh it. A file whose
SHA-256 is already in the journal is recognised and not stored again.

Reading (``read_files``) changes nothing; ``save_import`` writes everything in
one transaction after the person has reviewed what was read.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from journal.errors import InputError
from journal.models import MAX_ATTACHMENT_BYTES, Incident, NewAttachment, validate_entry
from journal.repository import Repository, translated
from journal.timeutil import local_display

# Where a taken time came from (kept with each attachment, shown to the person).
FROM_EXIF = "exif"
FROM_PNG_TEXT = "png_creation_time"
FROM_PNG_TIME = "png_time"
FROM_FILE_NAME = "file_name"
FROM_FILE_TIME = "file_time"
SOURCE_LABELS = {
    FROM_EXIF: "the picture's own record (EXIF)",
    FROM_PNG_TEXT: "the picture's creation time (PNG)",
    FROM_PNG_TIME: "the picture's time stamp (PNG)",
    FROM_FILE_NAME: "the file's name",
    FROM_FILE_TIME: "the file's date on this computer",
}

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".heic", ".heif", ".webp", ".gif"})
HEIC_SUFFIXES = frozenset({".heic", ".heif"})
MIME_BY_FORMAT = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "HEIF": "image/heic",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
MAX_FILES = 2000

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_DATETIME = 0x0132

# Names phones and computers give screenshots and photos. Times in names are the phone's
# local time, taken as this computer's.
_NAME_PATTERNS = (
    # Screenshot 2026-12-04 at 15.43.00 (macOS), Screenshot 2026-12-04 154300
    re.compile(
        r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?: at |[ _-])(\d{1,2})[.:_-]?(\d{2})[.:_-]?(\d{2})"
    ),
    # Screenshot_20261204-154300, IMG_20261204_154300, PXL_20261204_154300123
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})[-_ ](\d{2})(\d{2})(\d{2})"),
)


class UnreadableImage(InputError):
    """A file that isn't a picture this app can read; nothing was stored."""


@dataclass(frozen=True)
class ScreenshotFile:
    """One file as read from disk, before anything is saved."""

    path: Path
    filename: str
    mime: str
    data: bytes = field(repr=False)  # b"" once reviewed: read again, and checked, when saved
    sha256: str
    taken_at: datetime
    taken_from: str
    duplicate_of: str = ""  # the incident that already holds the same file, if any

    @property
    def taken_from_label(self) -> str:
        return SOURCE_LABELS[self.taken_from]


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass(frozen=True)
class ImportPlan:
    """What was read: files to bring in, and files left out with the reason why."""

    files: tuple[ScreenshotFile, ...]
    skipped: tuple[Skipped, ...]

    @property
    def new_files(self) -> tuple[ScreenshotFile, ...]:
        return tuple(f for f in self.files if not f.duplicate_of)

    @property
    def duplicates(self) -> tuple[ScreenshotFile, ...]:
        return tuple(f for f in self.files if f.duplicate_of)


@dataclass(frozen=True)
class ImportResult:
    """What ``save_import`` created: incident ids, each with the files it holds."""

    incidents: tuple[tuple[Incident, tuple[ScreenshotFile, ...]], ...]
    duplicates: tuple[ScreenshotFile, ...]
    skipped: tuple[Skipped, ...]


# -- HEIC --------------------------------------------------------------------------------


_heif_ready: bool | None = None


def heic_supported() -> bool:
    """Whether HEIC pictures from iPhones can be read here (through ``pi-heif``)."""
    global _heif_ready
    if _heif_ready is None:
        try:
            import pi_heif

            pi_heif.register_heif_opener()
            _heif_ready = True
        except ImportError:
            _heif_ready = False
    return _heif_ready


HEIC_REFUSED = (
    "“{name}” is a HEIC picture, which this installation can't read. On the iPhone, choose "
    "Settings › Camera › Formats › Most Compatible, or share the picture as JPEG, and import "
    "it again."
)


# -- finding files -----------------------------------------------------------------------


def collect_paths(paths: Iterable[Path | str]) -> list[Path]:
    """The picture files named, and those inside folders named (not their sub-folders)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            try:
                children = sorted(p for p in path.iterdir() if p.is_file())
            except OSError as exc:
                raise InputError(f"The folder {path} couldn't be read.") from exc
            out.extend(p for p in children if p.suffix.lower() in IMAGE_SUFFIXES)
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(f"{path} doesn't exist. Nothing was imported.")
    unique = list(dict.fromkeys(out))
    if len(unique) > MAX_FILES:
        raise InputError(f"That is {len(unique):,} files; import at most {MAX_FILES:,} at a time.")
    return unique


# -- when it was taken -------------------------------------------------------------------


def _exif_time(image: Any) -> datetime | None:
    if image is None:
        return None
    try:
        exif = image.getexif()
        ifd = exif.get_ifd(_EXIF_IFD)
    except Exception:  # a damaged EXIF block: fall back to other sources
        return None
    text = ifd.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.strptime(text.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = ifd.get(_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str):
        zone = _offset(offset.strip().rstrip("\x00"))
        if zone is not None:
            return moment.replace(tzinfo=zone)
    return moment.astimezone()  # no offset recorded: the phone's time, taken as local


def _offset(text: str) -> timezone | None:
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
    if not match:
        return UTC if text in ("Z", "+00:00") else None
    sign = -1 if match.group(1) == "-" else 1
    delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
    if delta >= timedelta(hours=24):
        return None
    return timezone(sign * delta)


def _png_chunks(data: bytes) -> Iterable[tuple[bytes, bytes]]:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return
    pos = 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        yield kind, body
        if kind == b"IEND":
            return
        pos += 12 + length


def _png_time(data: bytes) -> datetime | None:
    """The ``tIME`` chunk: always UTC by the PNG specification."""
    for kind, body in _png_chunks(data):
        if kind == b"tIME" and len(body) == 7:
            year, month, day, hour, minute, second = struct.unpack(">HBBBBB", body)
            try:
                return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
            except ValueError:
                return None
    return None


def _png_creation_text(image: Any) -> datetime | None:
    text = getattr(image, "text", {}) or {}
    value = text.get("Creation Time") or text.get("creation time")
    if not isinstance(value, str):
        return None
    value = value.strip()
    from email.utils import parsedate_to_datetime

    for parse in (
        lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")),
        parsedate_to_datetime,
        lambda v: datetime.strptime(v, "%Y:%m:%d %H:%M:%S"),
    ):
        try:
            moment = parse(value)
        except (ValueError, TypeError, IndexError):
            continue
        return moment if moment.tzinfo else moment.astimezone()
    return None


def time_from_name(name: str) -> datetime | None:
    """The time in a phone's file name, such as ``Screenshot_20261204-154300.png``."""
    for pattern in _NAME_PATTERNS:
        match = pattern.search(name)
        if match:
            try:
                year, month, day, hour, minute, second = (int(g) for g in match.groups())
                moment = datetime(year, month, day, hour, minute, second)
            except ValueError:
                continue
            if 1990 <= moment.year <= 2200:
                return moment.astimezone()
    return None


def _sane(moment: datetime | None) -> datetime | None:
    if moment is None or not 1990 <= moment.year <= 2200:
        return None
    return moment.replace(microsecond=0)


def taken_time(path: Path, data: bytes, image: Any) -> tuple[datetime, str]:
    """When the picture was taken, and which source said so."""
    for source, moment in (
        (FROM_EXIF, lambda: _exif_time(image)),
        (FROM_PNG_TEXT, lambda: _png_creation_text(image)),
        (FROM_PNG_TIME, lambda: _png_time(data)),
        (FROM_FILE_NAME, lambda: time_from_name(path.name)),
    ):
        found = _sane(moment())
        if found is not None:
            return found, source
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
    return stamp, FROM_FILE_TIME


def picture_taken_at(path: Path, data: bytes) -> datetime | None:
    """When a picture attached by hand was taken, from the picture or its name; None when
    neither says (the caller keeps the file's own time)."""
    from PIL import Image

    image: Any = None
    heic_supported()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        image = None
    moment, source = taken_time(path, data, image)
    return None if source == FROM_FILE_TIME else moment


# -- reading -----------------------------------------------------------------------------


def read_screenshot(path: Path) -> ScreenshotFile:
    """One file, checked to be a picture, hashed and dated. Raises ``UnreadableImage``."""
    from PIL import Image

    name = path.name
    if path.suffix.lower() in HEIC_SUFFIXES and not heic_supported():
        raise UnreadableImage(HEIC_REFUSED.format(name=name))
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
            raise UnreadableImage(f"“{name}” is larger than {mb} MB, so it wasn't imported.")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableImage(f"“{name}” couldn't be read.") from exc
    if not data:
        raise UnreadableImage(f"“{name}” is empty.")
    heic_supported()  # so a HEIC picture with another ending is still recognised
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        raise UnreadableImage(
            f"“{name}” isn't a picture this app can read (PNG, JPEG, HEIC, WebP or GIF)."
        ) from None
    mime = MIME_BY_FORMAT.get(str(image.format), "")
    if not mime:
        raise UnreadableImage(f"“{name}” is a {image.format} picture, which isn't supported.")
    taken_at, source = taken_time(path, data, image)
    return ScreenshotFile(
        path=path,
        filename=name,
        mime=mime,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        taken_at=taken_at,
        taken_from=source,
    )


@translated
def existing_evidence(repo: Repository, sha256s: Sequence[str]) -> dict[str, str]:
    """SHA-256 → the (not deleted) incident that already holds a file with that hash."""
    found: dict[str, str] = {}
    for start in range(0, len(sha256s), 500):
        chunk = list(sha256s[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        rows = repo.conn.execute(
            "SELECT a.sha256, a.entry_id FROM attachments a JOIN entries e ON e.id = a.entry_id "
            f"WHERE e.deleted_at IS NULL AND a.sha256 IN ({marks})",
            chunk,
        ).fetchall()
        for sha, entry_id in rows:
            found.setdefault(sha, entry_id)
    return found


Progress = Callable[[int, int], None]


def read_files(
    repo: Repository | None,
    paths: Iterable[Path | str],
    *,
    progress: Progress | None = None,
    on_read: Callable[[ScreenshotFile], None] | None = None,
) -> ImportPlan:
    """Read and date every picture; mark those already in the journal. Writes nothing.

    Only what the review needs is kept, not the bytes (hundreds of photos would not
    fit in memory): ``on_read`` sees each file with its bytes (to make a thumbnail),
    and ``save_import`` reads each file again and checks it is unchanged. ``repo``
    may be None when the journal is not at hand (no duplicates are marked then).
    """
    files = collect_paths(paths)
    read: list[ScreenshotFile] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for number, path in enumerate(files, 1):
        try:
            shot = read_screenshot(path)
        except UnreadableImage as exc:
            skipped.append(Skipped(path, exc.message))
        else:
            if shot.sha256 in seen:
                skipped.append(
                    Skipped(path, f"“{path.name}” is the same file as “{seen[shot.sha256]}”.")
                )
            else:
                seen[shot.sha256] = path.name
                if on_read is not None:
                    on_read(shot)
                read.append(replace(shot, data=b""))
        if progress is not None:
            progress(number, len(files))
    plan = ImportPlan(tuple(sorted(read, key=lambda f: f.taken_at)), tuple(skipped))
    return mark_duplicates(repo, plan) if repo is not None else plan


def mark_duplicates(repo: Repository, plan: ImportPlan) -> ImportPlan:
    known = existing_evidence(repo, [f.sha256 for f in plan.files])
    files = tuple(replace(f, duplicate_of=known.get(f.sha256, "")) for f in plan.files)
    return ImportPlan(files, plan.skipped)


# -- saving ------------------------------------------------------------------------------

MAX_ONE_INCIDENT = 200


class ChangedSinceReview(InputError):
    """A file was changed or removed between the review and saving; nothing was saved."""


def _original(shot: ScreenshotFile) -> bytes:
    """The file's bytes, exactly as reviewed (same SHA-256), or an error saying what changed."""
    if shot.data:
        return shot.data
    try:
        data = shot.path.read_bytes()
    except OSError:
        raise ChangedSinceReview(
            f"“{shot.filename}” can no longer be read. Nothing was imported; check the file "
            "is still there and try again."
        ) from None
    if hashlib.sha256(data).hexdigest() != shot.sha256:
        raise ChangedSinceReview(
            f"“{shot.filename}” changed after you reviewed it. Nothing was imported; "
            "review the pictures again."
        )
    return data


def _title(files: Sequence[ScreenshotFile]) -> str:
    first = files[0].taken_at
    if len(files) == 1:
        return f"Screenshot taken {local_display(first)}"
    return f"{len(files)} screenshots from {local_display(first)}"


def _description(files: Sequence[ScreenshotFile]) -> str:
    lines = ["Imported from screenshots. When each was taken, and how that is known:"]
    for f in files:
        lines.append(f"- {f.filename}: {local_display(f.taken_at)}, from {f.taken_from_label}")
    return "\n".join(lines)


def save_import(
    repo: Repository,
    plan: ImportPlan,
    *,
    one_incident: bool = False,
    template: Incident | None = None,
) -> ImportResult:
    """Create the incidents (one per picture, or one for all) in one transaction.

    Files already in the journal are checked again inside the transaction, so a
    file saved meanwhile is still not stored twice. ``template`` gives the other
    fields (platform, category, …) every new incident starts with.
    """
    base = template or Incident(title="Screenshot")
    if one_incident and len(plan.new_files) > MAX_ONE_INCIDENT:
        raise InputError(
            f"One incident can hold at most {MAX_ONE_INCIDENT} pictures. Choose one incident "
            "per picture, or import fewer at a time."
        )
    with repo.transaction():
        known = existing_evidence(repo, [f.sha256 for f in plan.files])
        fresh = [f for f in plan.files if f.sha256 not in known]
        duplicates = tuple(
            replace(f, duplicate_of=known[f.sha256]) for f in plan.files if f.sha256 in known
        )
        groups = [fresh] if one_incident and fresh else [[f] for f in fresh]
        created: list[tuple[Incident, tuple[ScreenshotFile, ...]]] = []
        for group in groups:
            incident = _incident_for(base, group)
            attachments = [
                NewAttachment(f.filename, f.mime, _original(f), captured_at=f.taken_at)
                for f in group
            ]
            saved = repo.insert_in_transaction(incident, attachments)
            for f in group:
                repo.conn.execute(
                    "UPDATE attachments SET taken_from = ? WHERE entry_id = ? AND sha256 = ?",
                    (f.taken_from, saved.id, f.sha256),
                )
            assert isinstance(saved, Incident)
            created.append((saved, tuple(group)))
    return ImportResult(tuple(created), duplicates, plan.skipped)


def _incident_for(base: Incident, group: Sequence[ScreenshotFile]) -> Incident:
    description = _description(group)
    if base.description:
        description = f"{base.description}\n\n{description}"
    incident = replace(
        base,
        title=base.title if base.title != "Screenshot" else _title(group),
        occurred_at=group[0].taken_at,
        description=description,
        attachments=[],
        impact_tags=list(base.impact_tags),
        urls=list(base.urls),
        actions=list(base.actions),
    )
    checked = validate_entry(incident)
    assert isinstance(checked, Incident)
    return checked


def _attachment_column(repo: Repository, attachment_ids: Sequence[str], column: str) -> list[Any]:
    """(id, ``column``) of each attachment asked for."""
    if not attachment_ids:
        return []
    marks = ", ".join("?" * len(attachment_ids))
    return list(
        repo.conn.execute(
            f"SELECT id, {column} FROM attachments WHERE id IN ({marks})", list(attachment_ids)
        ).fetchall()
    )


@translated
def taken_sources(repo: Repository, attachment_ids: Sequence[str]) -> dict[str, str]:
    """Attachment id → where its taken time came from ('' for files attached by hand)."""
    return {r[0]: r[1] for r in _attachment_column(repo, attachment_ids, "taken_from")}


@translated
def recorded_times(repo: Repository, attachment_ids: Sequence[str]) -> dict[str, datetime]:
    """Attachment id → when it was stored in the journal."""
    rows = _attachment_column(repo, attachment_ids, "added_at")
    return {r[0]: datetime.fromisoformat(r[1]) for r in rows}


def describe(shot: ScreenshotFile) -> dict[str, Any]:
    """The JSON the command line prints for one file."""
    return {
        "filename": shot.filename,
        "path": os.fspath(shot.path),
        "sha256": shot.sha256,
        "mime": shot.mime,
        "taken_at": shot.taken_at.isoformat(),
        "taken_from": shot.taken_from,
        "duplicate_of": shot.duplicate_of or None,
    }
