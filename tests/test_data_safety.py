"""What a killed run, a shared cache or a damaged cache may do to the user's data: nothing.

- `copycheck check --fix` killed at any moment leaves the file old or fixed, byte for byte; a
  temporary file a kill leaves behind is removed by the next fix in that folder.
- Runs sharing one spelling verdict cache at once lose none of each other's verdicts, and report
  what each would report alone on an empty cache.
- A damaged cache file (truncated, zeroed, altered, a folder in its place) or a read-only cache
  folder changes no result and prints no traceback.
bench/data_safety.py runs the same campaign longer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from faults import (
    kill_campaign,
    run_at_once,
    run_cold,
    saved_verdicts,
    texts_with_their_own_words,
)
from support import copycheck_executable, run_cli

from copycheck import cachefiles

# A text whose findings depend on the verdict cache: a hamza slip, a typo, a Latin comma.
ARTICLE = "قال الوزير, إن الاجتماع في العاصمه كان مهما جدا والمفاوضاتت مستمرة.\n"


# -- --fix killed at random moments -------------------------------------------------------------
def test_a_killed_fix_leaves_the_old_or_the_new_file_and_no_litter(tmp_path):
    campaign = kill_campaign(tmp_path, kills=12, size=30_000, seed=11)
    assert [kill.outcome for kill in campaign.kills if kill.outcome not in ("old", "new")] == []
    assert campaign.counts()["old"] >= 1  # the campaign did stop runs before their write
    assert {kill.outcome for kill in campaign.kills if kill.moment == "after-the-rename"} == {"new"}
    for kill in campaign.kills:  # the only thing a kill may leave: its own temporary file
        assert all(name.startswith(".article.txt.copycheck-") and name.endswith(".tmp")
                   for name in kill.leftovers), kill
    assert campaign.next_run_outcome == "new"
    assert campaign.leftovers_after_next_run == []


def test_the_next_fix_removes_temporary_files_of_ended_runs_only(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ، إن الاجتماع مهم.\n", encoding="utf-8")
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    stale = tmp_path / f".article.txt.copycheck-{int(ended.stdout)}.tmp"
    other_stale = tmp_path / f".other.md.copycheck-{int(ended.stdout)}.tmp"
    live = tmp_path / f".article.txt.copycheck-{os.getpid()}.tmp"  # this process is alive
    for leftover in (stale, other_stale, live):
        leftover.write_text("half a file", encoding="utf-8")
    result = run_cli("check", "--fix", "--quiet", str(article))
    assert result.code == 0, result.stderr
    assert article.read_text(encoding="utf-8") == "قال الوزير، إن الاجتماع مهم.\n"
    assert not stale.exists() and not other_stale.exists()
    assert live.read_text(encoding="utf-8") == "half a file"


# -- one verdict cache shared by runs at once -------------------------------------------------------
def test_runs_sharing_a_cache_at_once_lose_nothing_and_match_cold_runs(tmp_path):
    texts = texts_with_their_own_words(count=4, words=24, seed=5)
    paths = []
    for number, text in enumerate(texts):
        paths.append(tmp_path / f"article-{number}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    cold = [run_cold(path, tmp_path / f"cold-{number}") for number, path in enumerate(paths)]
    shared = tmp_path / "shared"
    together = run_at_once(paths, shared)
    for alone, run in zip(cold, together, strict=True):
        assert run.stderr == "" and run.returncode == alone.returncode == 1
        assert _findings(run.stdout) == _findings(alone.stdout)
    learned = set().union(*(saved_verdicts(tmp_path / f"cold-{n}") for n in range(len(paths))))
    assert learned <= saved_verdicts(shared)  # every run's verdicts survived the others' saves
    again = run_at_once(paths, shared)  # warm, from the merged cache
    assert [_findings(run.stdout) for run in again] == [_findings(run.stdout) for run in cold]


def _findings(report: str) -> list[dict]:
    return json.loads(report)["files"]


# -- damaged caches -----------------------------------------------------------------------------
def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "zeroed":  # what a crash before the data reached the disk can leave
        path.write_bytes(bytes(len(data)))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "folder":
        path.unlink()
        path.mkdir()
    elif how == "altered":  # still well-formed, but not what was saved
        header, _, payload = data.partition(b"\n")
        path.write_bytes(header + b"\n" + payload[:-40] + bytes(reversed(payload[-40:])))


@pytest.fixture(scope="module")
def cold_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The article, a cache folder filled by one run, and that first run's report."""
    folder = tmp_path_factory.mktemp("cache-damage")
    article = folder / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    cache = folder / "cache"
    result = run_cli("check", "--format", "json", str(article),
                     env={"COPYCHECK_CACHE_DIR": str(cache)})
    assert result.code == 1 and result.report is not None and result.report["files"][0]["findings"]
    kinds = sorted(path.name.split("-")[0] for path in cache.iterdir() if path.suffix != ".lock")
    assert kinds == ["spelling", "wordfreq"]
    return article, cache, result.stdout


