"""The frequent forms one edit from a word, found by their one-letter deletions (SymSpell's idea),
indexed once and shipped.

A form one edit from a word is one of the word's deletions, has the word as one of its deletions,
or shares a deletion with it (a letter replaced, two neighbours swapped). So the typo search need
not write out the ~70 forms a letter that one edit makes and look each up in the frequency list:
`dictionaries/deletes.bin` files every form at least INDEXED_RAREST common (the rarest a suggestion
may be) under the CRC-32 of itself and of each of its deletions, and a word's candidates are the
forms filed under its own and its deletions' slots, about a dozen. Candidates are only that: the
caller keeps those one edit away (a slot shared by chance costs one check more). The index
answers only for the frequency list it was built from (the header holds its digest).

    python -m copycheck.deletes        # rebuild after a wordfreq update
"""

from __future__ import annotations

import functools
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path

from .frequency import Frequencies
from .resources import data_path, forms_digest, pack_index, read_index

FILE_NAME = "deletes.bin"
FORMAT = 1
INDEXED_RAREST = 660  # the speller's SUGGESTED_RAREST (checked by the tests)
SLOT_BITS = 19  # about as many slots as distinct deletions: a slot holds two forms on average


def path() -> Path:
    return data_path("dictionaries") / FILE_NAME


def _slot(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) >> (32 - SLOT_BITS)


def _deletions(form: str) -> Iterator[str]:
    yield form
    for i in range(len(form)):
        yield form[:i] + form[i + 1:]


class Deletes:
    """The index: the forms filed in slot s are forms[ids[starts[s]:starts[s + 1]]]."""

    def __init__(self, forms: Sequence[str], starts: array, ids: array) -> None:
        self.forms, self.starts, self.ids = forms, starts, ids

    def candidates(self, key: str) -> set[str]:
        """Every indexed form one edit from `key`, with a few that are not."""
        forms, starts, ids = self.forms, self.starts, self.ids
        found: set[str] = set()
        for part in _deletions(key):
            slot = _slot(part)
            found.update([forms[i] for i in ids[starts[slot]:starts[slot + 1]]])
        found.discard(key)
        return found


def indexed_forms(buckets: Sequence[Sequence[str]]) -> list[str]:
    """The forms of the list's buckets up to INDEXED_RAREST, in the list's order (a form the list
    repeats in a rarer bucket is there too: the caller reads its bucket from the list)."""
    return list(chain.from_iterable(buckets[:INDEXED_RAREST + 1]))


def build(buckets: Sequence[Sequence[str]]) -> bytes:
    """The index file's bytes: a JSON header line, then the slots' starts and the form ids
    (unsigned 32-bit, little-endian)."""
    forms = indexed_forms(buckets)
    filed = sorted({(_slot(part), index) for index, form in enumerate(forms)
                    for part in _deletions(form)})
    counts = [0] * ((1 << SLOT_BITS) + 1)
    for slot, _index in filed:
        counts[slot + 1] += 1
    for slot in range(1, len(counts)):
        counts[slot] += counts[slot - 1]
    starts, ids = array("I", counts), array("I", [index for _slot_, index in filed])
    if sys.byteorder == "big":
        starts.byteswap()
        ids.byteswap()
    header = {"format": FORMAT, "rarest": INDEXED_RAREST, "slot_bits": SLOT_BITS,
              "forms": len(forms), "forms_digest": forms_digest(forms)}
    return pack_index(header, starts.tobytes() + ids.tobytes())


@functools.lru_cache(maxsize=2)
def shipped(frequencies: Frequencies) -> Deletes | None:
    """The shipped index, when it was built from this frequency list; None otherwise."""
    index = read_index(path())
    if index is None:
        return None
    meta, data = index
    forms = indexed_forms(frequencies.buckets)
    slots = (1 << SLOT_BITS) + 1
    if (meta.get("format") != FORMAT or meta.get("rarest") != INDEXED_RAREST
            or meta.get("slot_bits") != SLOT_BITS or meta.get("forms") != len(forms)
            or len(data) % 4 or len(data) < 4 * slots or meta.get("forms_digest") != forms_digest(forms)):
        return None
    starts, ids = array("I"), array("I")
    starts.frombytes(data[:4 * slots])
    ids.frombytes(data[4 * slots:])
    if sys.byteorder == "big":
        starts.byteswap()
        ids.byteswap()
    if starts[-1] != len(ids) or (ids and max(ids) >= len(forms)):
        return None
    return Deletes(forms, starts, ids)


def main() -> None:
    from . import frequency

    source = frequency.list_path()
    if source is None:
        raise SystemExit("wordfreq's Arabic list is not installed")
    data = build(frequency.read_list(source))
    path().write_bytes(data)
    print(f"{path()}: {len(data)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
