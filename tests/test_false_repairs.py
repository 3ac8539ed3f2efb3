"""No false repairs: clean texts with foreign letters (German ß ü ö with soft
hyphens, Danish æ ø å, Icelandic þ ð, French, Spanish, Portuguese; written for
this test in tests/data/foreign/) are never "repaired" into Vietnamese letters,
as Unicode text or as single-byte files; every legacy oddity still is."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import load
from extract.ingest.encoding import decode_bytes, repair_legacy, syllable_share

ROOT = Path(__file__).resolve().parent.parent
FOREIGN = sorted((Path(__file__).parent / "data" / "foreign").glob("*.txt"))
ODD = ROOT / "corpus" / "oddities"


@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
def test_a_clean_foreign_text_is_left_alone(path: Path):
    text = path.read_text(encoding="utf-8")
    repaired, _, scheme = repair_legacy(text)
    assert scheme is None and repaired == text
    decoded, encoding, _ = decode_bytes(path, text.encode("cp1252"))
    assert decoded == text and encoding == "windows-1252"


def test_the_foreign_set_has_the_letters_that_fooled_the_detector():
    letters = set("".join(p.read_text(encoding="utf-8") for p in FOREIGN))
    assert {"ß", "ü", "ö", "æ", "ø", "å", "\u00ad", "ã", "ç", "ð", "þ"} <= letters


@pytest.mark.parametrize("name", [
    "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam-tcvn3.txt",
    "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam-vni.docx",
    "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam-phong-tcvn3.pdf",
])
def test_every_legacy_oddity_is_still_repaired(name: str):
    doc = load(ODD / name)
    assert doc.encoding in ("tcvn3", "vni")
    assert "ỦY BAN NHÂN DÂN" in doc.text and syllable_share(doc.text) > 0.9


def test_syllables_tell_vietnamese_from_a_misread_code_page():
    assert syllable_share("Kế hoạch phòng, chống ma túy của huyện") == 1.0
    # the same words read through the wrong code page: two tones, impossible rhymes
    assert syllable_share("Kêì hoaòch phoÌng, chôìng ma túy cuÒa huyêòn") < 0.5
    assert syllable_share("Die Straßenbahn fährt über die Brücke") < 0.3
