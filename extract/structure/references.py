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

from ..ingest.document import Document
from ..language.lexicons import DocTypeLexicon, doc_types, fold, law_names
from ..language.names import canonical, recase
from ..language.patterns import DATE_NUMERIC, DATE_WORDS, DOC_NUMBER, clean_number, iso_date

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
# "pháp luật" (the law in general: "vi phạm pháp luật", "THƯ VIỆN PHÁP LUẬT") names no law
_LAW_IN_GENERAL = re.compile(r"(?i)pháp\s+$")
_AMENDING = re.compile(r"\s+sửa đổi,?\s+bổ sung\b", re.IGNORECASE)
_AMENDING_END = re.compile(r"\s+ngày\b|\s*[;\n(]|\.\s")
# a number of a list without its type word ("...: số 749/QĐ-TTg ...; số 942/QĐ-TTg")
_LISTED_NUMBER = re.compile(rf"(?<![^\W\d_])số\s+(?P<number>{DOC_NUMBER.pattern})")
# a party congress's resolution, cited by name ("Nghị quyết Đại hội đại biểu toàn quốc
# lần thứ XIII của Đảng", "Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIII")
_CONGRESS = re.compile(r"\s+Đại hội\b[^;.\n]{0,80}?\blần thứ\s+[IVXLC]+\b"
                       r"(?:,?\s*nhiệm kỳ\s+\d{4}\s*-\s*\d{4})?(?:\s+của\s+Đảng\b)?")
