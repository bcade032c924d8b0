"""How often real Arabic text uses a word form: wordfreq's `large_ar` list, read directly.

wordfreq ships its lists as gzip'd msgpack: a header, then buckets of words, bucket i holding the
words of frequency about 10^(-i/100) (i is in centibels, cB: 100 cB = ten times rarer). Importing
wordfreq itself costs ~0.1 s (langcodes, ftfy, the tokenizers) and is not needed to read that, so
the file is found with importlib and read here. Its forms are NFKC'd, with marks and tatweel
removed: the speller's lookup form (normalise_for_lookup) is the same for Arabic letters, and no
letters are folded (ى/ي, آ/ا, ة/ه stay distinct), so a form's frequency is that form's alone.

Only forms down to RAREST_KEPT are kept: rarer ones weigh as absent in every decision the speller
makes, and dropping them halves the load time. The kept buckets are cached, uncompressed, in the
user cache directory, keyed by the wordfreq data file's size and date (which
change with each wordfreq release), and checked whole before use (a damaged file is read again
from wordfreq's list).
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import msgpack

from . import cachefiles

LIST_NAME = "large_ar.msgpack.gz"
RAREST_KEPT = 720  # cB: about once in 16 million words
ABSENT = 800  # the bucket a form outside the kept list weighs as
CACHE_FORMAT = 2  # of the cached file (2: a checksum line first, see cachefiles)


class Frequencies:
    """Bucket (cB below 1, lower is more frequent) of each form of the list."""

    def __init__(self, buckets: list[list[str]]) -> None:
        self.buckets = buckets  # in the list's order, which the acceptance index follows
        table: dict[str, int] = {}
        for index, words in enumerate(buckets):
            if words:
                table.update(dict.fromkeys(words, index))
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, word: str) -> bool:
        return word in self._table

    def forms(self) -> Iterator[str]:
        """Every kept form, most frequent first."""
        return iter(self._table)

    def bucket(self, word: str) -> int:
        """The word's bucket, ABSENT when the list does not have it (or has it rarer than kept)."""
        return self._table.get(word, ABSENT)

    def listed(self, forms: Iterable[str], rarest: int) -> list[tuple[str, int]]:
        """The forms of `forms` at least as common as bucket `rarest`, with their buckets."""
        table = self._table
        return [(form, table[form]) for form in table.keys() & forms if table[form] <= rarest]

    def zipf(self, word: str) -> float:
        """The Zipf scale wordfreq uses (log10 of occurrences per billion words)."""
        return 9 - self.bucket(word) / 100


def list_path() -> Path | None:
    """wordfreq's Arabic list inside its installed package, without importing the package."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / LIST_NAME
    return path if path.is_file() else None


def read_list(path: Path) -> list[list[str]]:
    """The kept buckets of a wordfreq list file.

    The file is one msgpack array, most frequent bucket first, and the rarer buckets past
    RAREST_KEPT hold most of its forms: they are neither unpacked nor decompressed (a cold start
    reads well under half the file)."""
    with gzip.open(path) as stream:
        unpacker = msgpack.Unpacker(stream, raw=False)
        count = unpacker.read_array_header()
        items = (unpacker.unpack() for _ in range(count))
        first = next(items, None)
        # The header (format, version) when there is one, else the first bucket.
        buckets = [] if first is None or isinstance(first, dict) else [first]
        buckets.extend(itertools.islice(items, RAREST_KEPT + 1 - len(buckets)))
    # Not filtered to Arabic forms: the few Latin and digit forms cost nothing to keep, and a
    # filter over the kept quarter-million forms would double a cold load (0.2 s).
    return buckets


def load(cache_dir: Path | None) -> tuple[Frequencies | None, float]:
    """The frequency list and the seconds it took; None when wordfreq's data is not installed."""
    started = time.perf_counter()
    path = list_path()
    if path is None:
        return None, 0.0
    cached = _cache_file(path, cache_dir) if cache_dir is not None else None
    buckets = _read_cached(cached) if cached is not None else None
    if buckets is None:
        buckets = read_list(path)
        if cached is not None:
            _write_cached(cached, buckets)
    return Frequencies(buckets), time.perf_counter() - started


def _cache_file(path: Path, cache_dir: Path) -> Path:
    stat = path.stat()
    return cache_dir / f"wordfreq-ar-{stat.st_size}-{stat.st_mtime_ns}-{RAREST_KEPT}-{CACHE_FORMAT}.msgpack"


def _read_cached(path: Path) -> list[list[str]] | None:
    payload = cachefiles.read(path)  # None when missing, unreadable, torn or altered
    if payload is None:
        return None
    try:
        buckets = msgpack.unpackb(payload, raw=False)
    except (ValueError, msgpack.UnpackException):
        return None
    if isinstance(buckets, list) and all(isinstance(b, list) for b in buckets):
        return buckets
    return None


def _write_cached(path: Path, buckets: list[list[str]]) -> None:
    """Atomically, under the cache lock; a cache that cannot be written is not an error."""
    cachefiles.update(path, lambda: msgpack.packb(buckets))
