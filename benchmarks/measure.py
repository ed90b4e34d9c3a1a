"""Timing helpers: warm-up, repeats, median and spread; whole processes with their memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Stats:
    """Samples of one measurement (seconds, or MB for memory)."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    @property
    def q1(self) -> float:
        return self._quartiles()[0]

    @property
    def q3(self) -> float:
        return self._quartiles()[2]

    def _quartiles(self) -> tuple[float, float, float]:
        if len(self.samples) < 2:
            value = self.samples[0]
            return value, value, value
        q1, q2, q3 = statistics.quantiles(self.samples, n=4, method="inclusive")
        return q1, q2, q3

    def to_dict(self) -> dict[str, object]:
        return {
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "min": self.low,
            "max": self.high,
            "samples": list(self.samples),
        }


def repeat(run: Callable[[int], float], times: int, warmup: int = 1, *, start: int = 0) -> Stats:
    """Call ``run(n)`` ``warmup`` times untimed, then ``times`` times; ``run`` returns the
    seconds of the part it measures (so set-up and tidying stay outside the number)."""
    n = start
    for _ in range(warmup):
        run(n)
        n += 1
    samples = []
    for _ in range(times):
        samples.append(run(n))
        n += 1
    return Stats(tuple(samples))


def clock(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


class ProcessFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class ProcessRun:
    launched: float  # time.monotonic() just before the launch
    seconds: float  # launch to exit
    stdout: str
    stderr: str


def run_process(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    stdin: str | None = None,
    timeout: float = 600,
    check: bool = True,
) -> ProcessRun:
    """Run a whole process: wall time from launch to exit, and its output.

    (Its ``ru_maxrss`` is not reported: on Linux a child inherits its parent's high-water
    mark from before ``exec``, so a big parent makes every child look big.)"""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        launched = time.monotonic()
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            env=dict(env),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        if stdin is not None and proc.stdin is not None:
            proc.stdin.write(stdin.encode("utf-8"))
            proc.stdin.close()
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _pid, status = os.waitpid(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if check and proc.returncode != 0:
        raise ProcessFailed(
            f"{' '.join(argv)} exited with {proc.returncode}: {stderr.strip()[-600:]}"
        )
    return ProcessRun(launched, seconds, stdout, stderr)


def environ(extra: Mapping[str, str]) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRACTITIONER_JOURNAL_", "PYTHON_KEYRING", "PJ_BENCH_"))
    }
    env.update(extra)
    return env
