"""Input formats: each turns a decoded source into the prose to check plus an offset map back.

A format module exposes `NAME` and `extract(source) -> Extracted` (pure: no files, no rules), and
`escape(replacement) -> str`, which makes a fix's replacement safe to write into that format.
Every module builds its text with `TextBuilder`, so offsets work the same way for all of them:
copied characters map one to one, everything else (entities, collapsed whitespace, the paragraph
breaks put between blocks) maps to its whole source span.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import PurePath
from types import ModuleType

from ..document import Document, OffsetMap, Segment, Span
from ..errors import UsageError

PARAGRAPH_BREAK = "\n\n"
BLANK = " \t\n\r\f"  # what blocks are trimmed of; a no-break space is content


@dataclass(frozen=True)
class Extracted:
    text: str
    offset_map: OffsetMap
    code_spans: tuple[Span, ...] = ()  # text coordinates
    comments: tuple[Span, ...] = ()  # source coordinates

    def document(self, source: str, path: str) -> Document:
        return Document(self.text, path, source, self.offset_map, code_spans=self.code_spans,
                        comments=self.comments)


@dataclass
class TextBuilder:
    """Collects text block by block and the segments that map it back to the source."""

    parts: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    code_spans: list[Span] = field(default_factory=list)
    comments: list[Span] = field(default_factory=list)
    length: int = 0
    _break_pending: bool = False

    def copy(self, source_start: int, chunk: str, code: bool = False) -> None:
        """Characters that stand in the source exactly as in the text."""
        self._add(chunk, source_start, source_start + len(chunk), True, code)

    def replace(self, text: str, source_start: int, source_end: int) -> None:
        """Text that stands for a differently written source span (an entity, a whitespace run)."""
        self._add(text, source_start, source_end, False, False)

    def paragraph_break(self) -> None:
        """End the current block; the next text starts a new paragraph (none at the very start)."""
        self._trim_trailing_space()
        self._break_pending = bool(self.parts)

    def build(self) -> Extracted:
        self._trim_trailing_space()
        return Extracted("".join(self.parts), OffsetMap(tuple(self.segments)),
                         tuple(self.code_spans), tuple(self.comments))

    @property
    def _source_end(self) -> int:
        return self.segments[-1].source_end if self.segments else 0

    def _add(self, text: str, source_start: int, source_end: int, copied: bool, code: bool) -> None:
        if not code and (self._break_pending or not self.parts):
            kept = text.lstrip(BLANK)  # blocks start at their first visible character
            if copied:
                source_start += len(text) - len(kept)
            text = kept
        if not text:
            return
        if self._break_pending:
            self._break_pending = False
            self._append(PARAGRAPH_BREAK, self._source_end, max(source_start, self._source_end), False)
        if code:
            self.code_spans.append(Span(self.length, self.length + len(text)))
        self._append(text, source_start, source_end, copied)

    def _append(self, text: str, source_start: int, source_end: int, copied: bool) -> None:
        last = self.segments[-1] if self.segments else None
        if copied and last and last.copied and last.source_end == source_start:
            self.segments[-1] = last._replace(text_end=last.text_end + len(text), source_end=source_end)
        else:
            self.segments.append(Segment(self.length, self.length + len(text), source_start,
                                         source_end, copied))
        self.parts.append(text)
        self.length += len(text)

    def _trim_trailing_space(self) -> None:
        """Drop the whitespace a block ends with (its source stays where it is)."""
        while self.parts and self.parts[-1][-1] in BLANK and not self._ends_in_code():
            part, segment = self.parts[-1], self.segments[-1]
            kept = len(part.rstrip(BLANK))
            cut = len(part) - kept
            self.length -= cut
            if kept == 0:
                self.parts.pop()
            else:
                self.parts[-1] = part[:kept]
            if segment.text_end - segment.text_start == cut:
                self.segments.pop()
            elif segment.copied:
                self.segments[-1] = segment._replace(text_end=segment.text_end - cut,
                                                     source_end=segment.source_end - cut)
            else:
                self.segments[-1] = segment._replace(text_end=segment.text_end - cut)

    def _ends_in_code(self) -> bool:
        return bool(self.code_spans) and self.code_spans[-1].end == self.length


# Imported on first use: the Markdown parser alone costs 20 ms of start-up that a .txt run never needs.
_MODULES = {"text": "plain", "markdown": "markdown", "html": "html"}


RECORDS = "jsonl"
INPUT_FORMATS = ("text", "markdown", "html", RECORDS)
_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
              ".jsonl": RECORDS, ".json": RECORDS}


def format_for(path: str, requested: str | None) -> str:
    """The format asked for, or the one the file name implies (text when nothing does)."""
    if requested:
        if requested not in INPUT_FORMATS:
            raise UsageError(f"unknown input format '{requested}' (choose one of "
                             f"{', '.join(INPUT_FORMATS)})")
        return requested
    return _BY_SUFFIX.get(PurePath(path).suffix.lower(), "text")


def module(name: str) -> ModuleType:
    """The extractor of a prose format (text, markdown, html)."""
    return importlib.import_module(f"{__name__}.{_MODULES[name]}")


def load(source: str, path: str, fmt: str) -> Document:
    """A Document for a decoded source in one of the prose formats."""
    return module(fmt).extract(source).document(source, path)
