"""LanguageTool's annotated text: a list of pieces, each plain text or markup.

`{"annotation": [{"text": "قال "}, {"markup": "<b>"}, {"text": "الوزير"}, {"markup": "<p>",
"interpretAs": "\\n\\n"}]}` is how an editor sends formatted copy to a LanguageTool server: the
text pieces are checked, markup is skipped (or read as its `interpretAs` text, a paragraph break
for `<p>`), and offsets count over every piece as sent, text and markup alike. So the source of the
Document is the pieces joined, and its text is what a reader sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..document import Document, OffsetMap, Segment


class AnnotationError(ValueError):
    """The annotation is not a list of text and markup pieces: says which piece and why."""


def document(pieces: Sequence[Any], path: str = "-") -> Document:
    """The Document of an annotation list (already parsed from JSON)."""
    if not isinstance(pieces, list):
        raise AnnotationError("'annotation' must be a list of {text} or {markup, interpretAs} objects")
    text_parts: list[str] = []
    source_parts: list[str] = []
    segments: list[Segment] = []
    text_length = source_length = 0
    for index, piece in enumerate(pieces):
        shown, written, copied = _piece(index, piece)
        if shown:
            segments.append(Segment(text_length, text_length + len(shown), source_length,
                                    source_length + len(written), copied))
            text_parts.append(shown)
            text_length += len(shown)
        source_parts.append(written)
        source_length += len(written)
    if not segments:  # markup only: an empty text that still maps to the source's end
        segments.append(Segment(0, 0, 0, source_length, False))
    return Document("".join(text_parts), path, "".join(source_parts), OffsetMap(tuple(segments)))


def _piece(index: int, piece: Any) -> tuple[str, str, bool]:
    """(text a reader sees, characters as sent, whether they are the same characters)."""
    where = f"annotation[{index}]"
    if not isinstance(piece, dict):
        raise AnnotationError(f"{where} must be an object with 'text' or 'markup'")
    if "text" in piece and "markup" in piece:
        raise AnnotationError(f"{where} has both 'text' and 'markup': give one")
    if "text" in piece:
        if "interpretAs" in piece:
            raise AnnotationError(f"{where}: 'interpretAs' goes with 'markup', not with 'text'")
        text = _string(piece["text"], f"{where}.text")
        return text, text, True
    if "markup" in piece:
        markup = _string(piece["markup"], f"{where}.markup")
        shown = _string(piece.get("interpretAs", ""), f"{where}.interpretAs")
        return shown, markup, False
    raise AnnotationError(f"{where} must have 'text' or 'markup'")


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise AnnotationError(f"{where} must be a string")
    return value
