"""Ingestion benchmark (not a test): pages/s, documents/s and peak memory per
format over the corpus, single process (one core).

    .venv/bin/python bench/bench_ingest.py [--repeat N]

Each format is run in a fresh subprocess so that its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = (".txt", ".docx", ".pdf")


def run_one(ext: str, repeat: int) -> dict[str, float]:
    from extract.ingest import load

    files = sorted((ROOT / "corpus" / "raw").glob(f"*{ext}"))
    load(files[0])  # imports and caches outside the timing
    docs = pages = chars = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for f in files:
            doc = load(f)
            docs += 1
            pages += doc.pages or 1
            chars += len(doc.text)
    dt = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"format": ext, "documents": docs, "seconds": round(dt, 3),
            "docs_per_s": round(docs / dt, 1), "pages_per_s": round(pages / dt, 1),
            "kB_text_per_s": round(chars / 1024 / dt, 1), "peak_rss_MB": round(peak_kb / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--format", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.format:
        print(json.dumps(run_one(args.format, args.repeat)))
        return
    print(f"{'format':8}{'docs':>6}{'docs/s':>10}{'pages/s':>10}{'kB/s':>10}{'peak MB':>10}")
    for ext in FORMATS:
        out = subprocess.run([sys.executable, __file__, "--format", ext, "--repeat",
                              str(args.repeat)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{ext:8}{r['documents']:>6}{r['docs_per_s']:>10}{r['pages_per_s']:>10}"
              f"{r['kB_text_per_s']:>10}{r['peak_rss_MB']:>10}")


if __name__ == "__main__":
    main()
