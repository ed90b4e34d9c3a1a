"""The packaging files: desktop integration, version from one place, bundle contents, icons.

The full PyInstaller build is too slow for the test suite; ``python packaging/build.py``
runs it and smoke-tests the result. These tests check everything the build relies on.
"""

from __future__ import annotations

import configparser
import importlib.util
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

import pytest

import journal
from journal.cli import main as cli_main

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
LINUX = PACKAGING / "linux"
DESKTOP_FILE = LINUX / f"{journal.APP_ID}.desktop"
METAINFO_FILE = LINUX / f"{journal.APP_ID}.metainfo.xml"
CHANGELOG = REPO / "CHANGELOG.md"


def _load(name: str) -> ModuleType:
    """Load a packaging script as a module (packaging/ is a folder of scripts, not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    if str(PACKAGING) not in sys.path:
        sys.path.append(str(PACKAGING))  # appended: never shadows an installed package
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bundle = _load("bundle")
icons = _load("icons")
build = _load("build")
smoke = _load("smoke")


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO_FILE).getroot()  # noqa: S314  (our own file, not untrusted input)


def _changelog_releases() -> list[tuple[str, str]]:
    text = CHANGELOG.read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.MULTILINE)


# -- validators (when installed) -------------------------------------------------------


def _run_validator(tool: str) -> str:
    info = bundle.app_info()
    command = dict(build.linux_validators(info))[tool]
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} isn't installed (Debian: desktop-file-utils, appstream)")
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    return output


def test_desktop_file_validate_passes() -> None:
    output = _run_validator("desktop-file-validate")
    assert output.strip() == ""


def test_appstreamcli_validate_passes_without_warnings() -> None:
    output = _run_validator("appstreamcli")
    problems = [line for line in output.splitlines() if line[:2] in ("E:", "W:")]
    assert problems == [], output


# -- contents, checked in Python everywhere ---------------------------------------------


def test_desktop_file_names_the_app_its_icon_and_command() -> None:
    entry = _desktop_entry()
    assert DESKTOP_FILE.name == f"{journal.APP_ID}.desktop"
    assert entry["Type"] == "Application"
    assert entry["Name"] == journal.APP_NAME
    assert entry["Icon"] == journal.APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Exec"].split()[0] == bundle.EXE_NAME
    assert bundle.EXE_NAME in _pyproject()["project"]["scripts"]
    assert "Office" in entry["Categories"].split(";")
    assert entry["Comment"] and not entry["Comment"].endswith(".")


def test_metainfo_describes_this_app_and_its_current_release() -> None:
    root = _metainfo()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == journal.APP_ID
    assert root.findtext("name") == journal.APP_NAME
    assert root.findtext("project_license") == _pyproject()["project"]["license"]
    assert root.findtext("metadata_license") == "CC0-1.0"
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == bundle.EXE_NAME
    assert root.find("content_rating") is not None

    releases = root.findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == journal.__version__
    dates = [date.fromisoformat(r.get("date", "")) for r in releases]
    assert dates == sorted(dates, reverse=True), "releases are listed newest first"


def test_metainfo_lists_screenshots_with_captions() -> None:
    screenshots = _metainfo().findall("screenshots/screenshot")
    assert len(screenshots) >= 1
    assert [s.get("type") for s in screenshots].count("default") == 1
    for shot in screenshots:
        assert (shot.findtext("caption") or "").strip()
        image = shot.findtext("image") or ""
        assert image.startswith("https://") and image.endswith(".png")


def test_changelog_and_metainfo_agree_on_every_release() -> None:
    changelog = _changelog_releases()
    assert changelog, "CHANGELOG.md has no '## [x.y.z] - YYYY-MM-DD' heading"
    assert changelog[0][0] == journal.__version__, "the newest changelog entry is this version"
    metainfo = [(r.get("version"), r.get("date")) for r in _metainfo().findall("releases/release")]
    assert metainfo == changelog


def test_version_and_app_id_are_written_only_in_the_package() -> None:
    """Scripts read them from journal/__init__.py; only the freedesktop files must repeat them
    (and the tests above hold those to the package)."""
    readers = [
        *PACKAGING.glob("*.py"),
        bundle.SPEC_FILE,
        bundle.INNO_SCRIPT,
    ]
    for path in readers:
        text = path.read_text(encoding="utf-8")
        assert journal.__version__ not in text, path.name
        assert journal.APP_ID not in text, path.name
        assert journal.APP_NAME not in text, path.name


def test_command_line_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli_main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"{bundle.EXE_NAME} {journal.__version__}"


# -- what goes into the bundle -----------------------------------------------------------


def test_every_hidden_import_exists() -> None:
    missing = [name for name in bundle.HIDDEN_IMPORTS if importlib.util.find_spec(name) is None]
    assert missing == []


@pytest.mark.parametrize(
    "kept",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Charts.so.6",
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/QtCharts.abi3.so",
        "libQt6Gui.so.6",
        "libdbus-1.so.3",
        "libfontconfig.so.1",
        "libxkbcommon.so.0",
    ],
)
def test_the_bundle_keeps_what_the_app_loads(kept: str) -> None:
    assert bundle.keep_in_bundle(kept)


@pytest.mark.parametrize(
    "left_out",
    [
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6QmlModels.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "libgtk-3.so.0",
        "PySide6/Qt/translations/qt_help_de.qm",
        "PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll",
    ],
)
def test_the_bundle_leaves_out_what_the_app_never_loads(left_out: str) -> None:
    assert not bundle.keep_in_bundle(left_out)


def test_left_out_python_modules_are_never_imported() -> None:
    """The bindings left out of the bundle must not be imported by any module of the app."""
    left_out = [name for name in bundle.EXCLUDES if name.startswith(("PySide6.", "PIL."))]
    for path in [*(REPO / "journal").rglob("*.py"), *(REPO / "ui").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for name in left_out:
            assert f"import {name}" not in text and f"from {name} " not in text, (path, name)


def test_every_keyring_backend_is_a_hidden_import() -> None:
    """keyring finds backends through its entry points, which PyInstaller can't follow."""
    backends = {
        ep.value.split(":")[0]
        for ep in entry_points(group="keyring.backends")
        if ep.dist is not None and ep.dist.name == "keyring"
    }
    assert backends, "keyring's own backends weren't found"
    assert backends <= set(bundle.HIDDEN_IMPORTS)
    assert "keyring" in bundle.COPY_METADATA


