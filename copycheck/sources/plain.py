"""Plain text: the source is the text, every character copied."""

from __future__ import annotations

from ..document import OffsetMap, Segment
from . import Extracted


def extract(source: str) -> Extracted:
    return Extracted(source, OffsetMap((Segment(0, len(source), 0, len(source), True),)))


def escape(replacement: str) -> str:
    return replacement
