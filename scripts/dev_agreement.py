"""Agreement of two annotators on ``corpus/dev`` (``gold/`` against ``gold2/``),
scored with the contract's scorer (the first annotator as reference).

    python scripts/dev_agreement.py [--json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.evaluate.devset import raw_dir  # noqa: E402
from extract.evaluate.score import FIELDS, Score, score_document  # noqa: E402


def main() -> None:
    dev = ROOT / "corpus" / "dev"
    totals = {f: Score() for f in FIELDS}
    n = 0
    for second in sorted((dev / "gold2").glob("*.json")):
        text_file = raw_dir() / f"{second.stem}.txt"
        first = json.loads((dev / "gold" / second.name).read_text(encoding="utf-8"))
        other = json.loads(second.read_text(encoding="utf-8"))
        other["text"] = text_file.read_text(encoding="utf-8") if text_file.exists() else ""
        for f, s in score_document(first, other).items():
            totals[f].add(s)
        n += 1
    out = {f: s.to_dict() for f, s in totals.items()}
    if "--json" in sys.argv:
        print(json.dumps({"documents": n, "totals": out}, ensure_ascii=False, indent=2))
        return
    print(f"{n} documents annotated twice")
    m = totals["metadata"]
    print(f"metadata exact {m.agreement:.2f}: " + ", ".join(
        f"{k} {a / t:.2f}" for k, (a, t) in m.by_field.items() if t))
    for f in FIELDS[1:]:
        s = totals[f]
        print(f"{f}: F1 {s.f1:.2f} (second P {s.precision:.2f} R {s.recall:.2f}), "
              f"agreement on matched {s.agreement:.2f}")


if __name__ == "__main__":
    main()
