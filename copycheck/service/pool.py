"""Check worker processes behind the HTTP front: a fixed number, each with one warm Checker.

Checks are CPU-bound Python, and a user's rule can be slow (a catastrophic regex holds the
interpreter lock inside the regex engine): a thread cannot be stopped or even interrupted then, so
every check runs in a worker process the front can end. A request waits for an idle worker (at
most `max_queue` requests wait; more are refused with 503), and the whole request, waiting
included, has `budget` seconds: a worker still checking when they run out is killed and replaced
by a fresh one, the request answered 503, and the other workers keep serving. A client that
disconnects while its request waits gives up its place; one that disconnects while a worker checks
its text lets the check finish (bounded by the budget) and its answer is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import pickle
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from ..checker import Checker
from .jobs import READY, Answer, Job, worker_main

START_TIMEOUT = 120.0  # seconds a new worker may take to load its rules and dictionaries
REVIVE_ATTEMPTS = 3
STOP_TIMEOUT = 10.0  # seconds a worker may take to save its cache and exit before it is killed
log = logging.getLogger("copycheck.service")


class OverBudget(Exception):
    """The request's time ran out (waiting for a worker, or in one)."""


class Busy(Exception):
    """Too many requests are waiting already."""


class WorkerLost(Exception):
    """The worker died while checking (a crash in a native library): it has been replaced."""


class Worker:
    """One check process and the pipe to it. Used by one request at a time."""

    def __init__(self, checker_pickle: bytes, name: str) -> None:
        self._pickle = checker_pickle
        self.name = name
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")  # the front has threads: never fork it
        ours, theirs = context.Pipe()
        process = context.Process(target=worker_main, args=(theirs, self._pickle), name=self.name,
                                  daemon=True)
        process.start()
        theirs.close()
        if not ours.poll(START_TIMEOUT) or ours.recv() != READY:
            process.kill()
            raise RuntimeError(f"check worker {self.name} did not start")
        self._process, self._connection = process, ours

    @property
    def alive(self) -> bool:
        return self._process is not None

    def call(self, job: Job, timeout: float) -> Answer:
        """The worker's answer to `job`. After `timeout` seconds the worker is killed (the pool
        starts a new one) and OverBudget raised. Runs in a thread of the front (it blocks on the
        pipe)."""
        if self._process is None or not self._process.is_alive():
            # Killed from outside while idle, or not started again after its last kill.
            self._end("was found dead")
            self.start()
        assert self._connection is not None
        try:
            self._connection.send(job)
            if self._connection.poll(max(timeout, 0.0)):
                return self._connection.recv()
        except (EOFError, OSError):
            self._end("died while checking")
            raise WorkerLost() from None
        self._end("was still checking when the time budget ran out")
        raise OverBudget()

    def _end(self, why: str) -> None:
        log.warning("check worker %s (pid %s) %s: starting a new one", self.name, self.pid, why)
        self.kill()

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(STOP_TIMEOUT)
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None

    def stop(self) -> None:
        """Ask the worker to save its cache and exit; kill it if it does not."""
        if self._connection is not None:
            with contextlib.suppress(OSError):  # it is gone already
                self._connection.send(None)
        if self._process is not None:
            self._process.join(STOP_TIMEOUT)
        self.kill()


class Pool:
    """The workers, the requests waiting for one, and the time budget."""

    def __init__(self, checker: Checker, workers: int, max_queue: int, budget: float) -> None:
        blob = pickle.dumps(checker)
        self.workers = [Worker(blob, f"copycheck-check-{index + 1}") for index in range(workers)]
        self.max_queue = max_queue
        self.budget = budget
        self.waiting = 0
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._threads = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="copycheck-call")

    @property
    def busy(self) -> int:
        return len(self.workers) - self._idle.qsize()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._threads, worker.start)
                               for worker in self.workers))
        for worker in self.workers:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(None, worker.stop) for worker in self.workers))
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def answer(self, job: Job, started: float) -> Answer:
        """Run `job` on the next idle worker within the budget counted from `started`
        (time.monotonic()). Raises Busy, OverBudget or WorkerLost."""
        if self.waiting >= self.max_queue and self._idle.empty():
            raise Busy()
        worker = await self._acquire(self.budget - (time.monotonic() - started))
        left = self.budget - (time.monotonic() - started)
        if left <= 0:
            self._idle.put_nowait(worker)
            raise OverBudget()
        loop = asyncio.get_running_loop()
        call = loop.run_in_executor(self._threads, worker.call, job, left)
        # The worker goes back when its call ends, whatever became of the request meanwhile.
        call.add_done_callback(lambda _: self._back(worker))
        return await asyncio.shield(call)

    def _back(self, worker: Worker) -> None:
        """An idle worker again; one that was killed first starts anew (off the request's time:
        its 503 has gone out already)."""
        if worker.alive:
            self._idle.put_nowait(worker)
            return
        revived = asyncio.get_running_loop().run_in_executor(None, self._revive, worker)
        revived.add_done_callback(lambda _: self._idle.put_nowait(worker))

    @staticmethod
    def _revive(worker: Worker) -> None:
        for attempt in range(1, REVIVE_ATTEMPTS + 1):
            try:
                worker.start()
                return
            except Exception as error:
                log.error("check worker %s did not start (attempt %d): %s", worker.name, attempt, error)
                time.sleep(attempt)
        raise RuntimeError(f"check worker {worker.name} could not be started again")

    async def _acquire(self, timeout: float) -> Worker:
        self.waiting += 1
        getter = asyncio.ensure_future(self._idle.get())
        try:
            done, _ = await asyncio.wait({getter}, timeout=max(timeout, 0.0))
        except asyncio.CancelledError:
            self._give_back(getter)
            raise
        finally:
            self.waiting -= 1
        if not done:
            self._give_back(getter)
            raise OverBudget()
        return getter.result()

    def _give_back(self, getter: asyncio.Future[Worker]) -> None:
        """A wait given up: the worker it may have obtained meanwhile goes back to the queue."""
        def back(future: asyncio.Future[Worker]) -> None:
            if not future.cancelled():
                self._idle.put_nowait(future.result())

        if getter.done():
            back(getter)
        else:
            getter.cancel()
            getter.add_done_callback(back)
