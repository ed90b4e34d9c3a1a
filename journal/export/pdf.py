"""The report as a PDF a manager can read, print and trust.

Cover, summary, what is asked of the manager, then one section per entry.
Section renderers are kept per kind (``SECTION_RENDERERS``) so other reports,
such as supervision summaries, can reuse them. Evidence images are read from
the encrypted database one at a time, scaled in memory and placed in the
document; nothing is ever written to a temporary file.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from fpdf import FPDF
from fpdf.bidi import BidiParagraph, auto_detect_base_direction
from fpdf.enums import Align, EncryptionMethod, TextDirection, XPos, YPos

from journal import APP_NAME
from journal.export.report import Report, field_label, label
from journal.models import CATEGORY_LABELS, KIND_LABELS, SEVERITY_LABELS
from journal.resources import resource_path
from journal.timeutil import local_zone_name

FONT = "dejavu"
MONO = "dejavumono"
FONT_FILES = {
    (FONT, ""): "DejaVuSans.ttf",
    (FONT, "B"): "DejaVuSans-Bold.ttf",
    (MONO, ""): "DejaVuSansMono.ttf",
}

# Calm, print-friendly colours. Severity is always shown as a word too, never colour alone;
# each badge colour has a contrast of at least 4.5:1 with its white text.
INK = (33, 37, 41)
MUTED = (90, 98, 107)
RULE = (206, 212, 218)
ACCENT = (36, 84, 120)
QUOTE_FILL = (241, 243, 245)
SEVERITY_COLOURS = {
    "low": (46, 107, 63),
    "medium": (138, 90, 0),
    "high": (166, 70, 26),
    "critical": (161, 29, 43),
}
URGENT = (161, 29, 43)

LABEL_WIDTH = 44.0
LINE = 5.2
IMAGE_MAX_HEIGHT = 115.0
IMAGE_MAX_PIXELS = 1600  # longest side placed in the PDF; the hash is of the original
IMAGE_DPI = 110
RENDERED_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/jpg"})
MAX_DECODE_PIXELS = 60_000_000

AttachmentLoader = Callable[[str], bytes]
PAGE_COUNT_ALIAS = "{nb}"


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _reverse_clusters(text: str) -> str:
    """Reverse a run of characters, keeping each combining mark after its letter."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return "".join(reversed(clusters))


def _visual(line: str) -> str:
    """One line in the order it is read, for a renderer that lays text out left to right."""
    if not _has_rtl(line):
        return line
    base = auto_detect_base_direction(line)
    parts = [
        _reverse_clusters(text) if direction == TextDirection.RTL else text
        for text, direction in BidiParagraph(text=line, base_direction=base).get_bidi_fragments()
    ]
    if base == TextDirection.RTL:
        parts.reverse()
    return "".join(parts)


