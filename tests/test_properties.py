"""Property tests: on any text, checking and fixing never crash and positions are always exact.

Positions are recomputed here independently of Document (a plain walk over the characters), so the
test does not trust the code it checks.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import builtin_rules, json_report

from copycheck.document import Document
from copycheck.engine import Linter, select_rules

# The characters Arabic copy is made of, and the ones that break naive offset arithmetic.
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
PUNCTUATION = "،؛؟.!:()[]«»\"',;?-…#@/_"
AWKWARD = (
    "\u0640"                      # tatweel
    "\r\n\t \u00a0"               # line breaks, tab, no-break space
    "😀𝐀🇲"                        # astral: two UTF-16 units each
    "\u200b\u200c\u200d\ufeff"    # zero-width characters, a stray BOM
    "\u200e\u200f\u061c\u202b\u202e\u2066\u2069"  # direction marks, embeddings, isolates
    "یکہە۴"                       # Persian/Urdu look-alikes and digits
    "\ufe8d\ufedf\ufef7"          # presentation forms
    "0123456789٠١٢٣abcXYZ"
)
ALPHABET = ARABIC + MARKS + PUNCTUATION + AWKWARD + "    و"  # extra spaces and a lone و: more hits

copy_like = st.text(alphabet=ALPHABET, max_size=120)
anything = st.text(max_size=60)  # all of Unicode, surrogates excluded by hypothesis
texts = st.one_of(copy_like, anything, st.lists(copy_like, max_size=4).map("\r\n".join))

LINTER = Linter(select_rules(builtin_rules()))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def expected_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (code points) of `offset`: CRLF, CR and LF each end a line."""
    line, line_start, index = 1, 0, 0
    while index < offset:
        char = text[index]
        if char in "\r\n":
            if char == "\r" and text[index + 1:index + 2] == "\n":
                index += 1
                if index == offset:  # inside a CRLF: still on the line it ends
                    break
            line, line_start = line + 1, index + 1
        index += 1
    return line, offset - line_start + 1


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@SETTINGS
@given(texts)
@example("قال الوزير ، إن 😀\r\nو الأمن ..")
@example("\r\n\r\n،")
def test_every_finding_points_exactly_at_its_text(text):
    report = json_report(text)
    for finding in report["files"][0]["findings"]:
        start, end = finding["start"], finding["end"]
        assert 0 <= start <= end <= len(text)
        assert finding["text"] == text[start:end]
        assert (finding["line"], finding["column"]) == expected_position(text, start)
        assert (finding["end_line"], finding["end_column"]) == expected_position(text, end)
        assert finding["utf16_start"] == utf16_units(text[:start])
        assert finding["utf16_end"] == utf16_units(text[:end])


@SETTINGS
@given(texts)
@example("منظمة دولية.،و شهد هذا")
@example("الأمن و و الاستقرار ، ،")
def test_fixing_is_idempotent_and_leaves_nothing_safe_to_fix(text):
    fixed = LINTER.fix(Document(text))[0].text
    again = LINTER.fix(Document(fixed))
    assert (again.document.text, again.count) == (fixed, 0)
    findings, problems = LINTER.check(Document(fixed))
    assert not problems
    assert not [f for f in findings if f.fixable]


@SETTINGS
@given(texts)
def test_document_structure_never_crashes_and_slices_the_text(text):
    doc = Document(text)
    for span in [*doc.lines, *doc.paragraphs, *doc.sentences]:
        assert 0 <= span.start <= span.end <= len(text)
    for token in doc.tokens:
        assert text[token.start:token.end] == token.text
    for sentence in doc.sentences:  # sentences are trimmed and never empty
        assert text[sentence.start:sentence.end].strip() == text[sentence.start:sentence.end] != ""
