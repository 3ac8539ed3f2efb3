"""Header metadata per Nghị định 30/2020/NĐ-CP, robust to documents that break it.

Signals, in order:

1. the ND30 header zone (everything before the type line "KẾ HOẠCH"): issuer
   lines in capitals (the body, and its superior whose place it inherits),
   "Số: 76/KH-UBND", "Kiến An, ngày 07 tháng 3 năm 2023";
2. the type line and the trích yếu below it (several lines; sentence case when
   printed in capitals);
3. the closing: "Nơi nhận:" lines (recipients) and the signature block
   (TM./KT./Q./TL./TUQ., the position, the name);
4. when the header is missing or cut (web copies): the issuer is inferred from
   the body ("Ủy ban nhân dân quận ban hành Kế hoạch"), the number's symbol
   (KH-UBND) and the place line, with a warning naming what was inferred;
5. news articles (no "Số:" and no type line): the metadata of the document the
   article reports on ("UBND thành phố ban hành Kế hoạch phòng, chống ...").

The level of the issuer uses ``models/admin_units.csv`` (before and after the
2025 reorganisation). It never fills a field the text does not support.
"""

from __future__ import annotations

import re

from schemas import Metadata, Signer

from ..ingest.document import Document
from ..language.lexicons import acronyms, agency_lexicon, doc_types, fold, title_proper_names
from ..language.names import (
    body_word_at_start,
    canonical,
    level_of_issuer,
    official_form,
    place_level,
    place_units,
    place_with_type,
    recase,
)
from ..language.patterns import (
    DATE_NUMERIC,
    DATE_WORDS,
    DOC_NUMBER,
    NUMBER_LINE,
    PLACE_DATE_LINE,
    YEAR,
    clean_number,
    iso_date,
)
from ..language.patterns import (
    NUMBERING as NUMBERING_AT_START,
)
from ..language.vietnamese import LOWER, UPPER
from .news import (
    _AGENCY_START_RE,
    _OWN_NUMBER_AFTER_TITLE,
    _UNIT_LEVELS,
    _clean_issuer,
    _issues,
    _last_agency,
    _main_unit,
    _news_date,
    _news_issuer,
    _reported,
    _unit_name,
    approval,
    reports_a_plan,
)

_HEADER_LINES = 40  # the header zone is within the first lines of the text
_MOTTO = re.compile(r"^(?:CỘNG\s+H\S{1,2}A\s+XÃ\s+HỘI|Độc lập\s*[-–]\s*Tự do|"
                    r"ĐẢNG CỘNG SẢN VIỆT NAM)", re.IGNORECASE)
_MOTTO_INSIDE = re.compile(r"\s+(?:CỘNG\s+H\S{1,2}A\s+XÃ\s+HỘI|Độc\s+lập\s*[-–]\s*Tự\s+do)\b.*$",
                           re.IGNORECASE)
