"""Portal-copy repair: the text of a web copy as the document itself printed it.

Copies of administrative documents on legal portals, provincial portals and
news sites break in a few recurring ways (``models/portal_shapes.yaml``, one
entry per shape):

* page furniture around and inside the text: subscription and member notices,
  tab lists ("Thuộc tính / Nội dung / VB gốc ..."), view counters, datelines,
  share buttons, weather bars: dropped, line by line;
* the portal's metadata table before the header ("| Số hiệu | 916/KH-UBND |"):
  read as *hints* (number, date, type, issuer, signer) and dropped;
* the ND30 header table flattened with pipes ("ỦY BAN NHÂN DÂN | CỘNG HÒA ...
  |", a lone "|" line between cells, a cell's words broken over lines: "ỦY" /
  "BAN NHÂN DÂN"): in the header zone the pipes become line breaks and a lone
  first word is rejoined to its line;
* literal ``\\r\\n`` sequences: line breaks.

One pass, one offset map (what is kept is copied, so every span still quotes
the source). Words are never corrected: glued or damaged words stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..language.lexicons import fold, portal_shapes
from ..language.vietnamese import LOWER, UPPER, fold_tones
from .offsets import OffsetMap, TextBuilder

_LITERAL_BREAK = re.compile(r"(?:\\r)?\\n|\\r")
_PIPE = re.compile(r"\s*\|\s*")
# a cell broken after its first word: "ỦY" / "BAN NHÂN DÂN", "CỘNG" / "HÒA XÃ HỘI",
# "Bắc" / "Ninh, ngày ..."
_LONE_WORD = re.compile(r"^[^\W\d_]{1,6}$")
# the portal's own heading above the copy: "Kế hoạch 916/KH-UBND năm 2021 triển khai ..."
_PORTAL_HEADING = re.compile(r"^(?:Kế hoạch|Quyết định|Công văn|Chỉ thị|Nghị quyết|Thông báo|"
                             r"Chương trình|Văn bản khác|Hướng dẫn)\s+(?:số\s+)?\d+[^\s]*\s+\S")
_HEADER_TITLE = re.compile(r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|CÔNG VĂN|THÔNG BÁO|NGHỊ QUYẾT|"
                           r"CHƯƠNG TRÌNH|BÁO CÁO|HƯỚNG DẪN)\b")


_LONGEST_CHROME = 200  # characters: page furniture lines are shorter


@dataclass
class Repaired:
    text: str
    map: OffsetMap  # repaired text -> input text
    hints: dict[str, str] = field(default_factory=dict)  # from a portal metadata table
    shapes: list[str] = field(default_factory=list)  # which repairs were made


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _header_zone(text: str, lines: list[tuple[int, int]], kept: list[int]) -> set[int]:
    """Indices of the kept lines that form the header zone (where pipes are layout)."""
    shapes = portal_shapes()
    zone: set[int] = set()
    seen_number = False
    for i in kept[: shapes.header_zone_lines]:
        line = text[lines[i][0]:lines[i][1]].strip().lstrip("|").strip()
        key = fold(line)
        if key.startswith(shapes.header_zone_end) and not key.startswith("số"):
            break
        zone.add(i)
        if "số:" in key or key.startswith("số "):
            seen_number = True
        if seen_number and _HEADER_TITLE.match(line):
            break
    return zone


def _table_row(line: str, in_table: bool) -> dict[str, str] | None:
    """A portal metadata row, its hints ("other" for a field kept by no hint), or
    None when the line does not open with a table label. Rows come as cells
    ("Số hiệu: | 30/KH-UBND | Người ký: | Lê Hồng Sơn |"), as labels with colons on
    one line ("Nơi ban hành: Tỉnh Nghệ An Người ký: Bùi Đình Long") or, inside a
    table already begun, as a label and its value ("Người ký Nguyễn Thị Thanh Lịch")."""
    shapes = portal_shapes()
    s = " ".join(_PIPE.sub(" | ", line).split()).strip("| ")
    key = fold_tones(s.lower())
    if len(key) != len(s):
        return None
    found = []
    for m in shapes.label_at.finditer(key):
        if not found and m.start() != 0:
            return None
        if found and not (m.group("colon") or key[:m.start()].rstrip().endswith("|")):
            continue  # a label's word inside a value
        found.append(m)
    if not found:
        return None
    first = found[0]
    if not (first.group("colon") or "|" in line or in_table
            or shapes.table_labels[first.group("label")] != "other"):
        return None
    hints: dict[str, str] = {}
    for m, nxt in zip(found, [*found[1:], None]):
        value = s[m.end(): nxt.start() if nxt else len(s)].strip(" |:")
        if value:
            hints.setdefault(shapes.table_labels[m.group("label")], value)
    return hints


def repair(text: str) -> Repaired:
    """The repaired text of a web copy (unchanged, identity map, if none applies)."""
    shapes_seen: list[str] = []
    map1: OffsetMap | None = None
    if "\\n" in text or "\\r" in text:
        # literal escapes first, through a builder of their own
        b = TextBuilder(text)
        pos = 0
        for m in _LITERAL_BREAK.finditer(text):
            b.copy(pos, m.start())
            b.emit("\n", m.start(), m.end())
            pos = m.end()
        b.copy(pos, len(text))
        text, map1 = b.build()
        shapes_seen.append("literal-crlf")
    shapes = portal_shapes()
    lines = _lines(text)
    hints: dict[str, str] = {}
    # pass 1: which lines are furniture
    kept: list[int] = []
    seen_header = False  # an ND30 header line has been seen (capitals, "Số:")
    value_of: str | None = None  # the previous line was a metadata label alone
    in_table = False  # the previous line was a row of the portal's metadata table
    for i, (a, c) in enumerate(lines):
        stripped = text[a:c].strip()
        if not stripped or (len(stripped) > _LONGEST_CHROME and (seen_header or i >= 80)):
            kept.append(i)  # body paragraphs: no furniture is this long
            continue
        key = fold(stripped)
        label = shapes.table_labels.get(key.strip("|: "))
        if not seen_header and label is not None:
            value_of = label
            shapes_seen.append("portal-metadata-table")
            continue
        row = _table_row(stripped, value_of is not None or in_table) \
            if not seen_header and i < 80 else None
        if value_of is not None and row is None:
            if value_of != "other":
                hints.setdefault(value_of, stripped)
            value_of = None
            continue
        value_of = None
        if row is not None:
            for k, v in row.items():
                if k != "other":
                    hints.setdefault(k, v)
            shapes_seen.append("portal-metadata-table")
            in_table = True
            continue
        in_table = False
        if shapes.chrome.fullmatch(key):
            shapes_seen.append("portal-chrome")
            continue
        if not seen_header and i < 80:
            if shapes.before_header is not None and shapes.before_header.fullmatch(key):
                shapes_seen.append("portal-related-documents")
                continue
            if _PORTAL_HEADING.match(stripped):
                hints.setdefault("heading", stripped)
                shapes_seen.append("portal-heading")
                continue
            if "số:" in key or (stripped.isupper() and len(stripped) > 8):
                seen_header = True
        kept.append(i)
    while kept and not text[lines[kept[0]][0]:lines[kept[0]][1]].strip():
        kept.pop(0)
    zone = _header_zone(text, lines, [i for i in kept if text[lines[i][0]:lines[i][1]].strip()])
    if len(kept) == len(lines) and not any("|" in text[lines[i][0]:lines[i][1]] for i in zone) \
            and not _has_lone_word(text, lines, zone):
        if map1 is None:
            return Repaired(text, OffsetMap.identity(len(text)))
        return Repaired(text, map1, {}, shapes_seen)
    # pass 2: the kept lines; in the header zone, cells on lines of their own
    b = TextBuilder(text)
    first = True
    pending_join = False  # the previous piece was a lone first word of a cell
    prev_word = ""
    for i in kept:
        a, c = lines[i]
        raw = text[a:c]
        stripped = raw.strip()
        if i not in zone:
            _emit_line(b, text, a, c, first, False)
            first, pending_join = False, False
            continue
        if not stripped:
            continue  # blank lines inside the header zone carry no layout
        pieces = [p for p in _PIPE.split(stripped) if p] if "|" in stripped else [stripped]
        if "|" in stripped:
            shapes_seen.append("pipe-table-header")
        offset = a
        for piece in pieces:
            for start, end in _header_parts(text, text.index(piece, offset, c), piece):
                join = (pending_join and _continues_cell(prev_word, text[start:end])) or any(
                    fold(prev_word) == a and fold(text[start:end]).startswith(b)
                    for a, b in shapes.header_splits)
                if join:
                    shapes_seen.append("cell-broken-header")
                _emit_line(b, text, start, end, first, join)
                first = False
                prev_word = text[start:end]
                pending_join = bool(_LONE_WORD.match(prev_word))
            offset = text.index(piece, offset, c) + len(piece)
    text2, map2 = b.build()
    mapping = map2.compose(map1) if map1 is not None else map2
    return Repaired(text2, mapping, hints, sorted(set(shapes_seen)))


# two header lines glued into one cell: "ỦY BAN NHÂN DÂN Số: 30/KH-UBND",
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Hà Nội, ngày 12 tháng 02 năm 2020"
_GLUED = re.compile(rf"(?<=\S) (?=Số\s*:|Độc lập\s*-|(?:[{UPPER}][{LOWER}]*(?:\s|\s?-\s?)){{0,3}}"
                    rf"[{UPPER}][{LOWER}]*,\s*ngày\b)")


def _header_parts(text: str, start: int, piece: str) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _GLUED.finditer(piece):
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, start + len(piece)))
    return [(a, b) for a, b in out if b > a]


_PLACE_LINE_START = re.compile(rf"[{UPPER}][{LOWER}]*\b.*,\s*ngày\b")


def _continues_cell(word: str, line: str) -> bool:
    """A cell broken after its first word: "ỦY" + "BAN NHÂN DÂN", "CỘNG" + "HÒA XÃ
    HỘI ...", "Bắc" + "Ninh, ngày 31 tháng 12 năm 2021"."""
    if word.isupper():
        return line[:1].isupper() and line.split()[0].isupper()
    return word[:1].isupper() and bool(_PLACE_LINE_START.match(line))


def _has_lone_word(text: str, lines: list[tuple[int, int]], zone: set[int]) -> bool:
    return any(_LONE_WORD.match(text[lines[i][0]:lines[i][1]].strip()) for i in zone)


def _emit_line(b: TextBuilder, text: str, start: int, end: int, first: bool,
               join: bool) -> None:
    if not first:
        b.emit(" " if join else "\n", start, start)
    b.copy(start, end)
