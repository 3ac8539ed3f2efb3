"""Real parent -> child pairs whose texts are not in the repository
(``corpus/pairs-real/``).

``pairs.tsv`` lists each pair (``pair``, both addresses, topic, level step, the
SHA-256 of both texts, ``split``); the annotation is ``<pair>/expected.json``; the
texts are third-party copies kept outside the repository, in ``$KEHOACH_PAIRS_RAW``
(default ``~/.cache/kehoach/pairs-real/``), as ``<pair>/parent.txt`` and
``<pair>/child.txt``. :func:`load_pairset` returns the pairs whose two texts are
present and the names of the others, so an evaluation says how many it scored and
never fails for want of the folder. A folder without ``pairs.tsv``
(``corpus/pairs/``) keeps its texts beside ``expected.json``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "pairs.tsv"
COLUMNS = ["pair", "split", "topic", "level_step", "parent_genre", "child_genre",
           "parent_url", "child_url", "parent_sha256", "child_sha256", "parent_query",
           "child_query", "note"]


def pairs_raw_dir() -> Path:
    env = os.environ.get("KEHOACH_PAIRS_RAW")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "kehoach" / "pairs-real"


def split_of(name: str) -> str:
    """``test`` when the first hex digit of sha256(name) is below 6 (as ``corpus/dev``)."""
    return "test" if int(hashlib.sha256(name.encode()).hexdigest()[0], 16) < 6 else "dev"


@dataclass
class Pair:
    name: str
    expected: dict
    child: Path
    parent: Path
    row: dict[str, str] = field(default_factory=dict)


@dataclass
class PairSet:
    pairs: list[Pair] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # listed, annotated, a text absent
    listed: int = 0
    raw: Path | None = None  # where the texts were looked for (manifest folders only)


def _read_manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / MANIFEST).open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t") if row.get("pair")]


def load_pairset(folder: Path, split: str | None = None, raw: Path | None = None) -> PairSet:
    """The annotated pairs of ``folder`` (in ``split`` when it has a manifest)."""
    out = PairSet()
    if not (folder / MANIFEST).is_file():
        for exp_path in sorted(folder.glob("*/expected.json")):
            expected = json.loads(exp_path.read_text(encoding="utf-8"))
            out.listed += 1
            out.pairs.append(Pair(exp_path.parent.name, expected,
                                  (exp_path.parent / expected["child"]).resolve(),
                                  (exp_path.parent / expected["parent"]).resolve()))
        return out
    out.raw = raw or pairs_raw_dir()
    for row in _read_manifest(folder):
        if split and row.get("split") != split:
            continue
        exp_path = folder / row["pair"] / "expected.json"
        if not exp_path.is_file():
            continue
        out.listed += 1
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        texts = out.raw / row["pair"]
        child, parent = texts / expected["child"], texts / expected["parent"]
        if not (child.is_file() and parent.is_file()):
            out.missing.append(row["pair"])
            continue
        out.pairs.append(Pair(row["pair"], expected, child, parent, row))
    return out
