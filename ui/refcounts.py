"""Keep ``None`` and ``True``/``False`` alive under PySide6 on Python 3.11.

PySide6 6.12's wheels are built once for every Python from 3.10 (the "abi3" stable
ABI) but return ``None`` from void methods, and ``True`` from ``Signal.emit``, without
taking a new reference. On Python 3.12 and later these objects are immortal, so
nothing happens. On 3.11 every such call drops one reference, and after a few
thousand calls (a minute of typing, or one test run) the interpreter aborts with
"none_dealloc: deallocating None".

``protect()`` gives the three objects a reference count so large that no session can
use it up, which is what 3.12 does by design. It touches nothing else.
"""

from __future__ import annotations

import ctypes
import sys

BALLAST = 1 << 40  # about 10^12 calls before the count could reach zero again
_done = False


def needed() -> bool:
    return sys.version_info < (3, 12) and sys.implementation.name == "cpython"


def protect() -> bool:
    """Make ``None``, ``True`` and ``False`` practically immortal. True if anything was done."""
    global _done
    if _done or not needed():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object on CPython 3.11.
        ctypes.c_ssize_t.from_address(id(obj)).value += BALLAST
    _done = True
    return True
