"""Words for the core's stored values, through Qt's translation system.

The core keeps English labels beside its values (``journal.models``); the app
shows them translated, so every screen of the incidents page asks here.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

from journal.models import (
    AUTHOR_RELATION_LABELS,
    CATEGORY_LABELS,
    CONTENT_TYPE_LABELS,
    PLATFORM_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
)

_CONTEXT = "journal"


def _translate(table: dict[str, str], key: str) -> str:
    text = table.get(key)
    if text is None:
        return key
    return QCoreApplication.translate(_CONTEXT, text)


def category(key: str) -> str:
    return _translate(CATEGORY_LABELS, key)


def severity(key: str) -> str:
    return _translate(SEVERITY_LABELS, key)


def status(key: str) -> str:
    return _translate(STATUS_LABELS, key)


def platform(key: str) -> str:
    return _translate(PLATFORM_LABELS, key)


def content_type(key: str) -> str:
    return _translate(CONTENT_TYPE_LABELS, key)


def author_relation(key: str) -> str:
    return _translate(AUTHOR_RELATION_LABELS, key)


def to_qdatetime(moment: datetime) -> QDateTime:
    """A timezone-aware moment as a local QDateTime (what a person's clock said)."""
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def date_time(moment: datetime) -> str:
    """Short local date and time, e.g. 3 Oct 2026 14:05."""
    return QLocale().toString(to_qdatetime(moment), "d MMM yyyy HH:mm")


def date_only(moment: datetime) -> str:
    return QLocale().toString(to_qdatetime(moment).date(), "d MMM yyyy")


def day(value: date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMM yyyy")


def file_size(size: int) -> str:
    if size < 1024:
        return QCoreApplication.translate(_CONTEXT, "{0} bytes").format(size)
    if size < 1024 * 1024:
        return QCoreApplication.translate(_CONTEXT, "{0} KB").format(f"{size / 1024:.0f}")
    return QCoreApplication.translate(_CONTEXT, "{0} MB").format(f"{size / (1024 * 1024):.1f}")
