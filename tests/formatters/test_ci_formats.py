"""SARIF and GitHub annotations, on hand-built reports."""

from __future__ import annotations

import json

import jsonschema
from support import builtin_rules

from copycheck.document import Document
from copycheck.findings import Applicability, Diagnostic, Finding, Severity
from copycheck.formatters import FORMATTERS
from copycheck.report import FileReport, Report

RULES = {rule.id: rule for rule in builtin_rules()}
TEXT = "قال الوزير ، إن 😀 المغرب\nسطر ثان ؟"


def report() -> Report:
    doc = Document(TEXT, "desk/مقال 1.txt")
    space = Finding("spacing.before-punctuation", "spacing", Severity.WARNING, 10, 11,
                    "Space before «،»", "مسافة قبل «،»", ("",), Applicability.SAFE)
    later = Finding("typography.persian-yeh", "typography", Severity.ERROR, 18, 19,
                    "Persian yeh, 100%: a:b", "ياء فارسية", ("ي", "ى"), Applicability.UNSAFE)
    return Report(files=[FileReport(doc.path, doc, [space, later]),
                         FileReport("gone.txt", errors=[Diagnostic("no such file", "gone.txt")])],
                  rules={rule_id: RULES[rule_id] for rule_id in
                         ("spacing.before-punctuation", "typography.persian-yeh")})


# A structural schema for the parts of SARIF 2.1.0 that copycheck writes (the official schema is
# not shipped in any package available here); it pins names, types and required members.
REGION = {"type": "object", "required": ["startLine", "startColumn", "endLine", "endColumn",
                                         "charOffset", "charLength"],
          "properties": {k: {"type": "integer", "minimum": 1 if "Line" in k or "Column" in k else 0}
                         for k in ("startLine", "startColumn", "endLine", "endColumn",
                                   "charOffset", "charLength")}}
MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
RULE = {"type": "object", "required": ["id", "shortDescription", "fullDescription", "help"],
        "properties": {"shortDescription": MESSAGE, "fullDescription": MESSAGE, "help": MESSAGE}}
SARIF_SUBSET = {
    "type": "object", "required": ["version", "runs", "$schema"],
    "properties": {"version": {"const": "2.1.0"}, "runs": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["tool", "results", "columnKind"],
        "properties": {
            "columnKind": {"const": "unicodeCodePoints"},
            "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                "type": "object", "required": ["name", "rules"], "properties": {"rules": {
                    "type": "array", "items": RULE}}}}},
            "results": {"type": "array", "items": {
                "type": "object", "required": ["ruleId", "level", "message", "locations"],
                "properties": {
                    "level": {"enum": ["none", "note", "warning", "error"]},
                    "message": MESSAGE,
                    "locations": {"type": "array", "items": {"type": "object", "properties": {
                        "physicalLocation": {"type": "object", "required": ["artifactLocation", "region"],
                                             "properties": {"region": REGION}}}}},
                    "fixes": {"type": "array", "items": {"type": "object", "required": ["artifactChanges"]}},
                }}},
        }}}},
}


def test_sarif_shape_rules_locations_and_fixes():
    log = json.loads(FORMATTERS["sarif"].render(report()))
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    # This project's page, not the unrelated "copycheck" on PyPI.
    assert run["tool"]["driver"]["informationUri"] == "https://pypi.org/project/copycheck-arabic/"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [
        "spacing.before-punctuation", "typography.persian-yeh"]
    space, yeh = run["results"]
    location = space["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "desk/%D9%85%D9%82%D8%A7%D9%84%201.txt"
    assert location["region"] == {"startLine": 1, "startColumn": 11, "endLine": 1, "endColumn": 12,
                                  "charOffset": 10, "charLength": 1, "snippet": {"text": " "}}
    assert space["ruleIndex"] == 0 and space["level"] == "warning"
    replacement = space["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"] == {"text": ""}
    assert space["fixes"][0]["description"]["text"] == "Remove the space"
    # after an emoji (two UTF-16 units) columns still count code points; unsafe fixes are not SARIF fixes
    assert yeh["locations"][0]["physicalLocation"]["region"]["startColumn"] == 19  # UTF-16: 20
    assert "fixes" not in yeh and yeh["level"] == "error"
    assert run["invocations"][0]["executionSuccessful"] is False


def test_github_annotations_escape_their_fields():
    lines = FORMATTERS["github"].render(report()).splitlines()
    assert lines[0] == "::error file=gone.txt::no such file"
    assert lines[1] == ("::warning file=desk/مقال 1.txt,line=1,col=11,endLine=1,endColumn=12,"
                        "title=copycheck spacing.before-punctuation [*]::Space before «،»%0Aمسافة قبل «،»")
    assert lines[2].startswith("::error file=desk/مقال 1.txt,line=1,col=19,endLine=1,endColumn=20,")
    assert lines[2].endswith("::Persian yeh, 100%25: a:b%0Aياء فارسية")
