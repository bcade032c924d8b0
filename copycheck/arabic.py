"""Arabic character classes and the normalisation used for matching only.

Normalised forms are never reported or written back: findings always point at the text as given.
"""

from __future__ import annotations

import re

# Character-class bodies (no brackets) so they can be combined inside other classes.
LETTERS = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufd3d\ufd50-\ufdfb\ufe70-\ufefc"
)
TASHKEEL = "\u064b-\u065f\u0670"
MARKS = "\u0610-\u061a" + TASHKEEL + "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08ca-\u08ff"
TATWEEL = "\u0640"
JOINERS = "\u200c\u200d"

# Stdlib `re`: it scans a class of code-point ranges several times faster than `regex`.
STRIPPED_CHARACTERS = re.compile(f"[{MARKS}{TATWEEL}{JOINERS}]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"})


# Translate tables: match_key runs on every word of every text, and str.translate is much faster
# than regex.sub. The first deletes exactly what STRIPPED_CHARACTERS matches (all of it lies in
# U+0600–U+08FF, or is tatweel or a joiner); the second also folds the letters.
_STRIP = {**{code: None for code in range(0x0600, 0x0900) if STRIPPED_CHARACTERS.match(chr(code))},
          **{ord(c): None for c in TATWEEL + JOINERS}}
_KEY = {**_STRIP, **_FOLD}


def _as_list(table: dict[int, str | None]) -> list[int | str | None]:
    """The table indexed by code point up to its last entry. translate reads a list twice as
    fast as a dict (no hashing), and leaves characters past its end as they are (IndexError is
    the LookupError that means "unchanged")."""
    return [table.get(code, code) for code in range(max(table) + 1)]


_STRIP_TABLE = _as_list(_STRIP)
KEY_TABLE = _as_list(_KEY)  # `str.translate` table of match_key


def strip_marks(word: str) -> str:
    """Remove tashkeel, tatweel and joiners: the written letters only."""
    return word.translate(_STRIP_TABLE)


def match_key(word: str) -> str:
    """The key two spellings share when they differ only in marks, hamza seat, ى/ي or ة/ه."""
    return word.translate(KEY_TABLE)


# Only script variants of one letter: wasla alif and the Persian yeh and kaf. Hamza seats, آ, ى/ي
# and ة/ه tell function words from other words (`آن` is no `أن`, `آلي` no `إلى`, `علي` no `على`).
_FUNCTION_FOLD = str.maketrans({"ٱ": "ا", "ی": "ي", "ک": "ك"})
FUNCTION_KEY_TABLE = _as_list({**_STRIP, **_FUNCTION_FOLD})


def function_key(word: str) -> str:
    """The key of a word as a function word (a preposition, a particle): marks stripped, letters
    as written. Coarser keys turn content words into particles (`آن`, `آلي`, `علي`, `لدي`), so
    each accepted spelling of a particle is listed where it is needed (`إلى`, `الى`)."""
    return word.translate(FUNCTION_KEY_TABLE)


_FOLDED_PAIRS = [(chr(code), letter) for code, letter in _FOLD.items()]
_SEPARATOR = "\x00"


def match_keys(words: list[str]) -> list[str]:
    """`match_key` of every word, for the many words of a text at once: the words are joined, each
    fold is one `str.replace` and the marks one `re.sub` over the whole (translate costs about
    20 ns per character, these a fraction of that), then split again."""
    joined = _SEPARATOR.join(words)
    if joined.count(_SEPARATOR) != max(len(words) - 1, 0):
        return [match_key(word) for word in words]  # a word holds the separator itself
    for variant, letter in _FOLDED_PAIRS:
        joined = joined.replace(variant, letter)
    return STRIPPED_CHARACTERS.sub("", joined).split(_SEPARATOR) if words else []
