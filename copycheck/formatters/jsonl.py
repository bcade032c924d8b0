"""JSON lines: one object per checked file, or per record of a JSON/JSONL archive, in input order.

Each object is the JSON report's entry for that file (`path`, `findings` with the same fields,
`record`, `error`) with its `id` first: the record's `--id-field` value, else its path. The command
line writes each line as soon as its record is checked, so an archive of any size streams.
"""

from __future__ import annotations

import json
from typing import Any

from ..report import FileReport, Report
from .json import file_record


def render(report: Report, color: bool = False) -> str:
    return "".join(line(file) for file in report.files)


def line(file: FileReport) -> str:
    return serialise(file) + "\n"


def serialise(file: FileReport) -> str:
    """The line's JSON text, without its line break (for writers that add their own)."""
    return json.dumps(entry(file), ensure_ascii=False)


def entry(file: FileReport) -> dict[str, Any]:
    record_id = file.record.id if file.record is not None else None
    return {"id": record_id if record_id is not None else file.path, **file_record(file)}
