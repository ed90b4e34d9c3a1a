"""Linux: ask the desktop which program handles ``mailto:``, and talk to it in its own terms.

``mailto:`` can't carry a file, and ``xdg-email --attach`` only works for some programs
(xdg-utils 1.2 and later drop the file for any program but Thunderbird). So:

- Thunderbird: ``thunderbird -compose "to='…',subject='…',message='BODY FILE',attachment='file:///…'"``;
- KMail: ``kmail --composer --subject … --body … --attach file:///… ADDRESS``;
- Evolution: ``evolution "mailto:ADDRESS?subject=…&body=…&attach=file:///…"``;
- anything else: ``xdg-email --attach`` when this xdg-email still passes the file on,
  otherwise no draft (the caller shows the file instead).

The program is started the way its desktop file says (so Flatpak and Snap copies work),
or by its usual name on ``PATH``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from journal.export.mailer import NO_PROGRAM, Draft, DraftResult
from journal.export.mailer._launch import launch, output

THUNDERBIRD = "thunderbird"
KMAIL = "kmail"
EVOLUTION = "evolution"
OTHER = "other"
NAMES = {THUNDERBIRD: "Thunderbird", KMAIL: "KMail", EVOLUTION: "Evolution"}
BODY_FILE_SECONDS = 300  # Thunderbird reads the body file after it starts: keep it a while

_FIELD_CODE = re.compile(r"^%[a-zA-Z]$")


def client_of(desktop_id: str) -> str:
    """Which program a ``.desktop`` id names, e.g. ``org.mozilla.Thunderbird.desktop``."""
    name = desktop_id.strip().lower()
    if not name:
        return ""
    for client in (THUNDERBIRD, KMAIL, EVOLUTION):
        if client in name:
            return client
    return OTHER


def file_url(path: Path) -> str:
    return "file://" + quote(str(Path(path).resolve()), safe="/")


def _plain(text: str) -> str:
    """A value Thunderbird's ``-compose`` list can hold: no quotes or line ends."""
    return " ".join(text.replace("'", "’").split())


def thunderbird_args(draft: Draft, body_file: Path) -> list[str]:
    fields = ",".join(
        (
            f"to='{_plain(draft.to)}'",
            f"subject='{_plain(draft.subject)}'",
            f"message='{body_file}'",
            f"attachment='{file_url(draft.attachment)}'",
        )
    )
    return ["-compose", fields]


def kmail_args(draft: Draft) -> list[str]:
    return [
        "--composer",
        "--subject",
        draft.subject,
        "--body",
        draft.body,
        "--attach",
        file_url(draft.attachment),
        draft.to,
    ]


def evolution_args(draft: Draft) -> list[str]:
    body = draft.body.replace("\r\n", "\n").replace("\n", "\r\n")
    return [
        f"mailto:{quote(draft.to, safe='@')}?subject={quote(draft.subject, safe='')}"
        f"&body={quote(body, safe='')}&attach={quote(file_url(draft.attachment), safe='')}"
    ]


def xdg_email_args(draft: Draft) -> list[str]:
    return [
        "--utf8",
        "--subject",
        draft.subject,
        "--body",
        draft.body,
        "--attach",
        str(Path(draft.attachment).resolve()),
        draft.to,
    ]


def xdg_email_keeps_attachments(version_text: str | None) -> bool:
    """xdg-email before 1.2 passes ``--attach`` on to any program; 1.2 and later only to
    Thunderbird (which is handled directly here)."""
    if not version_text:
        return False
    found = re.search(r"(\d+)\.(\d+)", version_text)
    if found is None:
        return False
    return (int(found.group(1)), int(found.group(2))) < (1, 2)


