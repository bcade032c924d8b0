"""The Document model: positions in the source, sentences, paragraphs and tokens.

Expected offsets are computed from the pieces of each text (str.find, len) rather than typed in, so
a test states *what* must be found, and the arithmetic cannot drift from the text.
"""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import json_report

from copycheck import document
from copycheck.arabic import match_key, match_keys
from copycheck.document import TOKEN_PATTERN, Document, Token
from copycheck.inputs import Decoded, decode, encode

COMMA_SPACE = "الوزير ،"  # one space before «،»: spacing.before-punctuation flags the space


def finding_at(report: dict, rule: str = "spacing.before-punctuation") -> dict:
    found = [f for f in report["files"][0]["findings"] if f["rule"] == rule]
    assert len(found) == 1, found
    return found[0]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# -- positions --------------------------------------------------------------------------------------
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_and_column_after_any_line_break(newline):
    first, second = "السطر الأول بلا خطأ.", "وقال الوزير ، إن الاجتماع انتهى."
    text = first + newline + first + newline + second
    finding = finding_at(json_report(text))
    start = text.index(" ،")
    assert (finding["start"], finding["end"], finding["text"]) == (start, start + 1, " ")
    assert (finding["line"], finding["column"]) == (3, second.index(" ،") + 1)
    assert (finding["end_line"], finding["end_column"]) == (3, second.index(" ،") + 2)
    assert finding["context"].endswith("إن الاجتماع انتهى.") and "\r" not in finding["context"]


def test_a_span_across_a_crlf_ends_on_the_next_line():
    doc = Document("أ\r\nب")
    location = doc.locate(0, 4)
    assert (location.line, location.column, location.end_line, location.end_column) == (1, 1, 2, 2)
    # The LF of a CRLF still belongs to line 1: the break is one unit, not a new line.
    assert doc.line_column(2) == (1, 3)


def test_a_bom_is_not_part_of_the_text_and_comes_back_on_encode():
    raw = "\ufeffقال الوزير ، إن".encode()
    decoded = decode(raw, "a.txt")
    assert not decoded.text.startswith("\ufeff") and decoded.bom == b"\xef\xbb\xbf"
    finding = finding_at(json_report(decoded.text))
    assert (finding["start"], finding["line"], finding["column"]) == (10, 1, 11)
    assert encode(decoded.text.replace(" ،", "،"), decoded, "a.txt") == "\ufeffقال الوزير، إن".encode()


def test_offsets_count_tashkeel_and_tatweel_as_code_points():
    prefix = "كَتَبَ الصَّحَفِيُّ الخبر الجمـــيل"  # marks and tatweel are separate code points
    text = prefix + " ، ثم نشره."
    finding = finding_at(json_report(text))
    assert finding["start"] == len(prefix) == finding["column"] - 1
    assert finding["utf16_start"] == finding["start"]  # no astral characters: UTF-16 = code points


@pytest.mark.parametrize("astral", ["😀", "👨‍👩‍👧", "𝐀", "🇲🇦"], ids=["emoji", "zwj-family", "math", "flag"])
def test_utf16_offsets_after_astral_characters(astral):
    prefix = f"نشر الوزير {astral} صورة {astral}"
    text = prefix + " ، ثم غادر."
    finding = finding_at(json_report(text))
    assert finding["start"] == len(prefix) and finding["column"] == len(prefix) + 1
    assert finding["utf16_start"] == utf16_len(prefix)
    assert finding["utf16_end"] == utf16_len(prefix) + 1
    # What a JavaScript editor would slice with those UTF-16 offsets is the flagged text.
    units = text.encode("utf-16-le")
    assert units[2 * finding["utf16_start"]:2 * finding["utf16_end"]].decode("utf-16-le") == " "


def test_an_astral_character_in_the_flagged_span_counts_two_utf16_units():
    doc = Document("أ😀ب")
    location = doc.locate(1, 2)
    assert (location.utf16_start, location.utf16_end) == (1, 3)
    assert (location.column, location.end_column) == (2, 3)


def test_text_of_every_finding_is_the_source_span_with_crlf_and_astral():
    text = "قال الوزير ، إن 😀 الأمن و الاستقرار .\r\nوأضاف:إن المغرب ملتزم ،، بالعمل"
    report = json_report(text)
    assert len(report["files"][0]["findings"]) >= 4
    for finding in report["files"][0]["findings"]:
        assert finding["text"] == text[finding["start"]:finding["end"]]


# -- sentences -------------------------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    doc = Document(text)
    return [text[start:end] for start, end in doc.sentences]


