"""Merge the retrievers' rows into ``corpus/pairs-real/pairs.tsv``.

Each retriever of ``corpus/pairs-real`` wrote ``_rows_<slice>.tsv`` (pair, parent url,
parent query, child url, child query, topic family, level step, parent genre, child
genre, sha256 of parent.txt, sha256 of child.txt, note), no header. This script keeps
the rows whose folder has an ``expected.json``, checks each text in
``$KEHOACH_PAIRS_RAW`` against its SHA-256 (a changed text is reported, not
dropped), adds the split (``test`` when the first hex digit of sha256(pair name) is
below 6, as in ``corpus/dev``: fixed by the name alone) and writes the manifest
sorted by name. It also rewrites the "Real pairs" section of ``corpus/SOURCES.md``
from the pages each report lists (every line of a report that starts with an address).

    python scripts/build_pairs_manifest.py [--raw DIR] [--folder corpus/pairs-real]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.evaluate.pairset import COLUMNS, MANIFEST, pairs_raw_dir, split_of  # noqa: E402

ROW_COLUMNS = ["pair", "parent_url", "parent_query", "child_url", "child_query", "topic",
               "level_step", "parent_genre", "child_genre", "parent_sha256", "child_sha256",
               "note"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=pairs_raw_dir())
    ap.add_argument("--folder", type=Path, default=ROOT / "corpus" / "pairs-real")
    args = ap.parse_args()
    rows: dict[str, dict[str, str]] = {}
    for part in sorted(args.folder.glob("_rows_*.tsv")):
        with part.open(encoding="utf-8", newline="") as fh:
            for cells in csv.reader(fh, delimiter="\t"):
                if not cells or not cells[0].strip():
                    continue
                row = dict(zip(ROW_COLUMNS, (c.strip() for c in cells)))
                name = row["pair"]
                if not (args.folder / name / "expected.json").is_file():
                    print(f"{part.name}: {name}: no expected.json, skipped", file=sys.stderr)
                    continue
                for side in ("parent", "child"):
                    text = args.raw / name / f"{side}.txt"
                    if text.is_file():
                        digest = hashlib.sha256(text.read_bytes()).hexdigest()
                        if digest != row[f"{side}_sha256"]:
                            print(f"{name}/{side}.txt: SHA-256 differs from the row",
                                  file=sys.stderr)
                    else:
                        print(f"{name}/{side}.txt: missing in {args.raw}", file=sys.stderr)
                row["split"] = split_of(name)
                rows[name] = row
    with (args.folder / MANIFEST).open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, COLUMNS, delimiter="\t", extrasaction="ignore",
                             lineterminator="\n")
        out.writeheader()
        for name in sorted(rows):
            out.writerow(rows[name])
    _write_sources(args.folder)
    splits = [r["split"] for r in rows.values()]
    print(f"{args.folder / MANIFEST}: {len(rows)} pairs, "
          f"{splits.count('dev')} dev, {splits.count('test')} test")


SOURCES_START = "<!-- pairs-real: written by scripts/build_pairs_manifest.py -->"
SOURCES_END = "<!-- /pairs-real -->"


def _write_sources(folder: Path) -> None:
    """Every page the retrievers studied, from their reports, into corpus/SOURCES.md."""
    lines: list[str] = []
    seen: set[str] = set()
    for report in sorted(folder.glob("_report_*.md")):
        for line in report.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            body = line[2:].strip() if line.startswith(("- ", "* ")) else line
            body = body.strip("`<")
            if not body.startswith(("http://", "https://")):
                continue
            url = body.split()[0].rstrip(">`),")
            if url not in seen:
                seen.add(url)
                lines.append(f"- {body} ({report.stem.removeprefix('_report_')})")
    sources = folder.parent / "SOURCES.md"
    text = sources.read_text(encoding="utf-8") if sources.is_file() else "# Pages studied\n"
    section = "\n".join([SOURCES_START, "## Real pairs (`corpus/pairs-real/`)", "",
                         "Pages studied by the retrievers of the real pairs, with the slice "
                         "that studied them (their reports say which became a pair).", "",
                         *lines, SOURCES_END])
    if SOURCES_START in text:
        head, rest = text.split(SOURCES_START, 1)
        text = head + section + rest.split(SOURCES_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    sources.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
