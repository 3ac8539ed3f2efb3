"""Normalization: one function that turns extracted text into the text every
later stage reads, and always returns the offset map back to its input.

Steps, in order (each is a regex rewrite whose map is composed into the result):

1. line endings ``\\r\\n`` / ``\\r`` -> ``\\n``; form feed (page break) kept for step 6;
2. Unicode NFC (decomposed Vietnamese, as typed on some Mac and web sources);
3. soft hyphens and zero-width characters removed;
4. one tone-placement style: the *old* style that administrative documents use
   ("hòa", "thủy", "Ủy ban"), so "hoà" and "hòa" compare equal;
5. dash variants (en/em dash, minus, figure dash) -> ``-``; space variants
   (tab, no-break, thin ...) and runs of spaces -> one space; spaces at the ends
   of lines removed;
6. a sentence broken by a line break, a blank line or a page break is rejoined
   with one space (the break is followed by a lowercase letter and the line
   before it does not end a sentence): "cổng thông tin quận\\n\\nít nhất một tháng một lần";
7. three or more newlines -> two; the text is stripped.

It never corrects words, never changes letters other than tone placement, and
never removes visible text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .offsets import OffsetMap, rewrite

# -- step 1 ----------------------------------------------------------------------
_CRLF = re.compile(r"\r\n?")  # Windows and old Mac line endings

# -- step 2 ----------------------------------------------------------------------
# a base character followed by combining marks (all Vietnamese marks are here)
_COMBINING_RUN = re.compile(r".[\u0300-\u036f]+", re.DOTALL)

# -- step 3 ----------------------------------------------------------------------
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]+")

# -- step 5 ----------------------------------------------------------------------
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}|"
                     r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_EDGE_SPACES = re.compile(r" +(?=\n)|(?<=\n) +| +\Z|\A +")

# -- step 6 ----------------------------------------------------------------------
# a line that does not end a sentence, a blank line or a page break, then a line
# that starts with a lowercase letter: one sentence broken in two.
_BROKEN_SENTENCE = re.compile(
    r"(?<=[^\s.;:!?…])[ ]*[\n\f](?:[ ]*[\n\f])*[ ]*"
    r"(?=[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ])"
)
_PAGE_BREAK = re.compile(r"[ ]*\f[ \f]*")

# -- step 7 ----------------------------------------------------------------------
_MANY_NEWLINES = re.compile(r"\n{3,}")
_DOC_EDGES = re.compile(r"\A\s+|\s+\Z")

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_VOWEL_PAIRS = ("oa", "oe", "uy")


@lru_cache(maxsize=1)
def _tone_table() -> tuple[re.Pattern[str], dict[str, str]]:
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
    alternatives = "|".join(sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"(?<![qQ])(?:{alternatives})(?![^\W\d_])")
    return pattern, table


def fold_tones(text: str) -> str:
    """Old-style tone placement for one string (no map): for comparisons."""
    pattern, table = _tone_table()
    return pattern.sub(lambda m: table[m.group(0)], text)


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Normalize ``text``; return the new text and the map back to ``text``."""
    mapping = OffsetMap.identity(len(text))

    def step(pattern: re.Pattern[str], repl) -> None:  # type: ignore[no-untyped-def]
        nonlocal text, mapping
        if pattern.search(text) is None:
            return
        text, m = rewrite(text, pattern, repl)
        mapping = m.compose(mapping)

    step(_CRLF, lambda m: "\n")
    if not unicodedata.is_normalized("NFC", text):
        step(_COMBINING_RUN, lambda m: unicodedata.normalize("NFC", m.group(0)))
    step(_INVISIBLE, lambda m: "")
    tone_pattern, tone_table = _tone_table()
    step(tone_pattern, lambda m: tone_table[m.group(0)])
    step(_DASHES, lambda m: "-")
    step(_SPACES, lambda m: " ")
    step(_BROKEN_SENTENCE, lambda m: " ")
    step(_PAGE_BREAK, lambda m: "\n\n")
    step(_LINE_EDGE_SPACES, lambda m: "")
    step(_MANY_NEWLINES, lambda m: "\n\n")
    step(_DOC_EDGES, lambda m: "")
    return text, mapping


def normalize_text(text: str) -> str:
    """The normalized text alone, for comparing short strings (headings, names)."""
    return normalize(text)[0]
