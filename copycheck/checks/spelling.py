"""`kind: spelling`: words the dictionary (Ayaspell, the newsroom lexicon, the user's word lists)
rejects.

`report: orthographic` reports words whose hamza, ta marbuta or alef maqsura variant is the
dictionary word meant (الى → إلى، الحياه → الحياة), with that variant first; `report: unknown`
reports rejected words the evidence calls typos (a much more frequent word one edit away, which is
the first suggestion); `report: unrecognised` the other rejected, rare words (mostly names).
The rules of this kind share one Speller per set of word lists in the process, and one pass of
verdicts per Document. Building a rule touches no file: the Speller is made on the first check,
and Hunspell and the frequency list load only when a word misses the persistent verdict cache.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import regex

from ..arabic import LETTERS
from ..document import Document
from ..errors import CheckError
from ..findings import Hit
from ..speller import (
    DictionaryError,
    Speller,
    Verdict,
    default_cache_dir,
    normalise_for_lookup,
    stems,
)

if TYPE_CHECKING:
    from . import Environment

KIND = "spelling"
REPORTS = ("orthographic", "unknown", "unrecognised")

# codespell's --ignore-sic: a word the writer marked as quoted as is, «[كذا]» or «(sic)», is left.
_SIC = regex.compile(r"\s*[\[(]\s*(?:كذا|sic)\s*[\])]", regex.IGNORECASE)
# Invisible characters split Document tokens; the typography rules report them, so the pieces are
# judged as the one word an editor sees.
_INVISIBLE = frozenset("\u200b\u00ad\u2060\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                       "\u2066\u2067\u2068\u2069")
_INVISIBLE_GAP = regex.compile(f"[{''.join(sorted(_INVISIBLE))}]+")
# A hyphen between two letters with no space (مون-جاي، شمال الراين-وستفاليا، جان-بيير) joins the
# parts of a transliterated compound name: a part no dictionary knows is no unknown word.
_HYPHEN_AFTER = regex.compile(f"-[{LETTERS}]")
_HYPHEN_BEFORE = regex.compile(f"(?<=[{LETTERS}])-")


@dataclass(frozen=True)
class Options:
    report: str  # orthographic | unknown | unrecognised
    suggestions: int = 5  # at most this many replacements per finding
    # Report an unknown word at its first occurrence only, with the count in the message.
    once_per_document: bool = False


class Rejected(NamedTuple):
    start: int
    end: int
    text: str
    key: str  # the normalised form: one written word, one verdict
    verdict: Verdict


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    if options.report not in REPORTS:
        raise ValueError(f"report must be one of {', '.join(REPORTS)}, not {options.report!r}")
    if options.suggestions < 0:
        raise ValueError("suggestions must not be negative")
    wordlists = tuple(env.dictionaries)
    limit = options.suggestions if env.suggestions else 0


    def check(doc: Document) -> Iterator[Hit]:
        speller = shared_speller(wordlists)
        rejected = [word for word in rejected_words(doc, speller)
                    if word.verdict.status == options.report]

        def suggest(word: Rejected) -> list[str]:
            """Computed only for reported words (about a millisecond each). A correction found in
            the text itself is not in the speller's verdict: it goes first."""
            if not limit:
                return []
            if options.report == "orthographic":
                return speller.variant_suggestions(word.key, limit)
            found = speller.suggest(word.key, limit)
            first = word.verdict.variant
            if options.report != "unknown" or not first or first in found[:1]:
                return found
            return [first, *(s for s in found if s != first)][:limit]

        if options.report == "orthographic":
            return _orthographic_hits(rejected, suggest, max(limit, 1))
        return _unknown_hits(rejected, suggest, options.once_per_document)

    return check


def _orthographic_hits(rejected: list[Rejected], suggest: Callable[[Rejected], list[str]],
                       limit: int) -> Iterator[Hit]:
    """Every occurrence (each is an edit to make), the dictionary variant first even without
    suggestions: it comes with the verdict at no cost."""
    for word in rejected:
        variant = word.verdict.variant or ""
        more = suggest(word) if limit > 1 else []
        replacements = [variant, *(s for s in more if s != variant)][:limit]
        yield Hit(word.start, word.end, tuple(replacements), _args(word, variant, 1))


def _unknown_hits(rejected: list[Rejected], suggest: Callable[[Rejected], list[str]],
                  once: bool) -> Iterator[Hit]:
    counts = Counter(word.key for word in rejected)
    for word in _first_occurrences(rejected) if once else rejected:
        times = counts[word.key] if once else 1
        yield Hit(word.start, word.end, tuple(suggest(word)), _args(word, "", times))


def _first_occurrences(words: list[Rejected]) -> list[Rejected]:
    firsts: dict[str, Rejected] = {}
    for word in words:
        firsts.setdefault(word.key, word)
    return list(firsts.values())


def _args(word: Rejected, variant: str, times: int) -> dict[str, str]:
    repeats = ("", "") if times == 1 else (f" ({times} times in this text)", f" ({times} مرات في النص)")
    return {"match": word.text, "variant": variant, "repeats": repeats[0], "repeats_ar": repeats[1]}


# --- one pass of verdicts per Document --------------------------------------------------------

# The rules of this kind run one after the other on the same Document: the second reuses the
# first's verdicts instead of judging every word again.
_last_pass: tuple[Document, Speller, list[Rejected]] | None = None


