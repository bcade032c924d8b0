"""`--jobs N`: files and records checked in worker processes, reported in input order with the
findings of one process; an input that breaks or kills its worker is that input's error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import run_cli

from copycheck.checker import Checker
from copycheck.runner import Runner, RunOptions

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_9eb9693275b328fe.txt"


def _archive(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": f"n-{index}", "body": text}, ensure_ascii=False) + "\n"
                            for index, text in enumerate(texts)), encoding="utf-8")
    return path


def _texts(count: int) -> list[str]:
    lines = [line for line in SEED.read_text(encoding="utf-8").split(".") if len(line.strip()) > 20]
    return [lines[index % len(lines)].strip() + " ." for index in range(count)]


def test_two_workers_report_what_one_process_does_in_input_order(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "export.jsonl", _texts(150))
    files = []
    for index in range(4):
        files.append(tmp_path / f"article-{index}.txt")
        files[-1].write_text(_texts(5)[index], encoding="utf-8")
    args = ("check", str(archive), *map(str, files), "--field", "body", "--id-field", "id",
            "--format", "json")
    one, two = run_cli(*args, "--jobs", "1"), run_cli(*args, "--jobs", "2")
    assert one.code == two.code == 1
    assert one.report is not None and two.report is not None
    assert two.report["files"] == one.report["files"]
    assert [f["path"] for f in two.report["files"][:3]] == [f"{archive}#n-{i}" for i in range(3)]
    assert two.report["summary"]["findings"] > 150


def test_the_jsonl_stream_keeps_its_order_with_workers(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "export.jsonl", _texts(100))
    result = run_cli("check", str(archive), "--field", "body", "--id-field", "id", "--format", "jsonl",
                     "--jobs", "2")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        f"n-{index}" for index in range(100)]


@pytest.fixture
def fragile_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checker.check raises on «BOOM» and kills its process on «DIE»; workers are forked, so
    they run the patched method."""
    original = Checker.check

    def check(self, doc, skip=()):
        if "DIE" in doc.text:
            os._exit(3)
        if "BOOM" in doc.text:
            raise RuntimeError("a bug in a rule")
        return original(self, doc, skip)

    monkeypatch.setattr(Checker, "check", check)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the patched check reaches workers by fork")
def test_an_input_that_breaks_or_kills_its_worker_is_its_error(tmp_path: Path, fragile_checker) -> None:
    texts = _texts(60)
    texts[7], texts[41] = "نص BOOM هنا.", "نص DIE هنا."
    archive = _archive(tmp_path / "export.jsonl", texts)
    runner = Runner(RunOptions(field="body", id_field="id", jobs=2))
    report = runner.run(list(runner.targets([str(archive)])))
    assert [file.path for file in report.files] == [f"{archive}#n-{i}" for i in range(60)]
    broken = {index: file.errors[0].message for index, file in enumerate(report.files) if file.errors}
    assert sorted(broken) == [7, 41]
    assert "RuntimeError: a bug in a rule" in broken[7]
    assert "worker process checking it died" in broken[41]
    assert report.has_errors and all(file.findings for i, file in enumerate(report.files)
                                      if i not in broken)
