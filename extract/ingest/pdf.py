"""PDF backend (text layer): positioned text runs -> reading-order paragraphs.

Engine: **pypdfium2** by default. PDFium returns each page's text as *runs*
(``count_rects``/``get_rect``/``get_text_bounded``: a run ends at a line end or
at a wide horizontal gap), which is all the layout needs, at ~70x the speed of
pdfplumber's per-character objects. ``engine="pdfplumber"`` feeds the same
layout with pdfplumber's words (character positions), for difficult files and
as an independent check in the tests.

Layout, per page, in order:

1. runs -> lines (vertical overlap), sorted top to bottom, left to right;
2. page furniture removed: page numbers and lines repeated at the same place on
   most pages (running headers/footers), in the top/bottom margin only;
3. two-column bands (the ND30 header: issuer | motto, số | place-date; the
   signature block: Nơi nhận | TM. ...) are read cell by cell: the band is cut
   into rows at vertical gaps both columns share, and each row is read left
   column first, so the two columns are never interleaved;
4. lines -> paragraphs: a new paragraph starts after a wide vertical gap, at an
   indented first line, at a list or heading marker, or after a short line that
   ends a sentence; otherwise the line continues the paragraph (joined with a
   space). A paragraph left open at the end of a page continues on the next one.

A page without a usable text layer (almost no characters, or a layer of
private-use glyphs, "(cid:N)" codes and replacement characters from a broken
font map) is rendered and read by OCR (:mod:`.ocr`), page by page, so a mixed
PDF keeps the text layer of its other pages. A legacy TCVN3/VNI layer is kept:
the ingestion's repair converts it as for a TXT file. A PDF where neither gives
text is an ``no_text_layer`` error (``converter_missing`` when OCR would be
needed and Tesseract is not installed).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError
from . import ocr
from .ocr_labels import repair_labels
from .ocr_words import repair_words
from .document import Extracted, RawBlock
from .ocr import LOW_CONFIDENCE

# a page number alone: "2", "- 2 -", "Trang 2", "2/5"
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$",
                          re.IGNORECASE)
# a line that opens a list item or a numbered heading: "- ", "+ ", "1.", "a)", "II."
_BLOCK_START = re.compile(
    r"^(?:[-+•*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s?|[a-zđ][).]\s|[IVXLC]{1,6}[.)]\s|"
    r"(?:Điều|Chương|Phần|Mục)\s+[\dIVXLC]+)"
)
_SENTENCE_END = re.compile(r"[.;:!?]\)?[\"”]?$|/\.$")
_DIGITS = re.compile(r"\d+")
_MARGIN = 0.08  # share of page height where running headers and footers live
_MIN_CHARS_PER_PAGE = 5
MAX_PAGES = 2000  # a plan is tens of pages; beyond this a PDF is refused (too_large)


@dataclass
class Item:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    bold: bool = False
    start: int = -1  # character range in the engine's page text, when known
    end: int = -1
    bold_prefix: int = 0  # characters of a leading bold run ("1 Mục đích. Tạo sự")
    conf: float | None = None  # OCR confidence of a word (0-100), None from a text layer


@dataclass
class Line:
    items: list[Item]
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    text: str = ""
    bold: bool = False
    bold_prefix: int = 0
    segments: list[tuple[float, float]] = field(default_factory=list)

    def finish(self, gap: float) -> Line:
        self.items.sort(key=lambda i: i.x0)
        self.x0 = min(i.x0 for i in self.items)
        self.x1 = max(i.x1 for i in self.items)
        self.top = min(i.top for i in self.items)
        self.bottom = max(i.bottom for i in self.items)
        parts: list[str] = []
        self.segments = []
        seg_start = self.items[0].x0
        prev: Item | None = None
        for it in self.items:
            if prev is not None:
                if it.x0 - prev.x1 > gap:
                    self.segments.append((seg_start, prev.x1))
                    seg_start = it.x0
                if not (prev.end >= 0 and prev.end == it.start):
                    parts.append(" ")  # runs that are not contiguous in the text
            parts.append(it.text)
            prev = it
        self.segments.append((seg_start, self.items[-1].x1))
        self.text = re.sub(r"\s+", " ", "".join(parts)).strip()
        self.bold = all(i.bold for i in self.items)
        self.bold_prefix = 0
        if not self.bold:
            # a leading bold run: whole bold items, then the bold start of the next
            prefix = 0
            for it in self.items:
                if it.bold:
                    prefix += len(it.text.strip()) + 1
                    continue
                prefix += it.bold_prefix
                break
            self.bold_prefix = min(prefix, len(self.text))
        return self


def read(path: Path, data: bytes, *, engine: str = "pdfium") -> Extracted:
    if engine == "pdfium":
        pages, ocr_pages, notes = _pages_pdfium(path, data)
    else:
        pages, ocr_pages, notes = _pages_pdfplumber(path, data), [], []
    if not pages:
        raise IngestError(path, "corrupt", "PDF không có trang nào")
    return layout(path, pages, "pdf", ocr_pages, notes)


def layout(path: Path, pages: list[tuple[float, float, list[Item]]], fmt: str,
           ocr_pages: list[int], notes: list[str]) -> Extracted:
    """Positioned items of each page (text-layer runs or OCR words) -> paragraphs."""
    chars = sum(len(it.text.strip()) for _, _, items in pages for it in items)
    if chars < _MIN_CHARS_PER_PAGE * len(pages):
        detail = f"{len(pages)} trang, {chars} ký tự"
        raise IngestError(path, "no_text_layer",
                          detail + (", OCR không nhận ra chữ" if ocr_pages else ""))
    if ocr_pages:
        notes = notes + _repair_ocr_labels(pages, ocr_pages)
    lines_by_page = [_lines(items, i + 1, w, h) for i, (w, h, items) in enumerate(pages)]
    _drop_furniture(lines_by_page, [h for _, h, _ in pages])
    ordered = [_reading_order(lines) for lines in lines_by_page]
    out = _paragraphs(ordered, [w for w, _, _ in pages], len(pages))
    out.format = fmt
    out.warnings.extend(notes)
    if ocr_pages:
        out.warnings.append(f"đọc bằng OCR (Tesseract) {len(ocr_pages)}/{len(pages)} trang: "
                            + _page_list(ocr_pages))
        low = [b for b in out.blocks if b.style.get("ocr_confidence", 100) < LOW_CONFIDENCE]
        if low:
            out.warnings.append(f"{len(low)} đoạn OCR có độ tin cậy thấp (dưới "
                                f"{LOW_CONFIDENCE:.0f}%), trang " + _page_list(
                                    sorted({b.page for b in low if b.page})))
    return out


def _repair_ocr_labels(pages: list[tuple[float, float, list[Item]]],
                       ocr_pages: list[int]) -> list[str]:
    """Numbering labels (:mod:`.ocr_labels`) and diacritics (:mod:`.ocr_words`)
    misread by OCR, repaired in place; a warning lists the repairs."""
    items = [it for number in ocr_pages for it in pages[number - 1][2]]
    texts, repairs = repair_labels([it.text for it in items])
    texts, words = repair_words(texts)
    for it, text in zip(items, texts):
        it.text = text
    notes = []
    if repairs:
        notes.append(f"sửa {len(repairs)} số mục OCR đọc sai theo thứ tự: " + ", ".join(repairs[:10]))
    if words:
        notes.append(f"sửa dấu {len(words)} từ OCR đọc sai theo từ điển: " + ", ".join(words[:10]))
    return notes


def _page_list(pages: list[int]) -> str:
    return ", ".join(map(str, pages[:20])) + (" ..." if len(pages) > 20 else "")


# characters a broken font map leaves in a text layer
_GARBLED = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]|\(cid:\d+\)")


def needs_ocr(items: list[Item]) -> bool:
    """A page whose text layer is (nearly) empty or mostly broken glyphs."""
    text = "".join(it.text for it in items)
    visible = len(text.strip())
    if visible < _MIN_CHARS_PER_PAGE:
        return True
    garbled = sum(len(m.group(0)) for m in _GARBLED.finditer(text))
    return garbled > 0.1 * visible


def _pages_pdfium(path: Path, data: bytes
                  ) -> tuple[list[tuple[float, float, list[Item]]], list[int], list[str]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        msg = str(err).lower()
        if "password" in msg:
            raise IngestError(path, "encrypted") from err
        raise IngestError(path, "corrupt", f"pdfium: {err}") from err
    if len(pdf) > MAX_PAGES:
        n = len(pdf)
        pdf.close()
        raise IngestError(path, "too_large", f"{n} trang > {MAX_PAGES} trang")
    out = []
    ocr_pages: list[int] = []
    notes: list[str] = []
    skipped = 0
    try:
        for number, page in enumerate(pdf, 1):
            w, h = page.get_size()
            tp = page.get_textpage()
            items = _page_items(tp, h)
            tp.close()
            if needs_ocr(items) and len(ocr_pages) >= ocr.max_pages():
                skipped += 1
            elif needs_ocr(items):
                ocr.require(path)
                image = page.render(scale=ocr.DPI / 72, grayscale=True).to_pil()
                words, note = ocr.read_image(image, ocr.DPI / 72)
                items = [Item(wd.x0, wd.top, wd.x1, wd.bottom, wd.text, conf=wd.conf)
                         for wd in words]
                ocr_pages.append(number)
                if note:
                    notes.append(f"trang {number}: {note}")
            out.append((w, h, items))
            page.close()
    finally:
        pdf.close()
    if skipped:
        notes.append(f"{skipped} trang không có lớp văn bản chưa được đọc: quá giới hạn "
                     f"{ocr.max_pages()} trang OCR (${ocr.MAX_PAGES_ENV})")
    return out, ocr_pages, notes


def _page_items(tp, height: float) -> list[Item]:  # type: ignore[no-untyped-def]
    """One item per text run of each line PDFium reports.

    PDFium's page text is in its reading order with ``\r\n`` at line ends;
    ``count_rects`` over a line's characters gives its runs (split at wide
    gaps). Each run's first character is found at the left edge of its box, so
    its text is a slice of the page text: no character of a neighbouring line
    can leak in (``get_text_bounded`` would take accents that overhang).
    """
    import pypdfium2.raw as raw

    n = tp.count_chars()
    text = tp.get_text_range(0, n)
    items: list[Item] = []
    pos = 0
    for line in text.split("\r\n"):
        a, b = pos, pos + len(line)
        pos = b + 2
        if not line.strip():
            continue
        rects = [tp.get_rect(i) for i in range(tp.count_rects(a, b - a))]
        if not rects:
            continue
        starts: list[int] = []
        for left, bottom, right, top in rects:
            idx = raw.FPDFText_GetCharIndexAtPos(tp, left + 0.5, (top + bottom) / 2, 1.0, 1.0)
            starts.append(idx)
        if len(rects) == 1 or sorted(set(starts)) != starts or not all(
            a <= i < b for i in starts
        ):
            # one run, or runs we cannot place: the line as one item
            left = min(r[0] for r in rects)
            bottom = min(r[1] for r in rects)
            right = max(r[2] for r in rects)
            top = max(r[3] for r in rects)
            rects, starts = [(left, bottom, right, top)], [a]
        starts[0] = a
        for k, (left, bottom, right, top) in enumerate(rects):
            end = starts[k + 1] if k + 1 < len(starts) else b
            piece = text[starts[k] : end]
            if not piece.strip():
                continue
            bold, prefix = _bold_run(tp, starts[k], starts[k] + len(piece.rstrip()))
            items.append(Item(left, height - top, right, height - bottom, piece, bold,
                              starts[k], end, prefix))
    return items


def _bold_run(tp, start: int, end: int) -> tuple[bool, int]:  # type: ignore[no-untyped-def]
    """Whether the run [start, end) is bold, else the length of its bold start
    (binary search on font weight: a run holds at most one bold-to-regular turn)."""
    import pypdfium2.raw as raw

    def bold(i: int) -> bool:
        return bool(raw.FPDFText_GetFontWeight(tp, i) >= 600)

    if end <= start or not bold(start):
        return False, 0
    if bold(end - 1):
        return True, 0
    lo, hi = start, end - 1  # bold(lo) and not bold(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if bold(mid):
            lo = mid
        else:
            hi = mid
    return False, hi - start


def _pages_pdfplumber(path: Path, data: bytes) -> list[tuple[float, float, list[Item]]]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    out = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                words = page.extract_words(x_tolerance=1.5, extra_attrs=["fontname"])
                items = [Item(w["x0"], w["top"], w["x1"], w["bottom"], w["text"],
                              "bold" in w["fontname"].lower()) for w in words]
                out.append((float(page.width), float(page.height), items))
    except PDFPasswordIncorrect as err:
        raise IngestError(path, "encrypted") from err
    except (PDFSyntaxError, Exception) as err:
        if "password" in str(err).lower() or "encrypt" in type(err).__name__.lower():
            raise IngestError(path, "encrypted") from err
        raise IngestError(path, "corrupt", f"pdfplumber: {type(err).__name__}") from err
    return out


def _lines(items: list[Item], page: int, width: float, height: float) -> list[Line]:
    items = sorted(items, key=lambda i: (i.top, i.x0))
    lines: list[list[Item]] = []
    for it in items:
        h = it.bottom - it.top
        for line in reversed(lines[-3:]):
            ref = line[0]
            overlap = min(ref.bottom, it.bottom) - max(ref.top, it.top)
            if overlap > 0.5 * min(h, ref.bottom - ref.top):
                line.append(it)
                break
        else:
            lines.append([it])
    sizes = [i.bottom - i.top for i in items] or [10.0]
    gap = 2.5 * statistics.median(sizes)  # wider than any space between words
    out = [Line(ls, page).finish(gap) for ls in lines]
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


def _drop_furniture(pages: list[list[Line]], heights: list[float]) -> None:
    """Remove page numbers and repeated running headers/footers in the margins."""
    def in_margin(ln: Line, h: float) -> bool:
        return ln.bottom < h * _MARGIN or ln.top > h * (1 - _MARGIN)

    repeated = Counter()
    for lines, h in zip(pages, heights):
        keys = {_DIGITS.sub("#", ln.text) for ln in lines if in_margin(ln, h)}
        repeated.update(keys)
    threshold = max(2, (len(pages) + 1) // 2)
    for lines, h in zip(pages, heights):
        keep = []
        for ln in lines:
            if in_margin(ln, h) and (
                _PAGE_NUMBER.match(ln.text)
                or (len(pages) > 2 and repeated[_DIGITS.sub("#", ln.text)] >= threshold)
            ):
                continue
            keep.append(ln)
        lines[:] = keep


def _reading_order(lines: list[Line]) -> list[Line]:
    """Read two-column bands cell by cell; everything else top to bottom."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if len(ln.segments) < 2:
            out.append(ln)
            i += 1
            continue
        split, left_end = _split_x(ln)
        band = [ln]
        j = i + 1
        pitch = max(ln.bottom - ln.top, 1.0)
        while j < len(lines):
            nxt = lines[j]
            if nxt.top - band[-1].bottom > 4 * pitch:
                break
            if len(nxt.segments) >= 2:
                s2, e2 = _split_x(nxt)
                if s2 < left_end or e2 > split:
                    break  # a different two-column layout
                split, left_end = min(split, s2), max(left_end, e2)
                band.append(nxt)
            elif nxt.x1 <= split or nxt.x0 >= left_end:
                band.append(nxt)
            else:
                break
            j += 1
        out.extend(_read_band(band, split))
        i = j
    return out


