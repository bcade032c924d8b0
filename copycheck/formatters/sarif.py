"""SARIF 2.1.0 for code-scanning tools. Columns count Unicode code points (`columnKind`), as in
every copycheck report; `charOffset` / `charLength` count code points from the start of the file."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import copycheck

from ..document import Document, Location
from ..findings import Finding, Severity
from ..report import Report

if TYPE_CHECKING:
    from ..rules import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/copycheck-arabic/"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, color: bool = False) -> str:
    rules = sorted(report.rules.values(), key=lambda rule: rule.id)
    index = {rule.id: position for position, rule in enumerate(rules)}
    results = [_result(finding, file.document, index, report.rules) for file in report.files
               if file.document is not None for finding in file.findings]
    run = {
        "tool": {"driver": {"name": "copycheck", "version": copycheck.__version__,
                            "informationUri": INFORMATION_URI, "rules": [_rule(r) for r in rules]}},
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(report)],
        "results": results,
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    help_text = "\n\n".join(part for part in (rule.description, rule.rationale, rule.fix_title) if part)
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": rule.description or rule.message},
        "help": {"text": help_text or rule.message},
        "defaultConfiguration": {"level": _LEVELS[rule.severity], "enabled": rule.enabled},
        "properties": {"category": rule.category, "fix": rule.fix.value, "message_ar": rule.message_ar},
    }


def _result(finding: Finding, doc: Document, index: dict[str, int],
            rules: dict[str, Rule]) -> dict[str, Any]:
    location = doc.locate(finding.start, finding.end)
    uri = artifact_uri(doc.path)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVELS[finding.severity],
        "message": {"text": f"{finding.message}\n{finding.message_ar}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri},
                                            "region": _region(location, doc)}}],
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.fixable:
        result["fixes"] = [{
            "description": {"text": _fix_title(finding, rules.get(finding.rule))},
            "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [{
                "deletedRegion": _region(location, doc),
                "insertedContent": {"text": finding.replacements[0]}}]}],
        }]
    return result


def _fix_title(finding: Finding, rule: Rule | None) -> str:
    return rule.fix_title if rule and rule.fix_title else f"Replace with «{finding.replacements[0]}»"


def _region(location: Location, doc: Document) -> dict[str, Any]:
    return {
        "startLine": location.line, "startColumn": location.column,
        "endLine": location.end_line, "endColumn": location.end_column,
        "charOffset": location.start, "charLength": location.end - location.start,
        "snippet": {"text": doc.source[location.start:location.end]},
    }


def _invocation(report: Report) -> dict[str, Any]:
    errors = [*report.errors, *(error for file in report.files for error in file.errors)]
    notifications = [{"level": "error", "message": {"text": str(error)}} for error in errors]
    return {"executionSuccessful": not errors, "toolExecutionNotifications": notifications}


def artifact_uri(path: str) -> str:
    """A relative URI reference, as code-scanning services expect (stdin is `stdin`)."""
    if path == "-":
        return "stdin"
    return quote(PurePath(path).as_posix(), safe="/:")
