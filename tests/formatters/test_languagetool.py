"""LanguageTool's /v2/check answer, on hand-built findings: replacements, messages, offsets."""

from __future__ import annotations

from support import builtin_rules

from copycheck.document import Document
from copycheck.findings import Applicability, Diagnostic, Finding, Severity
from copycheck.formatters import languagetool
from copycheck.sources import annotated

RULES = {rule.id: rule for rule in builtin_rules()}
TEXT = "قال 😀 الوزير ، إن الإفريقية والأفريقية"
ARABIC = languagetool.Language("ar", 1.0)


def _space(start: int) -> Finding:
    return Finding("spacing.before-punctuation", "spacing", Severity.WARNING, start, start + 1,
                   "Space before «،»", "مسافة قبل «،»", ("",), Applicability.SAFE)


def _africa(start: int, end: int) -> Finding:
    return Finding("consistency.africa", "consistency", Severity.WARNING, start, end,
                   "Mixed spellings of Africa", "تهجئة مختلطة", ("الإفريقية",), Applicability.UNSAFE)


def _answer(doc: Document, findings: list[Finding], all_replacements: bool = False) -> dict:
    return languagetool.render(doc, findings, RULES, ARABIC, all_replacements=all_replacements)


def test_only_safe_fixes_are_replacements_unless_all_are_asked_for():
    doc = Document(TEXT)
    start = TEXT.index("والأفريقية") + 1
    findings = [_space(TEXT.index(" ،")), _africa(start, len(TEXT))]
    fixes, every = _answer(doc, findings), _answer(doc, findings, all_replacements=True)
    assert [m["replacements"] for m in fixes["matches"]] == [[{"value": ""}], []]
    assert [m["replacements"] for m in every["matches"]] == [[{"value": ""}], [{"value": "الإفريقية"}]]
    # The withheld suggestion is named in the messages instead.
    assert fixes["matches"][1]["message"] == "تهجئة مختلطة — هل تقصد «الإفريقية»؟"
    assert fixes["matches"][1]["shortMessage"] == "Mixed spellings of Africa — did you mean «الإفريقية»?"
    assert every["matches"][1]["message"] == "تهجئة مختلطة"


def test_offsets_count_utf16_units_and_the_mapping_applies():
    doc = Document(TEXT)
    match = _answer(doc, [_space(TEXT.index(" ،"))])["matches"][0]
    assert match["offset"] == TEXT.index(" ،") + 1  # the emoji before it is two units
    assert match["length"] == 1
    assert match["rule"]["issueType"] == "whitespace"
    assert match["rule"]["category"] == {"id": "SPACING", "name": "Spacing"}
    assert match["sentence"] == TEXT


def test_a_finding_across_markup_offers_no_replacement():
    doc = annotated.document([{"text": "قال الوزير "}, {"markup": "<b>"}, {"text": "، إن"}])
    across = _space(doc.text.index(" ،"))  # the space is text, the markup follows it: still copied
    inside = Finding("spacing.before-punctuation", "spacing", Severity.WARNING, 9, 12, "x", "س", ("",),
                     Applicability.SAFE)  # from inside «الوزير» over the markup into «،»
    matches = _answer(doc, [across, inside])["matches"]
    assert matches[0]["replacements"] == [{"value": ""}]
    assert matches[1]["replacements"] == []
    assert doc.source[matches[1]["offset"]:matches[1]["offset"] + matches[1]["length"]] == "ر <b>،"


def test_incomplete_results_are_flagged():
    doc = Document("قال")
    answer = languagetool.render(doc, [], RULES, ARABIC, [Diagnostic("pattern took too long", "-")])
    assert answer["warnings"]["incompleteResults"] is True
    assert "pattern took too long" in answer["warnings"]["incompleteResultsReason"]
    assert languagetool.render(doc, [], RULES, ARABIC)["warnings"] == {"incompleteResults": False}
