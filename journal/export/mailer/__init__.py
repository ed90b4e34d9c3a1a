"""A new email draft with a file attached, in the person's own email program.

One small interface, ``Mailer``, with one implementation per platform and a fake
for tests. It knows nothing of the journal: it takes an address, a subject, a
body and a file, opens a *draft* (nothing is ever sent by the app), and says
honestly whether a draft with the file attached opened. When no email program
can take an attachment, the caller shows the file in its folder (``reveal``) and
tells the person what to do.

``mailto:`` links can't carry files, so each platform has its own way:
Linux talks to Thunderbird, KMail and Evolution directly (``linux.py``),
Windows uses Simple MAPI or, for the new Outlook, an unsent ``.eml``
(``windows.py``), and macOS asks Mail (``macos.py``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Draft:
    """What goes into the new message."""

    to: str
    subject: str
    body: str
    attachment: Path


@dataclass(frozen=True)
class DraftResult:
    """What happened when the draft was asked for.

    ``opened``: a new message to ``to`` opened in ``program`` with the file attached.
    ``check_attachment``: it opened, but the program can't confirm the file went in.
    ``reason``: when it didn't open, why, in words for the person.
    """

    opened: bool
    program: str = ""
    check_attachment: bool = False
    reason: str = ""


class Mailer(Protocol):
    def open_draft(self, draft: Draft) -> DraftResult:
        """Open a new message; never send it. Call off the UI thread: it may wait a little."""
        ...

    def reveal(self, path: Path) -> bool:
        """Show the file in its folder (selected where the file manager can)."""
        ...


NO_PROGRAM = "No email program on this computer can be given the report as an attachment."


@dataclass
class FakeMailer:
    """For tests: records every draft and reveal, and answers as told."""

    result: DraftResult = field(default_factory=lambda: DraftResult(True, "Fake Mail"))
    drafts: list[Draft] = field(default_factory=list)
    revealed: list[Path] = field(default_factory=list)

    def open_draft(self, draft: Draft) -> DraftResult:
        self.drafts.append(draft)
        return self.result

    def reveal(self, path: Path) -> bool:
        self.revealed.append(path)
        return True


def default_mailer() -> Mailer:
    """The mailer for this platform."""
    if sys.platform.startswith("win"):
        from journal.export.mailer.windows import WindowsMailer

        return WindowsMailer()
    if sys.platform == "darwin":
        from journal.export.mailer.macos import MacMailer

        return MacMailer()
    from journal.export.mailer.linux import LinuxMailer

    return LinuxMailer()


__all__ = ["NO_PROGRAM", "Draft", "DraftResult", "FakeMailer", "Mailer", "default_mailer"]
