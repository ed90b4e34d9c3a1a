"""What goes into the packaged app: one place for the spec, the build script and the tests.

The version, app id and name are read from the ``journal`` package, never written here.
This module imports nothing heavy (no Qt, no PyInstaller), so the tests can load it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGING_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGING_DIR.parent
RESOURCES_DIR = REPO_ROOT / "resources"
APP_SVG = RESOURCES_DIR / "icons" / "app.svg"
LINUX_DIR = PACKAGING_DIR / "linux"
WINDOWS_DIR = PACKAGING_DIR / "windows"
SPEC_FILE = PACKAGING_DIR / "practitioner-journal.spec"
INNO_SCRIPT = WINDOWS_DIR / "practitioner-journal.iss"
LAUNCHER = PACKAGING_DIR / "launcher.py"

# The command-line name (and the bundle folder's name), as installed by pip.
EXE_NAME = "practitioner-journal"
# Windows and macOS also get a windowed executable, so no console opens with the app.
GUI_EXE_NAME = "PractitionerJournal"

# Modules PyInstaller can't see by reading the code: imported lazily, by name, or by a
# compiled extension.
HIDDEN_IMPORTS: tuple[str, ...] = (
    "sqlcipher3",
    "sqlcipher3.dbapi2",
    # keyring finds its backends through entry points; list every one we may meet.
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.chainer",
    "keyring.backends.fail",
    "keyring.backends.null",
    "PySide6.QtCharts",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    # fpdf2 reads its sRGB colour profile through importlib.resources, by package name.
    "fpdf.data.color_profiles",
)

# Packages with data files the app reads at run time.
COLLECT_DATA: tuple[str, ...] = ("fpdf",)

# Packages whose installed metadata must travel with the bundle: keyring reads its
# backends' entry points from it.
COPY_METADATA: tuple[str, ...] = ("keyring",)

# Nothing the app uses; left out to keep the download small.
EXCLUDES: tuple[str, ...] = (
    "tkinter",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "pytest",
    "hypothesis",
    # Qt Charts needs Qt's OpenGL libraries, but nothing imports their Python bindings.
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    # AVIF images (and the 5 MB library behind them) are not a format screenshots come in.
    "PIL._avif",
)


# Parts of Qt that PyInstaller's hooks collect but the app never loads, by a piece of their
# file name (the same on Linux, Windows and macOS). Left out, the bundle is about 40 MB
# smaller; tests/test_packaging.py holds that nothing the app needs matches.
LEFT_OUT: tuple[str, ...] = (
    # The on-screen keyboard's input plug-in pulls in Qt Quick and QML.
    "qtvirtualkeyboardplugin",
    "Qt6VirtualKeyboard",
    "Qt6Quick",
    "Qt6Qml",
    # Qt PDF only serves the PDF image-format plug-in (reports are made by fpdf2).
    "Qt6Pdf",
    "imageformats/libqpdf",
    "imageformats/qpdf",
    # Image formats no screenshot comes in.
    "libqicns",
    "qicns",
    "libqtga",
    "qtga",
    "libqwbmp",
    "qwbmp",
    # Embedded-device platforms and their input drivers: a desktop app runs on xcb,
    # Wayland, Windows or Cocoa (and offscreen for its own checks).
    "libqeglfs",
    "Qt6EglFs",
    "Qt6EglFS",
    "egldeviceintegrations/",
    "libqlinuxfb",
    "libqvnc",
    "libqvkkhrdisplay",
    "libqminimalegl",
    "plugins/generic/",
    # No network: the single-instance check uses a local socket only.
    "plugins/tls/",
    "plugins/networkinformation/",
    # The GTK 3 platform theme and the GTK stack only it needs (about 19 MB). Without it Qt
    # uses its built-in GNOME theme, which follows the desktop's light or dark setting
    # through the settings portal.
    "platformthemes/libqgtk3",
    "libgtk-3.so",
    "libgdk-3.so",
    "libgdk_pixbuf-2.0.so",
    "libgio-2.0.so",
    "libgmodule-2.0.so",
    "libepoxy.so",
    "libcairo.so",
    "libcairo-gobject.so",
    "libpixman-1.so",
    "libpango-1.0.so",
    "libpangoft2-1.0.so",
    "libpangocairo-1.0.so",
    "libatk-1.0.so",
    "libatk-bridge-2.0.so",
    "libatspi.so",
    "libthai.so",
    "libdatrie.so",
    "libfribidi.so",
    "libgraphite2.so",
    "libharfbuzz.so",
    "libmount.so",
    "libblkid.so",
    "libselinux.so",
    # Qt's help and other modules' translations; the app loads qtbase's alone.
    "translations/qt_",
    "translations/qtconnectivity",
    "translations/qtdeclarative",
    "translations/qtlocation",
    "translations/qtmultimedia",
    "translations/qtserialport",
    "translations/qtwebengine",
    "translations/qtwebsockets",
    "translations/qtquick",
    "translations/designer",
    "translations/linguist",
    "translations/assistant",
)


# The one-folder bundle must stay under this (MiB); the build fails past it.
MAX_BUNDLE_MIB = 250


def keep_in_bundle(destination: str) -> bool:
    """Whether a file PyInstaller collected (by its path inside the bundle) is kept."""
    name = destination.replace("\\", "/")
    return not any(part in name for part in LEFT_OUT)


@dataclass(frozen=True)
class AppInfo:
    version: str
    app_id: str
    name: str

    @property
    def desktop_file_name(self) -> str:
        return f"{self.app_id}.desktop"

    @property
    def metainfo_file_name(self) -> str:
        return f"{self.app_id}.metainfo.xml"


def app_info() -> AppInfo:
    """The version, app id and name, from ``journal/__init__.py``."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    import journal

    return AppInfo(version=journal.__version__, app_id=journal.APP_ID, name=journal.APP_NAME)


def resource_datas(root: Path = RESOURCES_DIR) -> list[tuple[str, str]]:
    """``(source, destination folder)`` pairs that put ``resources/`` at ``_MEIPASS/resources``.

    ``journal.resources.resource_dir()`` looks there in a bundle. Python files and caches
    are left out: they only make ``resources/`` an installable package for pip.
    """
    datas: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or "__pycache__" in relative.parts or path.suffix in {".py", ".pyc"}:
            continue
        target = Path("resources") / relative.parent
        datas.append((str(path), target.as_posix()))
    return datas


def macos_info_plist(info: AppInfo) -> dict[str, Any]:
    """Info.plist values for the macOS app bundle (``BUNDLE(info_plist=...)``)."""
    return {
        "CFBundleName": info.name,
        "CFBundleDisplayName": info.name,
        "CFBundleIdentifier": info.app_id,
        "CFBundleShortVersionString": info.version,
        "CFBundleVersion": info.version,
        "CFBundlePackageType": "APPL",
        "LSApplicationCategoryType": "public.app-category.productivity",
        "LSMinimumSystemVersion": "12.0",
        "NSHighResolutionCapable": True,
        # Follow the system's light or dark appearance.
        "NSRequiresAquaSystemAppearance": False,
        "NSHumanReadableCopyright": f"{info.name} contributors. GPL-3.0-or-later.",
    }
