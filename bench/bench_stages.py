"""Extraction-stage benchmark (not a test): kB of normalized text per second for
each stage alone, over the corpus TXT documents (already loaded), one core.

    .venv/bin/python bench/bench_stages.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extract.entities.agencies import find_agencies
from extract.entities.deadlines import find_deadlines
from extract.entities.targets import find_targets
from extract.ingest import load
from extract.structure.header import find_metadata
from extract.structure.references import find_references
from extract.structure.sections import find_sections

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    docs = [load(p) for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    sections = {d.path: find_sections(d) for d in docs}
    kb = sum(len(d.text.encode("utf-8")) for d in docs) / 1024
    stages = {
        "header": lambda d: find_metadata(d),
        "references": lambda d: find_references(d),
        "sections": lambda d: find_sections(d),
        "targets": lambda d: find_targets(d, sections[d.path]),
        "deadlines": lambda d: find_deadlines(d, year=2023),
        "agencies": lambda d: find_agencies(d, sections[d.path]),
    }
    print(f"{'stage':12}{'kB/s':>10}{'docs/s':>10}")
    from extract.pipeline import plan_from_document

    stages["all stages"] = plan_from_document
    for name, fn in stages.items():
        for d in docs:
            fn(d)  # warm caches (compiled patterns, lexicons)
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            for d in docs:
                fn(d)
        dt = time.perf_counter() - t0
        print(f"{name:12}{kb * args.repeat / dt:>10.0f}{len(docs) * args.repeat / dt:>10.0f}")


if __name__ == "__main__":
    main()
