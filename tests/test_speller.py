"""Hunspell speller: normalisation, orthographic variants, lexicon affixes, caches, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import run_cli

from copycheck import cachefiles, frequency, sequences
from copycheck.resources import data_path
from copycheck.sequences import Sequences
from copycheck.speller import (
    AFFIX_MODEL_WORD,
    CACHE_FORMAT,
    DictionaryError,
    Speller,
    edit_cost,
    iter_words,
    missing_spaces,
    normalise_for_lookup,
    one_edit_forms,
    orthographic_variants,
    read_word_list,
)


@pytest.fixture(scope="module")
def speller(tmp_path_factory: pytest.TempPathFactory) -> Speller:
    """The shipped dictionary and lexicon, with a private persistent cache."""
    return Speller(cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def raw_speller() -> Speller:
    return Speller(lexicons=[], persistent_cache=False)


# --- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "looked_up"),
    [
        ("مُحَمَّدٌ", "محمد"),  # tashkeel
        ("قرآنٰ", "قرآن"),  # superscript alef
        ("كتــاب", "كتاب"),  # tatweel
        ("مدر\u200cسة", "مدرسة"),  # ZWNJ
        ("\u200fسلام\u200e", "سلام"),  # RLM, LRM
        ("\u2067نص\u2069", "نص"),  # isolates
        ("\u202bنص\u202c", "نص"),  # embedding
        ("\u061cنص", "نص"),  # ALM
        ("\ufefbعب", "لاعب"),  # lam-alef ligature
        ("\ufee3\ufeaa\ufead\ufeb3\ufe94", "مدرسة"),  # positional forms
        ("منبر\ufe70", "منبر"),  # isolated tanween form: no stray space
        ("کتاب", "كتاب"),  # Persian keheh
        ("علی", "علي"),  # Persian yeh
    ],
)
def test_normalise_for_lookup(written: str, looked_up: str) -> None:
    assert normalise_for_lookup(written) == looked_up


def test_normalise_keeps_letters_that_differ() -> None:
    # Hamza seats, ta marbuta and alef maqsura are spelling: normalisation must not fold them.
    for word in ("إلى", "أن", "القارة", "مصطفى", "مسؤول", "آخر", "ئ", "ء"):
        assert normalise_for_lookup(word) == word


def test_words_skip_urls_hashtags_mentions_and_split_digits() -> None:
    text = "زار القارة2022 موقع https://مثال.com/صفحة و#وسم_عربي و@حساب ثم info@مثال.com انتهى"
    words = [w.text for w in iter_words(text)]
    assert words == ["زار", "القارة", "موقع", "و", "و", "ثم", "انتهى"]
    first = next(iter_words("  كلمةٌ"))
    assert (first.start, first.end, first.text) == (2, 7, "كلمةٌ")


# --- orthographic variants ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("الى", "إلى"), ("ان", "أن"), ("القاره", "القارة"), ("الذى", "الذي"), ("مسؤل", "مسؤول"),
        ("فى", "في"), ("اذا", "إذا"), ("الاسلام", "الإسلام"), ("للاعلام", "للإعلام"),
        ("قايمة", "قائمة"), ("الإنتخابات", "الانتخابات"), ("التى", "التي"),
    ],
)
def test_orthographic_errors_are_detected_with_variant(raw_speller: Speller, wrong: str,
                                                       right: str) -> None:
    verdict = raw_speller.verdict(wrong)
    assert verdict.status == "orthographic"
    assert verdict.variant == right
    assert raw_speller.suggest(wrong)[0] == right


def test_variants_are_ranked_and_exclude_the_word() -> None:
    variants = orthographic_variants("الى")
    assert "الى" not in variants
    assert variants.index("إلى") < variants.index("آلى")
    assert orthographic_variants("مسؤل")[0] == "مسؤول"
    assert "القارة" in orthographic_variants("القاره")


def test_suggestions_put_the_variant_before_hunspell(raw_speller: Speller) -> None:
    suggestions = raw_speller.suggest("القاره", limit=5)
    assert suggestions[0] == "القارة"
    assert len(suggestions) == 5
    assert "القاره" not in suggestions


def test_names_with_article_are_not_orthographic(raw_speller: Speller) -> None:
    # Ayaspell accepts أ + ل + word, which would make every الـ name an "error".
    assert raw_speller.verdict("الهمامي").status == "unrecognised"


def test_correct_words_pass(raw_speller: Speller) -> None:
    for word in ("إلى", "أن", "القارة", "الذي", "مسؤول", "مراكش", "وَالمُدُنُ", "الأفريقية"):
        assert raw_speller.verdict(word).status == "ok", word


# --- lexicon and word lists --------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    ["داعش", "بداعش", "لداعش", "والحوثيين", "للحوثيين", "بوريطة", "بلينكين", "نولاند", "مايتي",
     "ترامب", "وترامب", "تويتر"],
)
def test_shipped_lexicon_words_and_prefixed_forms_pass(speller: Speller, word: str) -> None:
    assert speller.verdict(word).status == "ok"


def test_raw_dictionary_rejects_the_names() -> None:
    hunspell_only = Speller(lexicons=[], persistent_cache=False, use_frequencies=False)
    for word in ("داعش", "بداعش", "والحوثيين", "بوريطة"):
        assert hunspell_only.verdict(word).status == "unknown"


def test_user_word_list_with_comments_and_affixes(tmp_path: Path) -> None:
    words = tmp_path / "mine.txt"
    words.write_text("# newsroom names\nزقزوقي\n\nبلطوش\t12\t3\n", encoding="utf-8")
    assert read_word_list(words) == ["زقزوقي", "بلطوش"]
    speller = Speller(lexicons=[], wordlists=[words], persistent_cache=False)
    for word in ("زقزوقي", "والزقزوقي", "بالزقزوقي", "للزقزوقي", "فبلطوش", "كبلطوش"):
        assert speller.verdict(word).status == "ok", word
    # The model word takes no suffixes; pronoun suffixes are learned like proclitics instead.
    assert speller.verdict("زقزوقيها").status == "ok"
    assert speller.verdict("زقزوقيخا").status == "unrecognised"


def test_affix_model_word_is_in_the_dictionary(raw_speller: Speller) -> None:
    assert raw_speller.verdict(AFFIX_MODEL_WORD).status == "ok"


# --- caches ------------------------------------------------------------------------------------


def test_persistent_cache_avoids_loading_hunspell(tmp_path: Path) -> None:
    first = Speller(lexicons=[], cache_dir=tmp_path)
    verdicts = [first.verdict(w) for w in ("إلى", "الى", "زقزوقي")]
    first.save_cache()
    assert first.cache_file is not None and first.cache_file.exists()
    second = Speller(lexicons=[], cache_dir=tmp_path)
    assert [second.verdict(w) for w in ("إلى", "الى", "زقزوقي")] == verdicts
    assert not second.loaded  # every word came from the cache
    assert second._frequencies is None  # and the frequency list was not needed either


# Each pair: a form the dictionary accepts, and its variant that it lacks but real text uses often
# or that is a slip. A word's verdict must not depend on which of the pair was judged first.
ORDER_PAIRS = (("الأسكتلندية", "الاسكتلندية"), ("الحياة", "الحياه"), ("إلى", "الى"),
               ("الإيطالي", "الايطالي"), ("أمس", "امس"))


def test_a_verdict_does_not_depend_on_the_words_judged_before_it(tmp_path: Path) -> None:
    """`--jobs`, the cache and a text's word order all change which words a process judges
    first: the same word must get the same verdict whatever came before it."""
    words = [word for pair in ORDER_PAIRS for word in pair]
    forward = Speller(cache_dir=tmp_path)
    verdicts = {word: forward.verdict(word) for word in words}
    forward.save_cache()
    backward = Speller(persistent_cache=False)
    assert {word: backward.verdict(word) for word in reversed(words)} == verdicts
    # A warm run asks the candidates of a new word about the cached words without Hunspell, and
    # must get the dictionary's answers, not the verdicts.
    warm = Speller(cache_dir=tmp_path)
    fresh = Speller(persistent_cache=False)
    assert [warm._is_word(w) for w in words] == [fresh.hunspell_accepts(w) for w in words]
    assert not warm.loaded


def test_preparing_a_batch_loads_hunspell_only_for_an_empty_verdict_cache(tmp_path: Path) -> None:
    cold = Speller(lexicons=[], cache_dir=tmp_path)
    cold.prepare()  # what `--jobs` workers share: nothing cached, so every word will miss
    assert cold.loaded and cold._frequencies is not None
    verdict = cold.verdict("زقزوقي")
    cold.save_cache()
    warm = Speller(lexicons=[], cache_dir=tmp_path)
    warm.prepare()
    assert not warm.loaded and warm._frequencies is not None
    assert warm.verdict("زقزوقي") == verdict and not warm.loaded


def test_the_frequency_list_is_cached_compactly_beside_the_verdicts(tmp_path: Path) -> None:
    first = Speller(lexicons=[], cache_dir=tmp_path)
    first.verdict("زقزوقستان")  # a miss: loads Hunspell and the list
    cached = list(tmp_path.glob("wordfreq-ar-*.msgpack"))
    assert len(cached) == 1 and first.frequency_load_seconds > 0
    second = Speller(lexicons=[], cache_dir=tmp_path, persistent_cache=True)
    assert second._freq() is not None and second._bucket("الحكومة") < second._bucket("الحكومه")


def test_cache_key_changes_with_word_lists(tmp_path: Path) -> None:
    words = tmp_path / "w.txt"
    words.write_text("زقزوقي\n", encoding="utf-8")
    plain = Speller(lexicons=[], cache_dir=tmp_path)
    extended = Speller(lexicons=[], wordlists=[words], cache_dir=tmp_path)
    assert plain.cache_key != extended.cache_key


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"[]", b'{"format": 1, "key": "x"}', b""],
)
def test_corrupt_cache_is_ignored(tmp_path: Path, content: bytes) -> None:
    speller = Speller(lexicons=[], cache_dir=tmp_path)
    assert speller.cache_file is not None
    speller.cache_file.write_bytes(content)
    again = Speller(lexicons=[], cache_dir=tmp_path)
    assert again.verdict("الى").status == "orthographic"
    again.save_cache()  # and it is replaced by a good one
    data = json.loads(cachefiles.read(again.cache_file))  # type: ignore[arg-type]
    assert data["orthographic"]["الى"] == "إلى"


def test_malformed_cache_entries_are_ignored(tmp_path: Path) -> None:
    speller = Speller(lexicons=[], cache_dir=tmp_path)
    assert speller.cache_file is not None
    bad = {"format": CACHE_FORMAT, "key": speller.cache_key, "ok": 5, "orthographic": []}
    assert cachefiles.update(speller.cache_file, lambda: json.dumps(bad).encode())  # intact, but wrong
    assert Speller(lexicons=[], cache_dir=tmp_path).verdict("إلى").status == "ok"


# --- bad input ---------------------------------------------------------------------------------


def test_missing_dictionary_raises(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError) as caught:
        Speller(dictionary=tmp_path / "xx.dic", persistent_cache=False)
    assert caught.value.path.name in {"xx.dic", "xx.aff"}
    assert "not found" in caught.value.message


def test_corrupt_dictionary_raises(tmp_path: Path) -> None:
    (tmp_path / "xx.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (tmp_path / "xx.dic").write_bytes(b"\x00\x01binary junk")
    with pytest.raises(DictionaryError, match="corrupt"):
        Speller(dictionary=tmp_path / "xx.dic", persistent_cache=False)


def test_dictionary_whose_words_do_not_pass_raises(tmp_path: Path) -> None:
    shipped = Speller(lexicons=[], persistent_cache=False)
    shutil.copy(shipped.aff_path, tmp_path / "xx.aff")
    (tmp_path / "xx.dic").write_text("2\nكتاب/ZZZZ\nقلم\n", encoding="utf-8")
    (tmp_path / "xx.aff").write_text("SET UTF-8\nFLAG long\nNEEDAFFIX ZZ\n", encoding="utf-8")
    speller = Speller(dictionary=tmp_path / "xx.dic", lexicons=[], persistent_cache=False)
    with pytest.raises(DictionaryError, match="corrupt"):
        speller.verdict("قلم")


def test_unreadable_word_list_raises(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="not found"):
        Speller(lexicons=[], wordlists=[tmp_path / "missing.txt"], persistent_cache=False)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9\n".encode("latin-1"))
    with pytest.raises(DictionaryError, match="UTF-8"):
        Speller(lexicons=[], wordlists=[latin1], persistent_cache=False)


# --- frequency evidence -------------------------------------------------------------------------


def test_forms_real_text_uses_often_are_words(raw_speller: Speller) -> None:
    hunspell_only = Speller(lexicons=[], persistent_cache=False, use_frequencies=False)
    for word in ("بإطلالة", "المطيري"):
        assert hunspell_only.verdict(word).status == "unknown"
        assert raw_speller.verdict(word).status == "ok"


def test_pronoun_suffixes_of_known_words_pass(raw_speller: Speller) -> None:
    for word in ("مصورينها", "لاعبيهم", "حكومتكما", "مدرستهن"):
        assert raw_speller.verdict(word).status == "ok", word


@pytest.mark.parametrize(
    ("accepted", "meant"),
    [("الحياه", "الحياة"), ("بناءا", "بناء"), ("مستشفي", "مستشفى"), ("لدية", "لديه")],
)
def test_an_accepted_form_whose_ending_variant_is_far_commoner_is_a_slip(
        raw_speller: Speller, accepted: str, meant: str) -> None:
    assert raw_speller.verdict(accepted) == ("orthographic", meant)


def test_accepted_forms_in_common_use_stay_words(raw_speller: Speller) -> None:
    # his book / writing, the name Ali / on, an accepted seat, a form-IV verb, and a suffixed
    # form too rare for the list: all valid as written.
    for word in ("كتابه", "علي", "وعلي", "مسئول", "عمرة", "ستبقي", "لمهاجمه"):
        assert raw_speller.verdict(word).status == "ok", word


@pytest.mark.parametrize(
    ("wrong", "first"), [("اعمال", "أعمال"), ("الا", "إلا"), ("هذة", "هذه"), ("امام", "أمام")],
)
def test_the_commonest_reading_of_a_hamza_slip_comes_first(raw_speller: Speller, wrong: str,
                                                           first: str) -> None:
    assert raw_speller.verdict(wrong) == ("orthographic", first)
    assert raw_speller.suggest(wrong)[0] == first


@pytest.mark.parametrize(
    ("typo", "correction"),
    [("الحكزمة", "الحكومة"), ("والحكزمة", "والحكومة"), ("البرلمانن", "البرلمان"),
     ("المستشفيات", None), ("فيالمدينة", "في المدينة"), ("الوزارةالجديدة", "الوزارة الجديدة"),
     ("الرئيسالجديد", "الرئيس الجديد")],
)
def test_typos_need_a_much_commoner_neighbour(raw_speller: Speller, typo: str,
                                              correction: str | None) -> None:
    verdict = raw_speller.verdict(typo)
    if correction is None:
        assert verdict.status == "ok"
    else:
        assert verdict == ("unknown", correction)
        assert raw_speller.suggest(typo)[0] == correction


@pytest.mark.parametrize(
    ("written", "meant", "cost"),
    [("اعمال", "أعمال", 0),  # a hamza seat
     ("القاره", "القارة", 0),  # ه for ة at the end
     ("البرلمانن", "البرلمان", 30),  # a letter doubled
     ("مدرس", "مدرسس", 30),  # a doubled letter written once
     ("مدرشة", "مدرسة", 40),  # letters told apart by dots
     ("مهرجان", "مةرجان", 40),  # ه and ة inside a word: dots only
     ("الحكوةم", "الحكومة", 50),  # neighbours swapped
     ("فيالمدينة", "في المدينة", 60),  # a missing space
     ("الحكزمة", "الحكومة", 140),  # any other letter
     ("كتاب", "مكتبة", None), ("كتاب", "كتاب", None), ("كتاب", "ك تاب", None)],
)
def test_edits_are_costed_by_how_likely_the_slip_is(written: str, meant: str,
                                                    cost: int | None) -> None:
    costed = edit_cost(written, meant)
    assert (costed[0] if costed else None) == cost


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ابتةهيىأ", min_size=1, max_size=8), st.data())
def test_the_forms_one_edit_away_are_exactly_those_with_a_cost(key: str, data: st.DataObject) -> None:
    near = one_edit_forms(key) | set(missing_spaces(key))
    places = [edit_cost(key, form) for form in near]
    assert None not in places
    assert len({place[1] for place in places if place}) == len(near)  # one place each: a total order
    farther = sorted(one_edit_forms(data.draw(st.sampled_from(sorted(near)))) - near - {key}) if near else []
    for form in data.draw(st.lists(st.sampled_from(farther), max_size=20)) if farther else []:
        assert edit_cost(key, form) is None


def test_suggestions_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Candidates are looked up as sets: ties of score must still come out in one order."""
    # Typos of common words with neighbours of equal score (الباقة/الناقة، الصدر/النصر).
    text = "قالت النصدر إن التاقة تكفي وإن اليواب وافقوا.\n"
    reports = []
    for seed in ("1", "2"):
        env = {"PYTHONHASHSEED": seed, "COPYCHECK_CACHE_DIR": str(tmp_path / seed)}
        result = run_cli("check", "-", "--format", "json", stdin=text, env=env)
        assert result.code == 1 and result.report is not None
        reports.append([(f["rule"], f["replacements"]) for f in result.report["files"][0]["findings"]])
    assert sum(rule.startswith("spelling") and len(replacements) == 5
               for rule, replacements in reports[0]) == 3
    assert reports[0] == reports[1]


