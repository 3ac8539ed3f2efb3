"""Importing this module loads every lexicon and compiles every matcher once.

The batch's forkserver preloads it, so each worker process forked from the
server starts with warm caches (the spaCy gazetteer alone takes ~1 s to build)
instead of rebuilding them every time workers are recycled.
"""

from __future__ import annotations

from ..entities.agencies import agency_finder
from ..language.lexicons import (
    abbreviations,
    admin_units,
    agency_lexicon,
    deadline_lexicon,
    doc_types,
    law_names,
    section_kinds,
    target_lexicon,
    themes,
)


def warm() -> None:
    for load in (abbreviations, admin_units, agency_lexicon, deadline_lexicon, doc_types,
                 law_names, section_kinds, target_lexicon, themes):
        load()
    agency_finder(agency_lexicon())
    from ..ingest.document import Extracted, RawBlock, finish
    from ..pipeline import plan_from_document

    # one tiny document through every stage compiles the remaining patterns
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN A\n\nSố: 1/KH-UBND\n\nA, ngày 1 tháng 1 năm 2024\n\n"
            "KẾ HOẠCH\nPhòng, chống ma túy năm 2024\n\nI. CHỈ TIÊU\n- Ít nhất 50% xã được "
            "tuyên truyền trước ngày 30/6.\n\nII. TỔ CHỨC THỰC HIỆN\n1. Công an huyện\n"
            "- Chủ trì, phối hợp với Phòng Y tế.\n")
    blocks = [RawBlock(0, len(text))]
    plan_from_document(finish(Extracted(text, blocks, "txt"), path="warmup", sha256=""))


warm()
