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


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
