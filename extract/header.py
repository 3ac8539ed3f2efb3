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

from .document import Document
from .lexicons import doc_types, fold
from .names import (
    canonical,
    level_of_issuer,
    place_level,
    place_units,
    place_with_type,
    recase,
)
from .patterns import DATE_WORDS, NUMBER_LINE, PLACE_DATE_LINE, YEAR, YEAR_RANGE, iso_date

_HEADER_LINES = 40  # the header zone is within the first lines of the text
_MOTTO = re.compile(r"^(?:CỘNG HÒA XÃ HỘI|Độc lập\s*-\s*Tự do|ĐẢNG CỘNG SẢN VIỆT NAM)",
                    re.IGNORECASE)
_SIGN_PREFIX = re.compile(r"^(?:TM|KT|Q|TL|TUQ)\s*\.", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE | re.MULTILINE)
_KEEP_LINE = re.compile(r"^-?\s*Lưu\b", re.IGNORECASE)
# a personal name: 2-6 capitalised syllables
_PERSON = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][^\s\d]*\s?){2,6}$")
_PREAMBLE = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Theo|Trên cơ sở)\b")
# "Ủy ban nhân dân quận ban hành Kế hoạch", "Sở ... xây dựng Kế hoạch"
_AGENCY_START = (r"(?:Ủy ban nhân dân|UBND|Sở|Phòng(?!,)|Ban(?! hành)|Bộ(?! phận)|"
                 r"Trung tâm|Công an)\b")
_AGENCY_START_RE = re.compile(_AGENCY_START)
_SELF_ISSUE = re.compile(
    rf"(?P<agency>{_AGENCY_START}[^.;:\n]{{0,90}}?)"
    r"\s+(?:vừa\s+)?(?:ban hành|xây dựng|có văn bản|triển khai)\s+"
    r"(?P<type>kế hoạch|văn bản|quyết định|chương trình|công văn|chỉ thị|hướng dẫn)?\s*"
    r"(?:về\s+(?:việc\s+)?)?(?P<title>[^.;\n]{0,250})",
    re.IGNORECASE,
)


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
    if number is None and type_idx is None:
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
        meta.place = place_line.group("place").strip()
        dm = DATE_WORDS.search(place_line.group(0))
        if dm:
            meta.date = iso_date(dm.group("d"), dm.group("m"), dm.group("y") or place_line.group("y"))
        else:
            meta.date = place_line.group("y")
    types = doc_types()
    if type_idx is not None:
        meta.doc_type = _doc_type_of(head[type_idx][1]) or "OTHER"  # type: ignore[assignment]
        meta.title = _title(lines, type_idx)
    elif meta.symbol:
        meta.doc_type = types.by_symbol(meta.symbol) or "OTHER"  # type: ignore[assignment]
    if meta.doc_type not in types.metadata_types:
        meta.doc_type = "OTHER"
    header_end = type_idx if type_idx is not None else len(head)
    meta.issuer = _issuer_from_header(head[:header_end])
    if meta.issuer is None:
        meta.issuer = _infer_issuer(text, meta)
        if meta.issuer:
            meta.inferred.append("issuer")
            warnings.append(f"không có tên cơ quan ban hành ở phần đầu: suy ra '{meta.issuer}'")
    if meta.issuer:
        meta.issuer_level = level_of_issuer(meta.issuer)  # type: ignore[assignment]
    meta.year = _year(meta.title, meta.date)
    meta.recipients, meta.signer = _closing(text)
    return meta, warnings


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
    the preamble, a numbered heading, or a long paragraph."""
    _, type_line = lines[type_idx]
    parts: list[str] = []
    word = next((w for w, _ in doc_types().by_word() if fold(type_line).startswith(w)), "")
    rest = type_line.strip()[len(word):].strip()
    if rest:
        parts.append(rest)
    for _, line in lines[type_idx + 1 : type_idx + 8]:
        s = line.strip()
        if not s:
            if parts:
                # a blank line ends the title unless the next line continues it
                continue
            continue
        if _PREAMBLE.match(s) and parts:
            break
        if parts and (len(s) > 250 or re.match(r"^(?:[IVX]+|\d+)[.)]\s", s)):
            break
        parts.append(s)
        if len(" ".join(parts)) > 300 or not _continues(s, parts):
            break
    title = " ".join(parts).strip() or None
    if title and title.isupper():
        title = title[0] + title[1:].lower()
    return title


def _continues(line: str, parts: list[str]) -> bool:
    """Whether the next line may still belong to the title."""
    return not line.rstrip().endswith((".", ":")) and len(parts) < 3 and line[-1:] != ";"


def _issuer_from_header(head: list[tuple[int, str]]) -> str | None:
    """The issuing body from the capital lines of the header's left column."""
    caps: list[str] = []
    for _, line in head:
        s = line.strip()
        if not s or _MOTTO.match(s) or NUMBER_LINE.match(s) or PLACE_DATE_LINE.match(s):
            if caps and (not s or NUMBER_LINE.match(s)):
                break
            continue
        if s.isupper() and len(s) < 90 and not s.startswith("-"):
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


