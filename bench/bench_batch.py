"""Batch benchmark (not a test): builds a corpus of N documents (variants of the
bundled corpus in TXT, DOCX and PDF, each with different bytes), runs `run_batch`
with 1 and 2 workers, and prints documents/s, pages/s and peak RSS.

    .venv/bin/python bench/bench_batch.py --sizes 100 1000 [10000]
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from extract.corpus.batch import run_batch
from extract.corpus.store import PLANS, iter_journal

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(folder: Path, n: int, formats: list[str]) -> None:
    sources = sorted(p for p in (ROOT / "corpus" / "raw").glob("*") if p.suffix[1:] in formats)
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{i:05d}-{src.name}"
        data = src.read_bytes()
        if src.suffix == ".txt":
            data += f"\n\nBản số {i}.\n".encode()
        elif src.suffix == ".pdf":
            data += f"\n% ban {i}\n".encode()  # after %%EOF: ignored by readers
        elif src.suffix == ".docx":
            buf = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(buf, "w") as zout:
                for item in zin.infolist():
                    zout.writestr(item, zin.read(item.filename))
                zout.writestr(f"customXml/kehoach{i}.xml", f"<b>{i}</b>")
            data = buf.getvalue()
        dst.write_bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--formats", nargs="+", default=["txt", "docx", "pdf"])
    args = ap.parse_args()
    print(f"{'N':>6}{'workers':>8}{'docs/s':>9}{'pages/s':>9}{'failed':>7}"
          f"{'worker MB':>12}{'main MB':>10}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "in"
            corpus.mkdir()
            build_corpus(corpus, n, args.formats)
            for workers in (1, 2):
                out = Path(tmp) / f"out{workers}"
                t0 = time.perf_counter()
                result = run_batch([str(corpus)], out, workers=workers)
                dt = time.perf_counter() - t0
                pages = sum(p["source"].get("pages") or 1 for p in iter_journal(out / PLANS))
                main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{n:>6}{workers:>8}{result.done / dt:>9.1f}{pages / dt:>9.1f}"
                      f"{result.failed:>7}{result.peak_worker_rss_mb:>12.0f}{main_mb:>10.0f}")
                shutil.rmtree(out)


if __name__ == "__main__":
    main()
