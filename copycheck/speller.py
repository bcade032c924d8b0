"""Hunspell spelling for Arabic copy, and the only module that imports the binding.

The binding is chunspell (import name `hunspell`); keeping it behind this module lets it be swapped.
Words are looked up in a normalised form (no tashkeel, tatweel, joiners or bidi marks; presentation
forms folded; Persian ی ک mapped to Arabic), so one written word has one verdict. Verdicts are
cached per normalised word in memory and, across runs, in the user cache directory under a key made
of the dictionary, lexicon and user word-list contents; Hunspell itself is loaded only when a word
misses the cache, so a warm pre-commit run usually never loads it.

The dictionary is not the only evidence: wordfreq's frequency list (copycheck.frequency) says how
often real Arabic text uses a form. A form it uses often is no unknown word (names, derived forms
Ayaspell lacks); a rejected form is reported as a typo ("unknown") only when a much more frequent
dictionary word is one edit away, and otherwise as "unrecognised" (a name, most often); and a form
Hunspell accepts is still a slip when its hamza / ta marbuta / alef maqsura variant is far more
frequent (الحياه، بناءا). Suggestions are generated here (edit-distance-1 candidates and the
Arabic edits, ranked by frequency and edit likelihood): Hunspell's suggester is never called.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from pathlib import Path
from typing import Any, Literal, NamedTuple

import regex

from . import accepted, cachefiles, deletes, frequency, sequences
from .arabic import LETTERS, TASHKEEL
from .errors import CopycheckError
from .frequency import RAREST_KEPT, Frequencies
from .resources import data_path
from .sequences import Sequences

Status = Literal["ok", "orthographic", "unknown", "unrecognised"]

DICTIONARY_NAME = "ar.dic"  # the .aff with the same stem sits beside it
LEXICON_NAME = "newsroom.txt"
# A dictionary noun that takes every proclitic (و ف ب ل ك, ال and their combinations such as
# وال بال لل فال وبال) and no suffix: words added with its affix flags pass with those prefixes,
# and nothing else. Found by trying every flag set of ar.dic on made-up stems.
AFFIX_MODEL_WORD = "كونجو"
# Bumped when verdicts change for the same files (2: derived forms of word-list words; 3: frequency
# evidence, pronoun suffixes, "unrecognised", typo corrections kept with the verdict; 4: the
# file starts with a checksum line, see cachefiles; 5: runs of letters real text never writes;
# 6: the dictionary's answers for judged words, so verdicts no longer depend on the judging order).
CACHE_FORMAT = 6
VARIANTS_KEY = "~"  # no normalised word starts with it
MAX_CACHED_WORDS = 300_000  # keeps the cache file (and its load time) bounded
INDEX_AFTER_CALLS = 1000  # Hunspell calls before the shipped acceptance index is loaded
MAX_VARIANTS_TRIED = 8  # enough for every injected error in the tests; bounds unknown words

# --- normalisation -----------------------------------------------------------------------------

_REMOVED = [
    *range(0x064B, 0x0660),  # tashkeel
    0x0670,  # superscript alef
    0x0640,  # tatweel
    0x200C, 0x200D,  # ZWNJ, ZWJ
    0x200B, 0x00AD, 0x2060,  # zero-width space, soft hyphen, word joiner (typography reports them)
    0x200E, 0x200F, 0x061C,  # LRM, RLM, ALM
    *range(0x202A, 0x202F),  # embeddings and overrides
    *range(0x2066, 0x206A),  # isolates
    0xFEFF,  # zero-width no-break space (BOM): inside the presentation range, invisible
]
_LOOKUP_TABLE: dict[int, str | None] = dict.fromkeys(_REMOVED)
_LOOKUP_TABLE.update({ord("ی"): "ي", ord("ک"): "ك"})
_PRESENTATION_FORM = regex.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _fold_presentation(match: regex.Match[str]) -> str:
    folded = unicodedata.normalize("NFKC", match.group())
    # Isolated tashkeel forms (U+FE70…) fold to "space + mark": the space must not split the word.
    if folded.startswith(" ") and not folded.strip(" ").translate(_LOOKUP_TABLE):
        return folded.lstrip(" ")
    return folded


def normalise_for_lookup(word: str) -> str:
    """The form a word is looked up in: never reported, offsets stay on the original text."""
    if _PRESENTATION_FORM.search(word):
        word = _PRESENTATION_FORM.sub(_fold_presentation, word)
    return word.translate(_LOOKUP_TABLE)


# --- words in text -----------------------------------------------------------------------------

_INNER = TASHKEEL + "\u0640\u200c\u200d\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
# A word starts with a letter and ends with a letter or a mark; digits and Latin split it.
_WORD = regex.compile(f"[{LETTERS}](?:[{LETTERS}{_INNER}]*[{LETTERS}{TASHKEEL}])?")
# Spans that are never judged: URLs, e-mails, hashtags and mentions.
_SKIP = regex.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[#@][\w\u200c\u200d]+", regex.IGNORECASE
)


class Word(NamedTuple):
    start: int
    end: int
    text: str


def iter_words(text: str) -> Iterator[Word]:
    """Arabic-script words of `text` with their spans, skipping URLs, e-mails, #tags, @mentions."""
    skipped = [m.span() for m in _SKIP.finditer(text)]
    index = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        while index < len(skipped) and skipped[index][1] <= start:
            index += 1
        if index < len(skipped) and skipped[index][0] < end:
            continue  # overlaps a URL, address, hashtag or mention
        yield Word(start, end, match.group())


# --- orthographic variants ---------------------------------------------------------------------

_ALEF_SWAPS: dict[str, tuple[tuple[str, float], ...]] = {
    # Costs: lower is more likely. A bare alef that should carry hamza is the commonest slip.
    "ا": (("أ", 1.0), ("إ", 1.1), ("آ", 2.0)),
    "أ": (("إ", 1.5), ("ا", 1.6), ("آ", 2.0)),
    "إ": (("ا", 1.4), ("أ", 1.5), ("آ", 2.5)),  # إنتخابات: hamza written on a wasl alef
    "آ": (("أ", 1.5), ("ا", 2.0), ("إ", 2.5)),
}
_FINAL_SWAPS: dict[str, tuple[tuple[str, float], ...]] = {
    "ى": (("ي", 1.0),),
    "ي": (("ى", 1.0),),  # not ئ: names end in ي (هاري، تومي) far more often than شاطي means شاطئ
    "ه": (("ة", 1.0),),
    # Not ة → ه: in news copy a rejected word ending in ة is far more often a place or a name
    # (قفصة، سليانة، سبتة، مصراتة, whose ه form is a word plus a pronoun) than a slip for ه.
    "ا": (("أ", 2.0), ("ى", 2.2)),
    "ء": (("ئ", 2.0), ("أ", 2.2)),
}
_SEATS = "ؤئءأ"
# Proclitics after which a stem-initial alef can carry hamza (وإن، بأن، لأن، الإعلام، للإعلام).
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "ول",
               "فب", "فل", "وك", "فك", "وبال", "فبال", "وكال", "ولل", "فلل")
_PROCLITIC_SET = frozenset(_PROCLITICS)
_LONGEST_PROCLITIC = max(map(len, _PROCLITICS))
_MAX_TOTAL_COST = 3.2  # keeps two-edit combinations to the likely ones (الي → إلى)
# Regular plural, dual and nisba endings a name or modern word takes (حوثيون، كوريون، مفخختان), and
# the endings its bare form may have lost to them (كوريا → كوري، كورية; مفخخة → مفخخات).
_DERIVING_SUFFIXES = ("يتين", "يتان", "يين", "يون", "يان", "يات", "ية", "ي", "ين", "ون", "ان", "ات",
                      "تين", "تان")
_BASE_ENDINGS = ("", "ا", "ة", "ي", "يا")


