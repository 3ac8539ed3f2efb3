"""OCR benchmark (not a test): the scanned seeds (corpus/scans, 200 dpi, 24
pages) read end to end by `load` in one process, Tesseract on one core
(OMP_THREAD_LIMIT=1, as the pipeline sets it). Prints pages/s, seconds per
page, the text ratio against each seed's TXT, and peak memory (this process and
its Tesseract children).

    .venv/bin/python bench/bench_ocr.py
"""

from __future__ import annotations

import difflib
import resource
import time
from pathlib import Path

from extract.ingest import load

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    scans = sorted((ROOT / "corpus" / "scans").glob("*.scan.pdf"))
    pages = 0
    ratios = []
    dt = 0.0
    for scan in scans:
        t0 = time.perf_counter()
        doc = load(scan)
        dt += time.perf_counter() - t0  # reading only: the ratio below is no part of it
        pages += doc.pages or 0
        ref = load(ROOT / "corpus" / "raw" / f"{scan.name.split('.')[0]}.txt").text
        ratios.append(difflib.SequenceMatcher(None, " ".join(doc.text.split()),
                                              " ".join(ref.split()), autojunk=False).ratio())
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{len(scans)} scans, {pages} pages in {dt:.1f} s: {pages / dt:.2f} pages/s "
          f"({dt / pages:.2f} s a page) on one core; text ratio vs TXT min {min(ratios):.3f} "
          f"mean {sum(ratios) / len(ratios):.3f}; peak RSS {own:.0f} MB (Tesseract "
          f"{child:.0f} MB)")


if __name__ == "__main__":
    main()
