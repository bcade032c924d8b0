"""The JSON report: the contract with CMSs.

Its JSON Schema (draft 2020-12) ships in the package as `copycheck/schema/report.schema.json`
(`importlib.resources.files("copycheck") / "schema/report.schema.json"`) and the README's "JSON
report" section explains it. Any change to the shape here must change the schema in the same
commit (the tests validate every report they produce), and an incompatible one bumps REPORT_VERSION.
"""

from __future__ import annotations

import json
from typing import Any

import copycheck

from ..report import FileReport, Report
from .records import diagnostic_record, finding_record

REPORT_VERSION = 1


def render(report: Report, color: bool = False) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2) + "\n"


def document(report: Report) -> dict[str, Any]:
    """The whole report as plain data (the HTML report embeds it as its page renders it)."""
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "copycheck", "version": copycheck.__version__},
        "files": [file_record(file) for file in report.files],
        "errors": [diagnostic_record(error) for error in report.errors],
        "summary": _summary(report),
    }


def file_record(file: FileReport) -> dict[str, Any]:
    """One file (or record) of the report: its path, findings, record and error."""
    record: dict[str, Any] = {"path": file.path, "findings": []}
    if file.record is not None:
        # Findings count in the field's decoded value; `line` is where the record is in the file.
        record["record"] = {"file": file.record.file, "line": file.record.line,
                            "id": file.record.id, "field": file.record.field}
    if file.document is not None:
        record["findings"] = [finding_record(f, file.document) for f in file.findings]
    if file.errors:
        record["error"] = diagnostic_record(file.errors[0])
        record["error"]["message"] = "; ".join(error.message for error in file.errors)
    return record


def _summary(report: Report) -> dict[str, Any]:
    findings = report.findings
    return {
        "files": len(report.files),
        "files_with_errors": sum(1 for file in report.files if file.errors),
        "findings": len(findings),
        "fixable": sum(1 for f in findings if f.fixable),
        "fixed": report.fixed,
        **report.counts(),
    }
