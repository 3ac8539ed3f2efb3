"""Batch (issue 7): bad files in the middle, kill -9 and resume, the DuckDB
schema, and the Dask engine giving the same rows as the local pool."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.batch import run_batch
from extract.store import ERRORS, PLANS, TABLES, load_journal

ROOT = Path(__file__).resolve().parent.parent


def _corpus(tmp: Path, copies: int = 1) -> Path:
    """TXT documents that all differ (a number changed), plus two bad files."""
    src = tmp / "in"
    src.mkdir()
    seeds = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
    for k in range(copies):
        for s in seeds:
            text = s.read_text(encoding="utf-8") + f"\n\nBản sao số {k}.\n"
            (src / f"{s.stem}-{k:03d}.txt").write_text(text, encoding="utf-8")
    (src / "hong.pdf").write_bytes(os.urandom(2000))
    (src / "rong.txt").write_bytes(b"")
    return src


def test_bad_files_in_the_middle_are_recorded_and_the_batch_goes_on(tmp_path):
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    result = run_batch([str(src)], out, workers=2)
    assert (result.done, result.failed) == (5, 2)
    errors = load_journal(out / ERRORS)
    assert {e["code"] for e in errors} == {"corrupt", "empty"}
    again = run_batch([str(src)], out, workers=2)
    assert (again.done, again.failed, again.skipped) == (0, 0, 7)


def test_duckdb_tables_have_the_documented_schema(tmp_path):
    import duckdb

    src = _corpus(tmp_path)
    out = tmp_path / "out"
    run_batch([str(src)], out, workers=1)
    con = duckdb.connect(str(out / "kehoach.duckdb"), read_only=True)
    for table, columns in TABLES.items():
        got = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
        assert got == columns, table
        assert (out / "parquet" / f"{table}.parquet").exists()
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    n_targets = con.execute(
        "SELECT count(*) FROM targets JOIN documents USING (doc_id)").fetchone()[0]
    assert n_docs == 5 and n_targets > 20
    assert con.execute("SELECT count(*) FROM errors").fetchone()[0] == 2


def test_kill_9_at_any_moment_then_resume_gives_every_document_once(tmp_path):
    src = _corpus(tmp_path, copies=8)  # 40 documents
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extract.cli", "batch", str(src), "--out", str(out), "-w", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        plans = out / PLANS
        if plans.exists() and plans.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: the CLI and its workers
    proc.wait()
    with (out / PLANS).open("ab") as fh:  # as if killed in the middle of a line
        fh.write(b'{"doc_id": "torn')
    subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300)
    plans = load_journal(out / PLANS)
    ids = [p["doc_id"] for p in plans]
    assert len(ids) == len(set(ids)) == 40
    assert len(load_journal(out / ERRORS)) == 2


def test_dask_local_cluster_gives_the_same_rows_as_the_local_pool(tmp_path):
    from dask.distributed import Client, LocalCluster

    src = _corpus(tmp_path)
    local = run_batch([str(src)], tmp_path / "local", workers=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        dask = run_batch([str(src)], tmp_path / "dask", engine="dask", scheduler=client)
    assert local.tables == dask.tables

    def rows(folder: Path) -> list[str]:
        out = [json.dumps(p, sort_keys=True) for p in load_journal(folder / PLANS)]
        return sorted(out)

    assert rows(tmp_path / "local") == rows(tmp_path / "dask")


def test_inputs_can_be_globs_folders_and_files(tmp_path):
    from extract.batch import expand_inputs

    src = _corpus(tmp_path)
    one = sorted(src.glob("*.txt"))[0]
    found = expand_inputs([str(src / "*.pdf"), str(one), str(tmp_path / "nowhere")])
    assert [p.name for p in found] == sorted(["hong.pdf", one.name])
    assert len(expand_inputs([str(src)])) == 7