def test_rare_words_without_a_typo_neighbour_are_unrecognised(raw_speller: Speller) -> None:
    for word in ("زقزوقستان", "بلطوشيان", "كرمنشولي"):
        assert raw_speller.verdict(word).status == "unrecognised", word


@pytest.mark.parametrize(
    ("typo", "correction"),
    [("مدرسسة", "مدرسة"),  # a doubled letter (the frequency evidence finds it too)
     ("ححكومة", "حكومة"),  # a doubled first letter
     ("قلمم", "قلم"),  # a doubled last letter: «لمم$» is unwritten, the twin dropped
     ("المدرسةة", "المدرسة"),  # ة inside a word is never written
     ("الوزيرهذا", "الوزير هذا"), ("الحكومةمع", "الحكومة مع")],  # a missing space at such a run
)
def test_letters_no_word_writes_in_a_row_mark_a_typo_of_a_short_word(
        raw_speller: Speller, typo: str, correction: str) -> None:
    # All are too short, or their neighbour too rare, for the frequency evidence alone.
    assert raw_speller.verdict(typo) == ("unknown", correction)
    assert raw_speller.suggest(typo)[0] == correction


def test_rare_roots_and_transliterations_with_unwritten_runs_stay_unrecognised(
        raw_speller: Speller) -> None:
    """Their runs are unwritten too (زطل، قذع، ضمخ، مكج، غكي), but no likely edit leads to a word."""
    for word in ("زطلوني", "قذعستان", "مضمخيات", "مكجوانيا", "كورنغكيت"):
        assert raw_speller.verdict(word).status == "unrecognised", word


