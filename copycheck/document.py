"""Document: the one place that turns input text into lines, paragraphs, sentences and tokens.

Offsets everywhere are code-point offsets into `Document.text` (end exclusive). `source` is the
decoded input as stored; for plain text it is `text` itself, for Markdown or HTML an `OffsetMap`
sends each text offset back to the source so that reports point at the stored characters.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import wraps
from itertools import accumulate, compress, repeat, starmap
from operator import add, itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

import regex

from .arabic import JOINERS, LETTERS, MARKS, STRIPPED_CHARACTERS, TATWEEL, match_keys, strip_marks

_T = TypeVar("_T")


class lazy(Generic[_T]):
    """`functools.cached_property` without the lock Python 3.11 takes on every first access (3.12
    dropped it; a Document is read by one thread): a text's dozen analyses are each computed on
    first use, and the lock cost about 1 µs apiece."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self  # looked up on the class
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class Span(NamedTuple):
    start: int
    end: int


class Token(NamedTuple):
    kind: str  # arabic | latin | number | url | email | hashtag | mention | punct
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TokenColumns:
    """Tokens stored column by column, in text order.

    Making one Python object per token cost more than finding the tokens, and the rules that read
    every token need one or two of these columns; `token(i)` makes a Token when one is wanted.
    """

    kinds: list[str]
    starts: list[int]
    ends: list[int]
    texts: list[str]

    def __len__(self) -> int:
        return len(self.texts)

    def token(self, index: int) -> Token:
        return Token(self.kinds[index], self.starts[index], self.ends[index], self.texts[index])

    def tokens(self, first: int = 0, last: int | None = None) -> list[Token]:
        """Tokens first..last (exclusive) as Token tuples."""
        return list(map(Token, self.kinds[first:last], self.starts[first:last],
                        self.ends[first:last], self.texts[first:last]))

    def match_keys(self) -> list[str]:
        """`match_key` of every Arabic token, the others lower-cased: what comparisons of words
        use."""
        keys = match_keys(self.texts)
        for index in compress(range(len(keys)), map("arabic".__ne__, self.kinds)):
            keys[index] = self.texts[index].lower()
        return keys

    def compress(self, keep: Iterable[bool], kind: str | None = None) -> TokenColumns:
        """The tokens whose flag is true (the flags are read once, by every column); `kind` when
        all of them are known to be of that kind."""
        flags = list(keep)
        starts, ends, texts = (list(compress(column, flags))
                               for column in (self.starts, self.ends, self.texts))
        kinds = [kind] * len(texts) if kind else list(compress(self.kinds, flags))
        return TokenColumns(kinds, starts, ends, texts)