_CLAUSE_BREAK = re.compile(r"[;\n]|\.\s")
_DATE_LEAD = re.compile(r"\s*,?\s*(?P<ngay>ngày)\s*", re.IGNORECASE)
_ISSUER_LEAD = re.compile(r"\s*,?\s*của\s+", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\s*(?:\[\d{1,3}\]|\(\d{1,3}\))\s*$")
_PROPOSED_BY = re.compile(r"đề nghị của\s+(?P<who>[^,;.\n]{3,80}?)\s+tại\s*$", re.IGNORECASE)
# mentions of one list: "..., ", " và ", ") và ", "; "
_LIST_JOIN = re.compile(r"\)?\s*(?:[,;]|\svà)?\s*(?:và\s+)?")
_LABEL = re.compile(r"^\s*(?:[IVXLC]+|\d{1,2}|[a-zđ])[.)]\s*")
# the first numbered heading: the preamble ends there
_FIRST_HEADING = re.compile(r"^(?:[IVX]+|1)\.\s+\S", re.MULTILINE)


def _type_words() -> str:
    """The words of every document type, longest first, as one alternation."""
    words = sorted({w for e in doc_types().types.values() for w in e.words}, key=len,
                   reverse=True)
    return "|".join(map(re.escape, words))


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    alts = _type_words()
    return re.compile(
        rf"(?<![^\W\d_])(?P<type>{alts})(?![^\W\d_])"
        rf"(?:\s+liên tịch)?(?:\s+(?:số|Số)\s*:?)?\s*"
        rf"(?:(?P<number>{DOC_NUMBER.pattern})|(?P<bare>\d{{1,5}})(?![\d/%.,]))?",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _plural_pattern() -> re.Pattern[str]:
    """"các Quyết định", "các Nghị quyết": a list of documents of one type follows."""
    return re.compile(rf"(?<![^\W\d_])các\s+(?P<type>{_type_words()})"
                      rf"(?![^\W\d_])", re.IGNORECASE)


def find_references(
    doc: Document, *, own_number: str | None = None, lexicon: DocTypeLexicon | None = None
) -> list[Reference]:
    """References of ``doc``; ``own_number`` (its own "Số:") is never one."""
    lexicon = lexicon or doc_types()
    text = doc.text
    by_word = dict(lexicon.by_word())
    found: list[tuple[int, int, dict]] = []
    covered = 0  # the end of an amending law's name: the laws it names are inside it
    for m in _mention_pattern().finditer(text):
        if m.start() < covered:
            continue
        type_word = m.group("type")
        rtype = by_word.get(fold(type_word), "OTHER")
        number = m.group("number") or m.group("bare")
        end = m.end()
        if number is None and rtype == "NGHI_QUYET" and type_word[:1].isupper():
            congress = _CONGRESS.match(text, m.end("type"))  # "Nghị quyết Đại hội ... lần thứ XIII"
            if congress is not None:
                found.append((m.start(), congress.end(), {
                    "_name": fold(text[m.start():congress.end()]), "doc_type": rtype,
                    "number": None, "date": None, "issuer": None}))
                covered = congress.end()
            continue
        if number is None:
            if rtype not in _NAMED_TYPES or not type_word[:1].isupper() or (
                    _LAW_IN_GENERAL.search(text, max(0, m.start() - 8), m.start())):
                continue
            name_end = _name_end(text, m.start("type"), m.end("type"))
            if name_end is None:
                continue
            end = covered = name_end
        elif m.group("bare") and not type_word[:1].isupper() and " số" not in m.group(0):
            continue  # "kế hoạch 2" without "số": too weak
        if rtype == "OTHER" and m.group("number") is None:
            continue
        sym = m.group("sym") or m.group("psym")
        symbol_type = lexicon.by_symbol(sym) if sym else None
        if rtype not in lexicon.reference_types:
            rtype = symbol_type if symbol_type in lexicon.reference_types else "OTHER"
        name = fold(text[m.start():end])  # a law cited by name: one law, however dated
        date, end = _date_after(text, end)
        issuer, end = _issuer_after(text, end)
        found.append((m.start(), end, {
            "_name": name,
            "doc_type": rtype,
            "number": clean_number(number) if number else None,
            "date": date,
            "issuer": issuer,
        }))
    found += _listed_numbers(text, found, by_word, lexicon)
    found.sort(key=lambda f: f[0])
    own = (own_number or "").lower()
    return _dedupe(text, [f for f in found if not own or (f[2]["number"] or "").lower() != own],
                   lexicon)


def _listed_numbers(text: str, found: list[tuple[int, int, dict]], by_word: dict[str, str],
                    lexicon: DocTypeLexicon) -> list[tuple[int, int, dict]]:
    """"Căn cứ các Quyết định của Thủ tướng Chính phủ: số 749/QĐ-TTg ngày ...; số
    942/QĐ-TTg ngày ...": numbers listed after a plural type, each a document of it."""
    out: list[tuple[int, int, dict]] = []
    taken = [(a, b) for a, b, _ in found]
    for m in _LISTED_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        para = text.rfind("\n", 0, m.start()) + 1
        plural = None
        for plural in _plural_pattern().finditer(text, max(para, m.start() - 400), m.start()):
            pass
        rtype = by_word.get(fold(plural.group("type"))) if plural else None
        if plural is None and out and out[-1][0] >= para:
            rtype = out[-1][2]["doc_type"]  # the list goes on: "...; số 06/QĐ-TTg"
        if rtype not in lexicon.reference_types:
            continue
        date, end = _date_after(text, m.end())
        issuer, end = _issuer_after(text, end)
        out.append((m.start(), end, {"_name": "", "doc_type": rtype,
                                     "number": clean_number(m.group("number")),
                                     "date": date, "issuer": issuer}))
    return out


def _name_end(text: str, type_start: int, start: int) -> int | None:
    """End of a law's name ("Pháp lệnh Phòng, chống mại dâm"): a known name
    (``models/laws.yaml``) whole, else up to a stop word, six words at most."""
    window = fold(text[type_start : type_start + 120])
    for name in law_names():
        if window.startswith(name) and not window[len(name) : len(name) + 1].isalnum():
            return type_start + len(name)
    if _AMENDING.match(text, start):
        # "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B ngày ...": one law
        stop = _AMENDING_END.search(text, start, start + 300)
        return stop.start() if stop else None
    m = re.match(r"\s+([^\W\d_][^\s]*)", text[start:])
    if not m or fold(m.group(1)) in ("pháp", "sư", "lệ", "này", "định", "số", "và", "hoặc",
                                     "của", "các", "hiện"):
        return None
    stop = _NAME_STOP.search(text, start + m.end())
    end = stop.start() if stop else len(text)
    words = text[start:end].split()
    if len(words) > 6:
        end = start + len(text[start:end]) - len(" ".join(words[6:])) - 1
    return end


def _date_after(text: str, pos: int) -> tuple[str | None, int]:
    m = _DATE_LEAD.match(text, pos)
    if not m:
        return None, pos
    words = DATE_WORDS.match(text, m.start("ngay"))
    if words and words.group("d") and words.group("m") and words.group("y"):
        return iso_date(words.group("d"), words.group("m"), words.group("y")), words.end()
    num = DATE_NUMERIC.match(text, m.end())
    if num and num.group("y"):
        return iso_date(num.group("d"), num.group("m"), num.group("y")), num.end()
    return None, pos


def _issuer_after(text: str, pos: int) -> tuple[str | None, int]:
    m = _ISSUER_LEAD.match(text, pos)
    if not m:
        return None, pos
    start = m.end()
    stop = _ISSUER_STOP.search(text, start)
    end = stop.start() if stop else len(text)
    raw = text[start:end].strip()
    if not raw or len(raw.split()) > 14:
        return None, pos
    return _issuer_name(raw), start + len(text[start:end].rstrip())


def _issuer_name(raw: str) -> str:
    raw = _FOOTNOTE.sub("", raw).strip()
    return recase(raw) if raw.isupper() else canonical(raw)


def _issuer_before(text: str, start: int) -> str | None:
    """"Theo đề nghị của Sở Y tế tại Tờ trình số ...": the issuer comes first."""
    m = _PROPOSED_BY.search(text, max(0, start - 160), start)
    return _issuer_name(m.group("who")) if m else None


def _dedupe(text: str, found: list[tuple[int, int, dict]], lexicon: DocTypeLexicon) -> list[Reference]:
    out: list[Reference] = []
    by_key: dict[str, Reference] = {}
    state = _ListState()
    first_heading = _FIRST_HEADING.search(text)
    preamble_end = first_heading.start() if first_heading else len(text)
    for start, end, fields in found:
        name = fields.pop("_name")
        number = (fields["number"] or "").lower()
        keys = {number or f"{fields['doc_type']}:{name}"}
        if fields["date"] and fields["issuer"]:
            # one document cited with two spellings of its number (a typo)
            keys.add(f"{fields['doc_type']}:{fields['date']}:{fold(fields['issuer'])}")
        introducer = _introducer(text, start, end, state, lexicon, start < preamble_end)
        known = next((by_key[k] for k in keys if k in by_key), None)
        if known is not None:
            # a later mention may give what the first one left out
            known.date = known.date or fields["date"]
            known.issuer = known.issuer or fields["issuer"]
            if known.number and fields["number"] and known.number.isupper() and not (
                fields["number"].isupper()
            ):
                known.number = fields["number"]  # "1408/QĐ-TTG" in a title in capitals
            for k in keys:
                by_key.setdefault(k, known)
            continue
        if fields["issuer"] is None:
            fields["issuer"] = _issuer_before(text, start)
        ref = Reference(role=_role(fields["doc_type"], introducer, lexicon), span=(start, end),
                        text=text[start:end], **fields)
        out.append(ref)
        for k in keys:
            by_key[k] = ref
    return out


class _ListState:
    """What the previous mention left: where it ended, and the introducer of
    the list it belongs to."""

    def __init__(self) -> None:
        self.end: int | None = None
        self.para: int = -1
        self.list_introducer: str | None = None


def _introducer(text: str, start: int, end: int, state: _ListState, lexicon: DocTypeLexicon,
                in_preamble: bool) -> str | None:
    """The word that introduces the mention at ``start`` (None: not introduced)."""
    para_start = text.rfind("\n", 0, start) + 1
    if state.para != para_start:
        state.list_introducer = None
    found = _introducer_of(text, start, para_start, state, lexicon, in_preamble)
    if found is not None:
        state.list_introducer = found
    state.end, state.para = end, para_start
    return found


def _introducer_of(text: str, start: int, para_start: int, state: _ListState,
                   lexicon: DocTypeLexicon, in_preamble: bool) -> str | None:
    clause_start = para_start
    for m in _CLAUSE_BREAK.finditer(text, para_start, start):
        clause_start = m.end()
    clause = fold(text[clause_start:start])
    words = sorted((*lexicon.implements_introducers, *lexicon.basis_introducers), key=len,
                   reverse=True)
    if state.end is not None and state.end > clause_start and state.para == para_start:
        if _LIST_JOIN.fullmatch(text[state.end:start]):
            return state.list_introducer  # "Căn cứ Luật ..., Quyết định ...": one list
        if not any(clause.endswith(w) or clause.endswith(w + " ")
                   for w in lexicon.midclause_introducers):
            return None  # named inside another reference's description
    lead = re.sub(r"^(?:để\s+|nhằm\s+)?(?:tiếp tục\s+)?", "", clause.strip(" ,-+•"))
    direct = next((w for w in words if re.fullmatch(rf"{re.escape(w)}\s*(?:các\s+)?:?", lead)),
                  None)
    if direct is None:  # "Căn cứ các Quyết định của Thủ tướng Chính phủ: số 749/QĐ-TTg"
        plural = _plural_pattern().match(lead, next((len(w) + 1 for w in words
                                                     if lead.startswith(w + " ")), 0))
        direct = next((w for w in words if plural is not None and lead.startswith(w + " ")
                       and re.fullmatch(r"[^:;]{0,80}:?", lead[plural.end():])), None)
    if direct is None:
        direct = next((w for w in lexicon.midclause_introducers
                       if re.search(rf"(?:^|\W){re.escape(w)}\s*$", clause)), None)
    if direct:
        return direct
    if clause.strip(" ,-+•"):
        return None
    # first in its clause: a list item continues the introducer of its paragraph,
    # or of the line that opens a bulleted list ("Căn cứ:", "I. CĂN CỨ ...")
    para = fold(_LABEL.sub("", text[para_start:start]).lstrip("-+• "))
    found = next((w for w in words if para.startswith(w)), None)
    if found or not text[para_start:start].lstrip().startswith(("-", "+", "•")):
        return found
    look = para_start - 1
    while look > 0:
        prev_start = text.rfind("\n", 0, look) + 1
        line = text[prev_start:look].strip()
        look = prev_start - 1
        if not line or line.startswith(("-", "+", "•")):
            continue
        head = fold(_LABEL.sub("", line))
        return next((w for w in words if head.startswith(w)),
                    "căn cứ" if in_preamble else None)
    return "căn cứ" if in_preamble else None


def _role(rtype: str, introducer: str | None, lexicon: DocTypeLexicon) -> str:
    if rtype in lexicon.cites_types or introducer is None:
        return "cites"
    if rtype in lexicon.legal_basis_types and any(
        introducer.startswith(b) for b in lexicon.basis_introducers
    ):
        return "cites"
    return "implements"
