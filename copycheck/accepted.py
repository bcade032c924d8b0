"""Which forms of the frequency list the shipped dictionary accepts, worked out once and shipped.

A cold run asks Hunspell about tens of thousands of forms (the text's words, their orthographic
variants, the candidates of typo corrections), 15 µs a hit and 55 µs a miss on Ayaspell, and most
of those forms are in wordfreq's list. `dictionaries/accepted.bin` holds one byte per kept form of
the list, in the list's order: 1 when Ayaspell with the newsroom lexicon accepts it. It answers
only for the exact files it was built from (their digests are its header), and user word lists can
only add words: with them a form marked 0 is still asked of Hunspell.

    python -m copycheck.accepted        # rebuild after changing ar.aff, ar.dic, newsroom.txt or wordfreq
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Container, Iterable, Sequence
from itertools import chain, compress
from pathlib import Path
from typing import NamedTuple

from .resources import data_path, forms_digest, pack_index, read_index

FILE_NAME = "accepted.bin"
FORMAT = 1


_INVERTED = bytes.maketrans(b"\x00\x01", b"\x01\x00")


class Accepted(NamedTuple):
    rejected: frozenset[str]  # the list's forms the dictionary rejects (the fewer: quicker to load)
    listed: Container[str]  # every form the index answers for (the frequency list)

    def accepts(self, form: str) -> bool | None:
        """The dictionary's answer for a form of the list; None for a form the list lacks."""
        if form not in self.listed:
            return None
        return form not in self.rejected


def digest_of(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def path() -> Path:
    return data_path("dictionaries") / FILE_NAME


def load(dictionary_digest: str, buckets: Sequence[Sequence[str]],
         listed: Container[str]) -> Accepted | None:
    """The shipped index, when it was built from this dictionary and this frequency list."""
    index = read_index(path())
    if index is None:
        return None
    meta, flags = index
    forms = list(chain.from_iterable(buckets))
    if (meta.get("format") != FORMAT or meta.get("dictionary") != dictionary_digest
            or meta.get("forms") != len(forms) or len(flags) != len(forms)
            or meta.get("forms_digest") != forms_digest(forms)):
        return None
    return Accepted(frozenset(compress(forms, flags.translate(_INVERTED))), listed)


def build(dictionary_digest: str, buckets: Sequence[Sequence[str]],
          spell: Callable[[str], bool]) -> bytes:
    """The index file's bytes: a JSON header line, then a byte per form."""
    forms = list(chain.from_iterable(buckets))
    flags = bytes(bool(spell(form)) for form in forms)
    header = {"format": FORMAT, "dictionary": dictionary_digest, "forms": len(forms),
              "forms_digest": forms_digest(forms), "accepted": sum(flags)}
    return pack_index(header, flags)


def main() -> None:
    from . import frequency
    from .speller import Speller

    speller = Speller(persistent_cache=False, use_frequencies=False)
    source = frequency.list_path()
    if source is None:
        raise SystemExit("wordfreq's Arabic list is not installed")
    buckets = frequency.read_list(source)
    data = build(speller.dictionary_digest, buckets, speller.hunspell_accepts)
    path().write_bytes(data)
    print(f"{path()}: {len(data)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
