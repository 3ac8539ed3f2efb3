"""Fault run (not a test): `kehoach batch` over N different documents, killed
with SIGKILL (the CLI and its workers) at K random moments, each time rerun;
then a last run to the end. Checks that every document is exactly once in the
journal, the Parquet `documents` table and the DuckDB `documents` table, and
that the bad files are errors, once each.

    .venv/bin/python scripts/fault_kill.py [--documents 2000] [--kills 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, n: int) -> int:
    """``n`` TXT plans that all differ, plus two bad files; returns the good count."""
    folder.mkdir(parents=True)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    for i in range(n):
        (folder / f"kh-{i:05d}.txt").write_text(seeds[i % len(seeds)] + f"\n\nBản số {i}.\n",
                                                encoding="utf-8")
    (folder / "hong.pdf").write_bytes(os.urandom(2000))
    (folder / "rong.txt").write_bytes(b"")
    return n


def run(documents: int, kills: int, seed: int, workers: int = 2) -> dict:
    import duckdb
    import pyarrow.parquet as pq

    from extract.corpus.store import ERRORS, PLANS, load_journal

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="kehoach-kill-") as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        good = make_corpus(src, documents)
        cmd = [sys.executable, "-m", "extract.cli", "batch", str(src), "--out", str(out),
               "-w", str(workers)]
        killed_at: list[int] = []
        for _ in range(kills):
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(rng.uniform(0.5, 6.0))  # start-up, extraction or the table build
            done = (out / PLANS).read_bytes().count(b"\n") if (out / PLANS).exists() else 0
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                killed_at.append(done)
            proc.wait()
        final = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3600)
        ids = [p["doc_id"] for p in load_journal(out / PLANS)]
        errors = load_journal(out / ERRORS)
        parquet = pq.read_table(out / "parquet" / "documents.parquet").column("doc_id").to_pylist()
        con = duckdb.connect(str(out / "kehoach.duckdb"), read_only=True)
        try:
            db_ids = [r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()]
        finally:
            con.close()
    ok = (len(ids) == len(set(ids)) == good and sorted(parquet) == sorted(ids) ==
          sorted(db_ids) and len(errors) == 2 and final.returncode in (0, 1))
    return {"documents": good, "kills": len(killed_at), "killed_after_lines": killed_at,
            "journal": len(ids), "unique": len(set(ids)), "parquet": len(parquet),
            "duckdb": len(db_ids), "errors": len(errors), "ok": ok}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--documents", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    result = run(args.documents, args.kills, args.seed)
    print(json.dumps(result, indent=2))
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
