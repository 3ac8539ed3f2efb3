"""Vietnamese letters: the one tone-placement style every stage compares in.

Administrative documents write the *old* style ("hòa", "thủy", "Ủy ban"); web
copies often the new one ("hoà", "thuỷ"). :func:`fold_tones` maps a string to the
old style without an offset map (for comparisons and lexicon keys); the
normalizer applies the same table with its map.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# letters, for regexes that must tell a word's case (Python's re has no \p{Lu})
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_VOWEL_PAIRS = ("oa", "oe", "uy")


@lru_cache(maxsize=1)
def tone_table() -> tuple[re.Pattern[str], dict[str, str]]:
    """New-style "oà/oè/uỳ" -> old-style "òa/òe/ùy" at the end of a syllable.

    Built from the five tone marks, so no word list is involved. "qu" is an onset
    ("quý" keeps its tone on y) and a following letter means the pair is not the
    end of the syllable ("hoàn", "khuyến" are the same in both styles).
    """
    table: dict[str, str] = {}
    for first, second in _VOWEL_PAIRS:
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second.upper()),
                         (first.upper(), second)):
                new = unicodedata.normalize("NFC", f + s + tone)
                old = unicodedata.normalize("NFC", f + tone + s)
                table[new] = old
    seconds = "".join(sorted({k[1] for k in table}))
    # cheap character classes first; the table decides (unknown pairs are kept)
    pattern = re.compile(rf"[oOuU][{seconds}](?![^\W\d_])(?<![qQ]..)")
    return pattern, table


def fold_tones(text: str) -> str:
    """Old-style tone placement for one string (no map): for comparisons."""
    pattern, table = tone_table()
    return pattern.sub(lambda m: table.get(m.group(0), m.group(0)), text)


def strip_marks(text: str) -> str:
    """The letters without their marks ("Để nghị" -> "De nghi"): the key under
    which OCR's misread diacritics meet the word they belong to."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")
