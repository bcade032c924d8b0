"""Checking a sharded JSONL archive on Dask gives what `copycheck check --format jsonl` prints.

A real `distributed.LocalCluster` with two worker processes checks a small archive written here;
the lines it produces, in shard order, must equal the command's output line for line.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from importlib.metadata import metadata, requires
from pathlib import Path

import pytest
from support import made_up_article, run_cli

distributed = pytest.importorskip("distributed")

from copycheck import Checker  # noqa: E402
from copycheck.dask import INSTALL_HINT, check_archive  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dask_archive.py"

SHARDS = 4
RECORDS_PER_SHARD = 12


def write_archive(folder: Path) -> list[str]:
    """Shards of made-up records of one or two paragraphs, plus a record without text, one whose
    text is null and a broken line (errors the command reports per record)."""
    draw = random.Random(7)
    folder.mkdir()
    shards = []
    for number in range(SHARDS):
        lines = []
        for index in range(RECORDS_PER_SHARD):
            text = made_up_article(draw, draw.randint(1, 2))
            lines.append(json.dumps({"id": f"{number}-{index}", "text": text}, ensure_ascii=False))
        if number == 1:
            lines[3:3] = ['{"id": "no-text", "body": "نص"}', '{"id": "null", "text": null}',
                          '{"id": "broken", "text": ']
        path = folder / f"shard-{number}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        shards.append(str(path))
    return shards


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return write_archive(tmp_path_factory.mktemp("dask") / "archive")


@pytest.fixture(scope="module")
def command_lines(archive: list[str]) -> list[str]:
    """What a plain run of the command prints for the same shards."""
    result = run_cli("check", "--format", "jsonl", "--field", "text", "--id-field", "id", *archive)
    assert result.code == 2, result.stderr  # findings, and the three records in error
    lines = result.stdout.splitlines()
    assert len(lines) == SHARDS * RECORDS_PER_SHARD + 3
    return lines


def test_the_bag_holds_the_commands_lines_in_input_order(cluster, archive, command_lines):
    with distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        with distributed.get_task_stream(client) as stream:
            lines = check_archive(archive, Checker(), field="text", id_field="id").compute()
    assert lines == command_lines
    records = [json.loads(line) for line in lines]
    assert sum(len(record["findings"]) for record in records) > SHARDS * RECORDS_PER_SHARD
    assert [record["id"] for record in records if "error" in record] == [
        "no-text", "null", f"{archive[1]}:6"]
    workers = {task["worker"] for task in stream.data if "check_shards" in str(task["key"])}
    assert len(workers) == 2  # both worker processes checked shards


def test_the_example_writes_one_findings_file_per_shard(cluster, archive, command_lines, tmp_path):
    out = tmp_path / "findings"
    out.mkdir()
    environment = {**os.environ, "DASK_SCHEDULER_ADDRESS": cluster.scheduler_address}
    done = subprocess.run([sys.executable, str(EXAMPLE), str(out), *archive], env=environment,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    written = [(out / f"{Path(shard).stem}.jsonl").read_text(encoding="utf-8") for shard in archive]
    assert "".join(written).splitlines() == command_lines
    assert all(text.endswith("}\n") for text in written)


def test_a_severity_threshold_keeps_only_what_reaches_it(cluster, archive):
    with distributed.Client(cluster):
        lines = check_archive(archive[:1], Checker(), field="text", id_field="id",
                              severity="error").compute()
    findings = [finding for line in lines for finding in json.loads(line)["findings"]]
    expected = run_cli("check", "--format", "jsonl", "--field", "text", "--id-field", "id",
                       "--severity", "error", archive[0])
    assert lines == expected.stdout.splitlines()
    assert findings and all(finding["severity"] == "error" for finding in findings)


def test_the_readme_shows_the_example_as_it_is():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Checking an archive on a cluster"):]
    block = section[section.index("```python\n") + len("```python\n"):]
    assert EXAMPLE.read_text(encoding="utf-8") == block[:block.index("```\n")]


def test_the_distribution_offers_dask_as_an_extra():
    extras = metadata("copycheck-arabic").get_all("Provides-Extra") or []
    requirements = [r.replace('"', "'") for r in requires("copycheck-arabic") or []]
    assert "dask" in extras
    for name in ("dask[bag]", "distributed"):
        assert any(r.startswith(name) and "extra == 'dask'" in r for r in requirements), name
    assert not any(r.startswith(("dask", "distributed")) and "extra" not in r for r in requirements)


def test_without_dask_the_error_says_how_to_install_it(archive):
    code = ("import sys; sys.modules['dask'] = None\n"
            "import copycheck\n"
            "from copycheck.dask import check_archive\n"
            f"check_archive({archive[:1]!r}, copycheck.Checker(), field='text')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith(f"ImportError: {INSTALL_HINT}")
