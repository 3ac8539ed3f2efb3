"""Batch storage: an append-only JSONL journal, and the tables built from it
(Parquet files and a DuckDB database), one table per entity keyed by document
id (the content hash) so a researcher can SELECT across the whole corpus.

The journal is the truth: ``plans.jsonl`` (one Plan a line) and ``errors.jsonl``
(one error a line), each line written whole by one ``write`` and flushed. A run
killed at any moment leaves at most a torn last line, which :func:`iter_journal`
drops, so a rerun finds every finished document exactly once. The tables are
rebuilt from the journal at the end of every run (idempotent).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

PLANS = "plans.jsonl"
ERRORS = "errors.jsonl"

# table -> columns (documented schema; a test checks the DuckDB tables have them)
TABLES: dict[str, list[str]] = {
    "documents": ["doc_id", "path", "format", "pages", "genre", "doc_type", "number", "symbol",
                  "issuer", "issuer_level", "place", "date", "year", "title", "n_targets",
                  "n_agencies", "n_deadlines", "warnings", "head"],
    "references": ["doc_id", "ref_id", "doc_type", "number", "date", "issuer", "role", "text",
                   "span_start", "span_end"],
    "sections": ["doc_id", "section_id", "heading", "kind", "level", "parent_id", "span_start",
                 "span_end"],
    "targets": ["doc_id", "target_id", "comparator", "value", "unit", "denominator", "period",
                "subject", "indicator", "theme", "scope", "year", "section_id", "text",
                "span_start", "span_end"],
    "tasks": ["doc_id", "task_id", "theme", "section_id", "agency_ids", "deadline_ids", "text",
              "span_start", "span_end"],
    "agencies": ["doc_id", "agency_id", "name", "canonical", "roles", "collective",
                 "n_mentions"],
    "deadlines": ["doc_id", "deadline_id", "kind", "date", "recurrence", "applies_to",
                  "agency_ids", "text", "span_start", "span_end"],
    "errors": ["doc_id", "path", "code", "message"],
}


class Journal:
    """Appends whole lines to the two journal files, flushing each one."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.plans = (out_dir / PLANS).open("a", encoding="utf-8")
        self.errors = (out_dir / ERRORS).open("a", encoding="utf-8")

    def _write_line(self, fh: Any, line: str) -> None:
        # one write of a whole line, then flush: a killed process leaves at most
        # a torn last line (iter_journal drops it); the OS keeps what was flushed
        fh.write(line + "\n")
        fh.flush()

    def _write(self, fh: Any, record: dict[str, Any]) -> None:
        self._write_line(fh, json.dumps(record, ensure_ascii=False))

    def plan(self, record: dict[str, Any]) -> None:
        self._write(self.plans, record)

    def plan_line(self, line: str) -> None:
        self._write_line(self.plans, line)

    def error(self, record: dict[str, Any]) -> None:
        self._write(self.errors, record)

    def close(self) -> None:
        self.plans.close()
        self.errors.close()


