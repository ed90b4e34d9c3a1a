"""A process for the crash tests to kill with SIGKILL at random points.

It prints one line per acknowledged step, flushed at once, *after* the step
is durable, so the test knows exactly what the journal promised.

    crash_worker.py add DATA_DIR PASSPHRASE_FILE SEED
        add entries one at a time; print each id after its commit
    crash_worker.py passphrase DATA_DIR PASSPHRASE_PREFIX START
        change the passphrase PREFIX-START -> PREFIX-(START+1) -> ...; print each new index
    crash_worker.py restore DATA_DIR PASSPHRASE_FILE BACKUP
        restore BACKUP, printing "step N NAME" before every rename, delete, link
        and fsync and waiting for a byte on stdin before doing it, so the test
        can kill exactly between any two of them; then print "done"
    crash_worker.py rekey DATA_DIR OLD_PASSPHRASE NEW_PASSPHRASE RECOVERY_OUT
        give the journal a new key, gated step by step like restore; the new
        recovery key goes to RECOVERY_OUT before the swap
    crash_worker.py save KIND SEQUENCE DATA_DIR PASSPHRASE_FILE
        save an incident, a search or a supervision record the way the app does
        (SEQUENCE "usecase": journal.usecases) or the way it once did ("old": one
        repository call after another), gated like restore before each draft
        removal, each setting written and each COMMIT; then print "done"
    crash_worker.py serve SOCKET_FD
        start each of the above as a fork of this process (see ``serve``)
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from journal import keys
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock

keys.DEFAULT_ARGON2 = keys.Argon2Params(memory_kib=8, iterations=1, lanes=1)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run_add(data_dir: str, passphrase_file: str, seed: str) -> None:
    rng = random.Random(int(seed))
    passphrase = Path(passphrase_file).read_text(encoding="utf-8").strip()
    journal = Journal.open(JournalPaths(Path(data_dir)), Unlock(passphrase, use_keyring=False))
    say("ready")
    n = 0
    while True:
        n += 1
        entry = Incident(
            title=f"entry {seed}-{n}",
            description="words " * rng.randint(1, 400),
            occurred_at=datetime.now(UTC),
        )
        saved = journal.repo.add(entry)
        say(saved.id)
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0, 0.004))


def run_passphrase(data_dir: str, prefix: str, start: str) -> None:
    index = int(start)
    journal = Journal.open(
        JournalPaths(Path(data_dir)), Unlock(f"{prefix}-{index}", use_keyring=False)
    )
    say("ready")
    while True:
        journal.change_passphrase(f"{prefix}-{index + 1}")
        index += 1
        say(str(index))


def _gate_os_calls() -> None:
    counter = [0]

    def traced(name: str) -> Any:
        real = getattr(os, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            counter[0] += 1
            say(f"step {counter[0]} {name}")
            sys.stdin.buffer.read(1)  # the test answers to let this step run, or kills
            return real(*args, **kwargs)

        return call

    for name in ("replace", "rename", "unlink", "link", "rmdir", "fsync"):
        setattr(os, name, traced(name))


def run_rekey(data_dir: str, old: str, new: str, recovery_out: str) -> None:
    from journal import rekey

    journal = Journal.open(JournalPaths(Path(data_dir)), Unlock(old, use_keyring=False))
    _gate_os_calls()
    rekey.rekey(
        journal,
        new,
        deliver_recovery_key=lambda text: Path(recovery_out).write_text(text, encoding="utf-8"),
    )
    journal.close()
    say("done")


def run_restore(data_dir: str, passphrase_file: str, source: str) -> None:
    from journal import backup

    _gate_os_calls()
    passphrase = Path(passphrase_file).read_text(encoding="utf-8").strip()
    backup.restore(
        JournalPaths(Path(data_dir)), Path(source), Unlock(passphrase, use_keyring=False)
    )
    say("done")


SAVED_TITLE = "saved by the crash test"


def _gate_saving(journal: Journal) -> None:
    """Stop before each later step of a save, and right before every COMMIT."""
    counter = [0]

    def wait(name: str) -> None:
        counter[0] += 1
        say(f"step {counter[0]} {name}")
        sys.stdin.buffer.read(1)  # the test answers to let this step run, or kills

    repo = journal.repo
    for name in ("delete_draft", "set_setting"):
        real = getattr(repo, name)

        def gated(*args: Any, _real: Any = real, _name: str = name) -> Any:
            wait(f"{_name} {args[0]}" if _name == "set_setting" else _name)
            return _real(*args)

        setattr(repo, name, gated)
    # SQLite reports each statement as it starts: a COMMIT here has not happened yet.
    journal.conn.set_trace_callback(lambda sql: wait("commit") if sql == "COMMIT" else None)


def run_save(kind: str, sequence: str, data_dir: str, passphrase_file: str) -> None:
    from journal import usecases
    from journal.models import SearchLogEntry, SupervisionRecord
    from journal.supervision import PREPARE_KEY

    passphrase = Path(passphrase_file).read_text(encoding="utf-8").strip()
    journal = Journal.open(JournalPaths(Path(data_dir)), Unlock(passphrase, use_keyring=False))
    repo = journal.repo
    draft_id = f"{kind}-draft"
    when = datetime(2026, 3, 1, 20, 15, tzinfo=UTC)
    _gate_saving(journal)
    if kind == "incident":
        incident = Incident(title=SAVED_TITLE, occurred_at=when, platform="tiktok")
        if sequence == "usecase":
            usecases.save_incident(journal, incident, draft_id=draft_id, disclosure_seen=True)
        else:
            saved = repo.add(incident)
            repo.delete_draft(draft_id)
            repo.set_setting("last_platform", saved.platform)
            repo.set_setting("disclosure_note_seen", True)
    elif kind == "search":
        search = SearchLogEntry(title=SAVED_TITLE, occurred_at=when, query="q", reason="agreed")
        if sequence == "usecase":
            usecases.save_search(journal, search, draft_id=draft_id)
        else:
            repo.add(search)
            repo.delete_draft(draft_id)
    else:
        record = SupervisionRecord(title=SAVED_TITLE, occurred_at=when, supervisor="Sam")
        if sequence == "usecase":
            usecases.save_supervision_record(journal, record, draft_id=draft_id)
        else:
            repo.add(record)
            repo.set_setting(PREPARE_KEY, None)
            repo.delete_draft(draft_id)
    journal.conn.set_trace_callback(None)
    say("done")
    journal.close()


MODES = {
    "add": run_add,
    "passphrase": run_passphrase,
    "restore": run_restore,
    "rekey": run_rekey,
    "save": run_save,
}


def _run_forked(fds: list[int], request: dict[str, Any]) -> None:
    """In a child of ``serve``: take the test's pipes as stdin, stdout and stderr, and run."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    code = 0
    try:
        mode, *rest = request["args"]
        MODES[mode](*rest)
    except BaseException:  # as an uncaught exception ends a process: a traceback, status 1
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def serve(socket_fd: str) -> None:
    """Start each worker as a fork of this process, already past its imports.

    A new interpreter and its imports cost far more than the few steps a crash test runs
    before each kill, and the tests start a few hundred workers. A forked worker is still
    its own process with its own pipes, killed with SIGKILL like any other. Requests come
    one JSON line at a time over the socket the test gave (tests/helpers/crash.py):
    ``start`` (with the worker's stdin, stdout and stderr), ``poll`` and ``kill``; the
    answers go back the same way. Children are only reaped here, on ``poll``, so a pid
    the test kills is never one the system has given to another process.
    """
    channel = socket.socket(fileno=int(socket_fd))
    started: list[int] = []
    exited: dict[int, int] = {}

    def answer(reply: dict[str, Any]) -> None:
        channel.sendall(json.dumps(reply).encode() + b"\n")

    while True:
        data, fds, _flags, _address = socket.recv_fds(channel, 1 << 20, 3)
        while data and not data.endswith(b"\n"):
            more = channel.recv(1 << 20)  # one request at a time: the rest of this one
            if not more:
                break
            data += more
        if not data.endswith(b"\n"):  # the tests are done: no worker outlives them
            for pid in started:
                if pid not in exited:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            return
        request = json.loads(data)
        if "start" in request:
            pid = os.fork()
            if pid == 0:
                channel.close()
                _run_forked(fds, request["start"])
            for fd in fds:
                os.close(fd)
            started.append(pid)
            answer({"pid": pid})
        elif "poll" in request:
            pid = request["poll"]
            if pid not in exited:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    exited[pid] = os.waitstatus_to_exitcode(status)
            answer({"code": exited.get(pid)})
        else:
            pid = request["kill"]
            if pid not in exited:  # not reaped yet: the pid is still this child's
                os.kill(pid, signal.SIGKILL)
            answer({})


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "serve":
        serve(*rest)
    else:
        MODES[mode](*rest)
