"""Image backend (PNG, JPEG, TIFF, one page per frame): OCR of each page
(:mod:`.ocr`), then the PDF layout (:func:`.pdf.layout`) on the lines read, so a
photographed or scanned page gets the same paragraphs, pages and boxes as a PDF.
Boxes are in points, from the image's stated resolution (200 dpi when it states
none). Pillow refuses images so large they would exhaust memory (its
decompression-bomb guard): ``too_large``.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import IngestError
from . import ocr
from .document import Extracted
from .pdf import Item, layout

MAX_PAGES = 500


def read(path: Path, data: bytes) -> Extracted:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    ocr.require(path)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError as err:
        raise IngestError(path, "too_large", f"ảnh quá lớn: {err}") from err
    except (UnidentifiedImageError, OSError, ValueError) as err:
        raise IngestError(path, "corrupt", f"không đọc được ảnh: {err}") from err
    pages: list[tuple[float, float, list[Item]]] = []
    notes: list[str] = []
    limit = min(MAX_PAGES, ocr.max_pages())
    for number, frame in enumerate(ImageSequence.Iterator(image), 1):
        if number > limit:
            notes.append(f"chỉ đọc {limit} trang đầu (giới hạn OCR)")
            break
        dpi = frame.info.get("dpi", (ocr.DPI, ocr.DPI))[0] or ocr.DPI
        scale = float(dpi) / 72
        runs, note = ocr.read_image(frame, scale)
        pages.append((frame.width / scale, frame.height / scale,
                      [Item(r.x0, r.top, r.x1, r.bottom, r.text, conf=r.conf) for r in runs]))
        if note:
            notes.append(f"trang {number}: {note}")
    if not pages:
        raise IngestError(path, "no_text_layer", f"ảnh chưa được đọc: giới hạn OCR {limit} trang "
                                                 f"(${ocr.MAX_PAGES_ENV})")
    return layout(path, pages, "image", list(range(1, len(pages) + 1)), notes)
