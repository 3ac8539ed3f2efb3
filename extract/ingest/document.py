"""The single in-memory model of a read document.

A backend (``extract.ingest.*``) turns a file into an :class:`Extracted`: the
text as laid out from the file plus raw blocks located in it. :func:`finish`
then normalizes that text once and re-locates every block in the normalized
text, giving a :class:`Document` whose every span satisfies
``doc.text[start:end] == block.text`` and maps back to the source through
``doc.offset_map``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .normalize import normalize
from .portal import repair
from .offsets import OffsetMap

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_cell")


@dataclass
class RawBlock:
    """A block located in the backend's text (before normalization)."""

    start: int
    end: int
    kind: str = "paragraph"
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    style: dict[str, Any] = field(default_factory=dict)
    # end of a leading bold run ("**1 Mục đích.** Tạo sự ..."), backend offsets
    bold_until: int | None = None


@dataclass
class Extracted:
    """What a backend returns: its text, the blocks in it, and what it knows."""

    text: str
    blocks: list[RawBlock]
    format: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    # map from ``text`` back to the file's own text, when the backend has one
    # (the decoded TXT/MD file); None means ``text`` itself is the source.
    source_text: str | None = None
    source_map: OffsetMap | None = None
    encoding: str | None = None


@dataclass
class Block:
    """A block of the normalized text."""

    kind: str
    text: str
    span: tuple[int, int]
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    style: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "span": list(self.span),
            "page": self.page,
            "bbox": list(self.bbox) if self.bbox else None,
            "style": self.style,
        }


@dataclass
class Document:
    """A read document: normalized text, blocks, and the way back to the source."""

    path: str
    format: str
    sha256: str
    text: str
    blocks: list[Block]
    source_text: str
    offset_map: OffsetMap  # normalized text -> source_text
    pages: int | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    # what a portal copy's metadata table says (number, date, doc_type, issuer,
    # signer, heading), and which portal shapes were repaired
    hints: dict[str, str] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``source_text`` that ``text[start:end]`` was read from."""
        return self.offset_map.to_source(start, end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": {
                "path": self.path,
                "format": self.format,
                "sha256": self.sha256,
                "pages": self.pages,
                "encoding": self.encoding,
            },
            "text": self.text,
            "blocks": [b.to_dict() for b in self.blocks],
            "warnings": self.warnings,
        }


_NEWLINE = re.compile(r"\n")


def finish(extracted: Extracted, *, path: str, sha256: str) -> Document:
    """Normalize the backend's text and re-locate its blocks in the result."""
    text, nmap = normalize(extracted.text)
    fixed = repair(text)
    if fixed.shapes:
        text, nmap = fixed.text, fixed.map.compose(nmap)
    blocks: list[Block] = []
    for raw in extracted.blocks:
        start, end = nmap.from_source(raw.start, raw.end)
        if end <= start:
            continue
        style = dict(raw.style)
        if raw.bold_until is not None and raw.start < raw.bold_until < raw.end:
            _, bold_end = nmap.from_source(raw.start, raw.bold_until)
            if start < bold_end < end:
                style["bold_prefix"] = bold_end - start
        prev = blocks[-1] if blocks else None
        if prev is not None and start <= prev.span[1] + 1 and not _NEWLINE.search(
            text, prev.span[1], start
        ) and prev.span[1] <= start:
            # normalization rejoined a sentence across these two blocks
            prev.span = (prev.span[0], end)
            prev.text = text[prev.span[0] : end]
            continue
        blocks.append(
            Block(raw.kind, text[start:end], (start, end), raw.page, raw.bbox, style)
        )
    source_text = extracted.text
    offset_map = nmap
    if extracted.source_map is not None and extracted.source_text is not None:
        source_text = extracted.source_text
        offset_map = nmap.compose(extracted.source_map)
    return Document(
        path=path,
        format=extracted.format,
        sha256=sha256,
        text=text,
        blocks=blocks,
        source_text=source_text,
        offset_map=offset_map,
        pages=extracted.pages,
        encoding=extracted.encoding,
        warnings=list(extracted.warnings),
        hints=fixed.hints,
        repairs=fixed.shapes,
    )