def _alef_edits(word: str) -> Iterator[tuple[float, str]]:
    # Only the proclitics the word starts with (at most four letters): not all 23 every time.
    for length in range(min(len(word) - 2, _LONGEST_PROCLITIC) + 1):
        prefix, stem = word[:length], word[length:]
        if stem[0] not in _ALEF_SWAPS or prefix not in _PROCLITIC_SET:
            continue
        for replacement, cost in _ALEF_SWAPS[stem[0]]:
            if not prefix and stem[0] == "إ" and replacement == "أ":
                continue  # a bare إ… the dictionary lacks is a name (إدوار، إيمرسون) or إبريل
            yield cost + _alef_bias(stem, replacement) + 0.01 * len(prefix), (
                prefix + replacement + stem[1:])


def _alef_bias(stem: str, replacement: str) -> float:
    """Adjust the hamza priors by the shape of the stem (ties are otherwise common)."""
    if stem.startswith("ال") and replacement in "أآ":
        return 1.5  # the article: أل… (ألقاره، ألذى) is rarely meant even when Ayaspell has it
    verbal_noun = (len(stem) >= 5 and stem[3] == "ا") or (  # إفعال: إعلام، إسلام، إرهاب
        len(stem) == 5 and stem[2] == "ا" and stem[-1] == "ة")  # إفالة: إدارة، إعادة، إشارة
    if verbal_noun and replacement == "إ":
        return -0.2
    return 0.0


def _final_edits(word: str) -> Iterator[tuple[float, str]]:
    if len(word) < 2:
        return
    for replacement, cost in _FINAL_SWAPS.get(word[-1], ()):
        yield cost, word[:-1] + replacement


def _medial_edits(word: str) -> Iterator[tuple[float, str]]:
    for i in range(1, len(word) - 1):
        char = word[i]
        if char in _SEATS:
            # Not from ؤ to another seat: measured on news copy, those were names (لؤي) and
            # words Ayaspell lacks beside a form it has (اللؤلؤي → اللؤلئي).
            for seat in _SEATS if char != "ؤ" else ():
                if seat != char:
                    yield 2.0, word[:i] + seat + word[i + 1:]
            if char == "ؤ" and word[i + 1] != "و":
                yield 1.2, word[: i + 1] + "و" + word[i + 1:]  # مسؤل → مسؤول
        elif char == "ي" and word[i - 1] == "ا" and word.endswith(("ة", "ات")):
            # قايمة → قائمة; without the feminine ending ايـ is nearly always a name (قايد، فايز)
            yield 2.0, word[:i] + "ئ" + word[i + 1:]
        elif char == "و" and word[i + 1] == "و":
            yield 2.2, word[:i] + "ؤ" + word[i + 1:]  # مسوول → مسؤول (only before a second و)
        elif char == "ا" and i > 1 and word[:i] not in _PROCLITIC_SET and word[i - 1] not in "يو":
            yield 2.8, word[:i] + "أ" + word[i + 1:]  # مسالة → مسألة, not لياو، تشيان (names)


# Frequent words where Ayaspell also accepts a rare reading of another seat (أذا، ألا): the
# common spelling goes first.
_PREFERRED = {"اذا": "إذا", "الا": "إلا", "اذ": "إذ", "الي": "إلى", "اي": "أي", "ايضا": "أيضا",
              "لاي": "لأي", "واذا": "وإذا", "فاذا": "فإذا", "والا": "وإلا"}


def _single_edits(word: str) -> Iterator[tuple[float, str]]:
    if word in _PREFERRED:
        yield 0.0, _PREFERRED[word]
    yield from _alef_edits(word)
    yield from _final_edits(word)
    yield from _medial_edits(word)


def orthographic_variants(word: str) -> list[str]:
    """Spellings that differ from `word` in hamza seat, ta marbuta or alef maqsura, likeliest first.

    These are candidates only: the caller keeps the ones that are dictionary words.
    """
    base = normalise_for_lookup(word)
    best: dict[str, float] = {}
    for cost, variant in _single_edits(base):
        best[variant] = min(cost, best.get(variant, cost))
        for cost2, variant2 in _single_edits(variant):
            total = cost + cost2 + 0.5  # a second slip in one word is less likely
            if total <= _MAX_TOTAL_COST and not _one_letter_apart(base, variant2):
                best[variant2] = min(total, best.get(variant2, total))
    best.pop(base, None)
    return sorted(best, key=best.__getitem__)  # stable: ties keep generation order


def _one_letter_apart(word: str, other: str) -> bool:
    """Two edits of one letter (إ → ا → أ) are one edit, which the first pass has already
    offered or deliberately left out."""
    return len(word) == len(other) and sum(a != b for a, b in zip(word, other, strict=True)) == 1


# --- frequency evidence and candidates ----------------------------------------------------------

# Thresholds in cB (frequency.py: bucket b ≈ frequency 10^(-b/100); 100 cB = ten times rarer).
# Set on the news corpora's rejected words and on injected errors (bench/precision_spelling.py).
FREQUENT_FORM = 620  # a rejected form at least this common (~ once in 1.7 million words) is a word
SLIP_RAREST_COMMON = 400  # an accepted form more common than this is never called a slip
SLIP_RATIO = 150  # an accepted form's ending variant must be 30 times as frequent to be meant
SLIP_RATIO_YA = 120  # ... and 16 times for ى written ي
TYPO_RAREST_FORM = RAREST_KEPT + 1  # only a form the list lacks is called a typo
TYPO_SHORTEST = 6  # letters: shorter forms have a common neighbour whatever they are
# The correction's bucket + edit cost must be this low: the shorter the word, the more words lie
# one edit away (names among them), so the commoner and likelier the correction must be. Looser
# values (4 letters, 480…650) found 71 % of injected typos instead of 42 %, but on news copy half
# of what they added were names (ميلبانك، غيريشك، وينستين).
TYPO_SCORE_BY_LENGTH = ((8, 580), (6, 550))
# An article + nisba form (الجندوبي، والشعابي) is the shape of a family name: the correction must
# be ten times likelier still.
NISBA_NAME_MARGIN = 100
# A form that writes a run of letters no form of the frequency list has (copycheck.sequences):
# scores (bucket + edit cost, cB) the correction one edit away may reach. Set on injected typos
# against the new findings on the news corpora, read and labelled (bench/labels.py): an
# arbitrary edit, even to a very common word, and the next key found names (قذعية، الزطلة).
UNWRITTEN_SHORTEST = 3
UNWRITTEN_FOUR_SHORTEST = 4
UNWRITTEN_THREE_SCORE = 800  # a likely edit (doubled, dots, swap) to any suggested word
UNWRITTEN_FOUR_SCORE = 550  # a doubled or dropped twin only
# A missing space whose seam is in an unwritten run: how common the commoner word must be, and
# the other (runs of three, then of four letters).
SPLIT_AT_THREE = (500, 700)
SPLIT_AT_FOUR = (400, 550)
SPLIT_RAREST = 500  # both words of a missing-space pair at least this common
SPLIT_SHORTEST = 9  # letters: shorter pairs of common words are as often names
GLUED_RAREST = 680  # the word after a glued لا / ما / في at least this common
# Letters of a text's word that a rejected word is one edit from: shorter words have many
# neighbours in any text (a name beside a particle).
TEXT_TYPO_SHORTEST = 4
# Shorter words of the text are one arbitrary letter from many names (لوتا/لوتاس، موكا/موبا):
# only a likely edit (doubled or dropped next to its twin, dots, a swap, the next key) counts.
TEXT_TYPO_ANY_EDIT = 6
TEXT_VOWEL_RAREST = 550  # a long vowel dropped or added: the text's word must be this common
TEXT_SPLIT_SHORTEST = 7  # letters of a form split into two words of the text
SUGGESTED_RAREST = 660  # rarer forms are not offered as suggestions
MAX_SUGGESTIONS_KEPT = 10
SECOND_EDIT_COST = 100  # ranking: a variant that changes two letters weighs ten times rarer
HAMZA_REMOVAL_MARGIN = 100  # a variant that drops a written hamza must be 10 times as frequent

_ALPHABET = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
_HAMZA_FAMILY = frozenset("اأإآءؤئ")
_ENDING_FAMILY = {"ه": "ة", "ة": "ه", "ي": "ى", "ى": "ي"}
# Letters told apart by dots only: a slip of the finger or of the eye, likelier than any other.
_DOT_SISTERS = [set("بتثني"), set("جحخ"), set("دذ"), set("رز"), set("سش"), set("صض"), set("طظ"),
                set("عغ"), set("فق"), set("هة")]
