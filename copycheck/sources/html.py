"""HTML (a CMS body or a whole page): the text a reader sees.

The standard library's `html.parser` reads it: it never raises on malformed markup, and `getpos()`
gives the source position of every event, so text is copied with exact offsets. Character
references are kept apart (`convert_charrefs=False`) and decoded here, each mapped to its whole
spelling. Skipped: attributes, comments (exposed for suppressions), the head, and the content of
script, style, pre, noscript, template, svg, math, textarea, select, iframe and object. Inline
`<code>` stays in the text, protected, like Markdown's code spans. Block elements end paragraphs.

What is read: a fragment (no `<body>` tag, as a CMS stores an article) is read whole. A whole page
is read only where its article is, so menus, teasers and footers are not judged: the elements
marked `itemprop="articleBody"`, else the `<article>` elements, else `<main>`, else the `<p>`
children of the element that holds the most paragraph text (what readability tools do); a page
with none of these is read from its whole body.

Whitespace is folded as a browser folds it, except within one line of one text node: a run that
holds a line break, or that follows other whitespace across a tag, is formatting and becomes (or
joins) one space; spaces typed inside a line are kept, so a doubled space is still caught.
"""

from __future__ import annotations

import html
from collections import defaultdict
from html.parser import HTMLParser

import regex

from ..document import Span
from . import BLANK, Extracted, TextBuilder

SKIPPED = frozenset({"head", "title", "script", "style", "pre", "noscript", "template", "svg",
                     "math", "textarea", "select", "iframe", "object"})
CODE = frozenset({"code", "kbd", "samp"})
# Elements that end a paragraph. Skipped elements that sit inside a line (script, svg) do not.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "li", "main", "nav",
    "noscript", "ol", "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "title", "tr", "ul",
})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
_FOLDED_SPACE = regex.compile(r"[ \t\n\r\f]*[\n\r][ \t\n\r\f]*")
_COMMENT = regex.compile(r"<!--.*?(?:--!?>|\Z)|<[^>]*(?:>|\Z)", regex.DOTALL)
_BODY = regex.compile(r"<body[\s/>]", regex.IGNORECASE)


def extract(source: str) -> Extracted:
    outline = _Outline(source)
    outline.run()
    extractor = _Extractor(source, outline.article() if outline.has_body else None)
    extractor.run()
    return extractor.out.build()


def escape(replacement: str) -> str:
    return html.escape(replacement, quote=False)


class _Elements(HTMLParser):
    """Numbers the elements in document order and keeps the stack of open ones, forgiving
    malformed markup the same way in every pass: an end tag closes the nearest open element of its
    name and whatever was left open inside it; an end tag never opened is ignored; a `<p>` ends when
    another block starts."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.has_body = bool(_BODY.search(source))
        self.count = 0
        self.stack: list[tuple[str, int]] = []

    def run(self) -> None:
        self.feed(self.source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS and self.stack and self.stack[-1][0] == "p":
            self.stack.pop()
        self.count += 1
        if tag not in VOID:
            self.stack.append((tag, self.count))
        self.opened(tag, self.count, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1  # `<div/>`, `<br/>`: opened and closed at once
        self.opened(tag, self.count, dict(attrs))
        self.closed(tag)

    def handle_endtag(self, tag: str) -> None:
        names = [name for name, _ in self.stack]
        if tag in names:
            del self.stack[len(names) - 1 - names[::-1].index(tag):]
        self.closed(tag)

    def opened(self, tag: str, index: int, attrs: dict[str, str | None]) -> None:
        """Called for every start tag, after the stack was updated."""

    def closed(self, tag: str) -> None:
        """Called for every end tag, after the stack was updated."""

    def inside(self, names: frozenset[str]) -> bool:
        return any(name in names for name, _ in self.stack)


class _Outline(_Elements):
    """First pass: where a whole page keeps its article."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.marked: dict[str, list[int]] = defaultdict(list)
        self.paragraph_text: dict[int, int] = defaultdict(int)  # parent element → text in its <p>s
        self.paragraphs: dict[int, list[int]] = defaultdict(list)  # parent element → its <p>s

    def opened(self, tag: str, index: int, attrs: dict[str, str | None]) -> None:
        if "articleBody" in (attrs.get("itemprop") or "").split():
            self.marked["articleBody"].append(index)
        if tag in ("article", "main") or attrs.get("role") == "main":
            self.marked["main" if tag != "article" else tag].append(index)
        if tag == "p" and len(self.stack) > 1:
            self.paragraphs[self.stack[-2][1]].append(index)

    def handle_data(self, data: str) -> None:
        """Count the text of a `<p>` for the element that holds the paragraph."""
        indices = [index for _, index in self.stack]
        depth = next((d for d in range(len(self.stack) - 1, 0, -1) if self.stack[d][0] == "p"), 0)
        if depth and not self.inside(SKIPPED):
            self.paragraph_text[indices[depth - 1]] += len(data.strip())

    def article(self) -> frozenset[int] | None:
        """The elements to read, or None for the whole body."""
        for kind in ("articleBody", "article", "main"):
            if self.marked[kind]:
                return frozenset(self.marked[kind])
        if not self.paragraph_text:
            return None
        densest = max(self.paragraph_text, key=lambda parent: self.paragraph_text[parent])
        return frozenset(self.paragraphs[densest])


class _Extractor(_Elements):
    """Second pass: copy the readable text with its offsets."""

    def __init__(self, source: str, article: frozenset[int] | None) -> None:
        super().__init__(source)
        # getpos() counts lines by "\n" alone, so these line starts do too.
        self.line_starts = [0] + [i + 1 for i, char in enumerate(source) if char == "\n"]
        self.article = article
        self.out = TextBuilder()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    @property
    def _reading(self) -> bool:
        if self.inside(SKIPPED):
            return False
        if self.article is not None:
            return any(index in self.article for _, index in self.stack)
        return not self.has_body or self.inside(frozenset({"body"}))

    def opened(self, tag: str, index: int, attrs: dict[str, str | None]) -> None:
        if tag in BLOCKS:
            self.out.paragraph_break()

    def closed(self, tag: str) -> None:
        if tag in BLOCKS:
            self.out.paragraph_break()

    def handle_data(self, data: str) -> None:
        if not self._reading:
            return
        start = self._offset()
        code = self.inside(CODE)
        if self.out.parts and self.out.parts[-1][-1:] in tuple(BLANK) and not code:
            kept = data.lstrip(BLANK)  # whitespace after whitespace, across a tag: one space
            start, data = start + len(data) - len(kept), kept
        position = start
        for run in _FOLDED_SPACE.finditer(data):
            self.out.copy(position, data[position - start:run.start()], code)
            self.out.replace(" ", start + run.start(), start + run.end())
            position = start + run.end()
        self.out.copy(position, data[position - start:], code)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def _reference(self, spelling: str) -> None:
        """`&amp;`, `&#1575;`: the parser consumed the spelling and its `;` if there is one."""
        if not self._reading:
            return
        start = self._offset()
        end = start + len(spelling)
        end += self.source.startswith(";", end)
        written = self.source[start:end]
        decoded = html.unescape(written)
        if decoded == written:  # not a known reference: the characters stand as written
            self.out.copy(start, written, self.inside(CODE))
        else:
            self.out.replace(decoded, start, end)

    def handle_comment(self, data: str) -> None:
        """`<!-- … -->`, or a bogus comment such as `</ x>` or `<!x>` (up to its `>`)."""
        comment = _COMMENT.match(self.source, self._offset())
        if comment:
            self.out.comments.append(Span(comment.start(), comment.end()))
