"""Command line: thin wrappers that parse arguments, call the library, print.

Heavy libraries (pdfium, python-docx, spaCy, underthesea) are imported only by
the stages that use them, so ``kehoach --help`` starts fast. A file that cannot
be read prints one line naming the file and the problem and exits with code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

app = typer.Typer(
    help="kehoach: đọc và kiểm tra kế hoạch hành chính tiếng Việt "
    "(reads Vietnamese administrative plans).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_BAD_INPUT = 2


@app.callback()
def _root() -> None:
    """kehoach: đọc và kiểm tra kế hoạch hành chính tiếng Việt."""


def _fail(message: str) -> None:
    typer.echo(f"kehoach: lỗi: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def text(
    file: Path = typer.Argument(..., help="TXT, MD, DOCX, PDF, HTML or DOC file."),
    as_json: bool = typer.Option(False, "--json", help="Print blocks with spans and pages."),
) -> None:
    """Print the normalized text of FILE (or its blocks as JSON)."""
    from .errors import IngestError
    from .ingest import load

    try:
        doc = load(file)
    except IngestError as err:
        _fail(str(err))
        return
    if as_json:
        json.dump(doc.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(doc.text + "\n")
    for w in doc.warnings:
        typer.echo(f"kehoach: cảnh báo: {file}: {w}", err=True)


@app.command()
def extract(
    file: Path = typer.Argument(..., help="TXT, MD, DOCX, PDF, HTML or DOC file."),
    fmt: str = typer.Option("json", "--format", "-f", help="Output format: json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Extract the Plan of FILE (metadata, references, sections, ...) as JSON."""
    from .errors import IngestError
    from .pipeline import run

    if fmt != "json":
        _fail(f"định dạng đầu ra không hỗ trợ: {fmt} (chỉ có json)")
    try:
        plan = run(file)
    except IngestError as err:
        _fail(str(err))
        return
    out = plan.model_dump_json(indent=2)
    if output:
        output.write_text(out + "\n", encoding="utf-8")
    else:
        sys.stdout.write(out + "\n")


@app.command()
def schema(
    out_dir: Path = typer.Option(None, "--out-dir", help="Default: the schemas/ folder."),
) -> None:
    """Write the JSON Schema of the output contract (schemas/plan.schema.json)."""
    from schemas import SCHEMA_DIR, json_schemas

    target = out_dir or SCHEMA_DIR
    for name, content in json_schemas().items():
        (target / name).write_text(content, encoding="utf-8")
        typer.echo(f"đã ghi {target / name}")


