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

Inside what a whole page reads, page chrome is left out by its structure, not by one site's
markup: elements whose role is not prose (`time`, `nav`, `aside`, `footer`, `form`, `button`; an
ARIA landmark; hidden elements; schema.org metadata such as `articleSection` or `keywords`), elements
whose class or id names a common kind of chrome in any site's vocabulary (tags, share buttons,
related or next/previous articles, time to read, breadcrumbs, comments), and **link units**: a
block (not an `h1`) that holds a link and a short text (at most LINK_UNIT_WORDS words) that does not end a
sentence, such as a tag, a menu entry or the headline of another article. A fragment (a CMS body)
has no chrome and is read whole.

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
NOT_PROSE = frozenset({"time", "nav", "aside", "footer", "form", "button"})
LANDMARKS = frozenset({"navigation", "complementary", "contentinfo", "banner", "search"})
METADATA = frozenset({"articleSection", "keywords", "datePublished", "dateModified", "dateCreated",
                      "timeRequired"})
# Words of class and id names, split at every non-letter and at camelCase, that name chrome.
_CHROME_NAME = regex.compile(
    r"(?:^|\s)(?:tags?|share|sharing|social|related|breadcrumbs?|pagination|pager|prev|previous|next"
    r"|comments?|newsletter|subscribe|sidebar|menu|nav|navbar|hidden|hide|d none|sr only|"
    r"visually hidden|time to read|read(?:ing)? time)(?=\s|$)")
LINK_UNIT_WORDS = 20
_SKIP, _CODE, _IN_BODY, _READ, _CHROME = 1, 2, 4, 8, 16  # bits of _Elements.marks
# Blocks that can be a link unit; not the page's own headline (h1), which often links to itself.
LINK_UNITS = BLOCKS - {"h1", "article", "main", "body", "html"}
_SENTENCE_END = regex.compile(r"(?<!\.)[.!?؟]$")


def extract(source: str) -> Extracted:
    outline = _Outline(source)
    outline.run()
    article = outline.article() if outline.has_body else None
    chrome = outline.chrome(article) if outline.has_body else frozenset()
    extractor = _Extractor(source, article, chrome)
    extractor.run()
    return extractor.out.build()


def _names_chrome(attrs: dict[str, str | None]) -> bool:
    names = " ".join(filter(None, (attrs.get("class"), attrs.get("id"))))
    if not names:
        return False
    words = regex.sub(r"(?<=\p{Ll})(?=\p{Lu})|[^\p{L}]+", " ", names).lower()
    return _CHROME_NAME.search(" ".join(words.split())) is not None


def _not_prose(tag: str, attrs: dict[str, str | None]) -> bool:
    return (tag in NOT_PROSE or "hidden" in attrs or attrs.get("aria-hidden") == "true"
            or attrs.get("role") in LANDMARKS
            or bool(METADATA.intersection((attrs.get("itemprop") or "").split()))
            or _names_chrome(attrs))


def escape(replacement: str) -> str:
    return html.escape(replacement, quote=False)


