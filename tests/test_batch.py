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

from extract.corpus.batch import run_batch
from extract.corpus.store import ERRORS, PLANS, TABLES, load_journal

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
    from extract.corpus.batch import expand_inputs

    src = _corpus(tmp_path)
    one = sorted(src.glob("*.txt"))[0]
    found = expand_inputs([str(src / "*.pdf"), str(one), str(tmp_path / "nowhere")])
    assert [p.name for p in found] == sorted(["hong.pdf", one.name])
    assert len(expand_inputs([str(src)])) == 7


def test_tables_built_in_small_chunks_equal_one_chunk(tmp_path, monkeypatch):
    """The table builder streams the journal in chunks; chunk boundaries must
    neither drop nor repeat rows."""
    import duckdb

    from extract.corpus import store

    src = _corpus(tmp_path, copies=2)
    out = tmp_path / "out"
    run_batch([str(src)], out, workers=1)

    def snapshot(db: Path) -> dict[str, list[tuple]]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                    for t in TABLES}
        finally:
            con.close()

    whole = snapshot(out / "kehoach.duckdb")
    monkeypatch.setattr(store, "CHUNK", 3)  # 10 plans -> chunks of 3, 3, 3, 1
    counts = store.build_tables(out, store.iter_journal(out / PLANS),
                                store.iter_journal(out / ERRORS), tmp_path / "small.duckdb")
    assert snapshot(tmp_path / "small.duckdb") == whole
    assert counts["documents"] == 10 and counts["errors"] == 2


def test_a_torn_last_journal_line_is_cut_and_the_rest_kept(tmp_path):
    from extract.corpus.store import iter_journal

    path = tmp_path / PLANS
    path.write_bytes(b'{"doc_id": "a"}\n{"doc_id": "b"}\n{"doc_id": "c", "me')
    assert [r["doc_id"] for r in iter_journal(path)] == ["a", "b"]
    assert path.read_bytes() == b'{"doc_id": "a"}\n{"doc_id": "b"}\n'


def test_links_from_the_batch_folder_equal_links_from_the_database_alone(tmp_path):
    """`kehoach link DIR` and `kehoach link --db FILE` (no journal) find the same
    implementation graph, including a child citing its parent with the wrong year."""
    import shutil

    from typer.testing import CliRunner

    from extract.cli import app

    src = tmp_path / "in"
    src.mkdir()
    for seed in (ROOT / "corpus" / "raw").glob("*.txt"):
        shutil.copy(seed, src / seed.name)
    pairs = ROOT / "corpus" / "pairs"
    for pair in ("kien-an-phuong-bac-son", "lang-son-phong-ldtbxh-huyen", "tinh-x-ma-tuy-2024"):
        for f in (pairs / pair).glob("*.txt"):
            shutil.copy(f, src / f"{pair}-{f.name}")
    out = tmp_path / "out"
    run_batch([str(src)], out, workers=1)
    runner = CliRunner()
    from_dir = runner.invoke(app, ["link", str(out), "--json"])
    db_copy = tmp_path / "only.duckdb"
    shutil.copy(out / "kehoach.duckdb", db_copy)
    from_db = runner.invoke(app, ["link", str(tmp_path / "nowhere"), "--db", str(db_copy),
                                  "--json"])
    assert from_dir.exit_code == 0 and from_db.exit_code == 0, from_db.output
    links = json.loads(from_dir.stdout)
    assert sorted(map(json.dumps, links)) == sorted(map(json.dumps, json.loads(from_db.stdout)))
    import duckdb

    con = duckdb.connect(str(db_copy), read_only=True)
    paths = dict(con.execute("SELECT doc_id, path FROM documents").fetchall())
    con.close()
    named = {(Path(paths[lk["child"]]).name, Path(paths[lk["parent"]]).name): lk for lk in links}
    kien_an = [lk for (c, _), lk in named.items() if c.startswith("kien-an-phuong-bac-son")]
    assert len(kien_an) == 1 and not kien_an[0]["date_ok"]  # cites 2022, parent is 2023
    by_number = [lk for (c, _), lk in named.items() if c.startswith("tinh-x-ma-tuy-2024-child")]
    assert len(by_number) == 1 and by_number[0]["via"] == "number" and by_number[0]["date_ok"]
    assert "KE_HOACH" not in from_dir.stdout  # references are described in Vietnamese


