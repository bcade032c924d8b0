"""Find the files to check and decode them into Documents; every failure is an InputError."""

from __future__ import annotations

import codecs
import contextlib
import errno
import fnmatch
import hashlib
import itertools
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import regex

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
class Snapshot:
    """A file as it was read: --fix writes only over a file that is still exactly this."""
    size: int
    mtime_ns: int
    inode: tuple[int, int]  # (device, inode): a file saved by rename is another file
    sha256: str

    @classmethod
    def of(cls, status: os.stat_result, data: bytes) -> Snapshot:
        return cls(status.st_size, status.st_mtime_ns, (status.st_dev, status.st_ino),
                   hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec that encodes `text` back, without the byte-order mark
    bom: bytes = b""
    snapshot: Snapshot | None = None  # None for stdin and for text not read from a file
    guessed: bool = False  # `--encoding auto` fell back to cp1256: --fix will not write it


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
    return read_with_snapshot(path)[0]


def read_with_snapshot(path: str) -> tuple[bytes, Snapshot | None]:
    """The bytes of a file and its Snapshot (stdin: None). The status is taken from the open file
    before reading, so a write during the read makes the snapshot stale rather than current."""
    try:
        if path == STDIN:
            return sys.stdin.buffer.read(), None
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            data = handle.read()
        return data, Snapshot.of(status, data)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path) from None


AUTO = "auto"
_UTF8_NAMES = ("utf-8", "utf8", "utf-8-sig")
FALLBACK = "cp1256"  # the single-byte code page of Windows Arabic archives
# At most this share of the non-ASCII characters of a cp1256 guess may be neither Arabic script,
# spacing nor everyday punctuation: real cp1256 Arabic has none; UTF-8 or Latin-1 bytes read as
# cp1256 give a symbol or an accented letter for every second byte or more.
_MAX_ODD_SHARE = 0.02
_PLAIN_NON_ASCII = regex.compile(
    r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe\p{Zs}\u200c-\u200f"
    r"\u00ab\u00bb\u2013\u2014\u2018-\u201f\u2022\u2026]")
# What UTF-8 Arabic turns into when it is read as a single-byte code page: the lead byte of a
# letter (0xD8-0xDB) becomes Ø Ù Ú Û (Latin-1, cp1252) or ط ظ ع غ (cp1256), its second byte a
# symbol. No Arabic word holds ط§ or Ù„.
_MOJIBAKE = regex.compile(
    r"[\u00d8-\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    r"|[طظعغ][\u00a2-\u00a9\u00ac\u00ae-\u00ba\u00bc-\u00be\u20ac\u201a\u0192\u201e\u2020\u2021"
    r"\u02c6\u2030\u2039\u203a\u0152\u0153\u2122]")
_MOJIBAKE_RUNS = 3  # one odd pair can be a symbol typed by hand; three are a misread file


def decode(data: bytes, path: str, encoding: str = AUTO) -> Decoded:
    """`auto`: UTF-8 with or without BOM (UTF-16 with a BOM), else cp1256 when that reads as
    plausible Arabic (a guess: `guessed` is set, and --fix will not write it). Any other name is
    the user's word, except that bytes which are valid UTF-8 are never read as a single-byte code
    page, and text that reads like mojibake is never checked."""
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS):
        raise InputError("binary file (contains NUL bytes), not text", path)
    name = encoding.lower().replace("_", "-")
    if name == AUTO or name in _UTF8_NAMES:
        codec, bom = _sniff_unicode(data)
        body = data[len(bom):]
        try:
            text = body.decode(codec)
        except UnicodeDecodeError as error:
            if name != AUTO:
                raise _undecodable(body, error, codec, path) from None
            return _finish(_guess_cp1256(body, error, path), path)
        return _finish(Decoded(text, codec, bom), path)
    return _finish(Decoded(_decode_as(data, encoding, path), encoding), path)


def _decode_as(data: bytes, encoding: str, path: str) -> str:
    """Decode with the codec the user named; refuse to misread a UTF-8 file with it."""
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding '{encoding}'", path) from None
    except UnicodeDecodeError as error:
        raise _undecodable(data, error, encoding, path) from None
    utf8 = _as_utf8(data)
    if utf8 is not None and utf8 != text and not utf8.isascii():
        raise InputError(f"the file is valid UTF-8, and reading it as {encoding} gives mojibake "
                         f"({_sample(text)}); it was not checked: leave out --encoding (auto reads "
                         "UTF-8 first)", path)
    return text


def _as_utf8(data: bytes) -> str | None:
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _guess_cp1256(data: bytes, error: UnicodeDecodeError, path: str) -> Decoded:
    """Not UTF-8: cp1256 if the text it gives is plausible Arabic, else the UTF-8 error."""
    try:
        text = data.decode(FALLBACK)
    except UnicodeDecodeError:  # cp1256 leaves no byte undefined today; a codec update might
        text = None
    if text is None or not plausible_arabic(text):
        raise _undecodable(data, error, "utf-8", path, tried_fallback=True)
    return Decoded(text, FALLBACK, guessed=True)