@pytest.mark.parametrize("mark", [".", "؟", "!", "…"])
def test_terminal_marks_end_a_sentence(mark):
    assert sentences(f"انتهى الاجتماع{mark} وغادر الوفد.") == [f"انتهى الاجتماع{mark}", "وغادر الوفد."]


def test_question_and_exclamation_together_end_one_sentence():
    assert sentences("هل هذا معقول؟! لا أحد يصدق.") == ["هل هذا معقول؟!", "لا أحد يصدق."]


def test_comma_does_not_end_a_sentence():
    assert sentences("قال الوزير، في بيان، إن الاجتماع انتهى.") == ["قال الوزير، في بيان، إن الاجتماع انتهى."]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_a_line_break_ends_a_sentence(newline):
    text = f"عنوان الخبر بلا نقطة{newline}نص الخبر هنا."
    assert sentences(text) == ["عنوان الخبر بلا نقطة", "نص الخبر هنا."]


@pytest.mark.parametrize("ellipsis", ["...", "…", "[...]", "(…)"])
def test_a_free_standing_ellipsis_inside_a_sentence_does_not_split_it(ellipsis):
    text = f"قال إن {ellipsis} الأمر انتهى، ثم غادر."
    assert sentences(text) == [text]


def test_an_ellipsis_does_not_split_into_empty_sentences():
    assert sentences("وانتظر الجميع... ثم انصرفوا.") == ["وانتظر الجميع...", "ثم انصرفوا."]


def test_a_full_stop_inside_guillemets_does_not_split_the_quoting_sentence():
    text = "قال الوزير «انتهى الاجتماع. سنعود غدا» ثم غادر القاعة."
    assert sentences(text + " وبعد ساعة عاد.") == [text, "وبعد ساعة عاد."]


def test_a_one_letter_title_is_not_a_sentence_end():
    text = "حاضر د. محمد العلوي في الجامعة."
    assert sentences(text + " ثم عاد.") == [text, "ثم عاد."]


def test_decimal_numbers_and_urls_do_not_end_sentences():
    text = "بلغت النسبة 3.5 في المئة حسب https://example.org/report.html اليوم."
    assert sentences(text) == [text]


# -- paragraphs ------------------------------------------------------------------------------------
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_blank_lines_separate_paragraphs(newline):
    one, two = f"الفقرة الأولى.{newline}تتمة الفقرة الأولى.", "الفقرة الثانية."
    text = f"{newline}{one}{newline}{newline}   {newline}{two}{newline}"
    doc = Document(text)
    assert [text[s:e] for s, e in doc.paragraphs] == [one, two]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_without_blank_lines_every_line_is_a_paragraph(newline):
    text = newline.join(["العنوان", "السطر الأول.", "السطر الثاني."])
    assert [text[s:e] for s, e in Document(text).paragraphs] == ["العنوان", "السطر الأول.", "السطر الثاني."]


def test_empty_text_has_no_paragraphs_sentences_or_tokens():
    doc = Document("")
    assert (doc.paragraphs, doc.sentences, doc.tokens) == ([], [], [])


# -- tokens ---------------------------------------------------------------------------------------
def tokens(text: str) -> list[tuple[str, str]]:
    return [(token.kind, token.text) for token in Document(text).tokens]


@pytest.mark.parametrize(("text", "expected"), [
    ("كَتَبَ الصَّحَفِيُّ", [("arabic", "كَتَبَ"), ("arabic", "الصَّحَفِيُّ")]),
    ("الجمـــيل", [("arabic", "الجمـــيل")]),
    ("بـ3", [("arabic", "بـ"), ("number", "3")]),
    ("BBC News", [("latin", "BBC"), ("latin", "News")]),
    ("Apple's", [("latin", "Apple's")]),
    ("1,000 و3.5 و10:30", [("number", "1,000"), ("arabic", "و"), ("number", "3.5"), ("arabic", "و"),
                           ("number", "10:30")]),
    ("١٢٣٬٤ ٣٫٥", [("number", "١٢٣٬٤"), ("number", "٣٫٥")]),
    ("https://example.org/report?id=12،", [("url", "https://example.org/report?id=12"), ("punct", "،")]),
    ("www.example.org.", [("url", "www.example.org"), ("punct", ".")]),
    ("newsroom@example.com", [("email", "newsroom@example.com")]),
    ("#كأس_العالم", [("hashtag", "#كأس_العالم")]),
    ("@newsroom_ma", [("mention", "@newsroom_ma")]),
    ("«نعم»", [("punct", "«"), ("arabic", "نعم"), ("punct", "»")]),
])
def test_token_kinds(text, expected):
    assert tokens(text) == expected


