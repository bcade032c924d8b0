"""`kind: substitution`: a map wrong → right, matched on whole words with attached clitics.

All entries are looked up in one pass over the Document's Arabic words (a dict lookup per word,
not one regex per entry). `والذى` matches the entry `الذى` and is replaced by `والذي`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..arabic import strip_marks
from ..document import Document, per_document
from ..findings import Hit

if TYPE_CHECKING:
    from . import Environment

KIND = "substitution"

# Longest first, so that «وبال» is tried before «و».
CLITIC_PREFIXES = ("وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
                   "و", "ف", "ب", "ل", "ك")
_MIN_STEM = 2


@dataclass(frozen=True)
class Options:
    map: Mapping[str, str | Sequence[str]]
    clitics: bool = True


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    entries = _entries(options.map)
    forms = _clitic_forms({key[0] for key in entries}, options.clitics)
    longest = max((len(key) for key in entries), default=1)

    def check(doc: Document) -> Iterator[Hit]:
        words, bare = doc.word_columns, doc.bare_words
        if forms.keys().isdisjoint(_distinct_words(doc)):
            return  # most texts hold none of the entries' first words
        for index, word in enumerate(bare):
            split = forms.get(word)
            if split is None:
                continue
            prefix, stem = split
            for count in range(min(longest, len(bare) - index), 0, -1):
                following = _following_words(doc, index, count)
                if following is None:
                    continue
                replacements = entries.get((stem, *following))
                if replacements:
                    start, end = words.starts[index], words.ends[index + count - 1]
                    yield Hit(start, end, tuple(prefix + r for r in replacements),
                              {"match": doc.text[start:end]})
                    break

    return check


@per_document  # shared by the substitution rules: each compares it with its own words
def _distinct_words(doc: Document) -> frozenset[str]:
    return frozenset(doc.bare_words)


def _entries(mapping: Mapping[str, str | Sequence[str]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(mapping, Mapping) or not mapping:
        raise ValueError("'map' must be a non-empty mapping of wrong → right")
    entries = {}
    for wrong, right in mapping.items():
        replacements = (right,) if isinstance(right, str) else tuple(right)
        if not all(isinstance(r, str) for r in replacements) or not str(wrong).split():
            raise ValueError(f"entry {wrong!r}: the right-hand side must be text or a list of texts")
        if str(wrong) in replacements:
            raise ValueError(f"entry {wrong!r} replaces a word with itself")
        entries[tuple(strip_marks(w) for w in str(wrong).split())] = replacements
    return entries


def _clitic_forms(first_words: set[str], clitics: bool) -> dict[str, tuple[str, str]]:
    """Every written form of a first word (bare, or after a clitic) → (clitic, word).

    Built once, so that a word costs one dict lookup. The word itself wins over a clitic
    reading, and longer clitics over shorter ones (CLITIC_PREFIXES order).
    """
    forms = {word: ("", word) for word in first_words}
    for prefix in CLITIC_PREFIXES if clitics else ():
        for word in first_words:
            if len(word) >= _MIN_STEM:
                forms.setdefault(prefix + word, (prefix, word))
    return forms


def _following_words(doc: Document, index: int, count: int) -> tuple[str, ...] | None:
    """The bare words after `index` when only spaces separate them, else None."""
    words = doc.word_columns
    for end, start in zip(words.ends[index:index + count - 1], words.starts[index + 1:index + count],
                          strict=True):
        if doc.text[end:start].strip():
            return None
    return tuple(doc.bare_words[index + 1:index + count])
