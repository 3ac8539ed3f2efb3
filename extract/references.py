"""References: every document the text cites, with type, number, date, issuer
and role, each with the span of its mention.

Signals, in order:

1. a type word (``models/doc_types.yaml``: Kế hoạch, Quyết định, Công văn, ...)
   followed by "số" and a number (``patterns.DOC_NUMBER``, or a bare "16"), an
   optional date (numeric or in words) and an optional "của <issuer>"; laws and
   ordinances also by name ("Pháp lệnh Phòng, chống mại dâm");
2. the role, from the clause the mention stands in: ``implements`` when it is
   introduced by "Thực hiện", "Căn cứ", "Triển khai", "thực hiện theo" (or
   continues such a list after ";"), except laws, decrees and circulars that
   "Căn cứ" gives as legal basis; ``cites`` for anything else, for a document
   named inside another reference's description, and for a Tờ trình.

The same document (same number, or same name) is reported once, at its first
mention. It never resolves what a reference points to; that is ``kehoach link``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from schemas import Reference

from .document import Document
from .lexicons import DocTypeLexicon, doc_types, fold, law_names
from .names import canonical
from .patterns import DATE_NUMERIC, DATE_WORDS, DOC_NUMBER, clean_number, iso_date

_NAMED_TYPES = ("LUAT", "PHAP_LENH")
# where an issuer's name ends: a verb or preposition that starts the description
_ISSUER_STOP = re.compile(
    r"\s+(?:về|triển khai|thực hiện|ban hành|v/v|V/v|trên địa bàn|quy định|hướng dẫn|"
    r"phê duyệt|năm \d{4}|tại|theo|để|nhằm|đến|cho|với|giai đoạn|đã|đề nghị|kèm theo|"
    r"trước|sau|thì|là|được|nay|và các|gửi)\b|\s*[,;.:()\n\"“”]|$"
)
_NAME_STOP = re.compile(
    r"\s+(?:ngày|số|năm|và các|và văn bản|hiện hành|đã|được|của|theo|quy định|hướng dẫn|"
    r"để|nhằm|trong|với|về|tại|có|thì|là|cho|đến)\b|\s*[;.():\n\"“”]|,(?!\s*chống)|$"
)
_CLAUSE_BREAK = re.compile(r"[;\n]|\.\s")


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    words = sorted({w for e in doc_types().types.values() for w in e.words}, key=len,
                   reverse=True)
    alts = "|".join(re.escape(w) for w in words)
    return re.compile(
        rf"(?<![^\W\d_])(?P<type>{alts})(?![^\W\d_])"
        rf"(?:\s+liên tịch)?(?:\s+(?:số|Số)\s*:?)?\s*"
        rf"(?:(?P<number>{DOC_NUMBER.pattern})|(?P<bare>\d{{1,5}})(?![\d/%.,]))?",
        re.IGNORECASE,
    )


def find_references(doc: Document, *, lexicon: DocTypeLexicon | None = None) -> list[Reference]:
    lexicon = lexicon or doc_types()
    text = doc.text
    by_word = dict(lexicon.by_word())
    found: list[tuple[int, int, dict]] = []
    for m in _mention_pattern().finditer(text):
        type_word = m.group("type")
        rtype = by_word.get(fold(type_word), "OTHER")
        number = m.group("number") or m.group("bare")
        end = m.end()
        if number is None:
            if rtype not in _NAMED_TYPES or not type_word[:1].isupper():
                continue
            name_end = _name_end(text, m.start("type"), m.end("type"))
            if name_end is None:
                continue
            end = name_end
        elif m.group("bare") and not type_word[:1].isupper() and " số" not in m.group(0):
            continue  # "kế hoạch 2" without "số": too weak
        if rtype == "OTHER" and m.group("number") is None:
            continue
        symbol_type = lexicon.by_symbol(m.group("sym")) if m.group("sym") else None
        if rtype not in lexicon.reference_types:
            rtype = symbol_type if symbol_type in lexicon.reference_types else "OTHER"
        date, end = _date_after(text, end)
        issuer, end = _issuer_after(text, end)
        found.append((m.start(), end, {
            "doc_type": rtype,
            "number": clean_number(number) if number else None,
            "date": date,
            "issuer": issuer,
        }))
    return _dedupe(text, found, lexicon)


def _name_end(text: str, type_start: int, start: int) -> int | None:
    """End of a law's name ("Pháp lệnh Phòng, chống mại dâm"): a known name
    (``models/laws.yaml``) whole, else up to a stop word, six words at most."""
    window = fold(text[type_start : type_start + 120])
    for name in law_names():
        if window.startswith(name) and not window[len(name) : len(name) + 1].isalnum():
            return type_start + len(name)
    m = re.match(r"\s+([^\W\d_][^\s]*)", text[start:])
    if not m or fold(m.group(1)) in ("pháp", "sư", "lệ", "này", "định", "số"):
        return None
    stop = _NAME_STOP.search(text, start + m.end())
    end = stop.start() if stop else len(text)
    words = text[start:end].split()
    if len(words) > 6:
        end = start + len(text[start:end]) - len(" ".join(words[6:])) - 1
    return end


def _date_after(text: str, pos: int) -> tuple[str | None, int]:
    m = re.match(r"\s*,?\s*ngày\s*", text[pos:])
    if not m:
        return None, pos
    at = pos + m.end()
    words = DATE_WORDS.match(text, pos + m.start() + text[pos + m.start():].find("ngày"))
    if words and words.group("d") and words.group("m") and words.group("y"):
        return iso_date(words.group("d"), words.group("m"), words.group("y")), words.end()
    num = DATE_NUMERIC.match(text, at)
    if num and num.group("y"):
        return iso_date(num.group("d"), num.group("m"), num.group("y")), num.end()
    return None, pos


def _issuer_after(text: str, pos: int) -> tuple[str | None, int]:
    m = re.match(r"\s*,?\s*của\s+", text[pos:])
    if not m:
        return None, pos
    start = pos + m.end()
    stop = _ISSUER_STOP.search(text, start)
    end = stop.start() if stop else len(text)
    raw = text[start:end].strip()
    if not raw or len(raw.split()) > 14:
        return None, pos
    return canonical(raw), start + len(text[start:end].rstrip())


def _dedupe(text: str, found: list[tuple[int, int, dict]], lexicon: DocTypeLexicon) -> list[Reference]:
    out: list[Reference] = []
    seen: set[str] = set()
    previous_end: int | None = None
    for start, end, fields in found:
        keys = {fields["number"] or f"{fields['doc_type']}:{fold(text[start:end])}"}
        if fields["date"] and fields["issuer"]:
            # one document cited with two spellings of its number (a typo)
            keys.add(f"{fields['doc_type']}:{fields['date']}:{fold(fields['issuer'])}")
        role = _role(text, start, previous_end, fields["doc_type"], lexicon)
        previous_end = end
        if keys & seen:
            continue
        seen |= keys
        out.append(Reference(role=role, span=(start, end), text=text[start:end], **fields))
    return out


def _role(text: str, start: int, previous_end: int | None, rtype: str,
          lexicon: DocTypeLexicon) -> str:
    if rtype in lexicon.cites_types:
        return "cites"
    para_start = text.rfind("\n", 0, start) + 1
    clause_start = para_start
    for m in _CLAUSE_BREAK.finditer(text, para_start, start):
        clause_start = m.end()
    clause = fold(text[clause_start:start])
    introducer = next((w for w in sorted(lexicon.implements_introducers, key=len, reverse=True)
                       if re.search(rf"(?:^|\W){re.escape(w)}\s*(?:các\s+)?$", clause)), None)
    if introducer is None and previous_end is not None and previous_end > clause_start:
        return "cites"  # named inside another reference's description
    if introducer is None and not clause.strip(" ,"):
        # a list item after ";" continues the paragraph's introducer
        para = fold(text[para_start:start])
        introducer = next((w for w in lexicon.implements_introducers if para.startswith(w)),
                          None)
    if introducer is None:
        return "cites"
    if rtype in lexicon.legal_basis_types and introducer.startswith("căn cứ"):
        return "cites"
    return "implements"
