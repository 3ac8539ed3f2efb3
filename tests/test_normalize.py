"""Normalization: NFC, one tone style, folded whitespace and dashes, rejoined
sentences, and an offset map that always leads back to the input."""

from __future__ import annotations

import unicodedata

import pytest

from extract.ingest.normalize import normalize
from extract.language.vietnamese import fold_tones


@pytest.mark.parametrize(
    "new_style,old_style",
    [
        ("hoà nhập", "hòa nhập"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Uỷ ban", "Ủy ban"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("thuỷ sản", "thủy sản"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
    ],
)
def test_new_and_old_tone_placement_compare_equal(new_style, old_style):
    assert normalize(new_style)[0] == normalize(old_style)[0] == old_style


@pytest.mark.parametrize("word", ["quý", "hoàn thành", "khuyến khích", "quỳnh", "thuyền"])
def test_tone_folding_leaves_words_where_styles_agree(word):
    assert fold_tones(word) == word


def test_decomposed_input_becomes_nfc_and_maps_back():
    src = unicodedata.normalize("NFD", "Kế hoạch số 76")
    text, m = normalize(src)
    assert text == "Kế hoạch số 76"
    s, e = m.to_source(0, 2)
    assert unicodedata.normalize("NFC", src[s:e]) == "Kế"


def test_dashes_spaces_and_invisible_characters_are_folded():
    src = "Sở Lao động \u2013 Thương\u00a0binh\u00ad và\u200b Xã  hội\t "
    text, _ = normalize(src)
    assert text == "Sở Lao động - Thương binh và Xã hội"


def test_sentence_broken_by_blank_line_is_rejoined():
    src = "- Thông tin được đăng tải trên cổng thông tin quận\n\nít nhất một tháng một lần."
    text, m = normalize(src)
    assert "cổng thông tin quận ít nhất một tháng một lần." in text
    i = text.index(" ít nhất")
    assert src[slice(*m.to_source(i, i + 1))] == "\n\n"


def test_sentence_broken_by_page_break_is_rejoined():
    text, _ = normalize("phối hợp với các\f\nsở, ngành liên quan.")
    assert text == "phối hợp với các sở, ngành liên quan."


@pytest.mark.parametrize(
    "src",
    [
        "a) Chỉ tiêu:\n\n- 100% phường",  # ends with a colon
        "I. MỤC ĐÍCH\n\nTạo sự đồng thuận",  # next line starts upper case
        "trước ngày 25/12.\n\nđồng thời",  # sentence ended
        "Nơi nhận:\n- UBND thành phố;",
    ],
)
def test_paragraph_breaks_that_are_not_broken_sentences_are_kept(src):
    assert "\n" in normalize(src)[0]


def test_words_are_never_corrected():
    src = "Chi tiêu: tạo sự chuyên biến"  # typos stay typos
    assert normalize(src)[0] == src


def test_many_blank_lines_collapse_to_one_and_edges_are_stripped():
    assert normalize("\n\n  A\n\n\n\n\nB  \n\n")[0] == "A\n\nB"
