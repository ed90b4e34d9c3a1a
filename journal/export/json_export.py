"""The report as JSON, valid against ``resources/schema/export.schema.json``."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from journal.export.report import FORMAT_NAME, FORMAT_VERSION, Report
from journal.resources import resource_path

SCHEMA_PATH = ("schema", "export.schema.json")


def report_to_dict(report: Report, on_entry: Callable[[], None] | None = None) -> dict[str, Any]:
    entries = []
    for entry in report.entries:
        entries.append(entry)
        if on_entry is not None:
            on_entry()
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "metadata": report.metadata(),
        "summary": {
            **report.summary.to_dict(),
            "asks": [{"code": a.code, "text": a.text} for a in report.asks],
        },
        "entries": entries,
        **({"integrity": report.integrity} if report.integrity else {}),
    }


def render_json(report: Report, on_entry: Callable[[], None] | None = None) -> bytes:
    data = report_to_dict(report, on_entry)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@cache
def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resource_path(*SCHEMA_PATH).read_text(encoding="utf-8"))
    return schema
