"""Read a report PDF the way a manager's readers do: poppler, qpdf and pypdf.

Imported by name (tests/ is on the path through its conftest). Each reader must
open a protected file with its password and refuse it without; ``qpdf --check``
must find the file sound.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)


def poppler_text(path: Path, password: str | None = None) -> str:
    """``pdftotext -upw``: the reader behind Evince, Okular and most Linux viewers."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if password is not None:
        args += ["-upw", password]
    done = _run(*args, str(path), "-")
    assert done.returncode == 0, f"poppler couldn't open {path.name}: {done.stderr.strip()}"
    return done.stdout


def qpdf_check(path: Path, password: str | None = None) -> None:
    args = ["qpdf", "--check"]
    if password is not None:
        args.append(f"--password={password}")
    done = _run(*args, str(path))
    # qpdf exits 0 when sound, 3 for warnings only; anything else is a broken file.
    assert done.returncode == 0, f"qpdf --check: {done.stdout.strip()} {done.stderr.strip()}"


def qpdf_decrypts(path: Path, password: str, out: Path) -> None:
    done = _run("qpdf", f"--password={password}", "--decrypt", str(path), str(out))
    assert done.returncode == 0, f"qpdf couldn't decrypt {path.name}: {done.stderr.strip()}"


def pypdf_text(path: Path, password: str | None = None) -> str:
    reader = PdfReader(str(path))
    if password is not None:
        assert reader.is_encrypted
        assert reader.decrypt(password), "pypdf refused the password"
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def read_pdf_everywhere(path: Path, password: str | None = None) -> str:
    """The text as poppler reads it, after pypdf and qpdf also opened and checked the file.

    With a password, each reader must also refuse the file without it.
    """
    path = Path(path)
    qpdf_check(path, password)
    text = pypdf_text(path, password)
    if password is not None:
        qpdf_decrypts(path, password, path.with_name(path.name + ".decrypted"))
        path.with_name(path.name + ".decrypted").unlink()
        refused = _run("pdftotext", str(path), "-")
        assert refused.returncode != 0, "poppler opened a protected PDF without its password"
        assert not PdfReader(str(path)).decrypt("not the password")
        assert _run("qpdf", "--check", "--password=not the password", str(path)).returncode != 0
    seen = poppler_text(path, password)
    assert seen.strip(), "poppler read no text"
    assert bool(text.strip()), "pypdf read no text"
    return seen
