"""TXT and Markdown backend.

Decodes the bytes (UTF-8, UTF-8 with BOM, UTF-16 with or without BOM,
Windows-1258, or legacy TCVN3/VNI bytes: see :mod:`extract.ingest.encoding`), then
strips Markdown markup line by line while keeping the structure it shows:

* ``### Heading`` -> a ``heading`` block with ``style.md_level``;
* ``**bold**`` / ``__bold__`` -> markers removed; a line wholly in bold is a
  ``heading`` candidate (``style.bold``), a line that starts in bold records
  where the bold run ends (``bold_prefix``: "**1 Mục đích.** Tạo sự ...");
* ``| a | b |`` table rows -> one ``table_cell`` block per cell, separator rows
  dropped; ``[text](url)`` -> text; ``![alt](url)`` dropped; ``\\*`` -> ``*``;
* ``- item`` / ``+ item`` / ``• item`` -> ``list_item`` blocks (text kept as is).

Plain text is the same minus the markup. Every character of the output maps
back to the decoded file text (``Extracted.source_map``). It never reflows
lines: rejoining broken sentences is the normalizer's job.
"""

from __future__ import annotations

import re
from pathlib import Path

from .document import Extracted, RawBlock
from .encoding import decode_bytes
from .offsets import TextBuilder

# | --- | :---: |   a Markdown table separator row
_TABLE_SEPARATOR = re.compile(r"\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-{0,}:?\s*\|?\s*$")
# | cell | cell |   a Markdown table row
_TABLE_ROW = re.compile(r"\s*\|(.*)\|\s*$|\s*([^|\n]*(?: \| [^|\n]*)+) \|\s*$")
# ### Heading ###
_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# inline markup: bold markers, images, links, backslash escapes
_INLINE = re.compile(
    r"(?P<bold>\*\*|__)"
    r"|(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<link>\[(?P<ltext>[^\]\n]+)\]\((?P<url>[^)\s\n]+)[^)\n]*\))"
    r"|\\(?P<esc>[\\`*_{}\[\]()#+\-.!|])"
)
# a list item marker at the start of a line
_BULLET = re.compile(r"\s*[-+*•·▪◦]\s")
_HEADING_MAX_CHARS = 250
# characters without which a line holds no markup at all
_MARKUP_CHAR = re.compile(r"[*_\[\]\\|#!]")


def read(path: Path, data: bytes) -> Extracted:
    text, encoding, warnings = decode_bytes(path, data)
    return read_string(text, encoding=encoding, warnings=warnings,
                       fmt="md" if path.suffix.lower() == ".md" else "txt")


def read_string(
    text: str, *, encoding: str | None = None, warnings: list[str] | None = None,
    fmt: str = "txt",
) -> Extracted:
    """Strip markup from ``text``; blocks and map refer to the stripped text."""
    b = TextBuilder(text)
    blocks: list[RawBlock] = []
    bold = False
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        content_end = line_start + len(line.rstrip("\r\n"))
        if len(b):
            b.emit("\n", line_start, line_start)
        if not _MARKUP_CHAR.search(text, line_start, content_end):
            # the common case: a plain line (bold state carried from above)
            if text[line_start:content_end].strip():
                start = len(b)
                b.copy(line_start, content_end)
                kind = "paragraph"
                style: dict[str, object] = {}
                if bold:
                    style["bold"] = True
                    if content_end - line_start <= _HEADING_MAX_CHARS:
                        kind = "heading"
                elif _BULLET.match(text, line_start, content_end):
                    kind = "list_item"
                blocks.append(RawBlock(start, len(b), kind, style=style))
            continue
        row = _TABLE_ROW.match(text, line_start, content_end)
        if _TABLE_SEPARATOR.match(text, line_start, content_end) and "-" in text[
            line_start:content_end
        ]:
            continue
        if row:
            g = 1 if row.group(1) is not None else 2
            bold = _table_row(text, b, blocks, row.start(g), row.end(g), bold)
            continue
        heading = _MD_HEADING.match(text, line_start, content_end)
        if heading:
            start = len(b)
            bold, _, _, seen = _inline(text, b, heading.start(2), heading.end(2), bold)
            if seen:
                blocks.append(RawBlock(start, len(b), "heading",
                                       style={"md_level": len(heading.group(1))}))
            continue
        start = len(b)
        bold, all_bold, bold_until, seen = _inline(
            text, b, line_start, content_end, bold
        )
        if not seen:
            continue
        kind = "paragraph"
        style = {}
        if all_bold:
            style["bold"] = True
            if len(b) - start <= _HEADING_MAX_CHARS:
                kind = "heading"
        elif _BULLET.match(text, line_start, content_end):
            kind = "list_item"
        block = RawBlock(start, len(b), kind, style=style)
        block.bold_until = bold_until
        blocks.append(block)
    out, mapping = b.build()
    return Extracted(out, blocks, fmt, warnings=list(warnings or []),
                     source_text=text, source_map=mapping, encoding=encoding)


def _inline(
    text: str, b: TextBuilder, start: int, end: int, bold: bool
) -> tuple[bool, bool, int | None, bool]:
    """Copy ``text[start:end]`` without inline markup.

    Returns the bold state after the line, whether every visible character was
    bold, (for a line opening in bold) the output offset where bold ends, and
    whether any visible character was copied at all.
    """
    all_bold = True
    bold_until: int | None = None
    seen_text = False
    pos = start

    def visible(a: int, z: int) -> None:
        nonlocal all_bold, seen_text, bold_until
        if z <= a:
            return
        if text[a:z].strip():
            if not bold:
                if seen_text and all_bold:
                    bold_until = len(b)  # the line opened with a bold run
                all_bold = False
            seen_text = True
        b.copy(a, z)

    for m in _INLINE.finditer(text, start, end):
        visible(pos, m.start())
        pos = m.end()
        if m.group("bold"):
            bold = not bold
        elif m.group("link"):
            visible(m.start("ltext"), m.end("ltext"))
        elif m.group("esc"):
            visible(m.start("esc"), m.end("esc"))
    visible(pos, end)
    return bold, all_bold and seen_text, bold_until, seen_text


def _table_row(
    text: str, b: TextBuilder, blocks: list[RawBlock], start: int, end: int, bold: bool
) -> bool:
    cells = []
    cell_start = start
    for i in range(start, end + 1):
        if i == end or text[i] == "|":
            cells.append((cell_start, i))
            cell_start = i + 1
    col = 0
    for a, z in cells:
        while a < z and text[a] in " \t":
            a += 1
        while z > a and text[z - 1] in " \t":
            z -= 1
        if z <= a:
            col += 1
            continue
        if col and len(b):
            b.emit("\n", a, a)
        s = len(b)
        bold, all_bold, _, seen = _inline(text, b, a, z, bold)
        if seen:
            blocks.append(RawBlock(s, len(b), "table_cell",
                                   style={"col": col, "bold": all_bold}))
        col += 1
    return bold
