"""The pipeline: one explicit list of stages, each a pure function of the
document (and of what earlier stages found).

    ingest -> normalize -> header -> references -> sections -> (targets, agencies,
    tasks, deadlines: later issues)

``run(path)`` is the whole pipeline for one file; ``plan_from_document`` runs the
extraction stages on an already loaded :class:`~extract.document.Document`.
"""

from __future__ import annotations

from pathlib import Path

from schemas import Plan, Source

from .agencies import find_agencies
from .deadlines import find_deadlines
from .document import Document
from .header import find_metadata
from .ingest import load
from .references import find_references
from .segment import find_sections
from .targets import find_targets

STAGES = ("ingest", "normalize", "header", "references", "sections", "targets",
          "deadlines", "agencies", "tasks")


def plan_from_document(doc: Document) -> Plan:
    metadata, header_warnings = find_metadata(doc)
    sections = find_sections(doc)
    references = find_references(doc, own_number=metadata.number)
    header_end = _header_end(doc, sections)
    deadlines = find_deadlines(doc, year=metadata.year,
                               exclude=[(0, header_end), *(r.span for r in references)])
    agencies, tasks = find_agencies(doc, sections, deadlines)
    return Plan(
        source=Source(path=doc.path, format=doc.format, sha256=doc.sha256,  # type: ignore[arg-type]
                      pages=doc.pages, encoding=doc.encoding),
        text=doc.text,
        metadata=metadata,
        references=references,
        sections=sections,
        targets=find_targets(doc, sections),
        deadlines=deadlines,
        agencies=agencies,
        tasks=tasks,
        warnings=[*doc.warnings, *header_warnings],
    )


def _header_end(doc: Document, sections: list) -> int:  # type: ignore[type-arg]
    """Where the header zone (number, place and date, title) ends: the first
    section, or the first paragraph that opens the preamble."""
    if sections:
        return sections[0].span[0]
    return 0


def run(path: str | Path) -> Plan:
    """Read ``path`` and extract its Plan (raises IngestError on bad input)."""
    return plan_from_document(load(path))
