"""`--format jsonl`: one JSON object per record (or file), in input order, written as each is checked,
with the JSON report's finding fields; memory stays flat however long the archive."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from support import copycheck_executable, run_cli

from copycheck import inputs
from copycheck.sources import records

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_9eb9693275b328fe.txt"


def _sentences() -> list[str]:
    """The seed article cut into sentences: short texts that still have findings of many kinds."""
    text = SEED.read_text(encoding="utf-8")
    return [s.strip() for s in regex.split(r"(?<=[.!؟])\s+|\n+", text) if len(s.strip()) > 10]


def _archive(path: Path, count: int, broken: tuple[int, ...] = ()) -> Path:
    sentences = _sentences()
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            if index in broken:
                handle.write(json.dumps({"id": f"n-{index}", "title": "بلا نص"}) + "\n")
                continue
            text = " ".join(sentences[index % len(sentences):][:2])
            handle.write(json.dumps({"id": f"n-{index}", "body": text}, ensure_ascii=False) + "\n")
    return path


def _lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]  # each line alone is valid JSON


def test_one_object_per_record_in_input_order_with_the_json_reports_fields(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "export.jsonl", 60)
    streamed = run_cli("check", str(archive), "--field", "body", "--id-field", "id", "--format", "jsonl")
    whole = run_cli("check", str(archive), "--field", "body", "--id-field", "id", "--format", "json")
    assert streamed.code == whole.code == 1
    objects = _lines(streamed.stdout)
    assert [o["id"] for o in objects] == [f"n-{index}" for index in range(60)]
    assert whole.report is not None
    assert [{k: v for k, v in o.items() if k != "id"} for o in objects] == whole.report["files"]
    assert sum(len(o["findings"]) for o in objects) > 60


def test_a_record_error_is_an_object_with_an_error_and_exit_2(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "export.jsonl", 5, broken=(2,))
    result = run_cli("check", str(archive), "--field", "body", "--id-field", "id", "--format", "jsonl")
    assert result.code == 2
    objects = _lines(result.stdout)
    assert [("error" in o) for o in objects] == [False, False, True, False, False]
    assert objects[2]["error"]["message"] == "record has no field 'body' (record on line 3)"
    assert "record has no field 'body'" in result.stderr


def test_a_clean_archive_exits_0(tmp_path: Path) -> None:
    archive = tmp_path / "clean.jsonl"
    archive.write_text(json.dumps({"body": "قال الوزير إن الاجتماع مهم."}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    result = run_cli("check", str(archive), "--field", "body", "--format", "jsonl")
    assert (result.code, _lines(result.stdout)) == (0, [
        {"id": f"{archive}:1", "path": f"{archive}:1", "findings": [],
         "record": {"file": str(archive), "line": 1, "id": None, "field": "body"}}])


def test_files_that_are_not_records_give_one_object_each(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.md"
    first.write_text("قال الوزير , إن الاجتماع مهم.\n", encoding="utf-8")
    second.write_text("# عنوان\n\nنص  آخر.\n", encoding="utf-8")
    result = run_cli("check", str(first), str(second), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.code == 2
    objects = _lines(result.stdout)
    assert [o["id"] for o in objects] == [str(first), str(second), str(tmp_path / "missing.txt")]
    assert [f["rule"] for f in objects[0]["findings"]] == ["punctuation.latin-comma"]
    assert "error" in objects[2]


def test_a_byte_that_is_not_utf8_stops_the_archive_there(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "export.jsonl", 3)
    archive.write_bytes(archive.read_bytes() + b'{"body": "\xff"}\n')
    result = run_cli("check", str(archive), "--field", "body", "--id-field", "id", "--format", "jsonl")
    objects = _lines(result.stdout)
    assert result.code == 2
    assert [o["id"] for o in objects[:3]] == ["n-0", "n-1", "n-2"]
    assert objects[3]["error"]["line"] == 4
    assert "cannot decode byte 0xff" in objects[3]["error"]["message"]


def test_jsonl_is_read_line_by_line_with_the_records_of_a_whole_read(tmp_path: Path) -> None:
    archive = tmp_path / "export.jsonl"
    # A BOM, a U+2028 inside a string (no line break for JSON lines), a blank line, broken JSON, CRLF.
    body = '{"id": 1, "body": "نص\u2028 آخر"}\n\n{oops\n{"id": 2, "body": 5}\r\n'
    archive.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert inputs._streams(str(archive), "utf-8")
    streamed = list(inputs.load_records(str(archive), "body", "id"))
    whole = list(records.extract(archive.read_bytes().decode("utf-8-sig"), str(archive), "body", "id"))
    assert streamed == whole and len(streamed) == 3


@pytest.mark.parametrize("source", ['{\n "body": "نص"\n}\n', '[{"body": "نص"}]\n', "\n\n"])
def test_an_object_an_array_or_blank_input_is_read_whole(tmp_path: Path, source: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(source, encoding="utf-8")
    assert not inputs._streams(str(path), "utf-8")


def test_each_record_is_written_as_soon_as_it_is_checked(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "export.jsonl", 3000)
    command = [copycheck_executable(), "check", str(archive), "--field", "body", "--format", "jsonl"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        assert process.stdout is not None
        first = json.loads(process.stdout.readline())
        still_running = process.poll() is None
        rest = process.stdout.read().splitlines()
    assert first["id"] == f"{archive}:1"
    assert still_running, "the first record came out only when the whole archive was checked"
    assert len(rest) == 2999


_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_rss_kib(archive: Path) -> int:
    """The CLI's peak resident memory, from a helper process that has no other child."""
    command = [copycheck_executable(), "check", str(archive), "--field", "body", "--id-field", "id",
               "--format", "jsonl"]
    result = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True, text=True,
                            check=True, timeout=300)
    return int(result.stdout)


def test_memory_stays_flat_over_ten_times_the_records(tmp_path: Path) -> None:
    small = _peak_rss_kib(_archive(tmp_path / "small.jsonl", 500))
    large = _peak_rss_kib(_archive(tmp_path / "large.jsonl", 5000))
    # Kept reports would add megabytes per thousand records (the JSON report grows by several
    # hundred MB here); allow 20 MB for allocator noise.
    assert large < small + 20 * 1024, (small, large)
