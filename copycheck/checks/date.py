"""`kind: date`: numeric dates broken by stray spaces or mixed separators, and weekdays that do not
fall on the date written next to them.

`detect: format` looks at day-month-year (and year-month-day) numbers such as `11-05 -2022`:
`spacing: uneven` reports mixed separators and spaces on one side only (slips), `spacing: even`
the dates spaced alike around both separators (`11 / 05 / 2022`, a house style of some papers).
`detect: weekday` reads a weekday name followed by a date, numeric or with a month name from any of
the Arabic series (`مايو`, `أيار`, `ماي`, `جوان`, `أيار/مايو`), and checks it with the calendar.
`detect: impossible` reports dates that cannot exist: a day beyond its month's length (`31 يونيو`,
`30 فبراير`, `31-06-2022`), 29 February of a common year, a Gregorian year of more than four
digits (`11 مايو 20222`), and a Hijri day above 30 (`31 رمضان`).
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..arabic import match_key
from ..document import Document
from ..findings import Hit

if TYPE_CHECKING:
    from . import Environment

KIND = "date"
DETECTS = ("format", "weekday", "impossible")
SPACINGS = ("uneven", "even")

_SEP = r"[ \t]*[-/.][ \t]*"
_NUMERIC = regex.compile(
    rf"(?<![\p{{Nd}}.,/\-])(?P<a>\p{{Nd}}{{1,4}})(?P<s1>{_SEP})(?P<b>\p{{Nd}}{{1,2}})"
    rf"(?P<s2>{_SEP})(?P<c>\p{{Nd}}{{2,4}})(?![\p{{Nd}}])")
_MONTH_WORD = r"\p{Arabic}+(?:[ \t]+(?:الأول|الاول|الثاني|الثانى))?"
_NAMED = regex.compile(
    rf"(?P<day>\p{{Nd}}{{1,2}})[ \t]+(?P<month>{_MONTH_WORD}(?:[ \t]*/[ \t]*{_MONTH_WORD})?)"
    rf"[ \t]+(?:(?:عام|سنة)[ \t]+)?(?P<year>\p{{Nd}}{{4}})(?![\p{{Nd}}])")
# What may stand between a weekday and its date: «الأربعاء، 11 مايو», «الأربعاء (الموافق 11-05-2022)».
_FILLER = regex.compile(r"(?:[ \t]*(?:[،,(]|الموافق|الموافق ل|المقبل|الماضي))*[ \t]*")

WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_WEEKDAY_KEYS = {match_key(name): index for index, name in enumerate(WEEKDAYS)}
# Finds candidates cheaply; each is then judged on its whole word. Stdlib `re` finds a fixed
# alternation of words several times faster than `regex`.
_WEEKDAY_SCAN = re.compile("|".join(
    ["الأحد", "الاحد", "الإثنين", "الأثنين", "الاثنين", "الثلاثاء", "الأربعاء", "الاربعاء", "الخميس",
     "الجمعة", "الجمعه", "السبت"]))
_MONTHS = {
    1: "يناير جانفي كانون الثاني", 2: "فبراير فيفري شباط", 3: "مارس آذار",
    4: "أبريل ابريل إبريل أفريل نيسان", 5: "مايو ماي أيار", 6: "يونيو يونيه جوان حزيران",
    7: "يوليو يوليه يوليوز جويلية تموز", 8: "أغسطس اغسطس غشت أوت آب",
    9: "سبتمبر شتنبر أيلول", 10: "أكتوبر اكتوبر تشرين الأول", 11: "نوفمبر نونبر تشرين الثاني",
    12: "ديسمبر دجنبر كانون الأول",
}
_MONTH_KEYS = {match_key(name): month for month, names in _MONTHS.items()
               for name in regex.findall(r"(?:كانون|تشرين) \S+|\S+", names)}
_HIJRI_MONTHS = ("محرم", "صفر", "ربيع الأول", "ربيع الثاني", "ربيع الآخر", "جمادى الأولى",
                 "جمادى الآخرة", "جمادى الثانية", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة",
                 "ذي القعدة", "ذو الحجة", "ذي الحجة")
_HIJRI_KEYS = frozenset(map(match_key, _HIJRI_MONTHS))
HIJRI_DAYS = 30  # a Hijri month has 29 or 30 days
# A day, then one or two words that may name a month, then an optional year: the month is judged
# by its words, two (ربيع الأول، كانون الثاني) before one.
_DAY_MONTH = regex.compile(
    r"(?<![\p{Nd}.,/\-])(?P<day>\p{Nd}{1,2})[ \t]+(?P<first>\p{Arabic}+)"
    r"(?:[ \t]+(?P<second>\p{Arabic}+))?")
_YEAR_AFTER = regex.compile(
    r"(?:[ \t]*/[ \t]*\p{Arabic}+(?:[ \t]+(?:الأول|الاول|الثاني|الثانى))?)?"
    r"[ \t]+(?:(?:عام|سنة)[ \t]+)?(?P<year>\p{Nd}+)(?![\p{Nd}])")


@dataclass(frozen=True)
class Options:
    detect: str
    # format: which malformed dates to report (see the module docstring).
    spacing: str = "uneven"


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    if options.detect not in DETECTS:
        raise ValueError(f"detect must be one of {', '.join(DETECTS)}, not {options.detect!r}")
    if options.spacing not in SPACINGS:
        raise ValueError(f"spacing must be one of {', '.join(SPACINGS)}, not {options.spacing!r}")
    if options.detect == "weekday":
        return _wrong_weekdays
    if options.detect == "impossible":
        return _impossible_dates
    return lambda doc: _malformed(doc, options.spacing == "even")


def _calendar_date(year: int, month: int, day: int) -> datetime.date | None:
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return None
    return date if 1800 <= date.year <= 2200 else None


def _numeric_date(match: regex.Match[str]) -> datetime.date | None:
    """Day-month-year, or year-month-day when the first number has four digits."""
    a, b, c = (int(match.group(name)) for name in "abc")
    if len(match.group("a")) == 4:
        return _calendar_date(a, b, c)
    if len(match.group("a")) <= 2 and len(match.group("c")) in (2, 4):
        return _calendar_date(c, b, a)
    return None


# -- format ---------------------------------------------------------------------------------
def _malformed(doc: Document, even: bool) -> Iterator[Hit]:
    for match in _NUMERIC.finditer(doc.text):
        separators = [match.group(name).strip() for name in ("s1", "s2")]
        spaced = match.group("s1") != separators[0] or match.group("s2") != separators[1]
        if not (spaced or separators[0] != separators[1]) or _numeric_date(match) is None:
            continue
        if _evenly_spaced(match) != even:
            continue
        # The numbers stay as written; only the first separator is kept, without spaces.
        fixed = separators[0].join(match.group(name) for name in "abc")
        yield Hit(match.start(), match.end(), (fixed,), {"match": match.group()})


def _evenly_spaced(match: regex.Match[str]) -> bool:
    """One separator, with the same spaces on both sides of both: `11 / 05 / 2022`."""
    first, second = match.group("s1"), match.group("s2")
    mark = first.strip()
    before, _, after = first.partition(mark)
    return first == second and before == after != ""


# -- weekday --------------------------------------------------------------------------------
def _wrong_weekdays(doc: Document) -> Iterator[Hit]:
    for found in _WEEKDAY_SCAN.finditer(doc.text):
        word = next((t for t in doc.tokens_in(*found.span()) if t.kind == "arabic"), None)
        if word is None:
            continue
        key = match_key(word.text)
        prefix = key[:1] if key[:1] in "وفب" and key[1:] in _WEEKDAY_KEYS else ""
        weekday = _WEEKDAY_KEYS.get(key[len(prefix):])
        if weekday is None:
            continue
        found = _date_after(doc.text, word.end)
        if found is None:
            continue
        date, written = found
        if date.weekday() != weekday:
            actual = WEEKDAYS[date.weekday()]
            args = {"weekday": word.text, "date": written, "actual": actual,
                    "actual_en": date.strftime("%A")}
            yield Hit(word.start, word.end, (word.text[:len(prefix)] + actual,), args)


def _date_after(text: str, offset: int) -> tuple[datetime.date, str] | None:
    start = _FILLER.match(text, offset).end()
    numeric = _NUMERIC.match(text, start)
    if numeric is not None:
        date = _numeric_date(numeric)
        return (date, numeric.group()) if date else None
    named = _NAMED.match(text, start)
    if named is None:
        return None
    month = _MONTH_KEYS.get(match_key(regex.split(r"[ \t]*/", named.group("month"))[0].strip()))
    if month is None:
        return None
    date = _calendar_date(int(named.group("year")), month, int(named.group("day")))
    return (date, named.group()) if date else None


# -- impossible -----------------------------------------------------------------------------
def _impossible_dates(doc: Document) -> Iterator[Hit]:
    for match in _DAY_MONTH.finditer(doc.text):
        found = _named_month(match)
        if found is None:
            continue
        month, end = found
        year = _YEAR_AFTER.match(doc.text, end)
        if year is not None:
            end = year.end()
        reason = _impossibility(int(match.group("day")), month,
                                year.group("year") if year else None)
        if reason:
            yield Hit(match.start(), end, (), {"match": doc.text[match.start():end],
                                               "reason": reason})
    for match in _NUMERIC.finditer(doc.text):
        reason = _numeric_impossibility(match)
        if reason:
            yield Hit(match.start(), match.end(), (), {"match": match.group(), "reason": reason})


def _named_month(match: regex.Match[str]) -> tuple[int | str, int] | None:
    """The month a day is followed by (1–12, or "hijri") and where its name ends."""
    first, second = match.group("first"), match.group("second")
    if second is not None:
        pair = match_key(f"{first} {second}")
        if pair in _HIJRI_KEYS:
            return "hijri", match.end("second")
        if pair in _MONTH_KEYS:
            return _MONTH_KEYS[pair], match.end("second")
    key = match_key(first)
    if key in _HIJRI_KEYS:
        return "hijri", match.end("first")
    if key in _MONTH_KEYS and not key.startswith(("كانون", "تشرين")):
        return _MONTH_KEYS[key], match.end("first")
    return None


def _impossibility(day: int, month: int | str, year: str | None) -> str:
    if month == "hijri":
        return f"a Hijri month has at most {HIJRI_DAYS} days" if day > HIJRI_DAYS else ""
    assert isinstance(month, int)
    if year is not None and len(year) > 4:
        return "a year has at most four digits"
    leap_year = 2000 if year is None or len(year) != 4 else int(year)  # no year: 29 Feb may be
    if day > calendar.monthrange(leap_year, month)[1]:
        if month == 2 and day == 29:
            return f"{year} is not a leap year"
        return f"that month has {calendar.monthrange(leap_year, month)[1]} days"
    return ""


def _numeric_impossibility(match: regex.Match[str]) -> str:
    """Day-month-year numbers with a four-digit year, a month of 1–12 and a day of 1–31 that
    make no date (31-06-2022); other numbers are not taken for dates."""
    a, b, c = (match.group(name) for name in "abc")
    if len(a) > 2 or len(c) != 4 or not 1 <= int(b) <= 12 or not 1 <= int(a) <= 31:
        return ""
    return _impossibility(int(a), int(b), c)