@app.command()
def check(
    children: list[Path] = typer.Argument(None, help="The lower-level plan(s) to check."),
    parent: Path | None = typer.Option(None, "--parent", "-p", help="The plan they implement."),
    fmt: str = typer.Option("json", "--format", "-f", help="json, md, html or docx."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
    all_: bool = typer.Option(False, "--all", help="Check every child of a batch against "
                              "the parent its links find (see `kehoach link`)."),
    source: Path = typer.Option(Path("out/batch"), "--from", help="Batch folder for --all."),
) -> None:
    """Check CHILD against --parent PARENT (several children: a matrix report)."""
    if all_:
        _check_all(source)
        return
    if not children or parent is None:
        _fail("cần CHILD và --parent PARENT (hoặc --all)")
    from .compliance.check import check as check_plan
    from .compliance.report import (
        matrix_docx,
        matrix_html,
        matrix_markdown,
        to_docx,
        to_html,
        to_markdown,
    )
    from .errors import IngestError
    from .pipeline import run

    if fmt not in ("json", "md", "html", "docx"):
        _fail(f"định dạng không hỗ trợ: {fmt} (json, md, html, docx)")
    if fmt == "docx" and output is None:
        _fail("định dạng docx cần --output FILE.docx")
    try:
        parent_plan = run(parent)
    except IngestError as err:
        _fail(str(err))
        return
    plans, reports = [], []
    for child in children:
        try:
            plan = run(child)
        except IngestError as err:
            typer.echo(f"kehoach: lỗi: {err} (bỏ qua)", err=True)
            continue
        plans.append(plan)
        reports.append(check_plan(plan, parent_plan))
    if not reports:
        _fail("không đọc được kế hoạch cấp dưới nào")
    single = len(children) == 1
    if fmt == "json":
        data = (reports[0].model_dump_json(indent=2) if single else
                "[\n" + ",\n".join(r.model_dump_json(indent=2) for r in reports) + "\n]")
        _emit(data, output)
    elif fmt == "md":
        _emit(to_markdown(reports[0]) if single else matrix_markdown(parent_plan, reports),
              output)
    elif fmt == "html":
        _emit(to_html(reports[0], plans[0], parent_plan) if single else
              matrix_html(parent_plan, reports), output)
    else:
        assert output is not None
        if single:
            to_docx(reports[0], output)
        else:
            matrix_docx(parent_plan, reports, output)
        typer.echo(f"đã ghi {output}")


def _load_batch(source: Path) -> list[dict]:
    from .corpus.store import PLANS, load_journal

    path = source / PLANS
    if not path.exists():
        _fail(f"{path}: không có kết quả batch (chạy `kehoach batch ... --out {source}`)")
    return load_journal(path)


@app.command()
def link(
    source: Path = typer.Argument(Path("out/batch"), help="A batch output folder."),
    db: Path | None = typer.Option(
        None, "--db", help="DuckDB file (default SOURCE/kehoach.duckdb); alone, without a "
        "batch folder, the links are read from the database."),
    as_json: bool = typer.Option(False, "--json", help="Print the links as JSON."),
) -> None:
    """Build the implementation graph of a batch: who implements whom."""
    from rich.console import Console
    from rich.table import Table

    from .corpus.link import find_links
    from .corpus.store import PLANS, link_records, write_table

    if db is not None and not (source / PLANS).exists():
        if not db.exists():
            _fail(f"{db}: không có cơ sở dữ liệu")
        try:
            records = link_records(db)
        except Exception as exc:  # noqa: BLE001 - any DuckDB error: not a batch database
            _fail(f"{db}: không đọc được cơ sở dữ liệu batch ({exc.__class__.__name__}: {exc})")
    else:
        records = _load_batch(source)
    links = find_links(records)
    db = db or source / "kehoach.duckdb"
    if db.exists():
        write_table(db, "links", [lk.to_dict() for lk in links])
    if as_json:
        json.dump([lk.to_dict() for lk in links], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    paths = {r["doc_id"]: r["source"]["path"] for r in records}
    table = Table(title="kehoach link: kế hoạch cấp dưới -> kế hoạch cấp trên")
    for col in ("cấp dưới", "cấp trên", "theo", "trích dẫn khớp"):
        table.add_column(col, overflow="fold")
    for lk in links:
        ok = "có" if lk.date_ok and lk.issuer_ok else f"[yellow]{lk.message}[/yellow]"
        table.add_row(paths[lk.child], paths[lk.parent], lk.via, ok)
    Console(width=max(Console().width, 140)).print(table)
    typer.echo(f"{len(links)} liên kết; bảng `links` trong {db}" if db.exists() else
               f"{len(links)} liên kết")


def _check_all(source: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from .compliance.check import check as check_plan
    from .compliance.report import to_html
    from .corpus.link import as_plan, find_links
    from .corpus.store import write_table

    records = _load_batch(source)
    by_id = {r["doc_id"]: r for r in records}
    links = find_links(records)
    reports_dir = source / "reports"
    reports_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    table = Table(title="kehoach check --all")
    for col in ("cấp dưới", "cấp trên", "chỉ tiêu đạt", "lỗi", "báo cáo"):
        table.add_column(col, overflow="fold")
    for lk in links:
        child, parent = as_plan(by_id[lk.child]), as_plan(by_id[lk.parent])
        report = check_plan(child, parent)
        for f in report.findings:
            rows.append({"child": lk.child, "parent": lk.parent, **f.model_dump(
                include={"kind", "severity", "rule", "parent_ref", "child_ref", "similarity",
                         "message"})})
        name = (f"{Path(child.source.path).parent.name}-{Path(child.source.path).stem}--"
                f"{Path(parent.source.path).name.replace('.', '-')}.html")
        (reports_dir / name).write_text(to_html(report, child, parent), encoding="utf-8")
        s = report.summary
        table.add_row(child.source.path, parent.source.path, f"{s.met}/{s.targets_total}",
                      str(s.errors), str(reports_dir / name))
    db = source / "kehoach.duckdb"
    if db.exists():
        write_table(db, "findings", rows)
    Console(width=max(Console().width, 140)).print(table)
    typer.echo(f"{len(links)} cặp đã rà soát; {len(rows)} phát hiện"
               + (f" trong bảng `findings` của {db}" if db.exists() else ""))


def _emit(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        typer.echo(f"đã ghi {output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def batch(
    inputs: list[str] = typer.Argument(..., help="Files, folders or glob patterns."),
    out: Path = typer.Option(Path("out/batch"), "--out", help="Output folder."),
    db: Path | None = typer.Option(None, "--db", help="DuckDB file (default OUT/kehoach.duckdb)."),
    workers: int = typer.Option(0, "--workers", "-w", help="Processes (0: all cores)."),
    timeout: int = typer.Option(120, "--timeout", help="Seconds allowed per document."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address."),
) -> None:
    """Extract many documents into JSONL, Parquet and DuckDB; rerun to resume."""
    import os

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from .corpus.batch import run_batch

    if engine not in ("local", "dask"):
        _fail(f"engine không hỗ trợ: {engine} (local, dask)")
    if engine == "dask" and not scheduler:
        _fail("--engine dask cần --scheduler ADDRESS")
    n = workers or os.cpu_count() or 1
    with Progress(TextColumn("[bold]kehoach batch"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]} tài liệu/s"), TimeRemainingColumn(),
                  transient=False) as bar:
        task = bar.add_task("batch", total=None, rate="0.0")

        def progress(i: int, total: int, seconds: float) -> None:
            bar.update(task, completed=i, total=total, rate=f"{i / max(seconds, 1e-9):.1f}")

        try:
            result = run_batch(inputs, out, db_path=db, workers=n, timeout_s=timeout,
                               engine=engine, scheduler=scheduler, progress=progress)
        except OSError as err:  # a full disk, a read-only folder: the journal is intact
            _fail(f"{err.filename or out}: không ghi được ({err.strerror or err}); những tài "
                  "liệu đã xong vẫn còn trong nhật ký, chạy lại lệnh để tiếp tục")
    typer.echo(f"xong: {result.done} tài liệu, {result.failed} lỗi, {result.skipped} đã có "
               f"(bỏ qua), {result.seconds:.1f} s")
    typer.echo(f"JSONL: {out}/plans.jsonl, lỗi: {out}/errors.jsonl, Parquet: {out}/parquet/, "
               f"DuckDB: {result.db}")
    if result.failed:
        raise typer.Exit(1)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this "
                             "machine only)."),
    port: int = typer.Option(8000, "--port", help="Port."),
    db: Path | None = typer.Option(None, "--db", help="DuckDB of `kehoach batch`, to pick "
                                   "documents from (read-only)."),
    data: Path = typer.Option(Path("out/serve"), "--data", help="Folder for uploads and the "
                              "review database (SQLite)."),
    max_mb: int = typer.Option(20, "--max-mb", help="Largest file accepted, in MB."),
    max_files: int = typer.Option(50, "--max-files", help="Most child plans in one check."),
    workers: int = typer.Option(1, "--workers", "-w", help="Extraction processes."),
    timeout: int = typer.Option(120, "--timeout", help="Seconds allowed per document."),
) -> None:
    """Trang rà soát trên trình duyệt: tải lên, đối chiếu, xác nhận, tải biên bản."""
    import uvicorn

    from .serve.app import Settings, create_app

    if db is not None and not db.exists():
        _fail(f"{db}: không tìm thấy cơ sở dữ liệu")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"kehoach: cảnh báo: máy chủ mở cho mọi máy truy cập được {host}:{port}; "
                   "trang không có đăng nhập, chỉ dùng trong mạng tin cậy.", err=True)
    settings = Settings(data_dir=data, batch_db=db, max_mb=max_mb, max_files=max_files,
                        workers=max(1, workers), timeout_s=timeout)
    typer.echo(f"kehoach serve: http://{host}:{port}/  (dữ liệu: {data})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command("eval")
def eval_(
    pred_dir: Path | None = typer.Argument(
        None, help="Folder of predicted Plan JSON files named <gold stem>.json."),
    run_gold: Path | None = typer.Option(
        None, "--run", help="Run the pipeline on the documents behind this gold folder."),
    gold: Path = typer.Option(Path("corpus/gold"), "--gold", help="Gold folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    details: bool = typer.Option(False, "--details", help="List misses and extras."),
    ext: str | None = typer.Option(
        None, "--ext", help="Run on another rendering of each source (.docx, .pdf, .scan.pdf)."),
    renderings: Path | None = typer.Option(
        None, "--from", help="Folder of those renderings (default: beside each source)."),
    pairs: Path | None = typer.Option(
        None, "--pairs", help="Score compliance findings on parent-child pairs."),
    split: str | None = typer.Option(
        None, "--split", help="Only this split of a corpus with urls.tsv (dev, test)."),
) -> None:
    """Score predictions (or a fresh run) against gold annotations.

    A folder with ``urls.tsv`` (``corpus/dev``) is a corpus whose texts live
    outside the repository ($KEHOACH_DEV_RAW, default ~/.cache/kehoach/dev/):
    the texts found are scored and the missing ones counted.
    """
    if pairs is not None:
        _eval_pairs(pairs, as_json, details, split)
        return
    from .evaluate.devset import is_devset, load_devset, raw_dir
    from .evaluate.score import evaluate
    from .evaluate.tables import print_scores, scores_json

    if pred_dir is None and run_gold is None:
        _fail("cần PRED_DIR hoặc --run GOLD_DIR")
    gold_dir = run_gold or gold
    if not gold_dir.is_dir():
        _fail(f"{gold_dir}: không phải thư mục gold")
    golds: Path | dict[str, dict] = gold_dir
    sources: dict[str, Path] = {}
    found_line = None
    if is_devset(gold_dir):
        devset = load_devset(gold_dir, split)
        golds, sources = devset.gold, devset.sources
        found_line = (f"{gold_dir}{f' [{split}]' if split else ''}: tìm thấy "
                      f"{len(devset.gold)}/{devset.listed} văn bản trong {raw_dir()}")
        if devset.missing:
            found_line += f"; thiếu {len(devset.missing)} (xem {gold_dir}/README.md để tải lại)"
        if not devset.gold:
            typer.echo(found_line, err=True)
            return

    def predict(stem: str, gold_doc: dict) -> dict:
        if pred_dir is not None:
            path = pred_dir / f"{stem}.json"
            if not path.exists():
                _fail(f"{path}: thiếu dự đoán cho {stem}")
            return json.loads(path.read_text(encoding="utf-8"))
        from .errors import IngestError
        from .pipeline import run

        source = sources.get(stem) or _resolve_source(gold_dir, gold_doc["source"]["path"])
        if ext:
            source = source.with_suffix(ext if ext.startswith(".") else f".{ext}")
            if renderings is not None:
                source = renderings / source.name
        try:
            return run(source).model_dump()
        except IngestError as err:
            if not sources:
                _fail(str(err))
            # a corpus goes on: the unreadable text scores as an empty prediction
            typer.echo(str(err), err=True)
            return {"text": "", "metadata": {}}

    result = evaluate(golds, predict)
    if found_line:
        typer.echo(found_line, err=True)
    if as_json:
        out = scores_json(result)
        if found_line:
            out["found"] = len(sources)
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_scores(result, details=details)


def _eval_pairs(pairs_dir: Path, as_json: bool, details: bool, split: str | None) -> None:
    from .compliance.check import check as check_plan
    from .evaluate.pairset import load_pairset
    from .evaluate.score import evaluate_pairs
    from .pipeline import run

    if not pairs_dir.is_dir():
        _fail(f"{pairs_dir}: không phải thư mục cặp kế hoạch")
    pairset = load_pairset(pairs_dir, split)
    if pairset.raw is not None:
        line = (f"{pairs_dir}{f' [{split}]' if split else ''}: tìm thấy "
                f"{len(pairset.pairs)}/{pairset.listed} cặp trong {pairset.raw}")
        if pairset.missing:
            line += f"; thiếu {len(pairset.missing)} (xem {pairs_dir}/README.md để tải lại)"
        typer.echo(line, err=True)
    cache: dict[Path, dict] = {}

    def plan(path: Path):  # type: ignore[no-untyped-def]
        if path not in cache:
            cache[path] = run(path)
        return cache[path]

    def run_pair(child: Path, parent: Path) -> tuple[dict, dict, dict]:
        c, p = plan(child), plan(parent)
        return check_plan(c, p).model_dump(), c.model_dump(), p.model_dump()

    result = evaluate_pairs(pairset.pairs, run_pair, targets_only=pairset.raw is not None)
    cites_ok, cites_n = result["cites_parent"]
    if as_json:
        json.dump({"total": result["total"].to_dict(),
                   "aligned": result["total_aligned"].to_dict(),
                   "cites_parent": cites_ok / cites_n if cites_n else None,
                   "pairs": {k: {"findings": v.to_dict(),
                                 "aligned": result["aligned"][k].to_dict()}
                             for k, v in result["pairs"].items()}},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="kehoach eval --pairs (độ chính xác / độ phủ)")
    for col in ("cặp kế hoạch", "phát hiện P", "R", "F1", "mức độ khớp",
                "chỉ tiêu ghép P", "R", "F1", "loại khớp"):
        table.add_column(col)
    rows = [(k, v, result["aligned"][k]) for k, v in result["pairs"].items()]
    for name, s, a in [*rows, ("TỔNG", result["total"], result["total_aligned"])]:
        table.add_row(name, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}",
                      f"{s.agreement:.2f}", f"{a.precision:.2f}", f"{a.recall:.2f}",
                      f"{a.f1:.2f}", f"{a.agreement:.2f}")
    console = Console(width=max(Console().width, 140))
    console.print(table)
    if cites_n:
        console.print(f"trích dẫn kế hoạch cấp trên (cites_parent): {cites_ok}/{cites_n} đúng")
    if details:
        for name, s, a in rows:
            console.print(f"[bold]{name}[/bold]")
            for d in s.details:
                console.print("  " + d, markup=False)
            for d in a.details:
                console.print("  ghép: " + d, markup=False)


def _resolve_source(gold_dir: Path, path: str) -> Path:
    for base in (Path.cwd(), gold_dir.parent.parent, gold_dir.parent):
        if (base / path).exists():
            return base / path
    return Path(path)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