_LEVEL_PLACE = re.compile(r"\b(tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thị trấn)\s+(.+)$")


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
    m = _SELF_ISSUE.search(body)
    if m:
        agency = canonical(_last_agency(m.group("agency")))
    elif meta.symbol:
        tail = meta.symbol.split("-", 1)[-1]
        expanded = canonical(tail)
        if expanded != tail:
            agency = expanded
    if not agency:
        return None
    if _has_place(agency) or not meta.place:
        return agency
    place = meta.place
    lm = re.search(r"(tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thị trấn)$", agency)
    if lm:  # "Ủy ban nhân dân quận" + "Kiến An"
        return f"{agency} {place}"
    typed = place_with_type(place) if place_level(place) == "province" else None
    if typed and fold(agency).startswith(("sở", "ủy ban nhân dân", "ban", "công an")):
        return f"{agency} {typed}"
    rows = place_units(place)
    if rows and fold(agency).startswith("ủy ban nhân dân"):
        return f"{agency} {rows[0]['type']} {place}"
    return agency


def _last_agency(span: str) -> str:
    """The last agency name that starts inside ``span`` (the one that acts)."""
    starts = [m.start() for m in _AGENCY_START_RE.finditer(span)]
    return span[starts[-1]:] if starts else span


def _year(title: str | None, date: str | None) -> int | None:
    if title:
        rng = YEAR_RANGE.search(title)
        years = [int(y) for y in YEAR.findall(title)]
        if years and not (rng and len(years) == 2):
            return years[-1]
    if date:
        return int(date[:4])
    if title:
        rng = YEAR_RANGE.search(title)
        if rng:
            return int(rng.group("a"))
    return None


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
    positions = [s for s in lines[:-1] if s.isupper() and not _SIGN_PREFIX.match(s)]
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
    m = _SELF_ISSUE.search(doc.text[:6000])
    if not m:
        return meta, ["bài báo không nêu văn bản cụ thể"]
    type_word = (m.group("type") or "").lower()
    t = _doc_type_of(type_word) if type_word and type_word != "văn bản" else None
    meta.doc_type = t if t in doc_types().metadata_types else "OTHER"  # type: ignore[assignment]
    title = m.group("title").strip(" ,")
    if title:
        meta.title = title[0].upper() + title[1:]
    agency = canonical(_last_agency(m.group("agency")))
    agency, place = _news_issuer(agency, meta.title or "", doc.text[:6000])
    meta.issuer, meta.place = agency, place
    meta.issuer_level = level_of_issuer(agency) if agency else None  # type: ignore[assignment]
    meta.year = _year(meta.title, None)
    return meta, []


def _news_issuer(agency: str, title: str, text: str) -> tuple[str, str | None]:
    """Complete a news article's issuer with its place: a trailing place name
    ("Sở ... Hà Nội"), or the unit its level word refers to in the title
    ("UBND thành phố" + "trên địa bàn thành phố Thanh Hóa")."""
    words = agency.split()
    for k in range(min(3, len(words) - 1), 0, -1):
        tail = " ".join(words[-k:])
        rows = place_units(tail)
        if rows and not re.search(r"(tỉnh|thành phố|quận|huyện|xã|phường)$",
                                  " ".join(words[:-k])):
            head = " ".join(words[:-k])
            typed = place_with_type(tail) or f"{rows[0]['type']} {tail}"
            return f"{head} {typed}", tail
    lm = re.search(r"(tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thị trấn)$", agency)
    if lm:
        pm = re.search(rf"\b{lm.group(1)}\s+((?:[A-ZĐ][^\s,.;]*\s?){{1,4}})", title + " " + text)
        if pm:
            place = pm.group(1).strip()
            if place_units(place):
                return f"{agency} {place}", place
    return agency, None
