"""The pipeline: one explicit list of stages, each a pure function of the
document and of what earlier stages found.

    ingest      file -> Document (backend per format, legacy encodings, normalize)
    header      Document -> Metadata (ND30 header, news prose)        structure/
    sections    Document -> section tree with kinds                    structure/
    references  Document -> cited documents with roles                 structure/
    deadlines   Document -> deadlines (outside header and references)  entities/
    agencies    Document + sections + deadlines -> agencies, tasks     entities/
    targets     Document + sections -> targets                          entities/

``run(path)`` is the whole pipeline for one file; ``plan_from_document`` runs the
extraction stages on an already loaded :class:`~extract.ingest.document.Document`.
The compliance check, the batch runner and the scorer consume the Plans this
returns (:mod:`extract.compliance`, :mod:`extract.corpus`, :mod:`extract.evaluate`).
"""

from __future__ import annotations

from pathlib import Path

from schemas import Plan, Source

from .entities.agencies import find_agencies
from .entities.deadlines import find_deadlines
from .entities.targets import find_figures
from .ingest import load
from .ingest.document import Document
from .structure.header import find_metadata
from .structure.references import find_references
from .structure.sections import find_sections

STAGES = ("ingest", "header", "sections", "references", "deadlines", "agencies", "targets")


def plan_from_document(doc: Document) -> Plan:
    metadata, header_warnings = find_metadata(doc)
    sections = find_sections(doc)
    references = find_references(doc, own_number=metadata.number)
    header_end = _header_end(doc, sections)
    deadlines = find_deadlines(doc, year=metadata.year,
                               exclude=[(0, header_end), *(r.span for r in references)])
    agencies, tasks = find_agencies(doc, sections, deadlines)
    targets, baselines = find_figures(doc, sections)
    return Plan(
        source=Source(path=doc.path, format=doc.format, sha256=doc.sha256,  # type: ignore[arg-type]
                      pages=doc.pages, encoding=doc.encoding),
        text=doc.text,
        metadata=metadata,
        references=references,
        sections=sections,
        targets=targets,
        baselines=baselines,
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
