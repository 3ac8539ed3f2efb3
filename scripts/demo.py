"""The main job on the bundled corpus (grows with each stage of the pipeline).

Now: extract the Plan of every document of ``corpus/`` in every format into
``out/plans/<file>.json`` (bad files are reported and skipped), print a summary
table, then score the pipeline against the gold annotations (``kehoach eval``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extract.errors import IngestError
from extract.evaluate import evaluate
from extract.ingest import FORMAT_TO_BACKEND
from extract.pipeline import run
from extract.report_eval import print_scores

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    console = Console(width=160)
    out_dir = ROOT / "out" / "plans"
    out_dir.mkdir(parents=True, exist_ok=True)
    table = Table(title="kehoach: trích xuất kho văn bản corpus/")
    for col in ("tệp", "loại", "cơ quan ban hành", "cấp", "năm", "tham chiếu", "mục",
                "cảnh báo / lỗi"):
        table.add_column(col, overflow="fold")
    files = sorted(p for p in (ROOT / "corpus").rglob("*")
                   if p.suffix.lower() in FORMAT_TO_BACKEND and "gold" not in p.parts)
    failed = 0
    for path in files:
        rel = path.relative_to(ROOT)
        try:
            plan = run(path)
        except IngestError as err:
            failed += 1
            table.add_row(str(rel), "", "", "", "", "", "", f"[red]{err.code}[/red]")
            continue
        (out_dir / f"{path.name}.json").write_text(plan.model_dump_json(indent=2),
                                                   encoding="utf-8")
        m = plan.metadata
        n_sections = _count(plan.sections)
        table.add_row(str(rel), m.doc_type, m.issuer or "", m.issuer_level or "",
                      str(m.year or ""), str(len(plan.references)), str(n_sections),
                      "; ".join(plan.warnings))
    console.print(table)
    console.print(f"{len(files) - failed}/{len(files)} tệp trích xuất được vào "
                  f"{out_dir.relative_to(ROOT)}/ ({failed} tệp lỗi được báo và bỏ qua)\n")
    result = evaluate(ROOT / "corpus" / "gold",
                      lambda stem, gold: run(ROOT / gold["source"]["path"]).model_dump())
    print_scores(result)
    return 0


def _count(sections) -> int:  # type: ignore[no-untyped-def]
    return sum(1 + _count(s.children) for s in sections)


if __name__ == "__main__":
    sys.exit(main())
