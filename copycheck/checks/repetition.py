"""`kind: repetition`: the same words written twice, as a stutter, a pasted phrase or a passage.

Words are compared by `match_key` (marks, hamza seats, ى/ي, ة/ه folded); with `compare: letters`
a repeat found so must also agree letter for letter (على and علي are two words). Numbers and Latin
words take part as written, punctuation is skipped. One pass over the text keeps, for every run of
`min_words` keys, where it was last (or first) seen; a hit is extended word by word to the whole
repeated run, and the scan resumes after it. Every word is looked up once and compared at most
once per extension step, so the work grows linearly with the text, never with pairs of positions.

A copy-paste differs from a parallel in what surrounds the copies, and each test below reads only
the words of one candidate and its neighbours: a paste repeats a run with nothing new between the
copies (`between`), carries its whole clause (`whole_clause`), and is not a person's styling made
of titles and honorifics (`titles`); a parallel repeats a short head and goes on differently.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, pairwise
from typing import TYPE_CHECKING

import regex

from ..arabic import MARKS, match_key, strip_marks
from ..document import Document, Span, TokenColumns, per_document
from ..findings import Hit
from .sentence import is_heading, quotation_test

if TYPE_CHECKING:
    from . import Environment

KIND = "repetition"
REACHES = ("adjacent", "near", "far")
_SNIPPET_WORDS = 6
_FILTER_WORDS = 3  # grams this long or longer are looked for only where their start repeats
_SENTENCE_BREAK = regex.compile(r"\n|[.!?؟](?!\.)")


@dataclass(frozen=True)
class Options:
    # Shortest run that counts as a repetition.
    min_words: int = 3
    # adjacent: the copy follows at once (`في في`); near: at most `window` words after the first
    # copy, in the same sentence; far: anywhere else in the text (what `near` would not catch).
    reach: str = "near"
    window: int = 6
    # Runs that are correct when repeated, written once (`خطوة` allows `خطوة خطوة`), compared
    # after normalisation.
    exceptions: Sequence[str] = ()
    # Or a regex that the normalised run matches in full (the doubled nisba `الفلسطينية الفلسطينية`
    # of talks between two sides of one nation).
    exception_pattern: str | None = None
    # Phrases in which a repeat is correct, written in full with the context that makes it so
    # (`ولي ولي العهد`, the deputy crown prince): a repeat is allowed where the text around it
    # reads as the phrase.
    exception_phrases: Sequence[str] = ()
    # "match": words compared by match_key; "letters": the copies must also agree once only marks
    # and tatweel are stripped, so that words that differ in a letter (على/علي, آ/ا) never count
    # as the same word.
    compare: str = "match"
    # adjacent: leave alone the doubles Arabic writes on purpose (see `_emphatic`).
    emphatic: bool = False
    # near: the words that may stand between a copy and its paste («، السيد …», «أي …»), besides
    # the `titles`; None: any words (up to `window`).
    between: Sequence[str] | None = None
    # Titles, honorifics and name particles (`صاحب`, `السمو`, `الشيخ`, `بن`): a run made of them
    # for more than `max_title_share` is a person's styling, repeated by convention with each name.
    titles: Sequence[str] = ()
    max_title_share: float = 0.5
    # Report a run only when each copy ends its clause (punctuation or the end of the paragraph
    # follows it): a pasted clause carries its clause to the end, a parallel goes on differently.
    whole_clause: bool = False
    # far: report a repeat only when each copy is a whole sentence, or when it is at least this
    # many words long and both copies lie in one paragraph; 0: any repeat.
    paragraph_words: int = 0


@dataclass(frozen=True)
class _Terms:
    """The words of a text as the scan sees them: keys to compare, tokens to report."""

    tokens: TokenColumns
    keys: Sequence[str]


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    if options.reach not in REACHES:
        raise ValueError(f"reach must be one of {', '.join(REACHES)}, not {options.reach!r}")
    if options.compare not in COMPARISONS:
        raise ValueError(f"compare must be one of {', '.join(COMPARISONS)}, not {options.compare!r}")
    if options.min_words < 1 or options.window < 0:
        raise ValueError("min_words must be at least 1 and window at least 0")
    if not 0 <= options.max_title_share <= 1:
        raise ValueError("max_title_share must be between 0 and 1")
    exceptions = {" ".join(map(match_key, text.split())) for text in options.exceptions}
    phrases = [tuple(map(match_key, text.split())) for text in options.exception_phrases]
    try:
        allowed = regex.compile(options.exception_pattern or r"(?!)", regex.VERSION1)
    except regex.error as error:
        raise ValueError(f"invalid exception_pattern: {error}") from None
    # A user's pattern runs under the time limit (a catastrophic one becomes an error naming the
    # rule, not a hang); the built-in one is tested linear.
    allowed_run = env.limited(allowed.fullmatch)
    words = _Words(frozenset(map(match_key, options.titles)),
                   None if options.between is None else frozenset(map(match_key, options.between)))

    def check(doc: Document) -> Iterator[Hit]:
        terms = terms_of(doc)
        found = []
        for second, first, length in _repeats(doc, terms, options,
                                              _accepts(doc, terms, options, words)):
            run = " ".join(terms.keys[second:second + length])
            if (run not in exceptions and not allowed_run(run)
                    and not _in_phrase(terms, phrases, first, second + length)):
                found.append((run, second, first, length))
        if options.emphatic and found:  # most texts have no double to judge
            found = _unless_spelt_so(terms, found)
        for _run, second, first, length in found:
            yield _hit(doc, terms, options, second, first, length)

    return check


def _unless_spelt_so(terms: _Terms,
                     found: list[tuple[str, int, int, int]]) -> list[tuple[str, int, int, int]]:
    """Without the doubles of a name that the text writes more than once (a player «عامر عامر»
    mentioned three times): a slip of the keyboard does not come back the same, a person's name
    does. Particles and words with the article are never names, and their doubles stay."""
    counts = _doubled_words(terms)
    return [item for item in found
            if item[3] != 1 or counts[item[0]] < 2 or _DEFINITE.match(item[0]) or len(item[0]) < 3]


def _doubled_words(terms: _Terms) -> Counter[str]:
    """How often each word stands twice in a row in the text (one pass, reported or not)."""
    keys = terms.keys
    return Counter(match_key(key) for key, after in pairwise(keys) if key == after)


COMPARISONS = ("match", "letters")


@dataclass(frozen=True)
class _Words:
    """The word lists of a rule, as match keys."""

    titles: frozenset[str]
    between: frozenset[str] | None


@per_document  # the three repetition rules read the same terms
def terms_of(doc: Document) -> _Terms:
    terms = doc.token_columns.compress(map("punct".__ne__, doc.token_columns.kinds))
    return _Terms(terms, terms.match_keys())


def _in_phrase(terms: _Terms, phrases: Sequence[tuple[str, ...]], start: int, end: int) -> bool:
    """Whether the words start..end (both copies) lie inside one of the exception phrases as the
    text reads it around them. Only reported runs get here, and each phrase is a few words."""
    run = tuple(terms.keys[start:end])
    for phrase in phrases:
        for offset in range(len(phrase) - len(run) + 1):
            if (phrase[offset:offset + len(run)] == run and start >= offset
                    and tuple(terms.keys[start - offset:start - offset + len(phrase)]) == phrase):
                return True
    return False


def _same_letters(terms: _Terms, first: int, second: int, length: int) -> bool:
    """Whether the copies agree letter for letter once the marks are stripped. The scan compares
    match keys, which fold letters; this test runs on the few repeats it finds, so comparing
    letters costs nothing on the many words that repeat nothing."""
    texts = terms.tokens.texts
    return all(strip_marks(texts[first + i]) == strip_marks(texts[second + i])
               for i in range(length))


@per_document
def _headings(doc: Document) -> list[Span]:
    return [p for p in doc.paragraphs if is_heading(doc, p)]


def _accepts(doc: Document, terms: _Terms, options: Options,
             words: _Words) -> Callable[[int, int, int], bool]:
    """Whether a copy of `length` words at `second` counts as repeating the one at `first`.

    What it reads of the Document (quotations, headings) is looked up only when a candidate
    gets that far: most texts have none, and the three rules share it when they do."""
    starts, ends = terms.tokens.starts, terms.tokens.ends

    def within_sentence(first: int, second: int, length: int) -> bool:
        if second - first - length > options.window:  # first, so that the slice below stays short
            return False
        # A paragraph break between the copies (a headline and its lead) is deliberate, and a
        # sentence may well start with the words the previous one ended with.
        between = doc.text[starts[first]:starts[second]]
        return (not _SENTENCE_BREAK.search(between)
                and not _parallel_figures(terms, first, second, length)
                and not quotation_test(doc)(starts[second]))

    def pasted(first: int, second: int, length: int) -> bool:
        """Not a person's styling, and each copy ends its clause when the rule asks for it."""
        return ((options.compare == "match" or _same_letters(terms, first, second, length))
                and _title_share(terms, words.titles, second, length) <= options.max_title_share
                and (not options.whole_clause
                     or all(_ends_clause(doc, ends[copy + length - 1]) for copy in (first, second))))

    def near(first: int, second: int, length: int) -> bool:
        # Between a copy and its paste stand only glue words («، السيد …»); other words between
        # make a sentence that names the same thing twice («رئيس الحكومة … أمس أن رئيس الحكومة»).
        if not within_sentence(first, second, length):
            return False
        if words.between is not None and not (
                all(match_key(key) in words.between or match_key(key) in words.titles
                    for key in terms.keys[first + length:second])
                and not _chanted(doc, terms, first, second, length)):
            return False
        return pasted(first, second, length)

    def adjacent(first: int, second: int, length: int) -> bool:
        # Only spaces between the copies and inside them: «نعم، نعم», a line break and a list
        # («آل فلان، فلانة آل فلان») are deliberate.
        if second != first + length:
            return False  # most candidates: the same word again further on
        last = second + length - 1
        return (all(doc.text[ends[i]:starts[i + 1]].strip(" \t\u00a0") == ""
                    for i in range(first, last))
                and (options.compare == "match" or _same_letters(terms, first, second, length))
                # «1 1» is a score, «و117 و117» two places tied in a ranking
                and all(kind == "arabic" for kind in terms.tokens.kinds[second:second + length])
                and not (options.emphatic
                         and _emphatic(doc, terms, first, second, length, words.titles)))

    def far(first: int, second: int, length: int) -> bool:
        # A lead that repeats its headline, or a body that repeats the summary paragraph at its
        # top, is how articles are written, not a pasting slip.
        if within_sentence(first, second, length) or not pasted(first, second, length):
            return False
        start, lead = starts[first], _standfirst(doc)
        summarised = lead is not None and _in_span([lead], start) and not _in_span(
            [lead], starts[second])
        return (not _in_span(_headings(doc), start) and not summarised
                and not _quoted(doc, starts[first], starts[second])
                and _whole_passage(doc, terms, options, first, second, length))

    return {"adjacent": adjacent, "near": near, "far": far}[options.reach]


