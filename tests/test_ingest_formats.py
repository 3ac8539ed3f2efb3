"""Every format of the same content reads to the same normalized text, with the
ND30 header read cell by cell (never interleaved) and provenance for each block."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest

from extract.errors import IngestError
from extract.ingest import load
from extract.ingest import pdf as pdf_backend

from .conftest import SEED_STEMS

ROOT = Path(__file__).resolve().parent.parent
ODD = ROOT / "corpus" / "oddities"
FORMATS = (".docx", ".pdf")


@pytest.fixture(scope="module")
def docs(corpus_dir):
    return {
        (stem, ext): load(corpus_dir / f"{stem}{ext}")
        for stem in SEED_STEMS
        for ext in (".txt", *FORMATS)
    }


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@pytest.mark.parametrize("ext", FORMATS)
@pytest.mark.parametrize("stem", SEED_STEMS)
def test_rendering_reads_back_to_the_text_of_the_txt(docs, stem, ext):
    assert _ratio(docs[(stem, ".txt")].text, docs[(stem, ext)].text) >= 0.99


@pytest.mark.parametrize("ext", (".txt", *FORMATS))
@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_block_span_quotes_the_text_and_maps_to_the_source(docs, stem, ext):
    doc = docs[(stem, ext)]
    for b in doc.blocks:
        assert doc.text[b.span[0] : b.span[1]] == b.text
        s, e = doc.source_span(*b.span)
        assert 0 <= s <= e <= len(doc.source_text)


HEADER_LINES = {
    "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam": [
        "ỦY BAN NHÂN DÂN\nXÃ CẨM NGỌC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        "Số: /KH-UBND",
        "Cẩm Ngọc, ngày tháng năm 2023",
    ],
    "kh-ubnd-quan-kien-an-2023-phong-chong-mai-dam": [
        "Số: /KH-UBND",
        "Kiến An, ngày tháng năm 2023",
    ],
}


@pytest.mark.parametrize("ext", FORMATS)
@pytest.mark.parametrize("stem", sorted(HEADER_LINES))
def test_nd30_header_cells_come_out_as_separate_lines(docs, stem, ext):
    doc = docs[(stem, ext)]
    assert doc.text.startswith("\n\n".join(HEADER_LINES[stem]))
    cells = HEADER_LINES[stem]
    for b in doc.blocks[:6]:  # no block mixes two cells of the header
        assert sum(cell.split("\n")[0] in b.text for cell in cells) <= 1


@pytest.mark.parametrize("ext", FORMATS)
def test_signature_block_is_not_interleaved_with_recipients(docs, ext):
    doc = docs[("kh-ubnd-quan-kien-an-2023-phong-chong-mai-dam", ext)]
    i = doc.text.index("Nơi nhận:")
    tail = doc.text[i:]
    assert tail.index("- UBND các phường;") < tail.index("TM. ỦY BAN NHÂN DÂN")
    assert "Nguyễn Phong Doanh" in tail


def test_pdf_blocks_carry_page_and_bbox(docs):
    doc = docs[("kh-ubnd-quan-kien-an-2023-phong-chong-mai-dam", ".pdf")]
    assert doc.pages and doc.pages > 1
    assert {b.page for b in doc.blocks} == set(range(1, doc.pages + 1))
    assert all(b.bbox and b.bbox[0] < b.bbox[2] for b in doc.blocks)


def test_pdf_page_numbers_are_removed(docs):
    doc = docs[("kh-ubnd-quan-kien-an-2023-phong-chong-mai-dam", ".pdf")]
    assert not any(b.text.strip().isdigit() for b in doc.blocks)


def test_pdfium_and_pdfplumber_engines_agree(corpus_dir):
    path = corpus_dir / "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam.pdf"
    data = path.read_bytes()
    a = pdf_backend.read(path, data)
    b = pdf_backend.read(path, data, engine="pdfplumber")
    assert _ratio(a.text, b.text) >= 0.99


def test_docx_automatic_numbering_is_rendered(docs):
    doc = docs[("kh-ubnd-quan-kien-an-2023-phong-chong-mai-dam", ".docx")]
    labels = [b.style.get("numbering") for b in doc.blocks if b.style.get("numbering")]
    assert "-" in labels and "a)" in labels and "b)" in labels
    assert "a) Chỉ tiêu:" in doc.text


def test_docx_bold_headings_are_heading_blocks(docs):
    doc = docs[("kh-sldtbxh-lang-son-2023-phong-chong-mai-dam", ".docx")]
    heading = next(b for b in doc.blocks if b.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.kind == "heading" and heading.style.get("bold")


def test_docx_table_cells_keep_their_position(docs):
    doc = docs[("kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam", ".docx")]
    cell = next(b for b in doc.blocks if b.text.startswith("Số:"))
    assert cell.kind == "table_cell" and (cell.style["row"], cell.style["col"]) == (1, 0)


def test_page_break_inside_a_sentence_is_rejoined(corpus_dir):
    txt = load(corpus_dir / "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam.txt").text
    doc = load(ODD / "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam-ngat-trang.docx")
    assert "tuyên truyền, truyền thông, phổ biến các quy định" in doc.text
    assert _ratio(txt, doc.text) >= 0.999


@pytest.mark.parametrize(
    "name,encoding",
    [
        ("kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam-tcvn3.txt", "tcvn3"),
        ("kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam-vni.docx", "vni"),
    ],
)
def test_legacy_font_encodings_read_like_the_unicode_original(corpus_dir, name, encoding):
    txt = load(corpus_dir / "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam.txt").text
    doc = load(ODD / name)
    assert doc.encoding == encoding
    assert _ratio(txt, doc.text) >= 0.999
    assert "ỦY BAN NHÂN DÂN\nXÃ CẨM NGỌC" in doc.text


def test_scanned_pdf_without_text_layer_is_a_clear_error():
    with pytest.raises(IngestError) as info:
        load(ODD / "ban-quet-khong-co-lop-van-ban.pdf")
    assert info.value.code == "no_text_layer"


PORTAL = """<!doctype html><html><head><title>Cổng thông tin</title>
<script>var x = "Đăng nhập";</script><style>.a{}</style></head><body>
<div class="header"><a href="/">Trang chủ</a> | <a href="/login">Đăng nhập</a></div>
<nav><ul><li>Giới thiệu</li><li>Tin tức</li></ul></nav>
<div class="breadcrumb">Trang chủ &gt; Tin tức</div>
<div class="news-detail"><h1>Kế hoạch phòng, chống ma túy năm 2024</h1>
<p>Thực hiện Kế hoạch số 45/KH-UBND ngày 12/3/2024 của UBND tỉnh Nghệ An,
UBND huyện ban hành kế hoạch với các chỉ tiêu:</p>
<ul><li>100% xã, thị trấn xây dựng kế hoạch;</li><li>Ít nhất 80% người nghiện được
quản lý<br>tại cộng đồng.</li></ul>
<table><tr><td>Chỉ tiêu</td><td>Kết quả</td></tr></table></div>
<div class="related-news"><p>Tin liên quan: Hội nghị tổng kết</p></div>
<footer>Bản quyền thuộc UBND huyện. Điện thoại 0238 123 456</footer></body></html>"""


def test_html_main_text_without_navigation_or_boilerplate(tmp_path):
    path = tmp_path / "tin.html"
    path.write_text(PORTAL, encoding="utf-8")
    doc = load(path)
    assert doc.text.startswith("Kế hoạch phòng, chống ma túy năm 2024")
    for chrome in ("Đăng nhập", "Trang chủ", "Giới thiệu", "Tin liên quan", "Bản quyền"):
        assert chrome not in doc.text
    assert "- " not in doc.text[:5]
    kinds = {(b.kind, b.text) for b in doc.blocks}
    assert ("heading", "Kế hoạch phòng, chống ma túy năm 2024") in kinds
    assert ("list_item", "100% xã, thị trấn xây dựng kế hoạch;") in kinds
    assert "của UBND tỉnh Nghệ An, UBND huyện ban hành" in doc.text


def test_doc_without_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(IngestError) as info:
        load(path)
    assert info.value.code == "converter_missing" and "libreoffice" in str(info.value)


def test_docx_from_python_docx_in_memory_with_nested_table(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Kế hoạch thực hiện chỉ tiêu giảm nghèo năm 2025 của huyện")
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Ô ngoài bên trái"
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Ô lồng bên trong"
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "long.docx"
    path.write_bytes(buf.getvalue())
    doc = load(path)
    assert doc.text.index("Ô ngoài bên trái") < doc.text.index("Ô lồng bên trong")
