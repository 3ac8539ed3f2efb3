"""Diacritics that OCR misreads, repaired from the dictionary's two-syllable words.

Tesseract's Vietnamese model keeps the letters of a word and loses or swaps its
marks: "chuyên môn" read as "chưyên môn", "Đề nghị" as "Để nghị", "YÊU CẦU" as
"YÊU CÂU" (measured on the scanned seeds: the misread headings and agency names
were all of this kind). Section headings and agency names are matched by their
words, so one wrong mark loses a section or an agency.

A pair of neighbouring syllables that is no word of the dictionary
(:func:`~extract.language.lexicons.word_pairs`) is replaced by the one word
whose letters, without marks, are the same: only when exactly one word is
spelled so ("chi tiêu" / "chỉ tiêu" stays as read), when neither syllable
makes a word with its other neighbour ("để Nghị quyết" is two words, "để" and
"Nghị quyết", and stays), and when the syllable left as read is no function
word ("các chị em" stays). The case of each letter is kept. Measured on the
clean texts of the seeds and of the real corpora (252 texts, 5 465 lines):
no wrong repair; the 7 repairs made there are all typos of the source
("nông nghiêp", "CỘNG HÕA", "Phần đấu").

The Icelandic "Ð", which Tesseract reads for "Đ", becomes "Đ". A full stop that a speck of the scan puts between two words of one sentence
("phối hợp. với các sở") is dropped: a sentence never starts in lower case.

Only OCR'd lines are repaired (a text layer says what its author typed).
"""

from __future__ import annotations

import re

from ..language.lexicons import WordPairs, fold, word_pairs
from ..language.vietnamese import LOWER, UPPER, strip_marks

# one syllable: letters only (a number, a code or a mixed token is no syllable)
_SYLLABLE = re.compile(rf"[{LOWER}{UPPER}]+")
# Tesseract reads "Đ" (U+0110) as the Icelandic eth "Ð" (U+00D0), which looks
# the same and is no Vietnamese letter: "Sở LÐ TB&XH"
_ETH = str.maketrans("Ðð", "Đđ")
# a numbering label at the start of a line ("11. ", "a) ", "- ")
_LABEL = re.compile(r"\s*(?:(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+|[-–+*•]\s*)?")
# a heading in upper case (after its label)
_HEADING = re.compile(rf"\s*(?:[IVX]+|\d+|[A-Z])?[.)]?\s*[{UPPER}][{UPPER}\s,;/-]+$")
# a full stop after a word (two letters: not "v.v.") before a lower-case word
_STRAY_STOP = re.compile(rf"(?<=[{LOWER}{UPPER}]{{2}})\.(?= [{LOWER}])")


def repair_words(lines: list[str], pairs: WordPairs | None = None) -> tuple[list[str], list[str]]:
    """The lines with misread diacritics repaired, and one note per repair
    ("'Để nghị' -> 'Đề nghị'")."""
    pairs = pairs or word_pairs()
    out: list[str] = []
    notes: list[str] = []
    for line in lines:
        if "Ð" in line or "ð" in line:
            notes.append("'Ð' -> 'Đ'")
            line = line.translate(_ETH)
        line, stops = _STRAY_STOP.subn("", line)
        if stops:
            notes.append(f"bỏ {stops} dấu chấm lạc")
        out.append(_repair_line(line, pairs, notes))
    return out, notes


def _repair_line(line: str, pairs: WordPairs, notes: list[str]) -> str:
    words = [[m.start(), m.group(0)] for m in _SYLLABLE.finditer(line)]
    if not words:
        return line
    heading = _HEADING.match(line) is not None
    label = _LABEL.match(line).group(0)
    first = bool(label.strip()) and words[0][0] == len(label)

    def known(i: int, j: int) -> bool:
        """Syllables i and j (i + 1 == j) are one word of the dictionary, next to each other."""
        if i < 0 or j >= len(words):
            return False
        a, b = words[i], words[j]
        if line[a[0] + len(a[1]):b[0]] != " ":
            return False
        pair = fold(a[1] + " " + b[1])
        return pair in pairs.words or pair in pairs.domain

    changed = False
    for i in range(len(words) - 1):
        a, b = words[i], words[i + 1]
        if line[a[0] + len(a[1]):b[0]] != " " or known(i, i + 1):
            continue
        spelled = pairs.by_bare.get(strip_marks(fold(a[1] + " " + b[1])))
        if spelled is None or len(spelled) != 1:
            continue
        # a syllable that is one word with its other neighbour is read right,
        # and so is the pair: two words meet there
        if known(i - 1, i) or known(i + 1, i + 2):
            continue
        new_a, new_b = spelled[0].split(" ")
        changed_as_read = [w for w, new in ((a[1], new_a), (b[1], new_b)) if fold(w) != new]
        # where a wrong mark still spells a syllable ("Để", "CÂU"), only a
        # heading (upper case, or the first words after a numbering label)
        # says which word it is; elsewhere "Đang tải" is as right as "Đăng tải"
        if all(fold(w) in pairs.syllables for w in changed_as_read) and not (
                heading or (first and i == 0)):
            continue
        # the syllable left as read must be a content word: "các" says nothing
        # of the word after it ("các chị em" is no "các chỉ tiêu")
        if (fold(a[1]) == new_a and new_a in pairs.function) or (
                fold(b[1]) == new_b and new_b in pairs.function):
            continue
        fixed_a, fixed_b = _cased(new_a, a[1]), _cased(new_b, b[1])
        notes.append(f"'{a[1]} {b[1]}' -> '{fixed_a} {fixed_b}'")
        a[1], b[1] = fixed_a, fixed_b
        changed = True
    if not changed:
        return line
    # syllables keep their length (a mark changes, never a letter): write them back in place
    chars = list(line)
    for start, text in words:
        chars[start:start + len(text)] = list(text)
    return "".join(chars)


def _cased(word: str, like: str) -> str:
    """``word`` with the case of each letter of ``like`` (same letters, other marks)."""
    return "".join(c.upper() if o.isupper() else c for c, o in zip(word, like))