def test_resources_land_where_the_bundle_looks_for_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "resources"
    (source / "icons").mkdir(parents=True)
    (source / "guidance" / "__pycache__").mkdir(parents=True)
    (source / "__init__.py").write_text("", encoding="utf-8")
    (source / "guidance" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (source / "icons" / "app.svg").write_text("<svg/>", encoding="utf-8")
    (source / "guidance" / "threats.md").write_text("# Threats\n", encoding="utf-8")

    datas = bundle.resource_datas(source)
    assert sorted(datas) == [
        (str(source / "guidance" / "threats.md"), "resources/guidance"),
        (str(source / "icons" / "app.svg"), "resources/icons"),
    ]

    # Lay the files out as PyInstaller would, and ask the app where its resources are.
    meipass = tmp_path / "bundle"
    for src, dest in datas:
        (meipass / dest).mkdir(parents=True, exist_ok=True)
        shutil.copy(src, meipass / dest)
    from journal import resources

    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)
    resources.resource_dir.cache_clear()
    try:
        assert resources.resource_path("guidance", "threats.md").read_text() == "# Threats\n"
        assert resources.resource_path("icons", "app.svg").is_file()
    finally:
        monkeypatch.undo()
        resources.resource_dir.cache_clear()


def test_macos_info_plist_values() -> None:
    info = bundle.app_info()
    plist = plistlib.loads(plistlib.dumps(bundle.macos_info_plist(info)))
    assert plist["CFBundleIdentifier"] == journal.APP_ID
    assert plist["CFBundleShortVersionString"] == journal.__version__
    assert plist["CFBundleName"] == journal.APP_NAME
    assert plist["NSRequiresAquaSystemAppearance"] is False
    assert plist["NSHighResolutionCapable"] is True


