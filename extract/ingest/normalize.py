"""Normalization: one function that turns extracted text into the text every
later stage reads, and always returns the offset map back to its input.

Steps, in order (each is a regex rewrite whose map is composed into the result):

1. line endings ``\\r\\n`` / ``\\r`` -> ``\\n``;
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

Steps 5 to 7 run as one pass over runs of whitespace (``_fold_whitespace``).

It never corrects words, never changes letters other than tone placement, and
never removes visible text.
"""

from __future__ import annotations

import re
import unicodedata

from ..language.vietnamese import LOWER as _LOWER
from ..language.vietnamese import tone_table
from .offsets import OffsetMap, rewrite_if_matched

# -- step 1 ----------------------------------------------------------------------
_CRLF = re.compile(r"\r\n?")  # Windows and old Mac line endings

# -- step 2 ----------------------------------------------------------------------
# a base character followed by combining marks (all Vietnamese marks are here)
_COMBINING_RUN = re.compile(r".[\u0300-\u036f]+", re.DOTALL)

# -- step 3 ----------------------------------------------------------------------
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]+")

# -- step 5 ----------------------------------------------------------------------
# one-for-one replacements (same length, so the offset map does not change):
# dash variants -> "-", space variants -> " "
_ONE_FOR_ONE = str.maketrans(
    {**{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
     **{c: " " for c in "\t\u00a0\u1680\u202f\u205f\u3000"},
     **{chr(c): " " for c in range(0x2000, 0x200B)}}
)
_NEEDS_ONE_FOR_ONE = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d\t\u00a0\u1680"
                                "\u2000-\u200a\u202f\u205f\u3000]")
# -- steps 5 to 7 in one pass: every run of layout whitespace -------------------
# a run of spaces, or a run of line/page breaks with the spaces around them
# only the runs that may change: a lone "\n" or a "\n\n" before a capital is
# already canonical and is not even visited (most line breaks of a plan)
_WHITESPACE_RUN = re.compile(
    r" +(?=[\n\f])[ \n\f]*"          # spaces before a break
    r"|[\n\f](?=[ \f])[ \n\f]*"      # a break followed by spaces or a page break
    r"|\n\n\n[ \n\f]*"              # three or more newlines
    r"|\f[ \n\f]*"                    # a page break
    rf"|\n\n?(?=[{_LOWER}])"           # a break before a lowercase letter
    r"| {2,}"                           # a run of spaces
)
_LOWER_START = frozenset("abcdefghijklmnopqrstuvwxyz" + _LOWER[3:])
_SENTENCE_END = frozenset(".;:!?…")
# "a) Chỉ tiêu", "b. Nhiệm vụ": a lowercase list label opens a new line
_LIST_LABEL = re.compile(r"[a-zđ][).]\s")


def _fold_whitespace(m: re.Match[str]) -> str:
    run = m.group(0)
    if "\n" not in run and "\f" not in run:
        return " "
    start, end, text = m.start(), m.end(), m.string
    before = text[start - 1] if start else "."
    after = text[end] if end < len(text) else ""
    if (after in _LOWER_START and before not in _SENTENCE_END
            and not _LIST_LABEL.match(text, end)):
        return " "  # one sentence broken by a line, blank line or page break
    if "\f" in run or run.count("\n") > 1:
        return "\n\n"
    return "\n"


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Normalize ``text``; return the new text and the map back to ``text``."""
    mapping = OffsetMap.identity(len(text))

    def step(pattern: re.Pattern[str], repl) -> None:  # type: ignore[no-untyped-def]
        nonlocal text, mapping
        new, m = rewrite_if_matched(text, pattern, repl)
        if m is not None:
            text, mapping = new, m.compose(mapping)

    if "\r" in text:
        step(_CRLF, lambda m: "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        step(_COMBINING_RUN, lambda m: unicodedata.normalize("NFC", m.group(0)))
    step(_INVISIBLE, lambda m: "")
    tone_pattern, tone_map = tone_table()
    step(tone_pattern, lambda m: tone_map.get(m.group(0), m.group(0)))
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        # moving a tone can free a mark to compose ("hoà" + U+0301): NFC again,
        # so that normalizing twice gives the same text
        step(_COMBINING_RUN, lambda m: unicodedata.normalize("NFC", m.group(0)))
    # same length, so the map does not change (str.translate is slower here)
    text = _NEEDS_ONE_FOR_ONE.sub(lambda m: _ONE_FOR_ONE[ord(m.group(0))], text)
    step(_WHITESPACE_RUN, _fold_whitespace)
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    if lead or trail:
        end = len(text) - trail
        text = text[lead:end] if end > lead else ""
        mapping = OffsetMap([(0, len(text), lead, lead + len(text))] if text else [],
                            len(text), len(text) + lead + trail).compose(mapping)
    return text, mapping


def normalize_text(text: str) -> str:
    """The normalized text alone, for comparing short strings (headings, names)."""
    return normalize(text)[0]
