"""The main job on the bundled corpus.

1. extract the Plan of every document of ``corpus/`` in every format into
   ``out/plans/<file>.json`` (bad files are reported and skipped) and print a
   summary table;
2. score the pipeline against the gold annotations (``kehoach eval``);
3. check each child of ``corpus/pairs/`` against its parent and write the
   reports (HTML, Markdown, Word, JSON) to ``out/reports/``, plus the matrix of
   the children of one parent.
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
    _compliance(console)
    return 0


def _compliance(console: Console) -> None:
    import json

    from extract.compliance import check
    from extract.report import matrix_html, to_docx, to_html, to_markdown

    out = ROOT / "out" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    table = Table(title="kehoach check: kế hoạch cấp dưới so với kế hoạch cấp trên")
    for col in ("cặp", "trích dẫn", "chỉ tiêu đạt", "thấp hơn", "thiếu", "lỗi", "báo cáo"):
        table.add_column(col)
    by_parent: dict = {}
    for exp in sorted((ROOT / "corpus" / "pairs").glob("*/expected.json")):
        spec = json.loads(exp.read_text(encoding="utf-8"))
        child_path = (exp.parent / spec["child"]).resolve()
        parent_path = (exp.parent / spec["parent"]).resolve()
        child, parent = run(child_path), run(parent_path)
        report = check(child, parent)
        name = exp.parent.name
        (out / f"{name}.html").write_text(to_html(report, child, parent), encoding="utf-8")
        (out / f"{name}.md").write_text(to_markdown(report), encoding="utf-8")
        (out / f"{name}.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
        to_docx(report, out / f"{name}.docx")
        by_parent.setdefault(parent_path, (parent, []))[1].append(report)
        s = report.summary
        table.add_row(name, "có" if report.cites_parent else "[red]không[/red]",
                      f"{s.met}/{s.targets_total}", str(s.weaker), str(s.missing),
                      str(s.errors), f"out/reports/{name}.html")
    for i, (parent, reports) in enumerate(by_parent.values()):
        if len(reports) > 1:
            (out / f"ma-tran-{i + 1}.html").write_text(matrix_html(parent, reports),
                                                      encoding="utf-8")
    console.print(table)
    console.print("Báo cáo rà soát (HTML, Markdown, Word, JSON) ở out/reports/; "
                  "dữ liệu trích xuất ở out/plans/.")


def _count(sections) -> int:  # type: ignore[no-untyped-def]
    return sum(1 + _count(s.children) for s in sections)


if __name__ == "__main__":
    sys.exit(main())