def test_a_verdict_does_not_depend_on_the_candidates_tried_before() -> None:
    """الحياه is a dictionary word (الحيا + ه) and a slip for الحياة; trying it as a candidate for
    another word first must not make it "ok"."""
    speller = Speller(lexicons=[], persistent_cache=False)
    speller.suggest("الحياهه")  # الحياه is one edit away: a candidate
    assert speller.verdict("الحياه") == ("orthographic", "الحياة")


def test_the_runs_real_text_writes(tmp_path: Path) -> None:
    path = tmp_path / "runs.txt.gz"
    sequences.write(path, sequences.build(["كتاب"]))
    runs = sequences.read(path)
    assert runs is not None
    assert runs.unseen("كتاب") == [] and runs.unseen("كتاب", 3) == []
    assert runs.unseen("كتبا") == [0, 1, 2]  # ^كتب, كتبا and تبا$ are not written
    assert runs.unseen("كتبا", 3) == [1, 2, 3]  # ^كت is; كتب, تبا, با$ are not
    assert sequences.read(tmp_path / "missing.txt.gz") is None


def test_the_shipped_runs_are_those_of_the_installed_frequency_list() -> None:
    """dictionaries/wordfreq-ar-runs.txt.gz is derived data: `python -m copycheck.sequences`
    writes it again when wordfreq (or the kept buckets) change."""
    frequencies, _seconds = frequency.load(None)
    assert frequencies is not None
    shipped = sequences.read(data_path("dictionaries") / sequences.FILE_NAME)
    assert shipped is not None
    assert shipped == Sequences(sequences.build(frequencies.forms()))


