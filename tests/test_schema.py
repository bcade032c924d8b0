"""The shipped JSON Schema: itself valid, in step with the README, and strict enough to matter."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from support import json_report, report_schema, validate_report

from copycheck.findings import CATEGORIES, Severity

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(report_schema())


def test_the_schema_enums_match_the_code():
    defs = report_schema()["$defs"]
    assert defs["category"]["enum"] == list(CATEGORIES)
    assert set(defs["severity"]["enum"]) == {s.label for s in Severity}


def test_the_readme_example_is_a_valid_report():
    block = re.search(r"## JSON report.*?```json\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block, "the README documents the JSON report with an example"
    validate_report(json.loads(block.group(1)))


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
