"""`kind: repetition`: the same words written twice, as a stutter, a pasted phrase or a passage.

Words are compared by `match_key` (marks, hamza seats, ى/ي, ة/ه folded); numbers and Latin words
take part as written, punctuation is skipped. One pass over the text keeps, for every run of
`min_words` keys, where it was last (or first) seen; a hit is extended word by word to the whole
repeated run, and the scan resumes after it. Every word is looked up once and compared at most
once per extension step, so the work grows linearly with the text, never with pairs of positions.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING

import regex

from ..arabic import match_key
from ..document import Document, Span, TokenColumns, per_document
from ..findings import Hit
from .sentence import is_heading, quotation_test

if TYPE_CHECKING:
    from . import Environment

KIND = "repetition"
REACHES = ("adjacent", "near", "far")
_SNIPPET_WORDS = 6
_FILTER_WORDS = 3  # grams this long or longer are looked for only where their start repeats
_SENTENCE_BREAK = regex.compile(r"\n|[.!?؟](?!\.)")


@dataclass(frozen=True)
class Options:
    # Shortest run that counts as a repetition.
    min_words: int = 3
    # adjacent: the copy follows at once (`في في`); near: at most `window` words after the first
    # copy, in the same sentence; far: anywhere else in the text (what `near` would not catch).
    reach: str = "near"
    window: int = 6
    # Runs that are correct when repeated, written once (`خطوة` allows `خطوة خطوة`), compared
    # after normalisation.
    exceptions: Sequence[str] = ()
    # Or a regex that the normalised run matches in full (the doubled nisba `الفلسطينية الفلسطينية`
    # of talks between two sides of one nation).
    exception_pattern: str | None = None


@dataclass(frozen=True)
class _Terms:
    """The words of a text as the scan sees them: keys to compare, tokens to report."""

    tokens: TokenColumns
    keys: Sequence[str]


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    if options.reach not in REACHES:
        raise ValueError(f"reach must be one of {', '.join(REACHES)}, not {options.reach!r}")
    if options.min_words < 1 or options.window < 0:
        raise ValueError("min_words must be at least 1 and window at least 0")
    exceptions = {" ".join(match_key(w) for w in text.split()) for text in options.exceptions}
    try:
        allowed = regex.compile(options.exception_pattern or r"(?!)", regex.VERSION1)
    except regex.error as error:
        raise ValueError(f"invalid exception_pattern: {error}") from None

    def check(doc: Document) -> Iterator[Hit]:
        terms = terms_of(doc)
        for second, first, length in _repeats(doc, terms, options, _accepts(doc, terms, options)):
            run = " ".join(terms.keys[second:second + length])
            if run not in exceptions and not allowed.fullmatch(run):
                yield _hit(doc, terms, options, second, first, length)

    return check


@per_document  # the three repetition rules read the same terms
def terms_of(doc: Document) -> _Terms:
    terms = doc.token_columns.compress(map("punct".__ne__, doc.token_columns.kinds))
    return _Terms(terms, terms.match_keys())


@per_document
def _headings(doc: Document) -> list[Span]:
    return [p for p in doc.paragraphs if is_heading(doc, p)]


def _accepts(doc: Document, terms: _Terms, options: Options) -> Callable[[int, int, int], bool]:
    """Whether a copy of `length` words at `second` counts as repeating the one at `first`.

    What it reads of the Document (quotations, headings) is looked up only when a candidate
    gets that far: most texts have none, and the three rules share it when they do."""

    def near(first: int, second: int, length: int) -> bool:
        if second - first - length > options.window:  # first, so that the slice below stays short
            return False
        # A paragraph break between the copies (a headline and its lead) is deliberate, and a
        # sentence may well start with the words the previous one ended with.
        starts = terms.tokens.starts
        between = doc.text[starts[first]:starts[second]]
        return (not _SENTENCE_BREAK.search(between)
                and not _parallel_figures(terms, first, second, length)
                and not quotation_test(doc)(starts[second]))

    def adjacent(first: int, second: int, length: int) -> bool:
        # Only spaces between the copies: «نعم، نعم» and a line break are deliberate.
        if second != first + length:
            return False  # most candidates: the same word again further on
        between = doc.text[terms.tokens.ends[second - 1]:terms.tokens.starts[second]]
        return (between.strip(" \t\u00a0") == ""
                # «1 1» is a score, «و117 و117» two places tied in a ranking
                and all(kind == "arabic" for kind in terms.tokens.kinds[second:second + length]))

    def far(first: int, second: int, length: int) -> bool:
        # A lead that repeats its headline, or a body that repeats the summary paragraph at its
        # top, is how articles are written, not a pasting slip.
        if near(first, second, length):
            return False
        start, lead = terms.tokens.starts[first], _standfirst(doc)
        summarised = lead is not None and _in_span([lead], start) and not _in_span(
            [lead], terms.tokens.starts[second])
        return not _in_span(_headings(doc), start) and not summarised

    return {"adjacent": adjacent, "near": near, "far": far}[options.reach]


@per_document
def _standfirst(doc: Document) -> Span | None:
    """The first paragraph of prose, when more paragraphs follow: a summary of the article."""
    headings = _headings(doc)
    prose = [p for p in doc.paragraphs if p not in headings]
    return prose[0] if len(prose) > 1 else None


def _parallel_figures(terms: _Terms, first: int, second: int, length: int) -> bool:
    """Figures repeat in parallel lists («22 في المئة من الفتيات و9 في المئة من الفتيان»,
    «خالد، البالغ من العمر 49 عاما، ومحمود، البالغ من العمر 32 عاما»)."""
    kinds = terms.tokens.kinds
    around = [kinds[i] for i in (first - 1, second - 1, first + length, second + length)
              if 0 <= i < len(kinds)]
    return "number" in around or "number" in kinds[second:second + length]


def _in_span(spans: list[Span], offset: int) -> bool:
    index = bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and offset < spans[index].end


def _repeats(doc: Document, terms: _Terms, options: Options,
             accepts: Callable[[int, int, int], bool]) -> Iterator[tuple[int, int, int]]:
    """(second, first, length) for each repeated run, longest first match, never overlapping."""
    keys, size = terms.keys, options.min_words
    seen: dict[Hashable, int] = {}
    resume = 0  # positions before this belong to a run already reported
    keep_earliest = options.reach == "far"  # the others keep the latest copy that does not overlap
    for second, gram in _grams(doc, terms, size):
        first = seen.setdefault(gram, second)
        if first == second:
            continue  # the first copy
        overlapping = first + size > second
        if not (keep_earliest or overlapping):
            seen[gram] = second
        if second < resume or overlapping:
            continue
        length = _extend(keys, first, second, size) if (
            # most candidates end here, without the call
            second + size < len(keys) and keys[first + size] == keys[second + size]) else size
        resume = second + length  # judged as a whole: its tail is not looked at again
        if accepts(first, second, length):
            yield second, first, length


def _grams(doc: Document, terms: _Terms, size: int) -> Iterable[tuple[int, Hashable]]:
    """(position, gram) for every position whose gram of `size` words may occur twice.

    A gram that occurs once is only ever a first copy, so only positions whose first
    _FILTER_WORDS words occur again elsewhere are read (a few per cent of a text); the positions
    are found by counting in C, and shared by every rule with grams that long.
    """
    keys = terms.keys
    if size == 1:  # a gram of one word is the word itself: no tuple to build and hash
        return enumerate(keys)
    if size < _FILTER_WORDS:
        # All grams at once (zip runs in C); shorter tails end it.
        return enumerate(zip(*(keys[offset:] for offset in range(size)), strict=False))
    last = len(keys) - size  # the last position where a whole gram starts
    return ((position, tuple(keys[position:position + size]))
            for position in _repeated_prefixes(doc) if position <= last)


@per_document
def _repeated_prefixes(doc: Document) -> list[int]:
    """Positions whose first _FILTER_WORDS words occur at another position too."""
    keys = terms_of(doc).keys
    prefixes = list(zip(*(keys[offset:] for offset in range(_FILTER_WORDS)), strict=False))
    counts = Counter(prefixes)
    return list(compress(range(len(prefixes)), map((1).__lt__, map(counts.__getitem__, prefixes))))


def _extend(keys: Sequence[str], first: int, second: int, length: int) -> int:
    """Grow a matched run while the words still agree and the copies do not overlap."""
    while (second + length < len(keys) and first + length < second
           and keys[first + length] == keys[second + length]):
        length += 1
    return length


def _hit(doc: Document, terms: _Terms, options: Options, second: int, first: int,
         length: int) -> Hit:
    starts, ends = terms.tokens.starts, terms.tokens.ends
    start, end = starts[second], ends[second + length - 1]
    first_start, first_end = starts[first], ends[first + length - 1]
    location = doc.locate(first_start, first_end)
    args = {"first": _snippet(doc, terms.tokens, first, length), "words": str(length),
            "first_line": str(location.line), "first_column": str(location.column)}
    if options.reach == "adjacent":
        # Report both copies and keep the first: deleting the repeat is the whole fix.
        return Hit(first_start, end, (doc.text[first_start:first_end],), args)
    return Hit(start, end, (), args)


def _snippet(doc: Document, tokens: TokenColumns, first: int, length: int) -> str:
    """The run of `length` tokens from `first`, its middle elided when it is long."""
    last = first + length - 1
    if length <= _SNIPPET_WORDS:
        return doc.text[tokens.starts[first]:tokens.ends[last]]
    half = _SNIPPET_WORDS // 2
    head = doc.text[tokens.starts[first]:tokens.ends[first + half - 1]]
    tail = doc.text[tokens.starts[last - half + 1]:tokens.ends[last]]
    return f"{head} … {tail}"
