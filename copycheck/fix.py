"""Apply replacements to a text: pure, no knowledge of rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Edit(NamedTuple):
    start: int
    end: int
    replacement: str


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply the edits that do not overlap an earlier one; return the new text and how many.

    Skipped edits are not lost: the engine re-checks the result, so a finding whose fix was
    skipped here is found again (at its new offsets) and fixed in the next pass.
    """
    pieces, position, applied = [], 0, 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position or (applied and edit.start == position == edit.end):
            continue  # overlaps (or inserts at the same point as) an edit already taken
        if text[edit.start:edit.end] == edit.replacement:
            continue  # a no-op would count as a fix and keep the loop going
        pieces.append(text[position:edit.start])
        pieces.append(edit.replacement)
        position = edit.end
        applied += 1
    pieces.append(text[position:])
    return "".join(pieces), applied
