"""The shipped JSON Schema: itself valid, and strict enough to matter (the README's example is
checked against it by tests/test_readme.py)."""

from __future__ import annotations

import copy

import jsonschema
import pytest
from support import json_report, report_schema, validate_report

from copycheck.findings import CATEGORIES, Severity


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(report_schema())


def test_the_schema_enums_match_the_code():
    defs = report_schema()["$defs"]
    assert defs["category"]["enum"] == list(CATEGORIES)
    assert set(defs["severity"]["enum"]) == {s.label for s in Severity}


@pytest.mark.parametrize("damage", [
    lambda f: f.update(category="layout"),
    lambda f: f.update(severity="fatal"),
    lambda f: f.pop("utf16_end"),
    lambda f: f.update(line=0),
    lambda f: f.update(extra=True),
], ids=["category", "severity", "missing-field", "line-0", "unknown-field"])
def test_the_schema_rejects_a_damaged_finding(damage):
    report = json_report("قال الوزير ، إن")
    broken = copy.deepcopy(report)
    damage(broken["files"][0]["findings"][0])
    with pytest.raises(AssertionError):
        validate_report(broken)
