"""Build the desktop app as a one-folder bundle in dist/, then smoke-test it.

    python packaging/build.py [--clean] [--no-smoke | --smoke-only]

Needs the build extra (``pip install -e ".[build]"``). See packaging/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bundle
import smoke

BUILD_DIR = bundle.REPO_ROOT / "build"
DIST_DIR = bundle.REPO_ROOT / "dist"
ICON_DIR = BUILD_DIR / "icons"


class BuildError(Exception):
    """Something the build needs is missing or failed; the message says what to do."""


def linux_validators(info: bundle.AppInfo) -> list[tuple[str, list[str]]]:
    """The freedesktop validators and their command lines for our two metadata files."""
    desktop = bundle.LINUX_DIR / info.desktop_file_name
    metainfo = bundle.LINUX_DIR / info.metainfo_file_name
    return [
        ("desktop-file-validate", ["desktop-file-validate", str(desktop)]),
        ("appstreamcli", ["appstreamcli", "validate", "--no-net", str(metainfo)]),
    ]


def validate_linux_metadata(info: bundle.AppInfo) -> None:
    for tool, command in linux_validators(info):
        if shutil.which(tool) is None:
            print(f"  {tool} isn't installed; skipped (Debian: desktop-file-utils, appstream).")
            continue
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        output = (proc.stdout + proc.stderr).strip()
        warnings = [line for line in output.splitlines() if line[:2] in ("E:", "W:")]
        if proc.returncode != 0 or warnings:
            raise BuildError(f"{tool} found problems:\n{output}")
        print(f"  {tool}: valid")


def check_prerequisites() -> None:
    if not bundle.APP_SVG.is_file():
        raise BuildError(
            f"The app icon {bundle.APP_SVG.relative_to(bundle.REPO_ROOT)} doesn't exist yet. "
            "Every packaged icon is drawn from it: add it, then run the build again."
        )
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError('PyInstaller isn\'t installed. Run: pip install -e ".[build]"') from None


def make_icons(info: bundle.AppInfo) -> None:
    import icons

    if ICON_DIR.exists():
        shutil.rmtree(ICON_DIR)
    try:
        icons.make_all(bundle.APP_SVG, ICON_DIR, info.app_id)
    except icons.IconError as exc:
        raise BuildError(str(exc)) from None


def run_pyinstaller(clean: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={DIST_DIR}",
        f"--workpath={BUILD_DIR / 'pyinstaller'}",
        str(bundle.SPEC_FILE),
    ]
    if clean:
        command.insert(3, "--clean")
    env = {**os.environ, "PJ_ICON_DIR": str(ICON_DIR)}
    env.pop("PYTHONPATH", None)
    if subprocess.run(command, cwd=bundle.REPO_ROOT, env=env, check=False).returncode != 0:
        raise BuildError("PyInstaller failed; its messages are above.")


def add_linux_desktop_files(info: bundle.AppInfo, app_dir: Path) -> None:
    """Put the freedesktop files beside the app, laid out as under /usr/share."""
    share = app_dir / "share"
    if share.exists():
        shutil.rmtree(share)
    shutil.copytree(ICON_DIR / "share", share)
    (share / "applications").mkdir()
    (share / "metainfo").mkdir()
    shutil.copy2(bundle.LINUX_DIR / info.desktop_file_name, share / "applications")
    shutil.copy2(bundle.LINUX_DIR / info.metainfo_file_name, share / "metainfo")


def inno_setup_command(info: bundle.AppInfo, iscc: str) -> list[str]:
    """The iscc command that makes the Windows installer; every value comes from the package."""
    defines = {
        "AppVersion": info.version,
        "AppId": info.app_id,
        "AppName": info.name,
        "GuiExe": bundle.GUI_EXE_NAME,
        "DistDir": str(DIST_DIR / bundle.EXE_NAME),
        "IconFile": str(ICON_DIR / "app.ico"),
        "OutputDir": str(DIST_DIR),
    }
    return [iscc, *(f"/D{k}={v}" for k, v in defines.items()), str(bundle.INNO_SCRIPT)]


def make_windows_installer(info: bundle.AppInfo) -> None:
    iscc = shutil.which("iscc") or shutil.which(r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe")
    if iscc is None:
        print("Inno Setup 6 isn't installed, so no installer was made (see packaging/README.md).")
        return
    print("Making the installer with Inno Setup")
    if subprocess.run(inno_setup_command(info, iscc), check=False).returncode != 0:
        raise BuildError("Inno Setup failed; its messages are above.")


def validate_installed_tree(app_dir: Path) -> None:
    """Check ``share/`` as installed under /usr: the metainfo, desktop file and icon agree."""
    if shutil.which("appstreamcli") is None:
        return
    with tempfile.TemporaryDirectory(prefix="pj-tree-") as root:
        shutil.copytree(app_dir / "share", Path(root) / "usr" / "share")
        command = ["appstreamcli", "validate-tree", "--no-net", root]
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0 or any(
        line.strip()[:2] in ("E:", "W:") for line in output.splitlines()
    ):
        raise BuildError(f"appstreamcli validate-tree found problems in share/:\n{output}")
    print("  appstreamcli validate-tree: the installed desktop files and icons agree")


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(clean: bool) -> Path:
    info = bundle.app_info()
    print(f"Building {info.name} {info.version} ({info.app_id})")
    check_prerequisites()
    if sys.platform.startswith("linux"):
        print("Checking the desktop file and AppStream metainfo")
        validate_linux_metadata(info)
    print("Drawing the icons")
    make_icons(info)
    print("Running PyInstaller")
    start = time.monotonic()
    run_pyinstaller(clean)
    app_dir = DIST_DIR / bundle.EXE_NAME
    if sys.platform.startswith("linux"):
        add_linux_desktop_files(info, app_dir)
        validate_installed_tree(app_dir)
    elif sys.platform == "win32":
        make_windows_installer(info)
    seconds = time.monotonic() - start
    size = folder_size(app_dir) / 2**20
    print(f"Built {app_dir.relative_to(bundle.REPO_ROOT)} in {seconds:.0f} s: {size:.0f} MiB")
    if size > bundle.MAX_BUNDLE_MIB:
        raise BuildError(
            f"The bundle is {size:.0f} MiB, over its {bundle.MAX_BUNDLE_MIB} MiB budget. "
            "Leave out what the app never loads (packaging/bundle.py, LEFT_OUT)."
        )
    return app_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--no-smoke", action="store_true", help="build without the smoke test")
    what.add_argument("--smoke-only", action="store_true", help="smoke-test the existing build")
    args = parser.parse_args(argv)
    try:
        app_dir = DIST_DIR / bundle.EXE_NAME if args.smoke_only else build(args.clean)
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    if args.no_smoke:
        return 0
    if not sys.platform.startswith("linux"):
        print("The smoke test runs on Linux only; start the app by hand to check it.")
        return 0
    print(f"Smoke test of {app_dir.relative_to(bundle.REPO_ROOT)}")
    status = smoke.report(smoke.run_smoke(app_dir))
    print({0: "Smoke test passed.", 1: "Smoke test FAILED.", 2: "Smoke test incomplete."}[status])
    return status


if __name__ == "__main__":
    sys.exit(main())
