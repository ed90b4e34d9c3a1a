"""Backup archives made by hand, for the checks that must refuse them."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime
from pathlib import Path

from journal import store
from journal.session import Journal


def tampered_backup(journal: Journal, folder: Path, created_at: datetime) -> Path:
    """A whole archive (its checksums match) around a copy of ``journal`` whose entries were
    rewritten behind its back, which ``write_backup`` would refuse to make. Closes ``journal``.
    """
    copy = folder / "tampered.db"
    store.export_encrypted(journal.conn, copy, journal._key)
    key = journal._key
    slots = journal.paths.key_slots
    journal.close()
    conn = store.connect(copy, key)
    conn.execute("UPDATE entries SET title = 'rewritten', data = json_set(data, '$.title', 'x')")
    conn.close()
    data, slot_bytes = copy.read_bytes(), slots.read_bytes()
    manifest = {
        "format": "practitioner-journal-backup",
        "version": 1,
        "created_at": created_at.isoformat(),
        "app_version": "0",
        "schema_version": store.SCHEMA_VERSION,
        "journal_id": json.loads(slot_bytes)["journal_id"],
        "members": {
            name: {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in (("journal.db", data), ("keyslots.json", slot_bytes))
        },
    }
    target = folder / "tampered.pjbackup"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("keyslots.json", slot_bytes)
        zf.writestr("journal.db", data)
    return target
