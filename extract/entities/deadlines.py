"""Deadlines: times by which, within which or on which something must be done,
and reporting rhythms (contract "What counts" > Deadline).

Signals, in order (the phrases are data: ``models/deadlines.yaml``):

1. ``by``: "trước (ngày) 25/6", "chậm nhất ngày 20/6/2025", "đến hết ngày ...";
2. ``within``: "trong tháng 12/2018" (last day of the month), "trong Quý III/2025"
   (last day of the quarter), "hoàn thành trong năm 2025", "6 tháng đầu năm",
   a window "từ ngày 01/6 đến 31/8/2022" (its last day, the first in ``start``);
3. ``on``: "vào ngày 15/5/2024";
4. ``periodic``: "định kỳ 6 tháng, 1 năm" (two rhythms), "định kỳ hằng quý",
   "hằng tháng"; a dated deadline the sentence says repeats ("... trước ngày
   25/12 hằng năm") is periodic and keeps its date.

A date without a year takes the plan's year (a news copy without one: the
year of the text's first full date). It never takes the document's own
date, the dates of cited documents (their spans are passed in), a target year
or a "giai đoạn" as a deadline.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from schemas import Deadline

from ..ingest.document import Document
from ..language.lexicons import DeadlineLexicon, deadline_lexicon, fold
from ..language.patterns import first_full_year, iso_date

_DATE = (r"(?:ngày\s+)?(?P<d>[0-3]?\d)\s?(?:/|-|\.|\s+tháng\s+)\s?(?P<m>[01]?\d)"
         r"(?:\s?(?:/|-|\.|\s+năm\s+)\s?(?P<y>(?:19|20)\d\d))?(?![\d/])")
_WINDOW_OPEN = re.compile(r"từ\s+(?:ngày\s+)?\d{1,2}\s+$")
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_RHYTHM = {"tháng": "monthly", "quý": "quarterly", "năm": "yearly", "tuần": "weekly",
           "6 tháng": "6-monthly", "sáu tháng": "6-monthly", "1 năm": "yearly",
           "một năm": "yearly", "3 tháng": "quarterly"}


@lru_cache(maxsize=1)
def _patterns(lex: DeadlineLexicon) -> dict[str, re.Pattern[str]]:
    by = "|".join(sorted(map(re.escape, lex.by_words), key=len, reverse=True))
    rhythm = r"(?:(?:hằng|hàng|mỗi)\s+)?(?:6 tháng|sáu tháng|3 tháng|tháng|quý|năm|1 năm|một năm|tuần)"
    return {
        "window": re.compile(r"từ\s+(?:ngày\s+)?(?P<a>[0-3]?\d\s?/\s?[01]?\d(?:\s?/\s?\d{4})?)"
                             r"\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?"
                             r"(?P<b>[0-3]?\d\s?/\s?[01]?\d(?:\s?/\s?\d{4})?)"),
        "by": re.compile(rf"(?:{by})\s+(?:vào\s+)?{_DATE}"
                         r"(?P<next>\s+(?:của\s+)?năm\s+sau)?"),
        "on": re.compile(rf"vào\s+(?:(?:sáng|chiều|tối)\s+)?{_DATE}"),
        "month": re.compile(r"trong\s+tháng\s+(?P<m>[01]?\d)(?:\s?(?:/|năm)\s?"
                            r"(?P<y>(?:19|20)\d\d))?(?![\d/])"),
        "relative": re.compile(r"(?P<kw>chậm nhất|trong vòng|trong thời gian|trong)\s+"
                               r"(?P<n>\d{1,3})\s+(?:ngày|giờ|tuần)(?:\s+làm việc)?\s+"
                               r"(?:sau khi|kể từ|từ khi|từ ngày)[^.;\n]{0,80}"),
        "quarter": re.compile(r"trong\s+quý\s+(?P<q>iv|i{1,3}|[1-4])"
                              r"(?:\s?(?:/|năm)\s?(?P<y>(?:19|20)\d\d))?"),
        "year": re.compile(r"(?:(?:hoàn thành|xong|hoàn tất)\s+(?:trong|trước hết)\s+năm\s+"
                           r"|^[\s\-+•]*(?:hoàn thành|hoàn tất)\b[^.;\n]*?\strong\s+năm\s+)"
                           r"(?P<y>(?:19|20)\d\d)", re.MULTILINE),
        "half": re.compile(r"(?:trong\s+6|6)\s+tháng\s+(?P<h>đầu|cuối)\s+năm"
                           r"(?:\s+(?P<y>(?:19|20)\d\d))?"),
        "periodic": re.compile(
            # both branches begin with a letter, so the engine skips to them; the
            # second is the whole match ("r3" in _periodic), the boundary is checked there
            rf"định kỳ\s*\(?\s*(?P<r1>{rhythm})(?:\s*,\s*(?P<r2>{rhythm}))?\s*\)?"
            rf"|h(?:ằ|à)ng\s+(?:tháng|quý|năm|tuần)(?![^\W\d_])",
            ),
    }


def find_deadlines(doc: Document, *, year: int | None = None,
                   exclude: list[tuple[int, int]] | None = None,
                   lexicon: DeadlineLexicon | None = None) -> list[Deadline]:
    """Deadlines of ``doc``; ``year`` completes dates written without one;
    ``exclude`` holds spans that are not deadlines (cited documents' mentions)."""
    lex = lexicon or deadline_lexicon()
    text = doc.text
    # the patterns are lower case and run on a lower-cased copy (same offsets):
    # much faster than IGNORECASE on Unicode text
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    pats = _patterns(lex)
    if year is None and (dateline := first_full_year(low)):
        year = int(dateline)
    taken = _Taken(len(text), exclude or [])
    found: list[tuple[int, int, dict]] = []

    def add(a: int, b: int, **fields: object) -> None:
        if a > 0 and text[a - 1].isalnum():
            return  # inside a word (the patterns leave the boundary to this check)
        if taken.free(a, b):
            taken.append((a, b))
            found.append((a, b, fields))

    for m in pats["window"].finditer(low):
        end = _date(m.group("b"), year)
        add(m.start(), m.end(), kind="within", date=end, start=_date(m.group("a"), year))
    for m in pats["by"].finditer(low):
        if low.startswith("đến", m.start()) and _WINDOW_OPEN.search(low, max(0, m.start() - 25),
                                                                   m.start()):
            continue  # "diễn ra từ ngày 01 đến ngày 30/6": how long it lasts
        y = m.group("y") or ((year + 1 if m.group("next") else year) if year else None)
        add(m.start(), m.end(), kind="by", date=iso_date(m.group("d"), m.group("m"), y))
    for m in pats["relative"].finditer(low):
        kind = "by" if fold(m.group("kw")) == "chậm nhất" else "within"
        add(m.start(), m.end(), kind=kind, date=None)
    for m in pats["month"].finditer(low):
        y, mo = int(m.group("y") or year or 0), int(m.group("m"))
        if y and 1 <= mo <= 12:
            add(m.start(), m.end(), kind="within",
                date=f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}")
    for m in pats["quarter"].finditer(low):
        y = int(m.group("y")) if m.group("y") else year
        q = _ROMAN_Q[m.group("q").lower()]
        if y:
            mo = 3 * q
            add(m.start(), m.end(), kind="within",
                date=f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}")
    for m in pats["year"].finditer(low):
        a = text.rfind("trong", m.start(), m.start("y"))
        add(a if a >= 0 else m.start(), m.end(), kind="within", date=f"{m.group('y')}-12-31")
    for m in pats["half"].finditer(low):
        y = int(m.group("y")) if m.group("y") else year
        if y and ("trong" in fold(m.group(0)) or _due_context(text, m.start())):
            add(m.start(), m.end(), kind="within",
                date=f"{y:04d}-06-30" if fold(m.group("h")) == "đầu" else f"{y:04d}-12-31")
    for m in pats["on"].finditer(low):
        add(m.start(), m.end(), kind="on", date=iso_date(m.group("d"), m.group("m"),
                                                         m.group("y") or year))
    _periodic(text, low, pats["periodic"], found, taken)
    found.sort(key=lambda f: f[0])
    out: list[Deadline] = []
    for i, (a, b, fields) in enumerate(found, 1):
        out.append(Deadline(id=f"d{i}", text=text[a:b], span=(a, b),
                            applies_to=_applies_to(text, a), **fields))  # type: ignore[arg-type]
    return out


def _periodic(text: str, low: str, pattern: re.Pattern[str], found: list, taken: _Taken
              ) -> None:
    for m in pattern.finditer(low):
        a, b = m.span()
        if a > 0 and text[a - 1].isalnum():
            continue
        r3 = None if m.group("r1") else m.group(0)  # "hằng tháng", "hàng năm"
        if r3 and low.startswith(" của", b):
            continue  # "kế hoạch phát triển kinh tế - xã hội hằng năm của xã": which plan
        rhythms = [fold(r) for r in (m.group("r1"), m.group("r2"), r3) if r]
        recurrences = [_RHYTHM.get(re.sub(r"^(?:hằng|hàng|mỗi)\s+", "", r)) for r in rhythms]
        recurrences = [r for r in recurrences if r]
        if not recurrences:
            continue
        # "... trước ngày 25/12 hằng năm": the dated deadlines of the sentence recur
        sentence = max(text.rfind(c, 0, a) for c in ".\n") + 1
        dated = [f for f in found if sentence <= f[0] < a and f[2]["kind"] in ("by", "on")
                 and f[2].get("date") and r3]
        if dated:
            for f in dated:
                f[2]["kind"], f[2]["recurrence"] = "periodic", recurrences[0]
            taken.append((a, b))
            continue
        if not taken.free(a, b):
            continue
        taken.append((a, b))
        for rec in recurrences:
            found.append((a, b, {"kind": "periodic", "date": None, "recurrence": rec}))


class _Taken:
    """Characters already used by a deadline or excluded (a mask, not a list)."""

    def __init__(self, size: int, spans: list[tuple[int, int]]) -> None:
        self.mask = bytearray(size + 1)
        for span in spans:
            self.append(span)

    def append(self, span: tuple[int, int]) -> None:
        a, b = max(0, span[0]), min(len(self.mask), span[1])
        if b > a:
            self.mask[a:b] = b"\x01" * (b - a)

    def free(self, a: int, b: int) -> bool:
        return self.mask.find(1, a, b) < 0


def _date(raw: str, year: int | None) -> str | None:
    parts = re.split(r"\s?/\s?", raw.strip())
    d, mo = parts[0], parts[1]
    y = parts[2] if len(parts) > 2 else year
    return iso_date(d, mo, y)


def _due_context(text: str, pos: int) -> bool:
    before = fold(text[max(0, pos - 25):pos])
    return bool(re.search(r"(?:hoàn thành|xong|thực hiện|triển khai)\s*$", before))


def _applies_to(text: str, pos: int) -> str | None:
    """What is due: the clause before the deadline phrase."""
    start = max(text.rfind(c, 0, pos) for c in ".;\n") + 1
    clause = text[start:pos].strip(" ,-+•")
    clause = re.sub(r"(?:,\s*)?(?:thời gian hoàn thành|thời hạn|hoàn thành|xong)\s*$", "",
                    clause, flags=re.IGNORECASE).strip(" ,")
    return clause or None
