"""The benchmark suite: ``python -m benchmarks.run [--sizes 1000,10000,100000] [--repeat N]
[--quick]``. See benchmarks/README.md.

For each size it builds (or takes from the cache) the same synthetic journal three ways
(encrypted, plain SQLite, jrnl), copies them to a private temporary folder, puts the
keys in a real gnome-keyring-daemon in a private D-Bus session and in a file-based
keyring, and times whole commands, in-process calls, the desktop app and a PDF export,
and notes the files' sizes. Encrypted and plain runs (and jrnl's) take turns, so a
busy neighbour slows both alike. Writes docs/benchmarks.md and docs/benchmarks.png,
prints one pass/fail line per target, and exits 1 when a target is missed (2 when the
suite itself failed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import build, secret_service
from benchmarks.common import ENC, ENC_FILE, JRNL, JRNL_FILE, PLAIN, ROOT, STORE, Results
from benchmarks.measure import ProcessFailed, Stats, clock, environ, run_process

DOCS = ROOT / "docs"
QUICK_OUT = Path(__file__).resolve().parent / "out"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_EXPORT = 50  # incidents in the quick mode's PDF (the full run exports 500)

# -- the temporary workspace -------------------------------------------------------------------


class Workspace:
    """A private folder for one run: journal copies, the keyring file, jrnl's config, and
    (when it can run) a real Secret Service in a private D-Bus session.

    ``env`` runs programs against the Secret Service (no ``PYTHON_KEYRING_BACKEND``: our
    commands reach it directly, jrnl through ``keyring``'s discovery); ``file_env`` runs
    them against the file-based keyring backend, as issue 8's numbers were measured.
    """

    def __init__(self, *, use_secret_service: bool) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="pj-bench-"))
        self.lib = self.root / "lib"
        self.lib.mkdir()
        shutil.copy2(Path(__file__).with_name("bench_keyring.py"), self.lib / "bench_keyring.py")
        self.keyring_file = self.root / "keyring.json"
        self.home = self.root / "home"
        self.home.mkdir()
        common = {
            "PYTHONPATH": str(self.lib),
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(self.root / "run"),
        }
        self.file_env = environ(
            {
                **common,
                "PYTHON_KEYRING_BACKEND": "bench_keyring.FileKeyring",
                "PJ_BENCH_KEYRING_FILE": str(self.keyring_file),
            }
        )
        self.file_env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        (self.root / "run").mkdir(mode=0o700)
        sys.path.insert(0, str(self.lib))
        import keyring
        from bench_keyring import FileKeyring  # type: ignore[import-not-found]

        self.keyring = FileKeyring(str(self.keyring_file))
        keyring.set_keyring(self.keyring)
        self.secret_service: secret_service.SecretService | None = None
        self._saved_bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
        self.env = self.file_env
        if use_secret_service:
            self.secret_service = secret_service.SecretService(self.root / "keyring-daemon")
            self.env = environ({**common, "DBUS_SESSION_BUS_ADDRESS": self.secret_service.address})
            # This process reaches the same store (to give the journals their secrets).
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.secret_service.address

    def store(self) -> Any:
        """The Secret Service, reached directly (whatever keyring backend this process set)."""
        from journal.passwordstore import SecretServiceStore

        return SecretServiceStore()

    def close(self) -> None:
        if self.secret_service is not None:
            self.secret_service.close()
            if self._saved_bus is None:
                os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
            else:
                os.environ["DBUS_SESSION_BUS_ADDRESS"] = self._saved_bus
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass(frozen=True)
class SizeDirs:
    size: int
    encrypted: Path  # the journal's data folder
    plain: Path  # a folder holding plain.db
    jrnl_config: Path | None
    export_ids: tuple[str, ...]
    plain_export_ids: tuple[str, ...]


def prepare(ws: Workspace, built: build.Built, with_jrnl: bool) -> SizeDirs:
    """Copy the cached journals in; give the encrypted one a keyring slot whose secret both
    the Secret Service and the file keyring hold, and let its once-a-day automatic backup
    happen now, untimed."""
    from journal.keys import KEYRING_SERVICE, KeyringAccess
    from journal.paths import JournalPaths
    from journal.session import Journal

    base = ws.root / f"n{built.size}"
    enc = base / "encrypted"
    shutil.copytree(built.encrypted, enc)
    plain = base / "plain"
    plain.mkdir()
    shutil.copy2(built.plain, plain / "plain.db")
    with Journal.open(JournalPaths(enc), build.unlock_with_passphrase()) as journal:
        if ws.secret_service is not None:
            journal.enable_keyring(KeyringAccess(backend=ws.store()))
            secret = ws.store().get(KEYRING_SERVICE, journal.slots.journal_id)
            ws.keyring.set_password(KEYRING_SERVICE, journal.slots.journal_id, secret)
        else:
            journal.enable_keyring()  # the file keyring this process set
    config = None
    if with_jrnl and built.jrnl.exists():
        journal_file = base / "jrnl.txt"
        shutil.copy2(built.jrnl, journal_file)
        config = base / "jrnl.yaml"
        config.write_text(_jrnl_config(journal_file), encoding="utf-8")
        ws.keyring.set_password("jrnl", "default", build.JRNL_PASSWORD)
        if ws.secret_service is not None:
            ws.store().set("jrnl", "default", build.JRNL_PASSWORD)  # the item keyring reads
    return SizeDirs(built.size, enc, plain, config, built.export_ids, build.plain_export_ids(built))


def bench_sizes(ws: Workspace, dirs: SizeDirs, results: Results) -> None:
    """The files on disk: the journal (WAL checkpointed on close), its automatic backup,
    the plain copy and jrnl's encrypted file."""
    from journal.backup_archive import SUFFIX

    size = dirs.size
    mb = 1e6
    results.put("size_db", ENC, size, Stats(((dirs.encrypted / "journal.db").stat().st_size / mb,)))
    results.put("size_db", PLAIN, size, Stats(((dirs.plain / "plain.db").stat().st_size / mb,)))
    backups = sorted((dirs.encrypted / "backups").glob("journal-*" + SUFFIX))
    if backups:
        results.put("size_backup", ENC, size, Stats((backups[-1].stat().st_size / mb,)))
    if dirs.jrnl_config is not None:
        jrnl_file = dirs.jrnl_config.with_name("jrnl.txt")
        results.put("size_db", JRNL, size, Stats((jrnl_file.stat().st_size / mb,)))


def _jrnl_config(journal_file: Path) -> str:
    return (
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: true\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {json.dumps(str(journal_file))}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
        "version: '4.6'\n"
    )


# -- runs -------------------------------------------------------------------------------------


def _interleaved(
    runs: dict[str, Callable[[int], float]], times: int, warmup: int
) -> dict[str, Stats]:
    """Each system's run in turn, round after round, so noise falls on all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for n in range(warmup + times):
        for name, run in runs.items():
            seconds = run(n)
            if n >= warmup:
                samples[name].append(seconds)
    return {name: Stats(tuple(values)) for name, values in samples.items()}


def _our_cli() -> list[str]:
    script = Path(sys.executable).with_name("practitioner-journal")
    return [str(script)] if script.exists() else [sys.executable, "-m", "journal"]


def bench_cli(ws: Workspace, dirs: SizeDirs, results: Results, times: int, warmup: int) -> None:
    size = dirs.size
    ours = _our_cli()
    plain = [sys.executable, str(Path(__file__).with_name("plain_cli.py"))]
    commands = {
        ENC: (ours, dirs.encrypted, ws.env),
        ENC_FILE: (ours, dirs.encrypted, ws.file_env),
        PLAIN: (plain, dirs.plain, ws.file_env),
    }
    if ws.secret_service is None:
        del commands[ENC]  # no real store: the file keyring's numbers only

    def command(system: str, *args: str) -> list[str]:
        program, folder, _env = commands[system]
        return [*program, "--data-dir", str(folder), *args]

    def env(system: str) -> dict[str, str]:
        return commands[system][2]

    # Correctness first: a fast wrong answer is no answer.
    for system in commands:
        found = run_process(command(system, "search", build.RARE_WORD), env(system)).stdout
        if "Comment about the home visit" not in found:
            raise ProcessFailed(f"the {system} search didn't find the planted entry: {found!r}")
        listed = json.loads(run_process(command(system, "list", "--json"), env(system)).stdout)
        if len(listed) != 50:
            raise ProcessFailed(f"the {system} list gave {len(listed)} entries, not 50")

    def search(system: str) -> Callable[[int], float]:
        return lambda _n: (
            run_process(command(system, "search", build.RARE_WORD), env(system)).seconds
        )

    searches = {system: search(system) for system in commands}
    if dirs.jrnl_config is not None:
        jrnl = [str(build.JRNL_VENV / "bin" / "jrnl"), "--config-file", str(dirs.jrnl_config)]
        jrnl_envs = {JRNL: ws.env, JRNL_FILE: ws.file_env}
        if ws.secret_service is None:
            del jrnl_envs[JRNL]
        for system, jrnl_env in jrnl_envs.items():
            check = run_process([*jrnl, "-contains", build.RARE_WORD], jrnl_env)
            if "home visit" not in check.stdout or "1 entry found" not in check.stderr:
                raise ProcessFailed(
                    f"{system} didn't find the planted entry: {check.stderr[-300:]!r}"
                )
            searches[system] = lambda _n, e=jrnl_env: (
                run_process([*jrnl, "-contains", build.RARE_WORD], e).seconds
            )
    for system, stats in _interleaved(searches, times, warmup).items():
        results.put("cli_search", system, size, stats)

    lists = {
        s: (
            lambda _n, s=s: (
                run_process(command(s, "list", "--json", "--limit", "50"), env(s)).seconds
            )
        )
        for s in commands
    }
    for system, stats in _interleaved(lists, times, warmup).items():
        results.put("cli_list", system, size, stats)

    adds = {
        s: (
            lambda n, s=s: (
                run_process(
                    command(s, "add", "-"), env(s), stdin=build.one_incident_json(n)
                ).seconds
            )
        )
        for s in commands
    }
    for system, stats in _interleaved(adds, times, warmup).items():
        results.put("cli_add", system, size, stats)
    if ws.secret_service is not None:
        bench_store(ws, dirs, results, times, warmup)


def bench_store(ws: Workspace, dirs: SizeDirs, results: Results, times: int, warmup: int) -> None:
    """The password store alone, whole process, against the real Secret Service: through
    ``keyring`` (backend discovery first) and directly, beside an empty interpreter."""
    from journal.keys import KEYRING_SERVICE, KeySlots
    from journal.paths import JournalPaths

    account = KeySlots.load(JournalPaths(dirs.encrypted).key_slots).journal_id
    expected = ws.store().get(KEYRING_SERVICE, account)
    lookups = {
        "store_keyring": f"import keyring; print(keyring.get_password({KEYRING_SERVICE!r}, "
        f"{account!r}))",
        "store_direct": "from journal import passwordstore; "
        f"print(passwordstore.get_secret({KEYRING_SERVICE!r}, {account!r}))",
    }
    env = dict(ws.env, PYTHONPATH=os.pathsep.join((str(ROOT), ws.env["PYTHONPATH"])))
    for key, code in lookups.items():
        got = run_process([sys.executable, "-c", code], env).stdout.strip()
        if got != expected:
            raise ProcessFailed(f"{key} didn't read the journal's secret back")
    runs = {
        "store_none": lambda _n: run_process([sys.executable, "-c", "pass"], env).seconds,
        **{
            key: (lambda _n, c=code: run_process([sys.executable, "-c", c], env).seconds)
            for key, code in lookups.items()
        },
    }
    for key, stats in _interleaved(runs, times, warmup).items():
        results.put(key, STORE, dirs.size, stats)


def bench_app(ws: Workspace, dirs: SizeDirs, results: Results, times: int, warmup: int) -> None:
    probe = [sys.executable, str(Path(__file__).with_name("app_probe.py"))]
    envs = {ENC: ws.env, ENC_FILE: ws.file_env}
    if ws.secret_service is None:
        del envs[ENC]
    for system, env in envs.items():
        _bench_app(probe, dict(env, PRACTITIONER_JOURNAL_DIR=str(dirs.encrypted)), system,
                   dirs.size, results, times, warmup)  # fmt: skip


def _bench_app(
    probe: list[str],
    env: dict[str, str],
    system: str,
    size: int,
    results: Results,
    times: int,
    warmup: int,
) -> None:
    rows: dict[str, list[float]] = {k: [] for k in ("window", "unlock", "rows", "total", "rss")}
    for n in range(warmup + times):
        run = run_process(probe, env, timeout=120)
        marks = {}
        peak_kb = 0
        for line in run.stdout.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "mark":
                marks[parts[1]] = float(parts[2])
            elif len(parts) == 2 and parts[0] == "peak-rss-kb":
                peak_kb = int(parts[1])
        if not {"window", "unlocked", "shown"} <= marks.keys() or not peak_kb:
            raise ProcessFailed(
                f"the app didn't show the journal (marks {sorted(marks)}): "
                f"{(run.stdout + run.stderr)[-600:]!r}"
            )
        if n < warmup:
            continue
        rows["window"].append(marks["window"] - run.launched)
        rows["unlock"].append(marks["unlocked"] - run.launched)
        rows["rows"].append(marks["shown"] - marks["unlocked"])
        rows["total"].append(marks["shown"] - run.launched)
        rows["rss"].append(peak_kb / 1024)
    for name, values in rows.items():
        results.put(f"app_{name}", system, size, Stats(tuple(values)))


def bench_inprocess(
    ws: Workspace, dirs: SizeDirs, results: Results, times: int, warmup: int, export_count: int
) -> None:
    from benchmarks.plain import PlainJournal
    from journal.paths import JournalPaths
    from journal.session import Journal, Unlock

    size = dirs.size
    paths = JournalPaths(dirs.encrypted)
    plain_db = dirs.plain / "plain.db"
    # In-process calls are short: more samples for the same wall time (not in quick mode).
    inner = times if times == 1 else max(times * 3, 10)
    for system, stats in _bench_opens(ws, paths, plain_db, inner, warmup).items():
        results.put("open", system, size, stats)

    enc = Journal.open(paths, Unlock())
    plain = PlainJournal(plain_db)
    journals: dict[str, Any] = {ENC: enc, PLAIN: plain}
    out = Path(tempfile.mkdtemp(prefix="export-", dir=ws.root))
    try:
        for key, by_system in _bench_calls(journals, inner, warmup).items():
            for system, stats in by_system.items():
                results.put(key, system, size, stats)
        ids = {ENC: dirs.export_ids[:export_count], PLAIN: dirs.plain_export_ids[:export_count]}
        for system, stats in _bench_export(journals, ids, out, times, warmup).items():
            results.put("export_pdf", system, size, stats)
    finally:
        enc.close()
        plain.close()
        shutil.rmtree(out, ignore_errors=True)


def _bench_opens(
    ws: Workspace, paths: Any, plain_db: Path, inner: int, warmup: int
) -> dict[str, Stats]:
    """Opening and unlocking: each keyring there is, and the plain database."""
    from benchmarks.plain import PlainJournal
    from journal.keys import KeyringAccess
    from journal.session import Journal, Unlock

    def open_with(access: KeyringAccess | None) -> Callable[[int], float]:
        def run(_n: int) -> float:
            started = time.perf_counter()
            journal = Journal.open(paths, Unlock(), keyring_access=access)
            seconds = time.perf_counter() - started
            journal.close()
            return seconds

        return run

    def open_plain(_n: int) -> float:
        started = time.perf_counter()
        journal = PlainJournal(plain_db)
        seconds = time.perf_counter() - started
        journal.close()
        return seconds

    opens = {ENC_FILE: open_with(None), PLAIN: open_plain}  # None: the file keyring set here
    if ws.secret_service is not None:
        opens[ENC] = open_with(KeyringAccess(backend=ws.store()))
    return _interleaved(opens, inner, warmup)


def _bench_calls(journals: dict[str, Any], inner: int, warmup: int) -> dict[str, dict[str, Stats]]:
    """Search, the incidents table's first page and a save, once each has found the same."""
    from journal.repository import EntryQuery
    from ui.incidents.model import PAGE_SIZE, fetch_page

    for system, journal in journals.items():
        found = journal.repo.search(build.RARE_WORD)
        if [r.title for r in found] != ["Comment about the home visit"]:
            raise ProcessFailed(f"the {system} search found {len(found)} entries, not 1")

    query = EntryQuery(kind="incident", limit=None)
    measured: dict[str, dict[str, Callable[[int], float]]] = {
        "search": {
            s: (lambda _n, j=j: clock(lambda: j.repo.search(build.RARE_WORD)))
            for s, j in journals.items()
        },
        "table_page": {
            s: (lambda _n, j=j: clock(lambda: fetch_page(j, query, 0, PAGE_SIZE, False)))
            for s, j in journals.items()
        },
        "save": {s: (lambda n, j=j: _timed_save(j, n)) for s, j in journals.items()},
    }
    return {key: _interleaved(runs, inner, warmup) for key, runs in measured.items()}


def _bench_export(
    journals: dict[str, Any], ids: dict[str, tuple[str, ...]], out: Path, times: int, warmup: int
) -> dict[str, Stats]:
    """A PDF report of the same entries from each journal (at most three runs: it is slow)."""
    from journal.export import ReportRequest, export_report

    def export(system: str) -> Callable[[int], float]:
        def run(n: int) -> float:
            target = out / f"{system}-{n}.pdf"
            request = ReportRequest(entry_ids=ids[system], since_last_export=False)
            started = time.perf_counter()
            result = export_report(journals[system], request, {"pdf": target}, formats=("pdf",))
            seconds = time.perf_counter() - started
            if len(result.entry_ids) != len(ids[system]) or target.stat().st_size < 10_000:
                raise ProcessFailed(f"the {system} export wrote {len(result.entry_ids)} entries")
            target.unlink()
            return seconds

        return run

    export_times = min(times, 3)
    return _interleaved({ENC: export(ENC), PLAIN: export(PLAIN)}, export_times, min(warmup, 1))


def _timed_save(journal: Any, n: int) -> float:
    entry, attachment = build.one_incident(n), build.screenshot(1_000_000 + n)
    started = time.perf_counter()
    journal.repo.add(entry, [attachment])
    return time.perf_counter() - started


# -- jrnl -----------------------------------------------------------------------------------------


def ensure_jrnl(install: bool, log: Callable[[str], None]) -> bool:
    if build.jrnl_available():
        return True
    if not install:
        return False
    log("installing jrnl 4.6 into benchmarks/.venv-jrnl (once) …")
    venv = build.JRNL_VENV
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "jrnl==4.6"], check=True
    )
    return build.jrnl_available()