_SIGN_PREFIX = re.compile(r"^(?:TM|KT|Q|TL|TUQ)\s*\.", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE | re.MULTILINE)
_KEEP_LINE = re.compile(r"^-?\s*Lưu\b", re.IGNORECASE)
# a personal name: 2-6 capitalised syllables
_PERSON = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][^\s\d]*\s?){2,6}$")
_PREAMBLE = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Theo|Trên cơ sở)\b")
def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def find_metadata(doc: Document) -> tuple[Metadata, list[str]]:
    """The document's metadata and the warnings about what was inferred."""
    text = doc.text
    lines = _lines(text)
    head = lines[:_HEADER_LINES]
    number = NUMBER_LINE.search(text, 0, head[-1][0] + len(head[-1][1]) if head else 0)
    type_idx = _type_line(head)
    letter = _letter_subject(text, head)
    if number is None and type_idx is None and letter is None:
        return _news_metadata(doc, lines)
    warnings: list[str] = []
    meta = Metadata(genre="official")
    if number:
        meta.symbol = re.sub(r"\s+", "", number.group("sym")).rstrip(".")
        if number.group("n"):
            year = f"{number.group('y')}/" if number.group("y") else ""
            meta.number = f"{number.group('n')}/{year}{meta.symbol}"
    place_line = PLACE_DATE_LINE.search(text, 0, head[-1][0] + len(head[-1][1]))
    if place_line:
        meta.place = _joined_place(text, place_line.start("place"),
                                   place_line.group("place").strip())
        dm = DATE_WORDS.search(place_line.group(0))
        if dm:
            meta.date = iso_date(dm.group("d"), dm.group("m"), dm.group("y") or place_line.group("y"))
        else:
            meta.date = place_line.group("y")
    types = doc_types()
    if type_idx is not None:
        meta.doc_type = _doc_type_of(head[type_idx][1]) or "OTHER"  # type: ignore[assignment]
        meta.title = _title(lines, type_idx)
    elif meta.symbol and types.by_symbol(meta.symbol):
        meta.doc_type = types.by_symbol(meta.symbol)  # type: ignore[assignment]
        meta.title = _title_without_type_line(lines, place_line.end() if place_line else (
            number.end() if number else 0))
    elif letter is not None:
        # no type line and no type in the symbol ("Số: 476/UBND", "V/v ..."): a công văn
        meta.doc_type = "CONG_VAN"
        meta.title = letter[0].upper() + letter[1:] if letter else None
    elif meta.symbol:
        meta.doc_type = "OTHER"
        meta.title = _title_without_type_line(lines, place_line.end() if place_line else (
            number.end() if number else 0))
    if meta.doc_type not in types.metadata_types:
        meta.doc_type = "OTHER"
    header_end = type_idx if type_idx is not None else len(head)
    meta.issuer = _issuer_from_header(head[:header_end])
    if meta.issuer and meta.place and not _has_place(meta.issuer) and fold(
        meta.issuer).startswith(("ủy ban nhân dân", "hội đồng nhân dân")):
        # "ỦY BAN NHÂN DÂN" alone in a cut header: its unit is the place line's
        rows = place_units(meta.place)
        typed = place_with_type(meta.place) or (
            f"{rows[0]['type']} {meta.place}" if rows else None)
        if typed:
            meta.issuer = f"{meta.issuer} {typed}"
            meta.inferred.append("issuer")
            warnings.append(f"tên cơ quan ban hành thiếu địa danh: suy ra '{meta.issuer}'")
    if meta.issuer is None:
        meta.issuer = _infer_issuer(text, meta)
        if meta.issuer:
            meta.inferred.append("issuer")
            warnings.append(f"không có tên cơ quan ban hành ở phần đầu: suy ra '{meta.issuer}'")
    if meta.issuer:
        meta.issuer_level = level_of_issuer(meta.issuer)  # type: ignore[assignment]
    _apply_hints(meta, doc.hints)
    if meta.issuer and not meta.issuer_level:
        meta.issuer_level = level_of_issuer(meta.issuer)  # type: ignore[assignment]
    if meta.issuer:
        meta.issuer = official_form(meta.issuer)
        if meta.place is None and meta.issuer_level in ("province", "district", "commune"):
            # no place line in the copy: a local body's place is its unit's name
            meta.place = _unit_name(meta.issuer)
    meta.title = finish_title(meta.title)
    meta.year = _year(meta.title, meta.date)
    meta.recipients, signer = _closing(text)
    meta.signer = signer or meta.signer  # the portal's "Người ký" when the copy is cut
    return meta, warnings


def _joined_place(text: str, start: int, place: str) -> str:
    """"Bà" / "Rịa -" / "Vũng Tàu, ngày ...": a place name a copy broke over lines."""
    before = text[:start].split("\n")[-3:-1]
    for k in (1, 2):
        words = " ".join(line.strip() for line in before[-k:])
        if 0 < len(words.split()) <= 3 and place_units(f"{words} {place}"):
            return f"{words} {place}"
    return place


