"""The text report, on hand-built findings."""

from __future__ import annotations

from copycheck.document import Document
from copycheck.findings import Applicability, Finding, Severity
from copycheck.formatters import text
from copycheck.report import FileReport, Report

DOC = Document("قال الوزير ، إن القاره كبيرة", "a.txt")


def finding(start: int, end: int, replacements: tuple[str, ...], applicability: Applicability) -> Finding:
    return Finding("spacing.x", "spacing", Severity.WARNING, start, end, "msg", "رسالة",
                   replacements, applicability)


def render(*findings: Finding) -> list[str]:
    return text.render(Report([FileReport("a.txt", DOC, list(findings))])).splitlines()


def test_a_safe_fix_says_what_fix_does_and_is_marked():
    lines = render(finding(10, 11, ("",), Applicability.SAFE))
    assert lines[0].startswith("a.txt:1:11: warning [spacing.x] [*] msg")
    assert "    | قال الوزير⟦␣⟧، إن القاره كبيرة" in lines
    assert "    fix: delete it" in lines


def test_a_finding_for_a_human_lists_suggestions_not_a_fix():
    lines = render(finding(16, 22, ("القارة", "الفارة"), Applicability.UNSAFE))
    assert "[*]" not in lines[0]
    assert "    suggestions: ⟦القارة⟧, ⟦الفارة⟧" in lines
    assert not any(line.startswith("    fix:") for line in lines)
