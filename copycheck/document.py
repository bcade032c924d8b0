"""Document: the one place that turns input text into lines, paragraphs, sentences and tokens.

Offsets everywhere are code-point offsets into `Document.text` (end exclusive). `source` is the
decoded input as stored; for plain text it is `text` itself, for Markdown or HTML an `OffsetMap`
sends each text offset back to the source so that reports point at the stored characters.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import regex

from .arabic import JOINERS, LETTERS, MARKS, STRIPPED_CHARACTERS, TATWEEL, strip_marks


class Span(NamedTuple):
    start: int
    end: int


class Token(NamedTuple):
    kind: str  # arabic | latin | number | url | email | hashtag | mention | punct
    start: int
    end: int
    text: str


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
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
_HASHTAG = r"\#[\p{L}\p{M}\p{Nd}_]+"
_MENTION = r"@[A-Za-z0-9_]+"
TOKEN_PATTERN = regex.compile(
    f"(?P<url>{_URL})"
    f"|(?P<email>{_EMAIL})"
    f"|(?P<hashtag>{_HASHTAG})"
    f"|(?P<mention>{_MENTION})"
    r"|(?P<number>\p{Nd}+(?:[.,٫٬:]\p{Nd}+)*)"
    f"|(?P<arabic>{TATWEEL}*[{LETTERS}](?:[{LETTERS}{MARKS}{TATWEEL}]|[{JOINERS}](?=[{LETTERS}]))*)"
    r"|(?P<latin>\p{Latin}(?:[\p{Latin}\p{Mn}0-9]|['’\-.](?=\p{Latin}))*)"
    r"|(?P<punct>\S)"
)
PROTECTED_PATTERN = regex.compile(f"{_URL}|{_EMAIL}|{_HASHTAG}|{_MENTION}")
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_BLANK_LINE = regex.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_ASTRAL = regex.compile("[\U00010000-\U0010ffff]")
# A sentence ends at a run of terminal marks followed by closing quotes/brackets and a space.
_SENTENCE_END = regex.compile(r"[.!?؟…]+[»”\"')\]]*(?=\s|$)")
_ELLIPSIS = regex.compile(r"(?:\.{3,}|…)[»”\"')\]]*")
_QUOTE_MARK = regex.compile("[«»“”]")


@dataclass(frozen=True)
class OffsetMap:
    """Sends an offset in the extracted text back to the source.

    `segments` are (text_start, source_start) pairs, sorted; inside a segment both advance together.
    """

    segments: tuple[tuple[int, int], ...]

    def to_source(self, offset: int) -> int:
        index = bisect_right(self.segments, (offset, float("inf"))) - 1
        text_start, source_start = self.segments[max(index, 0)]
        return source_start + offset - text_start


class Document:
    def __init__(self, text: str, path: str = "-", source: str | None = None,
                 offset_map: OffsetMap | None = None) -> None:
        self.text = text
        self.path = path
        self.source = text if source is None else source
        self.offset_map = offset_map

    # -- positions --------------------------------------------------------------------------
    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _LINE_BREAK.finditer(self.source)]

    @cached_property
    def _astral_offsets(self) -> list[int]:
        return [m.start() for m in _ASTRAL.finditer(self.source)]

    def to_source(self, offset: int) -> int:
        return offset if self.offset_map is None else self.offset_map.to_source(offset)

    def source_span(self, start: int, end: int) -> Span:
        if self.offset_map is None:
            return Span(start, end)
        source_start = self.to_source(start)
        source_end = source_start if end == start else self.to_source(end - 1) + 1
        return Span(source_start, source_end)

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
    @cached_property
    def lines(self) -> list[Span]:
        """Lines of `text` without their line breaks."""
        starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        ends = [m.start() for m in _LINE_BREAK.finditer(self.text)] + [len(self.text)]
        return [Span(s, e) for s, e in zip(starts, ends, strict=True)]

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Blank lines separate paragraphs when the text has any; otherwise every line is one."""
        blocks = self._blocks_between_blank_lines() if _BLANK_LINE.search(self.text) else self.lines
        return [span for span in map(self._trim, blocks) if span.end > span.start]

    def _blocks_between_blank_lines(self) -> list[Span]:
        spans, start = [], 0
        for gap in _BLANK_LINE.finditer(self.text):
            spans.append(Span(start, gap.start()))
            start = gap.end()
        spans.append(Span(start, len(self.text)))
        return spans

    def _trim(self, span: Span) -> Span:
        start, end = span
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Span(start, end)

    @cached_property
    def sentences(self) -> list[Span]:
        sentences: list[Span] = []
        for paragraph in self.paragraphs:
            sentences.extend(self._split_sentences(paragraph))
        return sentences

    def _split_sentences(self, paragraph: Span) -> list[Span]:
        """Split a paragraph (lines inside it also end sentences) at terminal punctuation."""
        spans: list[Span] = []
        for line in self.lines:
            if line.end <= paragraph.start or line.start >= paragraph.end:
                continue
            spans.extend(self._split_line(max(line.start, paragraph.start),
                                          min(line.end, paragraph.end)))
        return spans

    def _split_line(self, start: int, end: int) -> list[Span]:
        text = self.text
        quotes = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(text, start, end)]
        spans, sentence_start = [], start
        for mark in _SENTENCE_END.finditer(text, start, end):
            if not self._ends_sentence(mark, quotes):
                continue
            spans.append(self._trim(Span(sentence_start, mark.end())))
            sentence_start = mark.end()
        spans.append(self._trim(Span(sentence_start, end)))
        return [span for span in spans if span.end > span.start]

    def _ends_sentence(self, mark: regex.Match[str], quotes: list[tuple[int, str]]) -> bool:
        if _ELLIPSIS.fullmatch(mark.group()):
            return False  # an ellipsis inside a paragraph marks an omission, not an end
        if self._after_initial(mark.start()):
            return False  # «د. محمد»: an abbreviated title
        opened = sum(1 if q in "«“" else -1 for pos, q in quotes if pos < mark.start())
        return opened <= 0

    def _after_initial(self, offset: int) -> bool:
        """A full stop right after a one-letter word."""
        letter_start = offset - 1
        return (self.text[offset] == "." and letter_start >= 0 and self.text[letter_start].isalpha()
                and (letter_start == 0 or not self.text[letter_start - 1].isalnum()))

    @cached_property
    def tokens(self) -> list[Token]:
        return [Token(m.lastgroup or "punct", m.start(), m.end(), m.group())
                for m in TOKEN_PATTERN.finditer(self.text)]

    @cached_property
    def words(self) -> list[Token]:
        """Arabic words only: the tokens that Arabic rules judge."""
        return [token for token in self.tokens if token.kind == "arabic"]

    @cached_property
    def bare_words(self) -> list[str]:
        """Each of `words` without tashkeel, tatweel and joiners: what word lists match against.

        One scan of the text finds the few characters to strip, so the many words without any
        are taken as they are instead of each going through a regex.
        """
        strip_at = [m.start() for m in STRIPPED_CHARACTERS.finditer(self.text)]
        bare, next_mark = [], 0
        for word in self.words:
            while next_mark < len(strip_at) and strip_at[next_mark] < word.start:
                next_mark += 1
            inside = next_mark < len(strip_at) and strip_at[next_mark] < word.end
            bare.append(strip_marks(word.text) if inside else word.text)
        return bare

    @cached_property
    def protected_spans(self) -> list[Span]:
        """URLs, e-mail addresses, hashtags and mentions: never judged as Arabic prose."""
        return [Span(m.start(), m.end()) for m in PROTECTED_PATTERN.finditer(self.text)]

    def is_protected(self, start: int, end: int) -> bool:
        spans = self.protected_spans
        index = bisect_right(spans, (start, float("inf"))) - 1
        nearby = spans[max(index, 0):max(index, 0) + 2]
        return any(span.start < max(end, start + 1) and start < span.end for span in nearby)

    def context(self, start: int, end: int, words: int = 4) -> str:
        """The span with a few words around it, on one line."""
        line = self.lines[bisect_right([s.start for s in self.lines], start) - 1]
        before = self.text[line.start:start].split()[-words:]
        after = self.text[end:line.end].split()[:words]
        return " ".join([*before, self.text[start:end], *after]).strip()
