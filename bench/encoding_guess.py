"""How well `--encoding auto` tells cp1256 from UTF-8 on real copy.

For every article of the three corpora: saved as cp1256, is it read as cp1256 (plausible Arabic)?
Saved as UTF-8 and misread as cp1256, is that rejected? And does any article, read correctly,
look like mojibake? Prints counts only, never article text.

    python bench/encoding_guess.py [--limit N]
"""

from __future__ import annotations

import argparse
import itertools

from corpus import JAWHARA, MULTICOUNTRY, MULTISOURCE, articles, corpus_file

from copycheck.inputs import FALLBACK, looks_like_mojibake, plausible_arabic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles per corpus (default all)")
    limit = parser.parse_args().limit
    totals = dict.fromkeys(("articles", "cp1256 storable", "cp1256 read as cp1256",
                            "UTF-8 misread as cp1256", "misread judged plausible",
                            "correct text judged mojibake"), 0)
    for name in (MULTISOURCE, JAWHARA, MULTICOUNTRY):
        for _id, text in itertools.islice(articles(corpus_file(name)), limit):
            totals["articles"] += 1
            totals["correct text judged mojibake"] += looks_like_mojibake(text)
            try:
                stored = text.encode(FALLBACK)
            except UnicodeEncodeError:
                stored = None
            if stored is not None:
                totals["cp1256 storable"] += 1
                totals["cp1256 read as cp1256"] += plausible_arabic(stored.decode(FALLBACK))
            if not text.isascii():
                totals["UTF-8 misread as cp1256"] += 1
                misread = text.encode("utf-8").decode(FALLBACK, errors="replace")
                totals["misread judged plausible"] += plausible_arabic(misread)
    for label, count in totals.items():
        print(f"{label:32s} {count:8,d}")


if __name__ == "__main__":
    main()