def desktop_exec(desktop_id: str, env: Mapping[str, str]) -> list[str] | None:
    """The command a desktop file starts, without its field codes, or None."""
    home = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".local/share")
    dirs = [home, *(env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")]
    for folder in dirs:
        path = Path(folder) / "applications" / desktop_id
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        in_entry = False
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("["):
                in_entry = line == "[Desktop Entry]"
            elif in_entry and line.startswith("Exec="):
                try:
                    parts = shlex.split(line[len("Exec=") :])
                except ValueError:
                    return None
                # Field codes (%u) and Flatpak's file-forwarding marks (@@u … @@) go.
                return [p for p in parts if not _FIELD_CODE.match(p) and not p.startswith("@@")]
    return None


class LinuxMailer:
    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = env

    @property
    def env(self) -> dict[str, str]:
        return dict(self._env if self._env is not None else os.environ)

    def default_handler(self) -> str:
        """The desktop id of the default ``mailto:`` program, or ""."""
        found = output(["xdg-mime", "query", "default", "x-scheme-handler/mailto"], self.env)
        return (found or "").strip().splitlines()[0] if (found or "").strip() else ""

    def program(self, desktop_id: str, client: str) -> list[str] | None:
        """How to start the program: its desktop file's command, or its name on PATH."""
        env = self.env
        command = desktop_exec(desktop_id, env) if desktop_id else None
        if command and shutil.which(command[0], path=env.get("PATH")):
            return command
        found = shutil.which(client, path=env.get("PATH"))
        return [found] if found else None

    def command(self, draft: Draft) -> tuple[str, list[str]] | None:
        """The program's name and the command that opens the draft, or None."""
        desktop_id = self.default_handler()
        client = client_of(desktop_id)
        if client in (THUNDERBIRD, KMAIL, EVOLUTION):
            start = self.program(desktop_id, client)
            if start is None:
                return None
            if client == THUNDERBIRD:
                return NAMES[client], start + thunderbird_args(draft, self._body_file(draft))
            if client == KMAIL:
                return NAMES[client], start + kmail_args(draft)
            return NAMES[client], start + evolution_args(draft)
        xdg_email = shutil.which("xdg-email", path=self.env.get("PATH"))
        if xdg_email and xdg_email_keeps_attachments(output([xdg_email, "--version"], self.env)):
            return "your email program", [xdg_email, *xdg_email_args(draft)]
        return None

    def open_draft(self, draft: Draft) -> DraftResult:
        command = self.command(draft)
        if command is None:
            return DraftResult(False, reason=NO_PROGRAM)
        name, args = command
        if not launch(args, self.env):
            return DraftResult(False, name, reason=f"{name} didn't open a new message.")
        # xdg-email can't tell whether the program took the file.
        return DraftResult(True, name, check_attachment=args[0].endswith("xdg-email"))

    def reveal(self, path: Path) -> bool:
        """The file selected in the file manager, or at least its folder opened."""
        env = self.env
        dbus_send = shutil.which("dbus-send", path=env.get("PATH"))
        if dbus_send and launch(
            [
                dbus_send, "--session", "--print-reply", "--dest=org.freedesktop.FileManager1",
                "--type=method_call", "/org/freedesktop/FileManager1",
                "org.freedesktop.FileManager1.ShowItems",
                f"array:string:{file_url(path)}", "string:",
            ],
            env,
        ):  # fmt: skip
            return True
        xdg_open = shutil.which("xdg-open", path=env.get("PATH"))
        return bool(xdg_open) and launch([str(xdg_open), str(Path(path).parent)], env)

    def _body_file(self, draft: Draft) -> Path:
        """Thunderbird takes the body from a file: a private one, removed again later.

        The body holds no journal text (see ``journal.export.mail``)."""
        folder = Path(tempfile.mkdtemp(prefix="report-email-"))
        body = folder / "message.txt"
        fd = os.open(body, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(draft.body)
        timer = threading.Timer(BODY_FILE_SECONDS, _remove, args=(folder,))
        timer.daemon = True
        timer.start()
        return body


def _remove(folder: Path) -> None:
    with contextlib.suppress(OSError):
        shutil.rmtree(folder)