_LIST_WORDS = 6  # a run shorter than this with a comma inside is a list, not a pasted title


def _chanted(doc: Document, terms: _Terms, first: int, second: int, length: int) -> bool:
    """Whether a phrase said twice at once is written so on purpose: a call or a chant, where the
    phrase is the whole utterance after a colon («هتفوا: عاش الوطن عاش الوطن،») or itself a
    phrase said over and over («X، X، X»); or a list: a run that ends on «و» or «أو», or one
    whose names share their words («مريم آل فلان، نورة آل فلان، …»). A pasted title sits inside
    its sentence, its words joined."""
    starts, ends, keys = terms.tokens.starts, terms.tokens.ends, terms.keys
    utterance = (_after_colon(doc.text, starts[first])
                 and _ends_clause(doc, ends[second + length - 1]))
    half, odd = divmod(length, 2)
    over_and_over = not odd and keys[first:first + half] == keys[first + half:first + length]
    listed = keys[first + length - 1] in _CONJUNCTIONS or (length < _LIST_WORDS and any(
        doc.text[ends[i]:starts[i + 1]].strip(" \t\u00a0") for i in range(first, first + length - 1)))
    return utterance or over_and_over or listed


def _after_colon(text: str, offset: int) -> bool:
    index = offset - 1
    while index >= 0 and offset - index <= 8 and text[index] in _OPENERS:
        index -= 1
    return index >= 0 and text[index] == ":"


