"""Markdown: the prose of headings, paragraphs, list items, blockquotes and table cells.

markdown-it-py (CommonMark, plus GFM tables and strikethrough) parses the document. Block tokens
carry line maps but inline tokens carry no offsets, so each piece of inline text is found again in
the source, after the previous one and inside its block's lines. Every character placed in the text
is therefore one the source holds at the mapped offset; markup between pieces (`**`, `[`, `](url)`,
`> `, list markers, indentation) is simply passed over. Entities and backslash escapes are kept as
their own tokens (the `text_join` rule is off) so they map to their whole source spelling.

Skipped: fenced and indented code, HTML blocks and inline HTML, link and image destinations, YAML
front matter. Inline code stays in the text (the sentence around it reads right) but is protected:
no finding may touch it. HTML comments are exposed as `Extracted.comments` for suppressions.
"""

from __future__ import annotations

from bisect import bisect_left

import regex
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..document import Span
from . import Extracted, TextBuilder

_PARSER = (MarkdownIt("commonmark", {"html": True})
           .enable(["table", "strikethrough"])
           .disable("text_join"))
_NEWLINE = regex.compile(r"\r\n|\r|\n")  # what the parser counts lines by
_LINE_BREAK = regex.compile(r"[ \t]*\\?(\r\n|\r|\n)")
_COMMENT = regex.compile(r"<!--.*?(?:-->|$)", regex.DOTALL)
_FRONT_MATTER_OPEN = regex.compile(r"\A---[ \t]*(?:\r\n|\r|\n)")
_FRONT_MATTER_CLOSE = regex.compile(r"^(?:---|\.\.\.)[ \t]*$", regex.MULTILINE)
# What follows a link's text: `](destination "title")` or `][label]` (approximate: the text after
# it is found by search anyway, this only keeps the search out of the destination).
_LINK_TAIL = regex.compile(r"""\](?:\((?:<[^>\n]*>|(?:[^\s()]|\((?:[^\s()])*\))*)"""
                           r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)|\[[^\]]*\])?""")
_ESCAPABLE = regex.compile(r"""([\\`*_\[\]<>&~|#!])""")


def extract(source: str) -> Extracted:
    lines = [0] + [m.end() for m in _NEWLINE.finditer(source)]
    visible = _blank_lines(source, lines, _front_matter_lines(source, lines))
    return _Walker(source, lines).run(_PARSER.parse(visible))


def escape(replacement: str) -> str:
    """Backslash-escape what Markdown would read as markup."""
    return _ESCAPABLE.sub(r"\\\1", replacement)


def _front_matter_lines(source: str, lines: list[int]) -> int:
    """How many lines YAML front matter (`---` … `---` at the very top) takes; 0 if none."""
    opening = _FRONT_MATTER_OPEN.match(source)
    closing = opening and _FRONT_MATTER_CLOSE.search(source, opening.end())
    return bisect_left(lines, closing.end()) if closing else 0


def _blank_lines(source: str, lines: list[int], count: int) -> str:
    """The source with its first `count` lines emptied, so the parser's line numbers still hold."""
    if not count:
        return source
    end = lines[count] if count < len(lines) else len(source)
    return "\n" * count + source[end:]


class _Walker:
    def __init__(self, source: str, lines: list[int]) -> None:
        # The parser reads U+FFFD for NUL; searching a copy with the same change keeps offsets.
        self.source = source
        self.searchable = source.replace("\0", "\ufffd")
        self.lines = lines
        self.out = TextBuilder()
        self.cursor = 0
        self.limit = len(source)
        self.in_autolink = False

    def run(self, tokens: list[Token]) -> Extracted:
        for token in tokens:
            if token.map is not None and token.type in ("inline", "html_block"):
                self._enter_block(token.map)
            if token.type == "inline":
                self._inline(token.children or [])
                self.out.paragraph_break()
            elif token.type == "html_block":
                self._comments(self.cursor, self.limit)
        return self.out.build()

    def _enter_block(self, line_map: list[int]) -> None:
        first, last = line_map
        start = self.lines[first] if first < len(self.lines) else len(self.source)
        self.cursor = max(self.cursor, start)
        self.limit = self.lines[last] if last < len(self.lines) else len(self.source)

    def _inline(self, children: list[Token]) -> None:
        for token in children:
            kind = token.type
            if self.in_autolink:
                self.in_autolink = kind != "link_close"
            elif kind == "link_open" and token.markup == "autolink":
                self._autolink()
            elif kind == "text":
                self._find_and_copy(token.content)
            elif kind == "text_special":
                self._find_spelled(token.markup, token.content)
            elif kind == "code_inline":
                self._code(token)
            elif kind in ("softbreak", "hardbreak"):
                self._line_break()
            elif kind == "image":
                self._inline(token.children or [])
                self._skip_link_tail()
            elif kind == "link_close":
                self._skip_link_tail()
            elif kind == "html_inline":
                self._html_inline(token.content)

    def _find(self, needle: str) -> int:
        return self.searchable.find(needle, self.cursor, self.limit) if needle else -1

    def _find_and_copy(self, content: str) -> None:
        # Not found only where the parser rewrote the text (an autolink's normalised URL); such a
        # piece is left out rather than placed at the wrong offset.
        found = self._find(content)
        if found >= 0:
            self.out.copy(found, self.source[found:found + len(content)])
            self.cursor = found + len(content)

    def _find_spelled(self, spelling: str, content: str) -> None:
        """An entity (`&amp;`: stands for its spelling) or a backslash escape (`\\*`: the character
        after the backslash is copied; an escape of nothing escapable is copied whole)."""
        found = self._find(spelling)
        if found < 0:
            return
        end = found + len(spelling)
        if spelling == content or spelling == "\\" + content:
            start = end - len(content)
            self.out.copy(start, self.source[start:end])
        else:
            self.out.replace(content, found, end)
        self.cursor = end

    def _code(self, token: Token) -> None:
        """The source between the backtick runs (the parser's content has line breaks folded)."""
        self._copy_between(token.markup, token.markup)

    def _autolink(self) -> None:
        """`<https://…>`: the address as written (the parser's copy is normalised); a URL or an
        e-mail address is never judged, and keeping it keeps the spacing around it."""
        self.in_autolink = True
        self._copy_between("<", ">")

    def _copy_between(self, opening: str, closing: str) -> None:
        start = self._find(opening)
        end = self.searchable.find(closing, start + len(opening), self.limit) if start >= 0 else -1
        if end >= 0:
            inner = start + len(opening)
            self.out.copy(inner, self.source[inner:end], code=True)
            self.cursor = end + len(closing)

    def _line_break(self) -> None:
        found = _LINE_BREAK.search(self.source, self.cursor, self.limit)
        if found:
            self.out.copy(found.start(1), found.group(1))
            self.cursor = found.end()

    def _skip_link_tail(self) -> None:
        bracket = self._find("]")
        if bracket >= 0:
            tail = _LINK_TAIL.match(self.source, bracket, self.limit)
            self.cursor = tail.end() if tail else bracket + 1

    def _html_inline(self, content: str) -> None:
        found = self._find(content)
        if found >= 0:
            self.cursor = found + len(content)
            self._comments(found, self.cursor)

    def _comments(self, start: int, end: int) -> None:
        self.out.comments.extend(Span(m.start(), m.end())
                                 for m in _COMMENT.finditer(self.source, start, end))
