"""The repetition kind: reaches, windows, thresholds, exceptions, and linear work."""

from __future__ import annotations

import pytest
from support import rule_from_yaml, run_rules

from copycheck.checks import Environment, repetition
from copycheck.document import Document

RULE = """
pack: test
rules:
  - id: repetition.test
    kind: repetition
    category: repetition
    severity: warning
    message: "repeat of {first} at {first_line}:{first_column}"
    message_ar: "تكرار"
    {options}
    examples:
      bad:
        - text: "{bad}"
      good:
        - "كلمة واحدة"
"""


def rule(tmp_path, options: str, bad: str):
    return rule_from_yaml(tmp_path, RULE.replace("{options}", options).replace("{bad}", bad))


def spans(rules, text):
    return [(text[f.start:f.end], f.replacements) for f in run_rules(rules, text)]


def test_adjacent_word_is_one_finding_that_keeps_the_first_copy(tmp_path):
    rules = rule(tmp_path, "min_words: 1\n    reach: adjacent", "⟦في في⟧")
    assert spans(rules, "عقد الاجتماع في في مراكش") == [("في في", ("في",))]


def test_adjacent_compares_normalised_words_but_reports_the_original(tmp_path):
    rules = rule(tmp_path, "min_words: 1\n    reach: adjacent", "⟦في في⟧")
    assert spans(rules, "أكد الوزير الوزيرُ أن") == [("الوزير الوزيرُ", ("الوزير",))]
    assert spans(rules, "قال إلى الى") == [("إلى الى", ("إلى",))]


def test_adjacent_needs_only_spaces_between_arabic_words(tmp_path):
    rules = rule(tmp_path, "min_words: 1\n    reach: adjacent", "⟦في في⟧")
    assert spans(rules, "نعم، نعم") == []
    assert spans(rules, "في\nفي") == []
    assert spans(rules, "انتهت 1 1") == []


def test_exceptions_and_exception_pattern(tmp_path):
    options = ("min_words: 1\n    reach: adjacent\n    exceptions: [خطوة]\n"
               "    exception_pattern: 'ال\\w+يه'")
    rules = rule(tmp_path, options, "⟦في في⟧")
    assert spans(rules, "تقدم خطوة خطوة") == []
    assert spans(rules, "المحادثات الفلسطينية الفلسطينية") == []


def test_near_reports_the_whole_second_run_once(tmp_path):
    rules = rule(tmp_path, "min_words: 3\n    reach: near\n    window: 6", "⟦x⟧")
    text = "قال وزير الشؤون الخارجية والتعاون، السيد وزير الشؤون الخارجية والتعاون، إن"
    findings = run_rules(rules, text)
    assert [text[f.start:f.end] for f in findings] == ["وزير الشؤون الخارجية والتعاون"]
    assert "1:5" in findings[0].message  # points at the first copy


def test_near_window_and_paragraph_bound(tmp_path):
    rules = rule(tmp_path, "min_words: 3\n    reach: near\n    window: 2", "⟦x⟧")
    assert spans(rules, "رئيس الحكومة الجديدة وصل و رئيس الحكومة الجديدة") != []
    far_apart = "رئيس الحكومة الجديدة وصل إلى الرباط أمس مساء رئيس الحكومة الجديدة"
    assert spans(rules, far_apart) == []
    assert spans(rules, "رئيس الحكومة الجديدة\nرئيس الحكومة الجديدة") == []


def test_min_words_threshold(tmp_path):
    rules = rule(tmp_path, "min_words: 4\n    reach: near", "⟦x⟧")
    assert spans(rules, "رئيس الحكومة الجديدة ثم رئيس الحكومة الجديدة") == []


def test_far_passage_skips_near_copies_and_headlines(tmp_path):
    rules = rule(tmp_path, "min_words: 4\n    reach: far\n    window: 2", "⟦x⟧")
    passage = "عزم المغرب الراسخ على التنسيق"
    body = f"يؤكد الاجتماع {passage}. ناقش الوزراء خطط التعاون في المنطقة. وأكد الوزير {passage}."
    assert [s for s, _ in spans(rules, body)] == [passage]
    assert spans(rules, f"{passage} مع شركائه\nيؤكد الاجتماع {passage} مع شركائه.") == []


def test_overlapping_copies_are_not_a_repeat(tmp_path):
    rules = rule(tmp_path, "min_words: 3\n    reach: near", "⟦x⟧")
    assert spans(rules, "ها ها ها ها") == []


LETTERS = "min_words: 1\n    reach: adjacent\n    compare: letters"


def test_letters_tell_apart_words_that_differ_in_a_letter(tmp_path):
    rules = rule(tmp_path, LETTERS, "⟦في في⟧")
    assert spans(rules, "اعتمد علي على خبرته") == []
    assert spans(rules, "قال إلى الى") == []
    assert spans(rules, "عاد آمن امن") == []
    assert spans(rules, "أكد الوزير الوزيرُ أن") == [("الوزير الوزيرُ", ("الوزير",))]


def test_exception_phrase_allows_the_repeat_only_in_its_context(tmp_path):
    rules = rule(tmp_path, LETTERS + "\n    exception_phrases: [ولي ولي العهد]", "⟦في في⟧")
    assert spans(rules, "استقبل ولي ولي العهد الوفد") == []
    assert spans(rules, "استقبل ولي ولي الأمر الوفد") == [("ولي ولي", ("ولي",))]


EMPHATIC = LETTERS + "\n    emphatic: true\n    titles: [رئيس, وزير, الاتحاد]"


@pytest.mark.parametrize("text", [
    "قدم الفريق الجهد الجهد، ثم انصرف",  # closes its clause
    "قال: \"أكيد أكيد سأحضر\"",  # spoken
    "راجعوا المشروع بندا بندا قبل التصويت",  # distributive accusative
    "راجعوا المشروع فصلاً فصلاً قبل التصويت",
    "سألها مَنْ مِنْ أهلها حضر",  # the marks tell two words apart
    "تصدى الحارس عامر عامر للكرة ثم عاد عامر عامر إلى مرماه",  # a name, spelt so twice
    "قال رئيس الاتحاد سالم سالم إن الموسم انتهى",  # a name after a title
    "وقال سالم سالم رئيس الاتحاد إن الموسم انتهى",  # or before one
    "قال لهم: الصبر الصبر يا قوم",  # a call
    "شاركت أندية إنتر ميلان و ميلان و روما",  # a list
])
def test_emphatic_doubles_are_left_alone(tmp_path, text):
    rules = rule(tmp_path, EMPHATIC, "⟦في في⟧")
    assert spans(rules, text) == []


@pytest.mark.parametrize("text, double", [
    ("عقد الاجتماع في في مراكش", "في في"),
    ("راجعوا هذا هذا المشروع", "هذا هذا"),
    ("وتحدث الكاتب الكاتب عن روايته", "الكاتب الكاتب"),
    ("تصدى الحارس عامر عامر للكرة ثم عاد إلى مرماه", "عامر عامر"),
    ("وكان رئيس رئيس المجلس حاضرا", "رئيس رئيس"),  # the title itself doubled
    ("التقى وزير الدفاع الدفاع الأمريكي", "الدفاع الدفاع"),  # no name has the article
    ("بعد تبرئة خمسة أشخاص من من التهمة", "من من"),
])
def test_slips_inside_a_phrase_are_found_with_emphatic_on(tmp_path, text, double):
    rules = rule(tmp_path, EMPHATIC, "⟦في في⟧")
    assert [s for s, _ in spans(rules, text)] == [double]


NEAR = ("min_words: 3\n    reach: near\n    window: 3\n    between: [أي]\n"
        "    titles: [السيد, الأمير, صاحب, السمو]")


def test_near_with_between_needs_only_glue_words_between_the_copies(tmp_path):
    rules = rule(tmp_path, NEAR, "⟦x⟧")
    for pasted in ("قال رئيس الحكومة الجديدة، السيد رئيس الحكومة الجديدة، إن",
                   "قال رئيس الحكومة الجديدة أي رئيس الحكومة الجديدة إن",
                   "قال رئيس الحكومة الجديدة رئيس الحكومة الجديدة إن"):
        assert [s for s, _ in spans(rules, pasted)] == ["رئيس الحكومة الجديدة"]
    assert spans(rules, "أعلن رئيس الحكومة الجديدة أمس أن رئيس الحكومة الجديدة سيزور") == []
    assert spans(rules, "حضر صاحب السمو الأمير سامي وصاحب السمو الأمير هاني") == []


@pytest.mark.parametrize("text", [
    "هتف الناس: عاش الوطن الحر عاش الوطن الحر، ثم تفرقوا",  # a chant
    "أولا: التعليم الجيد، التعليم الجيد، التعليم الجيد",  # said over and over
    "شاركت مريم آل سالم، نورة آل سالم، هند",  # names of one family
])
def test_near_with_between_leaves_calls_and_lists_alone(tmp_path, text):
    assert spans(rule(tmp_path, NEAR, "⟦x⟧"), text) == []


FAR = ("min_words: 8\n    reach: far\n    window: 3\n    whole_clause: true\n"
       "    paragraph_words: 14\n    titles: [صاحب, السمو, الأمير, بن, آل]")
SENTENCE = "افتتح الوزير أمس المعرض الوطني للكتاب في دورته العاشرة"
CLAUSE = ("التزام الحكومة الثابت بمواصلة الإصلاحات الاقتصادية الكبرى وتحسين ظروف عيش المواطنين في "
          "كل الجهات دون استثناء")


def test_far_finds_a_sentence_or_a_long_clause_pasted_again(tmp_path):
    rules = rule(tmp_path, FAR, "⟦x⟧")
    between = "وشارك في المعرض ناشرون من عشرين بلدا."
    assert [s for s, _ in spans(rules, f"{SENTENCE}. {between} {SENTENCE}.")] == [SENTENCE]
    text = f"أكد البيان {CLAUSE}، ودعا النقابات إلى الحوار. وختم الوزير مؤكدا {CLAUSE}."
    assert [s for s, _ in spans(rules, text)] == [CLAUSE]


def test_far_leaves_retold_names_styling_and_other_paragraphs_alone(tmp_path):
    rules = rule(tmp_path, FAR, "⟦x⟧")
    name = "الملتقى الوطني الأول للشباب المبدعين في الجنوب والشمال"
    assert spans(rules, f"نظمت الجمعية {name} بدعم من الوزارة. وقال رئيسها إن {name} سيصبح سنويا.") == []
    styling = "صاحب السمو الملكي الأمير سامي بن فهد بن سعد آل سالم"
    assert spans(rules, f"{styling}. وحضر الضيوف الحفل في القاعة الكبرى. {styling}.") == []
    # A long clause retold in another paragraph, in the middle of its sentence.
    text = f"أكد البيان {CLAUSE}، ودعا النقابات إلى الحوار.\nوختم الوزير مؤكدا {CLAUSE}."
    assert spans(rules, text) == []
    quoted = f"قال الوزير: \"{SENTENCE}\". وشارك في المعرض ناشرون.\nوقال: \"{SENTENCE}\"."
    assert spans(rules, quoted) == []


def test_unknown_reach_is_refused():
    with pytest.raises(ValueError, match="reach"):
        repetition.build(repetition.Options(reach="nowhere"), None)
    with pytest.raises(ValueError, match="compare"):
        repetition.build(repetition.Options(compare="sound"), None)


def _text(words: int) -> str:
    vocabulary = [f"كلمة{chr(0x0628 + i % 20)}{chr(0x0628 + i // 20 % 20)}" for i in range(400)]
    return " ".join(vocabulary[(i * 7919) % 400] + ("." if i % 15 == 14 else "") for i in range(words))


@pytest.mark.parametrize("options", [
    repetition.Options(min_words=3, reach="near"),
    repetition.Options(min_words=3, reach="near", between=("أي",), titles=("السيد",)),
    repetition.Options(min_words=8, reach="far"),
    repetition.Options(min_words=8, reach="far", whole_clause=True, paragraph_words=14,
                       titles=("السيد",)),
    repetition.Options(min_words=1, reach="adjacent"),
    repetition.Options(min_words=1, reach="adjacent", compare="letters", emphatic=True,
                       exception_phrases=("ولي ولي العهد",))])
def test_work_grows_linearly(monkeypatch, options):
    """Count every read of a word key: ten times the text must cost about ten times the reads."""
    reads = {"count": 0}

    class CountingKeys(list):
        def __getitem__(self, index):
            reads["count"] += 1
            return super().__getitem__(index)

    real_terms_of = repetition.terms_of
    monkeypatch.setattr(repetition, "terms_of",
                        lambda doc: repetition._Terms(real_terms_of(doc).tokens,
                                                      CountingKeys(real_terms_of(doc).keys)))
    check = repetition.build(options, Environment())
    costs = []
    for words in (3000, 30000):
        reads["count"] = 0
        list(check(Document(_text(words))))
        costs.append(reads["count"])
    assert costs[1] <= 12 * costs[0]