class _Elements(HTMLParser):
    """Numbers the elements in document order and keeps the stack of open ones, forgiving
    malformed markup the same way in every pass: an end tag closes the nearest open element of its
    name and whatever was left open inside it; an end tag never opened is ignored; a `<p>` ends when
    another block starts.

    Beside each open element it keeps what holds for the text inside it (`marks`: skipped, code,
    in the body, read, chrome) and which element holds its paragraph (`holders`), so that a text
    event costs the same however deep the page nests."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.has_body = bool(_BODY.search(source))
        self.count = 0
        self.stack: list[tuple[str, int]] = []
        self.marks: list[int] = []
        self.holders: list[int] = []  # the parent of the innermost open <p> (0: none)

    def run(self) -> None:
        self.feed(self.source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS and self.stack and self.stack[-1][0] == "p":
            self._truncate(len(self.stack) - 1)
        self.count += 1
        if tag not in VOID:
            self._push(tag, self.count)
        self.opened(tag, self.count, dict(attrs))

    def _push(self, tag: str, index: int) -> None:
        self.marks.append(self.mark | self.bits(tag, index))
        if tag == "p":
            self.holders.append(self.stack[-1][1] if self.stack else 0)
        else:
            self.holders.append(self.holders[-1] if self.holders else 0)
        self.stack.append((tag, index))

    def _truncate(self, size: int) -> None:
        del self.stack[size:], self.marks[size:], self.holders[size:]

    def bits(self, tag: str, index: int) -> int:
        """What an element makes of the text inside it (added to what its ancestors make)."""
        return ((_SKIP if tag in SKIPPED else 0) | (_CODE if tag in CODE else 0)
                | (_IN_BODY if tag == "body" else 0))

    @property
    def mark(self) -> int:
        return self.marks[-1] if self.marks else 0

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1  # `<div/>`, `<br/>`: opened and closed at once
        self.opened(tag, self.count, dict(attrs))
        self.closed(tag)

    def handle_endtag(self, tag: str) -> None:
        names = [name for name, _ in self.stack]
        if tag in names:
            self._truncate(len(names) - 1 - names[::-1].index(tag))
        self.closed(tag)

    def opened(self, tag: str, index: int, attrs: dict[str, str | None]) -> None:
        """Called for every start tag, after the stack was updated."""

    def closed(self, tag: str) -> None:
        """Called for every end tag, after the stack was updated."""



class _Outline(_Elements):
    """First pass: where a whole page keeps its article."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.marked: dict[str, list[int]] = defaultdict(list)
        self.paragraph_text: dict[int, int] = defaultdict(int)  # parent element → text in its <p>s
        self.paragraphs: dict[int, list[int]] = defaultdict(list)  # parent element → its <p>s
        self.parent: dict[int, int] = {}
        self.tags: dict[int, str] = {}
        self.words: dict[int, int] = defaultdict(int)  # an element's own text; chrome() adds up
        self.tail: dict[int, tuple[int, str]] = {}  # (event number, end) of its last text
        self.links: set[int] = set()
        self.not_prose: set[int] = set()
        self.events = 0

    def opened(self, tag: str, index: int, attrs: dict[str, str | None]) -> None:
        if self.stack and self.stack[-1][1] == index:  # not void: it is on the stack
            parent = self.stack[-2][1] if len(self.stack) > 1 else 0
        else:
            parent = self.stack[-1][1] if self.stack else 0
        self.parent[index], self.tags[index] = parent, tag
        href = (attrs.get("href") or "").strip()
        if tag == "a" and href and not href.startswith(("#", "javascript:")):
            self.links.add(index)
        if _not_prose(tag, attrs):
            self.not_prose.add(index)
        if "articleBody" in (attrs.get("itemprop") or "").split():
            self.marked["articleBody"].append(index)
        if tag in ("article", "main") or attrs.get("role") == "main":
            self.marked["main" if tag != "article" else tag].append(index)
        if tag == "p" and len(self.stack) > 1:
            self.paragraphs[self.stack[-2][1]].append(index)

    def handle_data(self, data: str) -> None:
        """Count the text of a `<p>` for the element that holds the paragraph."""
        if self.mark & _SKIP or not self.stack:
            return
        if self.holders[-1]:
            self.paragraph_text[self.holders[-1]] += len(data.strip())
        if data.strip():
            self.events += 1
            innermost = self.stack[-1][1]
            self.words[innermost] += len(data.split())
            self.tail[innermost] = (self.events, data.rstrip()[-3:])

    def handle_entityref(self, name: str) -> None:
        self.handle_data(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.handle_data(html.unescape(f"&#{name};"))

    def article(self) -> frozenset[int] | None:
        """The elements to read, or None for the whole body."""
        for kind in ("articleBody", "article", "main"):
            if self.marked[kind]:
                return frozenset(self.marked[kind])
        if not self.paragraph_text:
            return None
        densest = max(self.paragraph_text, key=lambda parent: self.paragraph_text[parent])
        return frozenset(self.paragraphs[densest])

    def chrome(self, article: frozenset[int] | None) -> frozenset[int]:
        """The elements inside what is read (the article's, else the body's) that are chrome."""
        roots = article if article is not None else frozenset(
            index for index, tag in self.tags.items() if tag == "body")
        words, tail, links = dict(self.words), dict(self.tail), set(self.links)
        for index in sorted(self.parent, reverse=True):  # children before their parents
            parent = self.parent[index]
            words[parent] = words.get(parent, 0) + words.get(index, 0)
            if index in tail and tail[index] > tail.get(parent, (0, "")):
                tail[parent] = tail[index]
            if index in links:
                links.add(parent)
        inside: set[int] = set()
        for index in sorted(self.parent):  # parents before their children
            if self.parent[index] in roots or self.parent[index] in inside:
                inside.add(index)
        return frozenset(index for index in inside if index in self.not_prose or (
            index in links and self.tags[index] in LINK_UNITS and words.get(index, 0) <= LINK_UNIT_WORDS
            and not _SENTENCE_END.search(tail.get(index, (0, ""))[1])))


class _Extractor(_Elements):
    """Second pass: copy the readable text with its offsets."""

    def __init__(self, source: str, article: frozenset[int] | None,
                 chrome: frozenset[int] = frozenset()) -> None:
        super().__init__(source)
        self.chrome = chrome
        # getpos() counts lines by "\n" alone, so these line starts do too.
        self.line_starts = [0] + [i + 1 for i, char in enumerate(source) if char == "\n"]
        self.article = article
        self.out = TextBuilder()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    @property
    def _reading(self) -> bool:
        mark = self.mark
        if mark & (_SKIP | _CHROME):
            return False
        if self.article is not None:
            return bool(mark & _READ)
        return not self.has_body or bool(mark & _IN_BODY)

    def bits(self, tag: str, index: int) -> int:
        return (super().bits(tag, index)
                | (_READ if self.article is not None and index in self.article else 0)
                | (_CHROME if index in self.chrome else 0))

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
        code = bool(self.mark & _CODE)
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
            self.out.copy(start, written, bool(self.mark & _CODE))
        else:
            self.out.replace(decoded, start, end)

    def handle_comment(self, data: str) -> None:
        """`<!-- … -->`, or a bogus comment such as `</ x>` or `<!x>` (up to its `>`)."""
        comment = _COMMENT.match(self.source, self._offset())
        if comment:
            self.out.comments.append(Span(comment.start(), comment.end()))
