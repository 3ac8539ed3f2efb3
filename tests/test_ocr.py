"""Scans, mixed PDFs, legacy-font PDFs, images and legacy .doc files read back
as the text they show (`make test` installs Tesseract with its Vietnamese model
and LibreOffice; `scripts/make_scans.py` made the files)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract.errors import IngestError
from extract.ingest import load
from extract.ingest import ocr as ocr_module
from extract.ingest.pdf import Item, needs_ocr
from extract.pipeline import plan_from_document

ROOT = Path(__file__).resolve().parent.parent
RAW, SCANS, ODD = ROOT / "corpus" / "raw", ROOT / "corpus" / "scans", ROOT / "corpus" / "oddities"
SMALL = "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam"
NEWS = "tin-tp-thanh-hoa-2023-phong-chong-mai-dam"


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split()),
                                   autojunk=False).ratio()


def _txt(stem: str) -> str:
    return load(RAW / f"{stem}.txt").text


@pytest.mark.parametrize("stem", [SMALL, NEWS])
def test_a_scanned_seed_reads_back_its_text(stem: str):
    doc = load(SCANS / f"{stem}.scan.pdf")
    assert _ratio(doc.text, _txt(stem)) >= 0.97
    assert any("OCR" in w for w in doc.warnings)
    blocks = [b for b in doc.blocks if b.page is not None]
    assert blocks and all(b.bbox is not None for b in blocks)
    assert all(0 <= b.style["ocr_confidence"] <= 100 for b in blocks)
    # provenance holds on OCR'd text as on any other
    plan = plan_from_document(doc)
    for item in [*plan.targets, *plan.references]:
        assert doc.text[item.span[0]:item.span[1]] == item.text


def test_a_mixed_pdf_is_read_page_by_page():
    doc = load(ODD / f"{SMALL}-tron-trang-quet.pdf")
    assert _ratio(doc.text, _txt(SMALL)) >= 0.97
    note = next(w for w in doc.warnings if "OCR" in w)
    assert "2/4 trang: 2, 4" in note  # the text layer of pages 1 and 3 is kept
    assert any(b.page == 1 and "ocr_confidence" not in b.style for b in doc.blocks)
    assert any(b.page == 2 and "ocr_confidence" in b.style for b in doc.blocks)


def test_a_tcvn3_font_pdf_is_repaired():
    doc = load(ODD / f"{SMALL}-phong-tcvn3.pdf")
    assert _ratio(doc.text, _txt(SMALL)) >= 0.99
    assert any("TCVN3" in w for w in doc.warnings)
    assert not any("OCR" in w for w in doc.warnings)


def test_a_legacy_doc_made_by_libreoffice_reads_back():
    doc = load(ODD / f"{SMALL}.doc")
    assert doc.format == "doc"
    assert _ratio(doc.text, _txt(SMALL)) >= 0.99


def test_an_image_file_is_read_by_ocr(tmp_path: Path):
    pdf = pdfium.PdfDocument(str(SCANS / f"{NEWS}.scan.pdf"))
    pages = [pdf[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    pdf.close()
    tiff = tmp_path / "ban-chup.tiff"
    pages[0].save(tiff, save_all=True, append_images=pages[1:], dpi=(200, 200))
    doc = load(tiff)
    assert doc.format == "image" and doc.pages == len(pages)
    assert _ratio(doc.text, _txt(NEWS)) >= 0.97
    png = tmp_path / "trang-1.png"
    pages[0].save(png, dpi=(200, 200))
    assert "Thanh Hóa" in load(png).text


def test_a_broken_glyph_layer_goes_to_ocr_and_a_clean_one_does_not():
    garbled = [Item(0, 0, 100, 10, "\ue012\ue013\ue014 (cid:12)(cid:13) \ufffd\ufffd" * 5)]
    assert needs_ocr(garbled)
    assert needs_ocr([Item(0, 0, 10, 10, "  ")])
    assert not needs_ocr([Item(0, 0, 100, 10, "Kế hoạch phòng, chống mại dâm năm 2023")])


def test_without_tesseract_the_error_names_the_packages(monkeypatch):
    monkeypatch.setattr(ocr_module, "_missing", lambda: "thiếu Tesseract: cài gói "
                        f"{ocr_module.PACKAGES}")
    with pytest.raises(IngestError) as info:
        load(SCANS / f"{NEWS}.scan.pdf")
    assert info.value.code == "converter_missing"
    assert "tesseract-ocr-vie" in str(info.value)
    # a PDF with a text layer never needs it
    assert load(RAW / f"{NEWS}.pdf").text


def test_a_page_that_runs_out_of_time_is_left_empty_with_a_warning(monkeypatch):
    import pytesseract

    def slow(*args, **kwargs):
        raise RuntimeError("Tesseract process timeout")

    calls = []
    real = pytesseract.image_to_data

    def one_slow_page(*args, **kwargs):
        calls.append(1)
        return slow() if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(pytesseract, "image_to_data", one_slow_page)
    doc = load(ODD / f"{SMALL}-tron-trang-quet.pdf")
    assert any("trang 2" in w and "quá" in w for w in doc.warnings)
    assert "Điều" in doc.text or "KẾ HOẠCH" in doc.text  # the other pages are there


def test_in_a_batch_each_scanned_page_gets_its_own_time(monkeypatch):
    """A 2 s document limit would cut a 4-page scan (about 2.5 s a page here);
    each OCR'd page adds its own limit, so the scan is read to the end, while a
    document slow for another reason still stops at the limit."""
    import time

    import extract.pipeline as pipeline
    from extract.corpus.batch import process_file

    result = process_file(str(SCANS / f"{SMALL}.scan.pdf"), "scan", timeout_s=2)
    assert result["ok"], result.get("record")
    monkeypatch.setattr(pipeline, "run", lambda path: time.sleep(5))
    stopped = process_file(str(RAW / f"{SMALL}.txt"), "slow", timeout_s=1)
    assert not stopped["ok"] and stopped["record"]["code"] == "timeout"