def iter_journal(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete record of a journal file, read one line at a time so memory
    stays flat however long the journal; a torn last line is cut off the file
    once the whole file has been read (it belonged to a run killed while writing)."""
    if not path.exists():
        return
    good_end = 0
    torn = False
    with path.open("rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                torn = True  # no newline: torn
                break
            try:
                record = json.loads(line)
            except ValueError:
                torn = True
                break
            good_end += len(line)
            yield record
    if torn or good_end != path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(good_end)


def load_journal(path: Path) -> list[dict[str, Any]]:
    """:func:`iter_journal` as a list."""
    return list(iter_journal(path))


def rows(plan: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows one Plan gives each table."""
    from ..compliance.check import CITATION_HEAD

    doc_id = plan["doc_id"]
    m = plan["metadata"]
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    out["documents"].append({
        "doc_id": doc_id, "path": plan["source"]["path"], "format": plan["source"]["format"],
        "pages": plan["source"].get("pages"), "genre": m["genre"], "doc_type": m["doc_type"],
        "number": m["number"], "symbol": m["symbol"], "issuer": m["issuer"],
        "issuer_level": m["issuer_level"], "place": m["place"], "date": m["date"],
        "year": m["year"], "title": m["title"], "n_targets": len(plan["targets"]),
        "n_agencies": len(plan["agencies"]), "n_deadlines": len(plan["deadlines"]),
        "warnings": "; ".join(plan["warnings"]),
        "head": plan["text"][:CITATION_HEAD],  # the opening, where a plan cites its parents
    })
    for i, r in enumerate(plan["references"], 1):
        out["references"].append({"doc_id": doc_id, "ref_id": f"r{i}", **_pick(r, TABLES[
            "references"][2:8]), "span_start": r["span"][0], "span_end": r["span"][1]})
    for s, parent in _walk(plan["sections"], None):
        out["sections"].append({"doc_id": doc_id, "section_id": s["id"], "heading": s["heading"],
                                "kind": s["kind"], "level": s["level"], "parent_id": parent,
                                "span_start": s["span"][0], "span_end": s["span"][1]})
    for t in plan["targets"]:
        out["targets"].append({"doc_id": doc_id, "target_id": t["id"],
                               **_pick(t, TABLES["targets"][2:14]),
                               "span_start": t["span"][0], "span_end": t["span"][1]})
    for t in plan["tasks"]:
        out["tasks"].append({"doc_id": doc_id, "task_id": t["id"], "theme": t["theme"],
                             "section_id": t["section_id"], "agency_ids": ",".join(t["agencies"]),
                             "deadline_ids": ",".join(t["deadline_ids"]), "text": t["text"],
                             "span_start": t["span"][0], "span_end": t["span"][1]})
    for a in plan["agencies"]:
        out["agencies"].append({"doc_id": doc_id, "agency_id": a["id"], "name": a["name"],
                                "canonical": a["canonical"], "roles": ",".join(a["roles"]),
                                "collective": a["collective"], "n_mentions": len(a["mentions"])})
    for d in plan["deadlines"]:
        out["deadlines"].append({"doc_id": doc_id, "deadline_id": d["id"], "kind": d["kind"],
                                 "date": d["date"], "recurrence": d["recurrence"],
                                 "applies_to": d["applies_to"],
                                 "agency_ids": ",".join(d["agency_ids"]), "text": d["text"],
                                 "span_start": d["span"][0], "span_end": d["span"][1]})
    return out


def _pick(d: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: d.get(k) for k in keys}


def _walk(sections: list[dict[str, Any]], parent: str | None
          ) -> Iterator[tuple[dict[str, Any], str | None]]:
    for s in sections:
        yield s, parent
        yield from _walk(s.get("children", []), s["id"])


_TYPES = {"value": "DOUBLE", "denominator": "DOUBLE", "pages": "INTEGER", "year": "INTEGER",
          "level": "INTEGER", "span_start": "INTEGER", "span_end": "INTEGER",
          "n_targets": "INTEGER", "n_agencies": "INTEGER", "n_deadlines": "INTEGER",
          "n_mentions": "INTEGER", "collective": "BOOLEAN"}


CHUNK = 500  # plans converted to Arrow at a time: bounds the builder's memory


def build_tables(out_dir: Path, plans: Iterable[dict[str, Any]], errors: Iterable[dict[str, Any]],
                 db_path: Path) -> dict[str, int]:
    """Write one Parquet file per table and (re)create the DuckDB database,
    streaming the plans in chunks of :data:`CHUNK` so memory stays flat."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet_dir = out_dir / "parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)
    tmp_db = db_path.with_suffix(db_path.suffix + ".tmp")
    if tmp_db.exists():
        tmp_db.unlink()
    schemas = {t: pa.schema([(c, _arrow_type(c)) for c in cols]) for t, cols in TABLES.items()}
    con = duckdb.connect(str(tmp_db))
    writers = {t: pq.ParquetWriter(str(parquet_dir / f"{t}.parquet.tmp"), schemas[t])
               for t in TABLES}
    counts = dict.fromkeys(TABLES, 0)

    def flush(collected: dict[str, list[dict[str, Any]]]) -> None:
        for table, records in collected.items():
            arrow = pa.Table.from_pydict(
                {c: [r.get(c) for r in records] for c in TABLES[table]}, schema=schemas[table])
            writers[table].write_table(arrow)
            con.register("arrow_view", arrow)
            con.execute(f'INSERT INTO "{table}" SELECT * FROM arrow_view')
            con.unregister("arrow_view")
            counts[table] += arrow.num_rows
            records.clear()

    try:
        for table in TABLES:  # empty tables with the documented columns and types
            con.register("arrow_view", schemas[table].empty_table())
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM arrow_view')
            con.unregister("arrow_view")
        collected: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        for n, plan in enumerate(plans, 1):
            for table, rs in rows(plan).items():
                collected[table].extend(rs)
            if n % CHUNK == 0:
                flush(collected)
        for e in errors:
            collected["errors"].append({"doc_id": e.get("doc_id"), "path": e["path"],
                                        "code": e["code"], "message": e["message"]})
        flush(collected)
    finally:
        for w in writers.values():
            w.close()
        con.close()
    for table in TABLES:
        os.replace(parquet_dir / f"{table}.parquet.tmp", parquet_dir / f"{table}.parquet")
    os.replace(tmp_db, db_path)  # atomic: a killed build leaves the previous database
    return counts


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    return {"DOUBLE": pa.float64(), "INTEGER": pa.int64(), "BOOLEAN": pa.bool_()}.get(
        _TYPES.get(column, ""), pa.string())


def link_records(db_path: Path) -> list[dict[str, Any]]:
    """What :func:`extract.link.find_links` needs of every document (metadata,
    references, the opening text), read back from a batch database alone."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        docs = con.execute('SELECT doc_id, path, genre, doc_type, number, issuer, date, year, '
                           'head FROM documents').fetchall()
        refs = con.execute('SELECT doc_id, doc_type, number, date, issuer, role, text '
                           'FROM "references" ORDER BY doc_id, span_start').fetchall()
    finally:
        con.close()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for doc_id, *values in refs:
        by_doc.setdefault(doc_id, []).append(dict(zip(
            ("doc_type", "number", "date", "issuer", "role", "text"), values)))
    return [{"doc_id": d, "source": {"path": path}, "text": head or "",
             "metadata": {"genre": genre, "doc_type": doc_type, "number": number,
                          "issuer": issuer, "date": date, "year": year},
             "references": by_doc.get(d, [])}
            for d, path, genre, doc_type, number, issuer, date, year, head in docs]


EXTRA_TABLES: dict[str, list[str]] = {
    "links": ["child", "parent", "via", "reference", "date_ok", "issuer_ok", "message"],
    "findings": ["child", "parent", "kind", "severity", "rule", "parent_ref", "child_ref",
                 "similarity", "message"],
}


def write_table(db_path: Path, table: str, records: list[dict[str, Any]]) -> int:
    """(Re)create one of :data:`EXTRA_TABLES` in an existing DuckDB database."""
    import duckdb
    import pyarrow as pa

    columns = EXTRA_TABLES[table]
    types = {"date_ok": pa.bool_(), "issuer_ok": pa.bool_(), "similarity": pa.float64()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in columns])
    arrow = pa.Table.from_pydict({c: [r.get(c) for r in records] for c in columns},
                                 schema=schema)
    con = duckdb.connect(str(db_path))
    try:
        con.register("arrow_view", arrow)
        con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM arrow_view')
        con.unregister("arrow_view")
    finally:
        con.close()
    return arrow.num_rows
