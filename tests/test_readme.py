"""The README stays true: its rule table names every shipped rule."""

from __future__ import annotations

from pathlib import Path

import regex
from support import builtin_rules

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_detection_table():
    table = README[README.index("## What it detects"):README.index("## Command line")]
    missing = [rule.id for rule in builtin_rules()
               if f"`{rule.id}`" not in table and not _covered_by_wildcard(rule.id, table)]
    assert missing == []


def _covered_by_wildcard(rule_id: str, table: str) -> bool:
    """`style.digits-*` stands for every rule whose id starts with `style.digits-`."""
    prefixes = regex.findall(r"`([a-z.\-]+-)\*`", table)
    return any(rule_id.startswith(prefix) for prefix in prefixes)


def test_the_first_lines_give_the_two_commands():
    head = README.splitlines()[:8]
    assert any("pip install . && copycheck check seeds/" in line for line in head)
    assert any("pytest" in line for line in head)


def test_the_precision_table_gives_every_rule_its_level():
    """One row per rule: a rule moved to the picky level (or back) must change the README too."""
    section = README[README.index("### Precision by rule"):README.index("## Command line")]
    rows = dict(regex.findall(r"^\| `([a-z0-9.\-]+)`(?: \[\*\])? \| (default|picky|opt-in) \|",
                              section, flags=regex.MULTILINE))
    expected = {rule.id: "opt-in" if not rule.enabled else rule.level for rule in builtin_rules()}
    assert rows == expected
