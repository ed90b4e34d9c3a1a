"""The words that name each field of an incident, for error messages and the history."""

from __future__ import annotations

# Which field an error from the core is about, and the words that name it.
FIELD_LABELS = {
    "title": "Title", "occurred_at": "When it happened", "platform": "Platform",
    "content_type": "What it was", "author_handle": "Author", "author_relation": "Relation",
    "case_ref": "Case reference", "urls": "Links", "quoted_text": "Exact words",
    "description": "Description", "category": "Category", "severity": "Severity",
    "impact_tags": "Impact", "impact_score": "Impact score", "actions": "Actions taken",
    "status": "Status", "platform_report_ref": "Report reference",
    "platform_report_outcome": "Report outcome", "shareable": "Sharing",
    "private_notes": "Private notes", "attachments": "Evidence",
}  # fmt: skip

# Lower case, inside a sentence ("changed: title, links"); "actions" is short there.
FIELD_NAMES = {key: text.lower() for key, text in FIELD_LABELS.items()} | {"actions": "actions"}
