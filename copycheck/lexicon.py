"""Learn a newsroom lexicon from an archive: words Hunspell rejects that recur across documents.

In professional news copy nearly every word Ayaspell rejects is a name or a modern word (ترمب،
الحوثيين، تويتر). Mining an archive for those that recur in many documents (and outlets) gives a
word list an editor can review in minutes. Orthographic errors are kept out (a word whose hamza,
ta marbuta or alef maqsura variant is a dictionary word is a mistake, not a name), and clitics are
stripped so بداعش، لداعش and والحوثيين count towards داعش and حوثيين: the speller adds lexicon words
with prefix flags, so the prefixed forms pass again.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from .errors import InputError
from .speller import Speller, iter_words, normalise_for_lookup


class Entry(NamedTuple):
    word: str
    count: int  # occurrences, all prefixed forms included
    documents: int  # documents it occurs in
    sources: int = 1  # distinct sources (outlets, files) it occurs in


class SourceText(NamedTuple):
    text: str
    source: str = ""


# Proclitics, longest first. Only the bare article ال is stripped unconditionally: every other
# string also begins names (بوريطة، فيسبوك، كاليفورنيا، والتر، بالتيمور، فالنسيا، and لليفربول is
# ل + ليفربول), so it is stripped only when the rest occurs on its own in the archive.
PROCLITICS = ("وبال", "فبال", "وكال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
              "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
MIN_STEM = 3  # shorter remainders are too often accidents (بان → ان)


# --- reading archives --------------------------------------------------------------------------

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def read_texts(paths: Iterable[str | os.PathLike[str]], field: str = "text",
               source_field: str | None = "source") -> Iterator[SourceText]:
    """Documents from text files (one per file), directories (walked) and JSONL files.

    In JSONL every line is a record; `field` is a dotted path to its text ("text", "body.plain"),
    `source_field` (dotted too) names its outlet when present. Other documents take their source
    from the path given. Unreadable files and malformed lines raise InputError.
    """
    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and _is_supported(p))
        elif root.exists():
            files = [root]
        else:
            raise InputError("no such file or directory", path=str(root))
        for path in files:
            if _is_jsonl(path):
                yield from _read_jsonl(path, field, source_field)
            else:
                yield SourceText(_read_text(path), str(root))


def _is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def _is_supported(path: Path) -> bool:
    return _is_jsonl(path) or path.name.lower().endswith(TEXT_SUFFIXES)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path=str(path)) from None


def _open_lines(path: Path) -> TextIO:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return path.open(encoding="utf-8")


def _dotted(record: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(record, dict) or part not in record:
            return None
        record = record[part]
    return record


def _read_jsonl(path: Path, field: str, source_field: str | None) -> Iterator[SourceText]:
    try:
        with _open_lines(path) as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    raise InputError("malformed JSON line", path=str(path), line=number) from None
                text = _dotted(record, field)
                if isinstance(text, str):
                    source = _dotted(record, source_field) if source_field else None
                    yield SourceText(text, str(source) if source is not None else str(path))
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path=str(path)) from None


# --- learning ----------------------------------------------------------------------------------


class _Tally:
    """Per rejected word: occurrences, the documents and the sources it was seen in."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.documents: defaultdict[str, set[int]] = defaultdict(set)
        self.sources: defaultdict[str, set[str]] = defaultdict(set)

    def add(self, word: str, times: int, document: int, source: str) -> None:
        self.count[word] += times
        self.documents[word].add(document)
        self.sources[word].add(source)


# Classic orthographic errors that a sloppy archive may well write more often than the correct
# form: never learned, whatever the counts say.
_NEVER_LEARN_WORDS = """
الى فى ان الذى التى اللذى هى اذا انه انها انهم ايضا اي الا او اذ اول اخرى امام لان بان وان
فان ابريل اكثر اكد اعلن اضاف الي الان ال
مازال مازالت مازالوا مايزال لازال لازالت لازلنا مازلنا لايزال لاتزال لايمكن لاشك
"""  # the last line: لا/ما written onto the verb, a spacing error rather than a word
NEVER_LEARN = frozenset(_NEVER_LEARN_WORDS.split())


def learn(texts: Iterable[str | SourceText], speller: Speller, min_docs: int = 3,
          min_sources: int = 1, min_length: int = 2, min_ratio: float = 2.0,
          progress: Callable[[int], None] | None = None) -> list[Entry]:
    """Words the speller rejects that occur in at least `min_docs` documents and `min_sources`
    sources, clitics stripped, most widespread first. `progress` is called with 1 per document.

    A word whose hamza, ta marbuta or alef maqsura variant is a dictionary word is an
    orthographic error and left out, unless the archive writes it at least `min_ratio` times as
    often as that variant: then it is the archive's spelling of a name or modern word that
    Ayaspell happens to shadow (إدلب/أدلب، تغريدة/تغريده، مايك/مائك). NEVER_LEARN is never learned.
    The speller should be built without the lexicon being learned (`Speller(lexicons=[])`).
    """
    tally, totals = _tally_rejected_words(texts, speller, progress)

    def learnable(word: str) -> bool:
        verdict = speller.verdict(word)
        if verdict.status == "ok" or word in NEVER_LEARN:
            return verdict.status == "ok"
        if verdict.status in ("unknown", "unrecognised"):
            return True
        rivals = max((totals[v] for v in speller.dictionary_variants(word)), default=0)
        return totals[word] > 0 and totals[word] >= min_ratio * rivals

    stems = _stem_map(tally, learnable)
    merged = _Tally()
    for word, stem in stems.items():
        if not learnable(word):
            continue
        merged.documents[stem].update(tally.documents[word])
        merged.sources[stem].update(tally.sources[word])
        merged.count[stem] += tally.count[word]
    entries = [
        Entry(stem, merged.count[stem], len(merged.documents[stem]), len(merged.sources[stem]))
        for stem in merged.count
        if len(merged.documents[stem]) >= min_docs and len(merged.sources[stem]) >= min_sources
        and len(stem) >= min_length
    ]
    entries.sort(key=lambda e: (-e.documents, -e.count, e.word))
    return entries


