"""Translations: our texts are written in UK English; Qt's own words follow the same locale.

Every text in the app goes through ``tr()``, so a translation is a ``.qm`` file in
``resources/translations/`` named ``practitioner_journal_<locale>.qm`` and nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from journal.resources import resource_path

APP_CATALOGUE = "practitioner_journal"
SOURCE_LOCALE = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def ui_locale() -> QLocale:
    """The locale the interface uses: the system's, or UK English if we have no translation."""
    system = QLocale.system()
    if system.language() == QLocale.Language.English or not _has_catalogue(system):
        return SOURCE_LOCALE
    return system


def _has_catalogue(locale: QLocale) -> bool:
    folder = resource_path("translations")
    return any(folder.glob(f"{APP_CATALOGUE}_{name}.qm") for name in _names(locale))


def _names(locale: QLocale) -> list[str]:
    name = locale.name()  # e.g. "en_GB"
    return [name, name.split("_")[0]]


def install_translators(app: QCoreApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load Qt's own translations and ours for ``locale``; return them so they stay alive.

    Dates and numbers follow the same locale (day before month in UK English).
    """
    locale = locale or ui_locale()
    QLocale.setDefault(locale)
    installed: list[QTranslator] = []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue, folder in (
        ("qtbase", qt_folder),
        (APP_CATALOGUE, str(resource_path("translations"))),
    ):
        translator = QTranslator(app)
        if translator.load(locale, catalogue, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed
