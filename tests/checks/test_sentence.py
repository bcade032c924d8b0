"""The sentence kind: unterminated paragraphs, fragments, dangling words, unbalanced marks."""

from __future__ import annotations

import pytest
from support import rule_from_yaml, run_rules

from copycheck.checks import sentence

PACK = """
pack: test
rules:
  - id: truncation.test
    kind: sentence
    category: truncation
    severity: warning
    message: "m"
    message_ar: "م"
    {options}
    examples:
      bad:
        - text: "⟦x⟧"
      good:
        - "y"
"""
LONG = "وقال الوزير إن الحكومة ستعلن خلال الأيام المقبلة عن حزمة من الإجراءات الجديدة لدعم الأسر المتضررة"


def rules(tmp_path, options: str):
    return rule_from_yaml(tmp_path, PACK.replace("{options}", options))


def found(rule_list, text):
    return [text[f.start:f.end] for f in run_rules(rule_list, text)]


def test_unterminated_flags_the_last_word_of_a_long_paragraph(tmp_path):
    check = rules(tmp_path, "detect: unterminated\n    min_words: 15")
    assert found(check, f"الرباط - وكالات\nانتهى.\n{LONG}") == ["المتضررة"]
    assert found(check, f"{LONG}.") == []
    assert found(check, f"{LONG}:") == []
    assert found(check, f'قال: "{LONG}"') == []


def test_unterminated_spares_headlines_labels_and_lists(tmp_path):
    check = rules(tmp_path, "detect: unterminated\n    min_words: 15")
    headline = "الحكومة تعلن عن حزمة من الإجراءات الجديدة لدعم الأسر المتضررة من الفيضانات الأخيرة في البلاد"
    assert found(check, f"{headline}\nانتهى الاجتماع.") == []
    assert found(check, f"اقرأ أيضا: {LONG}") == []
    assert found(check, f"- {LONG}") == []
    assert found(check, f"انتهى.\n{LONG}\n{LONG}\nانتهى.") == []


def test_fragment_between_full_stops(tmp_path):
    check = rules(tmp_path, "detect: fragment\n    max_words: 5\n    sentence_words: [قال, تم, لم]\n"
                            "    verb_prefixes: [ي]\n    openers: [هذا]\n"
                            "    verbal_nouns: ['ت\\w\\wي\\w']")
    assert found(check, "انتهى الأمر. مصادر الإرهاب في القارة. تم ذلك.") == ["مصادر الإرهاب في القارة."]
    assert found(check, "انتهى الأمر. مصادر الإرهاب والتطرف في هذه القارة. تم ذلك.") == []  # too long
    assert found(check, "انتهى الأمر. قال الوزير ذلك. تم ذلك.") == []  # a verb
    assert found(check, "انتهى الأمر. يعود الوزير غدا. تم ذلك.") == []  # imperfect prefix
    assert found(check, "انتهى الأمر. هذا صحيح تماما. تم ذلك.") == []  # an opener
    assert found(check, "انتهى الأمر. مصادر الإرهاب في القارة.") == ["مصادر الإرهاب في القارة."]
    assert found(check, "مصادر الإرهاب في القارة. تم ذلك.") == []  # first in its paragraph
    assert found(check, "انتهى الأمر. ولم يحضر الوفد.") == []  # a conjunction on a particle
    assert found(check, "انتهى الأمر. وتوقف العمل.") == []  # a conjunction on a verb
    assert found(check, "انتهى الأمر. وتخزين المياه.") == ["وتخزين المياه."]  # on a verbal noun
    assert found(check, 'قال "انتهى الأمر. دعونا نذهب الآن. تم ذلك".') == []  # inside a quotation
    assert found(check, "انتهى الأمر. حسب رويترز 2018. تم ذلك.") == []  # figures


def test_a_short_last_paragraph_is_cut_when_it_reads_as_prose(tmp_path):
    check = rules(tmp_path, "detect: unterminated\n    min_words: 15\n    verb_prefixes: [ي]\n"
                            "    function_words: [في]\n    sentence_words: [قال]")
    head = "عنوان الخبر\n\nانتهى الاجتماع في الموعد.\n\n"
    assert found(check, head + "وقال الوزير إن الحكومة") == ["الحكومة"]  # conjunction on a verb
    assert found(check, head + "ويأتي هذا القرار") == ["القرار"]
    assert found(check, head + "انعقد الاجتماع في") == ["في"]  # a function word
    assert found(check, head + "انعقد الاجتماع أمس، بحضور الوزير") == ["الوزير"]  # a comma inside
    assert found(check, head + "وزير الخارجية يصل الرباط") == []  # «و» of the word itself
    assert found(check, head + "المصدر: وكالات في") == []  # a label line
    assert found(check, head + "وقال الوزير إن الحكومة\n\nانتهى.") == []  # not the last


def test_dangling_word_before_the_full_stop(tmp_path):
    check = rules(tmp_path, "detect: dangling\n    function_words: [في, الذي, الذى]")
    assert found(check, "وصل الوفد إلى مراكش في. وبدأ") == ["في."]
    assert found(check, "وصل الوفد الذى .") == ["الذى ."]
    assert found(check, "وصل الوفد في الصباح.") == []


def test_dangling_words_are_matched_letter_for_letter(tmp_path):
    check = rules(tmp_path, "detect: dangling\n    function_words: [أن, إن, إلى, على, لدى]")
    assert found(check, "وقال الوزير إن.") == ["إن."]
    assert found(check, "وصل الوفد إلى.") == ["إلى."]
    assert found(check, "تجمع المعلمة بين الحزم والرحمة في آن.") == []  # آن is no أن
    assert found(check, "ويعمل الشاب على حاسب آلي.") == []  # آلي is no إلى
    assert found(check, "بعد سقوط نظام بن علي.") == []  # a name, not على
    assert found(check, "وأريد تقديم كل ما لدي.") == []  # لديّ, not لدى
    assert found(check, "وبثت الخبر قناة سي.إن.") == []  # letters of an abbreviation
    assert found(check, "التقى الرئيس مون جاي-إن.") == []  # part of a name


def test_function_key_keeps_hamza_madda_and_yeh_apart():
    from copycheck.arabic import function_key, match_key
    assert function_key("آن") != function_key("أن") and match_key("آن") == match_key("أن")
    assert function_key("آلي") != function_key("إلى") != function_key("الى")
    assert function_key("علي") != function_key("على")
    assert function_key("إلـيَّ") == "إلي" and function_key("ٱلذي") == "الذي"


FRAGMENT = ("detect: fragment\n    max_words: 7\n    sentence_words: [قال, تم]\n"
            "    verb_prefixes: [ي]\n    openers: [هذا]\n    function_words: [في, من]\n"
            "    formulas: [السلام عليكم, إلى اللقاء]\n    evidence: {}")


def test_fragment_leaves_complete_verbless_sentences_alone(tmp_path):
    check = rules(tmp_path, FRAGMENT.format("any"))
    assert found(check, "انتهى الأمر. المهمة جد صعبة ومذهلة. تم ذلك.") == []  # nominal
    assert found(check, "انتهى الأمر. والبحر مضطرب.") == []
    assert found(check, "انتهى الأمر. والسلام عليكم ورحمة الله.") == []  # a formula
    assert found(check, "انتهى الأمر. وإلى اللقاء.") == []
    assert found(check, "انتهى الأمر. الإرهاب والتطرف في القارة.") == [
        "الإرهاب والتطرف في القارة."]  # definite, but the rest is a prepositional phrase
    assert found(check, "حضر الأعضاء (رئيس الجمعية. رئيس النادي. رئيس الغرفة).") == []


def test_fragment_with_evidence_of_a_cut_or_a_paste(tmp_path):
    check = rules(tmp_path, FRAGMENT.format("required"))
    without = rules(tmp_path, FRAGMENT.format("absent"))
    # most of its words repeat a passage of the text
    pasted = "انتهى الأمر. منابع التطرف في القارة. تم ذلك لمحاربة التطرف في القارة."
    assert found(check, pasted) == ["منابع التطرف في القارة."]
    assert found(without, pasted) == []  # the same run is never reported by both
    alone = "انتهى الأمر. منابع التطرف في القارة. تم ذلك."
    assert found(check, alone) == []  # no evidence
    assert found(without, alone) == ["منابع التطرف في القارة."]
    # a name said before, then only a prepositional phrase, or a stray space before the stop
    named = "وحضر كريم العلوي اللقاء. ونوه بالنتائج. كريم العلوي {} تم ذلك."
    assert found(check, named.format("في افتتاح هذا اللقاء.")) == ["كريم العلوي في افتتاح هذا اللقاء."]
    assert found(check, named.format("رجل صريح .")) == ["كريم العلوي رجل صريح ."]
    assert found(check, named.format("رجل صريح.")) == []  # a predicate: a sentence


def test_unbalanced_pairs_and_symmetric_marks(tmp_path):
    check = rules(tmp_path, "detect: unbalanced")
    assert found(check, "قال «إن المغرب ينفذ.") == ["«"]
    assert found(check, "قال (وزير) الخارجية).") == [")"]
    assert found(check, 'قال "إن" المغرب "ينفذ.') == ['"']
    assert found(check, "قال «إن المغرب\nينفذ»") == ["«", "»"]  # per paragraph
    assert found(check, "1) الأول\nأ) الثاني") == []


def test_pairs_option_and_bad_detect(tmp_path):
    check = rules(tmp_path, "detect: unbalanced\n    pairs: ['()']")
    assert found(check, "قال «إن (المغرب) ينفذ.") == []
    with pytest.raises(ValueError, match="detect"):
        sentence.build(sentence.Options(detect="everything"), None)


CLOSED = "وقال الوزير إن الحكومة ستعلن خلال الأيام المقبلة عن حزمة من الإجراءات الجديدة لدعم الأسر المتضررة."


def test_unterminated_follows_the_texts_own_habit(tmp_path):
    check = rules(tmp_path, "detect: unterminated\n    min_words: 15\n    function_words: [في]\n"
                            "    sentence_words: [قال]")
    # the other paragraphs end with a stop: a bare end of the text stands out
    assert found(check, f"عنوان الخبر\n\n{CLOSED}\n\n{LONG}") == ["المتضررة"]
    # inside the text, only a cut particle or word shows that more than the stop is missing
    assert found(check, f"{CLOSED}\n\n{LONG}\n\n{CLOSED}") == []
    assert found(check, f"{CLOSED}\n\n{LONG} في\n\n{CLOSED}") == ["في"]
    assert found(check, f"{CLOSED}\n\n{LONG} الت\n\n{CLOSED}") == ["الت"]
    assert found(check, f"{CLOSED}\n\n{LONG} من أ\n\n{CLOSED}") == ["أ"]
    assert found(check, f"{CLOSED}\n\n{LONG} عام 2004 م\n\n{CLOSED}") == []  # an era
    # two paragraphs without a stop: the paper's style (or a block of teasers), not a cut
    assert found(check, f"عنوان الخبر\n\n{CLOSED}\n\n{LONG}\n\n{LONG}") == []
    # the only paragraph below the headline: judged by its position, the end of the text
    longer = f"{LONG} من الفيضانات الأخيرة في المناطق الشمالية والوسطى خلال الأسبوع الماضي"
    assert found(check, f"عنوان الخبر\n\n{longer}") == ["الماضي"]  # longer than a list item
    names = "حضر اللقاء كل من كريم العلوي وسعاد الإدريسي ومحمد الأمين وليلى الحسني ونادية العمراني"
    assert found(check, f"عنوان الخبر\n\n{longer}. {names}") == []  # no clause: names run on
    assert found(check, f"{CLOSED}\n\n{LONG} ع ب م") == []  # the writer's initials


def test_crawler_lines_are_not_prose(tmp_path):
    check = rules(tmp_path, "detect: unterminated\n    min_words: 15")
    tags = "الحكومة - الأسر المتضررة - الفيضانات - الإجراءات الجديدة - الدعم الاجتماعي - وزارة المالية"
    assert sentence.is_boilerplate(tags)
    assert sentence.is_boilerplate("#الحكومة #الفيضانات #الدعم")
    assert sentence.is_boilerplate("الكلمات الدلالية: الحكومة، الفيضانات")
    assert sentence.is_boilerplate("رابط الخبر بصحيفة المدينة الإلكترونية:")
    assert sentence.is_boilerplate(f"{LONG} https://example.com/news/1")
    assert not sentence.is_boilerplate(LONG)
    assert found(check, f"{CLOSED}\n\n{tags}") == []
    assert found(check, f"{CLOSED}\n\n{LONG} www.example.com") == []
    assert found(check, f"{CLOSED}\n\n------------\n\n{LONG}") == []  # a footer


def test_a_bare_end_after_a_sign_off_or_a_list_is_no_cut(tmp_path):
    check = rules(tmp_path, "detect: unterminated\n    min_words: 15\n    sentence_words: [قال]")
    assert found(check, f"{CLOSED}\n\n{CLOSED} كريم العلوي") == []  # a byline
    assert found(check, f"{CLOSED}\n\n{CLOSED} * صورة توضيحية") == []  # a caption
    assert found(check, f"{CLOSED}\n\n{CLOSED} المصدر : وكالات الأنباء") == []  # a source
    assert found(check, f"{CLOSED}\n\n{CLOSED} د") == []  # an initial
    fixtures = "الفريق الأول - الفريق الثاني / الفريق الثالث - الفريق الرابع / الملعب البلدي"
    assert found(check, f"{CLOSED}\n\nوتجرى مباريات الجولة المقبلة يوم الأحد كما يلي {fixtures}") == []
    assert found(check, f"{CLOSED}\n\n{CLOSED} وقال الوزير") == ["الوزير"]  # prose after the stop
