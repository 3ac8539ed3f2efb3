"""OCR's misread diacritics, repaired from dictionary words (extract/ingest/ocr_words.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest.ocr_words import repair_words
from extract.ingest.pdf import Item, layout


@pytest.mark.parametrize("line, expected", [
    # a syllable that is no Vietnamese syllable, anywhere in a line
    ("3. Các phòng chưyên môn, đơn vị trực thuộc", "3. Các phòng chuyên môn, đơn vị trực thuộc"),
    # a wrong mark that still spells a syllable: only in a heading ...
    ("I. MỤC ĐÍCH, YÊU CÂU", "I. MỤC ĐÍCH, YÊU CẦU"),
    # ... or as the first words after a numbering label
    ("11. Để nghị Ủy ban Mặt trận Tổ quốc", "11. Đề nghị Ủy ban Mặt trận Tổ quốc"),
    # the eth Tesseract reads for "Đ", and a speck read as a full stop
    ("Sở LÐ TB&XH chủ trì phối hợp. với các sở", "Sở LĐ TB&XH chủ trì phối hợp với các sở"),
])
def test_misread_marks_are_repaired(line, expected):
    out, notes = repair_words([line])
    assert out == [expected]
    assert notes


@pytest.mark.parametrize("line", [
    "để Nghị quyết đi vào cuộc sống",        # "Nghị quyết" is a word: two words meet
    "a) Chi tiêu:",                           # "chi tiêu" and "chỉ tiêu": both words
    "giám sát các chị em trong quá trình",    # "các" is a function word
    "Đang tải văn bản",                        # a right syllable outside a heading
    "Hướng dẫn v.v. và các nội dung khác",   # "v.v." is no speck
    "Sở LĐTBXH chủ trì, phối hợp với các sở, ban, ngành",
])
def test_words_read_right_are_left_alone(line):
    assert repair_words([line]) == ([line], [])


def test_clean_seed_texts_get_no_repair():
    """The measurement behind the rules: clean texts are left as typed."""
    texts = sorted(Path("corpus/raw").glob("*.txt"))
    assert texts
    for path in texts:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert repair_words(lines)[1] == [], path.name


def test_only_ocr_pages_get_the_word_repair():
    lines = ["I. MỤC ĐÍCH, YÊU CÂU", "3. Các phòng chưyên môn thực hiện."]
    page = (595.0, 842.0, [Item(72, 72 + 20 * k, 500, 86 + 20 * k, t, conf=c)
                           for k, t in enumerate(lines) for c in [90.0]])
    scanned = layout(Path("scan.pdf"), [page], "pdf", [1], [])
    assert "YÊU CẦU" in scanned.text and "chuyên môn" in scanned.text
    assert any("sửa dấu" in w for w in scanned.warnings)
    page = (595.0, 842.0, [Item(72, 72 + 20 * k, 500, 86 + 20 * k, t, conf=None)
                           for k, t in enumerate(lines)])
    typed = layout(Path("typed.pdf"), [page], "pdf", [], [])
    assert "YÊU CÂU" in typed.text and "chưyên môn" in typed.text