@pytest.mark.parametrize("cache_file", ["spelling-*.json", "wordfreq-ar-*.msgpack"])
@pytest.mark.parametrize("how", ["truncated", "zeroed", "empty", "folder", "altered"])
def test_a_damaged_cache_file_changes_no_result(cold_report, tmp_path, cache_file, how):
    article, filled, expected = cold_report
    cache = tmp_path / "cache"
    shutil.copytree(filled, cache)
    (damaged,) = cache.glob(cache_file)
    _damage(damaged, how)
    if cache_file.startswith("wordfreq"):  # read only when a word misses the verdict cache
        for verdicts in cache.glob("spelling-*.json"):
            verdicts.unlink()
    result = run_cli("check", "--format", "json", str(article), env={"COPYCHECK_CACHE_DIR": str(cache)})
    assert (result.code, result.stderr, result.stdout) == (1, "", expected)
    if how != "folder":  # replaced by an intact one (a folder in its place cannot be)
        assert cachefiles.read(damaged) is not None


def test_an_altered_verdict_is_not_believed(cold_report, tmp_path):
    """A cache that says the misspelt word is fine, with a checksum that does not match."""
    article, filled, expected = cold_report
    cache = tmp_path / "cache"
    shutil.copytree(filled, cache)
    (verdicts,) = cache.glob("spelling-*.json")
    header, _, payload = verdicts.read_bytes().partition(b"\n")
    data = json.loads(payload)
    data["ok"] += [*data.get("unknown", {}), *data.get("orthographic", {})]
    data["unknown"], data["orthographic"] = {}, {}
    verdicts.write_bytes(header + b"\n" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    result = run_cli("check", "--format", "json", str(article), env={"COPYCHECK_CACHE_DIR": str(cache)})
    assert (result.code, result.stdout) == (1, expected)


def test_temporary_files_left_in_the_cache_folder_go_with_the_next_save(cold_report, tmp_path):
    article, filled, expected = cold_report
    cache = tmp_path / "cache"
    shutil.copytree(filled, cache)
    (verdicts,) = cache.glob("spelling-*.json")
    verdicts.unlink()  # so that this run has verdicts to save
    leftover = cache / f"{verdicts.name}k3j9x.tmp"
    leftover.write_bytes(b"half a cache")
    result = run_cli("check", "--format", "json", str(article), env={"COPYCHECK_CACHE_DIR": str(cache)})
    assert (result.code, result.stdout) == (1, expected)
    assert not leftover.exists() and cachefiles.read(verdicts) is not None


# -- a read-only cache folder -------------------------------------------------------------------
def _read_only_run(cache: Path, article: Path) -> subprocess.CompletedProcess[str]:
    """`copycheck check` with a cache folder it cannot write: the folder's mode for a normal
    user; for root, whom modes do not stop, a read-only bind mount in a mount namespace of its
    own (nothing outside the run sees it)."""
    command = [copycheck_executable(), "check", "--format", "json", str(article)]
    environment = {**os.environ, "COPYCHECK_CACHE_DIR": str(cache)}
    if os.geteuid() != 0:
        cache.chmod(0o555)
        try:
            return subprocess.run(command, capture_output=True, text=True, env=environment)
        finally:
            cache.chmod(0o755)
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'
    probe = ["unshare", "-m", "sh", "-c", script, "sh", str(cache), "true"]
    if shutil.which("unshare") is None or subprocess.run(probe, capture_output=True).returncode:
        pytest.skip("root without mount namespaces: no way to make a folder read-only for one run")
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(cache), *command],
                          capture_output=True, text=True, env=environment)


@pytest.mark.parametrize("filled", [True, False], ids=["with-the-frequency-list", "empty"])
def test_a_read_only_cache_folder_changes_no_result(cold_report, tmp_path, filled):
    """Verdicts to save and nowhere to save them (and, empty, the frequency list too)."""
    article, cache_of_first_run, expected = cold_report
    cache = tmp_path / "cache"
    if filled:
        shutil.copytree(cache_of_first_run, cache)
        for verdicts in cache.glob("spelling-*.json"):
            verdicts.unlink()
    else:
        cache.mkdir()
    before = {path.name: path.read_bytes() for path in cache.iterdir()}
    result = _read_only_run(cache, article)
    assert (result.returncode, result.stderr, result.stdout) == (1, "", expected)
    assert {path.name: path.read_bytes() for path in cache.iterdir()} == before
