"""The consistency kind: majority, ties, clitics and suffixes, regex variants."""

from __future__ import annotations

import pytest
from support import rule_from_yaml, run_rules

from copycheck.checks import consistency

PACK = """
pack: test
rules:
  - id: consistency.test
    kind: consistency
    category: consistency
    severity: warning
    message: "{match} vs {majority}"
    message_ar: "م"
    groups:
{groups}
    examples:
      bad:
        - text: "⟦x⟧"
      good:
        - "y"
"""


def rules(tmp_path, groups: str):
    return rule_from_yaml(tmp_path, PACK.replace("{groups}", groups))


def found(rule_list, text):
    return [(text[f.start:f.end], f.replacements) for f in run_rules(rule_list, text)]


def test_minority_gets_the_majority_form_with_clitics_and_suffixes_kept(tmp_path):
    check = rules(tmp_path, "      - [إفريقي, أفريقي]")
    text = "في إفريقيا والتعاون الإفريقي مع القارة والأفريقيين"
    assert found(check, text) == [("والأفريقيين", ("والإفريقيين",))]


def test_a_tie_goes_to_the_form_used_first(tmp_path):
    check = rules(tmp_path, "      - [ترامب, ترمب]")
    assert found(check, "قال ترمب إن ترامب") == [("ترامب", ("ترمب",))]


def test_one_form_alone_and_words_that_only_contain_a_variant_are_silent(tmp_path):
    check = rules(tmp_path, "      - [بوتين, بوتن]")
    assert found(check, "قال بوتين إن بوتين") == []
    assert found(check, "قال بوتين إن ربوتن") == []


def test_regex_variants_with_core_and_form(tmp_path):
    groups = ("      - - {pattern: '(?P<core>\\u064Bا)(?!\\\\p{L})', form: \"\\u064Bا\"}\n"
              "        - {pattern: '(?P<core>ا\\u064B)(?!\\\\p{L})', form: \"ا\\u064B\"}")
    check = rules(tmp_path, groups)
    assert found(check, "مشيرًا إلى أرضًا ومنبراً") == [("ومنبراً", ("ومنبرًا",))]


def test_variants_without_form_are_reported_without_suggestion(tmp_path):
    check = rules(tmp_path, "      - - {pattern: '[«»]'}\n        - {pattern: '\"'}")
    assert found(check, 'قال «نعم» ثم "لا"') == [('"', ()), ('"', ())]


def test_group_needs_two_variants():
    with pytest.raises(ValueError, match="two variants"):
        consistency.build(consistency.Options(groups=(("أفريقي",),)), None)


def test_a_variant_inside_another_word_or_a_link_mixes_nothing(tmp_path):
    # The text holds both spellings of the group, but one only inside another word or inside a
    # link, where no spelling is judged: nothing is mixed, whatever a quick look finds.
    check = rules(tmp_path, "      - [ترامب, ترمب]")
    text = "قال ترامب إن ترامب سيزور المنطقة، كما نشر موقع https://example.com/ترمب والمسترمبي"
    assert found(check, text) == []
    assert found(check, text + " وقال ترمب") == [("ترمب", ("ترامب",))]