def rejected_words(doc: Document, speller: Speller) -> list[Rejected]:
    """The words of `doc` the speller does not accept, in order, with their verdicts."""
    global _last_pass
    if _last_pass is not None and _last_pass[0] is doc and _last_pass[1] is speller:
        return _last_pass[2]
    starts, ends, texts = _words(doc)
    # Each written form is judged once per text; most are words, and only the others are looked
    # at one occurrence at a time.
    distinct = dict.fromkeys(texts)
    verdict_of = dict(zip(distinct, speller.verdicts(distinct), strict=True))
    accepted = {text for text, verdict in verdict_of.items() if verdict.status == "ok"}
    rejected = []
    for index in [i for i, text in enumerate(texts) if text not in accepted]:
        start, end, text = starts[index], ends[index], texts[index]
        verdict = verdict_of[text]
        if _SIC.match(doc.text, end):
            continue
        if verdict.status != "orthographic" and _in_compound(doc.text, start, end):
            continue  # a hamza slip in a compound (ابو-ظبي) is still one
        key = normalise_for_lookup(text)
        if not _not_a_word(text, key):
            rejected.append(Rejected(start, end, text, key, verdict))
    rejected = _repeated_typos_are_names(rejected)
    rejected = _typos_of_the_texts_words(rejected, accepted, speller)
    _last_pass = (doc, speller, rejected)
    return rejected


def _repeated_typos_are_names(rejected: list[Rejected]) -> list[Rejected]:
    """A "typo" written the same way twice in one text is most often a name that happens to sit
    one edit from a common word (measured on news copy: surnames recur, slips rarely do): it is
    reported as unrecognised, its correction still the first suggestion."""
    counts = Counter(word.key for word in rejected if word.verdict.status == "unknown")
    return [word._replace(verdict=Verdict("unrecognised", word.verdict.variant))
            if counts[word.key] > 1 else word for word in rejected]


def _typos_of_the_texts_words(rejected: list[Rejected], accepted: set[str],
                              speller: Speller) -> list[Rejected]:
    """An unrecognised word written once, one edit from a word the same text uses, is a typo of
    that word (speller.typo_of_text_word): reported as unknown with that word as the correction."""
    counts = Counter(word.key for word in rejected)
    lonely = [word for word in rejected if word.verdict.status == "unrecognised"
              and counts[word.key] == 1]
    if not lonely:
        return rejected
    text_words = set(chain.from_iterable(map(_lookup_stems, accepted)))
    found = {}
    for word in lonely:
        correction = speller.typo_of_text_word(word.key, text_words)
        if correction:
            found[word.start] = word._replace(verdict=Verdict("unknown", correction))
    return [found.get(word.start, word) for word in rejected]


@functools.lru_cache(maxsize=1 << 16)
def _lookup_stems(text: str) -> tuple[str, ...]:
    """A written word's lookup form and its stems after a proclitic: the same words recur from
    text to text, so they are worked out once (half the cost of a text's typo search)."""
    return tuple(stems(normalise_for_lookup(text)))


def _in_compound(text: str, start: int, end: int) -> bool:
    return bool(_HYPHEN_AFTER.match(text, end) or (start > 0 and _HYPHEN_BEFORE.match(text, start - 1)))


def _not_a_word(text: str, key: str) -> bool:
    """«بـ» and «الـ» before a number or a Latin word (بـ3، الـ20), a bare «ال» (the letter L in
    ال سي دي, the article quoted) and single letters (ا ف ب): abbreviations and prefixes written
    on their own, not words to spell."""
    return text.endswith("\u0640") or len(key) < 2 or key == "ال"


def _words(doc: Document) -> tuple[Sequence[int], Sequence[int], Sequence[str]]:
    """The starts, ends and texts of the Document's Arabic words, pieces split only by invisible
    characters joined."""
    words, text = doc.word_columns, doc.text
    if not _INVISIBLE_GAP.search(text):  # the common case: every token is a whole word
        return words.starts, words.ends, words.texts
    joined = []
    index = 0
    while index < len(words):
        start, end = words.starts[index], words.ends[index]
        while (index + 1 < len(words) and end < len(text) and text[end] in _INVISIBLE
               and _INVISIBLE_GAP.fullmatch(text, end, words.starts[index + 1])):
            index += 1
            end = words.ends[index]
        joined.append((start, end, text[start:end]))
        index += 1
    return [start for start, _, _ in joined], [end for _, end, _ in joined], [t for _, _, t in joined]


# --- one Speller per set of word lists, per process -------------------------------------------

_spellers: dict[tuple[object, ...], Speller | CheckError] = {}


def shared_speller(wordlists: Sequence[Path]) -> Speller:
    """The process's Speller for these word lists (made on first use); a file that cannot be used
    raises CheckError naming it, every time, without reading the files again."""
    key = (str(default_cache_dir()), *(_signature(path) for path in wordlists))
    found = _spellers.get(key)
    if found is None:
        try:
            found = Speller(wordlists=wordlists)
        except DictionaryError as error:
            what = "word list" if error.path in wordlists else "dictionary"
            found = CheckError(f"cannot use the {what} {error.path}: {error.message}")
        _spellers[key] = found
    if isinstance(found, CheckError):
        raise found
    return found


def _signature(path: Path) -> tuple[str, int, int]:
    """A word list as the cache key sees it: an edited file gets a new Speller."""
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)


def preload(env: Environment) -> None:
    """Load the speller these rules will use, and its dictionaries, now (see Speller.load)."""
    # A word list that cannot be used is reported by the check itself, once per run.
    with contextlib.suppress(CheckError, DictionaryError):
        shared_speller(tuple(env.dictionaries)).load()


def prepare(env: Environment) -> None:
    """Load the speller these rules will use and what its first words will need (see
    Speller.prepare), before worker processes fork and share it."""
    with contextlib.suppress(CheckError, DictionaryError):  # reported by the check, as above
        shared_speller(tuple(env.dictionaries)).prepare()


def finish() -> None:
    """End of a run: write each Speller's verdict cache once."""
    for speller in _spellers.values():
        if isinstance(speller, Speller):
            speller.save_cache()
