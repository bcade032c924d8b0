"""The work a report does for one finding does not grow with the document.

Counted, not timed: the characters the context and line/column code hands to its scans, how often
a line index is built, and the index look-ups, on the same findings in a document of one size and
of ten times that size. Every formatter is rendered, since each locates and quotes every finding.
Also the checking itself: a text too long to analyse at once is read in bounded windows, whose
findings are those of the window's text in the whole text's offsets.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

import pytest
from support import run_cli

from copycheck import document
from copycheck.checker import Checker
from copycheck.document import CONTEXT_REACH, WINDOW, Document, windows
from copycheck.formatters import FORMATTERS
from copycheck.formatters import text as text_format
from copycheck.report import FileReport, Report

UNIT = "قال الوزير ، إن الاجتماع انتهى في الموعد المحدد وبحضور جميع الأعضاء 𝟙. "


class CountingPattern:
    """A compiled pattern that counts its scans and the characters each is given to read."""

    def __init__(self, pattern: Any, counts: Counter[str], name: str) -> None:
        self._pattern, self._counts, self._name = pattern, counts, name

    def _count(self, string: str, pos: int = 0, endpos: int | None = None) -> None:
        end = len(string) if endpos is None else min(endpos, len(string))
        self._counts[f"{self._name} scans"] += 1
        self._counts[f"{self._name} characters"] += max(end - pos, 0)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None, **options: Any) -> Any:
        self._count(string, pos, endpos)
        return self._pattern.finditer(string, pos, len(string) if endpos is None else endpos, **options)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        self._count(string)
        return self._pattern.split(string, maxsplit)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)


def _counting(function: Any, counts: Counter[str], name: str) -> Any:
    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return function(*args, **kwargs)

    return counted


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    found: Counter[str] = Counter()
    for module, name in ((document, "_NON_SPACE"), (document, "_LINE_BREAK"), (document, "_ASTRAL"),
                         (text_format, "_LINE_BREAK")):
        label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
        monkeypatch.setattr(module, name, CountingPattern(getattr(module, name), found, label))
    monkeypatch.setattr(document, "bisect_left", _counting(bisect.bisect_left, found, "look-ups"))
    monkeypatch.setattr(document, "bisect_right", _counting(bisect.bisect_right, found, "look-ups"))
    return found


def _report_costs(text: str, counts: Counter[str]) -> tuple[int, dict[str, float]]:
    """Findings on `text`, and what rendering them in every format cost per finding."""
    doc = Document(text, "article.txt")
    findings, _ = Checker(select=["spacing.before-punctuation"]).check(doc)
    counts.clear()
    report = Report([FileReport(doc.path, doc, findings)])
    for formatter in FORMATTERS.values():
        formatter.render(report, color=False)
    return len(findings), {name: count / len(findings) for name, count in counts.items()}


@pytest.mark.parametrize("separator", [" ", "\n"], ids=["one long line", "a line each"])
def test_reporting_a_finding_costs_the_same_in_a_document_ten_times_longer(counts, separator):
    small_count, small = _report_costs(separator.join([UNIT] * 300), counts)
    large_count, large = _report_costs(separator.join([UNIT] * 3000), counts)
    assert (small_count, large_count) == (300, 3000)
    assert large == pytest.approx(small, rel=0.01, abs=0.01)
    # A line index (line starts, astral characters) is built once per document, not per finding.
    assert counts["document._LINE_BREAK scans"] <= 1 and counts["document._ASTRAL scans"] <= 1
    # Each scan for a finding's context (a side of it, in a format) reads at most CONTEXT_REACH.
    for scan in ("document._NON_SPACE", "text._LINE_BREAK"):
        assert large[f"{scan} characters"] <= CONTEXT_REACH * large[f"{scan} scans"]


def test_a_text_longer_than_a_window_is_cut_at_breaks_into_windows_that_cover_it():
    text = "".join(f"{UNIT * (i % 7 + 1)}\n\n" for i in range(4000))
    spans = windows(text, 20_000)
    assert len(spans) > 1
    assert [start for start, _ in spans[1:]] == [end for _, end in spans[:-1]]
    assert (spans[0].start, spans[-1].end) == (0, len(text))
    assert all(end - start <= 20_000 for start, end in spans)
    assert all(text[:end].endswith("\n\n") for _, end in spans[:-1])  # paragraph breaks


def test_a_long_line_is_cut_after_a_sentence():
    spans = windows(UNIT * 2000, 10_000)
    assert len(spans) > 1 and all((UNIT * 2000)[:end].endswith(". ") for _, end in spans[:-1])


def test_the_findings_of_a_text_longer_than_a_window_are_those_of_its_windows():
    text = " ".join([UNIT] * (WINDOW // len(UNIT) * 2 + 10))
    checker = Checker(select=["spacing", "punctuation", "typography", "repetition.repeated-word"])
    findings, problems = checker.check(Document(text))
    expected = []
    for start, end in windows(text):
        part, _ = checker.check(Document(text[start:end]))
        expected += [(f.rule, f.start + start, f.end + start) for f in part]
    assert not problems and len(windows(text)) == 3
    assert [(f.rule, f.start, f.end) for f in findings] == expected
    assert all(text[f.start:f.end] == " " for f in findings if f.rule == "spacing.before-punctuation")


def test_the_command_line_says_when_a_text_was_read_in_windows(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(" ".join([UNIT] * (WINDOW // len(UNIT) + 10)), encoding="utf-8")
    result = run_cli("check", str(path), "--select", "spacing.before-punctuation", "--format", "json")
    assert result.code == 1  # findings; a long text is no error
    assert result.report is not None and result.report["summary"]["findings"] == WINDOW // len(UNIT) + 10
    assert f"copycheck: note: {path}: " in result.stderr and "checked in parts of at most" in result.stderr
    short = tmp_path / "short.txt"
    short.write_text(UNIT, encoding="utf-8")
    assert "note" not in run_cli("check", str(short)).stderr