def _quoted(doc: Document, first: int, second: int) -> bool:
    """Whether either copy lies in a quotation: a statement quoted again, or summed up before the
    quotation that gives it in full, is a citation, not a paste."""
    inside = quotation_test(doc)
    return inside(first) or inside(second)


def _whole_passage(doc: Document, terms: _Terms, options: Options, first: int, second: int,
                   length: int) -> bool:
    """Whether the copies are what a paste leaves: each a whole sentence, or (from
    `paragraph_words` words) a long clause twice in one paragraph. Articles retell a fact in a
    later paragraph in the same words, and those repeats start in the middle of a sentence."""
    if not options.paragraph_words:
        return True
    starts, ends = terms.tokens.starts, terms.tokens.ends
    copies = [(starts[copy], ends[copy + length - 1]) for copy in (first, second)]
    if any("\n" in doc.text[start:end] for start, end in copies):
        return False  # a run across a line break is a headline or a link line said again
    # A pasted sentence: both copies start a sentence, and one ends it (the other copy may be
    # the original going on, or the paste cut short).
    if (all(_starts_sentence(doc.text, start) for start, _ in copies)
            and any(_SENTENCE_END.match(doc.text, end) for _, end in copies)):
        return True
    if length < options.paragraph_words:
        return False
    return _paragraph_of(doc, starts[first]) == _paragraph_of(doc, starts[second])


