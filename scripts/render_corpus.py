"""Render each TXT seed of corpus/raw into a realistic DOCX and PDF, and make the
real-life oddities of corpus/oddities/. Outputs are checked in; rerun with
``make render-corpus`` after changing a seed (never hand-edit the outputs).

DOCX (python-docx): the ND30 header as a borderless two-column table
(issuer | motto, số | place and date), bold headings, "- " items and "a)" items
as Word automatic numbering, the signature block as a two-column table.
PDF (reportlab platypus, DejaVu Serif for the Vietnamese glyphs): the same
layout, A4, justified paragraphs with a first-line indent, page numbers at the
top of pages 2+ as ND30 prescribes, and paragraphs that run across pages.

Oddities: a TCVN3-encoded TXT copy, a VNI-typed DOCX, a DOCX with a page break
inside a sentence, and a "scanned" PDF with no text layer.

The parsing here is deliberately separate from ``extract``: it reads the seed
the way a typist would, so the round-trip tests compare two independent paths.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"
ODD = ROOT / "corpus" / "oddities"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

_MOTTO = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập)")
_NUMBER = re.compile(r"^Số\s*:")
_PLACE_DATE = re.compile(r"^[^\d,]{2,40}, ngày\b")
_TITLE = re.compile(r"^(KẾ HOẠCH|QUYẾT ĐỊNH|CÔNG VĂN|BÁO CÁO|CHƯƠNG TRÌNH)\b")
_SIGN_START = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.|CHỦ TỊCH|GIÁM ĐỐC)")
_LETTER_ITEM = re.compile(r"^([a-zđ])\)\s+(.*)$", re.S)


@dataclass
class Para:
    lines: list[str]
    bold: bool = False
    bold_prefix: str = ""  # "**1 Mục đích.** Tạo sự": the bold lead
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def parse_seed(text: str) -> list[Para]:
    """Split a seed into paragraphs (blank-line separated), reading its markup."""
    paras: list[Para] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        raw_lines = [ln.rstrip() for ln in chunk.split("\n") if ln.strip()]
        if not raw_lines:
            continue
        joined = "\n".join(raw_lines)
        bold_prefix = ""
        m = re.match(r"^\*\*(.+?)\*\*(\s+\S.*)$", joined, re.S)
        if m and "**" not in m.group(2):
            bold_prefix = m.group(1)
        whole_bold = joined.startswith("**") and joined.endswith("**") and not bold_prefix
        lines = [re.sub(r"^#+\s*", "", ln.replace("**", "")).strip() for ln in raw_lines]
        paras.append(Para(lines, bold=whole_bold or raw_lines[0].startswith("#"),
                          bold_prefix=bold_prefix))
    return paras


def split_header(paras: list[Para]) -> tuple[dict[str, list[str]], list[Para]]:
    """Cells of the ND30 header (issuer, motto, number, date) and the rest."""
    cells: dict[str, list[str]] = {"issuer": [], "motto": [], "number": [], "date": []}
    for i, p in enumerate(paras):
        if _TITLE.match(p.lines[0]):
            if not any(cells.values()):
                return cells, paras
            return cells, paras[i:]
        for ln in p.lines:
            if _MOTTO.match(ln):
                cells["motto"].append(ln)
            elif _NUMBER.match(ln):
                cells["number"].append(ln)
            elif _PLACE_DATE.match(ln):
                cells["date"].append(ln)
            elif ln.isupper() and len(ln) < 80:
                cells["issuer"].append(ln)
            else:
                return {k: [] for k in cells}, paras
        if i > 6:
            break
    return {k: [] for k in cells}, paras


def split_signature(paras: list[Para]) -> tuple[list[Para], list[str], list[str]]:
    """Body, the "Nơi nhận" lines and the signature lines (if at the end)."""
    for i, p in enumerate(paras):
        if p.lines[0].startswith("Nơi nhận"):
            recipients: list[str] = []
            signature: list[str] = []
            for q in paras[i:]:
                for ln in q.lines:
                    if signature or _SIGN_START.match(ln):
                        signature.append(ln)
                    else:
                        recipients.append(ln)
            return paras[:i], recipients, signature
    return paras, [], []


# ---------------------------------------------------------------- DOCX --------
def render_docx(paras: list[Para], out: Path, *, vni: bool = False,
                page_break_in: str | None = None) -> None:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    sec = document.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "VNI-Times" if vni else "Times New Roman"
    normal.font.size = Pt(13)
    numbering = _Numbering(document)
    conv = _to_vni if vni else (lambda s: s)

    header, body = split_header(paras)
    body, recipients, signature = split_signature(body)
    if any(header.values()):
        rows = []
        if header["issuer"] or header["motto"]:
            rows.append((header["issuer"], header["motto"]))
        rows.append((header["number"], header["date"]))
        table = document.add_table(rows=len(rows), cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, (left, right) in enumerate(rows):
            for c, lines in enumerate((left, right)):
                cell = table.cell(r, c)
                cell.paragraphs[0].text = ""
                for k, ln in enumerate(lines):
                    par = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run = par.add_run(conv(ln))
                    run.bold = not ln.startswith(("Số", "Độc lập")) and not _PLACE_DATE.match(ln)
                    run.italic = bool(_PLACE_DATE.match(ln))
    letter_num: str | None = None
    for p in body:
        par = document.add_paragraph()
        first = p.lines[0]
        item = _LETTER_ITEM.match(p.text)
        if first.startswith("- ") and not p.bold and len(p.lines) == 1:
            numbering.apply(par, numbering.bullet_id, 0)
            text = first[2:]
        elif item and not p.bold_prefix:
            letter = item.group(1)
            if letter == "a" or letter_num is None:
                letter_num = numbering.new_letter_list(ord(letter) - ord("a") + 1)
            numbering.apply(par, letter_num, 0)
            text = item.group(2)
        else:
            text = p.text
            if not p.bold:
                par.paragraph_format.first_line_indent = Cm(1.0)
        par.alignment = (WD_ALIGN_PARAGRAPH.CENTER if p.bold and _TITLE.match(first)
                         else WD_ALIGN_PARAGRAPH.JUSTIFY)
        if p.bold_prefix:
            par.add_run(conv(p.bold_prefix)).bold = True
            text = text[len(p.bold_prefix):]
        pieces = text.split("\n")
        for k, piece in enumerate(pieces):
            if page_break_in and page_break_in in piece:
                a, z = piece.split(page_break_in, 1)
                run = par.add_run(conv(a + page_break_in.rstrip()))
                run.add_break(docx.enum.text.WD_BREAK.PAGE)
                run = par.add_run(conv(z.lstrip()))
            else:
                run = par.add_run(conv(piece))
            run.bold = p.bold
            if k < len(pieces) - 1:
                run.add_break()
    if recipients or signature:
        table = document.add_table(rows=1, cols=2)
        for c, lines in enumerate((recipients, signature)):
            cell = table.cell(0, c)
            for k, ln in enumerate(lines):
                par = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                run = par.add_run(conv(ln))
                if c == 1:
                    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run.bold = True
                elif k == 0:
                    run.bold = True
                    run.italic = True
    for tbl in document.tables:  # borderless, as official headers are
        borders = tbl._tbl.tblPr.find(qn("w:tblBorders"))
        if borders is not None:
            tbl._tbl.tblPr.remove(borders)
    document.core_properties.title = paras[0].lines[0][:80] if paras else ""
    document.save(out)


class _Numbering:
    """Adds a "-" bullet list and restartable "a)" lists to numbering.xml."""

    def __init__(self, document) -> None:  # type: ignore[no-untyped-def]
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        self.parse_xml, self.nsdecls = parse_xml, nsdecls
        self.part = document.part.numbering_part
        self.root = self.part.element
        self.next_abs = 900
        self.next_num = 900
        bullet_abs = self._abstract("bullet", "-")
        self.letter_abs = self._abstract("lowerLetter", "%1)")
        self.bullet_id = self._num(bullet_abs)

    def _abstract(self, fmt: str, text: str) -> int:
        aid = self.next_abs
        self.next_abs += 1
        el = self.parse_xml(
            f'<w:abstractNum {self.nsdecls("w")} w:abstractNumId="{aid}">'
            f'<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:suff w:val="space"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl></w:abstractNum>'
        )
        first_num = self.root.find(el.tag.replace("abstractNum", "num"))
        if first_num is not None:
            first_num.addprevious(el)
        else:
            self.root.append(el)
        return aid

    def _num(self, aid: int, start: int | None = None) -> str:
        nid = self.next_num
        self.next_num += 1
        override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/>'
                    f"</w:lvlOverride>" if start else "")
        self.root.append(self.parse_xml(
            f'<w:num {self.nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
            f"{override}</w:num>"))
        return str(nid)

    def new_letter_list(self, start: int) -> str:
        return self._num(self.letter_abs, start)

    def apply(self, par, num_id: str, ilvl: int) -> None:  # type: ignore[no-untyped-def]
        ppr = par._p.get_or_add_pPr()
        ppr.append(self.parse_xml(
            f'<w:numPr {self.nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'))


def _to_vni(text: str) -> str:
    import csv

    table = getattr(_to_vni, "_table", None)
    if table is None:
        with (ROOT / "models" / "legacy_encodings" / "vni.csv").open(encoding="utf-8") as fh:
            table = {r["unicode"]: r["legacy"] for r in csv.DictReader(fh)}
        _to_vni._table = table  # type: ignore[attr-defined]
    return "".join(table.get(c, c) for c in text)


# ----------------------------------------------------------------- PDF --------
def render_pdf(paras: list[Para], out: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    for name, file in (("Serif", "DejaVuSerif.ttf"), ("Serif-Bold", "DejaVuSerif-Bold.ttf"),
                       ("Serif-Italic", "DejaVuSerif-Italic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-Bold",
                                  italic="Serif-Italic", boldItalic="Serif-Bold")
    base = ParagraphStyle("base", fontName="Serif", fontSize=12, leading=15,
                          alignment=TA_JUSTIFY, firstLineIndent=1.0 * cm, spaceAfter=6)
    bold = ParagraphStyle("bold", parent=base, fontName="Serif-Bold", firstLineIndent=0)
    title = ParagraphStyle("title", parent=bold, alignment=TA_CENTER)
    cell = ParagraphStyle("cell", parent=base, alignment=TA_CENTER, firstLineIndent=0,
                          spaceAfter=0, fontSize=10, leading=13)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName="Serif-Bold")
    left_cell = ParagraphStyle("lcell", parent=cell, alignment=0)

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story = []
    header, body = split_header(paras)
    body, recipients, signature = split_signature(body)
    if any(header.values()):
        def cell_paras(lines: list[str]) -> list[object]:
            return [Paragraph(esc(ln), cell if ln.startswith(("Số", "Độc lập")) or
                              _PLACE_DATE.match(ln) else cell_bold) for ln in lines]
        rows = []
        if header["issuer"] or header["motto"]:
            rows.append([cell_paras(header["issuer"]), cell_paras(header["motto"])])
        rows.append([cell_paras(header["number"]), cell_paras(header["date"])])
        t = Table(rows, colWidths=[6.5 * cm, 9.5 * cm])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
        story += [t, Spacer(1, 12)]
    for p in body:
        first = p.lines[0]
        text = "<br/>".join(esc(ln) for ln in p.lines)
        if p.bold_prefix:
            rest = esc(p.text[len(p.bold_prefix):]).replace("\n", "<br/>")
            story.append(Paragraph(f"<b>{esc(p.bold_prefix)}</b>{rest}", base))
        elif p.bold:
            story.append(Paragraph(text, title if _TITLE.match(first) else bold))
        else:
            story.append(Paragraph(text, base))
    if recipients or signature:
        left = [Paragraph(f"<b><i>{esc(ln)}</i></b>" if k == 0 else esc(ln), left_cell)
                for k, ln in enumerate(recipients)]
        right = [Paragraph(esc(ln), cell_bold) for ln in signature]
        if len(right) > 1:  # room for the signature above the name
            right.insert(len(right) - 1, Spacer(1, 50))
        t = Table([[left, right]], colWidths=[8 * cm, 8 * cm])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TEXTCOLOR", (0, 0), (-1, -1), colors.black)]))
        story += [Spacer(1, 12), t]

    def page_number(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Serif", 11)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, str(doc.page))

    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, title=out.stem,
                            invariant=1)
    doc.build(story, onLaterPages=page_number)


def render_scanned_pdf(out: Path) -> None:
    """A PDF that looks like a scan: shapes where text would be, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    for page in range(2):
        y = A4[1] - 80
        while y > 80:
            width = 380 if (int(y) // 17) % 6 else 250
            c.setFillGray(0.25)
            c.rect(85, y, width, 7, stroke=0, fill=1)
            y -= 17
        c.showPage()
        del page
    c.save()


def _tcvn3_bytes(text: str) -> bytes:
    import csv

    with (ROOT / "models" / "legacy_encodings" / "tcvn3.csv").open(encoding="utf-8") as fh:
        table = {r["unicode"]: int(r["byte"], 16) for r in csv.DictReader(fh)}
    out = bytearray()
    for ch in text:
        if ch in table:
            out.append(table[ch])
        else:
            # TCVN3 has no capitals with tones: typists used the .VnTimeH font,
            # i.e. the lowercase code shown in capitals
            low = ch.lower()
            out += bytes([table[low]]) if low in table else ch.encode("cp1252", "replace")
    return bytes(out)


def main() -> None:
    ODD.mkdir(parents=True, exist_ok=True)
    seeds = sorted(RAW.glob("*.txt"))
    for seed in seeds:
        paras = parse_seed(seed.read_text(encoding="utf-8"))
        render_docx(copy.deepcopy(paras), seed.with_suffix(".docx"))
        render_pdf(copy.deepcopy(paras), seed.with_suffix(".pdf"))
        print("rendered", seed.stem)
    small = RAW / "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam.txt"
    text = small.read_text(encoding="utf-8")
    (ODD / f"{small.stem}-tcvn3.txt").write_bytes(_tcvn3_bytes(text.replace("**", "")))
    paras = parse_seed(text)
    render_docx(copy.deepcopy(paras), ODD / f"{small.stem}-vni.docx", vni=True)
    render_docx(copy.deepcopy(paras), ODD / f"{small.stem}-ngat-trang.docx",
                page_break_in="tuyên truyền, truyền thông, phổ biến ")
    render_scanned_pdf(ODD / "ban-quet-khong-co-lop-van-ban.pdf")
    print("oddities in", ODD.relative_to(ROOT))


if __name__ == "__main__":
    main()
