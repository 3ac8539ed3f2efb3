"""OCR: Tesseract's Vietnamese model (Debian ``tesseract-ocr`` and
``tesseract-ocr-vie``, through pytesseract) for PDF pages without a usable text
layer and for image files.

A page is read as Tesseract's lines, each with its box (in the page's points,
like the text-layer runs) and the mean confidence (0-100) of its words; the PDF
layout then builds lines and paragraphs from them exactly as from a text layer,
so OCR'd blocks keep page and bbox, and carry the mean confidence of their
words (``style["ocr_confidence"]``). Each page has its own time limit
(:data:`PAGE_TIMEOUT_S`); a page that runs out is left empty with a warning.
In a batch worker the document's time limit grows by that much for each page
read, so a long scan is read to the end rather than cut at the document limit.

Resolution: pages are rendered at :data:`DPI` (200; measured on the scanned
seeds: the same text as at 300 dpi, 20 % faster). No deskew or binarisation:
Tesseract's own thresholding read the slightly rotated, noisy seed scans to
≥ 0.99 of their text.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import IngestError

LANG = "vie"
DPI = 200
PAGE_TIMEOUT_S = 60
LOW_CONFIDENCE = 70.0  # mean word confidence under which a block gets a warning
MAX_PAGES_ENV = "KEHOACH_OCR_PAGES"  # most pages OCR'd in one document (0: no OCR)
DEFAULT_MAX_PAGES = 500
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
# one core per page: Tesseract's OpenMP threads slow it down on a small machine
# (measured: 4 pages in 21 s with its default threads, 10 s with one on 2 cores);
# parallel work comes from the batch's worker processes instead
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass
class Word:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    conf: float


@lru_cache(maxsize=1)
def _missing() -> str | None:
    """Why OCR cannot run here, or None."""
    if shutil.which("tesseract") is None:
        return f"thiếu Tesseract: cài gói {PACKAGES}"
    try:
        import pytesseract

        if LANG not in pytesseract.get_languages(config=""):
            return "thiếu dữ liệu tiếng Việt của Tesseract: cài gói tesseract-ocr-vie"
    except Exception as err:  # a broken install: say so, never crash
        return f"không chạy được Tesseract ({type(err).__name__}: {err})"
    return None


def max_pages() -> int:
    """The most pages one document may have OCR'd (``$KEHOACH_OCR_PAGES``, 500)."""
    value = os.environ.get(MAX_PAGES_ENV, "")
    return int(value) if value.isdigit() else DEFAULT_MAX_PAGES


def require(path: Any) -> None:
    """Raise ``converter_missing`` (naming the packages) when OCR cannot run."""
    why = _missing()
    if why is not None:
        raise IngestError(path, "converter_missing", why)


def _extend_alarm(seconds: int) -> None:
    """Give the batch's per-document alarm one more page's time, if one is set."""
    if not hasattr(signal, "alarm") or threading.current_thread() is not threading.main_thread():
        return
    left = signal.alarm(0)
    if left > 0:
        signal.alarm(left + seconds)


def read_image(image: Any, scale: float) -> tuple[list[Word], str | None]:
    """Lines of one page image (PIL), boxes divided by ``scale`` (pixels per
    point); and a warning when the page ran out of time."""
    import pytesseract

    _extend_alarm(PAGE_TIMEOUT_S)
    gray = image.convert("L")
    try:
        data = pytesseract.image_to_data(gray, lang=LANG, config="-c tessedit_do_invert=0",
                                         output_type=pytesseract.Output.DICT,
                                         timeout=PAGE_TIMEOUT_S)
    except RuntimeError as err:  # pytesseract's timeout
        if "timeout" in str(err).lower():
            return [], f"quá {PAGE_TIMEOUT_S} s khi nhận dạng chữ (OCR)"
        raise
    # one run per line as Tesseract reads it (block, paragraph, line): on a page
    # scanned at a slight angle, words of one line drift in height, and grouping
    # them again by position would interleave neighbouring lines
    lines: dict[tuple[int, int, int], list[tuple[str, float, int, int, int, int]]] = {}
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not str(text).strip() or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append((str(text), conf, data["left"][i], data["top"][i],
                                          data["width"][i], data["height"][i]))
    runs = []
    for words in lines.values():
        words.sort(key=lambda w: w[2])
        # a wide gap inside a line separates two columns ("Số: 12/KH-UBND" and
        # "Lạng Sơn, ngày ..."): two runs, as a text layer gives them
        height = sorted(w[5] for w in words)[len(words) // 2]
        group = [words[0]]
        for w in words[1:]:
            if w[2] - (group[-1][2] + group[-1][4]) > 2.5 * height:
                runs.append(_run(group, scale))
                group = []
            group.append(w)
        runs.append(_run(group, scale))
    return runs, None


def _run(words: list[tuple[str, float, int, int, int, int]], scale: float) -> Word:
    return Word(min(w[2] for w in words) / scale, min(w[3] for w in words) / scale,
                max(w[2] + w[4] for w in words) / scale, max(w[3] + w[5] for w in words) / scale,
                " ".join(w[0] for w in words), sum(w[1] for w in words) / len(words))
