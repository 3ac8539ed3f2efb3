"""Compliance benchmark (not a test): one parent against N generated children
(default 700), on one core: extraction of every child plus the check, as
`kehoach check --parent P C1 ... CN` does. Prints seconds and children/s.

    .venv/bin/python bench/bench_check.py [--children 700]

Children are variants of a real-shaped ward plan that implements the parent
(corpus/pairs/kien-an-phuong-bac-son/child.txt): its targets' values moved up or
down and some target lines dropped, so every child differs.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import tempfile
import time
from pathlib import Path

from extract.compliance.check import check
from extract.compliance.report import matrix_rows
from extract.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
PARENT = ROOT / "corpus" / "raw" / "kh-ubnd-quan-kien-an-2023-phong-chong-mai-dam.txt"
CHILD = ROOT / "corpus" / "pairs" / "kien-an-phuong-bac-son" / "child.txt"


def variant(text: str, rng: random.Random) -> str:
    text = re.sub(r"(\d{1,3})%", lambda m: f"{max(0, min(100, int(m.group(1)) + rng.choice([-20, -10, 0, 0, 10])))}%", text)
    lines = [ln for ln in text.split("\n") if not (ln.startswith("- ") and "%" in ln
                                                     and rng.random() < 0.15)]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--children", type=int, default=700)
    args = ap.parse_args()
    rng = random.Random(7)
    base = CHILD.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(args.children):
            p = Path(tmp) / f"con-{i:04d}.txt"
            p.write_text(variant(base, rng), encoding="utf-8")
            paths.append(p)
        t0 = time.perf_counter()
        parent = run(PARENT)
        reports = [check(run(p), parent) for p in paths]
        rows = matrix_rows(parent, reports)
        dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    weaker = sum(r.summary.weaker for r in reports)
    print(f"{args.children} children against one parent: {dt:.1f} s "
          f"({args.children / dt:.0f} children/s), matrix {len(rows) - 1} rows, "
          f"{weaker} weaker targets found, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
