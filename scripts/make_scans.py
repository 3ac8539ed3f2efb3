"""Scanned and legacy renderings of the seeds for the OCR and legacy-file tests:

- ``corpus/scans/<seed>.scan.pdf``: every page of the seed's PDF rasterised at
  200 dpi, turned by a small angle (±0.3-0.8°), with speckle noise, stored as
  1-bit images only (no text layer), as a scanner at an office would;
- ``corpus/oddities/<small seed>-tron-trang-quet.pdf``: a mixed PDF, the text
  layer on odd pages and a scanned image on even pages;
- ``corpus/oddities/<small seed>-phong-tcvn3.pdf``: a PDF whose text layer is
  TCVN3 (.VnTime) mojibake, as old Word files printed to PDF give;
- ``corpus/oddities/<small seed>.doc``: a legacy Word file made by LibreOffice
  from the seed's DOCX rendering (needs ``soffice``).

    .venv/bin/python scripts/make_scans.py
"""

from __future__ import annotations

import copy
import io
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"
SCANS = ROOT / "corpus" / "scans"
ODD = ROOT / "corpus" / "oddities"
SMALL = "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam"
DPI = 200


def scan_page(page: pdfium.PdfPage, rng: random.Random) -> Image.Image:
    gray = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    angle = rng.choice([-1, 1]) * rng.uniform(0.3, 0.8)
    gray = gray.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    # speckle: a few dark dots, and the slight blur of a scanner's optics
    px = gray.load()
    w, h = gray.size
    for _ in range(w * h // 4000):
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = rng.randrange(0, 120)
    gray = gray.filter(ImageFilter.GaussianBlur(0.6))
    return gray.point(lambda v: 255 if v > 160 else 0).convert("1")


def save_images(images: list[Image.Image], out: Path) -> None:
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=DPI)


def scanned(pdf_path: Path, rng: random.Random) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [scan_page(pdf[i], rng) for i in range(len(pdf))]
    finally:
        pdf.close()


def mixed(pdf_path: Path, images: list[Image.Image], out: Path) -> None:
    """Odd pages from the text layer, even pages from the scan."""
    buf = io.BytesIO()
    save_images(images, buf)  # type: ignore[arg-type]
    text_pdf, scan_pdf = pdfium.PdfDocument(str(pdf_path)), pdfium.PdfDocument(buf.getvalue())
    new = pdfium.PdfDocument.new()
    for i in range(len(text_pdf)):
        new.import_pages(text_pdf if i % 2 == 0 else scan_pdf, pages=[i])
    new.save(str(out))
    for d in (new, text_pdf, scan_pdf):
        d.close()


def tcvn3_pdf(out: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from render_corpus import _tcvn3_bytes, parse_seed, render_pdf

    paras = parse_seed((RAW / f"{SMALL}.txt").read_text(encoding="utf-8"))
    def legacy(v: str) -> str:
        return _tcvn3_bytes(v).decode("cp1252", "replace")

    for p in paras:
        p.lines = [legacy(v) for v in p.lines]
        p.bold_prefix = legacy(p.bold_prefix) if p.bold_prefix else ""
        p.extra = {k: legacy(v) if isinstance(v, str) else
                   [legacy(x) if isinstance(x, str) else x for x in v] if isinstance(v, list)
                   else v for k, v in p.extra.items()}
    render_pdf(copy.deepcopy(paras), out)


def legacy_doc(out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: skipped", out.name)
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--norestore", "--convert-to", "doc",
                        "--outdir", tmp, str(RAW / f"{SMALL}.docx")], check=True,
                       capture_output=True, timeout=180)
        shutil.move(str(Path(tmp) / f"{SMALL}.doc"), out)


def main() -> None:
    SCANS.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2023)
    for pdf_path in sorted(RAW.glob("*.pdf")):
        images = scanned(pdf_path, rng)
        out = SCANS / f"{pdf_path.stem}.scan.pdf"
        save_images(images, out)
        print(f"{out.relative_to(ROOT)}: {len(images)} pages, {out.stat().st_size // 1024} kB")
        if pdf_path.stem == SMALL:
            mixed(pdf_path, images, ODD / f"{SMALL}-tron-trang-quet.pdf")
    tcvn3_pdf(ODD / f"{SMALL}-phong-tcvn3.pdf")
    legacy_doc(ODD / f"{SMALL}.doc")
    print("oddities in", ODD.relative_to(ROOT))


if __name__ == "__main__":
    main()