_OPENERS = " \t\u00a0\"«“(*"
_SENTENCE_END = regex.compile(r"[ \t\u00a0\"»”')\]]*(?:$|[\r\n.!?؟])")


def _starts_sentence(text: str, offset: int) -> bool:
    """Whether only opening marks stand between the offset and a line start or a full stop (a
    dash opens a list item, whose items repeat their wording on purpose)."""
    index = offset - 1
    while index >= 0 and offset - index <= 8 and text[index] in _OPENERS:
        index -= 1
    return index < 0 or text[index] in "\n.!?؟"


def _paragraph_of(doc: Document, offset: int) -> int:
    return bisect_right(doc.paragraphs, (offset, float("inf"))) - 1


# What may follow a copy that ends its clause: the end of the text or line, or a mark that closes
# a clause, a quotation or a bracket.
_CLAUSE_END = regex.compile(r"[ \t\u00a0]*(?:$|[\r\n.،,؛;:!?؟…»\"”')\]}])")


def _ends_clause(doc: Document, offset: int) -> bool:
    return _CLAUSE_END.match(doc.text, offset) is not None


_CLITICS = ("و", "ف", "ب", "ل")


def _title_share(terms: _Terms, titles: frozenset[str], start: int, length: int) -> float:
    """The share of the run's words that are titles, honorifics or name particles (a clitic
    «و» or «ل» before them allowed: «وصاحب السمو»)."""
    if not titles:
        return 0.0

    return sum(_is_title(key, titles) for key in terms.keys[start:start + length]) / length


_MARK = regex.compile(f"[{MARKS}]")
_DEFINITE = regex.compile(r"^(?:[وفبكل]?ال|[وف]?لل)")
# Words that end in alif without being an indefinite accusative: the endings of pronouns (ها، نا،
# هما، كما) and of the plural verb (وا), and the particles and demonstratives.
_PRONOUN_ENDING = regex.compile(r"(?:ها|نا|وا|هما|كما)$")
_PARTICLES = frozenset([
    "هذا", "هكذا", "إذا", "اذا", "لذا", "كذا", "ماذا", "لماذا", "أيضا", "ايضا", "إلا", "الا",
    "كلا", "لولا", "لوما", "لما", "كما", "بما", "مما", "عما", "فيما", "ربما", "إنما", "انما",
    "أنما", "لكنما", "كلما", "حينما", "بينما", "عندما", "طالما", "مثلما", "أينما", "حيثما"])


