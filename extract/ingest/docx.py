"""DOCX backend (python-docx to open the package, lxml to walk the body).

Reads the body in document order *including tables* (the ND30 header is a
two-column table holding issuer, số/ký hiệu, place and date, which
``Document.paragraphs`` skips), nested tables and content controls. For each
paragraph it renders the automatic numbering label Word would show ("1.",
"a)", "II.", "-") from ``numbering.xml``, and records style hints: heading
style or outline level, bold (whole paragraph or a leading bold run), italic,
centered.

Layout of the output text: paragraphs separated by a blank line; inside one
table cell, paragraphs separated by a single newline; a manual line break is
a newline. Refuses packages whose uncompressed size is absurd (zip bombs).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import IngestError
from .document import Extracted, RawBlock
from .offsets import TextBuilder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, whole package
_MAX_RATIO = 200  # uncompressed / compressed, whole package
_PAGES = re.compile(rb"<Pages>(\d+)</Pages>")  # docProps/app.xml page count


def check_zip(path: Path, data: bytes) -> int | None:
    """Refuse what is not a sane DOCX package; return the page count it states."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            app = zf.read("docProps/app.xml") if "docProps/app.xml" in zf.namelist() else b""
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise IngestError(path, "corrupt", f"không phải gói DOCX/ZIP: {err}") from err
    total = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if total > _MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > _MAX_RATIO):
        raise IngestError(path, "zip_bomb",
                          f"giải nén {total // (1024 * 1024)} MB từ {len(data) // 1024} kB")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        if "EncryptedPackage" in names or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise IngestError(path, "encrypted")
        raise IngestError(path, "corrupt", "thiếu word/document.xml")
    pages = _PAGES.search(app[:20000])
    return int(pages.group(1)) if pages else None


def read(path: Path, data: bytes) -> Extracted:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # an OLE container with a .docx name: an encrypted DOCX (or a .doc)
        raise IngestError(path, "encrypted", "tệp OLE: DOCX có mật khẩu hoặc tệp .doc")
    pages = check_zip(path, data)
    import docx  # heavy import, only when a DOCX is read
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise IngestError(path, "corrupt", f"python-docx: {err}") from err
    except Exception as err:  # lxml XMLSyntaxError and friends
        raise IngestError(path, "corrupt", f"{type(err).__name__}: {err}") from err
    walker = _Walker(document)
    walker.walk(document.element.body)
    text, _ = walker.builder.build()
    return Extracted(text, walker.blocks, "docx", pages=pages)


