"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

`col` and `endColumn` count Unicode code points (GitHub does not define the unit; for Arabic text,
which has no characters outside the Basic Multilingual Plane, code points and UTF-16 agree).
"""

from __future__ import annotations

from ..findings import Finding, Severity
from ..report import Report

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, color: bool = False) -> str:
    lines = [f"::error file={_property(error.path or '')}::{_data(error.message)}"
             for file in report.files for error in file.errors]
    lines += [f"::error::{_data(str(error))}" for error in report.errors]
    for file in report.files:
        if file.document is None:
            continue
        lines += [_annotation(file.path, finding, file.document.locate(finding.start, finding.end))
                  for finding in file.findings]
    return "".join(line + "\n" for line in lines)


def _annotation(path: str, finding: Finding, location) -> str:
    properties = {
        "file": path, "line": location.line, "col": location.column,
        "endLine": location.end_line, "endColumn": location.end_column,
        "title": f"copycheck {finding.rule}" + (" [*]" if finding.fixable else ""),
    }
    fields = ",".join(f"{key}={_property(str(value))}" for key, value in properties.items())
    message = _data(f"{finding.message}\n{finding.message_ar}")
    return f"::{_COMMANDS[finding.severity]} {fields}::{message}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
