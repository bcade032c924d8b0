"""`--encoding auto` (the default) and forced encodings, through the installed command on real files.

A run over an archive mixes UTF-8 files with Windows Arabic (cp1256) ones. copycheck must read
each correctly, say so when it cannot, and never write a file whose decoding it is not sure of.
"""

from __future__ import annotations

import codecs

import pytest
from support import run_cli

ARTICLE = "قال الوزير ، إن المغرب ينفذ استراتيجية شاملة.\n"
FIXED = "قال الوزير، إن المغرب ينفذ استراتيجية شاملة.\n"


def findings_of(result, path) -> list[tuple[str, int, int]]:
    file = next(f for f in result.report["files"] if f["path"] == str(path))
    return [(f["rule"], f["start"], f["end"]) for f in file["findings"]]


def error_of(result, path) -> str:
    file = next(f for f in result.report["files"] if f["path"] == str(path))
    return file["error"]["message"]


@pytest.fixture
def archive(tmp_path):
    """One article stored three ways: UTF-8, UTF-8 with a BOM, cp1256."""
    paths = {"utf-8": tmp_path / "utf8.txt", "utf-8-sig": tmp_path / "bom.txt",
             "cp1256": tmp_path / "windows.txt"}
    for encoding, path in paths.items():
        path.write_bytes(ARTICLE.encode(encoding))
    return paths


def test_auto_reads_utf8_with_or_without_bom_and_cp1256_alike(archive):
    result = run_cli("check", "--format", "json", *map(str, archive.values()))
    assert result.code == 1
    expected = [("spacing.before-punctuation", 10, 11)]
    assert [findings_of(result, path) for path in archive.values()] == [expected] * 3


def test_a_file_neither_utf8_nor_arabic_is_an_input_error_naming_it(archive, tmp_path):
    latin = tmp_path / "menu.txt"
    latin.write_bytes("Le café, la crème brûlée.\n".encode("latin-1"))
    result = run_cli("check", "--format", "json", str(latin), str(archive["utf-8"]))
    assert result.code == 2 and "Traceback" not in result.stderr
    message = error_of(result, latin)
    assert "cannot decode byte 0xe9 at offset 6 as utf-8" in message
    assert "does not read as cp1256 Arabic either" in message
    assert findings_of(result, archive["utf-8"]) == [("spacing.before-punctuation", 10, 11)]
    text = run_cli("check", str(latin))
    assert text.code == 2 and f"{latin}:1: error: cannot decode byte 0xe9" in text.stdout


def test_strict_utf8_refuses_cp1256(archive):
    result = run_cli("check", "--encoding", "utf-8", str(archive["cp1256"]))
    assert result.code == 2
    assert f"{archive['cp1256']}:1: error: cannot decode byte" in result.stdout
    assert "--encoding cp1256" in result.stdout


def test_forcing_cp1256_on_a_utf8_file_is_an_error_for_that_file_only(archive):
    result = run_cli("check", "--format", "json", "--encoding", "cp1256",
                     str(archive["utf-8"]), str(archive["cp1256"]))
    assert result.code == 2
    message = error_of(result, archive["utf-8"])
    assert "valid UTF-8" in message and "mojibake" in message and "leave out --encoding" in message
    assert findings_of(result, archive["cp1256"]) == [("spacing.before-punctuation", 10, 11)]


def test_fix_with_a_forced_encoding_never_writes_a_misread_file(archive):
    """The reported accident: a cp1256 run over UTF-8 files wrote mojibake into one."""
    result = run_cli("check", "--fix", "--encoding", "cp1256", str(archive["utf-8"]),
                     str(archive["utf-8-sig"]),
                     str(archive["cp1256"]))
    assert result.code == 2 and "Traceback" not in result.stderr
    assert archive["utf-8"].read_bytes() == ARTICLE.encode("utf-8")
    assert archive["utf-8-sig"].read_bytes() == ARTICLE.encode("utf-8-sig")
    # The file that really is cp1256 is fixed and stays cp1256.
    assert archive["cp1256"].read_bytes() == FIXED.encode("cp1256")
    assert f"{archive['utf-8']}: error: the file is valid UTF-8" in result.stdout


def test_fix_refuses_a_guessed_cp1256_file_and_fixes_the_others(archive):
    result = run_cli("check", "--fix", str(archive["cp1256"]), str(archive["utf-8"]))
    assert result.code == 2
    assert archive["cp1256"].read_bytes() == ARTICLE.encode("cp1256")  # untouched
    assert archive["utf-8"].read_bytes() == FIXED.encode("utf-8")
    assert f"{archive['cp1256']}: error: not fixed: the file is not UTF-8" in result.stdout
    assert "rerun with --encoding cp1256" in result.stdout
    # Its findings are still reported, and confirming the encoding lets --fix write it, in cp1256.
    assert f"{archive['cp1256']}:1:11: warning [spacing.before-punctuation]" in result.stdout
    confirmed = run_cli("check", "--fix", "--encoding", "cp1256", str(archive["cp1256"]))
    assert confirmed.code == 0
    assert archive["cp1256"].read_bytes() == FIXED.encode("cp1256")


def test_diff_of_a_guessed_file_shows_the_fix_and_writes_nothing(archive):
    result = run_cli("check", "--diff", str(archive["cp1256"]))
    assert result.code == 1
    assert "+" + FIXED in result.stdout
    assert archive["cp1256"].read_bytes() == ARTICLE.encode("cp1256")


def test_fix_on_stdin_refuses_a_guessed_encoding():
    result = run_cli("check", "--fix", "-", stdin=ARTICLE.encode("cp1256"))
    assert result.code == 2
    assert result.stdout == ""  # no fixed text: nothing a pipeline could save over its input
    assert "-: error: not fixed" in result.stderr


def test_text_that_is_already_mojibake_is_not_checked_or_fixed(tmp_path):
    """UTF-8 Arabic once misread as cp1252 and saved as UTF-8: checking it gives only nonsense."""
    broken = tmp_path / "pasted.txt"
    mojibake = ARTICLE.encode("utf-8").decode("cp1252", errors="replace")
    data = mojibake.encode("utf-8")
    broken.write_bytes(data)
    result = run_cli("check", "--fix", str(broken))
    assert result.code == 2 and "Traceback" not in result.stderr
    assert f"{broken}:1: error: the text reads like mojibake" in result.stdout
    assert broken.read_bytes() == data


def test_utf16_with_a_bom_is_read_and_fixed_in_utf16(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    assert run_cli("check", "--fix", str(article)).code == 0
    assert article.read_bytes() == codecs.BOM_UTF16_LE + FIXED.encode("utf-16-le")