def _split_x(line: Line) -> tuple[float, float]:
    """Where the right column starts and the left one ends, at the widest gap."""
    best = max(range(1, len(line.segments)),
               key=lambda k: line.segments[k][0] - line.segments[k - 1][1])
    return line.segments[best][0] - 0.5, line.segments[best - 1][1] + 0.5


def _read_band(band: list[Line], split: float) -> list[Line]:
    left: list[Line] = []
    right: list[Line] = []
    for ln in band:
        lft = [it for it in ln.items if (it.x0 + it.x1) / 2 < split]
        rgt = [it for it in ln.items if (it.x0 + it.x1) / 2 >= split]
        gap = 2.5 * max(ln.bottom - ln.top, 1.0)
        if lft:
            left.append(Line(lft, ln.page).finish(gap))
        if rgt:
            right.append(Line(rgt, ln.page).finish(gap))
    # row boundaries: vertical gaps that no line of either column crosses
    spans = sorted((ln.top, ln.bottom) for ln in left + right)
    pitch = statistics.median([b - t for t, b in spans]) if spans else 10.0
    cuts: list[float] = []
    reach = spans[0][1] if spans else 0.0
    for top, bottom in spans[1:]:
        if top - reach > 0.9 * pitch:
            cuts.append((top + reach) / 2)
        reach = max(reach, bottom)
    bounds = [-1e9, *cuts, 1e9]
    out: list[Line] = []
    for lo, hi in zip(bounds, bounds[1:]):
        for col in (left, right):
            cell = [ln for ln in col if lo <= ln.top < hi]
            for k, ln in enumerate(cell):
                ln.segments = [(ln.x0, ln.x1)]
                ln.bold = ln.bold
                # each cell is its own paragraph: mark its first line
                ln.cell_start = k == 0
            out.extend(cell)
    return out


