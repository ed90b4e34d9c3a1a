"""The PySide6 desktop app. Talks to the journal core only through its public API."""