def plausible_arabic(text: str) -> bool:
    """Mostly Arabic letters, spaces and punctuation: some Arabic script, and almost nothing else
    outside ASCII but for a rare control character (an old DOS end-of-file mark, say)."""
    odd = sum(1 for char in text if char < " " and char not in "\t\n\r\f")
    foreign = [char for char in text if not char.isascii()]
    odd += sum(1 for char in foreign if not _PLAIN_NON_ASCII.match(char))
    arabic = sum(1 for char in foreign if "\u0600" <= char <= "\u06ff")
    return arabic > 0 and odd <= _MAX_ODD_SHARE * len(foreign)


def _undecodable(data: bytes, error: UnicodeDecodeError, encoding: str, path: str,
                 tried_fallback: bool = False) -> InputError:
    line = data.count(b"\n", 0, error.start) + 1
    if tried_fallback:
        hint = (f"; it does not read as {FALLBACK} Arabic either: name its encoding with "
                "--encoding (Windows Arabic archives often need --encoding cp1256)")
    else:
        hint = " (Windows Arabic archives often need --encoding cp1256)" if "utf" in encoding else ""
    return InputError(f"cannot decode byte 0x{data[error.start]:02x} at offset {error.start} as "
                      f"{encoding}{hint}", path, line)


def _finish(decoded: Decoded, path: str) -> Decoded:
    text = decoded.text
    _refuse_surrogates(text, path, decoded.encoding)
    _refuse_mojibake(text, path, decoded.encoding)
    if not text.strip():
        # The brief lists empty input with the bad inputs: an empty article is a pipeline fault.
        raise InputError("empty input: nothing to check", path, 1)
    return decoded


def _refuse_mojibake(text: str, path: str, encoding: str) -> None:
    """Text that is UTF-8 Arabic misread as a single-byte code page (here, or before it was saved)
    would only give nonsense findings, and a fix would write the nonsense back."""
    runs = _mojibake_runs(text)
    if len(runs) == _MOJIBAKE_RUNS:
        offset = runs[0].start()
        raise InputError(f"the text reads like mojibake ({_sample(text, offset)} at offset "
                         f"{offset}, decoded as {encoding}): UTF-8 Arabic read as a single-byte "
                         "code page; it was not checked", path, text.count("\n", 0, offset) + 1)


def looks_like_mojibake(text: str) -> bool:
    return len(_mojibake_runs(text)) == _MOJIBAKE_RUNS


def _mojibake_runs(text: str) -> list[regex.Match[str]]:
    return list(itertools.islice(_MOJIBAKE.finditer(text), _MOJIBAKE_RUNS))


def _sample(text: str, offset: int | None = None) -> str:
    """A few characters of mojibake (from `offset`, else the first odd pair) for a message."""
    if offset is None:
        runs = _mojibake_runs(text)
        offset = runs[0].start() if runs else 0
    return "«" + " ".join(text[offset:offset + 8].split()) + "…»"


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


def load_document(path: str, encoding: str = AUTO,
                  input_format: str = "text") -> tuple[Document, Decoded]:
    """Read, decode and extract one file in a prose format (text, markdown, html)."""
    data, snapshot = read_with_snapshot(path)
    decoded = replace(decode(data, path, encoding), snapshot=snapshot)
    return sources.load(decoded.text, path, input_format), decoded


def load_records(path: str, field: str | None, id_field: str | None,
                 encoding: str = AUTO) -> Iterator[Record]:
    """Read and decode a JSON/JSONL export; its records, each with its text or an error."""
    if not field:
        raise InputError("JSON input needs --field NAME (the field that holds the text)", path)
    if path != STDIN and _streams(path, encoding):
        return records.extract_lines(_utf8_lines(path), path, field, id_field)
    decoded = decode(read_bytes(path), path, encoding)
    return records.extract(decoded.text, path, field, id_field)


def _streams(path: str, encoding: str) -> bool:
    """Whether `path` can be read a line at a time with the same records as a whole read: UTF-8,
    no NUL bytes, and a first line that is a JSON value on its own (so the file is JSON lines, not
    one pretty-printed object or an array). Anything else is read whole, as before."""
    if encoding.lower().replace("_", "-") not in (AUTO, *_UTF8_NAMES):
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192)
            if b"\x00" in head or head.startswith(_UTF16_BOMS):
                return False
            handle.seek(len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)
            first = next((line for line in handle if line.strip()), b"")
    except OSError:
        return False  # the whole read reports it
    try:
        json.loads(first)
    except ValueError:  # not UTF-8 or not JSON on its own: the whole read tells records apart
        return False
    return not first.lstrip().startswith(b"[")


def _utf8_lines(path: str) -> Iterator[str]:
    """The file's lines split at "\n" only (as `str.split`), BOM dropped; a byte that is not UTF-8
    is an InputError naming its offset and line, raised when it is reached."""
    offset = 0
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                data = raw[len(codecs.BOM_UTF8):] if number == 1 and raw.startswith(codecs.BOM_UTF8) else raw
                try:
                    yield data.decode("utf-8").removesuffix("\n")
                except UnicodeDecodeError as error:  # offsets count after the BOM, as in decode()
                    raise InputError(f"cannot decode byte 0x{data[error.start]:02x} at offset "
                                     f"{offset + error.start} as utf-8 (Windows Arabic archives "
                                     "often need --encoding cp1256)", path, number) from None
                offset += len(data)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path) from None


