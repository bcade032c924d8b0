"""Check a sharded JSONL archive on a Dask cluster: one bag partition per shard, JSONL out.

    from distributed import Client
    import copycheck
    from copycheck.dask import check_archive

    client = Client("tcp://scheduler:8786")
    lines = check_archive(shards, copycheck.Checker(), field="text", id_field="id")
    lines.to_textfiles("findings/*.jsonl", encoding="utf-8", last_endline=True)

Each element of the bag is one line of `copycheck check --format jsonl` for one record (without
its line break, as `to_textfiles` adds them), in the order of the shards and of the records in
each: the same objects, record errors included, as the command prints for the same files. The
shards are read where the task runs, so every worker must see them under the same path.

Dask is an optional extra (`pip install 'copycheck-arabic[dask]'`): this module imports it when a
function is called, and says how to install it when it is missing.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checker import Checker
from .checks import finish_run
from .document import Document
from .errors import CopycheckError
from .findings import Severity
from .formatters import jsonl
from .inputs import load_records
from .parallel import Crash, check_one
from .report import FileReport
from .runner import checked_report, crash_report, input_error_report, record_error_report

if TYPE_CHECKING:
    from dask.bag import Bag

INSTALL_HINT = "copycheck.dask needs Dask: pip install 'copycheck-arabic[dask]'"
_log = logging.getLogger(__name__)


def check_archive(shards: Sequence[str | Path], checker: Checker, *, field: str,
                  id_field: str | None = None, severity: Severity | str = Severity.INFO) -> Bag:
    """A bag of JSONL lines, one per record of `shards` (JSONL files), in input order.

    The Checker is pickled once and shipped once per worker (a single graph key), where each
    worker thread unpickles it once and reuses it for every partition it runs."""
    bag_module, delayed = _dask()
    paths = [str(shard) for shard in shards]
    if not paths:
        raise ValueError("check_archive needs at least one shard")
    shipped = delayed(ShippedChecker(pickle.dumps(checker)), pure=True)
    threshold = Severity.parse(severity) if isinstance(severity, str) else severity
    bag = bag_module.from_sequence(paths, npartitions=len(paths))
    return bag.map_partitions(check_shards, shipped, field=field, id_field=id_field,
                              threshold=threshold)


def check_shards(paths: Iterable[str], shipped: ShippedChecker, *, field: str,
                 id_field: str | None = None, threshold: Severity = Severity.INFO) -> list[str]:
    """One partition: the JSONL lines of every record of `paths`; the spelling verdicts learned
    are saved at the end (the speller merges the saves of concurrent workers)."""
    checker = shipped.checker()
    try:
        return [jsonl.serialise(file) for path in paths
                for file in shard_reports(path, checker, field, id_field, threshold)]
    finally:
        finish_run()


def shard_reports(path: str, checker: Checker, field: str, id_field: str | None,
                  threshold: Severity) -> Iterator[FileReport]:
    """The report on each record of one shard, as `copycheck check --field` makes them."""
    skip = checker.settings.ignores_for(path)
    try:
        for record in load_records(path, field, id_field):
            if record.text is None:
                yield record_error_report(path, record)
                continue
            doc = Document(record.text, record.path)
            checked = check_one(checker, doc, skip)  # a record's crash is that record's error
            if isinstance(checked, Crash):
                yield crash_report(doc, record, str(checked))
                continue
            report, run_problems = checked_report(doc, checked, threshold, record)
            for problem in run_problems:
                _log.warning("copycheck: %s", problem)
            yield report
    except CopycheckError as error:
        yield input_error_report(path, error.diagnostic)


class ShippedChecker:
    """A pickled Checker that each worker thread unpickles once (its rules built on first use)."""

    _local = threading.local()  # a Checker is not shared between threads: each builds its checks

    def __init__(self, pickled: bytes) -> None:
        self.pickled = pickled
        self.token = hashlib.sha256(pickled).hexdigest()

    def checker(self) -> Checker:
        cache: dict[str, Checker] = self._local.__dict__.setdefault("checkers", {})
        found = cache.get(self.token)
        if found is None:
            found = cache[self.token] = pickle.loads(self.pickled)
        return found


def _dask() -> tuple[Any, Any]:
    try:
        import dask.bag
        from dask import delayed
    except ImportError as error:
        raise ImportError(f"{INSTALL_HINT} ({error})") from error
    return dask.bag, delayed