# -- main ---------------------------------------------------------------------------------------


def compile_sources() -> None:
    """Byte-compile the project first, as an installed copy is (pip and the bundle both do).

    Otherwise a process could compile changed modules again on every run (a read-only
    tree, or ``PYTHONDONTWRITEBYTECODE``), and that time is not the product's.
    """
    import compileall

    for folder in ("journal", "ui"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    compileall.compile_dir(ROOT / "benchmarks", maxlevels=0, quiet=1)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument(
        "--sizes",
        default=None,
        help="entries per journal, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=None, help="timed runs per measurement (default 7)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke mode: 1,000 entries, one run, jrnl only if installed, no chart; "
        f"writes to {QUICK_OUT.relative_to(ROOT)}/ unless --out is given",
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for the report")
    parser.add_argument("--cache", type=Path, default=build.DEFAULT_CACHE)
    parser.add_argument("--no-jrnl", action="store_true", help="leave jrnl out")
    parser.add_argument("--no-app", action="store_true", help="leave the desktop app out")
    parser.add_argument(
        "--no-secret-service",
        action="store_true",
        help="measure with the file-based keyring backend only (no gnome-keyring-daemon)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or "1000"
        args.repeat = args.repeat or 1
        args.out = args.out or QUICK_OUT
    args.sizes = (
        [int(s.replace("_", "")) for s in args.sizes.split(",")]
        if args.sizes
        else list(DEFAULT_SIZES)
    )
    args.repeat = args.repeat or 7
    args.out = args.out or DOCS
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    def log(text: str) -> None:
        print(text, flush=True)

    warmup = 0 if args.quick else 1
    compile_sources()
    with_jrnl = not args.no_jrnl and ensure_jrnl(install=not args.quick, log=log)
    export_count = QUICK_EXPORT if args.quick else build.EXPORT_COUNT
    results = Results(sorted(args.sizes))
    started = time.monotonic()
    real_store = not args.no_secret_service and secret_service.ensure_installed(
        install=not args.quick, log=log
    )
    if not real_store:
        if not args.quick and not args.no_secret_service:
            print(
                "benchmarks: gnome-keyring-daemon and dbus-run-session are needed (Debian: "
                "gnome-keyring, dbus-x11); run as root to install them, or pass "
                "--no-secret-service.",
                file=sys.stderr,
            )
            return 2
        results.notes.append("No Secret Service in this run: the file-based keyring backend only.")
    ws = Workspace(use_secret_service=real_store)
    log(f"workspace: {ws.root}")
    try:
        for size in results.sizes:
            built = build.ensure(args.cache, size, with_jrnl=with_jrnl, log=log)
            log(f"{size:,} entries: preparing …")
            dirs = prepare(ws, built, with_jrnl)
            bench_sizes(ws, dirs, results)
            log(f"{size:,} entries: command line …")
            bench_cli(ws, dirs, results, args.repeat, warmup)
            if not args.no_app:
                log(f"{size:,} entries: desktop app …")
                bench_app(ws, dirs, results, args.repeat, warmup)
            log(f"{size:,} entries: in-process and export …")
            bench_inprocess(ws, dirs, results, args.repeat, warmup, export_count)
            shutil.rmtree(dirs.encrypted.parent, ignore_errors=True)
    except Exception:
        traceback.print_exc()
        print("benchmarks: the suite itself failed; no report was written.", file=sys.stderr)
        return 2
    finally:
        ws.close()

    from benchmarks import report

    results.notes.append(f"Export: {export_count} incidents, each with one 640×400 PNG.")
    targets = report.check_targets(results)
    info = report.environment_info(with_jrnl)
    info["duration"] = f"{(time.monotonic() - started) / 60:.1f} min"
    info["command"] = "python -m benchmarks.run " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    info["repeat"] = args.repeat
    info["warmup"] = warmup
    args.out.mkdir(parents=True, exist_ok=True)
    markdown = report.markdown(results, targets, info, chart=not args.quick)
    (args.out / "benchmarks.md").write_text(markdown, encoding="utf-8")
    raw = args.out if args.quick else QUICK_OUT  # the raw numbers never go into docs/
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "results.json").write_text(
        json.dumps({"info": info, **results.to_json()}, indent=1), encoding="utf-8"
    )
    if not args.quick:
        report.chart(results, args.out / "benchmarks.png")
    print()
    print(report.console_table(results))
    print()
    failed = 0
    for target in targets:
        print(target.line())
        failed += target.passed is False
    print(f"\nwrote {args.out / 'benchmarks.md'}" + ("" if args.quick else " and benchmarks.png"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
