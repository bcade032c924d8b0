"""Output formats, one module each, registered by name. Each exposes `render(report, options)`."""

from __future__ import annotations

from types import ModuleType

from . import github, html, json, jsonl, sarif, text

FORMATTERS: dict[str, ModuleType] = {
    "text": text,
    "json": json,
    "jsonl": jsonl,
    "sarif": sarif,
    "github": github,
    "html": html,
}
