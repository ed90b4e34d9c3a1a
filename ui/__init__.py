"""The PySide6 desktop app. Talks to the journal core only through its public API."""

from ui.refcounts import protect as _protect_refcounts

_protect_refcounts()  # before any PySide6 call: see ui/refcounts.py
