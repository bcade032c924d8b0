"""A finding as plain data, with every position a CMS or editor needs."""

from __future__ import annotations

from typing import Any

from ..document import Document
from ..findings import Diagnostic, Finding


def finding_record(finding: Finding, doc: Document) -> dict[str, Any]:
    location = doc.locate(finding.start, finding.end)
    return {
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity.label,
        "message": finding.message,
        "message_ar": finding.message_ar,
        "start": location.start,
        "end": location.end,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "utf16_start": location.utf16_start,
        "utf16_end": location.utf16_end,
        "text": doc.source[location.start:location.end],
        "context": doc.context(finding.start, finding.end),
        "replacements": list(finding.replacements),
        "fixable": finding.fixable,
        "applicability": finding.applicability.value,
    }


def diagnostic_record(diagnostic: Diagnostic) -> dict[str, Any]:
    record: dict[str, Any] = {"message": diagnostic.message}
    for key in ("path", "line", "rule"):
        value = getattr(diagnostic, key)
        if value is not None:
            record[key] = value
    return record
