"""Spelling throughput over the ANT multisource corpus: load time, verdicts cold and cached, memory.

Run from the project root:  python bench/bench_spelling.py [--corpus PATH] [--repeat N]
Prints medians of N runs. "cold" = a fresh Speller with an empty cache (Hunspell loaded on the
first miss); "warm" = a fresh Speller whose persistent cache was filled by an earlier run, so
Hunspell is normally never loaded.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copycheck.lexicon import read_texts  # noqa: E402
from copycheck.speller import Speller, iter_words  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared/corpus/news-ant-multisource-v2.1/articles.jsonl.gz"
SEED = ROOT / "seeds/000_9eb9693275b328fe.txt"


def _words(texts: list[str]) -> list[str]:
    return [w.text for text in texts for w in iter_words(text)]


def _run(words: list[str], cache_dir: Path) -> tuple[float, float, bool]:
    """Seconds to build a Speller and judge every word, Hunspell load seconds, whether loaded."""
    started = time.perf_counter()
    speller = Speller(cache_dir=cache_dir)
    for word in words:
        speller.verdict(word)
    elapsed = time.perf_counter() - started
    speller.save_cache()
    return elapsed, speller.load_seconds, speller.loaded


def _median_runs(words: list[str], repeat: int, warm: bool) -> tuple[float, float]:
    times, loads = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as directory:
            if warm:
                _run(words, Path(directory))  # fill the persistent cache
            elapsed, load, _ = _run(words, Path(directory))
            times.append(elapsed)
            loads.append(load)
    return statistics.median(times), statistics.median(loads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = [t.text for t in read_texts([args.corpus])]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    words = _words(texts)
    print(f"corpus: {len(texts)} documents, {len(words)} Arabic words, {megabytes:.1f} MB")

    for label, warm in (("cold", False), ("warm cache", True)):
        elapsed, load = _median_runs(words, args.repeat, warm)
        print(f"corpus {label}: {elapsed:.2f} s, {len(words) / elapsed:,.0f} words/s, "
              f"{megabytes / elapsed:.2f} MB/s (Hunspell load {load:.2f} s)")

    seed_words = _words([SEED.read_text(encoding="utf-8")])
    for label, warm in (("cold", False), ("warm cache", True)):
        elapsed, _ = _median_runs(seed_words, 10, warm)
        print(f"seed verdicts {label}: median of 10 = {elapsed * 1000:.0f} ms")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    print(f"peak memory (ru_maxrss, whole benchmark incl. corpus in memory): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
