"""The substitution kind: one dict lookup per word, with clitics and tashkeel handled."""

from __future__ import annotations

from support import run_rules

from copycheck.checks.substitution import _clitic_forms
from copycheck.document import Document


def test_bare_words_drop_marks_tatweel_and_joiners_only_where_present():
    doc = Document("كتبَ الطالـب الدرسَ اليوم")
    assert doc.bare_words == ["كتب", "الطالب", "الدرس", "اليوم"]
    assert [w.text for w in doc.words][3] == "اليوم"


def test_the_word_itself_wins_over_a_clitic_reading():
    forms = _clitic_forms({"بلد", "لد"}, clitics=True)
    assert forms["بلد"] == ("", "بلد")
    assert forms["وبلد"] == ("و", "بلد")
    assert forms["ولد"] == ("و", "لد")


def test_longer_clitics_are_tried_first():
    forms = _clitic_forms({"الذى", "ذى"}, clitics=True)
    assert forms["والذى"] == ("وال", "ذى")
    assert forms["الذى"] == ("", "الذى")
    assert _clitic_forms({"الذى"}, clitics=False) == {"الذى": ("", "الذى")}


def test_marked_words_and_multiword_entries_match(tmp_path):
    from support import rule_from_yaml

    rules = rule_from_yaml(tmp_path, """
        pack: t
        rules:
          - id: orthography.t
            kind: substitution
            category: orthography
            severity: error
            message: m
            message_ar: m
            map: {الذى: الذي, ان شاء الله: إن شاء الله}
            examples: {bad: [{text: "⟦الذى⟧"}], good: ["الذي"]}
    """)
    text = "والذَى قال ان شاءَ الله"
    found = run_rules(rules, text)
    assert [(text[f.start:f.end], f.replacements) for f in found] == [
        ("والذَى", ("والذي",)), ("ان شاءَ الله", ("إن شاء الله",))]
