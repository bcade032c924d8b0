"""Faults on purpose, shared by tests/test_data_safety.py (short runs) and bench/data_safety.py
(the long campaign): `copycheck check --fix` killed at random moments, and many runs sharing one
spelling verdict cache at once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from support import copycheck_executable, made_up_article

from copycheck import cachefiles
from copycheck.resources import data_path

KILL_SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)
# When in a run the signal is sent: at any time; around the moment an uninterrupted run writes
# its temporary file; as soon as this run's temporary file appears (inside the write); as soon as
# the file has been replaced (the report and the cache save still to come).
MOMENTS = ("anywhere", "around-the-write", "at-the-temporary-file", "after-the-rename")


def made_up_file(size: int, seed: int = 0) -> bytes:
    """At least `size` bytes of made-up articles with fixable findings, as UTF-8."""
    draw, parts, total = random.Random(seed), [], 0
    while total < size:
        part = (made_up_article(draw, 3) + "\n").encode("utf-8")
        parts.append(part)
        total += len(part)
    return b"".join(parts)


@dataclass
class Kill:
    moment: str
    signal: str
    delay: float  # seconds after the start
    outcome: str  # "old", "new" or "damaged": what the file holds afterwards
    left_its_temporary: bool  # this run's temporary file is still beside the article
    leftovers: list[str]  # every file beside the article afterwards (earlier kills' too)


@dataclass
class KillCampaign:
    size: int
    fix_seconds: float  # an uninterrupted run, wall time
    write_after: float  # when that run's temporary file appeared
    kills: list[Kill] = field(default_factory=list)
    leftovers_after_next_run: list[str] = field(default_factory=list)
    next_run_outcome: str = ""

    def counts(self) -> Counter[str]:
        return Counter(kill.outcome for kill in self.kills)


def kill_campaign(folder: Path, kills: int, size: int, seed: int = 0,
                  env: dict[str, str] | None = None) -> KillCampaign:
    """Kill `copycheck check --fix` on one large file `kills` times, at random moments, with
    SIGKILL, SIGTERM or SIGINT; after each, compare the file byte for byte with the old and the
    fixed version, and list what was left beside it. Then one run to the end, from the old file
    and with what the kills left."""
    draw = random.Random(seed)
    article = folder / "article.txt"
    old = made_up_file(size, seed)
    article.write_bytes(old)
    command = [copycheck_executable(), "check", "--fix", "--quiet", str(article)]
    environment = {**os.environ, **(env or {})}
    subprocess.run(command, capture_output=True, env=environment, check=False)  # fills the cache
    new = article.read_bytes()
    assert new != old, "the made-up file has nothing to fix"
    article.write_bytes(old)
    started = time.perf_counter()  # the runs to kill are warm too
    process = _start(command, environment)
    write_after = _watch(process, article, "temporary")
    process.wait()
    campaign = KillCampaign(len(old), time.perf_counter() - started, write_after)
    assert article.read_bytes() == new, "two runs to the end fixed the file differently"
    for number in range(kills):
        article.write_bytes(old)
        moment, sent = MOMENTS[number % len(MOMENTS)], draw.choice(KILL_SIGNALS)
        process = _start(command, environment)
        delay = _wait_for_moment(process, moment, campaign, article, draw)
        process.send_signal(sent)
        process.wait()
        campaign.kills.append(Kill(moment, sent.name, delay, _outcome(article, old, new),
                                   _temporary_of(process, article).exists(), _leftovers(folder)))
    article.write_bytes(old)  # what the kills left beside it stays
    subprocess.run(command, capture_output=True, env=environment, check=False)
    campaign.next_run_outcome = _outcome(article, old, new)
    campaign.leftovers_after_next_run = _leftovers(folder)
    return campaign


def _start(command: list[str], environment: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=environment)


def _wait_for_moment(process: subprocess.Popen, moment: str, campaign: KillCampaign,
                     article: Path, draw: random.Random) -> float:
    if moment == "at-the-temporary-file":
        return _watch(process, article, "temporary")
    if moment == "after-the-rename":
        return _watch(process, article, "renamed")
    write = campaign.write_after
    low, high = (0.0, campaign.fix_seconds) if moment == "anywhere" else (0.9 * write, 1.1 * write)
    delay = draw.uniform(low, high)
    time.sleep(delay)
    return delay


def _watch(process: subprocess.Popen, article: Path, event: str) -> float:
    """Seconds until this run's temporary file appears ("temporary") or the article is replaced
    by another file ("renamed"), or until the run ends."""
    temporary, inode = _temporary_of(process, article), article.stat().st_ino
    started = time.perf_counter()
    while process.poll() is None:
        if temporary.exists() if event == "temporary" else article.stat().st_ino != inode:
            break
        time.sleep(0.0005)
    return time.perf_counter() - started


def _temporary_of(process: subprocess.Popen, article: Path) -> Path:
    return article.with_name(f".{article.name}.copycheck-{process.pid}.tmp")  # see inputs.write_atomic


def _outcome(article: Path, old: bytes, new: bytes) -> str:
    data = article.read_bytes()
    return "old" if data == old else "new" if data == new else "damaged"


def _leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name != "article.txt")


# -- a shared verdict cache ---------------------------------------------------------------------
def dictionary_words(count: int, seed: int) -> list[str]:
    """Words of the shipped dictionary (stems, flags dropped), drawn at random."""
    lines = (data_path("dictionaries") / "ar.dic").read_text(encoding="utf-8").splitlines()[1:]
    stems = sorted({line.split("/", 1)[0].strip() for line in lines if line.strip()})
    return random.Random(seed).sample(stems, count)


def texts_with_their_own_words(count: int, words: int, seed: int) -> list[str]:
    """Made-up articles, each with its own dictionary words and made-up non-words, so that each
    run sharing a cache has verdicts of its own to save."""
    draw = random.Random(seed)
    pool = dictionary_words(count * words, seed)
    texts = []
    for number in range(count):
        own = pool[number * words:(number + 1) * words]
        scrambled = ["".join(draw.sample(word, len(word))) for word in own[: words // 4]]
        texts.append(made_up_article(draw, 2) + "\n" + " ".join(own + scrambled) + ".\n")
    return texts


def check_command(path: Path) -> list[str]:
    return [copycheck_executable(), "check", "--format", "json", "--jobs", "1", str(path)]


def run_at_once(paths: Sequence[Path], cache: Path) -> list[subprocess.CompletedProcess[str]]:
    """One `copycheck check` per path, all started together, sharing the cache folder."""
    environment = {**os.environ, "COPYCHECK_CACHE_DIR": str(cache)}
    processes = [subprocess.Popen(check_command(path), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=environment)
                 for path in paths]
    results = []
    for path, process in zip(paths, processes, strict=True):
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(check_command(path), process.returncode, out, err))
    return results


def run_cold(path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """The same check alone, on an empty cache folder of its own."""
    environment = {**os.environ, "COPYCHECK_CACHE_DIR": str(cache)}
    return subprocess.run(check_command(path), capture_output=True, text=True, env=environment,
                          check=False, timeout=300)


def saved_verdicts(cache: Path) -> set[str]:
    """The words of every intact verdict cache file in the folder ("ok", "unknown", …)."""
    words: set[str] = set()
    for file in cache.glob("spelling-*.json"):
        payload = cachefiles.read(file)
        assert payload is not None, f"{file.name} is not intact"
        data = json.loads(payload)
        for status in ("ok", "unknown", "unrecognised", "orthographic"):
            words.update(data.get(status, ()))
    return words
