"""The shipped deletion index finds the frequent forms one edit from a word, exactly those the
typo search would find by writing out every edit."""

from __future__ import annotations

import random

import pytest

from copycheck import deletes, frequency
from copycheck.frequency import Frequencies
from copycheck.speller import SUGGESTED_RAREST, Speller, edit_cost, one_edit_forms


@pytest.fixture(scope="module")
def frequencies() -> Frequencies:
    found = Speller(persistent_cache=False)._freq()
    assert found is not None
    return found


@pytest.fixture(scope="module")
def index(frequencies: Frequencies) -> deletes.Deletes:
    """Fails when the wordfreq list changed without a rebuild (`python -m copycheck.deletes`): the
    index would silently go unused."""
    found = deletes.shipped(frequencies)
    assert found is not None
    return found


def test_the_shipped_index_is_the_one_the_frequency_list_builds() -> None:
    source = frequency.list_path()
    assert source is not None
    assert deletes.build(frequency.read_list(source)) == deletes.path().read_bytes()


def test_the_index_holds_every_form_a_suggestion_may_be() -> None:
    assert deletes.INDEXED_RAREST >= SUGGESTED_RAREST


def _typos(forms: list[str], count: int, generator: random.Random) -> list[str]:
    """Words of the list with one letter dropped, doubled, replaced or two swapped."""
    typos = []
    for form in generator.sample(forms, count):
        i = generator.randrange(len(form))
        typos.append(generator.choice([
            form[:i] + form[i + 1:], form[:i] + form[i] + form[i:],
            form[:i] + generator.choice("بتثجحخسشعغ") + form[i + 1:],
            form[:i] + form[i + 1:i + 2] + form[i] + form[i + 2:]]))
    return typos


def test_the_index_finds_exactly_the_frequent_forms_one_edit_away(frequencies, index) -> None:
    generator = random.Random(11)
    forms = [form for form in frequencies.forms() if len(form) > 2]
    for key in _typos(forms, 2000, generator) + generator.sample(forms, 500):
        by_edits = frequencies.listed(one_edit_forms(key), SUGGESTED_RAREST)
        by_index = [(form, bucket) for form, bucket in frequencies.listed(
            index.candidates(key), SUGGESTED_RAREST) if edit_cost(key, form) is not None]
        assert sorted(by_index) == sorted(by_edits), key


def test_an_index_of_another_list_is_not_used(frequencies) -> None:
    at = next(i for i, forms in enumerate(frequencies.buckets) if i > 300 and forms)
    one_less = [*frequencies.buckets[:at], frequencies.buckets[at][1:], *frequencies.buckets[at + 1:]]
    assert deletes.shipped(Frequencies(one_less)) is None
