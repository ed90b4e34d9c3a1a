"""Words and dates shared by the reports screens, through Qt's translation system."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from journal.models import KIND_LABELS


def kind_text(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return QCoreApplication.translate("journal", label) if label else kind


def _local(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def day_text(moment: datetime) -> str:
    """ "3 March 2026" in the person's own time zone."""
    return QLocale().toString(_local(moment).date(), "d MMMM yyyy")


def short_day_text(moment: datetime) -> str:
    return QLocale().toString(_local(moment).date(), "d MMM yyyy")


def time_text(moment: datetime) -> str:
    """ "3 Mar 2026, 14:05" in the person's own time zone."""
    return QLocale().toString(_local(moment), "d MMM yyyy, HH:mm")


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))
