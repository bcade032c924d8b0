"""The sample article's errors of the repetition, truncation, consistency and date rules: each
reported once, exact span, right rule.

Expected offsets are found with str.index on the seed's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import builtin_rules, run_rules

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_9eb9693275b328fe.txt"
PACKS = ("repetition.yaml", "truncation.yaml", "consistency.yaml", "dates.yaml")
TITLE = "وزير الشؤون الخارجية والتعاون الإفريقي والمغاربة المقيمين بالخارج"
PASSAGE = "عزم المغرب الراسخ على التنسيق الوثيق مع شركائه للقضاء على التهديد الناجم عن داعش"

@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    rules = [rule for rule in builtin_rules() if Path(rule.path).name in PACKS]
    return text, run_rules(rules, text)


def span(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def findings_at(findings, rule: str):
    return [(f.start, f.end) for f in findings if f.rule == rule]


def test_the_title_pasted_twice_is_one_duplicated_phrase(seed):
    text, findings = seed
    assert findings_at(findings, "repetition.duplicated-phrase") == [span(text, TITLE, 2)]
    [finding] = [f for f in findings if f.rule == "repetition.duplicated-phrase"]
    assert finding.category == "repetition"
    line, column = 3, text.split("\n")[2].index(TITLE) + 1
    assert f"{line}:{column}" in finding.message


def test_the_repeated_passage(seed):
    text, findings = seed
    assert span(text, PASSAGE, 2) in findings_at(findings, "repetition.repeated-passage")
    assert span(text, TITLE, 2) not in findings_at(findings, "repetition.repeated-passage")


def test_the_three_fragments(seed):
    text, findings = seed
    fragments = ["مصادر الإرهاب والتطرف في القارة.", "ناصر بوريطة في افتتاح هذا اللقاء.",
                 "جلالة الملك محمد السادس ."]
    assert findings_at(findings, "truncation.fragment") == [span(text, f) for f in fragments]
    assert {f.category for f in findings if f.rule == "truncation.fragment"} == {"truncation"}


def test_the_missing_final_punctuation(seed):
    text, findings = seed
    assert text.rstrip().endswith("في القارة")
    end = len(text.rstrip())
    assert findings_at(findings, "truncation.missing-final-punctuation") == [(end - len("القارة"), end)]


def test_the_mixed_africa_spellings(seed):
    text, findings = seed
    minority = [span(text, "الأفريقية", n) for n in (1, 2)]
    assert findings_at(findings, "consistency.africa") == minority
    suggestions = {f.replacements for f in findings if f.rule == "consistency.africa"}
    assert suggestions == {("الإفريقية",)}


def test_the_malformed_date_and_its_correct_weekday(seed):
    text, findings = seed
    assert findings_at(findings, "punctuation.date-format") == [span(text, "11-05 -2022")]
    assert findings_at(findings, "consistency.weekday-date") == []  # 11 May 2022 was a Wednesday
