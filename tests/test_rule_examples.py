"""Every example of every shipped rule is a test (LanguageTool's contract)."""

from __future__ import annotations

import pytest
from support import builtin_rules

from copycheck.checks import Environment
from copycheck.engine import verify_examples
from copycheck.rules import RULE_ID

RULES = builtin_rules()


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_examples_behave_as_declared(rule):
    assert verify_examples(rule, Environment()) == []


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_metadata_is_complete(rule):
    assert RULE_ID.match(rule.id)
    assert rule.id.split(".")[0] == rule.category
    assert rule.message and rule.message_ar and "\n" not in rule.message + rule.message_ar
    assert rule.description, "every rule explains itself in `copycheck rules show`"
    assert rule.examples.bad and rule.examples.good
    if rule.fix.value == "safe":
        assert all(example.fixed for example in rule.examples.bad), "a safe fix shows its result"


def test_every_shipped_kind_has_a_rule():
    from copycheck.checks import KINDS

    assert {rule.kind for rule in RULES} == set(KINDS)
