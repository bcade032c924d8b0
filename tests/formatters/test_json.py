"""The JSON report as the command writes it: one finding at a time, laid out exactly as
`json.dumps(indent=2)` lays out the same data, and without holding every finding's record."""

from __future__ import annotations

import json
import os
import subprocess

from support import MADE_UP_SENTENCES, copycheck_executable, run_cli


def _canonical(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def test_the_streamed_report_is_laid_out_as_json_dumps_would(tmp_path):
    """Several files (findings, none, an undecodable one) and an archive's records, one of them
    empty: every shape of file entry, and the top-level errors."""
    (tmp_path / "a.txt").write_text("\n\n".join(MADE_UP_SENTENCES), encoding="utf-8")
    (tmp_path / "clean.txt").write_text("انتهت المباراة بالتعادل.\n", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00\xd8 \x00\x00\x81")
    (tmp_path / "news.jsonl").write_text(
        json.dumps({"id": "n1", "text": "قال الوزير ، إن الاجتماع كان مهما."}, ensure_ascii=False)
        + "\n" + json.dumps({"id": "n2", "text": ""}) + "\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--encoding", "utf-8", "--field", "text",
                     "--id-field", "id", "a.txt", "clean.txt", "broken.txt", "missing.txt",
                     "news.jsonl", cwd=tmp_path)
    assert result.code == 2  # the unreadable files are errors; the others are still checked
    report = result.report
    assert report is not None
    assert len(report["files"]) >= 6 and report["summary"]["findings"] >= 5
    assert any(file.get("record") for file in report["files"])
    assert any(file.get("error") for file in report["files"])
    assert any(file["findings"] == [] for file in report["files"])
    assert result.stdout == _canonical(report)


def test_an_empty_run_is_laid_out_as_json_dumps_would(tmp_path):
    result = run_cli("check", "--format", "json", "-", stdin="")
    assert result.report is not None and result.stdout == _canonical(result.report)


def _peak_megabytes(*args: str) -> float:
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen([copycheck_executable(), *args], stdout=sink,
                                   stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024


def test_a_report_of_many_findings_costs_no_more_memory_as_json_than_as_text(tmp_path):
    """20,000 findings: the JSON report used to hold every finding's record and the whole text
    (about 4 kB a finding, 60 MB more than the text report here); now it writes as it goes."""
    item = "- قال الوزير ، إن الوفد وصل الى المدينة مساء أمس لبحث التعاون بين البلدين.\n"
    path = tmp_path / "list.md"
    path.write_text(item * 10_000, encoding="utf-8")
    text = _peak_megabytes("check", "--format", "text", str(path))
    streamed = _peak_megabytes("check", "--format", "json", str(path))
    assert streamed < text * 1.1 + 5, (streamed, text)
