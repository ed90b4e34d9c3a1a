"""Email drafts with the report attached: the command each mail program is given.

Linux is exercised for real: fake ``xdg-mime``, ``thunderbird``, ``kmail``, ``evolution``
and ``xdg-email`` scripts on PATH record their arguments. Windows and macOS are checked
for what they build (the MAPI structures, the unsent ``.eml``, the AppleScript) without
calling those systems.
"""

from __future__ import annotations

import ctypes
import email
import email.policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from helpers.fake_mail import FakeMail

from journal.export.mailer import NO_PROGRAM, Draft, FakeMailer
from journal.export.mailer.linux import LinuxMailer, client_of, xdg_email_keeps_attachments
from journal.export.mailer.macos import applescript
from journal.export.mailer.windows import (
    MAPI_DIALOG,
    MAPI_DIALOG_MODELESS,
    MAPI_LOGON_UI,
    MAPI_TO,
    SEND_FLAGS,
    mapi_message,
    unsent_eml,
)

BODY = "Dear Sam,\n\nI've attached a report, with commas, and 'quotes'.\n\nThank you,\nAlex"
SUBJECT = "Report: online abuse received because of my work (2 entries)"


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    folder = tmp_path / "My Reports"
    folder.mkdir()
    path = folder / "report-to-manager-2026-12-04-0930.pdf"
    path.write_bytes(b"%PDF-1.7 not really")
    return path


@pytest.fixture
def fake(tmp_path: Path) -> FakeMail:
    return FakeMail(tmp_path / "bin")


def draft(pdf: Path) -> Draft:
    return Draft(to="sam.carter@example.org", subject=SUBJECT, body=BODY, attachment=pdf)


def test_thunderbird_gets_compose_with_the_file_and_a_body_file(fake: FakeMail, pdf: Path) -> None:
    result = LinuxMailer(fake.env()).open_draft(draft(pdf))
    assert result.opened and result.program == "Thunderbird" and not result.check_attachment
    [call] = fake.calls("thunderbird")
    assert call["args"][0] == "-compose"
    fields = call["args"][1]
    assert fields.startswith("to='sam.carter@example.org',subject='" + SUBJECT + "',message='")
    assert fields.endswith(",attachment='file://" + str(pdf).replace(" ", "%20") + "'")
    assert call["message_text"] == BODY  # the body goes in a file, untouched


def test_the_desktop_file_says_how_to_start_it(fake: FakeMail, pdf: Path, tmp_path: Path) -> None:
    share = tmp_path / "share"
    (share / "applications").mkdir(parents=True)
    wrapper = fake.write_program("flatpak-run", "thunderbird")
    (share / "applications" / "org.mozilla.Thunderbird.desktop").write_text(
        "[Desktop Action compose]\nExec=nothing\n[Desktop Entry]\nName=Thunderbird\n"
        f"Exec={wrapper} run --command=thunderbird org.mozilla.Thunderbird @@u %u @@\n"
    )
    fake.configure(handler="org.mozilla.Thunderbird.desktop")
    assert LinuxMailer(fake.env(share)).open_draft(draft(pdf)).opened
    [call] = fake.calls("thunderbird")
    assert call["argv0"] == str(wrapper)
    assert call["args"][:3] == ["run", "--command=thunderbird", "org.mozilla.Thunderbird"]
    assert call["args"][3] == "-compose" and len(call["args"]) == 5


def test_kmail_gets_its_composer_options(fake: FakeMail, pdf: Path) -> None:
    fake.configure(handler="org.kde.kmail2.desktop")
    result = LinuxMailer(fake.env()).open_draft(draft(pdf))
    assert result.opened and result.program == "KMail"
    [call] = fake.calls("kmail")
    assert call["args"] == [
        "--composer", "--subject", SUBJECT, "--body", BODY,
        "--attach", "file://" + str(pdf).replace(" ", "%20"), "sam.carter@example.org",
    ]  # fmt: skip


def test_evolution_gets_a_mailto_with_attach(fake: FakeMail, pdf: Path) -> None:
    fake.configure(handler="org.gnome.Evolution.desktop")
    assert LinuxMailer(fake.env()).open_draft(draft(pdf)).program == "Evolution"
    [call] = fake.calls("evolution")
    [url] = call["args"]
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and unquote(parts.path) == "sam.carter@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == [SUBJECT]
    assert query["body"] == [BODY.replace("\n", "\r\n")]
    assert query["attach"] == ["file://" + str(pdf).replace(" ", "%20")]


