"""The fuzz run's CI variant: 300 mutated files (scripts/fuzz.py: byte flips,
truncation, shuffled ZIP members, entity expansion, huge tables, deep nesting,
a 10 000-page PDF, very long lines, lone surrogates) each end as a Plan or a
documented IngestError, within the time and memory limits."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from fuzz import DOCUMENTED, fuzz  # noqa: E402


def test_300_mutated_files_give_plans_or_documented_errors():
    summary = fuzz(300, seed=20261203, workers=2, timeout_s=60, memory_mb=2048, ocr_pages=0)
    assert summary["crashes"] == 0, summary["bad"]
    assert summary["hangs"] == 0, summary["bad"]
    outcomes = summary["outcomes"]
    assert sum(outcomes.values()) == 300
    assert set(outcomes) <= DOCUMENTED | {"plan"}
    # the mutations reach both ends: many files still read, many refused
    assert outcomes.get("plan", 0) >= 50 and outcomes.get("corrupt", 0) >= 50
    assert summary["peak_worker_rss_mb"] < 2048
