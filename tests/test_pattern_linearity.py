"""Every built-in rule reads a long run of one character in linear time.

A pattern that backtracks over a run (a greedy quantifier followed by a test that fails, tried again
from each position of the run) takes seconds on a few tens of thousands of characters, the length
of a pasted table or a line of spaces. The regex time limit would stop it and report it, but the
rule would then check nothing. The limit here is far above what a linear scan needs (milliseconds),
so only a quadratic pattern can reach it.
"""

from __future__ import annotations

import dataclasses

import pytest
from support import builtin_rules

from copycheck.checks import Environment
from copycheck.document import Document
from copycheck.engine import Linter

RUN = 30_000
# Runs of spaces, letters, marks and punctuation, each between the characters rules look at.
FILLERS = [" ", "\t", "\u00a0", "ب", "\u064e", "\u0640", ".", "،", "a", "1", "«", "\u200c"]
EDGES = [("ب", "،"), ("ب", "\n"), ("a", "."), ("", "x")]
TEXTS = [before + filler * RUN + after for filler in FILLERS for before, after in EDGES]


@pytest.mark.parametrize("rule", [rule for rule in builtin_rules() if rule.kind != "spelling"],
                         ids=lambda rule: rule.id)
def test_a_long_run_of_one_character_is_read_in_linear_time(rule):
    # As a user's rule, under the time limit that built-in rules run without.
    linter = Linter([dataclasses.replace(rule, builtin=False)], Environment(regex_timeout=1.0))
    for text in TEXTS:
        _findings, problems = linter.check(Document(text))
        assert not problems, f"{rule.id} on a run of {text[1]!r}: {problems[0].message}"