def _when(value: str | datetime | None) -> str:
    """A time as the manager's computer shows it, with its zone, e.g. 14 Mar 2026, 09:30 GMT."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = moment.astimezone()
    zone = local.tzname() or local.strftime("%z")
    return f"{local.day} {local.strftime('%b %Y, %H:%M')} {zone}"


def _day(value: str | date | datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.astimezone().date()
    return f"{value.day} {value.strftime('%b %Y')}"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class ReportPDF(FPDF):
    """An A4 document with the report's fonts, footer and building blocks."""

    def __init__(self, footer: str = "Confidential") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer
        for (family, style), filename in FONT_FILES.items():
            self.add_font(family, style, str(resource_path("fonts", filename)))
        self._covered = {
            (family, style): frozenset(getattr(self.fonts[f"{family.lower()}{style}"], "cmap", ()))
            for (family, style) in FONT_FILES
        }
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.set_creator(APP_NAME)
        self.set_lang("en-GB")
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)

    def describe(self, title: str, subject: str, author: str, created: datetime) -> None:
        """The document's properties, as a PDF reader shows them (no author when unnamed)."""
        self.set_title(title)
        self.set_subject(subject)
        if author:
            self.set_author(author)
        self.set_creation_date(created)

    # -- text that every font can show ----------------------------------------------

    def clean(self, text: str, style: str = "", family: str = FONT) -> str:
        """Normalise line ends and show characters the font lacks by name, never as boxes.

        An emoji in a quoted message becomes "[pouting face]": the manager still
        knows it was there.
        """
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        covered = self._covered.get((family, style)) or self._covered[(FONT, "")]
        out = []
        for char in text:
            code = ord(char)
            if char == "\n" or code in covered:
                out.append(char)
            elif unicodedata.category(char) in ("Cc", "Cf", "Mn", "Cs") or code in (
                0xFE0E,
                0xFE0F,
            ):
                continue  # controls, joiners, variation selectors: nothing to show
            else:
                name = unicodedata.name(char, "")
                out.append(f"[{name.lower()}]" if name else f"[U+{code:04X}]")
        # "{nb}" is where the page count goes; in someone's words it must stay as written.
        return "".join(out).replace(PAGE_COUNT_ALIAS, "{\u2060nb}")

    def font(self, size: float, style: str = "", family: str = FONT) -> None:
        self.set_font(family, style, size)

    def text_cell(
        self,
        width: float,
        height: float,
        text: str,
        *,
        align: Align | str = Align.L,
        fill: bool = False,
        padding: int | tuple[int, ...] = 0,
        new_x: XPos = XPos.LMARGIN,
        new_y: YPos = YPos.NEXT,
    ) -> None:
        """A paragraph in the current font: cleaned, and right-to-left runs put in reading order.

        Without a shaping engine the PDF lays every run out left to right, so
        lines holding Hebrew or Arabic are wrapped here and their right-to-left
        runs reversed (Arabic letters then stand unjoined, but in order).
        """
        text = self.clean(text, self.font_style, self.font_family)
        if _has_rtl(text):
            side = padding if isinstance(padding, int) else padding[1 if len(padding) > 1 else 0]
            room = (width or (self.w - self.r_margin - self.x)) - 2 * self.c_margin - 2 * side
            text = "\n".join(
                _visual(line)
                for paragraph in text.split("\n")
                for line in self._wrap(paragraph, room)
            )
        self.multi_cell(
            width, height, text, align=align, fill=fill, padding=padding, new_x=new_x, new_y=new_y
        )

    def _wrap(self, paragraph: str, room: float) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and self.get_string_width(candidate) > room:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
        return lines

    def write_text(
        self,
        text: str,
        *,
        size: float = 10,
        style: str = "",
        family: str = FONT,
        colour: tuple[int, int, int] = INK,
        height: float = LINE,
        width: float = 0,
        align: Align | str = Align.L,
        fill: tuple[int, int, int] | None = None,
        padding: int | tuple[int, ...] = 0,
    ) -> None:
        self.font(size, style, family)
        self.set_text_color(*colour)
        if fill:
            self.set_fill_color(*fill)
        self.text_cell(width, height, text, align=align, fill=fill is not None, padding=padding)
        self.set_text_color(*INK)

    def gap(self, height: float = 3) -> None:
        self.set_y(self.get_y() + height)

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    def rule(self) -> None:
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())

    def heading(self, text: str, size: float = 15, colour: tuple[int, int, int] = ACCENT) -> None:
        self.keep(size * 1.6)
        self.write_text(text, size=size, style="B", colour=colour, height=size * 0.5)
        self.gap(2)

    def field(self, name: str, value: str, *, mono: bool = False) -> None:
        """A label on the left and its value beside it; skipped when there is no value."""
        if not value:
            return
        self.keep(LINE * 1.5)
        top = self.get_y()
        self.font(8.5)
        self.set_text_color(*MUTED)
        self.text_cell(LABEL_WIDTH - 3, LINE, name, new_x=XPos.RIGHT, new_y=YPos.TOP)
        label_bottom = self.get_y()
        page = self.page
        self.set_xy(self.l_margin + LABEL_WIDTH, top)
        family = MONO if mono else FONT
        self.font(8.5 if mono else 10, family=family)
        self.set_text_color(*INK)
        self.text_cell(self.epw - LABEL_WIDTH, LINE, value)
        if self.page == page:
            self.set_y(max(self.get_y(), label_bottom))
        self.gap(0.8)

    def badge(self, text: str, colour: tuple[int, int, int], size: float = 9) -> None:
        """A small filled label, left to right on the current line."""
        self.font(size, "B")
        self.set_fill_color(*colour)
        self.set_text_color(255, 255, 255)
        width = self.get_string_width(text) + 5
        self.cell(width, 6, text, fill=True, align=Align.C, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_x(self.get_x() + 2)
        self.set_text_color(*INK)

    def finish(self, password: str | None) -> bytes:
        """The document's bytes; with a password, AES-256 encrypted (metadata too)."""
        if password:
            self.set_encryption(
                owner_password=secrets.token_urlsafe(32),
                user_password=password,
                encryption_method=EncryptionMethod.AES_256,
                encrypt_metadata=True,
            )
        return bytes(self.output())

    def close_fonts(self) -> None:
        """Release the font files, which fontTools otherwise keeps open until collected."""
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    def footer(self) -> None:
        self.set_y(-13)
        self.font(8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text} · Page {self.page_no()} of {{nb}}", align=Align.C)
        self.set_text_color(*INK)


# -- the parts of a report --------------------------------------------------------------


def render_cover(pdf: ReportPDF, report: Report) -> None:
    pdf.add_page()
    pdf.gap(18)
    pdf.write_text("CONFIDENTIAL", size=10, style="B", colour=ACCENT)
    pdf.gap(2)
    if report.urgent:
        reason = " · includes a threat" if report.includes_threat else ""
        pdf.badge(f"Urgent{reason}", URGENT, size=10)
        pdf.ln(10)
    pdf.write_text("Online abuse received because of my work", size=22, style="B", height=10)
    pdf.gap(1)
    pdf.write_text("A report for my manager", size=13, colour=MUTED, height=7)
    pdf.gap(10)
    since, until = report.period()
    manager = report.manager_name
    if report.manager_email:
        manager = f"{manager} <{report.manager_email}>" if manager else report.manager_email
    pdf.field("Prepared by", report.practitioner or "Not given")
    pdf.field("For", manager or "Not given")
    if since or until:
        first, last = _day(since) or "the start", _day(until) or "now"
        pdf.field("Period", first if first == last else f"{first} to {last}")
    pdf.field("Generated", _when(report.generated_at))
    pdf.field("Times", f"in the {local_zone_name()} time zone")
    pdf.field("Contains", _contents(report) or "No entries")
    if report.export_id:
        pdf.field("Report id", report.export_id, mono=True)
    pdf.gap(8)
    pdf.rule()
    pdf.gap(5)
    notes = [
        f"This report was produced by {APP_NAME} from an encrypted record kept by the "
        "person named above. It contains only what they chose to share; notes they kept "
        "private are not included.",
        "Each entry shows the hash of its saved revision, and each piece of evidence its "
        "SHA-256, so it can be checked later that nothing has changed since it was recorded.",
        "Some entries quote the words or show the images that were received. They may be "
        "upsetting to read.",
    ]
    if report.redacted:
        notes.append("Some names have been replaced with initials or aliases.")
    if report.integrity:
        from journal.report_check import PDF_HOW_TO_CHECK

        position = report.integrity["chain"]
        notes.append(
            f"Journal position: change {position['seq']:,}, {position['head']}. " + PDF_HOW_TO_CHECK
        )
    for note in notes:
        pdf.write_text(note, size=10, colour=MUTED)
        pdf.gap(2)


def _contents(report: Report) -> str:
    counts = report.summary.counts_by_kind
    names = {
        "incident": ("incident", "incidents"),
        "search": ("search log entry", "search log entries"),
        "supervision": ("supervision record", "supervision records"),
        "checkin": ("wellbeing check-in", "wellbeing check-ins"),
    }
    return ", ".join(_plural(counts[k], *names[k]) for k in names if counts.get(k))


def _count_rows(pdf: ReportPDF, title: str, rows: Iterable[tuple[str, int]]) -> None:
    rows = [(name, count) for name, count in rows if count]
    if not rows:
        return
    pdf.keep(12 + 6 * len(rows))
    pdf.write_text(title, size=11, style="B")
    pdf.gap(1)
    for name, count in rows:
        pdf.font(10)
        pdf.cell(pdf.epw - 20, 6, pdf.clean(name), new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.font(10, "B")
        pdf.cell(20, 6, str(count), align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.gap(5)


def render_summary(pdf: ReportPDF, report: Report) -> None:
    pdf.add_page()
    pdf.heading("Summary", 17)
    summary = report.summary
    incidents = summary.counts_by_kind.get("incident", 0)
    if summary.open_threats:
        pdf.badge(_plural(summary.open_threats, "open threat", "open threats"), URGENT)
        pdf.ln(9)
    text = _contents(report) or "There are no entries in this report."
    pdf.write_text(f"This report contains {text}.", size=10.5)
    pdf.gap(4)
    if incidents:
        _count_rows(
            pdf,
            "Incidents by category",
            ((CATEGORY_LABELS[c], n) for c, n in summary.incidents_by_category.items()),
        )
        _count_rows(
            pdf,
            "Incidents by severity",
            ((SEVERITY_LABELS[s], n) for s, n in summary.incidents_by_severity.items()),
        )
    render_asks(pdf, report)


def render_asks(pdf: ReportPDF, report: Report) -> None:
    pdf.heading("What I am asking of you", 14)
    for number, ask in enumerate(report.asks, 1):
        pdf.keep(12)
        top = pdf.get_y()
        pdf.font(10.5, "B")
        pdf.set_text_color(*ACCENT)
        pdf.cell(8, LINE, f"{number}.", new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.set_xy(pdf.l_margin + 8, top)
        pdf.font(10.5)
        pdf.set_text_color(*INK)
        pdf.text_cell(pdf.epw - 8, LINE, ask.text)
        pdf.gap(2)
    if report.note:
        pdf.gap(2)
        pdf.write_text("In my own words", size=10.5, style="B")
        pdf.gap(1)
        pdf.write_text(report.note, size=10.5, fill=QUOTE_FILL, padding=(3, 4))


# -- sections, one renderer per kind ----------------------------------------------------


def _section_start(pdf: ReportPDF, entry: dict[str, Any], position: str) -> None:
    pdf.keep(45)
    if pdf.get_y() > pdf.t_margin + 1:
        pdf.gap(3)
        pdf.rule()
        pdf.gap(5)
    kind = KIND_LABELS.get(entry["kind"], entry["kind"])
    pdf.write_text(f"{kind} {position}", size=8.5, colour=MUTED)
    pdf.write_text(entry.get("title") or kind, size=14, style="B", height=7)
    pdf.gap(1.5)


def _text_block(pdf: ReportPDF, title: str, text: str, *, quote: bool = False) -> None:
    if not text.strip():
        return
    pdf.keep(16)
    pdf.gap(1.5)
    pdf.write_text(title, size=9.5, style="B", colour=MUTED)
    pdf.gap(0.5)
    if quote:
        pdf.write_text(text.strip(), size=10.5, fill=QUOTE_FILL, padding=(3, 4))
    else:
        pdf.write_text(text.strip(), size=10.5)
    pdf.gap(1.5)


def _actions_block(pdf: ReportPDF, title: str, actions: Sequence[dict[str, Any]]) -> None:
    if not actions:
        return
    pdf.keep(16)
    pdf.gap(1.5)
    pdf.write_text(title, size=9.5, style="B", colour=MUTED)
    pdf.gap(0.5)
    for action in actions:
        mark = "☑" if action.get("done") else "☐"
        details = []
        if action.get("who"):
            details.append(action["who"])
        if action.get("due"):
            details.append(f"due {_day(action['due'])}")
        if action.get("done_on"):
            details.append(f"done {_day(action['done_on'])}")
        elif action.get("done"):
            details.append("done")
        line = action["what"] + (f" ({', '.join(details)})" if details else "")
        pdf.keep(LINE + 1)
        top = pdf.get_y()
        pdf.font(10.5)
        pdf.cell(7, LINE, mark, new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.set_xy(pdf.l_margin + 7, top)
        pdf.text_cell(pdf.epw - 7, LINE, line)
        pdf.gap(0.8)
    pdf.gap(1)


def _times(pdf: ReportPDF, entry: dict[str, Any], occurred: str = "Occurred") -> None:
    pdf.field(occurred, _when(entry["occurred_at"]))
    pdf.field("Recorded", _when(entry["recorded_at"]))


def _revision(pdf: ReportPDF, entry: dict[str, Any]) -> None:
    pdf.keep(24)
    pdf.gap(1)
    pdf.field("Revision", f"{entry['revision']}, last saved {_when(entry['updated_at'])}")
    pdf.field("Revision hash", entry["hash"], mono=True)
    if entry.get("share_hash"):
        pdf.field("Shareable hash", entry["share_hash"], mono=True)
    pdf.field("Entry id", entry["id"], mono=True)


def render_incident(pdf: ReportPDF, entry: dict[str, Any]) -> None:
    severity = entry.get("severity", "")
    pdf.badge(SEVERITY_LABELS.get(severity, severity), SEVERITY_COLOURS.get(severity, MUTED))
    pdf.font(10)
    pdf.set_text_color(*MUTED)
    status = field_label(entry, "status")
    pdf.cell(
        0,
        6,
        pdf.clean(f"{field_label(entry, 'category')} · {status}"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(*INK)
    pdf.gap(3)
    _times(pdf, entry)
    platform = field_label(entry, "platform")
    content = field_label(entry, "content_type")
    pdf.field("Where", f"{platform}, {content.lower()}" if content else platform)
    pdf.field("Author handle", entry.get("author_handle", ""))
    pdf.field("Author's relation", field_label(entry, "author_relation"))
    pdf.field("Case reference", entry.get("case_ref", ""))
    pdf.field("Links", "\n".join(entry.get("urls") or []))
    pdf.field("Category", field_label(entry, "category"))
    pdf.field("Severity", label(SEVERITY_LABELS, severity))
    score = entry.get("impact_score")
    pdf.field("Impact", "not rated" if score is None else f"{score} out of 10")
    pdf.field("How it affected me", ", ".join(entry.get("impact_tags") or []))
    pdf.field("Status", status)
    pdf.field("Reported to platform", entry.get("platform_report_ref", ""))
    pdf.field("Platform's response", entry.get("platform_report_outcome", ""))
    _police_fields(pdf, entry)
    _text_block(pdf, "The exact words", entry.get("quoted_text", ""), quote=True)
    _text_block(pdf, "What happened", entry.get("description", ""))
    _actions_block(pdf, "Actions taken", entry.get("actions") or [])


def _police_fields(pdf: ReportPDF, entry: dict[str, Any]) -> None:
    """The police and legal trail (journal/legal.py), when there is one."""
    pdf.field("Reported to the police", _day(entry.get("police_reported_on")))
    pdf.field("Police force or station", entry.get("police_force", ""))
    pdf.field("Crime reference", entry.get("police_crime_ref", ""))
    pdf.field("Police officer", entry.get("police_officer", ""))
    pdf.field("Police outcome", entry.get("police_outcome", ""))
    orders = [
        ", ".join(
            part
            for part in (
                order.get("kind", ""),
                order.get("reference", ""),
                _day(order.get("made_on")),
            )
            if part
        )
        for order in entry.get("court_orders") or []
    ]
    pdf.field("Court orders", "\n".join(orders))


def render_checkin(pdf: ReportPDF, entry: dict[str, Any]) -> None:
    _times(pdf, entry, "When")
    pdf.field("Mood", f"{entry['mood']} out of 5")
    pdf.field("Stress", f"{entry['stress']} out of 10")
    pdf.field("Sleep", f"{entry['sleep']} out of 5")
    pdf.field("Confidence at work", f"{entry['confidence']} out of 5")
    if entry.get("raise_in_supervision"):
        pdf.field("Supervision", "I would like to raise this in supervision.")
    _text_block(pdf, "Note", entry.get("description", ""))


def render_search(pdf: ReportPDF, entry: dict[str, Any]) -> None:
    _times(pdf, entry, "When")
    pdf.field("What I looked up", entry.get("query", ""))
    pdf.field("Where", entry.get("where", ""))
    pdf.field("Case reference", entry.get("case_ref", ""))
    pdf.field("Why it was needed", entry.get("reason", ""))
    pdf.field("Agreed by", entry.get("agreed_by", ""))
    pdf.field("Outcome", entry.get("outcome", ""))
    _text_block(pdf, "Notes", entry.get("description", ""))


def render_supervision(pdf: ReportPDF, entry: dict[str, Any]) -> None:
    _times(pdf, entry, "Date")
    pdf.field("Supervisor", entry.get("supervisor", ""))
    pdf.field("Next supervision", _day(entry.get("next_date")))
    _text_block(pdf, "Wellbeing discussed", entry.get("wellbeing_discussed", ""))
    _text_block(pdf, "Notes", entry.get("description", ""))
    _actions_block(pdf, "Agreed actions", entry.get("actions") or [])


SECTION_RENDERERS: dict[str, Callable[[ReportPDF, dict[str, Any]], None]] = {
    "incident": render_incident,
    "checkin": render_checkin,
    "search": render_search,
    "supervision": render_supervision,
}


def render_section(pdf: ReportPDF, entry: dict[str, Any], load: AttachmentLoader) -> None:
    """An entry's own fields (by its kind), then its evidence and its revision."""
    SECTION_RENDERERS[entry["kind"]](pdf, entry)
    render_evidence(pdf, entry.get("attachments") or [], load)
    _revision(pdf, entry)


# -- evidence -----------------------------------------------------------------------------


def _open_image(data: bytes) -> tuple[Any, tuple[int, int]] | None:
    """What to place on the page and its size in pixels; None when it can't be shown safely.

    A JPEG that needs no scaling or turning is placed without decoding (fast and
    lossless; only its hidden details are cut out); anything else is decoded, turned
    upright and scaled in memory, which leaves its hidden details behind.
    """
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Any = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_DECODE_PIXELS:
                return None
            if (
                image.format == "JPEG"
                and image.mode in ("RGB", "L")
                and max(image.size) <= IMAGE_MAX_PIXELS
                and image.getexif().get(0x0112, 1) == 1  # no EXIF rotation
            ):
                from journal.export.clean_image import clean_jpeg

                return io.BytesIO(clean_jpeg(data)), image.size  # no EXIF, GPS, XMP, comments
            if image.format == "JPEG":
                image.draft("RGB", (IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS))
            image.load()
            image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        return None
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    if max(image.size) > IMAGE_MAX_PIXELS:
        image.thumbnail((IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS))
    return image, image.size


def _image_size(pdf: ReportPDF, pixels: tuple[int, int]) -> tuple[float, float]:
    """Width and height on the page in mm: natural size, shrunk to fit, never enlarged."""
    width_px, height_px = pixels
    width = width_px * 25.4 / IMAGE_DPI
    height = height_px * 25.4 / IMAGE_DPI
    scale = min(1.0, pdf.epw / width, IMAGE_MAX_HEIGHT / height)
    return width * scale, height * scale


@dataclass
class _Evidence:
    """One file, read and checked before drawing so its height is known in advance."""

    number: int
    item: dict[str, Any]
    matches: bool
    image: Any | None
    width: float
    height: float

    @classmethod
    def read(
        cls, pdf: ReportPDF, number: int, item: dict[str, Any], load: AttachmentLoader
    ) -> _Evidence:
        data = load(item["id"])
        matches = hashlib.sha256(data).hexdigest() == item["sha256"]
        shown = matches and item.get("mime", "").lower() in RENDERED_IMAGE_TYPES
        opened = _open_image(data) if shown else None
        if opened is None:
            return cls(number, item, matches, None, 0.0, 0.0)
        image, pixels = opened
        return cls(number, item, matches, image, *_image_size(pdf, pixels))

    @property
    def space(self) -> float:
        return self.height + 14

    def draw(self, pdf: ReportPDF) -> None:
        item = self.item
        if self.image is not None:
            pdf.keep(self.height + 16)
            top = pdf.get_y()
            pdf.image(self.image, x=pdf.l_margin, y=top, w=self.width, h=self.height)
            pdf.set_draw_color(*RULE)
            pdf.rect(pdf.l_margin, top, self.width, self.height)
            pdf.set_y(top + self.height + 1.5)
        caption = f"{self.number}. {item['filename']} · {_size(item['size'])}"
        caption += f" · captured {_when(item['captured_at'])}"
        if self.image is None and self.matches:
            caption += " · kept in the journal, not shown here"
        pdf.keep(12)
        pdf.write_text(caption, size=8.5, colour=MUTED, height=4.5)
        pdf.write_text(f"SHA-256 {item['sha256']}", size=7.5, family=MONO, height=4.2)
        if self.image is not None:
            from journal.export.clean_image import CLEANED_NOTE

            pdf.write_text(CLEANED_NOTE, size=7.5, colour=MUTED, height=4.2)
        if not self.matches:
            pdf.write_text(
                "This file no longer matches the SHA-256 recorded when it was added, so it is "
                "not shown. Run “practitioner-journal verify” and keep the journal as it is.",
                size=8.5,
                colour=URGENT,
                height=4.5,
            )
        pdf.gap(3)


def render_evidence(
    pdf: ReportPDF, attachments: Sequence[dict[str, Any]], load: AttachmentLoader
) -> None:
    """Each file read one at a time; images shown, others listed, all with their SHA-256."""
    if not attachments:
        return
    first = _Evidence.read(pdf, 1, attachments[0], load)
    pdf.keep(first.space + 10)  # the heading stays with the first file
    pdf.gap(1.5)
    pdf.write_text("Evidence", size=9.5, style="B", colour=MUTED)
    pdf.gap(1)
    first.draw(pdf)
    for number, item in enumerate(attachments[1:], 2):
        _Evidence.read(pdf, number, item, load).draw(pdf)


# -- the whole document ------------------------------------------------------------------


@cache
def _check_fonts() -> None:
    for filename in FONT_FILES.values():
        if not resource_path("fonts", filename).is_file():
            raise FileNotFoundError(resource_path("fonts", filename))


def render_pdf(
    report: Report,
    load_attachment: AttachmentLoader,
    *,
    password: str | None = None,
    on_entry: Callable[[], None] | None = None,
) -> bytes:
    """The report as PDF bytes, encrypted with AES-256 when a password is given."""
    _check_fonts()
    pdf = ReportPDF("Confidential")
    try:
        pdf.describe(
            "Report to manager",
            "Online abuse received because of my work",
            report.practitioner,
            report.generated_at,
        )
        render_cover(pdf, report)
        render_summary(pdf, report)
        counters: dict[str, int] = {}
        totals = {kind: 0 for kind in SECTION_RENDERERS}
        for entry in report.entries:
            totals[entry["kind"]] += 1
        if report.entries:
            pdf.add_page()
        for entry in report.entries:
            kind = entry["kind"]
            counters[kind] = counters.get(kind, 0) + 1
            _section_start(pdf, entry, f"{counters[kind]} of {totals[kind]}")
            render_section(pdf, entry, load_attachment)
            if on_entry is not None:
                on_entry()
        return pdf.finish(password)
    finally:
        pdf.close_fonts()