def test_suggestions_never_call_hunspells_suggester(monkeypatch: pytest.MonkeyPatch) -> None:
    speller = Speller(lexicons=[], persistent_cache=False)
    speller.verdict("إلى")  # loads Hunspell

    def refuse(word: str) -> list[str]:
        raise AssertionError(f"Hunspell's suggester was called for {word}")

    class NoSuggester:
        def __init__(self, engine: object) -> None:
            self.spell = engine.spell  # type: ignore[attr-defined]
            self.suggest = refuse

    monkeypatch.setattr(speller, "_hunspell", NoSuggester(speller._engine()))
    assert speller.suggest("الحكزمة")[0] == "الحكومة"
    assert speller.suggest("زقزوقستان") == []


# --- recall on injected errors -----------------------------------------------------------------

# Correct sentences written for this test (not from any corpus).
SENTENCES = [
    "أعلن الوزير أن الحكومة ستعمل على إصلاح التعليم في القارة الأفريقية",
    "قال المسؤول إن المدرسة الجديدة ستفتح أبوابها إلى الطلاب في مدينة مراكش",
    "أكد الرئيس أن الأمن والاستقرار أولوية الدولة وأن الإرهاب خطر على الجميع",
    "أشارت الصحيفة إلى أن الأسعار ارتفعت في الأسواق خلال الأسبوع الماضي",
    "ذهب مصطفى إلى الجامعة التي درس فيها أخوه الأكبر قبل سنوات",
    "إذا استمرت الأزمة فإن الاقتصاد سيعاني كثيرا في السنة المقبلة",
    "أوضح المدير أن الشركة الكبيرة حققت أرباحا في هذه الفترة",
    "الإعلام الحر ضرورة لكل مجتمع يريد الإصلاح والتقدم",
    "وصلت البعثة إلى العاصمة لإجراء محادثات مع الأطراف المعنية",
    "أضاف المتحدث أن اللجنة ستنشر تقريرها الذي يتناول المسألة الأساسية",
]