class Location(NamedTuple):
    """A span in the source as stored: what a formatter needs, computed once per finding."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    utf16_start: int
    utf16_end: int


_URL = r"(?:https?://|www\.)[^\s<>\"«»]*[^\s<>\"«».,;:!?،؛؟)\]'»]"
# Tried only where a run of address characters starts: from inside the run the same `@` is reached,
# and trying each position would read a long run (dots, letters) again and again.
_EMAIL = r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
_HASHTAG = r"\#[\p{L}\p{M}\p{Nd}_]+"
_MENTION = r"@[A-Za-z0-9_]+"


def _arabic_word(repeat: str) -> str:
    """Runs of letters and marks, joined by ZWNJ/ZWJ, after any tatweel. `repeat` is `*+` for
    `regex` (no backtracking into a run) or `*` for `re`, which has no possessive quantifier before
    Python 3.11: nothing after a run can fail, so both find the same words. A word after tatweels
    is tried only where the run of tatweels starts: from inside the run it cannot start where it
    did not start from the first one, and trying each position would read a long run of tatweels
    again and again (quadratic time). It is the second alternative, so that the lookbehind is
    tested at tatweels only."""
    run = f"[{LETTERS}][{LETTERS}{MARKS}{TATWEEL}]{repeat}"
    word = f"{run}(?:[{JOINERS}]{run}){repeat}"
    return f"{word}|(?<!{TATWEEL}){TATWEEL}+{word}"


# The specification of tokens: `Document.tokens` is exactly the matches of this pattern, found
# faster by `_tokenize`. Arabic words come first: they are most tokens, and no URL, e-mail, tag or
# number starts with one.
TOKEN_PATTERN = regex.compile(
    f"(?P<arabic>{_arabic_word('*+')})"
    f"|(?P<url>{_URL})"
    f"|(?P<email>{_EMAIL})"
    f"|(?P<hashtag>{_HASHTAG})"
    f"|(?P<mention>{_MENTION})"
    r"|(?P<number>\p{Nd}+(?:[.,٫٬:]\p{Nd}+)*)"
    r"|(?P<latin>\p{Latin}(?:[\p{Latin}\p{Mn}0-9]|['’\-.](?=\p{Latin}))*)"
    r"|(?P<punct>\S)"
)

# The fast path of the tokenizer. No token holds whitespace, so the text can be tokenised chunk by
# chunk between spaces. Most chunks are made only of "plain" characters: Arabic letters, marks and
# punctuation, ASCII digits and punctuation (but `#` and `@`), common quotes and dashes. On those,
# every Unicode property TOKEN_PATTERN tests is known in advance (\p{Nd} is _DIGITS, \s is _SPACES,
# nothing is \p{Latin}, and without a letter, `#` or `@` no URL, e-mail, tag or Latin word can
# start), so TOKEN_PATTERN reduces to _PLAIN_SPLIT's three alternatives (word, number, one
# character). Stdlib `re.split` returns the tokens and the gaps between them as strings, without
# a match object per token, and their lengths give the offsets; a token's first character tells
# its kind. A chunk holding any other character goes to TOKEN_PATTERN itself.
# tests/test_document.py checks these classes against `regex` and both tokenizers against each other.
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_SPACES = " \t\n\r\x0b\x0c\xa0"
_PLAIN = (
    _SPACES + _DIGITS + re.escape("!\"$%&'()*+,-./:;<=>?[\\]^_`{|}~")
    + "\u00ab\u00bb\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u200b-\u200f\u2010-\u2027"
    "\u2030-\u205e\ufb50-\ufdff\ufe70-\ufefe"
)
_PLAIN_SPLIT = re.compile(
    f"({_arabic_word('*')}|[{_DIGITS}]+(?:[.,٫٬:][{_DIGITS}]+)*|[^{_SPACES}])")


def _class_characters(body: str) -> list[str]:
    """The characters of a character-class body made of single characters and `a-z` ranges."""
    characters, index = [], 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            characters += map(chr, range(ord(body[index]), ord(body[index + 2]) + 1))
            index += 3
        else:
            characters.append(body[index])
            index += 1
    return characters


# A letter starts a word, a digit a number, any other character is punctuation on its own, but
# tatweel starts a word when letters follow it (`ـالعربية`) and is punctuation alone.
_TATWEEL_FIRST = "tatweel"
_KIND_OF_FIRST = {**dict.fromkeys(_class_characters(_DIGITS), "number"),
                  **dict.fromkeys(_class_characters(LETTERS), "arabic"),
                  TATWEEL: _TATWEEL_FIRST}
_NOT_PLAIN = re.compile(f"[^{_PLAIN}]+")
_CHUNK_REST = re.compile(f"[^{_SPACES}]*")
_SPACE_CHARACTERS = frozenset(_SPACES)
# An inline suppression written in the text (`… انتهى.  copycheck: ignore[…]`), with the spaces
# and comment marker before it: the editor's note to copycheck is no prose to judge.
_DIRECTIVE = (r"[ \t]*(?:(?:#|//|<!--)[ \t]*)?copycheck:[ \t]*"
              r"(?:ignore(?:-next-line)?\[[^\]\n]*\]|o(?:ff|n)(?![\w-]))")
_PROTECTED = ((_DIRECTIVE, ("copycheck:",)), (_URL, ("://", "www.")), (_EMAIL, ("@",)),
              (_HASHTAG, ("#",)), (_MENTION, ("@",)))
PROTECTED_PATTERN = regex.compile("|".join(part for part, _marks in _PROTECTED))


@functools.cache
def _protected_pattern(present: tuple[bool, ...]) -> regex.Pattern[str] | None:
    """PROTECTED_PATTERN without the alternatives a text cannot match: each needs one of its marks
    (`#` for a hashtag), and `in` tells fast whether a text holds one. Most texts hold none; many
    hold only `#`, which the pattern of hashtags alone finds several times faster."""
    parts = [part for (part, _marks), kept in zip(_PROTECTED, present, strict=True) if kept]
    return regex.compile("|".join(parts)) if parts else None


# Fixed sets of characters are scanned with stdlib `re`, several times faster than `regex` at
# classes; `regex` stays where a pattern needs its Unicode properties.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Atomic groups: a CRLF is one line break, never a lone CR followed by a blank LF line.
_BLANK_LINE = regex.compile(r"(?>\r\n|\r|\n)[ \t]*(?>\r\n|\r|\n)")
_BLANK_LINE_LF = re.compile(r"\n[ \t]*\n")  # the same in a text without CR, found faster
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# A sentence ends at a run of terminal marks followed by closing quotes/brackets and a space. The
# lookbehind after the first mark lets a run be tried from its start only, and the possessive
# quantifiers never give back: a long run of dots is read once, not once from each dot.
_SENTENCE_END = regex.compile(r"[.!?؟…](?<![.!?؟…].)[.!?؟…]*+[»”\"')\]]*+(?=\s|$)")
_ELLIPSIS = regex.compile(r"(?:\.{3,}|…)[»”\"')\]]*")
_QUOTE_MARK = re.compile("[«»“”]")
_NON_SPACE = regex.compile(r"\S+")


class Segment(NamedTuple):
    """A piece of the extracted text and the source characters it stands for.

    `copied` segments hold the source characters unchanged, so both sides advance together; the
    others stand for their whole source span at once (a decoded entity `&amp;`, whitespace collapsed
    to one space, a paragraph break inserted between two blocks).
    """

    text_start: int
    text_end: int
    source_start: int
    source_end: int
    copied: bool


@dataclass(frozen=True)
class OffsetMap:
    """Sends offsets in the extracted text back to the source.

    `segments` cover the text contiguously, in order, each text offset in exactly one of them.
    """

    segments: tuple[Segment, ...]

    def _segment(self, offset: int) -> Segment:
        index = bisect_right(self._starts, offset) - 1
        return self.segments[min(max(index, 0), len(self.segments) - 1)]

    @lazy
    def _starts(self) -> list[int]:
        return [segment.text_start for segment in self.segments]

    def to_source(self, offset: int) -> int:
        """Where the character at `offset` starts in the source (the text's end maps to the end)."""
        segment = self._segment(offset)
        if offset >= segment.text_end:
            return segment.source_end
        return segment.source_start + (offset - segment.text_start if segment.copied else 0)

    def _source_end(self, offset: int) -> int:
        """Where the character at `offset` ends in the source."""
        segment = self._segment(offset)
        if segment.copied and offset < segment.text_end:
            return segment.source_start + offset - segment.text_start + 1
        return segment.source_end

    def span(self, start: int, end: int) -> Span:
        """The source span of text[start:end]; whole entities and markup gaps are included."""
        if not self.segments:
            return Span(0, 0)
        source_start = self.to_source(start)
        return Span(source_start, source_start if end <= start else self._source_end(end - 1))

    def copied_span(self, start: int, end: int) -> Span | None:
        """The source span of text[start:end] when the source holds exactly those characters in one
        run (what a fix may rewrite); None when the span crosses markup, an entity or a break."""
        if not self.segments:
            return None
        segment = self._segment(start)
        if not segment.copied and end == start and start > 0:
            segment = self._segment(start - 1)  # an insertion right after copied text
        if not (segment.copied and segment.text_start <= start and end <= segment.text_end):
            return None
        shift = segment.source_start - segment.text_start
        return Span(start + shift, end + shift)


@dataclass(frozen=True)
class _Punctuation:
    """The sentence-ending marks and quotation marks of a text, found in one scan each (a scan
    per line cost more than the splitting)."""

    marks: list[regex.Match[str]]
    mark_starts: list[int]
    quote_starts: list[int]
    depths: list[int]  # depths[i]: quotations opened minus closed by the first i quotation marks

    @classmethod
    def scan(cls, text: str) -> _Punctuation:
        marks = list(_SENTENCE_END.finditer(text))
        quotes = list(_QUOTE_MARK.finditer(text))
        steps = [1 if quote.group() in "«“" else -1 for quote in quotes]
        return cls(marks, [mark.start() for mark in marks], [quote.start() for quote in quotes],
                   list(accumulate(steps, initial=0)))

    def marks_in(self, start: int, end: int) -> list[regex.Match[str]]:
        return self.marks[bisect_left(self.mark_starts, start):bisect_left(self.mark_starts, end)]

    def opened(self, start: int, offset: int) -> int:
        """Quotations opened minus closed in text[start:offset]."""
        return (self.depths[bisect_left(self.quote_starts, offset)]
                - self.depths[bisect_left(self.quote_starts, start)])


CONTEXT_REACH = 200  # characters read either side of a span for its context (about 30 words)


class Document:
    def __init__(self, text: str, path: str = "-", source: str | None = None,
                 offset_map: OffsetMap | None = None, *, code_spans: Sequence[Span] = (),
                 comments: Sequence[Span] = ()) -> None:
        self.text = text
        self.path = path
        self.source = text if source is None else source
        self.offset_map = offset_map
        # Inline code kept in `text` so the sentence around it reads right, but never judged.
        self.code_spans = tuple(code_spans)
        # Comments in the source (HTML, Markdown): source coordinates, where suppressions live.
        self.comments = tuple(comments)
        # Analyses that several rules share, by the function that computes them (per_document).
        self.analyses: dict[Callable[[Document], object], object] = {}

    def window(self, start: int, end: int) -> Document:
        """text[start:end] as a Document of its own (offsets from `start`), with the inline code
        inside it: what the rules read of a text too long to analyse at once."""
        code = [Span(max(span.start, start) - start, min(span.end, end) - start)
                for span in self.code_spans if span.start < end and start < span.end]
        return Document(self.text[start:end], self.path, code_spans=code)

    # -- positions --------------------------------------------------------------------------
    @lazy
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _LINE_BREAK.finditer(self.source)]

    @lazy
    def _astral_offsets(self) -> list[int]:
        return [m.start() for m in _ASTRAL.finditer(self.source)]

    def to_source(self, offset: int) -> int:
        return offset if self.offset_map is None else self.offset_map.to_source(offset)

    def source_span(self, start: int, end: int) -> Span:
        return Span(start, end) if self.offset_map is None else self.offset_map.span(start, end)

    def copied_source_span(self, start: int, end: int) -> Span | None:
        """The source span a fix may rewrite: None unless the source holds text[start:end] as is."""
        if self.offset_map is None:
            return Span(start, end)
        return self.offset_map.copied_span(start, end)

    def line_column(self, source_offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a source offset."""
        line = bisect_right(self._line_starts, source_offset)
        return line, source_offset - self._line_starts[line - 1] + 1

    def utf16_offset(self, source_offset: int) -> int:
        return source_offset + bisect_left(self._astral_offsets, source_offset)

    def locate(self, start: int, end: int) -> Location:
        source_start, source_end = self.source_span(start, end)
        line, column = self.line_column(source_start)
        end_line, end_column = self.line_column(source_end)
        return Location(source_start, source_end, line, column, end_line, end_column,
                        self.utf16_offset(source_start), self.utf16_offset(source_end))

    # -- structure --------------------------------------------------------------------------
    @lazy
    def lines(self) -> list[Span]:
        """Lines of `text` without their line breaks."""
        if "\r" not in self.text:  # the common case, counted in C: every break is one "\n"
            lengths = list(map(len, self.text.split("\n")))
            starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
            return list(map(Span, starts, map(add, starts, lengths)))
        breaks = [m.span() for m in _LINE_BREAK.finditer(self.text)]
        starts = [0] + [end for _start, end in breaks]
        ends = [start for start, _end in breaks] + [len(self.text)]
        return [Span(s, e) for s, e in zip(starts, ends, strict=True)]

    @lazy
    def paragraphs(self) -> list[Span]:
        """Blank lines separate paragraphs when the text has any; otherwise every line is one."""
        blank_line = _BLANK_LINE if "\r" in self.text else _BLANK_LINE_LF
        blocks = (self._blocks_between_blank_lines(blank_line) if blank_line.search(self.text)
                  else self.lines)
        return [span for span in starmap(self._trim, blocks) if span.end > span.start]

    def _blocks_between_blank_lines(self, blank_line: re.Pattern[str] | regex.Pattern[str]
                                    ) -> list[Span]:
        spans, start = [], 0
        for gap in blank_line.finditer(self.text):
            spans.append(Span(start, gap.start()))
            start = gap.end()
        spans.append(Span(start, len(self.text)))
        return spans

    def _trim(self, start: int, end: int) -> Span:
        """text[start:end] without the white space at either end."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Span(start, end)

    @lazy
    def sentences(self) -> list[Span]:
        """Each paragraph cut at its line breaks, then at terminal punctuation."""
        punctuation = _Punctuation.scan(self.text)
        sentences: list[Span] = []
        for start, end in self._segments():
            cuts = [mark.end() for mark in punctuation.marks_in(start, end)
                    if self._ends_sentence(mark, punctuation.opened(start, mark.start()))]
            bounds = [start, *cuts, end]
            sentences += [span for span in map(self._trim, bounds, bounds[1:]) if span.end > span.start]
        return sentences

    def _segments(self) -> list[Span]:
        """Each paragraph's part of each line it spans."""
        text, segments = self.text, []
        line_ends: list[int] = []  # made for the first paragraph of several lines
        for paragraph in self.paragraphs:
            if text.find("\n", *paragraph) < 0 and text.find("\r", *paragraph) < 0:
                segments.append(paragraph)  # most paragraphs: one line
                continue
            # Only the lines that overlap the paragraph: a scan of all lines per paragraph was
            # quadratic in long texts.
            line_ends = line_ends or [line.end for line in self.lines]
            first = bisect_right(line_ends, paragraph.start)
            last = bisect_left(line_ends, paragraph.end)
            segments += [Span(max(line.start, paragraph.start), min(line.end, paragraph.end))
                         for line in self.lines[first:last + 1]]
        return segments

    def _ends_sentence(self, mark: regex.Match[str], quotations_open: int) -> bool:
        if self._is_omission(mark):
            return False  # a free-standing ellipsis («إن ... الأمر», «[...]») marks an omission
        if self._after_initial(mark.start()):
            return False  # «د. محمد»: an abbreviated title
        return quotations_open <= 0

    def _is_omission(self, mark: regex.Match[str]) -> bool:
        """A free-standing ellipsis (not attached to the word before it)."""
        text = mark.group()
        return (("…" in text or "..." in text) and _ELLIPSIS.fullmatch(text) is not None
                and not self._after_word(mark.start()))

    def _after_word(self, offset: int) -> bool:
        """The mark at `offset` is attached to what precedes it (not after a space or an opener)."""
        return offset > 0 and not self.text[offset - 1].isspace() and self.text[offset - 1] not in "([«“"

    def _after_initial(self, offset: int) -> bool:
        """A full stop right after a one-letter word."""
        letter_start = offset - 1
        return (self.text[offset] == "." and letter_start >= 0 and self.text[letter_start].isalpha()
                and (letter_start == 0 or not self.text[letter_start - 1].isalnum()))

    @lazy
    def token_columns(self) -> TokenColumns:
        return _tokenize(self.text)

    @lazy
    def word_columns(self) -> TokenColumns:
        """Arabic words only: the tokens that Arabic rules judge."""
        return self.token_columns.compress(map("arabic".__eq__, self.token_columns.kinds), "arabic")

    @property
    def tokens(self) -> list[Token]:
        """Every token as a Token tuple (made on each call: hot paths read `token_columns`)."""
        return self.token_columns.tokens()

    @property
    def words(self) -> list[Token]:
        """Every Arabic word as a Token tuple (made on each call: hot paths read `word_columns`)."""
        return self.word_columns.tokens()

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens that overlap [start, end) (an empty span counts as one character)."""
        columns = self.token_columns
        first = max(bisect_right(columns.starts, start) - 1, 0)
        last = bisect_left(columns.starts, max(end, start + 1))
        return [token for token in columns.tokens(first, last) if token.end > start]

    def word_range(self, start: int, end: int) -> range:
        """Indices in `word_columns` of the Arabic words that start inside [start, end)."""
        starts = self.word_columns.starts
        return range(bisect_left(starts, start), bisect_left(starts, end))

    def words_in(self, start: int, end: int) -> list[Token]:
        """The Arabic words that start inside [start, end)."""
        indices = self.word_range(start, end)
        return self.word_columns.tokens(indices.start, indices.stop)

    def sentences_in(self, start: int, end: int) -> list[Span]:
        """The sentences that start inside [start, end), e.g. those of one paragraph."""
        starts = self._sentence_starts
        return self.sentences[bisect_left(starts, start):bisect_left(starts, end)]

    @lazy
    def _sentence_starts(self) -> list[int]:
        return [span.start for span in self.sentences]

    @lazy
    def bare_words(self) -> list[str]:
        """Each of `words` without tashkeel, tatweel and joiners: what word lists match against.

        One scan of the text finds the few characters to strip, so the many words without any
        are taken as they are instead of each going through `translate`.
        """
        words = self.word_columns
        bare = list(words.texts)
        stripped = -1  # the last word stripped: a word full of marks is stripped once
        for mark in STRIPPED_CHARACTERS.finditer(self.text):
            index = bisect_right(words.starts, mark.start()) - 1
            if index > stripped and mark.start() < words.ends[index]:
                bare[index], stripped = strip_marks(words.texts[index]), index
        return bare

    @lazy
    def protected_spans(self) -> list[Span]:
        """URLs, e-mail addresses, hashtags, mentions, inline suppressions and inline code: never
        judged as prose."""
        text = self.text
        pattern = _protected_pattern(tuple(any(mark in text for mark in marks)
                                           for _part, marks in _PROTECTED))
        found = [] if pattern is None else [Span(*m.span()) for m in pattern.finditer(text)]
        return _merged([*found, *self.code_spans])

    def is_protected(self, start: int, end: int) -> bool:
        spans = self.protected_spans
        index = bisect_right(spans, (start, float("inf"))) - 1
        nearby = spans[max(index, 0):max(index, 0) + 2]
        return any(span.start < max(end, start + 1) and start < span.end for span in nearby)

    @lazy
    def _line_span_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def context(self, start: int, end: int, words: int = 4) -> str:
        """The span with a few words around it, on one line, sliced from the text as it is (a span
        inside a word, or of spaces, must not be re-joined with spaces around it).

        Only CONTEXT_REACH characters either side are read, so the cost of a finding does not
        grow with the length of its line; a word cut by that edge is left out."""
        text = self.text
        line = self.lines[bisect_right(self._line_span_starts, start) - 1]
        low = max(line.start, start - CONTEXT_REACH)
        before = list(_NON_SPACE.finditer(text, low, start))
        if before and low > line.start and before[0].start() == low and not text[low - 1].isspace():
            before = before[1:]  # the tail of a word that begins before the reach
        before = before[-words:]
        high = max(end, min(line.end, end + CONTEXT_REACH))
        after = list(_NON_SPACE.finditer(text, end, high))[:words]
        if after and high < line.end and after[-1].end() == high and not text[high].isspace():
            after = after[:-1]  # the head of a word that ends after the reach
        return text[before[0].start() if before else start:after[-1].end() if after else end]


# Texts longer than this are checked a window at a time (engine.Linter.check): the analyses of a
# text hold about a hundred bytes per character, so memory stays bounded on a file of any size.
# Far longer than any article (a long news piece is some tens of thousands of characters).
WINDOW = 500_000
# Where a window may end, best first, searched backwards from its limit over its last half: a
# blank line, a line break, a sentence's final mark, any space (else the limit itself).
_WINDOW_CUTS = (regex.compile(r"(?r)\n[ \t]*\n"), regex.compile(r"(?r)\n"),
                regex.compile(r"(?r)[.!?؟…]\s"), regex.compile(r"(?r)\s"))


def windows(text: str, size: int = WINDOW) -> list[Span]:
    """Consecutive spans covering `text`, each at most `size` characters, cut at the best break
    in the last half of each window."""
    spans, start = [], 0
    while len(text) - start > size:
        end = _window_end(text, start, start + size)
        spans.append(Span(start, end))
        start = end
    spans.append(Span(start, len(text)))
    return spans


def _window_end(text: str, start: int, limit: int) -> int:
    for cut in _WINDOW_CUTS:
        found = cut.search(text, start + (limit - start) // 2, limit)
        if found:
            return found.end()
    return limit


def _tokenize(text: str) -> TokenColumns:
    """The matches of TOKEN_PATTERN: the plain stretches of the text split by _PLAIN_SPLIT, each
    chunk (between two spaces) that holds another character matched by TOKEN_PATTERN."""
    columns = TokenColumns([], [], [], [])
    done = 0  # text[:done] is tokenised; done is 0, the end of the text or where a space is
    for rare in _NOT_PLAIN.finditer(text):
        if rare.start() < done:
            continue  # in the chunk just tokenised
        start = rare.start()
        while start > done and text[start - 1] not in _SPACE_CHARACTERS:
            start -= 1
        end = _CHUNK_REST.match(text, rare.end()).end()  # type: ignore[union-attr]  # `*` matches
        _split_plain(columns, text, done, start)
        _match_tokens(columns, text, start, end)
        done = end
    _split_plain(columns, text, done, len(text))
    return columns


def _split_plain(columns: TokenColumns, text: str, start: int, end: int) -> None:
    """Append the tokens of text[start:end], which holds only plain characters."""
    parts = _PLAIN_SPLIT.split(text if (start, end) == (0, len(text)) else text[start:end])
    offsets = list(accumulate(map(len, parts), initial=start))  # parts: gap, token, gap, …, gap
    texts = parts[1::2]
    kinds = list(map(_KIND_OF_FIRST.get, map(itemgetter(0), texts), repeat("punct")))
    if _TATWEEL_FIRST in kinds:
        kinds = [_tatweel_kind(token) if kind == _TATWEEL_FIRST else kind
                 for kind, token in zip(kinds, texts, strict=True)]
    columns.kinds.extend(kinds)
    columns.starts.extend(offsets[1:-1:2])
    columns.ends.extend(offsets[2::2])
    columns.texts.extend(texts)


def _tatweel_kind(token: str) -> str:
    return "arabic" if len(token) > 1 else "punct"


def _match_tokens(columns: TokenColumns, text: str, start: int, end: int) -> None:
    """Append the matches of TOKEN_PATTERN in text[start:end]."""
    for match in TOKEN_PATTERN.finditer(text, start, end):
        columns.kinds.append(match.lastgroup or "punct")
        columns.starts.append(match.start())
        columns.ends.append(match.end())
        columns.texts.append(match.group())



def per_document(compute: Callable[[Document], _T]) -> Callable[[Document], _T]:
    """Memoise an analysis of a Document that several rules share (the words a kind compares,
    where the quotations are): computed on first use, kept in the Document and gone with it."""

    @wraps(compute)
    def cached(doc: Document) -> _T:
        if compute not in doc.analyses:
            doc.analyses[compute] = compute(doc)
        return doc.analyses[compute]  # type: ignore[return-value]  # stored by this function

    return cached


def _merged(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlaps joined, so that a lookup only needs the neighbours."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start < merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged
