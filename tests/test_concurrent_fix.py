"""--fix never loses another program's edit: a file that changed after it was read is not written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from support import run_cli

from copycheck import inputs
from copycheck.errors import InputError

PARAGRAPH = "قال الوزير , إن الاجتماع  مهم .\n"  # three fixable findings
FIXED_PARAGRAPH = "قال الوزير، إن الاجتماع مهم.\n"

# Appends numbered lines, each with its own open and close as a logger or a second editor would,
# until the stop file appears; then prints how many it wrote.
APPENDER = textwrap.dedent("""\
    import os, sys, time
    path, stop = sys.argv[1], sys.argv[2]
    count = 0
    while not os.path.exists(stop):
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"appended line {count}\\n")
        count += 1
        time.sleep(0.001)
    print(count)
""")


def start_appender(tmp_path: Path, article: Path) -> tuple[subprocess.Popen[str], Path]:
    stop = tmp_path / "stop"
    stop.unlink(missing_ok=True)
    writer = subprocess.Popen([sys.executable, "-c", APPENDER, str(article), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while "appended line 0" not in article.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "the appender never wrote"
        time.sleep(0.01)
    return writer, stop


def stop_appender(writer: subprocess.Popen[str], stop: Path) -> int:
    stop.touch()
    out, _ = writer.communicate(timeout=10)
    return int(out)


@pytest.mark.parametrize("round_", range(3))
def test_fix_keeps_every_line_a_concurrent_writer_appends(tmp_path, round_):
    article = tmp_path / "article.txt"
    article.write_text(PARAGRAPH * 3000, encoding="utf-8")
    writer, stop = start_appender(tmp_path, article)
    try:
        result = run_cli("check", "--fix", str(article), timeout=120)
    finally:
        appended = stop_appender(writer, stop)
    text = article.read_text(encoding="utf-8")
    lost = [n for n in range(appended) if f"appended line {n}\n" not in text]
    assert lost == [], f"{len(lost)} appended line(s) lost"
    assert result.code == 2 and "Traceback" not in result.stderr
    assert f"{article}: error: the file changed while it was being checked" in result.stdout
    assert "newer content was kept" in result.stdout
    assert text.startswith(PARAGRAPH * 3000)  # not a mix of the fixed text and the new lines
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_file_changed_after_reading_is_reported_and_the_other_files_are_fixed(tmp_path):
    changing, steady = tmp_path / "changing.txt", tmp_path / "steady.txt"
    changing.write_text(PARAGRAPH * 3000, encoding="utf-8")  # long enough to be written to
    steady.write_text(PARAGRAPH, encoding="utf-8")
    writer, stop = start_appender(tmp_path, changing)
    try:
        result = run_cli("check", "--fix", "--format", "json", str(changing), str(steady))
    finally:
        stop_appender(writer, stop)
    assert result.code == 2
    files = {file["path"]: file for file in json.loads(result.stdout)["files"]}
    assert "changed while it was being checked" in files[str(changing)]["error"]["message"]
    assert steady.read_text(encoding="utf-8") == FIXED_PARAGRAPH


def read(path: Path) -> tuple[bytes, inputs.Snapshot]:
    data, snapshot = inputs.read_with_snapshot(str(path))
    assert snapshot is not None
    return data, snapshot


def test_a_same_size_rewrite_in_the_same_instant_is_caught_by_the_hash(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(b"abc\n")
    _, snapshot = read(article)
    status = article.stat()
    article.write_bytes(b"xyz\n")
    os.utime(article, ns=(status.st_atime_ns, status.st_mtime_ns))  # size and time as read
    with pytest.raises(InputError, match="changed while it was being checked"):
        inputs.write_atomic(str(article), b"fixed\n", snapshot)
    assert article.read_bytes() == b"xyz\n"


def test_a_file_saved_by_rename_after_reading_is_not_overwritten(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(b"abc\n")
    _, snapshot = read(article)
    saved = tmp_path / "article.txt~"
    saved.write_bytes(b"abc\n")  # the same bytes, another file: an editor's save by rename
    os.replace(saved, article)
    with pytest.raises(InputError, match="changed while it was being checked"):
        inputs.write_atomic(str(article), b"fixed\n", snapshot)
    assert article.read_bytes() == b"abc\n"


def test_a_write_racing_the_rename_is_put_back(tmp_path, monkeypatch):
    """An append between the last check and the rename lands in the replaced file: its content,
    and whatever was appended to the fixed file after the rename, become the file again."""
    article = tmp_path / "article.txt"
    article.write_bytes(b"original\n")
    _, snapshot = read(article)
    real_replace, calls = os.replace, []

    def racing_replace(source, target):
        calls.append(target)
        if len(calls) == 1:
            with open(article, "ab") as late:
                late.write(b"late line\n")
            real_replace(source, target)
            with open(article, "ab") as later:
                later.write(b"later line\n")
        else:
            real_replace(source, target)

    monkeypatch.setattr(inputs.os, "replace", racing_replace)
    with pytest.raises(InputError, match="newer content was kept"):
        inputs.write_atomic(str(article), b"fixed\n", snapshot)
    assert article.read_bytes() == b"original\nlate line\nlater line\n"
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_unchanged_file_is_written(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(b"abc\n")
    _, snapshot = read(article)
    inputs.write_atomic(str(article), b"fixed\n", snapshot)
    assert article.read_bytes() == b"fixed\n"
