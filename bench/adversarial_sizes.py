"""Adversarial shapes and sizes through the installed command: time and peak memory of each.

    python bench/adversarial_sizes.py [--mb 1] [--large 10,100]

Each input is written to a temporary folder (made up here, no corpus text) and checked by
`copycheck check --format json` from process start, with a fresh verdict cache: a line of N MB of
ordinary Arabic prose; 1 MB runs of one character (space, «،», «.», tatweel, a tashkeel mark, «);
a 10,000-deep HTML page; a Markdown list of 100,000 items. Prints CPU seconds (user + system),
wall seconds, peak RSS (GNU time) and the exit code; exit 2 or a traceback is a failure, since none
of these inputs is invalid. Time must grow linearly with size (compare 1 MB and the larger lines).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TIME = shutil.which("time", path="/usr/bin:/bin")
PROSE = ("قال الوزير إن الحكومة ستعلن خلال الأيام المقبلة عن حزمة من الإجراءات الجديدة ، وأضاف أن "
         "الوفد وصل الى مراكش مساء أمس لبحث التعاون الاقتصادي بين البلدين. ")
RUNS = {"space": " ", "arabic comma": "،", "full stop": ".", "tatweel": "ـ", "fatha": "\u064e",
        "guillemet": "«"}


def inputs(folder: Path, megabytes: float, large: list[int]) -> list[tuple[str, Path]]:
    made: list[tuple[str, Path]] = []

    def write(name: str, file: str, text: str) -> None:
        path = folder / file
        path.write_text(text, encoding="utf-8")
        made.append((name, path))

    size = int(megabytes * 1_000_000)
    for mb in [megabytes, *large]:
        chars = int(mb * 1_000_000) // len(PROSE.encode("utf-8")) * len(PROSE)
        write(f"{mb:g} MB one line of prose", f"line-{mb:g}.txt", (PROSE * (chars // len(PROSE))) + "\n")
    for name, char in RUNS.items():
        write(f"{megabytes:g} MB of {name}", f"run-{name.replace(' ', '-')}.txt",
              "قال " + char * (size // len(char.encode("utf-8"))) + "\n")
    depth = 10_000
    write("HTML 10,000 elements deep", "deep.html",
          "<html><body>" + "<div>" * depth + PROSE + "</div>" * depth + "</body></html>\n")
    write("Markdown list of 100,000 items", "list.md", "".join(f"- {PROSE}\n" for _ in range(100_000)))
    return made


def run(path: Path, cache: Path) -> tuple[float, float, float, int, bool]:
    copycheck = Path(sys.executable).parent / "copycheck"
    stats = path.with_suffix(".time")
    command = [str(copycheck), "check", "--format", "json", str(path)]
    if TIME:
        command = [TIME, "-f", "%U %S %e %M", "-o", str(stats), *command]
    done = subprocess.run(command, capture_output=True, text=True,
                          env={**os.environ, "COPYCHECK_CACHE_DIR": str(cache)}, check=False)
    user, system, wall, peak_kb = (float(x) for x in stats.read_text().split()[-4:]) if TIME else (0, 0, 0, 0)
    return user + system, wall, peak_kb / 1024, done.returncode, "Traceback" in done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1)
    parser.add_argument("--large", default="10,100", help="sizes of the larger prose lines, MB ('' for none)")
    args = parser.parse_args()
    large = [int(x) for x in args.large.split(",") if x]
    with tempfile.TemporaryDirectory() as folder:
        for name, path in inputs(Path(folder), args.mb, large):
            cache = Path(tempfile.mkdtemp(dir=folder))
            cpu, wall, peak, code, traceback = run(path, cache)
            size = path.stat().st_size / 1e6
            verdict = "FAILED" if code == 2 or traceback else "ok"
            print(f"{name:34s} {size:7.2f} MB  CPU {cpu:7.2f} s  wall {wall:7.2f} s  "
                  f"peak {peak:6.0f} MB ({peak / size:5.1f}× the input)  exit {code}  {verdict}")
            path.unlink()


if __name__ == "__main__":
    main()