def _emphatic(doc: Document, terms: _Terms, first: int, second: int, length: int,
              titles: frozenset[str]) -> bool:
    """Whether a double reads as written on purpose. A typing slip falls inside a phrase; the
    doubles of emphasis and distribution close their clause (`الكثير الكثير،`, `شعرة شعرة.`), are
    spoken (in a quotation, or after a colon: `قال: (الله الله …`), repeat an indefinite
    accusative (`بابا بابا`, `فصلاً فصلاً`: one by one), or are two words that the marks tell
    apart (`مَنْ مِنْ`). A run that ends on «و» or «أو» is a list (`إنتر ميلان و ميلان و روما`),
    and a bare word doubled beside a title is a person's name (`رئيس الاتحاد أحمد أحمد`)."""
    starts, ends, texts = terms.tokens.starts, terms.tokens.ends, terms.tokens.texts
    if (_ends_clause(doc, ends[second + length - 1]) or quotation_test(doc)(starts[first])
            or _after_colon(doc.text, starts[first])):
        return True
    if length != 1:
        return terms.keys[second + length - 1] in _CONJUNCTIONS
    word, again = texts[first], texts[second]
    if _inner_marks(word) != _inner_marks(again):
        return True
    return (word.endswith(("ً", "اً", "ًا")) or _indefinite_accusative(strip_marks(word))
            or _named(terms, titles, first, second))


_CONJUNCTIONS = frozenset(["و", "أو", "او"])


def _inner_marks(word: str) -> list[tuple[int, str]]:
    """The marks of a word but those on its last letter, with their places: a vowel inside a
    word tells which word it is (مَن، مِن), the ending only its case (الوزيرُ)."""
    letters = _MARK.sub("", word)
    marks, seen = [], 0
    for char in word:
        if _MARK.match(char):
            if seen < len(letters):
                marks.append((seen, char))
        else:
            seen += 1
    return marks


def _named(terms: _Terms, titles: frozenset[str], first: int, second: int) -> bool:
    """A bare word (no article, not a title itself) doubled just after a title or a role, or
    right before one: `أحمد أحمد`, a man's given name and surname, in «رئيس الاتحاد أحمد أحمد»,
    «الكاتبة سارة سارة» or «أحمد أحمد رئيس الاتحاد»."""
    key = match_key(terms.keys[first])
    if not titles or _is_title(key, titles) or _DEFINITE.match(key):
        return False
    beside = [terms.keys[i] for i in (first - 2, first - 1, second + 1) if 0 <= i < len(terms.keys)]
    return any(_is_title(word, titles) for word in beside)


def _is_title(word: str, titles: frozenset[str]) -> bool:
    """Whether a word is one of the titles, a clitic «و» or «ل» before it allowed."""
    key = match_key(word)
    return key in titles or (key[:1] in _CLITICS and key[1:] in titles)


def _indefinite_accusative(letters: str) -> bool:
    """An unvowelled word that reads as an indefinite accusative: alif at the end, no article."""
    bare = letters[1:] if letters[:1] in ("و", "ف") and letters[1:] in _PARTICLES else letters
    return (len(letters) >= 3 and letters.endswith("ا") and not _DEFINITE.match(letters)
            and bare not in _PARTICLES and not _PRONOUN_ENDING.search(letters))


@per_document
def _standfirst(doc: Document) -> Span | None:
    """The first paragraph of prose, when more paragraphs follow: a summary of the article."""
    headings = _headings(doc)
    prose = [p for p in doc.paragraphs if p not in headings]
    return prose[0] if len(prose) > 1 else None


def _parallel_figures(terms: _Terms, first: int, second: int, length: int) -> bool:
    """Figures repeat in parallel lists («22 في المئة من الفتيات و9 في المئة من الفتيان»,
    «خالد، البالغ من العمر 49 عاما، ومحمود، البالغ من العمر 32 عاما»)."""
    kinds = terms.tokens.kinds
    around = [kinds[i] for i in (first - 1, second - 1, first + length, second + length)
              if 0 <= i < len(kinds)]
    return "number" in around or "number" in kinds[second:second + length]