def test_inno_setup_gets_every_value_it_uses_from_the_build() -> None:
    script = bundle.INNO_SCRIPT.read_text(encoding="utf-8")
    used = set(re.findall(r"\{#(\w+)\}", script)) | set(re.findall(r"Defined\((\w+)\)", script))
    command = build.inno_setup_command(bundle.app_info(), "iscc")
    defines = dict(arg[2:].split("=", 1) for arg in command if arg.startswith("/D"))
    assert used == set(defines)
    assert defines["AppVersion"] == journal.__version__
    assert defines["AppId"] == journal.APP_ID
    assert command[-1] == str(bundle.INNO_SCRIPT)
    # Per-user install: no administrator rights on a managed work laptop.
    assert re.search(r"^PrivilegesRequired=lowest$", script, re.MULTILINE)
    assert "UninstallDelete" not in script, "uninstalling must never touch the journal"


# -- icons ------------------------------------------------------------------------------

TEST_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect x="4" y="4" width="56" height="56" rx="12" fill="#2f6f8f"/></svg>'
)


def test_icons_are_drawn_at_every_size(qapp: object, tmp_path: Path) -> None:
    from PIL import Image

    svg = tmp_path / "app.svg"
    svg.write_text(TEST_SVG, encoding="utf-8")
    made = icons.make_all(svg, tmp_path / "out", journal.APP_ID)

    hicolor = made["share"] / "icons" / "hicolor"
    for size in icons.LINUX_ICON_SIZES:
        with Image.open(hicolor / f"{size}x{size}" / "apps" / f"{journal.APP_ID}.png") as png:
            assert png.size == (size, size)
            assert png.mode == "RGBA"
            assert png.getpixel((0, 0))[3] == 0, "the corner stays transparent"
            assert png.getpixel((size // 2, size // 2)) == (0x2F, 0x6F, 0x8F, 255)
    assert (hicolor / "scalable" / "apps" / f"{journal.APP_ID}.svg").read_text() == TEST_SVG
    with Image.open(made["ico"]) as ico:
        assert ico.info["sizes"] == {(s, s) for s in icons.ICO_SIZES}
    with Image.open(made["icns"]) as icns:
        assert icns.size == (max(icons.ICNS_SIZES),) * 2


@pytest.mark.qt_log_ignore("Cannot read file")
def test_icons_refuse_a_missing_or_broken_svg(qapp: object, tmp_path: Path) -> None:
    with pytest.raises(icons.IconError, match="doesn't exist"):
        icons.make_all(tmp_path / "missing.svg", tmp_path / "out", journal.APP_ID)
    broken = tmp_path / "broken.svg"
    broken.write_text("not an svg", encoding="utf-8")
    with pytest.raises(icons.IconError, match="isn't an SVG"):
        icons.render_png(broken, 16)


def test_the_real_app_icon_renders(qapp: object) -> None:
    assert bundle.APP_SVG.is_file()
    png = icons.render_png(bundle.APP_SVG, 48)
    assert png.startswith(b"\x89PNG")


def test_build_stops_with_a_clear_message_without_the_app_icon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "APP_SVG", tmp_path / "icons" / "app.svg")
    monkeypatch.setattr(bundle, "REPO_ROOT", tmp_path)
    with pytest.raises(build.BuildError, match=r"icons/app\.svg doesn't exist yet"):
        build.check_prerequisites()


# -- the smoke test's own plumbing ----------------------------------------------------------


def test_smoke_test_fails_when_there_is_no_bundle(tmp_path: Path) -> None:
    results = smoke.run_smoke(tmp_path)
    assert [r.status for r in results] == [smoke.FAILED]
    assert smoke.report(results) == 1


def test_smoke_sandbox_keeps_the_build_environment_out(tmp_path: Path) -> None:
    box = smoke.Sandbox(tmp_path / "app", tmp_path)
    env = box.env()
    assert set(env) <= {"PATH", "HOME", "LANG", "TMPDIR", "XDG_RUNTIME_DIR", "QT_QPA_PLATFORM"}
    assert str(REPO) not in " ".join(env.values())
    assert Path(env["HOME"]).is_relative_to(tmp_path)


def test_ui_names_its_desktop_file_after_the_app_id() -> None:
    """Wayland and docks match the running window to the .desktop file by this name."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "ui").rglob("*.py"))
    assert re.search(r"setDesktopFileName\((?:journal\.)?APP_ID\)", sources)