def test_other_programs_use_xdg_email_only_while_it_keeps_attachments(
    fake: FakeMail, pdf: Path
) -> None:
    fake.configure(handler="org.gnome.Geary.desktop", xdg_email_version="1.1.3")
    result = LinuxMailer(fake.env()).open_draft(draft(pdf))
    assert result.opened and result.check_attachment  # it can't tell us the file went in
    [call] = fake.calls("xdg-email")
    assert call["args"][-3:] == ["--attach", str(pdf), "sam.carter@example.org"]

    # xdg-utils 1.2 drops the file for anything but Thunderbird: no draft, honestly.
    fake.calls_file.unlink()
    fake.configure(handler="org.gnome.Geary.desktop", xdg_email_version="1.2.1")
    result = LinuxMailer(fake.env()).open_draft(draft(pdf))
    assert not result.opened and result.reason == NO_PROGRAM
    assert fake.calls() == []


@pytest.mark.parametrize(
    ("handler", "exit_codes"),
    [("", {}), ("thunderbird.desktop", {"thunderbird": 1})],
)
def test_no_program_or_a_failing_one_opens_no_draft(
    fake: FakeMail, pdf: Path, handler: str, exit_codes: dict[str, int]
) -> None:
    fake.configure(handler=handler, xdg_email_version="1.2.1", exit_codes=exit_codes)
    result = LinuxMailer(fake.env()).open_draft(draft(pdf))
    assert not result.opened and result.reason


def test_reveal_selects_the_file_in_the_file_manager(fake: FakeMail, pdf: Path) -> None:
    assert LinuxMailer(fake.env()).reveal(pdf)
    [call] = fake.calls("dbus-send")
    assert "org.freedesktop.FileManager1.ShowItems" in call["args"]
    assert "array:string:file://" + str(pdf).replace(" ", "%20") in call["args"]
    fake.configure(exit_codes={"dbus-send": 1})
    assert LinuxMailer(fake.env()).reveal(pdf)
    assert fake.calls("xdg-open")[0]["args"] == [str(pdf.parent)]


def test_desktop_ids_name_their_program() -> None:
    assert client_of("userapp-Thunderbird-ABC123.desktop") == "thunderbird"
    assert client_of("org.kde.kmail2.desktop") == "kmail"
    assert client_of("evolution.desktop") == "evolution"
    assert client_of("firefox.desktop") == "other"
    assert client_of("") == ""
    assert xdg_email_keeps_attachments("xdg-email 1.1.3")
    assert not xdg_email_keeps_attachments("xdg-email 1.2.1")
    assert not xdg_email_keeps_attachments(None)


def test_the_fake_mailer_records_and_answers(pdf: Path) -> None:
    fake = FakeMailer()
    assert fake.open_draft(draft(pdf)).opened and fake.drafts == [draft(pdf)]


# -- Windows and macOS: what is built ---------------------------------------------------


def test_simple_mapi_message_has_an_smtp_recipient_and_the_file(pdf: Path) -> None:
    message, keep = mapi_message(draft(pdf))
    assert message.lpszSubject == SUBJECT
    assert message.lpszNoteText == BODY.replace("\n", "\r\n")
    assert message.nRecipCount == 1 and message.nFileCount == 1
    recipient = message.lpRecips[0]
    assert recipient.ulRecipClass == MAPI_TO
    assert recipient.lpszAddress == "SMTP:sam.carter@example.org"
    attached = message.lpFiles[0]
    assert attached.lpszPathName == str(pdf) and attached.lpszFileName == pdf.name
    assert attached.nPosition == 0xFFFFFFFF
    assert SEND_FLAGS == MAPI_LOGON_UI | MAPI_DIALOG | MAPI_DIALOG_MODELESS
    assert ctypes.sizeof(message.lpRecips[0]) > 0 and len(keep) == 2


def test_the_new_outlook_gets_an_unsent_eml_with_the_file(pdf: Path) -> None:
    parsed = email.message_from_bytes(unsent_eml(draft(pdf)), policy=email.policy.default)
    assert parsed["X-Unsent"] == "1"
    assert parsed["To"] == "sam.carter@example.org" and parsed["Subject"] == SUBJECT
    body = parsed.get_body(("plain",))
    assert body is not None and body.get_content().strip() == BODY
    [attachment] = list(parsed.iter_attachments())
    assert attachment.get_filename() == pdf.name
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf.read_bytes()


def test_applescript_to_mail_quotes_everything(pdf: Path) -> None:
    tricky = Draft(to="sam@example.org", subject='A "quoted" \\ subject', body=BODY, attachment=pdf)
    script = applescript(tricky)
    assert 'subject:"A \\"quoted\\" \\\\ subject"' in script
    assert f'POSIX file "{pdf.resolve()}"' in script
    assert '{address:"sam@example.org"}' in script
    assert script.startswith('tell application "Mail"')
