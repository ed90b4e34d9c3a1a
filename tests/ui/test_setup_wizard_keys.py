"""Every page of the set-up wizard (the restore path's too) gives each Alt+letter to one
thing only, counting the wizard's own buttons as they read on that page."""

from __future__ import annotations

import re

import pytest
from helpers.qt import show
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget, QWizard, QWizardPage
from pytestqt.qtbot import QtBot
from shell_helpers import OFFSCREEN_NOISE

from ui.operations import Operations
from ui.setup_wizard import SetupWizard

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
_KEY = re.compile(r"&([^&])")


def _key(text: str) -> str | None:
    found = _KEY.search(text)
    return found.group(1).lower() if found else None


def page_mnemonics(wizard: QWizard, page: QWizardPage) -> list[tuple[str, str]]:
    """(letter, text) for what the page shows and the wizard buttons shown with it."""
    found: list[tuple[str, str]] = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            key = _key(widget.text())
            if key:
                found.append((key, widget.text()))
    B = QWizard.WizardButton
    buttons = [B.CancelButton]
    if page is not wizard.page(wizard.startId()):
        buttons.append(B.BackButton)
    if page.isCommitPage():
        buttons.append(B.CommitButton)
    elif page.isFinalPage() or page.nextId() < 0:
        buttons.append(B.FinishButton)
    else:
        buttons.append(B.NextButton)
    for which in buttons:
        text = page.buttonText(which)
        key = _key(text)
        if key:
            found.append((key, text))
    return found


def test_no_two_things_share_an_alt_key_on_any_page(qtbot: QtBot, ops: Operations) -> None:
    wizard = show(qtbot, SetupWizard(ops))
    assert len(wizard.pageIds()) >= 7  # the set-up pages and the restore path's
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        keys = page_mnemonics(wizard, page)
        letters = [k for k, _ in keys]
        assert len(letters) == len(set(letters)), (page.objectName(), sorted(keys))
    method = page_mnemonics(wizard, wizard.method)
    assert {k for k, _ in method} >= {"p", "a", "c", "l"}, method
