"""Character encodings: decode bytes, and repair legacy Vietnamese font encodings.

Signals, in order:

1. a byte-order mark (UTF-8, UTF-16 LE/BE);
2. strict UTF-8;
3. UTF-16 without BOM (every other byte NUL);
4. single-byte readings scored by :func:`vietnamese_score`: Windows-1258, and
   the Windows-1252 reading repaired as TCVN3 (ABC) or VNI (tables in
   ``models/legacy_encodings/``). The best-scoring reading wins.

Text that is already Unicode can still be legacy mojibake (a DOCX typed in
.VnTime fonts: "B¶o Th¾ng"); :func:`repair_legacy` detects it with the same
score and converts it, returning the offset map.

It never guesses silently: every decision other than plain UTF-8 is reported
in the warnings (in Vietnamese).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..errors import IngestError
from ..language.lexicons import legacy_table
from .offsets import OffsetMap, rewrite

_BASE_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
# how much better a repaired reading must score to be preferred
_REPAIR_MARGIN = 0.08
# and how Vietnamese its words must look: the share that are Vietnamese
# syllables (German "Straße" -> "Straòe" is not one, TCVN3 "ho¹ch" -> "hoạch" is),
# and how much that share must rise (measured on tests/data/foreign: clean texts
# with foreign letters; on the TCVN3 and VNI oddities the share rises by > 0.5)
_MIN_SYLLABLES = 0.7
_SYLLABLE_GAIN = 0.2
# a toneless Vietnamese syllable: onset, then a rhyme: a vowel group that may take
# a final consonant, or one that ends in a glide and takes none ("oi", "ươu")
_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
_CLOSED = "uyê|iê|yê|uô|ươ|oa|oă|oe|uâ|uê|uy|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_OPEN = ("iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|"
         "ôi|ơi|ua|ui|ưa|ưi|ưu")
_SYLLABLE = re.compile(rf"{_ONSET}(?:(?:{_CLOSED})(?:ch|ng|nh|[cmnpt])?|(?:{_OPEN}))")
_LETTERS = re.compile(r"[^\W\d_]+")
_NO_TONES = dict.fromkeys(map(ord, _TONE_MARKS))


@lru_cache(maxsize=1)
def _vietnamese_letters() -> frozenset[str]:
    """Every letter of the Vietnamese alphabet, both cases, all tones."""
    letters = set("abcdefghijklmnopqrstuvwxyzđăâêôơư")
    for v in _BASE_VOWELS:
        for t in _TONE_MARKS:
            letters.add(unicodedata.normalize("NFC", v + t))
    return frozenset(letters | {c.upper() for c in letters})


@lru_cache(maxsize=1)
def _marked_letters() -> frozenset[str]:
    """Letters that only Vietnamese (among Latin-script languages) uses."""
    return frozenset(c for c in _vietnamese_letters() if c.lower() not in
                     set("abcdefghijklmnopqrstuvwxyz"))


_WORD = re.compile(r"[^\s\d.,;:!?()\[\]\"'“”/\\\-–—_*#|<>=+%&@]+")


@lru_cache(maxsize=1)
def _letter_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    letters = "".join(sorted(_vietnamese_letters()))
    marked = "".join(sorted(_marked_letters()))
    return (re.compile(f"[{re.escape(letters)}]"), re.compile(f"[{re.escape(marked)}]"),
            re.compile(r"[^\W\d_]"))


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def vietnamese_score(text: str, sample: int = 4000) -> float:
    """Share of word characters that are Vietnamese letters, plus a bonus for
    Vietnamese-only letters. Mojibake (symbols inside words) scores low."""
    text = _nfc(text[:sample])
    letters, marked, _ = _letter_patterns()
    words = "".join(_WORD.findall(text))
    total = len(words)
    if not total:
        return 0.0
    good = len(letters.findall(words))
    special = len(marked.findall(words))
    return good / total + min(special / total, 0.15)


def syllable_share(text: str, sample: int = 4000) -> float:
    """Share of the words (letter runs) of ``text`` that are Vietnamese syllables."""
    words = _LETTERS.findall(_nfc(text[:sample]).lower())
    if not words:
        return 0.0
    ok = 0
    for w in words:
        d = unicodedata.normalize("NFD", w)
        toneless = d.translate(_NO_TONES)
        # one tone at most: a misread code page leaves two ("kêì" for "kế")
        if len(d) - len(toneless) <= 1 and _SYLLABLE.fullmatch(
                unicodedata.normalize("NFC", toneless)):
            ok += 1
    return ok / len(words)


def marked_ratio(text: str, sample: int = 4000) -> float:
    """Share of letters that carry Vietnamese diacritics (about 0.2 in prose)."""
    text = _nfc(text[:sample])
    _, marked, alpha = _letter_patterns()
    n = len(alpha.findall(text))
    return len(marked.findall(text)) / n if n else 0.0


@lru_cache(maxsize=4)
def _signature(scheme: str) -> re.Pattern[str]:
    """Legacy sequences that are not Vietnamese letters themselves (a cheap test
    before scoring): TCVN3 symbols such as "¸ µ ¶", VNI letter+mark pairs."""
    letters = _vietnamese_letters()
    keys = [k for k in legacy_table(scheme) if not all(c in letters for c in k)]
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def _legacy_pattern(scheme: str) -> tuple[re.Pattern[str], dict[str, str]]:
    return _compiled(scheme)


@lru_cache(maxsize=4)
def _compiled(scheme: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table = legacy_table(scheme)
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)), table


_LINE = re.compile(r"[^\n]+")
_ASCII_UPPER = re.compile(r"[A-ZĂÂÊÔƠƯĐ]")
_ASCII_LOWER = re.compile(r"[a-z]")
# a lowercase letter later followed by a capital inside one word
_MIXED_WORD = re.compile(r"[^\W\d_A-ZĂÂÊÔƠƯĐ]*[a-zà-ỹđăâêôơư][^\W\d_]*?[A-ZĂÂÊÔƠƯĐ]")


def convert_legacy(text: str, scheme: str) -> tuple[str, OffsetMap]:
    """Convert TCVN3 or VNI mojibake to Unicode (longest sequence first)."""
    pattern, table = _legacy_pattern(scheme)
    out, mapping = rewrite(text, pattern, lambda m: table[m.group(0)])
    if scheme == "tcvn3":
        # TCVN3 has no toned capitals: capitals were typed in the .VnTimeH font,
        # whose codes are the lowercase ones. A line typed in capitals otherwise
        # gets its toned letters back in capitals (same length: map unchanged).
        out = _LINE.sub(_recase_capital_line, out)
    return out, mapping


def _recase_capital_line(m: re.Match[str]) -> str:
    """Upper-case a line in capitals that holds a word no typist writes in
    Unicode: a lowercase letter followed by a capital ("CẩM", "ủY")."""
    line = m.group(0)
    upper = len(_ASCII_UPPER.findall(line))
    lower = len(_ASCII_LOWER.findall(line))
    if upper >= 3 and upper >= 4 * lower and _MIXED_WORD.search(line):
        return line.upper()
    return line


def repair_legacy(text: str) -> tuple[str, OffsetMap, str | None]:
    """Detect legacy-font mojibake in Unicode text and convert it.

    Returns the (possibly) converted text, its map back to ``text`` and the
    scheme name, or None when the text was left alone.
    """
    schemes = [s for s in ("tcvn3", "vni") if _signature(s).search(text, 0, 4000)]
    if not schemes:  # no sequence only a legacy font produces: nothing to do
        return text, OffsetMap.identity(len(text)), None
    base = vietnamese_score(text)
    if base >= 1.05:  # already clearly Vietnamese Unicode
        return text, OffsetMap.identity(len(text)), None
    best: tuple[float, str] | None = None
    for scheme in schemes:
        sample, _ = convert_legacy(text[:4000], scheme)
        score = vietnamese_score(sample)
        if score > base + _REPAIR_MARGIN and (best is None or score > best[0]):
            best = (score, scheme)
    if best is None:
        return text, OffsetMap.identity(len(text)), None
    # never a false repair: the converted words must be Vietnamese syllables,
    # far more of them than before (foreign letters alone do not qualify)
    sample, _ = convert_legacy(text[:4000], best[1])
    after = syllable_share(sample)
    if after < _MIN_SYLLABLES or after < syllable_share(text[:4000]) + _SYLLABLE_GAIN:
        return text, OffsetMap.identity(len(text)), None
    converted, mapping = convert_legacy(text, best[1])
    return converted, mapping, best[1]


def decode_bytes(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    """Decode a text file; returns (text, encoding name, warnings)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, []
            except UnicodeDecodeError as err:
                raise IngestError(path, "undecodable", f"{enc}: {err.reason}") from err
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    head = data[:4000]
    if head and head.count(0) > len(head) // 4:
        enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc), enc, [f"đọc theo bảng mã {enc} (không có BOM)"]
        except UnicodeDecodeError as err:
            raise IngestError(path, "undecodable", f"{enc}: {err.reason}") from err
    # the Vietnamese code page only where it reads far more Vietnamese syllables
    # than the Western one (Portuguese "ã" is byte E3, which cp1258 reads "ă")
    cp1258 = data.decode("cp1258", errors="replace")
    cp1252 = data.decode("cp1252", errors="replace")
    plain = syllable_share(cp1252)
    reading = ("windows-1252", cp1252)
    if syllable_share(cp1258) >= plain + _SYLLABLE_GAIN:
        reading, plain = ("windows-1258", cp1258), syllable_share(cp1258)
    candidates: list[tuple[float, str, str]] = [(vietnamese_score(reading[1]), *reading)]
    latin = data.decode("latin-1")
    for scheme in ("tcvn3", "vni"):
        converted, _ = convert_legacy(latin, scheme)
        share = syllable_share(converted)
        if share >= _MIN_SYLLABLES and share >= plain + _SYLLABLE_GAIN:
            candidates.append((vietnamese_score(converted) - _REPAIR_MARGIN, scheme,
                               converted))
    score, enc, text = max(candidates, key=lambda c: c[0])
    return text, enc, [f"không phải UTF-8: đọc theo bảng mã {enc}"]
