"""Numbering labels misread by OCR, repaired from their sequence (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest.ocr_labels import repair_labels
from extract.ingest.pdf import Item, layout


@pytest.mark.parametrize("lines,expected", [
    # a stroke lost: "III." read "II." after "II."
    (["I. MỤC ĐÍCH", "II. NHIỆM VỤ", "II. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN"],
     ["I. MỤC ĐÍCH", "II. NHIỆM VỤ", "III. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN"]),
    # "I." read "1L."
    (["1L. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ"], ["I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ"]),
    # a list item's full stop read as a comma
    (["IV. TỔ CHỨC", "1. Trạm Y tế:", "2. Công an xã", "3, Các thôn trong xã:"],
     ["IV. TỔ CHỨC", "1. Trạm Y tế:", "2. Công an xã", "3. Các thôn trong xã:"]),
])
def test_misread_labels_are_repaired(lines, expected):
    out, notes = repair_labels(lines)
    assert out == expected
    assert notes


@pytest.mark.parametrize("lines", [
    # a heading skipped by the scan: "II." after "I." is the next one
    ["II. NHIỆM VỤ", "III. KINH PHÍ"],
    # a duplicate followed by the label it would become: the text says so
    ["I. A", "II. BB", "II. CC", "III. DD"],
    # a comma that is not a label's ("3, 4 và 5 ...")
    ["1. Một", "3, Ba và bốn"],
    # lower case after a roman-looking word is prose
    ["II. NHIỆM VỤ", "II. khác"],
])
def test_a_sequence_that_holds_is_left_alone(lines):
    assert repair_labels(lines) == (lines, [])


def _page(texts: list[str], conf: float | None) -> tuple[float, float, list[Item]]:
    return (595.0, 842.0, [Item(72, 72 + 20 * k, 500, 86 + 20 * k, t, conf=conf)
                           for k, t in enumerate(texts)])


def test_only_ocr_pages_are_repaired_and_the_repair_is_reported():
    lines = ["I. MỤC ĐÍCH, YÊU CẦU", "Nội dung của kế hoạch được thực hiện.",
             "II. NHIỆM VỤ", "Nội dung của kế hoạch được thực hiện.", "II. KINH PHÍ",
             "Nội dung của kế hoạch được thực hiện."]
    scanned = layout(Path("scan.pdf"), [_page(lines, 90.0)], "pdf", [1], [])
    assert "III. KINH PHÍ" in scanned.text
    assert any("III." in w for w in scanned.warnings)
    typed = layout(Path("typed.pdf"), [_page(lines, None)], "pdf", [], [])
    assert "III. KINH PHÍ" not in typed.text and "II. KINH PHÍ" in typed.text
