"""Checks run off the request: extraction in worker processes, progress in the
database, the page polls it.

Each document is extracted by the batch's worker function
(:func:`extract.corpus.batch.process_file`) in a process pool started from a
forkserver that has already loaded the lexicons, with the batch's time limit per
document; a worker that dies (a parser crash, memory) breaks only the document
it held: the pool is started again and the review goes on. A document already
extracted (same SHA-256) is not extracted again. The check itself (a few ms per
child) runs in the review's thread. Reviews a stopped server left running are
run again when it starts.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from schemas import Plan
from schemas.compliance import ComplianceReport

from ..compliance.check import check
from ..corpus.batch import DEFAULT_TIMEOUT_S, process_file
from .store import Store


def _plan_json(result: dict[str, Any]) -> tuple[str | None, str | None]:
    """(Plan JSON, None) or (None, error message) from a worker's result."""
    if not result["ok"]:
        return None, result["record"]["message"]
    record = json.loads(result["line"])
    record.pop("doc_id", None)
    return json.dumps(record, ensure_ascii=False), None


class Runner:
    """Runs reviews in the background; ``workers=0`` extracts in this process
    (no time limit: for tests and debugging)."""

    def __init__(self, store: Store, uploads: Path, *, workers: int = 1,
                 timeout_s: int = DEFAULT_TIMEOUT_S, reviews_at_once: int = 4) -> None:
        self.store = store
        self.uploads = uploads
        self.workers = workers
        self.timeout_s = timeout_s
        self._pool: Any = None
        self._pool_lock = threading.Lock()
        self._reviews = ThreadPoolExecutor(max_workers=reviews_at_once,
                                           thread_name_prefix="kehoach-review")

    def warm(self) -> None:
        """Start the worker processes now, so the first check does not wait for them."""
        if self.workers > 0:
            self._reviews.submit(lambda: self._get_pool().submit(int).result())

    def start_interrupted(self) -> list[str]:
        ids = self.store.interrupted()
        for review_id in ids:
            self.submit(review_id)
        return ids

    def submit(self, review_id: str) -> Future[None]:
        return self._reviews.submit(self._run, review_id)

    def shutdown(self) -> None:
        self._reviews.shutdown(wait=False, cancel_futures=True)
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    # -- extraction -------------------------------------------------------------------

    def _get_pool(self) -> Any:
        with self._pool_lock:
            if self._pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(["extract.corpus.warmup", "extract.corpus.batch"])
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
            return self._pool

    def _restart_pool(self, broken: Any) -> None:
        with self._pool_lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def _extract(self, sha256: str) -> tuple[str | None, str | None]:
        doc = self.store.document(sha256)
        if doc is None:
            return None, "không tìm thấy tệp đã tải lên"
        if doc["plan"] is not None or doc["error"] is not None:
            return doc["plan"], doc["error"]
        path = str(self.uploads / f"{sha256}{doc['ext']}")
        if self.workers <= 0:
            result = process_file(path, sha256, 0)
        else:
            pool = self._get_pool()
            try:
                result = pool.submit(process_file, path, sha256, self.timeout_s).result()
            except BrokenProcessPool:
                self._restart_pool(pool)
                result = {"ok": False, "record": {"message": "tiến trình xử lý bị dừng đột ngột "
                                                             "khi đọc tệp này"}}
        plan, error = _plan_json(result)
        self.store.set_plan(sha256, plan, error)
        return plan, error

    # -- one review ------------------------------------------------------------------

    def _run(self, review_id: str) -> None:
        review = self.store.review(review_id)
        if review is None:
            return
        try:
            done = 0
            parent_json, parent_error = self._extract(review["parent"])
            done += 1
            self.store.progress(review_id, done)
            if parent_error is not None:
                self.store.finish(review_id, f"Không đọc được kế hoạch cấp trên: {parent_error}")
                return
            parent = Plan.model_validate_json(parent_json)  # type: ignore[arg-type]
            # the children are extracted in parallel when there are several workers
            with ThreadPoolExecutor(max_workers=max(1, self.workers)) as threads:
                results = threads.map(self._extract, review["children"])
                for k, (child_json, child_error) in enumerate(results):
                    if child_error is not None:
                        self.store.set_report(review_id, k, None, child_error)
                    else:
                        child = Plan.model_validate_json(child_json)  # type: ignore[arg-type]
                        report = check(child, parent)
                        self.store.set_report(review_id, k, report.model_dump_json(), None)
                    done += 1
                    self.store.progress(review_id, done)
            self.store.finish(review_id)
        except Exception as err:  # never lost silently: the page shows it
            self.store.finish(review_id, f"Lỗi nội bộ khi rà soát: {type(err).__name__}: {err}")


def load_reports(store: Store, review_id: str) -> list[ComplianceReport | str]:
    """Each child's report, or the message of why it has none, in upload order."""
    review = store.review(review_id)
    if review is None:
        return []
    stored = store.reports(review_id)
    out: list[ComplianceReport | str] = []
    for k in range(len(review["children"])):
        row = stored.get(k)
        if row is None:
            out.append("Đang xử lý")
        elif row["report"] is not None:
            out.append(ComplianceReport.model_validate_json(row["report"]))
        else:
            out.append(row["error"] or "Không đọc được tệp")
    return out
