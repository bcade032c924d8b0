"""Learning a newsroom lexicon from an archive: counting, clitics, exclusions, the file format."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from copycheck.errors import InputError
from copycheck.lexicon import (
    Entry,
    SourceText,
    format_lexicon,
    learn,
    parse_lexicon,
    read_texts,
    reduce_clitics,
    write_lexicon,
)
from copycheck.speller import Speller, parse_word_list


@pytest.fixture(scope="module")
def raw_speller() -> Speller:
    """Hunspell alone: these tests are about what the learner does with the words it rejects,
    and the frequency list would accept the common ones (تغريدة) before the learner sees them."""
    return Speller(lexicons=[], persistent_cache=False, use_frequencies=False)


# Small synthetic articles: made-up names (زقزوق، بلطوشي) recur; a typo and الى recur too.
DOCS = [
    SourceText("قال زقزوق إن بلطوشي وصل الى المدينة", "a"),
    SourceText("التقى بزقزوق وفد من البلطوشيين في العاصمة", "b"),
    SourceText("أكد لزقزوق أن والبلطوشيين اتفقوا الى حد كبير", "a"),
    SourceText("زار زقزوق المدينة وقال إن الأمر مهم", "c"),
    SourceText("كتب مراسل مقالا عن قطرقيس مرة واحدة", "b"),
]


def test_learn_counts_documents_and_strips_clitics(raw_speller: Speller) -> None:
    entries = {e.word: e for e in learn(DOCS, raw_speller, min_docs=2)}
    # بزقزوق and لزقزوق count towards زقزوق; the article and وال go from البلطوشيين.
    assert entries["زقزوق"] == Entry("زقزوق", 4, 4, 3)
    assert entries["بلطوشيين"].documents == 2
    assert "قطرقيس" not in entries  # one document only
    assert "الى" not in entries  # an orthographic error, however frequent
    assert not any(word.startswith(("ب", "ل")) and word[1:] in entries for word in entries)


def test_learn_min_sources_and_plain_strings(raw_speller: Speller) -> None:
    assert "زقزوق" in {e.word for e in learn(DOCS, raw_speller, min_docs=2, min_sources=3)}
    assert "بلطوشيين" not in {e.word for e in learn(DOCS, raw_speller, min_sources=3)}
    plain = [d.text for d in DOCS]  # no sources: one anonymous source
    assert {e.word for e in learn(plain, raw_speller, min_docs=3)} == {"زقزوق"}


def test_learn_reports_progress(raw_speller: Speller) -> None:
    ticks: list[int] = []
    learn(DOCS, raw_speller, progress=ticks.append)
    assert sum(ticks) == len(DOCS)


def test_shadowed_spelling_is_learned_only_when_the_archive_prefers_it(
        raw_speller: Speller) -> None:
    # تغريدة is rejected while تغريده (tweet + his) is a word: in an archive that never writes
    # تغريده, تغريدة is a modern word, not an error. الى loses to إلى and stays out.
    docs = ["نشر تغريدة جديدة", "حذف تغريدة قديمة", "وصل الى إلى البيت", "ذهب الى إلى السوق"]
    words = {e.word for e in learn(docs, raw_speller, min_docs=2)}
    assert "تغريدة" in words
    assert "الى" not in words


def test_reduce_clitics() -> None:
    attested = Counter({"داعش": 50, "حوثيين": 40, "ليفربول": 9})
    assert reduce_clitics("بداعش", attested) == "داعش"
    assert reduce_clitics("لداعش", attested) == "داعش"
    assert reduce_clitics("والحوثيين", attested) == "حوثيين"
    assert reduce_clitics("الحوثيين") == "حوثيين"
    assert reduce_clitics("لليفربول", attested) == "ليفربول"  # ل + ليفربول, not لل + يفربول
    assert reduce_clitics("بوريطة", attested) == "بوريطة"  # وريطة is not attested
    assert reduce_clitics("كاليفورنيا", attested) == "كاليفورنيا"


def test_learned_words_make_prefixed_forms_pass(raw_speller: Speller, tmp_path: Path) -> None:
    path = tmp_path / "lexicon.txt"
    write_lexicon(learn(DOCS, raw_speller, min_docs=2), path)
    speller = Speller(lexicons=[path], persistent_cache=False)
    for word in ("زقزوق", "بزقزوق", "لزقزوق", "والبلطوشيين", "البلطوشيين", "للبلطوشيين"):
        assert speller.verdict(word).status == "ok", word


def test_lexicon_format_round_trip() -> None:
    entries = [Entry("زقزوق", 12, 4, 3), Entry("بلطوشيين", 3, 2, 1)]
    text = format_lexicon(entries, title="test")
    assert text.startswith("# test\n")
    assert parse_lexicon(text) == entries
    assert parse_word_list(text) == ["زقزوق", "بلطوشيين"]
    assert parse_lexicon("# c\nكلمة\n") == [Entry("كلمة", 0, 0, 0)]


def test_read_texts_from_files_directories_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "one.txt").write_text("نص أول", encoding="utf-8")
    (tmp_path / "dir" / "skip.bin").write_bytes(b"\x00")
    records = [{"body": {"text": "نص ثان"}, "meta": {"outlet": "X"}}, {"body": {}}, {"other": 1}]
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as stream:
        stream.write("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n")
    texts = list(read_texts([tmp_path / "dir", tmp_path / "a.jsonl.gz"], field="body.text",
                            source_field="meta.outlet"))
    assert texts == [SourceText("نص أول", str(tmp_path / "dir")), SourceText("نص ثان", "X")]


def test_read_texts_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(read_texts([tmp_path / "missing"]))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "نص"}\n{broken\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_texts([bad]))
    assert caught.value.diagnostic.line == 2
