"""The JSON report: the contract with CMSs.

Its JSON Schema (draft 2020-12) ships in the package as `copycheck/schema/report.schema.json`
(`importlib.resources.files("copycheck") / "schema/report.schema.json"`) and the README's "JSON
report" section explains it. Any change to the shape here must change the schema in the same
commit (the tests validate every report they produce), and an incompatible one bumps REPORT_VERSION.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

import copycheck

from ..report import FileReport, Report
from .records import diagnostic_record, finding_record

REPORT_VERSION = 1


def render(report: Report, color: bool = False) -> str:
    return "".join(_pieces(report))


def write(report: Report, stream: TextIO, color: bool = False) -> None:
    """The report written a finding at a time: `json.dumps(document(report), indent=2)` held
    every finding's record and the whole text at once, about 4 kB a finding (a big file with
    many findings took gigabytes); here one finding's record exists at a time."""
    for piece in _pieces(report):
        stream.write(piece)


def _pieces(report: Report) -> Iterator[str]:
    """`document(report)` laid out as `json.dumps(indent=2)` does, byte for byte, in pieces."""
    top = _document(report, [])
    yield "{\n"
    for i, (key, value) in enumerate(top.items()):
        yield ",\n" if i else ""
        if key == "files" and report.files:
            yield '  "files": '
            yield from _listed((_file_pieces(file) for file in report.files), 2)
        else:
            yield f"  {_dumps(key)}: {_indented(value, 2)}"
    yield "\n}\n"


def _file_pieces(file: FileReport) -> Iterator[str]:
    """One file's record at two levels of nesting, its findings serialised one by one."""
    record = file_record(file, findings=False)
    yield "{\n"
    for i, (key, value) in enumerate(record.items()):
        yield ",\n" if i else ""
        if key != "findings" or file.document is None or not file.findings:
            yield f"      {_dumps(key)}: {_indented(value, 6)}"
            continue
        yield '      "findings": '
        document_ = file.document
        yield from _listed(([_indented(finding_record(f, document_), 8)] for f in file.findings), 6)
    yield "\n    }"


def _listed(items: Iterator[Iterator[str] | list[str]], indent: int) -> Iterator[str]:
    """A JSON array of already serialised items, as `json.dumps(indent=2)` lays it out."""
    inner = " " * (indent + 2)
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + inner
        yield from item
        first = False
    if not first:
        yield "\n" + " " * indent + "]"


def _indented(value: Any, indent: int) -> str:
    """`value` as it appears at `indent` spaces inside a `json.dumps(indent=2)` document: JSON
    text never holds a raw line break, so every line break is the layout's."""
    return _dumps(value, indent=2).replace("\n", "\n" + " " * indent)


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def document(report: Report) -> dict[str, Any]:
    """The whole report as plain data (the HTML report embeds it as its page renders it)."""
    return _document(report, [file_record(file) for file in report.files])


def _document(report: Report, files: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "copycheck", "version": copycheck.__version__},
        "files": files,
        "errors": [diagnostic_record(error) for error in report.errors],
        "summary": _summary(report),
    }


def file_record(file: FileReport, findings: bool = True) -> dict[str, Any]:
    """One file (or record) of the report: its path, findings, record and error (without the
    findings' records when not `findings`: a writer streams them)."""
    record: dict[str, Any] = {"path": file.path, "findings": []}
    if file.record is not None:
        # Findings count in the field's decoded value; `line` is where the record is in the file.
        record["record"] = {"file": file.record.file, "line": file.record.line,
                            "id": file.record.id, "field": file.record.field}
    if file.document is not None and findings:
        record["findings"] = [finding_record(f, file.document) for f in file.findings]
    if file.errors:
        record["error"] = diagnostic_record(file.errors[0])
        record["error"]["message"] = "; ".join(error.message for error in file.errors)
    return record


def _summary(report: Report) -> dict[str, Any]:
    findings = report.findings
    return {
        "files": len(report.files),
        "files_with_errors": sum(1 for file in report.files if file.errors),
        "findings": len(findings),
        "fixable": sum(1 for f in findings if f.fixable),
        "fixed": report.fixed,
        **report.counts(),
    }
