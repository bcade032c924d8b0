"""Find the files to check and decode them into Documents; every failure is an InputError."""

from __future__ import annotations

import codecs
import errno
import fnmatch
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import sources
from .document import Document
from .errors import InputError
from .sources import records
from .sources.records import Record

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
STDIN = "-"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec that encodes `text` back, without the byte-order mark
    bom: bytes = b""


def expand_paths(paths: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE,
                 ) -> Iterator[str | InputError]:
    """Files as given, directories walked recursively (sorted, hidden folders skipped)."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(_walk(path, include), key=str)
            yield from found or [InputError(f"no files matching {' '.join(include)}", raw)]
        else:
            yield _unreadable(raw) or raw


def _unreadable(path: str) -> InputError | None:
    """Why `path` cannot be opened as a file (missing, a symlink loop or a dangling link)."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return InputError("symbolic link loop: the link never reaches a file", path)
        if os.path.islink(path):
            return InputError("dangling symbolic link: its target does not exist", path)
        return InputError("no such file or directory" if error.errno == errno.ENOENT
                          else f"cannot open: {error.strerror or error}", path)
    return None


def _walk(folder: Path, include: Sequence[str]) -> Iterator[str | InputError]:
    # os.walk does not follow links to folders, so a folder linking to itself is walked once.
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if any(fnmatch.fnmatch(name, pattern) for pattern in include):
                path = str(Path(root) / name)
                yield _unreadable(path) or path


def read_bytes(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path) from None


def decode(data: bytes, path: str, encoding: str = "utf-8") -> Decoded:
    """UTF-8 with or without BOM by default; UTF-16 when it carries a BOM; else as asked."""
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS):
        raise InputError("binary file (contains NUL bytes), not text", path)
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        encoding, bom = _sniff_unicode(data)
        data = data[len(bom):]
    else:
        bom = b""
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding '{encoding}'", path) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        hint = " (Windows Arabic archives often need --encoding cp1256)" if "utf" in encoding else ""
        raise InputError(f"cannot decode byte 0x{data[error.start]:02x} at offset {error.start} as "
                         f"{encoding}{hint}", path, line) from None
    _refuse_surrogates(text, path, encoding)
    if not text.strip():
        # The brief lists empty input with the bad inputs: an empty article is a pipeline fault.
        raise InputError("empty input: nothing to check", path, 1)
    return Decoded(text, encoding, bom)


def _refuse_surrogates(text: str, path: str, encoding: str) -> None:
    """A lone surrogate (UTF-7 and a few other codecs decode to one) is no character: no report
    could print it, no fix could write it back."""
    found = _SURROGATE.search(text)
    if found is not None:
        offset = found.start()
        raise InputError(f"lone surrogate \\u{ord(found.group()):04x} at offset {offset} after "
                         f"decoding as {encoding} (half of a UTF-16 pair, not a character)", path,
                         text.count("\n", 0, offset) + 1)


def _sniff_unicode(data: bytes) -> tuple[str, bytes]:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return codec, bom
    return "utf-8", b""


def load_document(path: str, encoding: str = "utf-8",
                  input_format: str = "text") -> tuple[Document, Decoded]:
    """Read, decode and extract one file in a prose format (text, markdown, html)."""
    decoded = decode(read_bytes(path), path, encoding)
    return sources.load(decoded.text, path, input_format), decoded


def load_records(path: str, field: str | None, id_field: str | None,
                 encoding: str = "utf-8") -> Iterator[Record]:
    """Read and decode a JSON/JSONL export; its records, each with its text or an error."""
    if not field:
        raise InputError("JSON input needs --field NAME (the field that holds the text)", path)
    decoded = decode(read_bytes(path), path, encoding)
    return records.extract(decoded.text, path, field, id_field)


def encode(text: str, decoded: Decoded, path: str) -> bytes:
    """Encode fixed text exactly as the original was stored, byte-order mark included."""
    try:
        return decoded.bom + text.encode(decoded.encoding)
    except UnicodeEncodeError as error:
        raise InputError(f"the fixed text has {error.object[error.start]!r}, which {decoded.encoding} "
                         "cannot store; the file was left unchanged", path) from None


def write_atomic(path: str, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the original.

    A read-only file is refused even where the rename would be allowed (as for the owner of the
    folder, or root): the write bit is the user's say on whether the file may change. Any failure
    leaves the original as it was."""
    target = Path(path)
    mode = target.stat().st_mode & 0o7777
    if not mode & 0o222:
        raise InputError("read-only file: the fixes were not written (make it writable to fix "
                         "it)", path)
    temporary = target.with_name(f".{target.name}.copycheck-{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        raise InputError(f"cannot write the fixed file ({error.strerror or error}); it was left "
                         "unchanged", path) from None
    finally:
        temporary.unlink(missing_ok=True)
