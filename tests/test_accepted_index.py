"""The shipped acceptance index answers as Hunspell would, and only where it may."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from copycheck import accepted
from copycheck.speller import Speller


@pytest.fixture(scope="module")
def speller() -> Speller:
    found = Speller(persistent_cache=False)
    assert found._freq() is not None
    return found


def test_the_shipped_index_was_built_from_the_shipped_dictionary_and_list(speller):
    """Fails when ar.aff, ar.dic, newsroom.txt or the wordfreq list changed without a rebuild
    (`python -m copycheck.accepted`): the index would silently go unused."""
    assert speller._accepted is not None


def test_the_index_agrees_with_hunspell_on_a_sample_of_the_list(speller):
    frequencies = speller._freq()
    assert frequencies is not None
    forms = [form for bucket in frequencies.buckets for form in bucket]
    sample = random.Random(7).sample(forms, 3000)
    index = speller._accepted
    assert index is not None
    assert [form in index.forms for form in sample] == [speller.hunspell_accepts(f) for f in sample]


def test_a_listed_form_the_dictionary_rejects_is_a_word_once_a_user_list_has_it(speller, tmp_path: Path):
    index = speller._accepted
    assert index is not None
    frequencies = speller._freq()
    assert frequencies is not None
    rejected = next(form for form in frequencies.buckets[700] if form not in index.forms
                    and len(form) > 4 and not speller.is_known(form))
    wordlist = tmp_path / "words.txt"
    wordlist.write_text(rejected + "\n", encoding="utf-8")
    assert Speller(wordlists=[wordlist], persistent_cache=False).is_known(rejected)


def test_an_index_built_from_other_files_is_not_used(speller):
    frequencies = speller._freq()
    assert frequencies is not None
    assert accepted.load("0" * 64, frequencies.buckets, frequencies) is None
    assert accepted.load(speller.dictionary_digest, frequencies.buckets[:-1], frequencies) is None


def test_common_words_on_a_cold_cache_are_judged_without_loading_hunspell():
    cold = Speller(persistent_cache=False)
    assert all(cold.is_known(word) for word in ("الحكومة", "الاجتماع", "قال", "الوزير", "إن"))
    assert cold.hunspell_calls == 0 and not cold.loaded
