"""Output formats, one module each, registered by name. Each exposes `render(report, color)`; one
that can write a big report without holding it whole also exposes `write(report, stream, color)`."""

from __future__ import annotations

from types import ModuleType
from typing import TextIO

from ..report import Report
from . import github, html, json, jsonl, sarif, text

FORMATTERS: dict[str, ModuleType] = {
    "text": text,
    "json": json,
    "jsonl": jsonl,
    "sarif": sarif,
    "github": github,
    "html": html,
}


def write(name: str, report: Report, stream: TextIO, color: bool = False) -> None:
    """The report in format `name` on `stream`, piece by piece where the format can."""
    formatter = FORMATTERS[name]
    if hasattr(formatter, "write"):
        formatter.write(report, stream, color)
    else:
        stream.write(formatter.render(report, color=color))