_SISTERS = {a: frozenset(group - {a}) for group in _DOT_SISTERS for a in group}
# The standard Arabic PC layout (the rows of QWERTY's letter keys; لا on B is left out, its
# place kept): a finger that lands on the next key writes its letter instead of the one meant,
# or with it.
_KEY_ROWS = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤر ىةوزظ")
_ROW_OFFSETS = (0.0, 0.25, 0.75)


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    places = {letter: (row, column + _ROW_OFFSETS[row]) for row, keys in enumerate(_KEY_ROWS)
              for column, letter in enumerate(keys) if letter != " "}
    return {a: frozenset(b for b, (row_b, x_b) in places.items() if b != a
                         and abs(row_a - row_b) <= 1 and abs(x_a - x_b) <= 1.0)
            for a, (row_a, x_a) in places.items()}


_KEY_NEIGHBOURS = _keyboard_neighbours()
# Edit costs in cB: the orthographic slips cost nothing (frequency alone ranks them), a dropped or
# doubled letter, letters told apart by dots and a swap of neighbours are common, any other edit
# is rarer still.
COST_ORTHOGRAPHIC = 0
COST_DOUBLED = 30
COST_SISTER = 40
COST_TRANSPOSE = 50
COST_SPLIT = 60
COST_OTHER = 140  # names sit an arbitrary letter away from words; typists' slips seldom do
_PRONOUN_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه")


_PRESENT_TENSE = regex.compile("^[وفل]?س?[يتنأ]")


def _ending_variants(key: str) -> Iterator[tuple[str, int]]:
    """ة/ه and ى/ي at the end, and the tanween alef after a final hamza dropped (بناءا → بناء),
    each with the frequency ratio (cB) that makes it the form meant. ي for ى (مستشفي، موسي) is
    nearly always a slip when the ى form is the commoner; ه and ة are both word endings (كتابه
    and كتابة, عمره and عمرة), so the ratio asked is higher."""
    last = key[-1]
    if last == "ي" and not _PRESENT_TENSE.match(key):  # ستبقي، يري: the form-IV verb is valid
        yield key[:-1] + "ى", SLIP_RATIO_YA
    elif last == "ه" or (last == "ة" and len(key) > 3):  # منة is a name as often as منه's slip
        yield key[:-1] + _ENDING_FAMILY[last], SLIP_RATIO
    if key.endswith("ءا"):
        yield key[:-1], SLIP_RATIO


def _hamza_removal_margin(key: str, variant: str) -> int:
    """How much more frequent than the written word a variant must be: a variant that drops a
    hamza the writer wrote (أملج → املج) needs clear evidence, other variants only to be commoner."""
    written = sum(key.count(c) for c in "أإآؤئء")
    kept = sum(variant.count(c) for c in "أإآؤئء")
    return HAMZA_REMOVAL_MARGIN if kept < written else 0


def _split_rarest(key: str, first: str, second: str) -> int:
    """How rare the two words of a missing-space pair may be. A ta marbuta or alef maqsura never
    ends a syllable inside a word (بدايةآذار), and the article rarely starts one after three
    letters (الشهرالقادم): both are the seam of two words, whatever their frequency. Otherwise two
    common words make up many a transliterated name (كونفرانس، دامدين), so only long forms split."""
    if first[-1] in "ةى" or (second.startswith("ال") and len(second) > 3):
        return frequency.ABSENT - 1
    return SPLIT_RAREST if len(key) >= SPLIT_SHORTEST else 0


def _nisba_name(stem: str) -> bool:
    return stem.startswith("ال") and stem.endswith("ي") and len(stem) >= 6


def _typo_threshold(length: int) -> int:
    return next((score for shortest, score in TYPO_SCORE_BY_LENGTH if length >= shortest), 0)


def _letters_changed(key: str, variant: str) -> int:
    """Letters that differ between two spellings of one length; an inserted letter counts one."""
    if len(key) != len(variant):
        return 1 + abs(len(key) - len(variant)) - 1
    return sum(a != b for a, b in zip(key, variant, strict=True))


def _substitution_cost(old: str, new: str, at_end: bool) -> int:
    if old in _HAMZA_FAMILY and new in _HAMZA_FAMILY:
        return COST_ORTHOGRAPHIC
    if at_end and _ENDING_FAMILY.get(old) == new:
        return COST_ORTHOGRAPHIC
    return COST_SISTER if new in _SISTERS.get(old, ()) else COST_OTHER


# Letters outside the standard alphabet (ڨ گ چ پ ڤ) are a deliberate spelling, regional or
# foreign (ڨابس for قابس): never a slip of the standard form.
_STANDARD_WORD = regex.compile(f"[{_ALPHABET}]+")
# Never written in a standard word, whatever its source: ة or ى before another letter (they
# become ت and ا before a suffix), a letter three times in a row.
_NEVER_WRITTEN = regex.compile(r"[ةى](?=.)|(.)\1\1")
_LONG_VOWELS = frozenset("اوي")
_ENDING_LETTERS = frozenset("يةونتاه")
# The letters that write a foreign g (كامبريدج/كامبريدغ، بريجيت/بريغيت): spellings of a name.
_TRANSLITERATED_G = [{a, b} for a in "جغقك" for b in "جغقك" if a < b]


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):  # a loop: twice as fast as next(genexpr)
        if x != y:
            return i
    return min(len(a), len(b))


def _telling_edit(key: str, word: str, bucket: int) -> bool:
    """Is the edit from the text's `word` to the rejected `key` one a typist makes, rather than
    the difference between two words or two spellings of a name?

    Not at the first letter of the word or of its stem after the article or a proclitic: names and
    words differ there (تومسك/أومسك، رقاعة/قاعة، الجريث/الوريث), typists seldom slip there. Not in
    the last two letters with an ending's letters only (مجهولية/مجهولة، أوروبيون/أوروبيين):
    that is morphology. Long vowels alone (سولزبري/سالزبري، باسادينيا/باسادينا) are how
    transliterations vary: only against a common word (أسترليا/أستراليا); so do the letters of a
    foreign g (ج غ ق ك).
    """
    at = _first_difference(key, word)
    if at == 0 or any(key.startswith(p) and at == len(p) for p in _PROCLITIC_SET if p):
        return False
    tail = len(key) - at <= 2 and len(word) - at <= 2
    if tail and _letters_between(key, word, at) <= _ENDING_LETTERS:
        return False
    changed = _letters_between(key, word, at)
    if changed in _TRANSLITERATED_G:
        return False
    return not (changed <= _LONG_VOWELS and bucket > TEXT_VOWEL_RAREST)


def _letters_between(key: str, word: str, at: int) -> set[str]:
    """The letters the edit at `at` removes, adds or replaces."""
    if len(key) == len(word):
        return {key[at], word[at]}
    longer = key if len(key) > len(word) else word
    return {longer[at]}


def stems(key: str) -> Iterator[str]:
    """`key` and what is left after each proclitic it starts with (three letters at least)."""
    yield key
    for length in range(1, min(len(key) - 3, _LONGEST_PROCLITIC) + 1):
        if key[:length] in _PROCLITIC_SET:
            yield key[length:]


def _keyboard_slip(key: str, word: str) -> bool:
    """Is `key` the `word` with a letter replaced by the next key's, or with the next key's
    letter added beside it (two keys hit)?"""
    at = _first_difference(key, word)
    if len(key) == len(word):
        return key[at] in _KEY_NEIGHBOURS.get(word[at], ())
    if len(key) != len(word) + 1:
        return False
    beside = _KEY_NEIGHBOURS.get(key[at], frozenset())
    return (at > 0 and key[at - 1] in beside) or (at + 1 < len(key) and key[at + 1] in beside)


# An edit's place in the order edits were generated in before costing (the letter at each position
# dropped, swapped with the next, replaced in alphabet order; then each letter missing, by position;
# then the missing spaces): forms of one score keep that order, so rankings never depend on sets.
EditOrder = tuple[int, int, int]
_LETTER_INDEX = {letter: index for index, letter in enumerate(_ALPHABET)}


