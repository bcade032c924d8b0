"""Human-readable report: one line per finding, the flagged span in context, the fix, a summary.

Terminals render Arabic unevenly, so nothing relies on alignment: the span is quoted between
⟦ ⟧ inside its context and invisible characters are spelled out as <U+XXXX>.

With `isolate` (the command line's default on a terminal), Arabic is wrapped in Unicode bidi
isolates, so that a terminal that implements the bidi algorithm lays out each Arabic piece right
to left without moving the line's path, columns and markers around it: the Arabic message and
the context as one right-to-left isolate (RLI … PDI), each Arabic run of an English line as a
first-strong isolate (FSI … PDI). The isolates are only in this report, never in the text or in
any other format.
"""

from __future__ import annotations

import re
import unicodedata

from ..document import CONTEXT_REACH, Document
from ..findings import Finding, Severity
from ..report import FileReport, Report

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
FSI, RLI, PDI = "\u2068", "\u2067", "\u2069"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# An Arabic run in an English line: from an Arabic character to the last one before a Latin letter.
_ARABIC_RUN = re.compile(f"[{_ARABIC}](?:[^A-Za-z\u00c0-\u024f\n]*[{_ARABIC}])?")


def render(report: Report, color: bool = False, isolate: bool = False) -> str:
    lines: list[str] = []
    for error in report.errors:
        lines.append(f"error: {error}")
    for file in report.files:
        lines.extend(_file(file, color))
    lines.append(_summary(report))
    if isolate:
        lines = [isolated(line) for line in lines]
    return "\n".join(lines) + "\n"


def isolated(line: str) -> str:
    """`line` with its Arabic in bidi isolates: a finding's Arabic message and its context (an
    indented line, after `| `) as one right-to-left piece, Arabic runs of other lines each."""
    body = line.lstrip(" ")
    indent = line[:len(line) - len(body)]
    prefix = "| " if body.startswith("| ") else ""
    rest = body[len(prefix):]
    if indent and _ARABIC_RUN.match(rest):
        return f"{indent}{prefix}{RLI}{rest}{PDI}"
    return _ARABIC_RUN.sub(lambda run: f"{FSI}{run.group()}{PDI}", line)


def _file(file: FileReport, color: bool) -> list[str]:
    lines = [f"{file.path}{f':{error.line}' if error.line else ''}: error: {error.message}"
             + (f" [rule {error.rule}]" if error.rule else "")
             for error in file.errors]
    for finding in file.findings:
        lines.extend(_finding(finding, file.document, color))
    if file.record is not None and file.findings:
        record = file.record
        lines.insert(0, f"{file.path}: record on line {record.line} of {record.file}; "
                        f"lines and columns below count in its '{record.field}' text")
    return lines


def _finding(finding: Finding, doc: Document | None, color: bool) -> list[str]:
    assert doc is not None
    location = doc.locate(finding.start, finding.end)
    severity = _paint(finding.severity.label, _COLORS[finding.severity], color)
    mark = " [*]" if finding.fixable else ""
    return [
        f"{doc.path}:{location.line}:{location.column}: {severity} [{finding.rule}]{mark} "
        f"{finding.message}",
        f"    {finding.message_ar}",
        f"    | {_quoted_in_context(doc, finding, color)}",
        *([_describe_fix(finding)] if finding.replacements else []),
    ]


def _quoted_in_context(doc: Document, finding: Finding, color: bool) -> str:
    span = _visible(doc.text[finding.start:finding.end]) or "∅"
    # Any line break ends the context: CRLF and lone-CR files must not show a stray <U+000D>.
    # Only CONTEXT_REACH characters either side are read (a long line must not make every
    # finding on it cost its length); a word cut by that edge is left out.
    low, high = max(0, finding.start - CONTEXT_REACH), finding.end + CONTEXT_REACH
    head = _LINE_BREAK.split(doc.text[low:finding.start])
    before = head[-1].split(" ")[1 if len(head) == 1 and low > 0 else 0:][-4:]
    tail = _LINE_BREAK.split(doc.text[finding.end:high], 1)
    after_words = tail[0].split(" ")
    after = (after_words[:-1] if len(tail) == 1 and high < len(doc.text) else after_words)[:4]
    quoted = _paint(f"⟦{span}⟧", "1", color)
    return f"{_visible(' '.join(before))}{quoted}{_visible(' '.join(after))}".strip()


def _describe_fix(finding: Finding) -> str:
    """What --fix does; or, for a finding a human must settle, the suggestions to choose from."""
    if not finding.fixable:
        listed = ", ".join(f"⟦{_visible(text)}⟧" for text in finding.replacements)
        return f"    suggestions: {listed}"
    best = finding.replacements[0]
    action = "delete it" if best == "" else f"replace with ⟦{_visible(best)}⟧"
    others = len(finding.replacements) - 1
    return "    fix: " + action + (f" (or {others} other suggestion{'s' * (others > 1)})" if others else "")


def _visible(text: str) -> str:
    """Spell out characters a reader cannot see; show a span made only of spaces as ␣."""
    if text and text.isspace():
        return text.replace(" ", "␣").replace("\t", "⇥")
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cf", "Cc") and c != "\t"
                   else c for c in text)


def _summary(report: Report) -> str:
    findings = report.findings
    counts = report.counts()
    if not findings:
        text = f"No findings in {len(report.files)} file(s)."
    else:
        severities = ", ".join(f"{n} {label}" for label, n in counts["by_severity"].items() if n)
        categories = ", ".join(f"{name} {n}" for name, n in counts["by_category"].items())
        fixable = sum(1 for f in findings if f.fixable)
        text = (f"Found {len(findings)} finding(s) in {len(report.files)} file(s): {severities}.\n"
                f"By category: {categories}.")
        if fixable:
            text += f"\n[*] {fixable} fixable with --fix."
    if report.fixed:
        text += f"\nFixed {report.fixed} finding(s)."
    if report.has_errors:
        text += "\nSome input could not be checked: see the errors above."
    return text


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text
