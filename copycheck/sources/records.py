"""JSON and JSONL exports, one article per record: the text of one field of each record.

Accepted: JSON lines (one value per line, blank lines skipped), a JSON array of records, or a single
JSON object. Each record becomes its own report, named `FILE#ID` when the `--id-field` value is
there and `FILE:LINE` otherwise (LINE: the file line where the record starts). The record's text is
the field's decoded string value: offsets, lines and columns in its findings count in that value
(`\\n`, `\\u0627` and other escapes are one character there, so they differ from offsets in the
file), and `Record.line` says where the record is in the file.

A JSON string may spell half of a UTF-16 pair without the other half (`"\\ud853"`). That is not
a character: no report could print it and no fix could write it. Such a text is a record error
naming the offset of the first lone half, and the other records are still checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\r\n"
_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads joins a valid pair, so any left is lone


@dataclass(frozen=True)
class Record:
    file: str
    line: int  # 1-based line of the file where the record starts
    id: str | None
    field: str
    text: str | None  # the field's value; None with an error
    error: str | None = None

    @property
    def path(self) -> str:
        return f"{self.file}#{self.id}" if self.id is not None else f"{self.file}:{self.line}"


def extract(source: str, path: str, field: str, id_field: str | None = None) -> Iterator[Record]:
    """The records of a decoded JSON or JSONL file; a broken or incomplete record is a Record with
    an `error` and the others are still read."""
    return _records(_values(source), path, field, id_field)


def extract_lines(lines: Iterable[str], path: str, field: str,
                  id_field: str | None = None) -> Iterator[Record]:
    """The records of a JSONL file read line by line (lines split at "\n" only), each parsed when
    it is reached: an archive of any size is never held whole."""
    return _records(_lines(lines), path, field, id_field)


def _records(values: Iterable[tuple[int, Any]], path: str, field: str,
             id_field: str | None) -> Iterator[Record]:
    for line, value in values:
        if isinstance(value, _Broken):
            yield Record(path, line, None, field, None, value.message)
            continue
        record_id = _scalar(lookup(value, id_field)) if id_field else None
        text = lookup(value, field)
        error = _lone_surrogate(text, field) if isinstance(text, str) else _why_not_text(text, field)
        yield Record(path, line, record_id, field, text if error is None else None, error)


def lookup(value: Any, dotted: str) -> Any:
    """`content.body`, `paragraphs.0`: None when the path is not there."""
    for key in dotted.split("."):
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return _MISSING
    return value


class _Missing:
    pass


_MISSING = _Missing()


@dataclass(frozen=True)
class _Broken:
    message: str


def _why_not_text(value: Any, field: str) -> str:
    if value is _MISSING:
        return f"record has no field '{field}'"
    kind = "null" if value is None else type(value).__name__
    return f"field '{field}' holds {kind}, not text"


def _lone_surrogate(text: str, field: str) -> str | None:
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (f"field '{field}' holds a lone surrogate \\u{ord(found.group()):04x} at offset "
            f"{found.start()} (half of a UTF-16 pair, not a character); the record was not checked")


def _scalar(value: Any) -> str | None:
    if value is _MISSING or value is None or isinstance(value, (dict, list)):
        return None
    # The id names the record in every report: a lone surrogate in it is shown as its escape.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(value))


def _values(source: str) -> Iterator[tuple[int, Any]]:
    start = len(source) - len(source.lstrip(_WHITESPACE))
    if source.startswith("[", start):
        yield from _array(source, start)
        return
    try:
        whole = json.loads(source)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        yield _line(source, start), whole
    else:
        # Split on "\n" only: a JSON string may hold U+2028 and other breaks that splitlines() cuts at.
        yield from _lines(source.split("\n"))


def _lines(lines: Iterable[str]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, _Broken(f"invalid JSON: {error.msg} (column {error.colno})")


def _array(source: str, start: int) -> Iterator[tuple[int, Any]]:
    """The elements of a top-level array, each with the line it starts on."""
    position = _skip_space(source, start + 1)
    while position < len(source) and source[position] != "]":
        try:
            value, end = _DECODER.raw_decode(source, position)
        except json.JSONDecodeError as error:
            yield error.lineno, _Broken(f"invalid JSON: {error.msg} (column {error.colno}); "
                                        "the rest of the file was not read")
            return
        yield _line(source, position), value
        position = _skip_space(source, end)
        if source.startswith(",", position):
            position = _skip_space(source, position + 1)
        elif not source.startswith("]", position):
            yield _line(source, position), _Broken("invalid JSON: expected ',' or ']'; the rest "
                                                   "of the file was not read")
            return


def _skip_space(source: str, position: int) -> int:
    while position < len(source) and source[position] in _WHITESPACE:
        position += 1
    return position


def _line(source: str, position: int) -> int:
    return source.count("\n", 0, position) + 1
