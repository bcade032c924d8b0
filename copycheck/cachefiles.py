"""Files in the user cache folder: written whole or not at all, read back only when intact.

A cache only saves time, so nothing here raises: a file that cannot be read, is truncated or was
altered reads as absent (the caller computes again and the results are the same), and a folder
that cannot be written skips the save. Each file starts with a header line holding the SHA-256 of
what follows it, so a torn or altered file is detected however it was damaged (a truncated JSON
file fails to parse, but a changed letter inside a word would not). Writes go to a temporary file
in the same folder, renamed over the cache under a lock beside it: processes sharing the folder
never see half a file, and a temporary file left by a process that was killed mid-write is
removed by the next save.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

_HEADER = b"copycheck-cache sha256="


def read(path: Path) -> bytes | None:
    """The payload of a cache file; None when it is missing, unreadable or not intact."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, newline, payload = data.partition(b"\n")
    if not newline or not header.startswith(_HEADER):
        return None
    return payload if header[len(_HEADER):] == _digest(payload) else None


def update(path: Path, payload: Callable[[], bytes]) -> bool:
    """Replace the cache file with what `payload()` returns, called under the lock (so it may
    read the file and merge what another process saved); False when it could not be saved."""
    try:
        with lock(path):
            data = payload()
            _remove_stale_temporaries(path)
            _write_atomic(path, _HEADER + _digest(data) + b"\n" + data)
    except OSError:  # a read-only or full cache folder must not fail a check
        return False
    return True


@contextlib.contextmanager
def lock(path: Path) -> Iterator[None]:
    """An exclusive lock beside the cache file (POSIX; elsewhere the atomic rename alone). The
    lock is released when the process ends, however it ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _digest(payload: bytes) -> bytes:
    return hashlib.sha256(payload).hexdigest().encode("ascii")


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of this cache file: under the lock no other process is writing one, so
    any there were left by a process killed between writing and renaming."""
    for name in glob.glob(glob.escape(str(path)) + "*.tmp"):
        with contextlib.suppress(OSError):
            os.unlink(name)
