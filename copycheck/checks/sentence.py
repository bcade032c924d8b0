"""`kind: sentence`: sentences that were cut: a paragraph that stops mid-sentence, a verbless
fragment stranded between two full stops, a sentence that ends on a preposition, and brackets or
quotation marks left open.

`detect` picks the test. Sentence words, openers and formulas are compared by `match_key`, so
they may be written with or without hamza and tashkeel; function words by `function_key`, which
keeps hamza seats, آ and ى/ي apart (`آن` is no `أن`, `علي` no `على`), so each accepted spelling
of a particle is listed.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from ..arabic import function_key, match_key
from ..document import Document, Span, Token, lazy, per_document
from ..findings import Hit

if TYPE_CHECKING:
    from . import Environment

KIND = "sentence"
DETECTS = ("unterminated", "fragment", "dangling", "unbalanced")
EVIDENCE = ("any", "required", "absent")

# A paragraph is terminated when it ends on one of _TERMINAL_MARKS, perhaps followed by closing
# quotes and brackets (_CLOSERS), or on one of _CLOSING_ENDS alone.
_TERMINAL_MARKS = ".!?؟…:"
_CLOSERS = "»”\"'’)]"
_CLOSING_ENDS = "»”\")]"
_LIST_ITEM = regex.compile(r"^(?:[-–—•*·▪●]|\p{Nd}{1,2}[.)-](?!\p{Nd}))")
# Both are searched for only in the last characters of a sentence (they match at most 3 and 2):
# a search of the whole sentence for a pattern anchored at its end scans every character.
_ARABIC_END = regex.compile(r"\p{Arabic}\s?[.!?؟]$")
_INNER_BREAK = regex.compile(r"[،؛]|[.!?؟](?=\s)")
_FULL_STOP = regex.compile(r"(?<!\.)\s?\.$")
# Crawler and CMS lines: a link, or a list of tags, names or fixtures («أمطار - طقس - الرياض»,
# «#السعودية #الرياض»). Separators are single characters or a spaced dash: linear scans.
_LINK = re.compile(r"https?://|www\.|\.(?:com|net|org)\b", re.IGNORECASE)
_TAG_SEPARATOR = re.compile(r"\s[-–—]|[-–—]\s|[،,|/*•·#;؛]")
TAG_WORDS = 4  # the longest item of a tag list
SIGN_OFF_WORDS = 5  # the longest byline, caption or source after the last sentence
PROSE_WORDS = 8  # the shortest last sentence judged as prose in a text of one paragraph
# Fixtures and tables separate their items with dashes, stars, slashes; prose seldom has three.
_LIST_SEPARATOR = re.compile(r"\s[-–—]|[-–—]\s|[|/*•#]")
LIST_SEPARATORS = 3
_SEPARATOR_LINE = re.compile(r"[-_=*~—–ـ]{5,}")
HEADING_WORDS = 20  # the longest headline at the top of a text
LIST_ITEM_WORDS = 25  # the longest line of a list or timeline


@dataclass(frozen=True)
class Options:
    detect: str
    # unterminated: paragraphs shorter than this are headlines, bylines, captions or tag lines.
    min_words: int = 12
    # fragment: the longest sentence that can be a stranded fragment.
    max_words: int = 7
    # fragment: words that open or carry a real sentence (verbs, particles, pronouns).
    sentence_words: Sequence[str] = ()
    # fragment: words that open a sentence when they come first.
    openers: Sequence[str] = ()
    # fragment: a word with one of these prefixes (after و/ف) reads as an imperfect verb.
    verb_prefixes: Sequence[str] = ()
    # fragment: regexes a normalised word after و/ف matches in full when it is a verbal noun
    # (`وتخزين`, `وارتفاع`), which continues a list instead of opening a sentence.
    verbal_nouns: Sequence[str] = ()
    # dangling: words that cannot end a sentence (prepositions, conjunctions, relatives); the
    # fragment test reads the word after one as governed by it (no predicate).
    function_words: Sequence[str] = ()
    # fragment: complete sentences without a verb (greetings, sign-offs, religious formulas):
    # a sentence whose words begin with one of these is no fragment.
    formulas: Sequence[str] = ()
    # fragment: which verbless runs between two stops to report, by evidence of a cut or a paste
    # (its words repeated from elsewhere in the text, …): "required", "absent" (the runs without,
    # so that a rule of each kind never reports one run twice) or "any".
    evidence: str = "any"
    # unbalanced: pairs of opening and closing marks; a one-character entry pairs with itself.
    pairs: Sequence[str] = ("«»", "()", "[]", "“”", '"')


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    detectors = {"unterminated": _unterminated, "fragment": _fragments, "dangling": _dangling,
                 "unbalanced": _unbalanced}
    if options.detect not in detectors:
        raise ValueError(f"detect must be one of {', '.join(DETECTS)}, not {options.detect!r}")
    if options.evidence not in EVIDENCE:
        raise ValueError(f"evidence must be one of {', '.join(EVIDENCE)}, not {options.evidence!r}")
    if any(len(pair) not in (1, 2) for pair in options.pairs):
        raise ValueError("each entry of 'pairs' is an opening and a closing mark, or one mark")
    detector = detectors[options.detect]
    lexicon = _Lexicon(options, env)
    return lambda doc: detector(doc, options, lexicon)


@dataclass(frozen=True)
class _Lexicon:
    sentence_words: frozenset[str]
    openers: frozenset[str]
    verb_prefixes: tuple[str, ...]
    # fullmatch of the verbal-noun patterns, under the run's time limit: a user's catastrophic
    # pattern becomes an error naming the rule instead of a hang.
    verbal_noun: Callable[[str], object]
    function_words: frozenset[str]
    formulas: frozenset[tuple[str, ...]]

    def __init__(self, options: Options, env: Environment) -> None:
        object.__setattr__(self, "sentence_words", frozenset(map(match_key, options.sentence_words)))
        object.__setattr__(self, "openers", frozenset(map(match_key, options.openers)))
        object.__setattr__(self, "verb_prefixes", tuple(map(match_key, options.verb_prefixes)))
        try:
            pattern = regex.compile("|".join(options.verbal_nouns) or "(?!)")
        except regex.error as error:
            raise ValueError(f"invalid verbal_nouns pattern: {error}") from None
        object.__setattr__(self, "verbal_noun", env.limited(pattern.fullmatch))
        object.__setattr__(self, "function_words",
                           frozenset(map(function_key, options.function_words)))
        object.__setattr__(self, "formulas", frozenset(
            tuple(map(match_key, formula.split())) for formula in options.formulas))

    def is_function_word(self, word: str) -> bool:
        return function_key(word) in self.function_words

    def is_formula(self, words: Sequence[str]) -> bool:
        """The words begin with a formula (`والسلام عليكم ورحمة الله`, `وإلى اللقاء`), with or
        without the conjunction."""
        keys = list(map(match_key, words))
        variants = (keys, [_without_conjunction(keys[0]), *keys[1:]]) if keys else ()
        return any(tuple(variant[:size]) in self.formulas
                   for variant in variants for size in range(1, len(variant) + 1))

    def is_nominal_sentence(self, words: Sequence[str]) -> bool:
        """A definite subject and an indefinite predicate: `المهمة جد صعبة.`, `والبحر مضطرب.`.
        A fragment has no such predicate: `الإرهاب والتطرف في القارة.`"""
        return (bool(words) and not self.is_function_word(words[0])  # `التي`, `إلى` are no subject
                and _is_definite(match_key(words[0])) and self.has_predicate(words[1:]))

    def has_predicate(self, words: Sequence[str]) -> bool:
        """An indefinite word before the first preposition or particle: not definite (`اللقاء`,
        `بالعاصمة`), not a demonstrative or opener (`هذا`). What follows a preposition is its
        phrase (`في افتتاح مؤتمر دولي`), no predicate."""
        for word in words:
            if self.is_function_word(word):
                return False
            key = match_key(word)
            if not (_is_definite(key) or key in self.openers
                    or _without_conjunction(key) in self.openers):
                return True
        return False

    def opens_sentence(self, word: str) -> bool:
        """An opener, or a conjunction on a verb or particle (`واستهدف`, `ونفت`, `فقد`, `وهي`)."""
        key = match_key(word)
        bare = _without_conjunction(key)
        return (key in self.openers or bare in self.openers
                or (key[:1] in "وف" and len(key) >= 4 and key[1:3] != "ال"
                    and not self.verbal_noun(bare)))

    def carries_sentence(self, word: str) -> bool:
        key = match_key(word)
        bare = _without_conjunction(key)
        return (key in self.sentence_words or bare in self.sentence_words
                or (len(bare) >= 4 and bare.startswith(self.verb_prefixes)))

    def opens_with_verb(self, word: str) -> bool:
        """A conjunction on a verb or a particle: `وقال`, `ويأتي`, `وتم` (not `وزير`)."""
        key = match_key(word)
        bare = _without_conjunction(key)
        return bare != key and (bare in self.sentence_words
                                or (len(bare) >= 3 and bare.startswith(self.verb_prefixes)))


def _is_definite(key: str) -> bool:
    """`الكتاب`, `والكتاب`, `بالكتاب`, `للكتاب`, `وللكتاب`: the article after clitics."""
    return bool(_DEFINITE.match(key))


_DEFINITE = re.compile(r"(?:[وف]?[بك]?ال|[وف]?لل)")


def _without_conjunction(key: str) -> str:
    """`ولم` → `لم`, `فقد` → `قد`: a conjunction on a two-letter particle is a word of three."""
    return key[1:] if key[:1] in "وف" and len(key) > 2 else key


# -- unterminated ---------------------------------------------------------------------------
class _Layout:
    """A text's paragraphs as the unterminated test reads them, each analysis made on first use:
    most texts have no open-ended paragraph of prose, and the crawler-line tests of every
    paragraph (needed for the text's habit) cost more than the rest of the rule."""

    def __init__(self, doc: Document, min_words: int) -> None:
        self._doc, self._min_words = doc, min_words
        self.open_ended = [not is_terminated(doc.text, *p) for p in doc.paragraphs]
        self._prose: list[bool | None] = [None] * len(self.open_ended)
        self._footer_from: int | None = None

    def prose(self, index: int) -> bool:
        """Not a crawler line (`is_boilerplate`), and above the footer."""
        known = self._prose[index]
        if known is None:
            known = self._prose[index] = index < self._footer_start() and not is_boilerplate(
                self._text(index))
        return known

    def _text(self, index: int) -> str:
        paragraph = self._doc.paragraphs[index]
        return self._doc.text[paragraph.start:paragraph.end]

    def _footer_start(self) -> int:
        """The first paragraph that is a separator line, below which sites put their footer."""
        if self._footer_from is None:
            self._footer_from = next(
                (index for index in range(len(self._prose)) if _is_separator(self._text(index))),
                len(self._prose))
        return self._footer_from

    @lazy
    def last_prose(self) -> int:
        """The end of the article: crawler lines after it do not count. Looked for from the end,
        where it almost always is."""
        return next((i for i in reversed(range(len(self._prose))) if self.prose(i)), -1)

    @lazy
    def counts(self) -> tuple[int, int]:
        """Paragraphs of prose that end with a stop, and long ones that do not."""
        closed = unclosed = 0
        for index, (paragraph, is_open) in enumerate(zip(self._doc.paragraphs, self.open_ended,
                                                         strict=True)):
            if self.prose(index):
                closed += not is_open
                unclosed += is_open and _long(self._doc, paragraph, self._min_words)
        return closed, unclosed


def _unterminated(doc: Document, options: Options, lexicon: _Lexicon) -> Iterator[Hit]:
    paragraphs = doc.paragraphs
    layout = _Layout(doc, options.min_words)
    open_ended = layout.open_ended

    def open_prose(index: int) -> bool:
        return open_ended[index] and layout.prose(index)

    in_top_lines = True
    for index, paragraph in enumerate(paragraphs):
        in_top_lines = in_top_lines and open_ended[index]
        if not open_prose(index):
            continue
        # The end of a text cut by a feed may be short: the last paragraph is judged by its words
        # (the very last: a short line before a label is as likely a caption as a cut end).
        if not (0 < index == len(paragraphs) - 1 and _ends_prose(doc, paragraph, lexicon)):
            if not _looks_cut(doc, paragraph, options, in_top_lines):
                continue
            neighbours = [i for i in (index - 1, index + 1) if 0 <= i < len(paragraphs)]
            if any(map(open_prose, neighbours)) and is_heading(doc, paragraph, LIST_ITEM_WORDS):
                continue  # a run of lines without punctuation: a list, a timeline, a table
        if not _lost_its_end(doc, index, layout, options, lexicon):
            continue
        last = _last_token(doc, paragraph)
        if last is not None and last.kind in ("arabic", "number") and not _signed(doc, paragraph):
            yield Hit(last.start, last.end, (), {"match": last.text})


def _signed(doc: Document, paragraph: Span) -> bool:
    """The paragraph ends on the writer's initials (`… بالشجاعة. ع ب م`): two or three single
    letters, a signature after the last sentence."""
    words = doc.words_in(*paragraph)[-3:]
    initials = list(itertools.takewhile(lambda word: len(word.text) == 1, reversed(words)))
    return len(initials) >= 2


def _is_separator(text: str) -> bool:
    """A separator line (`-----`), below which sites put their footer (subscriptions, apps,
    disclaimers)."""
    return _SEPARATOR_LINE.fullmatch(text.strip()) is not None


def _lost_its_end(doc: Document, index: int, layout: _Layout, options: Options,
                  lexicon: _Lexicon) -> bool:
    """Whether the text shows that words are missing, not the stop alone. A word cut short
    (`الت`) does wherever it stands. A particle (`… بعواصف على`) does where the text ends its
    paragraphs with stops: elsewhere it is a line of a hard-wrapped text or of a block of teasers.
    A bare end does only at the end of the article, where feeds cut, in such a text, and not
    after a last sentence of a few words (a byline, a caption, a source: `… الماضي. أشرف بن عبد
    السلام`) or on a list (fixtures, tables)."""
    paragraph = doc.paragraphs[index]
    end = _cut_end(doc, paragraph, lexicon)
    if end == "word":
        return True
    last = _last_token(doc, paragraph)
    if (last is None or doc.text[last.start - 1:last.start] == "."
            or (end is None and lexicon.is_function_word(last.text))):
        return False  # a name or an address (`بيت.كوم`), a particle's letters in a name (`جيه إن`)
    if not (end == "particle" or index == layout.last_prose):
        return False
    habit = _ends_with_stops(doc, index, layout, options)
    if end == "particle":
        return habit is not False
    if habit is None:
        # No other paragraph to tell (one paragraph under the headline, where a feed cut the
        # lede): its last sentence must read as prose, a clause with a verb or a particle, not
        # names, captions or fixtures run on after the last stop.
        habit = _last_sentence_is_prose(doc, paragraph, lexicon)
    return habit and not _signed_off(doc, paragraph, lexicon)


def _last_sentence_is_prose(doc: Document, paragraph: Span, lexicon: _Lexicon) -> bool:
    sentences = doc.sentences_in(*paragraph)
    indices = doc.word_range(sentences[-1].start, paragraph.end)
    words = doc.word_columns.texts[indices.start:indices.stop]
    return len(words) >= PROSE_WORDS and any(map(lexicon.carries_sentence, words))


def _signed_off(doc: Document, paragraph: Span, lexicon: _Lexicon) -> bool:
    """The last sentence of the paragraph is a sign-off, a caption or a list, not prose: a few
    words with no verb or particle and no conjunction (`أشرف بن عبد السلام`, `* صورة توضيحية`;
    not `وأوضح الوزير أن`), items between separators, or mostly figures."""
    sentences = doc.sentences_in(*paragraph)
    last = sentences[-1] if sentences else paragraph
    # `..` pauses a headline (`ترامب: سنخرج من سوريا.. ودعوا …`), it ends no sentence.
    start = last.start
    for before in reversed(sentences[:-1]):
        if doc.text[before.end - 2:before.end] != "..":
            break
        start = before.start
    text = doc.text[start:paragraph.end]
    tokens = [token for token in doc.tokens_in(last.start, paragraph.end) if token.kind != "punct"]
    figures = sum(token.kind == "number" for token in tokens)
    words = [token.text for token in tokens if token.kind == "arabic"]
    # Verbs by the word lists only: `توضيحية`, `تقوى` start as imperfect verbs do.
    short = len(sentences) > 1 and len(tokens) <= SIGN_OFF_WORDS and not (
        any(match_key(word) in lexicon.sentence_words for word in words)
        or (words and words[0][:1] in "وف"))
    listed = _is_tag_list(text) or len(_LIST_SEPARATOR.findall(text)) >= LIST_SEPARATORS
    # `ترامب: سنخرج من سوريا` is a headline (a linked story's, or a label and its value).
    return short or listed or ":" in text or 5 * figures >= len(tokens)


def _cut_end(doc: Document, paragraph: Span, lexicon: _Lexicon) -> str | None:
    """How the last word shows a cut: "particle", one that cannot end a sentence (`… مصحوبة
    بعواصف على`), or "word", a word cut short: an article with a letter or two (`الوكالة الت`), a
    single letter after a word (`باعتقال من أ`); None for any other word."""
    words = [token for token in doc.tokens_in(*paragraph) if token.kind != "punct"]
    # After a figure a letter is a unit or an era (`2004 م`), glued to a word a suffix.
    if (len(words) < 2 or words[-1].kind != "arabic" or words[-2].kind != "arabic"
            or not doc.text[words[-1].start - 1].isspace()):
        return None
    last, before = words[-1].text, words[-2].text
    if lexicon.is_function_word(last):
        return None if _name_syllable(last, before, lexicon) else "particle"
    if doc.text[words[-2].end:words[-1].start].strip():
        return None  # after a stop a letter is an initial (`… من قبل. د`)
    if (last.startswith("ال") and len(last) <= 3) or (len(last) == 1 and len(before) > 1):
        return "word"
    return None


def _name_syllable(last: str, before: str, lexicon: _Lexicon) -> bool:
    """An alif and a letter after a short word that is no verb or particle: a syllable of a
    foreign name (`ليو أو`, `مون جيه إن`), not the particle; after `قال` (`قال إن`) it is one."""
    return (len(last) == 2 and last[0] in "أإا" and len(before) <= 3
            and not lexicon.carries_sentence(before))


def _ends_with_stops(doc: Document, index: int, layout: _Layout, options: Options) -> bool | None:
    """The text's own habit: its other paragraphs end with a stop, every long one (short lines
    without one are headlines and captions). Two open paragraphs are a habit or a block of
    teasers a crawler kept after the article (each one a paragraph without a stop, some cut
    off mid-word by the site itself), not a cut of the article. None when no other paragraph
    tells (a text of one paragraph under its headline). Many papers and feeds end no paragraph
    with a stop; there a bare end is their style, not a cut."""
    closed, unclosed = layout.counts
    if layout.prose(index):  # the others only
        closed -= not layout.open_ended[index]
        unclosed -= layout.open_ended[index] and _long(doc, doc.paragraphs[index], options.min_words)
    if closed or unclosed:
        return closed > 0 and unclosed == 0
    return None


def _long(doc: Document, paragraph: Span, min_words: int) -> bool:
    return len(doc.word_range(*paragraph)) >= min_words


def _looks_cut(doc: Document, paragraph: Span, options: Options, in_top_lines: bool) -> bool:
    """Long enough to be prose, and not a headline at the top or a label line."""
    text = doc.text[paragraph.start:paragraph.end]
    limit = max(options.min_words, HEADING_WORDS) if in_top_lines else options.min_words
    return not _is_label(text) and not is_heading(doc, paragraph, limit)


def _ends_prose(doc: Document, paragraph: Span, lexicon: _Lexicon) -> bool:
    """A last paragraph that reads as a cut sentence, not a sign-off, a source or a caption: it
    ends on a function word, has a comma or a sentence inside, or opens with a conjunction on a
    verb or a particle (`وقال`, `ويأتي`, `وتم`). Label lines stay labels."""
    words = doc.words_in(*paragraph)
    text = doc.text[paragraph.start:paragraph.end]
    if len(words) < 2 or _is_label(text):
        return False
    return ((lexicon.is_function_word(words[-1].text)
             and not _name_syllable(words[-1].text, words[-2].text, lexicon))
            or (len(words) >= 4 and _INNER_BREAK.search(text) is not None)
            or lexicon.opens_with_verb(words[0].text))


def is_heading(doc: Document, paragraph: Span, max_words: int = HEADING_WORDS) -> bool:
    """A headline, byline, dateline or caption: a short paragraph without final punctuation."""
    return (not is_terminated(doc.text, *paragraph)
            and len(doc.text[paragraph.start:paragraph.end].split()) < max_words)


def is_terminated(text: str, start: int, end: int) -> bool:
    """text[start:end] ends as a sentence does. Read from the end: a regex search would scan the
    whole paragraph, and this runs for every paragraph of every text."""
    if end > start and text[end - 1] in _CLOSING_ENDS:
        return True
    index = end - 1
    while index >= start and text[index] in _CLOSERS:
        index -= 1
    return index >= start and text[index] in _TERMINAL_MARKS


def is_boilerplate(text: str) -> bool:
    """Crawler and CMS lines, not prose: labels («رابط الخبر: …», «المصدر: …», «الكلمات الدلالية:
    …»), lines with a link, short lines that end introducing one («رابط الخبر بصحيفة …:»), and
    lists of tags, names or fixtures with no sentence in them."""
    return (_is_label(text) or _LINK.search(text) is not None
            or (text.rstrip().endswith(":") and len(text.split()) <= 8) or _is_tag_list(text))


def _is_tag_list(text: str) -> bool:
    """Three or more items of a few words each on average, between separators («أمطار - طقس -
    الرياض», fixtures «الترجي - النجم / الملعب القابسي»), perhaps after a few words of lead."""
    items = [item for item in _TAG_SEPARATOR.split(text) if item.strip()]
    return len(items) >= 3 and len(text.split()) <= TAG_WORDS * len(items)


def _is_label(text: str) -> bool:
    """List items and label lines («اقرأ أيضا: …», «المصدر: …», teasers «أيضاً.. …») are not
    sentences."""
    opening = " ".join(text.split()[:3])
    return bool(_LIST_ITEM.match(text)) or ":" in opening or ".." in opening


def _last_token(doc: Document, span: Span) -> Token | None:
    words = doc.word_range(*span)
    if not words:
        return None
    last = doc.word_columns.token(words.stop - 1)
    return None if doc.text[last.end:span.end].strip() else last


# -- fragments ------------------------------------------------------------------------------
def _inner_sentences(doc: Document) -> Iterator[Span]:
    """Sentences after another sentence of the same paragraph that ends on an Arabic word,
    outside quotations (short sentences are how people speak: «دعونا نذهب.»). After a number,
    an abbreviation or a quotation a full stop may not end a sentence at all («Inc.»)."""
    for paragraph in doc.paragraphs:
        sentences = doc.sentences_in(*paragraph)
        for before, sentence in itertools.pairwise(sentences):
            if (_ARABIC_END.search(doc.text, max(before.start, before.end - 3), before.end)
                    and not inside_quotation(doc.text[paragraph.start:sentence.start])):
                yield sentence


def inside_quotation(before: str) -> bool:
    return before.count('"') % 2 == 1 or before.count("«") > before.count("»") or (
        before.count("“") > before.count("”"))


_QUOTES = re.compile('[«»“”"\n]')


@per_document
def quotation_test(doc: Document) -> Callable[[int], bool]:
    """`inside(offset)`: whether an offset lies inside a quotation of its line, answered by a
    binary search over the quotation marks (one pass over the text, then log time per question;
    the pass is made once per Document, for every rule that asks)."""
    offsets, states = [], []
    straight = guillemets = curly = 0
    for mark in _QUOTES.finditer(doc.text):
        char = mark.group()
        if char == "\n":
            straight = guillemets = curly = 0
        else:
            straight += char == '"'
            guillemets += {"«": 1, "»": -1}.get(char, 0)
            curly += {"“": 1, "”": -1}.get(char, 0)
        offsets.append(mark.start())
        states.append(straight % 2 == 1 or guillemets > 0 or curly > 0)

    def inside(offset: int) -> bool:
        index = bisect_left(offsets, offset) - 1
        return index >= 0 and states[index]

    return inside


def _fragments(doc: Document, options: Options, lexicon: _Lexicon) -> Iterator[Hit]:
    for sentence in _inner_sentences(doc):
        text = doc.text[sentence.start:sentence.end]
        full_stop = _final_full_stop(text)
        if full_stop is None:
            continue
        indices = doc.word_range(*sentence)
        if not 2 <= len(indices) <= options.max_words:
            continue
        words = doc.word_columns.texts[indices.start:indices.stop]
        body = text[:full_stop.start()]
        if (_only_words(body) and not lexicon.opens_sentence(words[0])
                and not any(map(lexicon.carries_sentence, words))
                and not lexicon.is_formula(words) and not lexicon.is_nominal_sentence(words)
                and not _inside_brackets(doc, sentence.start)
                and (options.evidence == "any" or (options.evidence == "required") == _shows_cut(
                    doc, indices, lexicon, full_stop.group().startswith(" ")))):
            yield Hit(sentence.start, sentence.end, (), {"match": text})


def _inside_brackets(doc: Document, offset: int) -> bool:
    """An aside in brackets may list items with full stops between them."""
    line = doc.text.rfind("\n", 0, offset) + 1
    before = doc.text[line:offset]
    return before.count("(") > before.count(")") or before.count("[") > before.count("]")


def _shows_cut(doc: Document, indices: range, lexicon: _Lexicon, spaced_stop: bool) -> bool:
    """Evidence that a verbless run was cut from a sentence or pasted: most of its words repeat
    a passage found elsewhere in the text (a remnant of a copy), or it opens with a name said
    elsewhere and then has no predicate (`… بوريطة في افتتاح هذا اللقاء.`) or a stray space
    before its stop. A short verbless sentence alone is style: headlines in the text, speech,
    literary prose."""
    repeats = _repeats(doc)
    keys = repeats.keys
    start, stop = indices.start, indices.stop
    covered: set[int] = set()
    words = doc.word_columns.texts
    for first in range(start, stop - 2):
        # Runs of particles and one noun (`على عدد من`) recur in any text: two words of content.
        if (repeats.trigrams[tuple(keys[first:first + 3])] > 1
                and sum(not lexicon.is_function_word(w) for w in words[first:first + 3]) >= 2):
            covered.update(range(first, first + 3))
    if 2 * len(covered) > stop - start:
        return True
    # A name and nothing after it is a caption or a list item (`كريم العلوي.`), no remnant.
    named_before = (stop - start >= 3 and repeats.bigrams[tuple(keys[start:start + 2])] > 1
                    and not any(map(lexicon.is_function_word, words[start:start + 2])))
    return named_before and ((spaced_stop and _spaced_stops_are_rare(doc))
                             or not lexicon.has_predicate(words[start + 2:stop]))


@dataclass(frozen=True)
class _Repeats:
    keys: list[str]
    bigrams: Counter[tuple[str, ...]]
    trigrams: Counter[tuple[str, ...]]


@per_document
def _repeats(doc: Document) -> _Repeats:
    """How often each run of two and three words occurs in the text (one pass, asked only for
    the rare candidate fragment)."""
    keys = doc.word_columns.match_keys()
    return _Repeats(keys, Counter(itertools.pairwise(keys)),
                    Counter(zip(keys, keys[1:], keys[2:], strict=False)))


def _spaced_stops_are_rare(doc: Document) -> bool:
    """A space before a full stop is a slip where the text otherwise writes `كلمة.`; some texts
    space every stop (`كلمة .`), and there it says nothing."""
    spaced = doc.text.count(" .")
    return spaced <= 2 and 4 * spaced <= doc.text.count(".")


def _final_full_stop(sentence: str) -> regex.Match[str] | None:
    """The full stop that ends the sentence (with one space before it), unless it ends `..`."""
    return _FULL_STOP.search(sentence, max(len(sentence) - 2, 0))


def _only_words(text: str) -> bool:
    """Plain Arabic words: quotations, numbers and names in Latin script are left alone."""
    return regex.fullmatch(r"[\p{Arabic}\s]+", text) is not None and not regex.search("[،؛؟]", text)


def _dangling(doc: Document, options: Options, lexicon: _Lexicon) -> Iterator[Hit]:
    words = doc.word_columns
    for sentence in doc.sentences:
        indices = doc.word_range(*sentence)
        if len(indices) < 2 or not lexicon.is_function_word(words.texts[indices.stop - 1]):
            continue  # tested first: most sentences end on another word
        last = words.token(indices.stop - 1)
        if (_final_full_stop(doc.text[sentence.start:sentence.end]) is not None
                and doc.text[last.end:sentence.end].strip() == "."
                and not _part_of_name(doc, last, words.texts[indices.stop - 2], lexicon)):
            yield Hit(last.start, sentence.end, (), {"match": last.text})


def _part_of_name(doc: Document, last: Token, before: str, lexicon: _Lexicon) -> bool:
    """A particle's letters as part of an abbreviation or a name (`سي.إن.`, `مون جاي-إن.`, `ليو
    أو.`: two letters after a short word that is no verb or particle), a doubled word (`بين
    بين.`), or the second half of a coordination (`أكبر من أو أصغر من.`)."""
    if doc.text[last.start - 1:last.start] in ".-" or before == last.text:
        return True
    if _name_syllable(last.text, before, lexicon):
        return True
    window = doc.text[max(0, last.start - 40):last.start].split()
    return any(word == last.text and following in ("أو", "او", "و")
               for word, following in itertools.pairwise(window))


# -- brackets and quotation marks -----------------------------------------------------------
def _unbalanced(doc: Document, options: Options, lexicon: _Lexicon) -> Iterator[Hit]:
    pairs = [pair for pair in options.pairs if len(pair) == 2]
    symmetric = [mark for mark in {pair for pair in options.pairs if len(pair) == 1}
                 if mark in doc.text]
    # The marks of the whole text in one scan, then each paragraph's share of them.
    marks = [(found.start(), found.group())
             for found in _any_of("".join(pairs)).finditer(doc.text)] if pairs else []
    if not (marks or symmetric):
        return
    offsets = [offset for offset, _char in marks]
    for paragraph in doc.paragraphs:
        inside = marks[bisect_left(offsets, paragraph.start):bisect_left(offsets, paragraph.end)]
        yield from _unmatched_pairs(doc, paragraph, pairs, inside)
        for mark in symmetric:
            yield from _odd_marks(doc, paragraph, mark)


def _unmatched_pairs(doc: Document, paragraph: Span, pairs: Sequence[str],
                     marks: Sequence[tuple[int, str]]) -> Iterator[Hit]:
    """A stack per kind of pair: a closer with no opener, and openers never closed. A run of the
    same unmatched mark («««) is one finding: one slip, and a million of them stay one finding."""
    openers = {pair[0]: pair for pair in pairs}
    closers = {pair[1]: pair for pair in pairs}
    stacks: dict[str, list[int]] = {pair: [] for pair in pairs}
    alone: list[int] = []
    for offset, char in marks:
        if char in openers:
            stacks[openers[char]].append(offset)
        elif char in closers and not _is_list_number(doc, paragraph, offset):
            stack = stacks[closers[char]]
            if stack:
                stack.pop()
            else:
                alone.append(offset)
    for stack in stacks.values():
        alone.extend(stack)
    alone.sort()
    index = 0
    while index < len(alone):
        start = end = alone[index]
        index += 1
        while index < len(alone) and alone[index] == end + 1 and doc.text[end + 1] == doc.text[start]:
            end = alone[index]
            index += 1
        yield Hit(start, end + 1, (), {"mark": doc.text[start]})


def _is_list_number(doc: Document, paragraph: Span, offset: int) -> bool:
    """`1)` or `أ)` at the start of a paragraph numbers a list item."""
    return bool(_LIST_ITEM.fullmatch(doc.text[paragraph.start:offset + 1].strip())) or (
        offset - paragraph.start <= 2 and doc.text[paragraph.start:offset].strip().isalnum())


@cache
def _any_of(marks: str) -> re.Pattern[str]:
    """One character class per set of marks, compiled once; stdlib `re` scans a class of plain
    characters several times faster than `regex`."""
    return re.compile("[" + re.escape(marks) + "]")


def _odd_marks(doc: Document, paragraph: Span, mark: str) -> Iterator[Hit]:
    if doc.text.count(mark, *paragraph) % 2:
        last = doc.text.rfind(mark, *paragraph)
        yield Hit(last, last + 1, (), {"mark": mark})
