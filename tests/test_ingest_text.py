"""TXT/Markdown backend: encodings, markup stripped, structure kept, provenance."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extract.ingest import load
from extract.ingest.normalize import normalize_text
from extract.language.lexicons import legacy_table

from .conftest import SEED_STEMS


@pytest.fixture(scope="module")
def seeds(corpus_dir):
    return {stem: load(corpus_dir / f"{stem}.txt") for stem in SEED_STEMS}


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_block_span_quotes_the_normalized_text(seeds, stem):
    doc = seeds[stem]
    assert doc.blocks
    for b in doc.blocks:
        assert doc.text[b.span[0] : b.span[1]] == b.text


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_block_maps_back_to_the_same_words_in_the_source(seeds, stem):
    doc = seeds[stem]
    for b in doc.blocks:
        s, e = doc.source_span(*b.span)
        src = doc.source_text[s:e].replace("**", "")
        assert normalize_text(src)[:20] == b.text[:20]


def test_markdown_bold_heading_and_bold_prefix_are_recognised(seeds):
    doc = seeds["kh-sldtbxh-lang-son-2023-phong-chong-mai-dam"]
    assert "**" not in doc.text
    heading = next(b for b in doc.blocks if b.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.kind == "heading" and heading.style["bold"]
    para = next(b for b in doc.blocks if b.text.startswith("1 Mục đích."))
    assert para.text[: para.style["bold_prefix"]] == "1 Mục đích."


def test_markdown_headings_tables_links_are_stripped(tmp_path: Path):
    src = (
        "### II. NHIỆM VỤ\n\n| STT | Chỉ tiêu |\n|---|---|\n| 1 | 100% xã |\n\n"
        "Xem [Kế hoạch 12](http://x.vn/kh12) và \\*ghi chú\\*.\n"
    )
    p = tmp_path / "plan.md"
    p.write_text(src, encoding="utf-8")
    doc = load(p)
    assert "###" not in doc.text and "|" not in doc.text and "http" not in doc.text
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "II. NHIỆM VỤ") in kinds
    assert ("table_cell", "100% xã") in kinds
    assert "Xem Kế hoạch 12 và *ghi chú*." in doc.text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le"])
def test_unicode_encodings_are_detected(tmp_path, encoding):
    src = "Kế hoạch phòng, chống ma túy năm 2024 của Ủy ban nhân dân huyện Bảo Thắng."
    p = tmp_path / "plan.txt"
    p.write_bytes(src.encode(encoding))
    assert load(p).text == src


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps ă â ê ô ơ ư đ precomposed and types tones as marks."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def test_windows_1258_text_is_decoded(tmp_path):
    src = "Kế hoạch phòng, chống ma túy năm 2024 của Ủy ban nhân dân huyện Bảo Thắng."
    p = tmp_path / "plan.txt"
    p.write_bytes(_to_cp1258(src))
    doc = load(p)
    assert doc.text == src and doc.encoding == "windows-1258"


def test_tcvn3_bytes_are_converted_with_the_models_table(tmp_path):
    src = "Kế hoạch phòng, chống ma túy năm 2024 của huyện Bảo Thắng, tỉnh Lào Cai."
    inverse = {v: k for k, v in legacy_table("tcvn3").items() if len(k) == 1}
    p = tmp_path / "plan.txt"
    p.write_bytes("".join(inverse.get(c, c) for c in src).encode("latin-1"))
    doc = load(p)
    assert doc.text == src and doc.encoding == "tcvn3"


def test_vni_mojibake_in_unicode_text_is_repaired(tmp_path):
    p = tmp_path / "plan.txt"
    p.write_text("UÛy ban nhaân daân huyeän Baûo Thaéng, tænh Laøo Cai", encoding="utf-8")
    doc = load(p)
    assert doc.text == "Ủy ban nhân dân huyện Bảo Thắng, tỉnh Lào Cai"
    assert any("VNI" in w for w in doc.warnings)
