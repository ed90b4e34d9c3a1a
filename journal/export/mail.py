"""The email that goes with a report: drafted here, opened by the app as a ``mailto:`` link.

Nothing from the entries goes in the subject or body: mail passes through
servers and previews. The password, when there is one, is never in the email;
the message says it follows by another channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from journal.export.engine import ExportResult
from journal.export.selection import ReportRequest


@dataclass(frozen=True)
class EmailDraft:
    to: str
    subject: str
    body: str

    def mailto_url(self) -> str:
        """RFC 6068: the address and both fields percent-encoded, line ends as CRLF."""
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        return (
            f"mailto:{quote(self.to, safe='@')}"
            f"?subject={quote(self.subject, safe='')}&body={quote(body, safe='')}"
        )


def _day(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{local.day} {local.strftime('%B %Y')}"


def draft_email(result: ExportResult, request: ReportRequest) -> EmailDraft:
    record = result.record
    count = len(result.entry_ids)
    entries = "1 entry" if count == 1 else f"{count} entries"
    if request.urgent:
        subject = (
            "Urgent: a threat I received because of my work"
            if result.includes_threat
            else "Urgent: online abuse I received because of my work"
        )
    else:
        subject = f"Report: online abuse received because of my work ({entries})"
    name = request.manager_name.split()
    greeting = f"Dear {name[0]}," if name else "Hello,"
    lines = [greeting, ""]
    period = ""
    if record.period_since and record.period_until:
        first, last = _day(record.period_since), _day(record.period_until)
        period = f" on {first}" if first == last else f" from {first} to {last}"
    lines.append(
        f"I've attached a report of online abuse I've received because of my work: "
        f"{entries}{period}."
    )
    if result.includes_threat:
        lines += [
            "",
            "It includes a threat. Please could we arrange a risk assessment with legal and HR.",
        ]
    if result.encrypted:
        lines += [
            "",
            "The PDF is protected with a password. I'll give you the password separately, "
            "by phone or text message, not by email.",
        ]
    lines += ["", "Please let me know when you've received it.", ""]
    lines.append("To check the files haven't changed on the way, their SHA-256 hashes are:")
    for fmt, path in result.files.items():
        lines.append(f"{path.name}: {result.sha256s[fmt]}")
    lines += ["", "Thank you,"]
    if request.practitioner.strip():
        lines.append(request.practitioner.strip())
    return EmailDraft(to=request.manager_email.strip(), subject=subject, body="\n".join(lines))
