"""macOS: Mail's compose window through the sharing service, or AppleScript to Mail.

When Mail is the default email program, ``NSSharingService`` (through PyObjC, when it is
installed) opens a new message with the file attached; without PyObjC, AppleScript asks
Mail to do the same (macOS asks the person once to allow it). Another default program
has no such door: the caller shows the file instead and says so. (An ``.eml`` marked
``X-Unsent`` does not open as a draft on macOS.)
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from journal.export.mailer import Draft, DraftResult
from journal.export.mailer._launch import SETTLE_SECONDS

MAIL_BUNDLE = "com.apple.mail"
NOT_MAIL = (
    "Your default email program on this Mac can't be given the report as an attachment; "
    "only Apple Mail can."
)


def applescript_text(text: str) -> str:
    """A string literal for AppleScript."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def applescript(draft: Draft) -> str:
    path = str(Path(draft.attachment).resolve())
    return "\n".join(
        (
            'tell application "Mail"',
            "    set newMessage to make new outgoing message with properties "
            f"{{subject:{applescript_text(draft.subject)}, "
            f"content:{applescript_text(draft.body)} & return & return, visible:true}}",
            "    tell newMessage",
            "        make new to recipient at end of to recipients with properties "
            f"{{address:{applescript_text(draft.to)}}}",
            "        make new attachment with properties "
            f"{{file name:(POSIX file {applescript_text(path)})}} at after the last paragraph",
            "    end tell",
            "    activate",
            "end tell",
        )
    )


def default_mail_bundle() -> str | None:
    """The bundle id of the default ``mailto:`` program, when PyObjC can tell."""
    try:
        from AppKit import NSWorkspace  # type: ignore[import-not-found]
        from Foundation import NSURL  # type: ignore[import-not-found]
    except ImportError:
        return None
    app = NSWorkspace.sharedWorkspace().URLForApplicationToOpenURL_(NSURL.URLWithString_("mailto:"))
    if app is None:
        return None
    from Foundation import NSBundle

    bundle = NSBundle.bundleWithURL_(app)
    return str(bundle.bundleIdentifier()) if bundle is not None else None


class MacMailer:
    def open_draft(self, draft: Draft) -> DraftResult:
        bundle = default_mail_bundle()
        if bundle is not None and bundle.lower() != MAIL_BUNDLE:
            return DraftResult(False, reason=NOT_MAIL)
        if self._sharing_service(draft) or self._applescript(draft):
            return DraftResult(True, "Mail")
        return DraftResult(False, reason=NOT_MAIL)

    def _sharing_service(self, draft: Draft) -> bool:
        try:
            from AppKit import NSSharingService
            from Foundation import NSURL
        except ImportError:
            return False
        service = NSSharingService.sharingServiceNamed_("com.apple.share.Mail.compose")
        if service is None:
            return False
        service.setRecipients_([draft.to])
        service.setSubject_(draft.subject)
        items = [draft.body, NSURL.fileURLWithPath_(str(Path(draft.attachment).resolve()))]
        if not service.canPerformWithItems_(items):
            return False
        service.performWithItems_(items)
        return True

    def _applescript(self, draft: Draft) -> bool:
        try:
            done = subprocess.run(
                ["/usr/bin/osascript", "-e", applescript(draft)],
                capture_output=True,
                timeout=SETTLE_SECONDS * 6,  # the first time, macOS asks the person
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        return done.returncode == 0

    def reveal(self, path: Path) -> bool:
        try:
            subprocess.Popen(["/usr/bin/open", "-R", str(path)])
        except OSError:
            return False
        return True
