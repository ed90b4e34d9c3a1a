"""Report the process's core-dump settings before and after the command line starts."""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys

from journal import hardening
from journal.cli import main

before = {"core": resource.getrlimit(resource.RLIMIT_CORE), "dumpable": hardening.is_dumpable()}
with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
after = {"core": resource.getrlimit(resource.RLIMIT_CORE), "dumpable": hardening.is_dumpable()}
print(json.dumps({"code": code, "before": before, "after": after}))