def test_token_offsets_slice_the_text():
    text = "قال 😀 الوزير، عبر @newsroom_ma: 1,250,000 درهم."
    for token in Document(text).tokens:
        assert text[token.start:token.end] == token.text


def reference_tokens(text: str) -> list[Token]:
    """What the tokens are by definition: the matches of TOKEN_PATTERN."""
    return [Token(m.lastgroup or "punct", m.start(), m.end(), m.group())
            for m in TOKEN_PATTERN.finditer(text)]


def test_plain_characters_have_the_properties_the_fast_tokenizer_assumes():
    everything = "".join(map(chr, range(0x110000)))
    plain = document._NOT_PLAIN.sub("", everything)
    assert set(regex.findall(r"\s", plain)) == set(document._SPACES)
    assert regex.findall(r"\p{Nd}", plain) == re.findall(f"[{document._DIGITS}]", plain)
    assert not regex.search(r"[\p{Latin}#@]", plain)


# Mostly plain copy, with the characters that send a chunk to TOKEN_PATTERN (Latin letters and a
# combining accent, `#`, `@`, URL parts, NKo and Persian digits, spaces `re` and `regex` disagree on).
MIXED = ("ابتجدهوزحطيكلمنسعفصقرشتثخذضظغءآأإؤئىة\u064e\u0651\u0640\u200c\u200d"
         "0123456789٠١٢٣۴۵߁.,:٫٬-'’/%_«»()،؛؟!?\"…  \n\t\u00a0\u2003\x1c\u200f"
         "abcHTPSwé\u0301#@")


@given(st.one_of(st.text(alphabet=MIXED, max_size=80), st.text(max_size=40)))
@settings(max_examples=500, deadline=None)
@example("و12߁ 3")
@example("www.example.org/ar،الخبر https://x.y")
@example("كلمة\u2003bbc\x1c١٢")
def test_fast_tokenizer_finds_exactly_the_reference_tokens(text):
    assert Document(text).tokens == reference_tokens(text)


@given(st.lists(st.one_of(st.text(alphabet=MIXED + "\x00ٱیکأإآ\u064b\u0670", max_size=12),
                         st.text(max_size=6))))
@settings(max_examples=500, deadline=None)
@example(["كلمة\x00أخرى", "إلى"])
@example([""])
def test_keys_of_many_words_at_once_are_each_words_match_key(words):
    assert match_keys(words) == [match_key(word) for word in words]


def test_words_are_the_arabic_tokens_only():
    doc = Document("أعلنت BBC أن 3 وزراء وصلوا #اليوم")
    assert [word.text for word in doc.words] == ["أعلنت", "أن", "وزراء", "وصلوا"]


def test_protected_spans_cover_urls_emails_hashtags_and_mentions():
    text = "راسلوا newsroom@example.com أو زوروا https://example.org وتابعوا #الأخبار و@desk"
    doc = Document(text)
    assert [text[s:e] for s, e in doc.protected_spans] == [
        "newsroom@example.com", "https://example.org", "#الأخبار", "@desk"]


_PROTECTED_PIECES = ["#وسم", "@desk", "a@b.co", "https://x.org/ص", "www.x.com", "copycheck: ignore[x]",
                     "copycheck:", "://", "www.", " ", "\n", "قال", ".", "@", "#", "a", "1"]


@given(st.lists(st.sampled_from(_PROTECTED_PIECES), max_size=12).map("".join))
def test_protected_spans_are_the_matches_of_the_whole_pattern(text):
    # Only the alternatives whose marks the text holds are searched for: the spans must be those
    # the whole pattern finds, whatever mix of marks the text has.
    expected = [(m.start(), m.end()) for m in document.PROTECTED_PATTERN.finditer(text)]
    assert [tuple(span) for span in Document(text).protected_spans] == document._merged(
        [document.Span(*span) for span in expected])


def test_decoded_keeps_the_encoding_to_write_back():
    decoded = decode("قال".encode("cp1256"), "a.txt", "cp1256")
    assert decoded == Decoded("قال", "cp1256")


def test_context_is_the_text_as_it_is_around_the_span():
    text = "يوم جميـــل في المدينة الكبيرة جدا اليوم\r\nسطر ثان"
    doc = Document(text)
    start = text.index("ـ")
    # A span inside a word stays inside it; the context stops at the line break.
    assert doc.context(start, start + 3) == "يوم جميـــل في المدينة الكبيرة"
    assert doc.context(0, 3, words=1) == "يوم جميـــل"