def _apply_hints(meta: Metadata, hints: dict[str, str]) -> None:
    """Fill what the copy's header lost from the portal's metadata table and
    heading (``Document.hints``); the document's own header always wins."""
    if not hints:
        return
    if meta.number is None and hints.get("number"):
        number = re.sub(r"\s+", "", hints["number"])
        if "/" in number and number[0].isdigit():
            meta.number = number
            meta.symbol = meta.symbol or number.split("/", 1)[1].split("/")[-1]
            meta.inferred.append("number")
    if meta.date is None and hints.get("date"):
        m = DATE_NUMERIC.search(hints["date"])
        if m and m.group("y"):
            meta.date = iso_date(m.group("d"), m.group("m"), m.group("y"))
            meta.inferred.append("date")
    types = doc_types()
    if meta.doc_type == "OTHER":
        word = fold(hints.get("doc_type") or "")
        kind = next((t for w, t in types.by_word() if word == w), None)
        if kind is None and meta.symbol:
            kind = types.by_symbol(meta.symbol)
        if kind in types.metadata_types:
            meta.doc_type = kind  # type: ignore[assignment]
    if meta.issuer is None and hints.get("issuer"):
        issuer = canonical(hints["issuer"])
        if _AGENCY_START_RE.match(issuer):
            meta.issuer = issuer
            meta.inferred.append("issuer")
    if meta.signer is None and hints.get("signer"):
        meta.signer = Signer(name=hints["signer"].strip(), position=None)
    if meta.title is None and hints.get("heading"):
        meta.title = _title_from_heading(hints["heading"])


# "Kế hoạch 30/KH-UBND về phòng, chống ma túy ... năm 2020" -> "Phòng, chống ma túy ..."
_HEADING_PREFIX = re.compile(r"^\S+(?:\s+(?:khác|số))?\s+\d[^\s]*(?:\s+năm\s+\d{4})?\s+(?:về\s+(?:việc\s+)?)?")


def _title_from_heading(heading: str) -> str | None:
    rest = _HEADING_PREFIX.sub("", heading, count=1).strip()
    rest = re.sub(r"\s+do\s+.{3,80}\s+ban hành$", "", rest)
    return rest[:1].upper() + rest[1:] if rest else None


def _type_line(head: list[tuple[int, str]]) -> int | None:
    words = [w for w, _ in doc_types().by_word()]
    for i, (_, line) in enumerate(head):
        s = line.strip()
        if s and s.isupper() and fold(s) in words:
            return i
        # "KẾ HOẠCH Phòng, chống ..." on one line (a web copy)
        if s[:9].isupper() and any(fold(s).startswith(w + " ") for w in words) and len(s) < 200:
            first = fold(s).split(" ")
            if s.split(" ")[1].isupper() and len(first) > 2:
                return i
    return None


def _doc_type_of(line: str) -> str | None:
    f = fold(line)
    for word, t in doc_types().by_word():
        if f.startswith(word):
            return t
    return None


def _title(lines: list[tuple[int, str]], type_idx: int) -> str | None:
    """The trích yếu: the text after the type word, then following lines until
    the preamble, a numbered heading, the signing authority of a decision, or a
    body paragraph."""
    _, type_line = lines[type_idx]
    parts: list[str] = []
    word = next((w for w, _ in doc_types().by_word() if fold(type_line).startswith(w)), "")
    rest = type_line.strip()[len(word):].strip()
    if rest:
        parts.append(rest)
    for _, line in lines[type_idx + 1 : type_idx + 8]:
        s = line.strip()
        if not s:
            continue
        if _ends_title(s, parts):
            break
        parts.append(s)
        if len(" ".join(parts)) > 300 or not _continues(s, parts):
            break
    return sentence_case(" ".join(parts).strip()) or None


