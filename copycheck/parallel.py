"""Check Documents in worker processes (`--jobs N`), results handed back in input order.

The main process reads inputs, applies settings, thresholds and baselines; a worker only runs a
Checker on Documents, in chunks (one round trip per chunk, not per record). A Checker pickles once
and each worker unpickles it once. A document whose check raises is that document's error; a worker
that dies (a crash in a native library) breaks the pool: the documents it had in flight are checked
again one at a time in a new pool, and the one that kills its worker again is that input's error.
At the end each worker saves its spelling verdict cache (the speller merges concurrent saves).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import pickle
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from .checker import Checker
from .checks import finish_run
from .document import Document
from .engine import Checked

CHUNK = 16  # documents per task: enough to hide the round trip, few enough to keep workers even
FINISH_TIMEOUT = 30.0  # seconds a worker waits for the others before saving its cache alone


class Crash(Exception):
    """A document that could not be checked in a worker: the message says why."""


@dataclass
class Slot:
    """A document's place in a chunk: its Checked, once the chunk is back."""

    chunk: Chunk
    index: int

    def result(self) -> Checked:
        """The document's Checked; raises Crash when its worker raised or died on it."""
        outcome = self.chunk.outcome()[self.index]
        if isinstance(outcome, Crash):
            raise outcome
        return outcome


@dataclass
class Chunk:
    pool: Pool
    token: int
    items: list[tuple[Document, tuple[str, ...]]] = field(default_factory=list)
    future: Future | None = None
    _outcome: list[Checked | Crash] | None = None

    def outcome(self) -> list[Checked | Crash]:
        if self._outcome is None:
            self.pool.send(self)
            assert self.future is not None
            try:
                self._outcome = self.future.result()
            except BrokenProcessPool:
                self._outcome = self.pool.one_at_a_time(self)
        return self._outcome


class Pool:
    """Worker processes and the chunk being filled."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._checkers: dict[int, bytes] = {}  # id of a Checker → its pickle, made once
        self._tokens: dict[int, Checker] = {}  # keeps each pickled Checker alive (its id stays unique)
        self._open: Chunk | None = None
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # fork: a worker starts with the modules already imported (milliseconds, not a cold start),
        # and the pool starts all its workers at once, so each one takes one finishing task.
        context = self._context = multiprocessing.get_context(
            "fork" if sys.platform.startswith("linux") else None)
        self._forked = False
        return ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker,
                                   initargs=(context.Barrier(self.jobs),))

    def _submit(self, *call: Any) -> Future:
        """The executor forks its workers on its first task. Before that the parent loads what
        the first texts will need (Checker.prepare: the frequency list, and Hunspell on an empty
        verdict cache), which the forked workers then share instead of each loading it. And
        everything the parent holds (modules, rules, those loads) is frozen out of the garbage
        collector for the fork: a worker's collections never walk those objects, and so never
        write to (and copy) the pages it shares with the parent; that cost each worker about 6 %
        of its CPU. The parent collects them again once the workers are started."""
        if self._forked:
            return self._executor.submit(*call)
        if self._context.get_start_method() == "fork":
            for checker in self._tokens.values():
                checker.prepare()
        gc.freeze()
        try:
            return self._executor.submit(*call)
        finally:
            gc.unfreeze()
            self._forked = True

    def submit(self, checker: Checker, doc: Document, skip: Sequence[str]) -> Slot:
        token = id(checker)
        if token not in self._checkers:
            self._checkers[token] = pickle.dumps(checker)
            self._tokens[token] = checker
        chunk = self._open
        if chunk is None or chunk.token != token or len(chunk.items) >= CHUNK:
            if chunk is not None:
                self.send(chunk)
            chunk = self._open = Chunk(self, token)
        chunk.items.append((doc, tuple(skip)))
        return Slot(chunk, len(chunk.items) - 1)

    def send(self, chunk: Chunk) -> None:
        if chunk.future is None:
            chunk.future = self._submit(check_chunk, chunk.token, self._checkers[chunk.token],
                                        chunk.items)
        if self._open is chunk:
            self._open = None

    def one_at_a_time(self, chunk: Chunk) -> list[Checked | Crash]:
        """After a worker died: each document of the chunk alone, in a new pool when needed."""
        results: list[Checked | Crash] = []
        for item in chunk.items:
            self._restart_if_broken()
            try:
                future = self._submit(check_chunk, chunk.token, self._checkers[chunk.token], [item])
                results.extend(future.result())
            except BrokenProcessPool:
                results.append(Crash("the worker process checking it died (exit code "
                                     f"{_exit_code_of(self._executor)}); the other inputs were checked"))
        return results

    def _restart_if_broken(self) -> None:
        if getattr(self._executor, "_broken", False):
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()

    def close(self) -> None:
        """Every worker saves its caches, then the pool ends."""
        self._restart_if_broken()
        futures = [self._submit(finish_worker) for _ in range(self.jobs)]
        for future in futures:
            with contextlib.suppress(Exception):  # a cache that cannot be saved must not fail the run
                future.result(timeout=FINISH_TIMEOUT * 2)
        self._executor.shutdown()


def _exit_code_of(executor: ProcessPoolExecutor) -> str:
    processes: dict[int, Any] = getattr(executor, "_processes", None) or {}
    codes = [process.exitcode for process in processes.values() if process.exitcode]
    return str(codes[0]) if codes else "unknown"


# -- in the worker ---------------------------------------------------------------------------------
_WORKER_CHECKERS: dict[int, Checker] = {}
_finishing: Any = None  # the pool's barrier: every worker is at it before any saves and leaves


def _start_worker(barrier: Any) -> None:
    global _finishing
    _finishing = barrier


def check_chunk(token: int, pickled: bytes, items: list[tuple[Document, tuple[str, ...]]],
                ) -> list[Checked | Crash]:
    checker = _WORKER_CHECKERS.get(token)
    if checker is None:
        checker = _WORKER_CHECKERS[token] = pickle.loads(pickled)
    return [check_one(checker, doc, skip) for doc, skip in items]


def check_one(checker: Checker, doc: Document, skip: Sequence[str] = ()) -> Checked | Crash:
    try:
        return checker.check(doc, skip)
    except Exception as error:  # one document's bug must not cost the others their results
        return Crash(f"checking it failed ({type(error).__name__}: {error}); the other inputs "
                     "were checked")


def finish_worker() -> None:
    """Save this worker's caches; the barrier makes each worker take exactly one of these tasks."""
    with contextlib.suppress(threading.BrokenBarrierError):
        _finishing.wait(FINISH_TIMEOUT)
    finish_run()