ALEF_HAMZA = {"أ": "ا", "إ": "ا", "آ": "ا"}


def _inject(word: str) -> list[str]:
    """Typical slips for a correct word: hamza dropped from alef, ة→ه, ى→ي, ي→ى."""
    errors = []
    for prefix in ("", "و", "ب", "ل", "ال", "وال", "لل"):
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) > 1 and rest[0] in ALEF_HAMZA:
            errors.append(prefix + ALEF_HAMZA[rest[0]] + rest[1:])
            break
    endings = {"ة": "ه", "ى": "ي", "ي": "ى"}
    if len(word) > 2 and word[-1] in endings:
        errors.append(word[:-1] + endings[word[-1]])
    if "ؤو" in word:
        errors.append(word.replace("ؤو", "ؤ"))
    return errors


def test_recall_of_injected_orthographic_errors(raw_speller: Speller) -> None:
    injected = detected = first_right = real_words = 0
    for sentence in SENTENCES:
        for word in sentence.split():
            assert raw_speller.verdict(word).status == "ok", word  # the sentences are correct
            for wrong in _inject(word):
                if raw_speller.verdict(wrong).status == "ok":
                    real_words += 1  # Ayaspell has it (e.g. اكد as an imperative): undetectable
                    continue
                injected += 1
                verdict = raw_speller.verdict(wrong)
                detected += verdict.status == "orthographic"
                first_right += raw_speller.suggest(wrong)[:1] == [word]
    assert injected >= 30
    assert detected / injected >= 0.95, (detected, injected)
    assert first_right / injected >= 0.80, (first_right, injected)


