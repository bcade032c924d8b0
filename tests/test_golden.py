"""The reviewed golden report for the seed article, every category but spelling (whose verdicts
follow the lexicon, and are tested in test_spelling.py).

Reviewed by hand, finding by finding, at the picky level (every rule but the opt-in ones):
- 23 × spacing.before-punctuation: every « ،» in the seed (e.g. «داعش ، الأربعاء»); the span is the
  single space, the fix deletes it → «داعش، الأربعاء». Each is asserted below from the text itself.
- 1 × spacing.before-punctuation: the space in «محمد السادس . من جهتها»; the fix deletes it.
- 1 × punctuation.double on «.،» in «ومنظمة دولية.،و شهد»: the fix keeps «.», since «وشهد» opens a
  new sentence.
- 1 × spacing.missing-after-punctuation on the «،» glued to «و»: the fix adds a space; it overlaps
  the «.،» fix, which wins when both are applied.
- 1 × spacing.detached-conjunction on «و » before «شهد»: the fix joins it → «وشهد».
- 1 × punctuation.date-format on «11-05 -2022» → «11-05-2022».
- The findings of the repetition, truncation and consistency rules, each reviewed: three
  truncation.fragment («مصادر الإرهاب والتطرف في القارة.»,
  «ناصر بوريطة في افتتاح هذا اللقاء.», «جلالة الملك محمد السادس .»), truncation.missing-final-punctuation
  on the last word, repetition.duplicated-phrase over the second copy of the minister's title,
  one repetition.repeated-passage (the 14-word clause of the first paragraph pasted again at the
  end; «الاجتماع الأول للتحالف العالمي ضد داعش في إفريقيا» said twice is not one: it is the
  event's name, and each copy goes on differently, «… بدعوة» / «… توفر», as a name mentioned twice
  does, where a pasted clause carries its clause to the end), two consistency.africa on
  «الأفريقية» and consistency.tanween (info) on «أرضًا» against «منبراً».
- 1 × grammar.participle-agreement on «مشيرًا»: its subject is «شددت … السيدة فيكتوريا نولاند», a
  feminine speaker, so the suggestion is «مشيرةً» (unsafe: not applied). On that span it wins over
  the consistency.tanween finding (a warning over an info).
- truncation.verbless-sentence (picky) reports verbless runs without evidence of a cut: none here.
The fixed seed reads «منظمة دولية. وشهد» and «11-05-2022»; consistency suggestions are not applied.
"""

from __future__ import annotations

import json
from pathlib import Path

import regex
from support import builtin_rules, run_cli

from copycheck.document import Document
from copycheck.engine import Linter, select_rules

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = json.loads((Path(__file__).parent / "golden" / "seed.json").read_text(encoding="utf-8"))
SEED = ROOT / GOLDEN["seed"]
TEXT = SEED.read_text(encoding="utf-8")


def as_rows(report: dict) -> list[tuple]:
    return [(f["rule"], f["start"], f["end"], f["text"], f["replacements"][0] if f["replacements"] else None)
            for f in report["files"][0]["findings"]]


def golden_rows() -> list[tuple]:
    return [tuple(row) for row in GOLDEN["findings"]]


def test_the_installed_cli_reproduces_the_reviewed_report(tmp_path):
    result = run_cli("check", "--format", "json", "--level", "picky",
                     "--select", ",".join(GOLDEN["select"]), str(SEED), cwd=tmp_path)
    assert result.code == 1
    assert as_rows(result.report) == golden_rows()


def test_the_default_level_reports_the_golden_findings_of_default_rules(tmp_path):
    picky = {rule.id for rule in builtin_rules() if rule.level == "picky"}
    result = run_cli("check", "--format", "json", "--select", ",".join(GOLDEN["select"]), str(SEED),
                     cwd=tmp_path)
    expected = [row for row in golden_rows() if row[0] not in picky]
    assert as_rows(result.report) == expected
    assert len(expected) < len(golden_rows())  # the seed's mixed tanween is a picky finding


def test_the_golden_report_covers_the_acceptance_list():
    rows = golden_rows()
    by_rule = {}
    for rule, start, end, text, fix in rows:
        assert TEXT[start:end] == text
        by_rule.setdefault(rule, []).append((start, end, text, fix))
    # All 23 spaces before «،», each with the fix that deletes it.
    commas = [m.start() for m in regex.finditer(" ،", TEXT)]
    assert len(commas) == 23
    space_fixes = set(by_rule["spacing.before-punctuation"])
    assert {(s, s + 1, " ", "") for s in commas} <= space_fixes
    # The space in «السادس .».
    period = TEXT.index("السادس .") + len("السادس")
    assert space_fixes == {(s, s + 1, " ", "") for s in commas} | {(period, period + 1, " ", "")}
    # «.،», the «،» glued to «و», and the detached «و».
    glued = TEXT.index(".،و ")
    assert by_rule["punctuation.double"] == [(glued, glued + 2, ".،", ".")]
    assert by_rule["spacing.missing-after-punctuation"] == [(glued + 1, glued + 2, "،", "، ")]
    assert by_rule["spacing.detached-conjunction"] == [(glued + 2, glued + 4, "و ", "و")]
    date = TEXT.index("11-05 -2022")
    assert by_rule["punctuation.date-format"] == [(date, date + 11, "11-05 -2022", "11-05-2022")]
    assert len(by_rule["truncation.fragment"]) == 3
    assert len(by_rule["repetition.repeated-passage"]) == 1
    assert [text for _, _, text, _ in by_rule["consistency.africa"]] == ["الأفريقية", "الأفريقية"]
    assert by_rule["grammar.participle-agreement"] == [
        (TEXT.index("مشيرًا"), TEXT.index("مشيرًا") + 6, "مشيرًا", "مشيرةً")]
    assert len(rows) == 23 + 1 + 3 + 1 + 10  # spacing and punctuation, the date, the rest


def test_the_fixed_seed_is_clean():
    linter = Linter(select_rules(builtin_rules(), GOLDEN["select"], level="picky"))
    fixed, count = linter.fix(Document(TEXT))[0].text, linter.fix(Document(TEXT))[1]
    assert "منظمة دولية. وشهد" in fixed
    assert " ،" not in fixed and "السادس." in fixed and fixed.startswith("الأربعاء 11-05-2022")
    # 27 in the first pass (the overlapped «،» → «، » waits), then the space after «.» in «دولية.وشهد».
    assert count == 28
    findings, problems = linter.check(Document(fixed))
    assert not problems and not [f for f in findings if f.fixable]
    default = Linter(select_rules(builtin_rules()))
    assert not [f for f in default.check(default.fix(Document(TEXT))[0])[0] if f.fixable]
