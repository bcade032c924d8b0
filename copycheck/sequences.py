"""Letter sequences real Arabic text writes: every four-letter run (word edges counted) of the
frequency list's forms.

A typo made by a finger that slips (a letter doubled, added or swapped, a key next to the one
meant) often writes a run that no word of web-scale Arabic contains (ججا، ظت$، ^ةت), while a
name or a transliteration, however rare, is written in the sequences writers use. A form with
such a run is evidence of a typo that does not depend on how many words lie one edit away.

Built from the kept forms of the frequency list (about 0.2 s) on first need and cached beside
it, so a run builds it at most once per list.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import msgpack

EDGE_START, EDGE_END = "^", "$"
SIZE = 4
# Overlapping runs of SIZE characters inside one "^form$" line (C speed: re's lookahead).
_RUNS = re.compile(f"(?=([^\n]{{{SIZE}}}))")


class Sequences:
    """Which runs of three and four letters (edges marked ^ and $) real text writes."""

    def __init__(self, runs: Iterable[str]) -> None:
        self._four = frozenset(runs)
        self._three = frozenset(run[i:i + SIZE - 1] for run in self._four for i in (0, 1))

    def __len__(self) -> int:
        return len(self._four)

    def unseen(self, key: str, size: int = SIZE) -> list[int]:
        """Where `key` has a run of `size` (3 or 4) that no form writes: start offsets in
        `^key$`, so offset i covers key[i - 1 : i - 1 + size]."""
        known = self._four if size == SIZE else self._three
        marked = EDGE_START + key + EDGE_END
        return [i for i in range(len(marked) - size + 1) if marked[i:i + size] not in known]


def build(forms: Iterable[str]) -> list[str]:
    """The distinct runs of SIZE characters of `^form$` over all forms."""
    text = "\n".join(f"{EDGE_START}{form}{EDGE_END}" for form in forms)
    return sorted(set(_RUNS.findall(text)))


def load(forms: Iterable[str], cache_file: Path | None) -> Sequences:
    """From the cache file when it is readable, else built (and the cache written)."""
    if cache_file is not None:
        try:
            runs = msgpack.unpackb(cache_file.read_bytes(), raw=False)
            if isinstance(runs, list) and all(isinstance(r, str) for r in runs):
                return Sequences(runs)
        except (OSError, ValueError, msgpack.UnpackException):
            pass
    runs = build(forms)
    if cache_file is not None:
        _write(cache_file, runs)
    return Sequences(runs)


def _write(path: Path, runs: list[str]) -> None:
    """Atomically (temp file + rename); a cache that cannot be written is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(msgpack.packb(runs))
        os.replace(temp, path)
    except OSError:
        return
