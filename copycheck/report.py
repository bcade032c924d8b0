"""What a run produced, per file: the input for every formatter."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .document import Document
from .findings import Diagnostic, Finding, Severity
from .sources.records import Record

if TYPE_CHECKING:
    from .rules import Rule


@dataclass
class FileReport:
    path: str
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    record: Record | None = None  # set when the file is one record of a JSON/JSONL export
    notes: list[str] = field(default_factory=list)  # how it was checked, when that is unusual


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)  # run-level: rule files, usage
    fixed: int = 0
    rules: dict[str, Rule] = field(default_factory=dict)  # every rule that ran, for SARIF
    # Files handed to a streaming formatter as soon as checked are not kept (memory stays flat
    # over an archive of any size): only what the exit code needs of them is.
    streamed_findings: int = 0
    streamed_files_with_errors: int = 0

    @property
    def findings(self) -> list[Finding]:
        return [finding for file in self.files for finding in file.findings]

    @property
    def has_findings(self) -> bool:
        return self.streamed_findings > 0 or any(file.findings for file in self.files)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or self.streamed_files_with_errors > 0 or any(
            file.errors for file in self.files)

    def tally(self, file: FileReport) -> None:
        """Count a streamed file in without keeping it."""
        self.streamed_findings += len(file.findings)
        self.streamed_files_with_errors += bool(file.errors)

    def counts(self) -> dict[str, dict[str, int]]:
        findings = self.findings
        by_severity = Counter(f.severity.label for f in findings)
        return {
            "by_severity": {s.label: by_severity.get(s.label, 0) for s in reversed(Severity)},
            "by_category": dict(sorted(Counter(f.category for f in findings).items())),
            "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
        }
