"""Helpers shared by the tests: run rules on a text without the CLI."""

from __future__ import annotations

import textwrap
from pathlib import Path

from copycheck.checks import Environment
from copycheck.document import Document
from copycheck.engine import Linter, load_rules, select_rules
from copycheck.findings import Finding
from copycheck.rules import Rule, load_pack

_RULES: list[Rule] | None = None


def builtin_rules() -> list[Rule]:
    global _RULES
    if _RULES is None:
        rules, problems = load_rules()
        assert not problems, problems
        _RULES = rules
    return _RULES


def check_text(text: str, select: tuple[str, ...] = ()) -> list[Finding]:
    """Findings of the default rules (or the selected ones) on `text`."""
    linter = Linter(select_rules(builtin_rules(), select))
    findings, problems = linter.check(Document(text))
    assert not problems, problems
    return findings


def rule_from_yaml(tmp_path: Path, body: str) -> list[Rule]:
    """Load a one-off pack written inline in a test."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(textwrap.dedent(body), encoding="utf-8")
    return load_pack(pack)


def run_rules(rules: list[Rule], text: str, env: Environment | None = None) -> list[Finding]:
    findings, problems = Linter(rules, env or Environment()).check(Document(text))
    assert not problems, problems
    return findings
