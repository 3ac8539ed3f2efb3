"""The only loader for ``models/``: knowledge the extractors apply, kept as data.

Each loader reads one file, validates it, and caches the result; extractors
receive what it returns as an argument, so a test can pass a tiny lexicon.
``KEHOACH_MODELS`` points at another models folder (default: ``models/`` beside
the package).
"""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path


def models_dir() -> Path:
    env = os.environ.get("KEHOACH_MODELS")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "models"


def _read_csv(relpath: str) -> list[dict[str, str]]:
    path = models_dir() / relpath
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if any((v or "").strip() for v in r.values())]
    return rows


@lru_cache(maxsize=4)
def legacy_table(scheme: str) -> dict[str, str]:
    """Legacy string (as read through Windows-1252) -> Unicode, for TCVN3 or VNI.

    Rows that give the byte also answer for its Latin-1 reading, which differs
    from Windows-1252 in 0x80-0x9F (how undecodable bytes arrive).
    """
    if scheme not in ("tcvn3", "vni"):
        raise ValueError(f"unknown legacy encoding {scheme!r}")
    table: dict[str, str] = {}
    for row in _read_csv(f"legacy_encodings/{scheme}.csv"):
        legacy, uni = row["legacy"], row["unicode"]
        if not legacy or not uni:
            raise ValueError(f"{scheme}.csv: empty cell in {row}")
        table[legacy] = uni
        byte = (row.get("byte") or "").strip()
        if byte:
            table.setdefault(bytes([int(byte, 16)]).decode("latin-1"), uni)
    return table
