"""The shipped acceptance index answers as Hunspell would, and only where it may."""

from __future__ import annotations

import random

import pytest

from copycheck import accepted
from copycheck.speller import INDEX_AFTER_CALLS, Speller


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(persistent_cache=False)


@pytest.fixture(scope="module")
def index(speller: Speller) -> accepted.Accepted:
    """Fails when ar.aff, ar.dic, newsroom.txt or the wordfreq list changed without a rebuild
    (`python -m copycheck.accepted`): the index would silently go unused."""
    found = speller.load_index()
    assert found is not None
    return found


@pytest.fixture(scope="module")
def forms(speller: Speller) -> list[str]:
    frequencies = speller._freq()
    assert frequencies is not None
    return [form for bucket in frequencies.buckets for form in bucket]


def test_the_index_agrees_with_hunspell_on_a_sample_of_the_list(speller, index, forms):
    sample = random.Random(7).sample(forms, 3000)
    assert [index.accepts(form) for form in sample] == [speller.hunspell_accepts(f) for f in sample]
    assert index.accepts("زقزوقستانيون") is None  # not in the list: Hunspell is asked


def test_a_listed_form_the_dictionary_rejects_is_a_word_once_a_user_list_has_it(index, forms, tmp_path):
    rejected = next(form for form in reversed(forms) if index.accepts(form) is False and len(form) > 5)
    wordlist = tmp_path / "words.txt"
    wordlist.write_text(rejected + "\n", encoding="utf-8")
    assert not Speller(persistent_cache=False).is_known(rejected)
    assert Speller(wordlists=[wordlist], persistent_cache=False).is_known(rejected)


def test_an_index_built_from_other_files_is_not_used(speller):
    frequencies = speller._freq()
    assert frequencies is not None
    assert accepted.load("0" * 64, frequencies.buckets, frequencies) is None
    assert accepted.load(speller.dictionary_digest, frequencies.buckets[:-1], frequencies) is None


def test_a_long_cold_run_stops_asking_hunspell_about_listed_forms(forms):
    """One article never loads the index (it costs as much as a thousand Hunspell calls); a run
    that has made that many asks Hunspell only about forms the list lacks."""
    cold = Speller(persistent_cache=False)
    words = iter(random.Random(3).sample(forms, 20_000))
    while cold.hunspell_calls < INDEX_AFTER_CALLS:
        cold.verdict(next(words))
    calls = cold.hunspell_calls
    later = [next(words) for _ in range(300)]
    for word in later:
        cold._is_word(word)
    assert cold.hunspell_calls == calls
