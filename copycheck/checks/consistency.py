"""`kind: consistency`: accepted variants that must not be mixed in one text.

Each group lists variants. A variant written as plain text (`أفريقي`) matches at the start of a
word or after a clitic prefix (`والأفريقية`), whatever follows it in the word: one entry covers a
whole family. A variant may instead be a
mapping with a `pattern` (a regex; a group named `core` marks the part that differs) and an
optional `form` to write instead. The form used most often in the text wins (a tie goes to the one
used first); every other occurrence is reported on its whole token, with the winning form put in
place of the differing part so that clitics and suffixes stay as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..arabic import strip_marks
from ..document import Document, Token
from ..findings import Hit
from .substitution import CLITIC_PREFIXES

if TYPE_CHECKING:
    from . import Environment

KIND = "consistency"
_CLITIC_SET = {"", *CLITIC_PREFIXES}


@dataclass(frozen=True)
class Options:
    groups: Sequence[Sequence[str | Mapping[str, str]]]


@dataclass(frozen=True)
class _Variant:
    pattern: regex.Pattern[str] | None  # None: a plain-text variant, found by the shared scan
    form: str | None


@dataclass(frozen=True)
class _Occurrence:
    variant: int
    start: int  # the differing part
    end: int


class _Groups:
    """All groups of one rule. Plain-text variants of every group are found in one scan of the
    text (one alternation), so a rule with many groups still reads the text once."""

    def __init__(self, groups: Sequence[Sequence[str | Mapping[str, str]]]) -> None:
        self.variants = [_group(group) for group in groups]
        self.literals: dict[str, tuple[int, int]] = {}
        for number, group in enumerate(groups):
            for index, variant in enumerate(group):
                if isinstance(variant, str):
                    if variant in self.literals:
                        raise ValueError(f"variant {variant!r} is listed twice")
                    self.literals[variant] = (number, index)
        self.scan = _literal_scan(self.literals) if self.literals else None
        self.literal_groups = {number for number, _index in self.literals.values()}

    def mixed(self, doc: Document, env: Environment) -> list[int]:
        """The groups of which the text may hold two variants or more: a cheap test that lets
        most texts skip the work of `occurrences`. A plain-text variant counts when the text
        holds it anywhere (`in`, compared in C; word starts and protected spans are judged by
        `occurrences`, and a group with fewer than two variants there reports nothing), a
        pattern when it matches; a group is given up as soon as it cannot reach two."""
        text, numbers = doc.text, []
        for number, variants in enumerate(self.variants):
            present, left = 0, len(variants)
            for variant in variants:
                left -= 1
                if (variant.form in text if variant.pattern is None
                        else env.limited(variant.pattern.search)(text) is not None):
                    present += 1
                    if present == 2:
                        numbers.append(number)
                        break
                if present + left < 2:
                    break
        return numbers

    def occurrences(self, doc: Document, numbers: Sequence[int],
                    env: Environment) -> dict[int, list[_Occurrence]]:
        """Every occurrence of groups `numbers` at a word start and outside protected spans, in
        text order, per group."""
        found: dict[int, list[_Occurrence]] = {number: [] for number in numbers}
        if self.scan and not self.literal_groups.isdisjoint(numbers):
            for match in self.scan.finditer(doc.text):
                number, index = self.literals[match.group()]
                if number in found and _at_word_start(doc, match.start()):
                    found[number].append(_Occurrence(index, *match.span()))
        for number in numbers:
            for index, variant in enumerate(self.variants[number]):
                if variant.pattern is not None:
                    found[number].extend(_pattern_occurrences(doc, variant.pattern, index, env))
        return {number: sorted((o for o in group if not doc.is_protected(o.start, o.end)),
                               key=lambda o: o.start) for number, group in found.items()}


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    if not options.groups:
        raise ValueError("'groups' must list at least one group of variants")
    groups = _Groups(options.groups)

    def check(doc: Document) -> Iterator[Hit]:
        mixed = groups.mixed(doc, env)
        if not mixed:
            return  # one spelling or none per group: nothing mixed (most texts)
        for number, found in groups.occurrences(doc, mixed, env).items():
            yield from _minority_hits(doc, groups.variants[number], found)

    return check


def _group(variants: Sequence[str | Mapping[str, str]]) -> list[_Variant]:
    if len(variants) < 2:
        raise ValueError(f"a consistency group needs two variants or more, not {list(variants)}")
    return [_variant(variant) for variant in variants]


def _variant(variant: str | Mapping[str, str]) -> _Variant:
    if isinstance(variant, str):
        return _Variant(None, variant)
    unknown = set(variant) - {"pattern", "form"}
    if unknown or not isinstance(variant.get("pattern"), str):
        raise ValueError(f"a variant is text or a mapping with 'pattern' and optional 'form', "
                         f"not {dict(variant)}")
    try:
        compiled = regex.compile(variant["pattern"], regex.VERSION1)
    except regex.error as error:
        raise ValueError(f"invalid regular expression in a variant: {error}") from None
    return _Variant(compiled, variant.get("form"))


def _literal_scan(literals: Mapping[str, object]) -> re.Pattern[str]:
    """Any of the texts, longest first; where a match starts in its word is checked afterwards.

    The standard `re` module finds an alternation of words several times faster than `regex`,
    and faster still when the words are grouped by their first character (`ت(?:رامب|رمب)|…`): it
    then skips every position whose character starts no word. Words with different first
    characters never match at the same position, so the grouping finds what the flat
    alternation would.
    """
    by_first: dict[str, list[str]] = {}
    for text in sorted(literals, key=len, reverse=True):
        by_first.setdefault(text[:1], []).append(re.escape(text[1:]))
    return re.compile("|".join(f"{re.escape(first)}(?:{'|'.join(rests)})"
                               for first, rests in by_first.items()))


def _at_word_start(doc: Document, start: int) -> bool:
    """The match begins its word, or follows only a clitic prefix (`والأفريقية`). The token that
    holds `start` is looked up in the columns (a long text has many occurrences to place)."""
    columns = doc.token_columns
    index = bisect_right(columns.starts, start) - 1
    if index < 0 or columns.ends[index] <= start or columns.kinds[index] != "arabic":
        return False
    return strip_marks(doc.text[columns.starts[index]:start]) in _CLITIC_SET


def _pattern_occurrences(doc: Document, pattern: regex.Pattern[str], index: int,
                         env: Environment) -> Iterator[_Occurrence]:
    group = "core" if "core" in pattern.groupindex else 0
    for match in env.limited(pattern.finditer)(doc.text):
        yield _Occurrence(index, *match.span(group))


def _minority_hits(doc: Document, variants: list[_Variant],
                   found: list[_Occurrence]) -> Iterator[Hit]:
    if len({o.variant for o in found}) < 2:
        return  # one spelling or none: nothing mixed (most groups, in most texts)
    counts = [sum(o.variant == i for o in found) for i in range(len(variants))]
    order = [o.variant for o in found]
    winner = max(range(len(variants)), key=lambda i: (counts[i], -_first_use(order, i)))
    example = next(o for o in found if o.variant == winner)
    majority = _token_text(doc, example)
    form = variants[winner].form
    for occurrence in found:
        if occurrence.variant != winner:
            yield _hit(doc, occurrence, form, majority)


def _first_use(order: list[int], variant: int) -> int:
    return order.index(variant) if variant in order else len(order)


def _enclosing(doc: Document, occurrence: _Occurrence) -> tuple[int, int]:
    """The span of the tokens the differing part lies in (the whole word, or the mark itself)."""
    tokens: list[Token] = doc.tokens_in(occurrence.start, occurrence.end)
    if not tokens:
        return occurrence.start, occurrence.end
    return min(tokens[0].start, occurrence.start), max(tokens[-1].end, occurrence.end)


def _token_text(doc: Document, occurrence: _Occurrence) -> str:
    start, end = _enclosing(doc, occurrence)
    return doc.text[start:end]


def _hit(doc: Document, occurrence: _Occurrence, form: str | None, majority: str) -> Hit:
    start, end = _enclosing(doc, occurrence)
    args = {"match": doc.text[start:end], "majority": majority}
    if form is None:
        return Hit(start, end, (), args)
    text = doc.text
    replacement = text[start:occurrence.start] + form + text[occurrence.end:end]
    return Hit(start, end, (replacement,), args)
