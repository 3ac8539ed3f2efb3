"""Batch processing: many files -> a journal, Parquet tables and a DuckDB
database, resumable, on a local process pool or a Dask cluster.

Order of work:

1. expand the inputs (files, folders, globs) to supported files;
2. identify each file by the SHA-256 of its bytes (the document id) and skip the
   ones the journal already holds (a rerun resumes; nothing is done twice);
3. run the pipeline on each remaining file in a worker (the local pool recycles
   its workers every ``RECYCLE_AFTER`` documents so memory stays flat; each
   document has a time limit), and journal each result as soon as it arrives;
4. rebuild the tables from the journal.

A bad file becomes an error record (code and one-line message) and never stops
the run. The worker function is the same for every engine.
"""

from __future__ import annotations

import glob
import hashlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest import FORMAT_TO_BACKEND
from .store import ERRORS, PLANS, Journal, build_tables, iter_journal

RECYCLE_AFTER = 250  # documents per worker process before it is replaced
DEFAULT_TIMEOUT_S = 120


@dataclass
class BatchResult:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    tables: dict[str, int] = field(default_factory=dict)
    db: Path | None = None
    peak_worker_rss_mb: float = 0.0


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Files, folders (recursively) and glob patterns -> supported files, sorted."""
    found: set[Path] = set()
    for item in inputs:
        paths = [Path(p) for p in glob.glob(item, recursive=True)] if any(
            c in item for c in "*?[") else [Path(item)]
        for p in paths:
            if p.is_dir():
                found.update(f for f in p.rglob("*") if f.is_file()
                             and f.suffix.lower() in FORMAT_TO_BACKEND)
            elif p.is_file():
                found.add(p)
    return sorted(found)


def file_id(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


def process_file(path: str, doc_id: str, timeout_s: int = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
    """The per-document work (runs in a worker): a Plan record or an error record."""
    from ..errors import IngestError
    from ..pipeline import run

    # SIGALRM works in a process's main thread (the local pool); a Dask worker runs
    # tasks in threads, where the cluster's own limits apply instead
    use_alarm = (timeout_s > 0 and hasattr(signal, "SIGALRM")
                 and threading.current_thread() is threading.main_thread())
    if use_alarm:
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(timeout_s)
        _cpu_backstop(timeout_s)
    try:
        plan = run(path)
        # the journal line itself: pydantic writes JSON fast, and the parent only
        # appends it (no pickling of the Plan, no second serialisation)
        line = '{"doc_id":"' + doc_id + '",' + plan.model_dump_json()[1:]
        return {"ok": True, "line": line, "rss_mb": _rss_mb()}
    except IngestError as err:
        return {"ok": False, "record": {"doc_id": doc_id, **err.to_dict()}}
    except _Timeout:
        return {"ok": False, "record": {"doc_id": doc_id, "path": path, "code": "timeout",
                                        "message": f"{path}: timeout: quá {timeout_s} s"}}
    except Exception as err:  # a file no rule foresaw: recorded, the batch goes on
        return {"ok": False, "record": {"doc_id": doc_id, "path": path, "code": "internal",
                                        "message": f"{path}: internal: {type(err).__name__}: "
                                                   f"{err}"}}
    finally:
        if use_alarm:
            signal.alarm(0)
            _cpu_backstop(None)


def _cpu_backstop(timeout_s: int | None) -> None:
    """A CPU-time limit behind the alarm: Python's alarm handler cannot stop a
    loop inside a C library, the kernel's SIGXCPU ends the worker (the pool then
    records the document, see :func:`_local`). The OCR of a long scan extends the
    alarm page by page, so the backstop leaves room for it."""
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime)
    soft = resource.RLIM_INFINITY if timeout_s is None else spent + 3 * timeout_s + 600
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))
    except (ValueError, OSError):
        pass  # a hard limit set from outside: leave it


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _local(jobs: list[tuple[str, str]], workers: int, timeout_s: int
           ) -> Iterator[dict[str, Any]]:
    if workers <= 0:  # in this process (tests, debugging)
        for path, doc_id in jobs:
            yield process_file(path, doc_id, timeout_s)
        return
    import multiprocessing

    # forkserver: workers start from a server that has already imported the
    # pipeline (fast, unlike spawn, and without the parent's state, unlike fork).
    # Workers are recycled by running the jobs in chunks, one pool per chunk
    # (ProcessPoolExecutor's max_tasks_per_child can hang on Python 3.11).
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["extract.corpus.warmup", "extract.corpus.batch"])
    chunk = workers * RECYCLE_AFTER
    for k in range(0, len(jobs), chunk):
        left = yield from _pool_run(jobs[k:k + chunk], workers, ctx, timeout_s)
        # a worker died (a crash in a C library, memory, the CPU backstop): the
        # pool is broken and its unfinished documents come back; each is run
        # again alone, so the one that kills its worker is found and recorded
        for path, doc_id in left:
            alone = yield from _pool_run([(path, doc_id)], 1, ctx, timeout_s)
            if alone:
                yield {"ok": False, "record": {
                    "doc_id": doc_id, "path": path, "code": "internal",
                    "message": f"{path}: internal: tiến trình xử lý bị dừng đột ngột khi đọc "
                               "tệp này (lỗi thư viện, hết bộ nhớ hoặc quá thời gian)"}}


def _pool_run(jobs: list[tuple[str, str]], workers: int, ctx: Any, timeout_s: int
              ) -> Iterator[dict[str, Any]]:
    """Run ``jobs`` in one pool, yielding results; returns the jobs left unfinished
    when a worker died."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    futures = {}
    left: list[tuple[str, str]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = {pool.submit(process_file, p, d, timeout_s): (p, d) for p, d in jobs}
        try:
            for fut in as_completed(futures):
                yield fut.result()
        except BrokenProcessPool:
            left = [job for fut, job in futures.items()
                    if not fut.done() or fut.exception() is not None]
    return left


def _dask(jobs: list[tuple[str, str]], scheduler: str | Any, timeout_s: int
          ) -> Iterator[dict[str, Any]]:
    from dask.distributed import Client, as_completed

    client = scheduler if hasattr(scheduler, "submit") else Client(scheduler)
    try:
        futures = client.map(process_file, [p for p, _ in jobs], [d for _, d in jobs],
                             [timeout_s] * len(jobs), pure=False)
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        if client is not scheduler:
            client.close()


def run_batch(
    inputs: list[str], out_dir: Path, *, db_path: Path | None = None, workers: int = 1,
    timeout_s: int = DEFAULT_TIMEOUT_S, engine: str = "local", scheduler: Any = None,
    progress: Callable[[int, int, float], None] | None = None,
) -> BatchResult:
    """Process ``inputs`` into ``out_dir``; resumable (see module docstring)."""
    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = db_path or out_dir / "kehoach.duckdb"
    done_ids = {r["doc_id"] for r in iter_journal(out_dir / PLANS)}
    failed_ids = {r.get("doc_id") for r in iter_journal(out_dir / ERRORS)}
    files = expand_inputs(inputs)
    jobs: list[tuple[str, str]] = []
    seen: set[str] = set()
    result = BatchResult()
    for f in files:
        try:
            doc_id = file_id(f)
        except OSError:
            doc_id = hashlib.sha256(str(f).encode()).hexdigest()
        if doc_id in done_ids or doc_id in failed_ids or doc_id in seen:
            result.skipped += 1
            continue
        seen.add(doc_id)
        jobs.append((str(f), doc_id))
    journal = Journal(out_dir)
    stream = (_dask(jobs, scheduler, timeout_s) if engine == "dask"
              else _local(jobs, workers, timeout_s))
    try:
        for i, res in enumerate(stream, 1):
            if res["ok"]:
                journal.plan_line(res["line"])
                result.done += 1
                result.peak_worker_rss_mb = max(result.peak_worker_rss_mb, res["rss_mb"])
            else:
                journal.error(res["record"])
                result.failed += 1
            if progress:
                progress(i, len(jobs), time.perf_counter() - start)
    finally:
        journal.close()
    result.tables = build_tables(out_dir, iter_journal(out_dir / PLANS),
                                 iter_journal(out_dir / ERRORS), db_path)
    result.db = db_path
    result.seconds = time.perf_counter() - start
    return result