def _letter_subject(text: str, head: list[tuple[int, str]]) -> str | None:
    """The subject of a công văn: the words after "V/v" under its number, up to
    the end of the cell or paragraph ("" when the copy starts at "Kính gửi:");
    None for a text that is not a công văn."""
    if not head:
        return None
    types = doc_types()
    end = head[-1][0] + len(head[-1][1])
    m = re.search(rf"(?<![^\W\d_]){re.escape(types.letter_subject)}\.?\s*", text[:end])
    if m is not None:
        stop = re.compile(rf"\||\n\s*\n|\n\s*{types.letter_salutation}|\n[^\n]*, ngày ")
        cut = stop.search(text, m.end(), end + 400)
        return " ".join(text[m.end():cut.start() if cut else m.end() + 300].split()) or None
    first = next((line.strip() for _, line in head if line.strip()), "")
    if fold(first).startswith(fold(types.letter_salutation)):
        return ""
    return None


def _title_without_type_line(lines: list[tuple[int, str]], after: int) -> str | None:
    """A web copy that lost the type line: the capital lines after the header."""
    parts: list[str] = []
    for start, line in lines:
        s = line.strip()
        if start < after or not s:
            if parts and start >= after:
                break
            continue
        if not s.isupper() or NUMBERING_AT_START.match(s):
            break
        parts.append(s)
    return sentence_case(" ".join(parts)) or None


def _ends_title(line: str, parts: list[str]) -> bool:
    if not parts:  # the line under the type line is the title, unless a preamble
        return line.startswith("Căn cứ") or line.rstrip().endswith(":")
    so_far = " ".join(parts)
    if so_far.count("(") > so_far.count(")") and ")" in line:
        return False  # "... (GIAI ĐOẠN" / "II)": the parenthesis closes
    if _PREAMBLE.match(line) or NUMBERING_AT_START.match(line):
        return True
    if line.isupper() and any(line.startswith(a) for a in doc_types().authority_lines):
        return True
    if len(line) > 120 and re.search(r"[.;]\s|[.;]$", line):
        return True  # a body paragraph
    return bool(re.search(r"\.\s+[A-ZĐ]", line))


_WORD_THEN_YEAR = re.compile(r"([^\W\d_]+)((?:19|20)\d\d)")


def sentence_case(title: str) -> str:
    """A title printed in capitals, in sentence case: place names after a level
    word recased from the administrative-unit data, acronyms kept."""
    if not title or not title.isupper():
        return title
    words = title.split(" ")
    out = []
    for w in words:
        bare = w.strip("(),;:.")
        glued = _WORD_THEN_YEAR.fullmatch(bare)
        if glued and glued.group(1) not in acronyms():  # "NĂM2020" (a copy's glued words)
            w = w.replace(glued.group(1), glued.group(1).lower())
        keep = bool(re.search(r"[\d/]", w)) or bare in acronyms()
        out.append(w if keep else w.lower())
    text = " ".join(out)
    text = text[0].upper() + text[1:]
    # a name in quotes opens with a capital: "phong trào “Thi đua xây dựng ...”"
    text = re.sub(r"([“\"])(\w)", lambda m: m.group(1) + m.group(2).upper(), text)
    # "quyết định số 1408" -> "Quyết định số 1408"; "của thủ tướng chính phủ" ->
    # "của Thủ tướng Chính phủ": cited documents and bodies keep their capitals
    for word, _ in doc_types().by_word():
        text = re.sub(rf"(?<![^\W\d_]){re.escape(word)}(?= số\b)",
                      word[0].upper() + word[1:], text)
    text = re.sub(r"(?<=của )([^,;]+)", lambda m: _recase_body(m.group(1)), text)
    for body in agency_lexicon().national_bodies:  # "ủy ban dân tộc" -> "Ủy ban Dân tộc"
        text = re.sub(rf"(?<!\w){re.escape(body.lower())}(?!\w)", body, text)
    low = text.lower()
    for name in title_proper_names():  # "việt nam" -> "Việt Nam", laws by their name
        if name.lower() in low:
            text = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, text,
                          flags=re.IGNORECASE)
    return _recase_places(text)


