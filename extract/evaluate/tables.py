"""Printing ``kehoach eval`` results: a rich table per document and in total,
or JSON for machines. Kept apart from the scorer so the scorer stays pure."""

from __future__ import annotations

from typing import Any

from .score import FIELDS, Score

_COLUMNS = (
    ("metadata", "siêu dữ liệu", "agreement", None),
    ("references", "tham chiếu F1", "f1", "vai trò…"),
    ("sections", "mục F1", "f1", "loại"),
    ("targets", "chỉ tiêu F1", "f1", "so sánh"),
    ("baselines", "số liệu nền F1", "f1", "năm"),
    ("agencies", "cơ quan F1", "f1", "vai trò"),
    ("deadlines", "thời hạn F1", "f1", None),
)


def scores_json(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "totals": {f: s.to_dict() for f, s in result["totals"].items()},
        "documents": {d: {f: s.to_dict() for f, s in sc.items()}
                      for d, sc in result["documents"].items()},
    }


def _cells(scores: dict[str, Score]) -> list[str]:
    out = []
    for f, _, main, second in _COLUMNS:
        s = scores[f]
        if f == "metadata":
            out.append(f"{s.agreement:.2f}" if s.matched else "–")
            continue
        if s.tp + s.fp + s.fn == 0:
            out.append("–")
            continue
        cell = f"{getattr(s, main):.2f}"
        if second and s.matched:
            cell += f" / {s.agreement:.2f}"
        out.append(cell)
    return out


def print_scores(result: dict[str, Any], *, details: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 150))
    table = Table(title="kehoach eval (F1 / độ khớp thuộc tính phụ)")
    table.add_column("tài liệu")
    for _, title, _, second in _COLUMNS:
        table.add_column(title + (f" / {second}" if second else ""), justify="right")
    for doc, scores in result["documents"].items():
        table.add_row(doc, *_cells(scores))
    table.add_row("[bold]TỔNG[/bold]", *_cells(result["totals"]))
    console.print(table)
    totals = result["totals"]
    console.print("  ".join(
        f"{f}: P={totals[f].precision:.2f} R={totals[f].recall:.2f}" for f in FIELDS
        if f != "metadata" and totals[f].tp + totals[f].fp + totals[f].fn))
    fields = totals["metadata"].by_field
    if fields:
        console.print("metadata: " + "  ".join(
            f"{k} {a / n:.2f}" for k, (a, n) in fields.items() if n))
    if details:
        for doc, scores in result["documents"].items():
            lines = [f"  [{f}] {d}" for f in FIELDS for d in scores[f].details]
            if lines:
                console.print(f"[bold]{doc}[/bold]")
                for line in lines:
                    console.print(line, markup=False)
