"""Where the benchmark corpora live and how to read them (shared by the bench scripts).

The corpora are not part of the repository (their texts may not be republished): they are found
at `../shared/corpus` relative to the repository root, or wherever `--corpus` points.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_ROOT = REPO.parent / "shared" / "corpus"
MULTISOURCE = "news-ant-multisource-v2.1"
JAWHARA = "news-ant-jawharafm-v1.1"
MULTICOUNTRY = "news-anc-multicountry-2012"  # 729 articles from newspapers of 19 countries


def corpus_file(name_or_path: str | Path) -> Path:
    """A corpus folder name under CORPUS_ROOT, a folder, or an `articles.jsonl.gz` file."""
    path = Path(name_or_path)
    if not path.exists():
        path = CORPUS_ROOT / name_or_path
    if path.is_dir():
        path = path / "articles.jsonl.gz"
    if not path.is_file():
        raise SystemExit(f"corpus not found: {name_or_path} (pass its path with --corpus)")
    return path


def articles(path: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of each article of a JSON-lines file, gzipped or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield record["id"], record["text"]


def injection_arguments(description: str) -> argparse.Namespace:
    """The options every injection bench takes: which corpus, how many articles, which draw."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", default=MULTISOURCE)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def shuffled_texts(corpus: str | Path, generator: random.Random) -> list[str]:
    """The corpus' article texts in an order drawn by `generator` (reproducible with its seed)."""
    texts = [text for _id, text in articles(corpus_file(corpus))]
    generator.shuffle(texts)
    return texts