def test_link_with_a_database_that_is_not_a_batch_is_a_clear_error(tmp_path):
    from typer.testing import CliRunner

    from extract.cli import app

    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database at all" * 100)
    result = CliRunner().invoke(app, ["link", str(tmp_path / "nowhere"), "--db", str(bad)])
    assert result.exit_code == 2
    assert "bad.duckdb" in result.output and "Traceback" not in result.output


def test_a_corrupt_database_is_rebuilt_from_the_journal(tmp_path):
    import duckdb

    src = ROOT / "corpus" / "raw"
    out = tmp_path / "out"
    first = run_batch([str(p) for p in sorted(src.glob("*.txt"))], out, workers=0)
    db = first.db
    db.write_bytes(b"this is not a duckdb file" * 100)  # a crash, a bad disk, a copy
    again = run_batch([str(p) for p in sorted(src.glob("*.txt"))], out, workers=0)
    assert again.skipped == first.done and again.done == 0  # nothing extracted twice
    con = duckdb.connect(str(again.db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == first.done
    finally:
        con.close()


def test_a_full_disk_is_a_clear_error_and_the_run_resumes(tmp_path):
    """The journal cannot grow past a size limit (RLIMIT_FSIZE, as a full disk):
    `kehoach batch` stops with one line naming the problem, no traceback; a rerun
    with room finishes and every document is in the journal exactly once."""
    src = ROOT / "corpus" / "raw"
    out = tmp_path / "out"
    files = [str(p) for p in sorted(src.glob("*.txt"))]
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (60000, 60000))\n"
        "from extract.cli import app\n"
        "app(sys.argv[1:])\n"
    )
    full = subprocess.run([sys.executable, "-c", code, "batch", *files, "--out", str(out),
                           "--workers", "1"], capture_output=True, text=True, timeout=300)
    assert full.returncode == 2
    assert "Traceback" not in full.stderr
    assert "không ghi được" in full.stderr and "chạy lại" in full.stderr
    run_batch(files, out, workers=0)
    ids = [json.loads(line)["doc_id"] for line in
           (out / PLANS).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(ids) == len(set(ids)) == len(files)


def test_killed_at_random_moments_then_resumed_every_document_is_once_everywhere():
    """The CI variant of scripts/fault_kill.py: 300 documents, SIGKILL at random
    moments (start-up, extraction, table build), rerun each time; journal,
    Parquet and DuckDB each hold every document exactly once."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from fault_kill import run

    result = run(300, kills=4, seed=11)
    assert result["kills"] >= 1, result
    assert result["ok"], result


def test_a_database_held_by_another_process_does_not_stop_the_batch(tmp_path):
    """A notebook or a server keeps the DuckDB file open for writing (DuckDB's
    lock): the batch builds a new file beside it and swaps it in atomically."""
    import duckdb

    src = ROOT / "corpus" / "raw"
    out = tmp_path / "out"
    files = [str(p) for p in sorted(src.glob("*.txt"))]
    first = run_batch(files[:2], out, workers=0)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({str(first.db)!r})\n"
                               "print('held', flush=True)\ntime.sleep(60)\n"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        again = run_batch(files, out, workers=0)
    finally:
        holder.kill()
        holder.wait()
    con = duckdb.connect(str(again.db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(files)
    finally:
        con.close()


def test_a_worker_that_dies_is_recorded_and_the_batch_goes_on(tmp_path):
    """A converter that kills the worker reading a file (as a crash inside a C
    library would): that file becomes an `internal` error, every other document
    is done, the run ends normally."""
    fake = tmp_path / "bin"
    fake.mkdir()
    soffice = fake / "soffice"
    soffice.write_text("#!/bin/sh\nkill -9 $PPID\n", encoding="utf-8")
    soffice.chmod(0o755)
    src = _corpus(tmp_path, copies=2)  # 10 good, 2 bad
    (src / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    out = tmp_path / "out"
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}
    run = subprocess.run([sys.executable, "-m", "extract.cli", "batch", str(src), "--out",
                          str(out), "-w", "2"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert "Traceback" not in run.stderr
    plans, errors = load_journal(out / PLANS), load_journal(out / ERRORS)
    assert len({p["doc_id"] for p in plans}) == len(plans) == 10
    died = [e for e in errors if e["path"].endswith("cu.doc")]
    assert len(died) == 1 and died[0]["code"] == "internal"
    assert "dừng đột ngột" in died[0]["message"]
    assert len(errors) == 3