def test_plural_dual_and_nisba_forms_of_word_list_words_pass(tmp_path: Path) -> None:
    words = tmp_path / "mine.txt"
    words.write_text("زقزوقي\nبلطوشة\nكرمانيا\n", encoding="utf-8")
    speller = Speller(lexicons=[], wordlists=[words], persistent_cache=False)
    for word in ("زقزوقيون", "والزقزوقيين", "بلطوشات", "كرمانيون", "الكرمانية", "كرماني"):
        assert speller.verdict(word).status == "ok", word
    # Pronoun suffixes pass on a known stem; an ending that is no suffix does not.
    for word in ("زقزوقيه", "بلطوشتها", "كرمانياهم"):
        assert speller.verdict(word).status == "ok", word
    for word in ("زقزوقيخ", "بلطوشتا"):
        assert speller.verdict(word).status == "unrecognised", word


def test_concurrent_saves_keep_every_process_verdicts(tmp_path: Path) -> None:
    """Two workers load the same cache, learn different words and save: both words stay."""
    first = Speller(lexicons=[], cache_dir=tmp_path)
    second = Speller(lexicons=[], cache_dir=tmp_path)
    first.verdict("الى")
    second.verdict("زقزوقي")
    first.save_cache()
    second.save_cache()
    third = Speller(lexicons=[], cache_dir=tmp_path)
    assert [third.verdict(w).status for w in ("الى", "زقزوقي")] == ["orthographic", "unrecognised"]
    assert not third.loaded  # both came from the file
    assert not list(tmp_path.glob("*.tmp"))
