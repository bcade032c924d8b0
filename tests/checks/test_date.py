"""The date kind: malformed numeric dates and weekdays checked against the calendar."""

from __future__ import annotations

import pytest
from support import check_text

from copycheck.checks import date


def found(text, rule):
    return [(text[f.start:f.end], f.replacements) for f in check_text(text, (rule,))]


@pytest.mark.parametrize(("text", "expected"), [
    ("الأربعاء 11-05 -2022", [("11-05 -2022", ("11-05-2022",))]),
    ("في 11 / 05 / 2022", []),  # spaced alike: a house style, the picky rule's
    ("في 11 / 05 /2022", [("11 / 05 /2022", ("11/05/2022",))]),
    ("في 2022-05 -11", [("2022-05 -11", ("2022-05-11",))]),
    ("في 11-05/2022", [("11-05/2022", ("11-05-2022",))]),
    ("في ١١-٠٥ -٢٠٢٢", [("١١-٠٥ -٢٠٢٢", ("١١-٠٥-٢٠٢٢",))]),
    ("في 11-05-2022", []),
    ("فاز 3 - 1 - 0", []),
    ("في 45-05 -2022", []),  # not a date
])
def test_format(text, expected):
    assert found(text, "punctuation.date-format") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("في 11 / 05 / 2022", [("11 / 05 / 2022", ("11/05/2022",))]),
    ("في 11  -  05  -  2022", [("11  -  05  -  2022", ("11-05-2022",))]),
    ("في 11 / 05 /2022", []),  # uneven: the date-format rule's, not reported twice
    ("في 11 / 05 - 2022", []),  # mixed separators: the same
    ("في 11/05/2022", []),
])
def test_spaced_dates_are_the_picky_rule(text, expected):
    assert found(text, "punctuation.spaced-date") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("الأربعاء 11-05-2022", []),  # 11 May 2022 was a Wednesday
    ("الأربعاء 12-05-2022", [("الأربعاء", ("الخميس",))]),
    ("الاربعاء، 12 مايو 2022", [("الاربعاء", ("الخميس",))]),
    ("يوم الأحد 11 أيار 2022", [("الأحد", ("الأربعاء",))]),
    ("والأحد 11 أيار/مايو 2022", [("والأحد", ("والأربعاء",))]),
    ("الجمعة 1 تشرين الأول 2021", []),
    ("السبت 1 تشرين الأول 2021", [("السبت", ("الجمعة",))]),
    ("الخميس 20 جانفي 2022", []),
    ("الأربعاء (الموافق 2022-05-12)", [("الأربعاء", ("الخميس",))]),
    ("الأربعاء 10 شوال 1443", []),
    ("الأربعاء 12 مايو", []),  # no year: nothing to check
])
def test_weekday(text, expected):
    assert found(text, "consistency.weekday-date") == expected


def test_bad_detect():
    with pytest.raises(ValueError, match="detect"):
        date.build(date.Options(detect="calendar"), None)


@pytest.mark.parametrize(("text", "expected"), [
    ("في 31 يونيو الماضي", ["31 يونيو"]),
    ("في 31 حزيران 2022", ["31 حزيران 2022"]),  # the Levantine name, with its year
    ("في 30 فبراير", ["30 فبراير"]),
    ("في 29 فبراير 2023", ["29 فبراير 2023"]),  # a common year
    ("في 29 فبراير 2024", []),  # a leap year
    ("في 29 فبراير", []),  # no year: it may be one
    ("في 11 مايو 20222", ["11 مايو 20222"]),
    ("في 31 رمضان", ["31 رمضان"]),
    ("في 30 ذو الحجة 1443", []),
    ("في 31 ربيع الأول", ["31 ربيع الأول"]),
    ("في 31 كانون الأول 2022", []),
    ("في 31 تشرين الثاني", ["31 تشرين الثاني"]),
    ("في ٣١ يونيو", ["٣١ يونيو"]),  # Arabic-Indic digits
    ("في 31-06-2022", ["31-06-2022"]),
    ("في 30-06-2022", []),
    ("حصل على 31 صوتا", []),
    ("فاز 31-06 في المباراة", []),
])
def test_impossible(text, expected):
    assert [span for span, _ in found(text, "consistency.impossible-date")] == expected
