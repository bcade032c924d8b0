"""A baseline: findings accepted once, not reported again (for archives and deliberate samples).

A finding matches a baseline entry by rule, file (relative to the baseline's folder), flagged text
and the words around it, never by offsets, so that edits elsewhere in a file do not revive every
finding after them. Entries are counted: two identical findings need two entries.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import regex

from .document import Document
from .errors import UsageError
from .findings import Finding

BASELINE_VERSION = 1
Key = tuple[str, str, str, str]


_BEFORE = regex.compile(r"(?:\S+[^\S\n]*){0,4}$")
_AFTER = regex.compile(r"(?:[^\S\n]*\S+){0,4}")
_REACH = 160  # characters looked at on each side: four words, and a bound for very long lines


def marked_context(text: str, start: int, end: int) -> str:
    """Up to four words either side of the span, verbatim, on its line: «قال الوزير⟦ ⟧، إن»."""
    before = text[max(0, start - _REACH):start].rsplit("\n", 1)[-1]
    after = text[end:end + _REACH].split("\n", 1)[0]
    return f"{_BEFORE.search(before).group()}⟦{text[start:end]}⟧{_AFTER.match(after).group()}"  # type: ignore[union-attr]


class Baseline:
    def __init__(self, path: Path, entries: Counter[Key] | None = None) -> None:
        self.path = path
        self.remaining: Counter[Key] = entries or Counter()

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = Counter({(e["rule"], e["path"], e["text"], e["context"]): int(e.get("count", 1))
                               for e in data["findings"]})
        except OSError as error:
            raise UsageError(f"cannot read baseline: {error.strerror or error}", str(path)) from None
        except (ValueError, KeyError, TypeError) as error:
            raise UsageError(f"not a copycheck baseline ({error})", str(path)) from None
        return cls(path, entries)

    def key(self, doc: Document, finding: Finding) -> Key:
        location = doc.locate(finding.start, finding.end)
        return (finding.rule, self._relative(doc.path), doc.source[location.start:location.end],
                marked_context(doc.text, finding.start, finding.end))

    def keep_new(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """The findings the baseline does not account for."""
        new = []
        for finding in findings:
            key = self.key(doc, finding)
            if self.remaining[key] > 0:
                self.remaining[key] -= 1
            else:
                new.append(finding)
        return new

    def add(self, doc: Document, findings: list[Finding]) -> None:
        self.remaining.update(self.key(doc, finding) for finding in findings)

    def write(self) -> None:
        entries = [{"rule": rule, "path": path, "text": text, "context": context, "count": count}
                   for (rule, path, text, context), count in sorted(self.remaining.items())]
        document = {"version": BASELINE_VERSION, "findings": entries}
        self.path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def _relative(self, file: str) -> str:
        if file == "-":
            return file
        folder = self.path.resolve().parent
        return Path(os.path.relpath(Path(file).resolve(), folder)).as_posix()