# a short alias or gloss in brackets after a title: "(Chương trình)", "(gọi chung là ...)"
_TITLE_ALIAS = re.compile(rf"\s*\((?:[{UPPER}][{LOWER}]*(?: [{LOWER}]+)?|gọi (?:chung|tắt) là[^()]*)\)")


def finish_title(title: str | None) -> str | None:
    """A title as the contract writes it: cut where the sentence goes on
    (``title_stops``), without a bracketed alias. Its case is the copy's (a
    title in capitals was put in sentence case by :func:`sentence_case`)."""
    if not title:
        return title
    types = doc_types()
    low = title.lower()
    cut = min((i for i in (low.find(w) for w in types.title_stops) if i > 0), default=len(title))
    title = _TITLE_ALIAS.sub("", title[:cut]).strip(" ,;:")
    return title or None


def _recase_body(text: str) -> str:
    body = body_word_at_start(text)
    return body + text[len(body):] if body is not None else text


def _recase_places(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        level, rest = m.group(1), m.group(2)
        words = rest.split(" ")
        for k in range(min(4, len(words)), 0, -1):
            cand = " ".join(w.capitalize() for w in words[:k])
            if any(r["type"] == level for r in place_units(cand)):
                return f"{level} {cand}" + ("" if k == len(words) else " " + " ".join(words[k:]))
        return m.group(0)

    return _LEVEL_THEN_WORDS.sub(fix, text)


def _continues(line: str, parts: list[str]) -> bool:
    """Whether the next line may still belong to the title: up to three lines,
    or as many as a title printed in capitals has."""
    return not line.rstrip().endswith((".", ":")) and line[-1:] != ";" and (
        len(parts) < 3 or line.isupper())


def _issuer_from_header(head: list[tuple[int, str]]) -> str | None:
    """The issuing body from the capital lines of the header's left column."""
    caps: list[str] = []
    for _, line in head:
        s = line.strip()
        if not _MOTTO.match(s):
            # both header columns on one line: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI ..."
            s = _MOTTO_INSIDE.sub("", s)
        s = s.strip(" |")  # a flattened table cell: "ỦY BAN NHÂN DÂN XÃ TỊNH TRÀ |"
        if not s or _MOTTO.match(s) or NUMBER_LINE.match(s) or PLACE_DATE_LINE.match(s):
            if caps and (not s or NUMBER_LINE.match(s)):
                break
            continue
        if NUMBERING_AT_START.match(s):  # "I. ĐÁNH GIÁ ...": the body has begun
            break
        if s.isupper() and len(s) < 90 and not s.startswith("-") and not re.search(r"[\d/|]", s):
            caps.append(s)
        elif caps:
            break
    if not caps:
        return None
    # superior body first, the issuer last: "UBND TỈNH LẠNG SƠN / SỞ Y TẾ"
    groups = _split_bodies(caps)
    issuer = recase(groups[-1])
    if len(groups) > 1 and not _has_place(issuer):
        superior = recase(groups[-2])
        place = _place_of(superior)
        if place:
            issuer = f"{issuer} {place}"
    return issuer


def _split_bodies(caps: list[str]) -> list[str]:
    body_starts = ("ỦY BAN", "UBND", "SỞ ", "PHÒNG ", "BỘ ", "BAN ", "HỘI ĐỒNG", "CÔNG AN",
                   "TRUNG TÂM", "CHI CỤC", "CỤC ", "VĂN PHÒNG", "ĐẢNG ỦY", "HUYỆN ỦY",
                   "TỈNH ỦY", "THÀNH ỦY", "BAN CHỈ ĐẠO", "TRƯỜNG", "BỆNH VIỆN", "HĐND")
    groups: list[str] = []
    for line in caps:
        if groups and not line.startswith(body_starts):
            groups[-1] += " " + line
        else:
            groups.append(line)
    return groups


_LEVEL_THEN_WORDS = re.compile(
    rf"\b({_UNIT_LEVELS})(?!\s+hội)\s+((?:[^\W\d_]+\s?){{1,4}})"
)
_LEVEL_PLACE = re.compile(rf"\b({_UNIT_LEVELS})\s+(.+)$")


def _has_place(name: str) -> bool:
    m = _LEVEL_PLACE.search(name)
    return bool(m and place_units(m.group(2)))


def _place_of(name: str) -> str | None:
    m = _LEVEL_PLACE.search(name)
    return f"{m.group(1)} {m.group(2)}" if m else None


def _infer_issuer(text: str, meta: Metadata) -> str | None:
    """Issuer of a document whose header lost it: from the body, the symbol and
    the place line."""
    body = text[:4000]
    agency: str | None = None
    m = next(_issues(body), None)
    if m:
        agency = canonical(_last_agency(m.group("agency")))
    elif meta.symbol:
        tail = meta.symbol.split("-", 1)[-1]
        expanded = canonical(tail)
        if expanded != tail:
            agency = expanded
    if not agency:
        return None
    if _has_place(agency):
        return agency
    if not meta.place:
        completed, _ = _news_issuer(agency, meta.title or "", body)
        return completed
    place = meta.place
    lm = re.search(rf"({_UNIT_LEVELS})$", agency)
    if lm:  # "Ủy ban nhân dân quận" + "Kiến An"
        return f"{agency} {place}"
    typed = place_with_type(place) if place_level(place) == "province" else None
    if typed and fold(agency).startswith(("sở", "ủy ban nhân dân", "ban", "công an")):
        return f"{agency} {typed}"
    rows = place_units(place)
    if rows and fold(agency).startswith("ủy ban nhân dân"):
        return f"{agency} {rows[0]['type']} {place}"
    return agency


def _year(title: str | None, date: str | None) -> int | None:
    """The plan's year (``corpus/dev/README.md``): the single year the title names
    ("năm 2024", "Xóa mù chữ đến năm 2020"), else the date's year, else None.
    Years inside a cited date or document number are not the title's; a range
    ("giai đoạn 2021 - 2025") or a horizon beside it names more than one."""
    if title:
        spans = [m.span() for m in DATE_NUMERIC.finditer(title) if m.group("y")]
        spans += [m.span() for m in DATE_WORDS.finditer(title) if m.group("y")]
        spans += [m.span() for m in DOC_NUMBER.finditer(title) if m.group("y")]
        years = {int(m.group(0)) for m in YEAR.finditer(title)
                 if not any(a <= m.start() < b for a, b in spans)}
        if len(years) == 1:
            return years.pop()
    return int(date[:4]) if date else None


def _closing(text: str) -> tuple[list[str], Signer | None]:
    """Recipients ("Nơi nhận") and signer from the end of the document."""
    m = None
    for m in _RECIPIENTS.finditer(text):
        pass
    tail = text[m.start():] if m else text[-1500:]
    recipients: list[str] = []
    signature: list[str] = []
    if m:
        for line in tail.split("\n")[1:]:
            s = line.strip()
            if not s:
                continue
            if s.startswith(("-", "+", "•")) and not signature:
                item = s.lstrip("-+• ").rstrip(" ;.,")
                if item and not _KEEP_LINE.match(s.lstrip("-+• ")):
                    recipients.append(item)
            else:
                signature.append(s)
    else:
        signature = [s.strip() for s in tail.split("\n")[-6:] if s.strip()]
    return recipients, _signer(signature)


def _signer(lines: list[str]) -> Signer | None:
    lines = [s for s in lines if not s.startswith(("(", "["))]
    if not lines:
        return None
    name = lines[-1] if _PERSON.match(lines[-1]) and not lines[-1].isupper() else None
    words = doc_types().signer_positions
    positions = [s for s in lines[:-1] if s.isupper() and not _SIGN_PREFIX.match(s)
                 and any(w in s for w in words)]
    if not name and not positions:
        return None
    position = positions[-1] if positions else None
    if position:
        words = position.lower().split()
        cap = 2 if words and words[0] in ("phó",) else 1
        position = " ".join(w.capitalize() if i < cap else w for i, w in enumerate(words))
    return Signer(name=name, position=position)


# -- news ------------------------------------------------------------------------


def _news_metadata(doc: Document, lines: list[tuple[int, str]]) -> tuple[Metadata, list[str]]:
    meta = Metadata(genre="news", doc_type="BAI_BAO")
    m = _reported(doc.text[:6000])
    if not m:
        meta.doc_type = "KE_HOACH" if reports_a_plan(doc.text[:6000]) else "BAI_BAO"
        unit = _main_unit(doc.text[:6000])
        if unit is None:
            return meta, ["bài báo không nêu văn bản cụ thể"]
        # no "X ban hành ...": the committee of the unit the article is about
        meta.issuer = official_form(f"Ủy ban nhân dân {unit[0]} {unit[1]}")
        meta.place, meta.issuer_level = unit[1], level_of_issuer(meta.issuer)  # type: ignore[assignment]
        meta.inferred.append("issuer")
        return meta, [f"bài báo không nêu văn bản cụ thể: cơ quan suy ra '{meta.issuer}'"]
    type_word = (m.group("type") or "").lower()
    t = _doc_type_of(type_word) if type_word and type_word != "văn bản" else None
    sym = m.group("sym") or m.group("psym")
    if sym and doc_types().by_symbol(clean_number(sym)):  # "số 1909/QĐ-TTg": a decision
        t = doc_types().by_symbol(clean_number(sym))
    elif t not in doc_types().metadata_types and m.group("verb").lower() == "phê duyệt":
        t = "QUYET_DINH"  # a programme, strategy or plan is approved by a decision
    approved = approval(m, t)
    t = approved[0] if approved else t
    meta.doc_type = t if t in doc_types().metadata_types else "OTHER"  # type: ignore[assignment]
    title = approved[1] if approved else m.group("title").strip(" ,")
    if m.groupdict().get("quote") and re.search(r"[\"”]", title):
        title = re.split(r"[\"”]", title, maxsplit=1)[0]  # the name the quotes give
    own = _OWN_NUMBER_AFTER_TITLE.search(title)
    if own:  # "... (Kế hoạch số 96/KH-UBND, ngày 18/3/2026)": the reported document
        title = title[: own.start()].rstrip(" ,")
    if title:
        meta.title = finish_title(title[0].upper() + title[1:])
    if own and not m.group("number"):
        meta.number = clean_number(own.group("number"))
        meta.symbol = meta.number.split("/", 1)[1] if "/" in meta.number else None
        dm = DATE_NUMERIC.search(own.group(0))
        if dm and not m.group("date"):
            meta.date = iso_date(dm.group("d"), dm.group("m"), dm.group("y"))
    if m.group("number"):
        meta.number = clean_number(m.group("number"))
        sym = m.group("sym") or m.group("psym")
        meta.symbol = clean_number(sym) if sym else None
    meta.date = _news_date(doc.text, m) or meta.date
    owner = m.groupdict().get("owner")
    agency, signer = _clean_issuer(canonical(owner or _last_agency(m.group("agency"))))
    agency, place = _news_issuer(agency, meta.title or "", doc.text[:6000])
    agency = official_form(agency) if agency else agency
    meta.issuer, meta.place = agency, place or _unit_name(agency)
    if signer:
        meta.signer = signer
    meta.issuer_level = level_of_issuer(agency) if agency else None  # type: ignore[assignment]
    meta.year = _year(meta.title, meta.date)
    return meta, []