def _paragraphs(pages: list[list[Line]], widths: list[float], n_pages: int) -> Extracted:
    body = [ln for lines in pages for ln in lines if len(ln.segments) == 1]
    lefts = Counter(round(ln.x0) for ln in body) or Counter({72: 1})
    floor = max(1, min(2, lefts.most_common(1)[0][1]), lefts.most_common(1)[0][1] // 4)
    left_margin = min(x for x, c in lefts.items() if c >= floor)
    rights = sorted(ln.x1 for ln in body) or [max(widths) - 72]
    right_margin = rights[int(len(rights) * 0.9)] if rights else max(widths) - 72
    heights = sorted(ln.bottom - ln.top for ln in body) or [10.0]
    line_h = heights[len(heights) // 2]

    parts: list[str] = []
    blocks: list[RawBlock] = []
    pos = 0
    cur: list[Line] = []

    def flush() -> None:
        nonlocal pos
        if not cur:
            return
        text = cur[0].text
        for prev, ln in zip(cur, cur[1:]):
            text += ("\n" if getattr(ln, "cell_start", None) is False else " ") + ln.text
        if parts:
            parts.append("\n\n")
            pos += 2
        first = cur[0]
        bbox = (min(ln.x0 for ln in cur if ln.page == first.page), first.top,
                max(ln.x1 for ln in cur if ln.page == first.page),
                max(ln.bottom for ln in cur if ln.page == first.page))
        kind = "heading" if all(ln.bold for ln in cur) and len(text) <= 250 else (
            "list_item" if re.match(r"[-+•]\s", text) else "paragraph")
        style: dict[str, object] = {}
        if all(ln.bold for ln in cur):
            style["bold"] = True
        if abs((first.x0 + first.x1) / 2 - (left_margin + right_margin) / 2) < 0.05 * (
            right_margin - left_margin
        ) and first.x0 > left_margin + 3 * line_h:
            style["centered"] = True
        if hasattr(first, "cell_start"):
            style["two_column"] = True
        confs = [it.conf for ln in cur for it in ln.items if it.conf is not None]
        if confs:
            style["ocr_confidence"] = round(sum(confs) / len(confs), 1)
        parts.append(text)
        bold_until = pos + first.bold_prefix if first.bold_prefix else None
        blocks.append(RawBlock(pos, pos + len(text), kind, page=first.page, bbox=bbox,
                               style=style, bold_until=bold_until))
        pos += len(text)
        cur.clear()

    prev: Line | None = None
    for lines in pages:
        for ln in lines:
            if prev is None or _starts_paragraph(prev, ln, left_margin, right_margin, line_h):
                flush()
            cur.append(ln)
            prev = ln
    flush()
    return Extracted("".join(parts), blocks, "pdf", pages=n_pages)


def _starts_paragraph(prev: Line, ln: Line, left: float, right: float, line_h: float) -> bool:
    if hasattr(ln, "cell_start"):
        return bool(ln.cell_start) or not hasattr(prev, "cell_start")
    if hasattr(prev, "cell_start"):
        return True
    if _BLOCK_START.match(ln.text):
        return True
    if prev.bold != ln.bold or _centered(prev, left, right, line_h) != _centered(
            ln, left, right, line_h):
        return True  # a title line, centered, and the body after it (a scan has no bold)
    if ln.page == prev.page:
        gap = ln.top - prev.bottom
        if gap > 0.8 * line_h or gap < -line_h:
            return True
    elif _SENTENCE_END.search(prev.text):
        return True
    if ln.x0 > left + 1.5 * line_h and prev.x0 <= left + 1.5 * line_h:
        return True  # an indented first line
    if ln.x0 > left + 3 * line_h and ln.x1 < right - 3 * line_h:
        return True  # a centered line
    if prev.x1 >= right - 4 * line_h:
        return False  # a full line: the paragraph goes on
    # a short line ends its paragraph unless the next line is plainly its tail
    return bool(_SENTENCE_END.search(prev.text)) or not ln.text[:1].islower() or (
        ln.x0 > left + 1.5 * line_h)


def _centered(ln: Line, left: float, right: float, line_h: float) -> bool:
    """Indented on both sides by about as much: a centered line."""
    lg, rg = ln.x0 - left, right - ln.x1
    return lg > 1.2 * line_h and rg > 1.2 * line_h and abs(lg - rg) < 0.6 * line_h