def one_edit_forms(key: str) -> set[str]:
    """Every form one edit from `key` (Norvig's four edits over the Arabic alphabet: a letter
    dropped, two neighbours swapped, a letter replaced or added), not costed: a few hundred strings
    a word, of which the caller keeps the few that are in its list and costs those (edit_cost)."""
    forms: set[str] = set()
    for i in range(len(key)):
        left, right = key[:i], key[i + 1:]
        forms.add(left + right)
        if right and key[i] != right[0]:
            forms.add(left + right[0] + key[i] + right[1:])
        forms.update([left + letter + right for letter in _ALPHABET])
        forms.update([left + letter + key[i:] for letter in _ALPHABET])
    forms.update([key + letter for letter in _ALPHABET])
    forms.discard(key)  # a letter replaced by itself
    return forms


def missing_spaces(key: str) -> list[str]:
    """`key` split in two by a missing space, each part two letters at least."""
    return [key[:i] + " " + key[i:] for i in range(2, len(key) - 1)]


def edit_cost(key: str, form: str) -> tuple[int, EditOrder] | None:
    """The cost (cB) of the edit that makes `form` of `key`, by likelihood, and its place in the
    edits' order; None when `form` is not one edit (or one missing space) from `key`.

    A form that several edits make (a letter of a doubled pair dropped, either one) is placed at
    the first; they all cost the same."""
    longer = len(form) - len(key)
    if not -1 <= longer <= 1:
        return None
    at = _first_difference(key, form)
    if longer == 1:
        return _split_cost(key, form, at) if form[at] == " " else _addition_cost(key, form, at)
    if longer == -1:
        return _removal_cost(key, form, at)
    return _replacement_cost(key, form, at) if at < len(key) else None


def _split_cost(key: str, form: str, at: int) -> tuple[int, EditOrder] | None:
    if 2 <= at < len(key) - 1 and form[at + 1:] == key[at:]:
        return COST_SPLIT, (2, at, 0)
    return None


def _removal_cost(key: str, form: str, at: int) -> tuple[int, EditOrder] | None:
    while at > 0 and key[at - 1] == key[at]:
        at -= 1  # the first letter of a run
    if key[at + 1:] != form[at:]:
        return None
    doubled = (at > 0 and key[at - 1] == key[at]) or (at + 1 < len(key) and key[at + 1] == key[at])
    return COST_DOUBLED if doubled else COST_OTHER, (0, at, 0)


def _addition_cost(key: str, form: str, at: int) -> tuple[int, EditOrder] | None:
    letter = form[at]
    while at > 0 and key[at - 1] == letter:
        at -= 1  # before a run of the same letter
    if letter not in _LETTER_INDEX or key[at:] != form[at + 1:]:
        return None
    near = at < len(key) and key[at] == letter  # the letter beside its twin
    return COST_DOUBLED if near else COST_OTHER, (1, at, _LETTER_INDEX[letter])


def _replacement_cost(key: str, form: str, at: int) -> tuple[int, EditOrder] | None:
    if key[at + 1:] == form[at + 1:]:
        letter = form[at]
        if letter not in _LETTER_INDEX:
            return None
        cost = _substitution_cost(key[at], letter, at == len(key) - 1)
        return cost, (0, at, 2 + _LETTER_INDEX[letter])
    if (at + 1 < len(key) and form[at] == key[at + 1] and form[at + 1] == key[at]
            and key[at + 2:] == form[at + 2:]):
        return COST_TRANSPOSE, (0, at, 1)
    return None


# A word's search is asked again at once: by the typo test of its stems and of the whole word,
# by the run test, and by its suggestions.
@functools.lru_cache(maxsize=1024)
def _frequent_neighbours(frequencies: Frequencies, key: str) -> tuple[tuple[str, int], ...]:
    """The forms one edit from `key`, or pairs it splits into, at least SUGGESTED_RAREST common,
    with their scores (bucket + edit cost, cB), best first; ties in the edits' order."""
    scored = []
    for form, bucket in frequencies.listed(_one_edit_candidates(frequencies, key), SUGGESTED_RAREST):
        costed = edit_cost(key, form) if " " not in form else None
        if costed is not None:
            scored.append((bucket + costed[0], costed[1], form))
    for pair in missing_spaces(key):
        bucket = _split_bucket(frequencies, pair)
        costed = edit_cost(key, pair)
        if bucket <= SUGGESTED_RAREST and costed is not None:
            scored.append((bucket + costed[0], costed[1], pair))
    scored.sort()
    return tuple((form, score) for score, _order, form in scored)


# Searches before the shipped deletion index is loaded: it costs about as much to load (50 ms) as
# 300 searches without it, so one article never loads it and an archive soon does.
SEARCHES_BEFORE_INDEX = 300
_searches = itertools.count()


def _one_edit_candidates(frequencies: Frequencies, key: str) -> Set[str]:
    """Forms that may be one edit from `key`: all of them, or the indexed frequent forms that
    share a deletion with it (a few that are not one edit away among them)."""
    index = deletes.shipped(frequencies) if next(_searches) >= SEARCHES_BEFORE_INDEX else None
    return one_edit_forms(key) if index is None else index.candidates(key)


# Two-letter words a missing space glues to the word before them.
_SEAM_PARTICLES = frozenset(["من", "في", "عن", "مع", "لا", "ما", "أو", "أم", "له", "قد", "لم", "لن"])


def _seam_parts(first: str, second: str) -> bool:
    """Parts a missing space can have joined: not a word and its own ending (المركز يون)."""
    if second in _DERIVING_SUFFIXES or second in _PRONOUN_SUFFIXES:
        return False
    return len(first) >= 3 and (len(second) >= 3 or second in _SEAM_PARTICLES)


def _split_bucket(frequencies: Frequencies, pair: str) -> int:
    """A split counts with the rarer word's bucket. Both parts must be words of their own: three
    letters at least, or one of the short function words a missing space glues to the next."""
    first, second = pair.split(" ")
    if not all(len(part) >= 3 or part in _SHORT_WORDS for part in (first, second)):
        return frequency.ABSENT
    return max(frequencies.bucket(first), frequencies.bucket(second))


# Words a missing space most often glues to the next (لا يحسنون، ما زال، في المدينة).
_GLUED_WORDS = ("ولا", "فلا", "لا", "وما", "ما", "في", "وفي")
_GLUED_NEGATIONS = ("لا", "ولا", "فلا")
_NAME_HEADS = frozenset(["أبو", "ابو", "عبد", "بني", "ابن", "آل", "أم", "ام", "بو"])
_SHORT_WORDS = frozenset(["في", "من", "عن", "مع", "لا", "ما", "لم", "لن", "قد", "أن", "إن", "أو", "ثم",
                         "بل", "كل", "هو", "هي"])


# --- errors and word lists ---------------------------------------------------------------------


