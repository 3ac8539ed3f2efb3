"""The main job on the bundled corpus.

1. batch: every document of ``corpus/`` (TXT, DOCX, PDF, the oddities and the
   synthetic pairs) into ``out/batch/`` (JSONL journal, Parquet, DuckDB); bad
   files are recorded and skipped; a rerun resumes;
2. link: who implements whom in the corpus;
3. check: each child against the parent its link finds, with a report (HTML)
   per pair and the findings in the database; Markdown, Word and JSON reports
   and a matrix for the pairs of ``corpus/pairs/`` in ``out/reports/``;
4. the ``kehoach eval`` scores against the gold annotations.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extract.compliance import check, matrix_html, to_docx, to_html, to_markdown
from extract.corpus import ERRORS, PLANS, as_plan, find_links, load_journal, run_batch, write_table
from extract.evaluate import evaluate
from extract.evaluate.tables import print_scores
from extract.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out"


def main() -> int:
    console = Console(width=160)
    batch_dir = OUT / "batch"
    result = run_batch([str(ROOT / "corpus")], batch_dir, workers=2)
    records = load_journal(batch_dir / PLANS)
    errors = load_journal(batch_dir / ERRORS)
    console.print(f"[bold]1. batch[/bold]: {result.done} tài liệu mới, {result.skipped} đã có, "
                  f"{len(records)} trong kho, {len(errors)} tệp lỗi được ghi và bỏ qua "
                  f"({', '.join(sorted({e['code'] for e in errors}))})")
    links = find_links(records)
    write_table(result.db, "links", [lk.to_dict() for lk in links])
    console.print(f"[bold]2. link[/bold]: {len(links)} liên kết con -> cha")
    _check_links(console, records, links, result.db)
    _pair_reports(console)
    console.print("[bold]4. eval[/bold]")
    scores = evaluate(ROOT / "corpus" / "gold",
                      lambda stem, gold: run(ROOT / gold["source"]["path"]).model_dump())
    print_scores(scores)
    console.print(f"\nCơ sở dữ liệu: {result.db}  (bảng documents, references, sections, "
                  "targets, tasks, agencies, deadlines, errors, links, findings)\n"
                  f"Parquet: {batch_dir / 'parquet'}/   JSONL: {batch_dir / PLANS}\n"
                  f"Báo cáo rà soát: {OUT / 'reports'}/ và {batch_dir / 'reports'}/")
    return 0


def _check_links(console: Console, records: list[dict], links: list, db: Path) -> None:
    by_id = {r["doc_id"]: r for r in records}
    reports_dir = OUT / "batch" / "reports"
    reports_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    table = Table(title="3. check: mỗi kế hoạch cấp dưới so với kế hoạch cấp trên trong kho")
    for col in ("cấp dưới", "cấp trên", "trích dẫn", "chỉ tiêu đạt", "lỗi", "báo cáo"):
        table.add_column(col, overflow="fold")
    for lk in links:
        child, parent = as_plan(by_id[lk.child]), as_plan(by_id[lk.parent])
        report = check(child, parent)
        rows += [{"child": lk.child, "parent": lk.parent, **f.model_dump(
            include={"kind", "severity", "rule", "parent_ref", "child_ref", "similarity",
                     "message"})} for f in report.findings]
        name = (f"{Path(child.source.path).parent.name}-{Path(child.source.path).stem}--"
                f"{Path(parent.source.path).name.replace('.', '-')}.html")
        (reports_dir / name).write_text(to_html(report, child, parent), encoding="utf-8")
        s = report.summary
        table.add_row(child.source.path, parent.source.path,
                      "khớp" if lk.date_ok and lk.issuer_ok else lk.message,
                      f"{s.met}/{s.targets_total}", str(s.errors), f"out/batch/reports/{name}")
    write_table(db, "findings", rows)
    console.print(table)


def _pair_reports(console: Console) -> None:
    out = OUT / "reports"
    out.mkdir(parents=True, exist_ok=True)
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
    for i, (parent, reports) in enumerate(by_parent.values()):
        if len(reports) > 1:
            (out / f"ma-tran-{i + 1}.html").write_text(matrix_html(parent, reports),
                                                      encoding="utf-8")
    console.print(f"   báo cáo các cặp trong corpus/pairs (HTML, Markdown, Word, JSON, ma trận): "
                  f"{out}/")


if __name__ == "__main__":
    sys.exit(main())