class _Styles:
    """Paragraph style facts needed for structure: heading level, bold, numbering."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        try:
            root = document.styles.element
        except Exception:  # a package without styles.xml
            return
        for st in root.iter(f"{W}style"):
            sid = st.get(f"{W}styleId")
            if sid:
                self.by_id[sid] = st

    def chain(self, sid: str | None) -> list[Any]:
        out = []
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            out.append(st)
            based = st.find(f"{W}basedOn")
            sid = based.get(f"{W}val") if based is not None else None
        return out

    def heading_level(self, sid: str | None) -> int | None:
        for st in self.chain(sid):
            name = st.find(f"{W}name")
            val = (name.get(f"{W}val") if name is not None else "") or ""
            low = val.lower()
            if low.startswith("heading ") and low[8:].strip().isdigit():
                return int(low[8:].strip())
            if low == "title":
                return 0
            ol = st.find(f"{W}pPr/{W}outlineLvl")
            if ol is not None and (ol.get(f"{W}val") or "").isdigit():
                return int(ol.get(f"{W}val")) + 1
        return None

    def bold(self, sid: str | None) -> bool:
        for st in self.chain(sid):
            b = st.find(f"{W}rPr/{W}b")
            if b is not None:
                return _on(b)
        return False

    def num_pr(self, sid: str | None) -> tuple[str, int] | None:
        for st in self.chain(sid):
            np_ = st.find(f"{W}pPr/{W}numPr")
            if np_ is not None:
                num = np_.find(f"{W}numId")
                lvl = np_.find(f"{W}ilvl")
                if num is not None:
                    return num.get(f"{W}val") or "", int(
                        lvl.get(f"{W}val") if lvl is not None else 0)
        return None


def _on(el: Any) -> bool:
    return (el.get(f"{W}val") or "true").lower() not in ("false", "0", "off", "none")


class _Numbering:
    """Renders Word automatic numbering labels ("1.", "a)", "II.", "-")."""

    def __init__(self, document: Any) -> None:
        self.num_to_abs: dict[str, str] = {}
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for ab in root.iter(f"{W}abstractNum"):
            aid = ab.get(f"{W}abstractNumId") or ""
            for lvl in ab.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl") or 0)
                fmt = lvl.find(f"{W}numFmt")
                txt = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                self.levels[(aid, ilvl)] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    txt.get(f"{W}val") if txt is not None else "",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )
        for num in root.iter(f"{W}num"):
            nid = num.get(f"{W}numId") or ""
            ab = num.find(f"{W}abstractNumId")
            if ab is not None:
                self.num_to_abs[nid] = ab.get(f"{W}val") or ""
            for ov in num.iter(f"{W}lvlOverride"):
                so = ov.find(f"{W}startOverride")
                if so is not None:
                    self.overrides[(nid, int(ov.get(f"{W}ilvl") or 0))] = int(
                        so.get(f"{W}val"))

    def label(self, num_id: str, ilvl: int) -> str:
        aid = self.num_to_abs.get(num_id)
        if aid is None or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
        for lower in range(ilvl + 1, 9):
            counters[lower] = 0
        if counters[ilvl] == 0:
            fmt, _, start = self.levels.get((aid, ilvl), ("decimal", "", 1))
            counters[ilvl] = self.overrides.get((num_id, ilvl), start)
        else:
            counters[ilvl] += 1
        fmt, text, _ = self.levels.get((aid, ilvl), ("decimal", f"%{ilvl + 1}.", 1))
        if fmt == "bullet":
            return _bullet(text)
        if fmt == "none":
            return text if "%" not in text else ""
        out = text
        for k in range(ilvl + 1):
            kfmt = self.levels.get((aid, k), ("decimal", "", 1))[0]
            value = counters[k] or self.levels.get((aid, k), ("", "", 1))[2]
            out = out.replace(f"%{k + 1}", _format_number(value, kfmt))
        return out


def _bullet(symbol: str) -> str:
    # Symbol-font bullets arrive as private-use characters: show them as "-"
    if not symbol or any("\uf000" <= c <= "\uf8ff" for c in symbol):
        return "-"
    return {"•": "-", "": "-", "o": "-", "▪": "-", "–": "-"}.get(symbol, symbol)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                       (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


class _Walker:
    def __init__(self, document: Any) -> None:
        self.styles = _Styles(document)
        self.numbering = _Numbering(document)
        self.builder = TextBuilder("")
        self.blocks: list[RawBlock] = []
        self.table_index = 0

    # the builder has no source text: every piece is "emitted" at its own offset
    def _append(self, piece: str) -> None:
        n = len(self.builder)
        self.builder.emit(piece, n, n + len(piece))

    def _sep(self, sep: str) -> None:
        if len(self.builder):
            self._append(sep)

    def walk(self, parent: Any, cell: dict[str, int] | None = None) -> None:
        first = True
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                if self._paragraph(child, cell, "\n" if (cell and not first) else "\n\n"):
                    first = False
            elif tag == f"{W}tbl":
                self._table(child)
                first = False
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent")
                self.walk(content if content is not None else child, cell)

    def _table(self, tbl: Any) -> None:
        index = self.table_index
        self.table_index += 1
        for r, tr in enumerate(tbl.iterchildren(f"{W}tr")):
            for c, tc in enumerate(tr.iterchildren(f"{W}tc")):
                self.walk(tc, {"table": index, "row": r, "col": c})

    def _paragraph(self, p: Any, cell: dict[str, int] | None, sep: str) -> bool:
        ppr = p.find(f"{W}pPr")
        sid = None
        num: tuple[str, int] | None = None
        centered = False
        outline: int | None = None
        if ppr is not None:
            ps = ppr.find(f"{W}pStyle")
            sid = ps.get(f"{W}val") if ps is not None else None
            np_ = ppr.find(f"{W}numPr")
            if np_ is not None:
                nid = np_.find(f"{W}numId")
                lvl = np_.find(f"{W}ilvl")
                if nid is not None:
                    num = (nid.get(f"{W}val") or "",
                           int(lvl.get(f"{W}val") if lvl is not None else 0))
            jc = ppr.find(f"{W}jc")
            centered = jc is not None and jc.get(f"{W}val") in ("center", "centre")
            ol = ppr.find(f"{W}outlineLvl")
            if ol is not None and (ol.get(f"{W}val") or "").isdigit():
                outline = int(ol.get(f"{W}val")) + 1
        if num is None:
            num = self.styles.num_pr(sid)
        style_bold = self.styles.bold(sid)
        pieces: list[tuple[str, bool, bool]] = []  # text, bold, italic
        for r in p.iter(f"{W}r"):
            rpr = r.find(f"{W}rPr")
            bold = style_bold
            italic = False
            if rpr is not None:
                b = rpr.find(f"{W}b")
                if b is not None:
                    bold = _on(b)
                i = rpr.find(f"{W}i")
                italic = i is not None and _on(i)
            for el in r:
                t = el.tag
                if t == f"{W}t":
                    if el.text:
                        pieces.append((el.text, bold, italic))
                elif t == f"{W}tab":
                    pieces.append(("\t", bold, italic))
                elif t in (f"{W}br", f"{W}cr"):
                    pieces.append(("\n", bold, italic))
                elif t == f"{W}noBreakHyphen":
                    pieces.append(("-", bold, italic))
        body = "".join(x[0] for x in pieces)
        if not body.strip():
            return False
        label = self.numbering.label(*num) if num else ""
        self._sep(sep)
        start = len(self.builder)
        if label:
            self._append(label + " ")
        bold_until: int | None = None
        visible = [x for x in pieces if x[0].strip()]
        all_bold = all(x[1] for x in visible)
        all_italic = all(x[2] for x in visible)
        pos = len(self.builder)
        if not all_bold and visible and visible[0][1]:
            for piece, bold, _ in pieces:
                if piece.strip() and not bold:
                    bold_until = pos
                    break
                pos += len(piece)
        self._append(body)
        level = self.styles.heading_level(sid)
        if outline is not None and level is None:
            level = outline
        style: dict[str, Any] = {}
        if all_bold:
            style["bold"] = True
        if all_italic:
            style["italic"] = True
        if centered:
            style["centered"] = True
        if label:
            style["numbering"] = label
        if level is not None:
            style["heading_level"] = level
        if cell:
            style.update(cell)
        kind = "paragraph"
        if cell:
            kind = "table_cell"
        elif level is not None or (all_bold and len(body) <= 250):
            kind = "heading"
        elif label:
            kind = "list_item"
        self.blocks.append(
            RawBlock(start, len(self.builder), kind, style=style, bold_until=bold_until)
        )
        return True
