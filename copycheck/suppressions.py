"""Inline suppressions: `copycheck: ignore[...]`, `ignore-next-line[...]`, `off` / `on`.

Directives are read from the source as stored, so the same comment works in plain text (anywhere
on the line, usually at its end) and inside `<!-- ... -->` in Markdown and HTML, where the
extracted text no longer contains it. Lines are source lines, as in every report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import regex

from .document import Document
from .findings import Finding

DIRECTIVE = regex.compile(
    r"copycheck:[ \t]*(?:"
    r"(?P<action>ignore-next-line|ignore)\[(?P<ids>[^\]\n]*)\]"
    r"|(?P<toggle>off|on)(?![\w-])"
    r")"
)
ALL = "*"  # what `off` suppresses
_END_OF_FILE = 1 << 31


@dataclass
class Directive:
    """One directive: the source span of its text, the source lines it covers, what it names."""

    start: int
    end: int
    first_line: int
    last_line: int
    ids: tuple[str, ...]
    used: set[str] = field(default_factory=set)

    def covers(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


@dataclass(frozen=True)
class Unused:
    directive: Directive
    selector: str  # a rule id or category, or ALL for an `off` region
    known: bool  # False when no loaded rule answers to the selector


def parse(doc: Document) -> list[Directive]:
    directives: list[Directive] = []
    region: Directive | None = None
    for match in DIRECTIVE.finditer(doc.source):
        line = doc.line_column(match.start())[0]
        if match["toggle"] == "off" and region is None:
            region = Directive(match.start(), match.end(), line, _END_OF_FILE, (ALL,))
            directives.append(region)
        elif match["toggle"] == "on" and region is not None:
            region.last_line, region = line, None
        elif match["action"]:
            ids = tuple(part.strip() for part in match["ids"].split(",") if part.strip())
            covered = line + (match["action"] == "ignore-next-line")
            directives.append(Directive(match.start(), match.end(), covered, covered, ids or (ALL,)))
    return directives


def apply(doc: Document, findings: Iterable[Finding], directives: Sequence[Directive],
          matches: Callable[[Finding, str], bool]) -> list[Finding]:
    """Drop suppressed findings and findings inside a directive's own text; mark what was used."""
    kept = []
    for finding in findings:
        start, end = doc.source_span(finding.start, finding.end)
        if any(d.start < max(end, start + 1) and start < d.end for d in directives):
            continue
        line = doc.line_column(start)[0]
        hits = [(d, s) for d in directives if d.covers(line) for s in d.ids
                if s == ALL or matches(finding, s)]
        for directive, selector in hits:
            directive.used.add(selector)
        if not hits:
            kept.append(finding)
    return kept


def unused(directives: Sequence[Directive], selected: Callable[[str], bool],
           known: Callable[[str], bool]) -> list[Unused]:
    """Selectors that suppressed nothing, among those that could have: a selector for a rule that
    is not running in this run (opt-in, ignored) is not reported, an unknown one always is."""
    return [Unused(d, s, s == ALL or known(s)) for d in directives for s in d.ids
            if s not in d.used and (s == ALL or selected(s) or not known(s))]


def text_span(doc: Document, directive: Directive) -> tuple[int, int]:
    """Where to report a directive in `doc.text`: its own span where the text holds it as written
    (plain text, a Markdown paragraph); the point where the text resumes after a comment in
    Markdown or HTML (the comment is not part of the text)."""
    if doc.offset_map is None:
        return directive.start, directive.end
    start = _first_text_offset(doc, directive.start)
    end = start + directive.end - directive.start
    if doc.copied_source_span(start, end) == (directive.start, directive.end):
        return start, end
    resume = _first_text_offset(doc, directive.end)
    return resume, resume


def _first_text_offset(doc: Document, source_offset: int) -> int:
    """The first text offset whose source is at or after `source_offset` (to_source is monotonic)."""
    low, high = 0, len(doc.text)
    while low < high:
        middle = (low + high) // 2
        if doc.to_source(middle) < source_offset:
            low = middle + 1
        else:
            high = middle
    return low