def _in_span(spans: list[Span], offset: int) -> bool:
    index = bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and offset < spans[index].end


def _repeats(doc: Document, terms: _Terms, options: Options,
             accepts: Callable[[int, int, int], bool]) -> Iterator[tuple[int, int, int]]:
    """(second, first, length) for each repeated run, longest first match, never overlapping."""
    keys, size = terms.keys, options.min_words
    seen: dict[Hashable, int] = {}
    resume = 0  # positions before this belong to a run already reported
    keep_earliest = options.reach == "far"  # the others keep the latest copy that does not overlap
    for second, gram in _grams(doc, terms, size):
        first = seen.setdefault(gram, second)
        if first == second:
            continue  # the first copy
        overlapping = first + size > second
        if not (keep_earliest or overlapping):
            seen[gram] = second
        if second < resume or overlapping:
            continue
        length = _extend(keys, first, second, size) if (
            # most candidates end here, without the call
            second + size < len(keys) and keys[first + size] == keys[second + size]) else size
        resume = second + length  # judged as a whole: its tail is not looked at again
        if accepts(first, second, length):
            yield second, first, length


def _grams(doc: Document, terms: _Terms, size: int) -> Iterable[tuple[int, Hashable]]:
    """(position, gram) for every position whose gram of `size` words may occur twice.

    A gram that occurs once is only ever a first copy, so only positions whose first
    _FILTER_WORDS words occur again elsewhere are read (a few per cent of a text); the positions
    are found by counting in C, and shared by every rule with grams that long.
    """
    keys = terms.keys
    if size == 1:  # a gram of one word is the word itself: no tuple to build and hash
        return enumerate(keys)
    if size < _FILTER_WORDS:
        # All grams at once (zip runs in C); shorter tails end it.
        return enumerate(zip(*(keys[offset:] for offset in range(size)), strict=False))
    last = len(keys) - size  # the last position where a whole gram starts
    return ((position, tuple(keys[position:position + size]))
            for position in _repeated_prefixes(doc) if position <= last)


@per_document
def _repeated_prefixes(doc: Document) -> list[int]:
    """Positions whose first _FILTER_WORDS words occur at another position too."""
    keys = terms_of(doc).keys
    prefixes = list(zip(*(keys[offset:] for offset in range(_FILTER_WORDS)), strict=False))
    counts = Counter(prefixes)
    return list(compress(range(len(prefixes)), map((1).__lt__, map(counts.__getitem__, prefixes))))


def _extend(keys: Sequence[str], first: int, second: int, length: int) -> int:
    """Grow a matched run while the words still agree and the copies do not overlap."""
    while (second + length < len(keys) and first + length < second
           and keys[first + length] == keys[second + length]):
        length += 1
    return length


def _hit(doc: Document, terms: _Terms, options: Options, second: int, first: int,
         length: int) -> Hit:
    starts, ends = terms.tokens.starts, terms.tokens.ends
    start, end = starts[second], ends[second + length - 1]
    first_start, first_end = starts[first], ends[first + length - 1]
    location = doc.locate(first_start, first_end)
    args = {"first": _snippet(doc, terms.tokens, first, length), "words": str(length),
            "first_line": str(location.line), "first_column": str(location.column)}
    if options.reach == "adjacent":
        # Report both copies and keep the first: deleting the repeat is the whole fix.
        return Hit(first_start, end, (doc.text[first_start:first_end],), args)
    return Hit(start, end, (), args)


def _snippet(doc: Document, tokens: TokenColumns, first: int, length: int) -> str:
    """The run of `length` tokens from `first`, its middle elided when it is long."""
    last = first + length - 1
    if length <= _SNIPPET_WORDS:
        return doc.text[tokens.starts[first]:tokens.ends[last]]
    half = _SNIPPET_WORDS // 2
    head = doc.text[tokens.starts[first]:tokens.ends[first + half - 1]]
    tail = doc.text[tokens.starts[last - half + 1]:tokens.ends[last]]
    return f"{head} … {tail}"
