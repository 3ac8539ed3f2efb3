from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "raw"
SEED_STEMS = sorted(p.stem for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
