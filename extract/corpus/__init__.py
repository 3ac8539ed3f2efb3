"""Corpus: many documents at once, for researchers.

In: files, folders and globs. Out: a JSONL journal written as results arrive
(safe against kill -9, resumable), Parquet tables and a DuckDB database keyed by
content hash (:mod:`.store`), produced by a pool of warm worker processes or a
Dask cluster (:mod:`.batch`, :mod:`.warmup`); and the implementation graph
between the plans of a batch (:mod:`.link`), which compliance checks follow.
"""

from .batch import run_batch
from .link import as_plan, find_links
from .store import ERRORS, PLANS, load_journal, write_table

__all__ = ["ERRORS", "PLANS", "as_plan", "find_links", "load_journal", "run_batch", "write_table"]
