"""Windows: Simple MAPI for the classic email programs, an unsent ``.eml`` for the new Outlook.

``MAPISendMailW`` (mapi32.dll) opens a new message in the default email program with the
file attached; it is called modeless, on its own thread, with recipients as ``SMTP:…``.
The new Outlook has no Simple MAPI: it opens an ``.eml`` carrying ``X-Unsent: 1`` as a
draft, so one is written (private folder) and given to ``olk.exe``.

The structures and the ``.eml`` are built by plain functions, so they can be checked on
any platform; only ``WindowsMailer`` calls the system.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import tempfile
import threading
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from journal.export.mailer import NO_PROGRAM, Draft, DraftResult
from journal.export.mailer._launch import SETTLE_SECONDS, launch

MAPI_TO = 1
MAPI_LOGON_UI = 0x00000001
MAPI_DIALOG_MODELESS = 0x00000004
MAPI_DIALOG = 0x00000008
SEND_FLAGS = MAPI_LOGON_UI | MAPI_DIALOG | MAPI_DIALOG_MODELESS
SUCCESS_SUCCESS = 0
MAPI_USER_ABORT = 1

ULONG = ctypes.c_uint32  # Windows' ULONG is 32 bits everywhere


class MapiRecipDescW(ctypes.Structure):
    _fields_ = [
        ("ulReserved", ULONG),
        ("ulRecipClass", ULONG),
        ("lpszName", ctypes.c_wchar_p),
        ("lpszAddress", ctypes.c_wchar_p),
        ("ulEIDSize", ULONG),
        ("lpEntryID", ctypes.c_void_p),
    ]


class MapiFileDescW(ctypes.Structure):
    _fields_ = [
        ("ulReserved", ULONG),
        ("flFlags", ULONG),
        ("nPosition", ULONG),
        ("lpszPathName", ctypes.c_wchar_p),
        ("lpszFileName", ctypes.c_wchar_p),
        ("lpFileType", ctypes.c_void_p),
    ]


class MapiMessageW(ctypes.Structure):
    _fields_ = [
        ("ulReserved", ULONG),
        ("lpszSubject", ctypes.c_wchar_p),
        ("lpszNoteText", ctypes.c_wchar_p),
        ("lpszMessageType", ctypes.c_wchar_p),
        ("lpszDateReceived", ctypes.c_wchar_p),
        ("lpszConversationID", ctypes.c_wchar_p),
        ("flFlags", ULONG),
        ("lpOriginator", ctypes.POINTER(MapiRecipDescW)),
        ("nRecipCount", ULONG),
        ("lpRecips", ctypes.POINTER(MapiRecipDescW)),
        ("nFileCount", ULONG),
        ("lpFiles", ctypes.POINTER(MapiFileDescW)),
    ]


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def mapi_message(draft: Draft) -> tuple[MapiMessageW, list[Any]]:
    """The message for ``MAPISendMailW``, and the objects that must outlive the call."""
    recipient = MapiRecipDescW(
        ulRecipClass=MAPI_TO, lpszName=draft.to, lpszAddress=f"SMTP:{draft.to}"
    )
    path = Path(draft.attachment)
    attachment = MapiFileDescW(
        nPosition=0xFFFFFFFF,  # "anywhere": the program chooses
        lpszPathName=str(path),
        lpszFileName=path.name,
    )
    recipients = (MapiRecipDescW * 1)(recipient)
    files = (MapiFileDescW * 1)(attachment)
    message = MapiMessageW(
        lpszSubject=draft.subject,
        lpszNoteText=crlf(draft.body),
        nRecipCount=1,
        lpRecips=ctypes.cast(recipients, ctypes.POINTER(MapiRecipDescW)),
        nFileCount=1,
        lpFiles=ctypes.cast(files, ctypes.POINTER(MapiFileDescW)),
    )
    return message, [recipients, files]


def unsent_eml(draft: Draft) -> bytes:
    """An email the new Outlook opens as a draft: ``X-Unsent: 1``, the file attached."""
    message = EmailMessage()
    message["To"] = draft.to
    message["Subject"] = draft.subject
    message["X-Unsent"] = "1"
    message.set_content(draft.body)
    path = Path(draft.attachment)
    message.add_attachment(
        path.read_bytes(), maintype="application", subtype="pdf", filename=path.name
    )
    return bytes(message)


def olk_path() -> str | None:
    """The new Outlook's program, where Windows puts it for the person."""
    found = shutil.which("olk.exe") or shutil.which("olk")
    if found:
        return found
    local = os.environ.get("LOCALAPPDATA", "")
    candidate = Path(local) / "Microsoft" / "WindowsApps" / "olk.exe"
    return str(candidate) if local and candidate.exists() else None


class WindowsMailer:
    def open_draft(self, draft: Draft) -> DraftResult:
        if self._mapi(draft):
            return DraftResult(True, "your email program")
        olk = olk_path()
        if olk is not None and self._outlook(olk, draft):
            return DraftResult(True, "Outlook")
        return DraftResult(False, reason=NO_PROGRAM)

    def _mapi(self, draft: Draft) -> bool:
        """Simple MAPI on its own thread: some programs return only when the message closes."""
        try:
            mapi = ctypes.WinDLL("mapi32.dll")  # type: ignore[attr-defined]
            send = mapi.MAPISendMailW
        except (OSError, AttributeError):
            return False
        send.restype = ULONG
        send.argtypes = [
            ctypes.c_size_t, ctypes.c_size_t, ctypes.POINTER(MapiMessageW), ULONG, ULONG,
        ]  # fmt: skip
        outcome: list[int] = []

        def call() -> None:
            message, keep = mapi_message(draft)
            outcome.append(int(send(0, 0, ctypes.byref(message), SEND_FLAGS, 0)))
            del keep

        worker = threading.Thread(target=call, name="mapi-send", daemon=True)
        worker.start()
        worker.join(SETTLE_SECONDS)
        if worker.is_alive():
            return True  # the compose window is open and waiting for the person
        return bool(outcome) and outcome[0] in (SUCCESS_SUCCESS, MAPI_USER_ABORT)

    def _outlook(self, olk: str, draft: Draft) -> bool:
        folder = Path(tempfile.mkdtemp(prefix="report-email-"))
        eml = folder / (Path(draft.attachment).stem + ".eml")
        fd = os.open(eml, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(unsent_eml(draft))
        return launch([olk, str(eml)])

    def reveal(self, path: Path) -> bool:
        try:
            subprocess.Popen(["explorer", f"/select,{Path(path)}"])  # noqa: S607
        except OSError:
            return False
        return True
