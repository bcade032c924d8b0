"""Load on `copycheck serve`: concurrent LanguageTool clients on loopback, article-sized texts.

    python bench/bench_service.py [--clients 50] [--seconds 30] [--workers 2] [--corpus NAME]

Starts the real server (`copycheck serve`) in a subprocess, lets `--clients` threads post
`/v2/check` requests back to back (keep-alive, as a CMS does) for `--seconds`, each text an article
of the corpus, and prints latency percentiles, requests per second (in all and per worker), errors
(any answer but 200, or a failed connection) and the resident memory of the front and its workers
at the start and the end. The clients run on the same machine as the server: on a small machine
they take some of its CPU, so the figures are a floor for the service alone.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from corpus import MULTISOURCE, articles, corpus_file

ARTICLE_CHARACTERS = (1_500, 8_000)  # what counts as an article-sized text


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(seconds)
            else:
                self.errors.append(error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", default=MULTISOURCE)
    parser.add_argument("--texts", type=int, default=400, help="distinct articles to send")
    options = parser.parse_args()
    bodies = _bodies(corpus_file(options.corpus), options.texts)
    port = _free_port()
    server = _start(port, options.workers)
    try:
        rss_start = _rss(server.pid)
        cpu_start = _cpu_seconds(server.pid)
        samples: list[float] = []
        watcher = threading.Thread(target=_watch_rss, args=(server.pid, options.seconds, samples))
        watcher.start()
        results = _load(port, bodies, options.clients, options.seconds)
        watcher.join()
        cpu = _cpu_seconds(server.pid) - cpu_start
        rss_end = _rss(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    _report(options, bodies, results, rss_start, rss_end, cpu)
    print("total RSS every 5 s under load: " + ", ".join(f"{size:.0f}" for size in samples) + " MB")


def _bodies(path: Path, count: int) -> list[bytes]:
    low, high = ARTICLE_CHARACTERS
    texts = [text for _, text in articles(path) if low <= len(text) <= high][:count]
    if not texts:
        raise SystemExit(f"no article of {low}-{high} characters in {path}")
    return [urlencode({"language": "ar", "text": text}).encode("ascii") for text in texts]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(port: int, workers: int) -> subprocess.Popen:
    executable = Path(sys.executable).parent / "copycheck"
    server = subprocess.Popen([str(executable), "serve", "--port", str(port), "--workers", str(workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def _load(port: int, bodies: list[bytes], clients: int, seconds: float) -> Results:
    results = Results()
    stop = time.monotonic() + seconds
    threads = [threading.Thread(target=_client, args=(port, bodies, index, stop, results))
               for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _client(port: int, bodies: list[bytes], index: int, stop: float, results: Results) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = index
    while time.monotonic() < stop:
        body = bodies[sent % len(bodies)]
        sent += 1
        started = time.perf_counter()
        try:
            connection.request("POST", "/v2/check", body, headers)
            response = connection.getresponse()
            answer = response.read()
            error = None if response.status == 200 and b'"matches"' in answer else f"HTTP {response.status}"
        except (OSError, http.client.HTTPException) as problem:
            error = f"{type(problem).__name__}: {problem}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.record(time.perf_counter() - started, error)
    connection.close()


def _family(pid: int) -> list[int]:
    """The server's process and its worker processes (started from any of its threads)."""
    kids = {int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()}
    return [pid, *sorted(kids)]


def _rss(pid: int) -> dict[int, float]:
    """Resident memory in MB of each process of the server."""
    sizes = {}
    for member in _family(pid):
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes[member] = int(line.split()[1]) / 1024
    return sizes


def _watch_rss(pid: int, seconds: float, samples: list[float]) -> None:
    """The server's total RSS every 5 s while the clients run: flat once its caches are full."""
    stop = time.monotonic() + seconds
    while time.monotonic() + 5 <= stop:
        time.sleep(5)
        samples.append(sum(_rss(pid).values()))


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the server's processes so far."""
    ticks = 0
    for member in _family(pid):
        fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / 100


def _report(options: argparse.Namespace, bodies: list[bytes], results: Results,
            rss_start: dict[int, float], rss_end: dict[int, float], cpu: float) -> None:
    latencies = sorted(results.latencies)
    done = len(latencies)
    rate = done / options.seconds
    print(f"{options.clients} clients, {options.seconds:g} s, {options.workers} worker(s), "
          f"{len(bodies)} articles of {ARTICLE_CHARACTERS[0]:,}-{ARTICLE_CHARACTERS[1]:,} characters "
          f"({options.corpus})")
    print(f"requests answered 200: {done:,}; errors: {len(results.errors)}"
          + (f" (first: {results.errors[0]})" if results.errors else ""))
    if latencies:
        p50 = statistics.median(latencies)
        p99 = latencies[min(done - 1, int(done * 0.99))]
        print(f"latency p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    print(f"throughput {rate:.1f} requests/s, {rate / options.workers:.1f} per worker; server CPU "
          f"{cpu:.1f} s ({cpu / max(done, 1) * 1000:.1f} ms per request)")
    for label, sizes in (("start", rss_start), ("end", rss_end)):
        print(f"RSS at the {label}: " + ", ".join(f"{size:.0f} MB" for size in sizes.values())
              + f" (total {sum(sizes.values()):.0f} MB: the front, then its children)")


if __name__ == "__main__":
    main()
