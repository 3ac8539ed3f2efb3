"""Corpus links: who implements whom, from the references of every plan.

Signals, in order:

1. a reference with role ``implements`` whose number equals another plan's
   number (spaces and case folded) -- the citation's date and issuer are then
   checked against the cited plan and disagreements reported;
2. for a plan whose number is blank (drafts, web copies), a citation by type
   and issuer with a matching year, in a reference or in the child's preamble
   ("Thực hiện Kế hoạch ... của Ủy ban nhân dân quận Kiến An").

It works on Plan records: dicts from the batch journal, or the slimmer records
:func:`extract.store.link_records` reads back from a batch database (metadata,
references, the opening text); it never reads files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemas import Plan

from ..language.lexicons import fold


@dataclass
class Link:
    child: str  # doc_id
    parent: str
    via: str  # "number" | "issuer"
    reference: str  # the citation's text
    date_ok: bool
    issuer_ok: bool
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _number_key(number: str | None) -> str:
    return "".join((number or "").split()).lower()


def as_plan(record: dict[str, Any]) -> Plan:
    return Plan.model_validate({k: v for k, v in record.items() if k != "doc_id"})


def find_links(records: list[dict[str, Any]]) -> list[Link]:
    """Edges child -> parent among ``records`` (Plan dicts with a ``doc_id``)."""
    from ..compliance.check import CITATION_HEAD, cited_in_text, describe_document

    by_number: dict[str, list[dict[str, Any]]] = {}
    unnumbered: list[dict[str, Any]] = []
    for r in records:
        key = _number_key(r["metadata"].get("number"))
        if key:
            by_number.setdefault(key, []).append(r)
        elif r["metadata"].get("issuer") and r["metadata"].get("genre") == "official":
            unnumbered.append(r)
    links: list[Link] = []
    for child in records:
        seen: set[str] = set()
        for ref in child["references"]:
            if ref["role"] != "implements":
                continue
            for parent in by_number.get(_number_key(ref.get("number")), []):
                if parent["doc_id"] == child["doc_id"] or parent["doc_id"] in seen:
                    continue
                seen.add(parent["doc_id"])
                links.append(_checked_link(child, parent, ref))
        if not unnumbered:
            continue
        head = fold(child["text"][:CITATION_HEAD])
        for parent in unnumbered:
            if parent["doc_id"] in seen or parent["doc_id"] == child["doc_id"]:
                continue
            issuer = fold(parent["metadata"]["issuer"])
            if issuer.split()[-1] not in head:  # cheap filter: the place name
                continue
            pm = parent["metadata"]
            found = cited_in_text(child["text"], pm["issuer"], pm["doc_type"], pm.get("year"))
            if found is None:
                continue
            seen.add(parent["doc_id"])
            ok = not found
            links.append(Link(child["doc_id"], parent["doc_id"], "issuer",
                              describe_document(pm["doc_type"], None, None, pm["issuer"]),
                              date_ok=ok, issuer_ok=True,
                              message="" if ok else found[0].message))
    return links


def _checked_link(child: dict[str, Any], parent: dict[str, Any], ref: dict[str, Any]) -> Link:
    pm = parent["metadata"]
    date_ok = not (ref.get("date") and pm.get("date") and len(pm["date"]) == 10
                   and ref["date"] != pm["date"])
    issuer_ok = True
    if ref.get("issuer") and pm.get("issuer"):
        a, b = fold(ref["issuer"]), fold(pm["issuer"])
        issuer_ok = a in b or b in a
    problems = []
    if not date_ok:
        problems.append(f"ngày {ref['date']} thay vì {pm['date']}")
    if not issuer_ok:
        problems.append(f"cơ quan '{ref['issuer']}' thay vì '{pm['issuer']}'")
    return Link(child["doc_id"], parent["doc_id"], "number", ref["text"], date_ok, issuer_ok,
                "Trích dẫn không khớp: " + "; ".join(problems) if problems else "")
