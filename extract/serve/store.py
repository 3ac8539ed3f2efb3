"""The review server's database: uploaded documents, reviews, their reports and
the officer's decisions, in one SQLite file under the server's data folder.

SQLite, not the batch's DuckDB: the server writes from several threads at once
(checks finishing while an officer clicks), and DuckDB lets one process write a
database file at a time, so a batch run on the same file would lock the server
out (or the reverse). SQLite in WAL mode takes many readers and one writer at a
time, commits each decision at once, and survives a restart. The batch database
(``--db``) is only ever opened read-only, to pick documents from it.

Tables:

- ``documents``: one row per distinct uploaded file (SHA-256 of its bytes),
  the stored file's name, and the extracted Plan (JSON) or the error;
- ``reviews``: one check of a parent against N children, with its progress;
- ``review_reports``: the compliance report (JSON) of each child;
- ``review_decisions``: confirmed / dismissed (with the reason) / comment, per
  finding (review, child index, finding index in the report).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY, ext TEXT NOT NULL, size INTEGER NOT NULL,
    plan TEXT, error TEXT, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reviews (
    id TEXT PRIMARY KEY, created TEXT NOT NULL,
    parent TEXT NOT NULL, parent_name TEXT NOT NULL,
    children TEXT NOT NULL, child_names TEXT NOT NULL,
    status TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL,
    error TEXT);
CREATE TABLE IF NOT EXISTS review_reports (
    review_id TEXT NOT NULL, child INTEGER NOT NULL, report TEXT, error TEXT,
    PRIMARY KEY (review_id, child));
CREATE TABLE IF NOT EXISTS review_decisions (
    review_id TEXT NOT NULL, child INTEGER NOT NULL, finding INTEGER NOT NULL,
    decision TEXT, reason TEXT, comment TEXT, decided_at TEXT NOT NULL,
    PRIMARY KEY (review_id, child, finding));
"""

DECISIONS = ("confirmed", "dismissed")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Thread-safe access to the review database (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _exec(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- documents ----------------------------------------------------------------

    def add_document(self, sha256: str, ext: str, size: int) -> None:
        self._exec("INSERT OR IGNORE INTO documents (sha256, ext, size, created) "
                   "VALUES (?, ?, ?, ?)", (sha256, ext, size, _now()))

    def document(self, sha256: str) -> dict[str, Any] | None:
        rows = self._exec("SELECT * FROM documents WHERE sha256 = ?", (sha256,))
        return dict(rows[0]) if rows else None

    def set_plan(self, sha256: str, plan_json: str | None, error: str | None) -> None:
        self._exec("UPDATE documents SET plan = ?, error = ? WHERE sha256 = ?",
                   (plan_json, error, sha256))

    # -- reviews --------------------------------------------------------------------

    def add_review(self, review_id: str, parent: str, parent_name: str,
                   children: list[str], child_names: list[str]) -> None:
        self._exec("INSERT INTO reviews (id, created, parent, parent_name, children, "
                   "child_names, status, total) VALUES (?, ?, ?, ?, ?, ?, 'running', ?)",
                   (review_id, _now(), parent, parent_name, json.dumps(children),
                    json.dumps(child_names, ensure_ascii=False), len(children) + 1))

    def review(self, review_id: str) -> dict[str, Any] | None:
        rows = self._exec("SELECT * FROM reviews WHERE id = ?", (review_id,))
        if not rows:
            return None
        r = dict(rows[0])
        r["children"] = json.loads(r["children"])
        r["child_names"] = json.loads(r["child_names"])
        return r

    def reviews(self, limit: int = 50) -> list[dict[str, Any]]:
        rows = self._exec("SELECT id, created, parent_name, child_names, status, done, total "
                          "FROM reviews ORDER BY created DESC, id LIMIT ?", (limit,))
        return [{**dict(r), "child_names": json.loads(r["child_names"])} for r in rows]

    def progress(self, review_id: str, done: int) -> None:
        self._exec("UPDATE reviews SET done = ? WHERE id = ?", (done, review_id))

    def finish(self, review_id: str, error: str | None = None) -> None:
        self._exec("UPDATE reviews SET status = ?, error = ?, done = total WHERE id = ?",
                   ("failed" if error else "done", error, review_id))

    def interrupted(self) -> list[str]:
        """Reviews a stopped server left running (they are run again at start)."""
        return [r["id"] for r in self._exec("SELECT id FROM reviews WHERE status = 'running'")]

    def set_report(self, review_id: str, child: int, report_json: str | None,
                   error: str | None) -> None:
        self._exec("INSERT OR REPLACE INTO review_reports VALUES (?, ?, ?, ?)",
                   (review_id, child, report_json, error))

    def reports(self, review_id: str) -> dict[int, dict[str, Any]]:
        rows = self._exec("SELECT child, report, error FROM review_reports WHERE review_id = ?",
                          (review_id,))
        return {r["child"]: dict(r) for r in rows}

    # -- decisions ------------------------------------------------------------------

    def decide(self, review_id: str, child: int, finding: int, *, decision: str | None,
               reason: str | None = None, comment: str | None = None) -> None:
        """Record the officer's decision; ``comment`` None keeps the earlier one."""
        if decision is not None and decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}")
        old = self.decisions(review_id, child).get(finding, {})
        self._exec("INSERT OR REPLACE INTO review_decisions VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (review_id, child, finding, decision,
                    reason if decision == "dismissed" else None,
                    comment if comment is not None else old.get("comment"), _now()))

    def decisions(self, review_id: str, child: int) -> dict[int, dict[str, Any]]:
        rows = self._exec("SELECT * FROM review_decisions WHERE review_id = ? AND child = ?",
                          (review_id, child))
        return {r["finding"]: dict(r) for r in rows}
