"""docs/screenshots.py, run as a person would: a few cheap screens into a temporary folder.

The script runs in its own process (its own application, palette and font), with a
temporary data folder and an in-memory keyring of its own; here we check what it leaves
behind: the files asked for and no others, at the fixed size, each a real picture.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

from helpers.processes import run_python
from PySide6.QtGui import QImage

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "screenshots.py"
WINDOW = (1280, 800)


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return run_python(SCRIPT, *args)


def pixel_spread(image: QImage) -> tuple[int, float]:
    """How many colours a grid of samples holds, and the share of the commonest one."""
    samples = Counter(
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    )
    return len(samples), samples.most_common(1)[0][1] / sum(samples.values())


def test_unlock_and_main_window_pictures(tmp_path: Path) -> None:
    out = tmp_path / "pictures"
    done = run_script("--out", str(out), "--only", "unlock", "main")
    assert done.returncode == 0, done.stderr
    expected = {"unlock.png", "unlock-wrong-passphrase.png", "main-window.png"}
    assert {p.name for p in out.iterdir()} == expected  # --only draws nothing else
    assert {Path(line).name for line in done.stdout.splitlines()} == expected
    for name in expected:
        image = QImage(str(out / name))
        assert not image.isNull(), name
        assert (image.width(), image.height()) == WINDOW, name
        colours, commonest = pixel_spread(image)
        assert colours > 20, f"{name} is nearly blank"
        assert commonest < 0.99, f"{name} is all one colour"
    # The list, unlike the unlock screen, is full of rows and badges.
    assert (
        pixel_spread(QImage(str(out / "main-window.png")))[0]
        > pixel_spread(QImage(str(out / "unlock.png")))[0]
    )


def test_an_unknown_screen_is_refused_with_the_choices(tmp_path: Path) -> None:
    done = run_script("--out", str(tmp_path / "pictures"), "--only", "unlock", "everything")
    assert done.returncode != 0
    assert "everything" in done.stderr and "unlock, main" in done.stderr
    assert not (tmp_path / "pictures").exists()  # refused before anything was drawn
