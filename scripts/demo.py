"""The main job on the bundled corpus (grows with each stage of the pipeline).

Now: read every document of ``corpus/raw`` in every format, print one line per
file (format, pages, characters, blocks, warnings) and write the normalized
texts to ``out/text/``. Bad files are reported and skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extract.errors import IngestError
from extract.ingest import FORMAT_TO_BACKEND, load

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    console = Console()
    out_dir = ROOT / "out" / "text"
    out_dir.mkdir(parents=True, exist_ok=True)
    table = Table(title="kehoach: đọc kho văn bản corpus/raw")
    for col in ("tệp", "định dạng", "trang", "ký tự", "khối", "cảnh báo / lỗi"):
        table.add_column(col)
    files = sorted(p for p in (ROOT / "corpus").rglob("*")
                   if p.suffix.lower() in FORMAT_TO_BACKEND and "gold" not in p.parts)
    failed = 0
    for path in files:
        rel = path.relative_to(ROOT)
        try:
            doc = load(path)
        except IngestError as err:
            failed += 1
            table.add_row(str(rel), path.suffix[1:], "", "", "", f"[red]{err.code}[/red]")
            continue
        (out_dir / f"{path.name}.txt").write_text(doc.text, encoding="utf-8")
        table.add_row(str(rel), doc.format, str(doc.pages or ""), str(len(doc.text)),
                      str(len(doc.blocks)), "; ".join(doc.warnings))
    console.print(table)
    console.print(f"{len(files) - failed}/{len(files)} tệp đọc được; văn bản chuẩn hóa ở "
                  f"{out_dir.relative_to(ROOT)}/ ({failed} tệp lỗi được báo và bỏ qua)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