def encode(text: str, decoded: Decoded, path: str) -> bytes:
    """Encode fixed text exactly as the original was stored, byte-order mark included."""
    try:
        return decoded.bom + text.encode(decoded.encoding)
    except UnicodeEncodeError as error:
        raise InputError(f"the fixed text has {error.object[error.start]!r}, which {decoded.encoding} "
                         "cannot store; the file was left unchanged", path) from None


GUESSED_NOT_FIXED = ("not fixed: the file is not UTF-8 and was read as cp1256 by a guess (--encoding "
                     "auto); --fix writes only a file whose encoding is certain: rerun with "
                     "--encoding cp1256 if that is its encoding")

CHANGED_WHILE_FIXING = ("the file changed while it was being checked (another program wrote to "
                        "it); the fixes were not written and its newer content was kept: check it "
                        "again")


def write_atomic(path: str, data: bytes, snapshot: Snapshot | None = None) -> None:
    """Write to a temporary file in the same folder, then rename over the original.

    A read-only file is refused even where the rename would be allowed (as for the owner of the
    folder, or root): the write bit is the user's say on whether the file may change. Any failure
    leaves the original as it was.

    With a `snapshot`, the fixed text (computed from the file as it was read) replaces the file
    only if it is still that file, unchanged: otherwise another program's edit would be lost.
    The check runs after the temporary file is written, just before the rename. A write that lands
    in the short gap between the check and the rename is caught afterwards, on the original (kept
    open): its newer content is put back and the file is reported."""
    target = Path(path)
    mode = target.stat().st_mode & 0o7777
    if not mode & 0o222:
        raise InputError("read-only file: the fixes were not written (make it writable to fix "
                         "it)", path)
    temporary = target.with_name(f".{target.name}.copycheck-{os.getpid()}.tmp")  # see _TEMPORARY
    _remove_stale_temporaries(target.parent)
    try:
        _write_file(temporary, data, mode)
        if snapshot is None:
            os.replace(temporary, target)
            return
        with open(target, "rb") as original:
            if not _still(original, snapshot) or not _same_file(target, snapshot):
                raise InputError(CHANGED_WHILE_FIXING, path)
            os.replace(temporary, target)
            if not _still(original, snapshot):
                _put_back(original, target, data, temporary, mode)
                raise InputError(CHANGED_WHILE_FIXING, path)
    except OSError as error:
        raise InputError(f"cannot write the fixed file ({error.strerror or error}); it was left "
                         "unchanged", path) from None
    finally:
        temporary.unlink(missing_ok=True)


_TEMPORARY = re.compile(r"\..+\.copycheck-(\d+)\.tmp")
_swept: set[str] = set()  # folders already rid of stale temporary files in this process


def _remove_stale_temporaries(folder: Path) -> None:
    """A run killed between writing a temporary file and the rename leaves it behind (hidden, and
    never checked: no include pattern takes `*.tmp`); the next fix in that folder removes those
    whose process has ended, once per run. POSIX only: elsewhere os.kill cannot ask whether a
    process is alive without ending it."""
    if os.name != "posix" or str(folder) in _swept:
        return
    _swept.add(str(folder))
    try:
        found = [(entry.name, int(match[1])) for entry in os.scandir(folder)
                 if (match := _TEMPORARY.fullmatch(entry.name))]
    except OSError:
        return
    for name, pid in found:
        if not _alive(pid):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _write_file(path: Path, data: bytes, mode: int) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, mode)


def _still(handle: BinaryIO, snapshot: Snapshot) -> bool:
    """Whether the open file holds exactly the bytes of `snapshot` (size and time first: cheap)."""
    if _status(os.fstat(handle.fileno())) != _status_of(snapshot):
        return False
    handle.seek(0)
    return hashlib.sha256(handle.read()).hexdigest() == snapshot.sha256


def _same_file(path: Path, snapshot: Snapshot) -> bool:
    """Whether `path` still names the file of `snapshot` (an editor may have saved by rename)."""
    return _status(os.stat(path)) == _status_of(snapshot)


def _status(status: os.stat_result) -> tuple[int, int, tuple[int, int]]:
    return status.st_size, status.st_mtime_ns, (status.st_dev, status.st_ino)


def _status_of(snapshot: Snapshot) -> tuple[int, int, tuple[int, int]]:
    return snapshot.size, snapshot.mtime_ns, snapshot.inode


def _put_back(original: BinaryIO, target: Path, written: bytes, temporary: Path, mode: int) -> None:
    """Undo a rename that raced with another program's write: the original's newer bytes, plus
    anything appended to the fixed file since the rename, become the file again."""
    original.seek(0)
    newer = original.read()
    current = target.read_bytes()
    appended = current[len(written):] if current.startswith(written) else b""
    _write_file(temporary, newer + appended, mode)
    os.replace(temporary, target)