def _tally_rejected_words(texts: Iterable[str | SourceText], speller: Speller,
                          progress: Callable[[int], None] | None) -> tuple[_Tally, Counter[str]]:
    """Tally the words Hunspell rejects (unknown or orthographic), and count every word: the
    totals decide whether a shadowed spelling is the archive's own."""
    tally = _Tally()
    totals: Counter[str] = Counter()
    for number, item in enumerate(texts):
        text, source = (item.text, item.source) if isinstance(item, SourceText) else (item, "")
        counts = Counter(normalise_for_lookup(w.text) for w in iter_words(text))
        totals.update(counts)
        for word, times in counts.items():
            if word and speller.verdict(word).status != "ok":
                tally.add(word, times, number, source)
        if progress is not None:
            progress(1)
    return tally, totals


def _stem_map(tally: _Tally, learnable: Callable[[str], bool]) -> dict[str, str]:
    """Map each rejected word to the stem it is listed under, dropping those whose stem is not
    learnable (an orthographic error). Whether a bare stem is a dictionary word is deliberately
    not asked: Ayaspell accepts so many short verb forms (يتر، وريس) that بيتر would become ب + يتر."""
    attested = attested_stems(tally.count)
    stems = {}
    for word in tally.count:
        stem = reduce_clitics(word, attested)
        if learnable(stem):
            stems[word] = stem
    return stems


def _strip_article(word: str) -> str:
    if word.startswith("ال") and len(word) - 2 >= MIN_STEM:
        return word[2:]
    return word


def attested_stems(counts: Counter[str] | dict[str, int]) -> Counter[str]:
    """Occurrences of each form on its own or after the article alone (داعش، الحوثيين → حوثيين)."""
    attested: Counter[str] = Counter()
    for word, count in counts.items():
        attested[_strip_article(word)] += count
    return attested


def reduce_clitics(word: str, attested: Counter[str] | dict[str, int] | None = None) -> str:
    """The stem a (normalised) word is listed under: بداعش → داعش, والحوثيين → حوثيين.

    The article ال is always stripped. Any other proclitic string (و ف ب ل ك، وال، بال، لل …) is
    stripped only when the rest is attested on its own (see attested_stems) at least half as
    often as the whole word, so بوريطة and كاليفورنيا stay whole. Without `attested` only ال goes.
    """
    stem = _strip_article(word)
    if stem != word:
        return stem
    attested = attested or {}
    own = attested.get(word, 0)
    for prefix in PROCLITICS:
        rest = word[len(prefix):]
        if not word.startswith(prefix) or len(rest) < MIN_STEM:
            continue
        if attested.get(rest, 0) >= max(1, own / 2):
            return rest
    return word


# --- the reviewed word-list format -------------------------------------------------------------

HEADER = """\
# {title}
# Words Hunspell (Ayaspell) rejects that recur across documents: names and modern words.
# One word per line; the optional tab-separated columns are occurrences, documents and sources.
# Lines starting with # are comments. copycheck adds each word with the prefixes و ف ب ل ك ال.
# word\tcount\tdocuments\tsources
"""


def format_lexicon(entries: Iterable[Entry], title: str = "copycheck lexicon") -> str:
    lines = [HEADER.format(title=title)]
    lines.extend(f"{e.word}\t{e.count}\t{e.documents}\t{e.sources}\n" for e in entries)
    return "".join(lines)


def write_lexicon(entries: Iterable[Entry], path: str | os.PathLike[str],
                  title: str = "copycheck lexicon") -> None:
    """Write entries in the word-list format the speller loads (first column = the word)."""
    Path(path).write_text(format_lexicon(entries, title), encoding="utf-8")


def parse_lexicon(text: str) -> list[Entry]:
    """Entries of a word list; plain lines without counts get zeros."""
    entries = []
    for line in text.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        numbers = [int(f) if f.isdigit() else 0 for f in fields[1:4]]
        numbers += [0] * (3 - len(numbers))
        entries.append(Entry(normalise_for_lookup(fields[0]), *numbers))
    return entries


def read_lexicon(path: str | os.PathLike[str]) -> list[Entry]:
    try:
        return parse_lexicon(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path=str(path)) from None