class DictionaryError(CopycheckError):
    """A dictionary or word list that is missing, unreadable or corrupt (exit code 2)."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(message, path=str(path))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DictionaryError(path, "file not found") from None
    except OSError as error:
        raise DictionaryError(path, f"cannot read: {error.strerror or error}") from None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DictionaryError(path, f"not UTF-8 text (byte {error.start})") from None


def parse_word_list(text: str) -> list[str]:
    """Words of a plain word list: one a line, `#` starts a comment line, blank lines ignored.

    Only the first field counts, so a reviewed lexicon (word, count, documents separated by tabs)
    loads as a word list too.
    """
    words = []
    for line in text.splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#"):
            words.append(normalise_for_lookup(fields[0]))
    return [word for word in words if word]


def read_word_list(path: str | os.PathLike[str]) -> list[str]:
    """Read a word list file; DictionaryError when it cannot be read or decoded."""
    path = Path(path)
    return parse_word_list(_decode(path, _read_bytes(path)))


def _check_dictionary(dic: Path, aff: Path) -> tuple[bytes, bytes]:
    """Read both files, reject the obviously broken, and return their bytes for the cache key."""
    aff_bytes, dic_bytes = _read_bytes(aff), _read_bytes(dic)
    _decode(aff, aff_bytes)
    _decode(dic, dic_bytes)
    first_line = dic_bytes[:64].split(b"\n", 1)[0].split()
    if not first_line or not first_line[0].isdigit():
        raise DictionaryError(dic, "corrupt Hunspell dictionary: first line is not a word count")
    if b"SET" not in aff_bytes and b"SFX" not in aff_bytes and b"PFX" not in aff_bytes:
        raise DictionaryError(aff, "corrupt Hunspell affix file: no SET, PFX or SFX line")
    return aff_bytes, dic_bytes


def _first_dictionary_word(dic_bytes: bytes) -> str | None:
    for line in dic_bytes[:8192].decode("utf-8", "replace").splitlines()[1:50]:
        word = line.split("/", 1)[0].split("\t", 1)[0].strip()
        if word and not word.startswith(("#", ":")) and "." not in word:
            return word
    return None


# --- cache location ----------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """The user cache directory, as platformdirs would pick it (without depending on it)."""
    override = os.environ.get("COPYCHECK_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "copycheck" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "copycheck"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "copycheck"


# --- the speller -------------------------------------------------------------------------------


def _runs_path() -> Path:
    return data_path("dictionaries") / sequences.FILE_NAME


class Verdict(NamedTuple):
    status: Status
    variant: str | None = None  # the dictionary spelling, for status "orthographic"


OK = Verdict("ok")
UNKNOWN = Verdict("unknown")
UNRECOGNISED = Verdict("unrecognised")


class Speller:
    """Verdicts and suggestions for Arabic words against Ayaspell plus word lists.

    `lexicons` defaults to the shipped newsroom lexicon; `wordlists` are the user's. Both are added
    with the affix flags of AFFIX_MODEL_WORD, so و ب ل ك ف ال + word pass as well. With
    `use_frequencies` (the default) wordfreq's list is evidence too; it loads, like Hunspell, only
    when a word misses the verdict cache.
    """

    def __init__(
        self,
        dictionary: str | os.PathLike[str] | None = None,
        lexicons: Sequence[str | os.PathLike[str]] | None = None,
        wordlists: Sequence[str | os.PathLike[str]] = (),
        cache_dir: str | os.PathLike[str] | None = None,
        persistent_cache: bool = True,
        affix_model: str = AFFIX_MODEL_WORD,
        use_frequencies: bool = True,
    ) -> None:
        self.dic_path = Path(dictionary) if dictionary else data_path("dictionaries") / DICTIONARY_NAME
        self.aff_path = self.dic_path.with_suffix(".aff")
        aff_bytes, dic_bytes = _check_dictionary(self.dic_path, self.aff_path)
        self._probe_word = _first_dictionary_word(dic_bytes)
        self.affix_model = affix_model
        self.extra_words: list[str] = []
        digest = hashlib.sha256()
        for part in (str(CACHE_FORMAT).encode(), affix_model.encode(), aff_bytes, dic_bytes):
            digest.update(hashlib.sha256(part).digest())
        lexicon_bytes = []
        for path in self._word_list_paths(lexicons, wordlists):
            data = _read_bytes(path)
            digest.update(hashlib.sha256(data).digest())
            self.extra_words.extend(parse_word_list(_decode(path, data)))
            lexicon_bytes.append(data)
        # What the shipped acceptance index is keyed by: the dictionary and the lexicons (a user's
        # word lists only add words, and are asked of Hunspell).
        lexicon_count = len(lexicon_bytes) - len(wordlists)
        self.dictionary_digest = accepted.digest_of(
            [affix_model.encode(), aff_bytes, dic_bytes, *lexicon_bytes[:lexicon_count]])
        self._user_words = bool(wordlists)
        self.use_frequencies = use_frequencies
        self._frequency_list = frequency.list_path() if use_frequencies else None
        if self._frequency_list is not None:  # verdicts depend on the list: a new one, a new key
            stat = self._frequency_list.stat()
            digest.update(f"{stat.st_size}-{stat.st_mtime_ns}-{frequency.RAREST_KEPT}".encode())
            runs = _runs_path()  # and on the letter runs derived from it
            digest.update(str(runs.stat().st_size if runs.exists() else -1).encode())
        self.cache_key = digest.hexdigest()[:24]
        self._cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self._persistent = persistent_cache
        self._frequencies: Frequencies | None = None
        self._sequences: Sequences | None = None
        self._sequences_read = False
        self._accepted: accepted.Accepted | None = None  # loaded with the frequency list
        self.frequency_load_seconds = 0.0
        self._hunspell: Any = None
        self._verdicts: dict[str, Verdict] = {}  # by normalised word: what the cache file keeps
        self._by_spelling: dict[str, Verdict] = {}  # by word as written, within this process
        self._suggestions: dict[str, list[str]] = {}
        self._not_words: set[str] = set()  # variants Hunspell rejected, within this process
        self._words: set[str] = set()  # ... and those it accepted
        # Judged words whose dictionary answer is not their verdict's (a slip the dictionary
        # accepts, a frequent form it lacks): with the verdicts, the dictionary's answer for every
        # judged word, so a warm run needs no Hunspell. Kept in the cache file.
        self._listing_differs: set[str] = set()
        self._word_set: frozenset[str] | None = None  # extra_words, built on first need
        self._loaded_count = 0
        self.load_seconds = 0.0
        self.hunspell_calls = 0
        self.cache_file: Path | None = None
        if persistent_cache:
            self.cache_file = self._cache_dir / f"spelling-{self.cache_key}.json"
            self._load_cache()

    @staticmethod
    def _word_list_paths(lexicons: Sequence[str | os.PathLike[str]] | None,
                         wordlists: Sequence[str | os.PathLike[str]]) -> list[Path]:
        if lexicons is None:  # the shipped lexicon, when this build has one
            shipped = data_path("dictionaries") / LEXICON_NAME
            lexicons = [shipped] if shipped.exists() else []
        return [Path(p) for p in (*lexicons, *wordlists)]

    # Hunspell, loaded on the first cache miss

    @property
    def loaded(self) -> bool:
        return self._hunspell is not None

    def load(self) -> None:
        """Load Hunspell and the frequency list now rather than on the first cache miss: a
        long-running service wants them before its first request, not during it."""
        self._engine()
        self._freq()

    def prepare(self) -> None:
        """Load what judging the first words of a batch will need, and no more: the frequency
        list (any word the verdict cache lacks is weighed by it, and so is a text's rejected
        word), and Hunspell only when the verdict cache holds nothing, as then every word misses
        it. Worker processes forked afterwards share what was loaded instead of each loading it."""
        self._freq()
        if not self._verdicts:
            self._engine()

    def _engine(self) -> Any:
        if self._hunspell is None:
            started = time.perf_counter()
            self._hunspell = self._load_hunspell()
            self.load_seconds = time.perf_counter() - started
        return self._hunspell

    def _freq(self) -> Frequencies | None:
        """The frequency list, loaded on first need (cached compactly beside the verdicts)."""
        if self._frequencies is None and self._frequency_list is not None:
            cache_dir = self._cache_dir if self._persistent else None
            self._frequencies, self.frequency_load_seconds = frequency.load(cache_dir)
            if self._frequencies is None:
                self._frequency_list = None
        return self._frequencies

    def _bucket(self, key: str) -> int:
        frequencies = self._freq()
        return frequencies.bucket(key) if frequencies is not None else frequency.ABSENT

    def _load_hunspell(self) -> Any:
        import hunspell  # the binding is imported here only: most warm runs never need it

        try:
            engine = hunspell.Hunspell(self.dic_path.stem, hunspell_data_dir=str(self.dic_path.parent))
        except (hunspell.HunspellFilePathError, OSError, UnicodeError) as error:
            raise DictionaryError(self.dic_path, f"cannot load the dictionary: {error}") from None
        if self._probe_word and not engine.spell(self._probe_word):
            raise DictionaryError(self.dic_path, "corrupt dictionary: its own words do not pass")
        # Without the model word (another dictionary) words are added bare: no prefixed forms.
        model = self.affix_model if self.affix_model and engine.spell(self.affix_model) else None
        for word in self.extra_words:
            if model:
                engine.add_with_affix(word, model)
            else:
                engine.add(word)
        return engine

    def _accepts(self, key: str) -> bool:
        """Does the dictionary accept `key`? From the shipped index when it knows the form. The
        index costs about as much to load as 1,000 Hunspell calls: it is loaded only once a run
        has made that many (a cold archive run, not one new article)."""
        index = self._index()
        answer = index.accepts(key) if index is not None else None
        if answer is None or (self._user_words and not answer):  # user words only add words
            return self.hunspell_accepts(key)
        return answer

    def _index(self) -> accepted.Accepted | None:
        if self._accepted is None and self.hunspell_calls == INDEX_AFTER_CALLS:
            self._accepted = self.load_index()
        return self._accepted

    def load_index(self) -> accepted.Accepted | None:
        """The shipped acceptance index, if it was built from this dictionary and frequency list."""
        frequencies = self._freq()
        if frequencies is None:
            return None
        return accepted.load(self.dictionary_digest, frequencies.buckets, frequencies)

    def hunspell_accepts(self, word: str) -> bool:
        """Hunspell's own answer (loading it on first use)."""
        self.hunspell_calls += 1
        try:
            return bool(self._engine().spell(word))
        except UnicodeEncodeError:  # lone surrogates and the like: not a word
            return False

    # verdicts

    def verdict(self, word: str) -> Verdict:
        """"ok", "orthographic" (with the dictionary variant) or "unknown" for one word."""
        found = self._by_spelling.get(word)  # the same written form again: no normalising
        if found is not None:
            return found
        key = normalise_for_lookup(word)
        found = self._verdicts.get(key) if key else OK
        if found is None:
            found = self._judge(key)  # asks the dictionary about `key` first
            if (found.status == "ok") != (key in self._words):
                self._listing_differs.add(key)
            self._verdicts[key] = found
        self._by_spelling[word] = found
        return found

    def is_known(self, word: str) -> bool:
        return self.verdict(word).status == "ok"

    def _judge(self, key: str) -> Verdict:
        if self._is_word(key):
            slip = self._frequent_variant(key)
            return Verdict("orthographic", slip) if slip else OK
        for variant in self._ranked_variants(key):
            return Verdict("orthographic", variant)
        if self._derived_from_word_list(key) or self._suffixed_word(key):
            return OK
        bucket = self._bucket(key)
        if bucket <= FREQUENT_FORM:
            return OK  # real text uses it often: a name or a form Ayaspell lacks
        if not self.use_frequencies:
            return UNKNOWN  # no evidence either way: every rejected word is reported
        typo = self._typo_correction(key, bucket)
        return Verdict("unknown", typo) if typo else UNRECOGNISED

    def _frequent_variant(self, key: str) -> str | None:
        """A dictionary word that is still a slip: its ending variant (الحياه → الحياة، بناءا →
        بناء) is far more frequent, and the word itself is not common. Ayaspell accepts such forms
        as word + pronoun (الحيا + ه) or with tanween alef; frequency says which one writers mean.
        Only endings: initial alef swaps (احمد/أحمد، امس/أمس) are too often both in use."""
        if not self.use_frequencies or len(key) < 3:
            return None
        bucket = self._bucket(key)
        # Absent forms are rare valid ones as often (لمهاجمه: for its striker), and a common
        # word after a one-letter proclitic is the word (وعلي: and Ali).
        if not SLIP_RAREST_COMMON <= bucket <= RAREST_KEPT or (
                key[0] in "وفبلك" and self._bucket(key[1:]) < SLIP_RAREST_COMMON):
            return None
        for variant, ratio in _ending_variants(key):
            if self._bucket(variant) + ratio <= bucket and self._is_word(variant):
                return variant
        return None

    def _ranked_variants(self, key: str) -> list[str]:
        """Dictionary variants of a rejected word that are corrections, most frequent first.

        A variant real text uses less than the word as written is no correction (an accepted
        spelling, a name the dictionary lacks), and one that removes a hamza the writer wrote must
        be clearly more frequent. When neither is in the list, the variant stands (واقناعها →
        وإقناعها), except after a glued negation: ولاتملك is ولا تملك, not the rare ولأتملك. A
        variant two letters away must be much more frequent to go first (الا is إلا more often
        than إلى). Ties keep the orthographic priors' order.
        """
        if not self.use_frequencies:
            return list(self._dictionary_variants(key))
        bucket = self._bucket(key)

        def correction(variant: str) -> bool:
            b = self._bucket(variant)
            return b + _hamza_removal_margin(key, variant) < bucket or (
                b == bucket == frequency.ABSENT and not key.startswith(_GLUED_NEGATIONS))

        # The frequency test goes first: a variant it rules out is never asked of the dictionary
        # (half the Hunspell calls of a cold archive were for such variants).
        found = list(self._dictionary_variants(key, correction))
        extra = self._frequent_ta_variant(key)
        if extra and extra not in found and correction(extra):
            found.append(extra)
        scored = sorted((self._bucket(v) + SECOND_EDIT_COST * (_letters_changed(key, v) - 1), i, v)
                        for i, v in enumerate(found))
        return [v for _, _, v in scored]

    def _frequent_ta_variant(self, key: str) -> str | None:
        """ة written for ه (هذة → هذه، لدية → لديه): not among the priors, because a rejected word
        in ة is more often a name (قفصة); accepted when the ه form is far more frequent."""
        if len(key) < 3 or key[-1] != "ة":
            return None
        variant = key[:-1] + "ه"
        if self._bucket(variant) + SLIP_RATIO <= self._bucket(key) and self._is_word(variant):
            return variant
        return None

    def _suffixed_word(self, key: str) -> bool:
        """A known word with a pronoun suffix (مصورينها، حكومتهم، ملاعبكما): stem + ـه ـها ـهم
        ـهما ـكم ـكما ـكن ـنا ـهن, a stem in ت standing for ة. Ayaspell lacks many such forms.
        The stem must be a word on its own, of three letters at least, so short stems that
        Ayaspell accepts as rare verbs do not let a typo through."""
        for suffix in _PRONOUN_SUFFIXES:
            stem = key[: -len(suffix)]
            if not key.endswith(suffix) or len(stem) < 3:
                continue
            stems = (stem, stem[:-1] + "ة") if stem.endswith("ت") else (stem,)
            if any(self._is_word(candidate) for candidate in stems):
                return True
        return False

    def _typo_correction(self, key: str, bucket: int) -> str | None:
        """The correction of a rejected word when the evidence says typo, else None.

        Measured on news copy, rare names sit one edit from some common word all the time
        (مكرد/مجرد، جهام/جهاز), so the evidence asked is strong: the word is absent from the
        frequency list, and either a missing space splits it into two common dictionary words
        (لايحسنون، تقريباضعف), or it is long and a likely edit (a doubled, dropped or swapped
        letter, dots) away from a common dictionary word, or any edit from a very common one.
        """
        if bucket < TYPO_RAREST_FORM:
            return None
        split = self._missing_space(key)
        if split:
            return split
        # The stem after a proclitic is judged too: والحكزمة is و + a typo of الحكومة, and the
        # prefixed correction is rarer in the list than the bare one.
        for length in range(min(len(key) - TYPO_SHORTEST, _LONGEST_PROCLITIC) + 1):
            prefix, stem = key[:length], key[length:]
            if prefix not in _PROCLITIC_SET:
                continue
            threshold = _typo_threshold(len(key)) - (NISBA_NAME_MARGIN if _nisba_name(stem) else 0)
            for candidate, score in self._neighbours(stem):
                if score > threshold:
                    break
                if " " not in candidate and self._is_word(candidate):
                    return prefix + candidate
        return self._unwritten_run_correction(key)

    def _unwritten_run_correction(self, key: str) -> str | None:
        """The correction of a form that writes letters real Arabic never writes in a row.

        A run of three letters (word edges counted) that no form of the frequency list has
        (ةت، ظت$، ددد) is evidence of a slip whatever the form's length, but rare roots and
        transliterations have such runs too (قذع، زطل، مكجوان): so the word one edit away must be
        a likely edit (a doubled or dropped twin, dots, a swap; not the next key, which on the
        Arabic layout is too often a name's letter, nor any edit to a common word: صكة/مكة،
        عظوم/عظيم), or the run must sit on the seam of a missing space next to a common word
        (دينارمع، توافرهذه). A run of four
        letters no form has is weaker evidence still: only a doubled or dropped twin, to a common
        word, or a seam next to a very common word. Some letters are never written where a form
        has them whatever the source (ة or ى inside a word, a letter three times): any suggested
        word one edit away is the correction.
        """
        runs = self._runs()
        if runs is None or len(key) < UNWRITTEN_SHORTEST or not _STANDARD_WORD.fullmatch(key):
            return None
        three = runs.unseen(key, 3)
        four = runs.unseen(key) if len(key) >= UNWRITTEN_FOUR_SHORTEST else []
        split = ((three and self._split_at_run(key, three, 3, *SPLIT_AT_THREE))
                 or (four and self._split_at_run(key, four, 4, *SPLIT_AT_FOUR)))
        if split:
            return split
        if _NEVER_WRITTEN.search(key):
            threshold, dearest = UNWRITTEN_THREE_SCORE, COST_OTHER
        elif three:
            threshold, dearest = UNWRITTEN_THREE_SCORE, COST_TRANSPOSE
        elif four:
            threshold, dearest = UNWRITTEN_FOUR_SCORE, COST_DOUBLED
        else:
            return None
        for candidate, score in self._neighbours(key):
            if score > threshold:
                break
            if (" " not in candidate and score - self._bucket(candidate) <= dearest
                    and self._is_word(candidate)):
                return candidate
        return None

    def _split_at_run(self, key: str, unseen: list[int], size: int, common_rarest: int,
                      rarest: int) -> str | None:
        """Two words whose seam lies in one of the unwritten runs of `size` (offsets in ^key$, as
        Sequences.unseen gives them): one at least `common_rarest` common (مع، هذه، لا، وراء), the
        other `rarest`. Two rarer parts are as often the halves of a transliterated name
        (تشونغكينغ، هافبوست), and so are two-letter parts (رجا بي، عراق جي، تم غزة) but for the
        particles a missing space glues to the word before (لسلسلةمن، مباراةله)."""
        frequencies = self._freq()
        assert frequencies is not None
        for i in range(2, len(key) - 1):
            first, second = key[:i], key[i:]
            # The seam between key[i-1] and key[i] lies inside the run at offset j (which covers
            # key[j-1 : j-1+size]) when j <= i <= j + size - 2.
            if not any(j <= i <= j + size - 2 for j in unseen) or first in _NAME_HEADS:
                continue
            common, rarer = sorted((frequencies.bucket(first), frequencies.bucket(second)))
            if (common <= common_rarest and rarer <= rarest and _seam_parts(first, second)
                    and self._is_word(first) and self._is_word(second)):
                return f"{first} {second}"
        return None

    def _runs(self) -> Sequences | None:
        """The letter runs real text writes (copycheck.sequences), read on first need; None
        without the frequency list, whose evidence they are."""
        if not self._sequences_read and self._frequency_list is not None:
            self._sequences = sequences.read(_runs_path())
            self._sequences_read = True
        return self._sequences

    def typo_of_text_word(self, key: str, text_words: Set[str]) -> str | None:
        """The word of the same text that a rejected word is a typo of, else None.

        Copy repeats its key words (الحكومة … الحكزمة), while a name is spelt the same way each
        time: a form real text never uses that is one edit from a dictionary word written
        elsewhere in the text is a slip of that word, whatever the word's global frequency.
        `text_words` holds the text's accepted words and their stems after a proclitic. The
        likeliest edit wins; the edits that tell names and rare words from slips are left out
        (_telling_edit).
        """
        if (self._bucket(key) < TYPO_RAREST_FORM or not _STANDARD_WORD.fullmatch(key)
                or any(_nisba_name(stem) for stem in stems(key))):
            return None  # a family name's shape (الخميلي، الرحالي) asks for the global evidence
        # The likeliest edit first, then the shortest proclitic, then the edits' order.
        found = []
        for length in range(min(len(key) - TEXT_TYPO_SHORTEST, _LONGEST_PROCLITIC) + 1):
            prefix, stem = key[:length], key[length:]
            if prefix not in _PROCLITIC_SET:
                continue
            near = [*(one_edit_forms(stem) & text_words),
                    *(pair for pair in missing_spaces(stem) if pair in text_words)]
            for candidate in near:
                costed = edit_cost(stem, candidate)
                assert costed is not None
                cost, order = costed
                if len(candidate) < TEXT_TYPO_SHORTEST or (
                        len(candidate) < TEXT_TYPO_ANY_EDIT and cost > COST_TRANSPOSE
                        and not _keyboard_slip(stem, candidate)):
                    continue
                found.append((cost, length, order, prefix + candidate))
        for _cost, _length, _order, word in sorted(found):
            bucket = self._bucket(word)
            if bucket <= RAREST_KEPT and _telling_edit(key, word, bucket) and self._is_word(word):
                return word
        return self._split_into_text_words(key, text_words)

    def _split_into_text_words(self, key: str, text_words: Set[str]) -> str | None:
        """A missing space between two words the text uses elsewhere (الحكومةالجديدة), each of
        three letters at least; not after the head of a compound name (عبدالله). Forms under
        seven letters are as often a name made of two short words (كانكان، بيرليس)."""
        if len(key) < TEXT_SPLIT_SHORTEST:
            return None
        for i in range(3, len(key) - 2):
            first, second = key[:i], key[i:]
            if (first in text_words and second in text_words and first not in _NAME_HEADS
                    and self._is_word(first) and self._is_word(second)):
                return f"{first} {second}"
        return None

    def _missing_space(self, key: str) -> str | None:
        """Two words written together: a negation or a short word glued to a dictionary word
        (لايحسنون، ولاتملك، فيالمدينة), or two common dictionary words."""
        frequencies = self._freq()
        if frequencies is None:
            return None
        for glued in _GLUED_WORDS:
            rest = key[len(glued):]
            # The rest must be a common word too: لاتريبون is La Tribune, not لا + تريبون. After
            # other words than the negation, a short rest is as often a name (مازيغ، وفيدور).
            shortest = 3 if glued in _GLUED_NEGATIONS else 4
            if (key.startswith(glued) and len(rest) >= shortest
                    and frequencies.bucket(rest) <= GLUED_RAREST and self._is_word(rest)):
                return f"{glued} {rest}"
        best: tuple[int, str] | None = None
        for i in range(3, len(key) - 2):
            first, second = key[:i], key[i:]
            if first in _NAME_HEADS:
                continue  # أبوالمجد، عبدالإله، بنيخلف: compound names many newsrooms write joined
            rarest = _split_rarest(key, first, second)
            score = max(frequencies.bucket(first), frequencies.bucket(second))
            if score <= rarest and (best is None or score < best[0]):
                best = (score, f"{first} {second}")
        if best and all(map(self._is_word, best[1].split(" "))):
            return best[1]
        return None

    def _neighbours(self, key: str) -> Sequence[tuple[str, int]]:
        """Frequent forms one edit from `key` (or `key` split in two), best first: score = the
        form's bucket + the edit's cost, both in cB."""
        frequencies = self._freq()
        if frequencies is None or " " in key:
            # A phrase ligature folds to several words (ﷺ: صلى الله عليه وسلم): one edit from a
            # phrase is no word, and a split of it would be three parts, not two.
            return ()
        return _frequent_neighbours(frequencies, key)

    def _derived_from_word_list(self, key: str) -> bool:
        """A plural, dual or nisba form of a lexicon or user word, after any proclitics:
        حوثيون، والحوثيين (حوثي), كوري (كوريا), مفخخات (مفخخة), ترامبية (ترامب).

        Word lists hold bare names (their entries take prefixes only), and these forms are the
        regular ones: accepting them keeps the name's family quiet without listing every form.
        Pronoun suffixes (ـه، ـها، ـهم) are not accepted: on a name they are rare, and ـه is the
        commonest slip for ـة.
        """
        if self._word_set is None:
            self._word_set = frozenset(self.extra_words)
        for length in range(min(len(key) - 3, _LONGEST_PROCLITIC) + 1):
            if key[:length] not in _PROCLITIC_SET:
                continue
            stem = key[length:]
            for suffix in _DERIVING_SUFFIXES:
                base = stem[: -len(suffix)]
                if stem.endswith(suffix) and len(base) >= 3 and any(
                        base + ending in self._word_set for ending in _BASE_ENDINGS):
                    return True
        return False

    def dictionary_variants(self, word: str) -> list[str]:
        """All orthographic variants of `word` that are dictionary words, likeliest first."""
        return list(self._dictionary_variants(normalise_for_lookup(word)))

    def _dictionary_variants(self, key: str,
                             wanted: Callable[[str], bool] | None = None) -> Iterator[str]:
        """Orthographic variants that are words (and `wanted`, when given), likeliest first.

        Ayaspell accepts the interrogative أ + ل + word, so أل… is a "variant" of almost every
        name with the article (الهمامي → ألهمامي): a hamza there counts only when لـ + rest is
        not itself a word. This gives up القى → ألقى to keep names out of the error class.
        """
        # Each miss costs Hunspell ~0.06 ms on Ayaspell (three times a hit): only the likeliest
        # variants are tried, and a variant judged before (as a word of the text) is not asked.
        for variant in orthographic_variants(key)[:MAX_VARIANTS_TRIED]:
            if (wanted is not None and not wanted(variant)) or not self._is_word(variant):
                continue
            if key.startswith("ال") and variant[:2] in ("أل", "آل") and self._is_word(variant[1:]):
                continue
            yield variant

    def _is_word(self, key: str) -> bool:
        """Is the normalised `key` a dictionary word? The dictionary's answer, never the word's
        verdict: a form judged "ok" because real text uses it often (الاسكتلندية) is no dictionary
        word, and an accepted form can be a slip (الحياه). Taking the verdict made a word's
        verdict depend on which words the process (or the cache) had judged before it.

        A judged word's answer comes from its verdict and the recorded exceptions, so a warm run
        does not load Hunspell for it.
        """
        if key in self._words:
            return True
        if key in self._not_words:
            return False
        known = self._verdicts.get(key)
        if known is not None:
            return (known.status == "ok") != (key in self._listing_differs)
        if self._accepts(key):
            self._words.add(key)
            return True
        self._not_words.add(key)
        return False

    # suggestions

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        """Up to `limit` corrections, best first: the verdict's correction, the dictionary's
        orthographic variants by frequency, then frequent forms one edit away (by frequency and
        edit likelihood). About a millisecond a word: Hunspell's suggester (~0.2 s) is not used."""
        key = normalise_for_lookup(word)
        if not key:
            return []
        cached = self._suggestions.get(key)
        if cached is not None:
            return cached[:limit]
        ranked = self.variant_suggestions(word, MAX_SUGGESTIONS_KEPT)
        for candidate, _score in self._neighbours(key):
            if len(ranked) >= MAX_SUGGESTIONS_KEPT:
                break
            # Frequent forms include frequent misspellings (الى، التى): only words are offered.
            if candidate not in ranked and _plausible(key, candidate) and all(
                    map(self._is_word, candidate.split(" "))):
                ranked.append(candidate)
        self._suggestions[key] = ranked
        return ranked[:limit]

    def variant_suggestions(self, word: str, limit: int = 5) -> list[str]:
        """For an orthographic slip: its frequent dictionary variants only, likeliest first. A
        word one edit away (الى → على) is another word, not the spelling the writer meant."""
        key = normalise_for_lookup(word)
        if not key:
            return []
        cache_key = VARIANTS_KEY + key  # kept in the suggestion cache beside the full lists
        cached = self._suggestions.get(cache_key)
        if cached is None:
            verdict = self.verdict(word)
            cached = [verdict.variant] if verdict.variant else []
            cached += [candidate for candidate in self._ranked_variants(key) if candidate not in cached]
            self._suggestions[cache_key] = cached
        return cached[:limit]

    # persistent cache

    def _load_cache(self) -> None:
        """Read verdicts of earlier runs; any unreadable or malformed file is simply ignored."""
        verdicts, suggestions, differs = self._read_cache()
        self._verdicts.update(verdicts)
        self._suggestions.update(suggestions)
        self._listing_differs.update(differs)
        self._loaded_count = len(self._verdicts) + len(self._suggestions)

    def _read_cache(self) -> tuple[dict[str, Verdict], dict[str, list[str]], set[str]]:
        assert self.cache_file is not None
        payload = cachefiles.read(self.cache_file)
        if payload is None:  # missing, unreadable, torn or altered
            return {}, {}, set()
        try:
            data = json.loads(payload.decode("utf-8"))
            if data.get("format") != CACHE_FORMAT or data.get("key") != self.cache_key:
                return {}, {}, set()
            verdicts = _parse_verdicts(data)
            suggestions = {
                str(k): [str(s) for s in v] for k, v in data.get("suggestions", {}).items()
                if isinstance(v, list)
            }
            differs = {str(word) for word in data.get("listing_differs", [])} & verdicts.keys()
        except (ValueError, TypeError, AttributeError):
            return {}, {}, set()
        return verdicts, suggestions, differs

    @property
    def cache_dirty(self) -> bool:
        return len(self._verdicts) + len(self._suggestions) != self._loaded_count

    def save_cache(self) -> None:
        """Write the cache atomically (temp file + rename); a folder that cannot be written skips
        the save (the next run starts cold, with the same results).

        Processes that check at once (`--jobs`, several runs sharing the folder) each save: under
        a lock, what another one saved since this one loaded is read back and kept, so no
        process's verdicts are lost."""
        if self.cache_file is None or not self.cache_dirty:
            return
        if cachefiles.update(self.cache_file, self._merged_cache):
            self._loaded_count = len(self._verdicts) + len(self._suggestions)

    def _merged_cache(self) -> bytes:
        self._merge_saved()
        return self._cache_payload()

    def _merge_saved(self) -> None:
        """This process's verdicts stay the newest; the saved ones it lacks go before them."""
        verdicts, suggestions, differs = self._read_cache()
        self._listing_differs |= differs - self._verdicts.keys()
        if verdicts.keys() - self._verdicts.keys():
            self._verdicts = {**verdicts, **self._verdicts}
        if suggestions.keys() - self._suggestions.keys():
            self._suggestions = {**suggestions, **self._suggestions}

    def _cache_payload(self) -> bytes:
        words = list(self._verdicts.items())[-MAX_CACHED_WORDS:]  # newest kept
        data = {
            "format": CACHE_FORMAT,
            "key": self.cache_key,
            "ok": [w for w, v in words if v.status == "ok"],
            "unknown": {w: v.variant for w, v in words if v.status == "unknown"},
            "unrecognised": [w for w, v in words if v.status == "unrecognised"],
            "orthographic": {w: v.variant for w, v in words if v.status == "orthographic"},
            "listing_differs": [w for w, _ in words if w in self._listing_differs],
            "suggestions": dict(list(self._suggestions.items())[-MAX_CACHED_WORDS // 10:]),
        }
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def __enter__(self) -> Speller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.save_cache()

    def verdicts(self, words: Iterable[str]) -> list[Verdict]:
        """Verdicts of many words: forms seen before cost one dictionary look-up each."""
        seen, verdict = self._by_spelling.get, self.verdict
        return [seen(word) or verdict(word) for word in words]


def _plausible(key: str, proposal: str) -> bool:
    """Hunspell's proposals an editor would take: no one-letter split-off («المفاوضات ت»), no
    interrogative أ/آ on the article («ألحكومة» for الحكومه)."""
    if any(len(part) < 2 for part in proposal.split()):
        return False
    return not (key.startswith("ال") and proposal[:2] in ("أل", "آل"))


def _parse_verdicts(data: dict[str, Any]) -> dict[str, Verdict]:
    verdicts: dict[str, Verdict] = {}
    for word in data.get("ok", []):
        verdicts[str(word)] = OK
    for word in data.get("unrecognised", []):
        verdicts[str(word)] = UNRECOGNISED
    for word, variant in data.get("unknown", {}).items():
        verdicts[str(word)] = Verdict("unknown", str(variant) if variant else None)
    for word, variant in data.get("orthographic", {}).items():
        verdicts[str(word)] = Verdict("orthographic", str(variant))
    return verdicts
