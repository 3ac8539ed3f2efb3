"""Numbering labels that OCR misreads, repaired from their sequence.

Tesseract reads the roman numerals of a plan's top headings badly: "III." as
"II." (one stroke lost), "I." as "1L." or "l."; and the arabic "5." of a list as
"5,". Sections are found by these labels (``structure/sections.py``), so one
misread label merges two sections or drops one (measured on the scanned seeds:
three of the five lost sections). The labels of one document form a sequence
(I, II, III, ...; 1, 2, 3 under each): a label that breaks the sequence and is
one stroke away from the label expected there is read as that label.

Only OCR'd lines are repaired (a text layer says what its author typed), and
only a label that is no roman numeral ("1L") or repeats the one before: any
other numeral is kept (the next one, one the scan skipped, an excerpt that
starts at "IV."), and a repeated "II" is kept when the label after it is the
"III" it would become.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ..language.vietnamese import UPPER

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
          "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")
# a top heading: a roman label, a full stop (or the comma OCR reads for it), an
# upper-case word ("II. KINH PHÍ")
_ROMAN_LABEL = re.compile(rf"^(?P<label>[IVXLl1|]{{1,5}})\s?[.,]\s+(?=[{UPPER}]{{2,}})")
# a list item whose full stop OCR read as a comma ("5, Các thôn trong xã:")
_ARABIC_LABEL = re.compile(rf"^(?P<n>\d{{1,2}})(?P<mark>[.,])\s+(?=[{UPPER}])")
_STROKES = str.maketrans("lL1|", "IIII")  # what a stroke of "I" is read as


def repair_labels(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines (in reading order) with misread labels repaired, and one note
    per repair ("'II.' -> 'III.'")."""
    out = list(lines)
    notes: list[str] = []
    romans = [(i, m) for i, line in enumerate(lines)
              if (m := _ROMAN_LABEL.match(line.lstrip())) is not None]
    count = 0  # the value of the last top label
    for k, (i, m) in enumerate(romans):
        label = m.group("label")
        expected = _ROMAN[count] if count < len(_ROMAN) else None
        following = romans[k + 1][1].group("label") if k + 1 < len(romans) else None
        valid = label in _ROMAN
        if valid and _ROMAN.index(label) + 1 != count:
            count = _ROMAN.index(label) + 1  # the next one, one skipped, an excerpt's start
            continue
        # a duplicate of the last label, or no roman numeral at all ("1L")
        if (expected is not None and following != expected
                and Levenshtein.distance(label.translate(_STROKES), expected) <= 1):
            out[i] = _replace(out[i], m, expected)
            notes.append(f"'{label}.' -> '{expected}.'")
            count += 1
    last = 0
    roman_at = {i for i, _ in romans}
    for i, line in enumerate(out):
        if i in roman_at:
            last = 0
            continue
        m = _ARABIC_LABEL.match(line.lstrip())
        if m is None:
            continue
        n = int(m.group("n"))
        if m.group("mark") == "," and n == last + 1 and last:
            at = len(line) - len(line.lstrip()) + m.end("n")
            out[i] = line[:at] + "." + line[at + 1:]
            notes.append(f"'{n},' -> '{n}.'")
        if n == last + 1 or m.group("mark") == "." and n == 1:
            last = n
    return out, notes


def _replace(line: str, m: re.Match[str], label: str) -> str:
    at = len(line) - len(line.lstrip())
    rest = line[at + m.end("label"):].lstrip()
    if rest.startswith(","):
        rest = "." + rest[1:]
    return line[:at] + label + rest if rest.startswith(".") else line[:at] + label + ". " + rest
