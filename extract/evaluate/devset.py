"""A corpus whose texts are not in the repository (``corpus/dev/``).

``urls.tsv`` lists each text (``name``, ``url``, ``split``, ...); the gold is in
``gold/<name>.json``; the texts themselves are third-party copies kept outside
the repository, in ``$KEHOACH_DEV_RAW`` (default ``~/.cache/kehoach/dev/``), one
``<name>.txt`` each. :func:`load_devset` returns the gold documents whose text
is present, and the names of those that are missing, so an evaluation can say
how many it scored and never fails for want of the folder.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "urls.tsv"


def raw_dir() -> Path:
    env = os.environ.get("KEHOACH_DEV_RAW")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "kehoach" / "dev"


def is_devset(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


@dataclass
class DevSet:
    gold: dict[str, dict] = field(default_factory=dict)  # name -> gold, text present
    sources: dict[str, Path] = field(default_factory=dict)  # name -> text file
    missing: list[str] = field(default_factory=list)  # listed, gold present, no text
    listed: int = 0  # rows of the manifest in the split


def read_manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / MANIFEST).open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t") if row.get("name")]


def load_devset(folder: Path, split: str | None = None, raw: Path | None = None) -> DevSet:
    """The gold of every row of ``folder/urls.tsv`` in ``split`` (all when None)."""
    raw = raw or raw_dir()
    out = DevSet()
    for row in read_manifest(folder):
        if split and row.get("split") != split:
            continue
        gold_path = folder / "gold" / f"{row['name']}.json"
        if not gold_path.is_file():
            continue
        out.listed += 1
        text = raw / f"{row['name']}.txt"
        if not text.is_file():
            out.missing.append(row["name"])
            continue
        out.gold[row["name"]] = json.loads(gold_path.read_text(encoding="utf-8"))
        out.sources[row["name"]] = text
    return out
