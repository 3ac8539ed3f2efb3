"""Shared compiled regexes: one named constant per concept, used by every stage.

Dates, document numbers and numbering labels appear in the header, the
references, the sections and the deadlines; they are defined here once, so no
regex is written twice. Each pattern works on the *normalized* text (NFC,
old-style tones, "-" for every dash, single spaces).
"""

from __future__ import annotations

import re
from datetime import date

# -- dates -----------------------------------------------------------------------
# 07/3/2023, 7-3-2023, 07.03.2023; day/month without a year: 25/6
DATE_NUMERIC = re.compile(
    # the digit first, then the look-behinds: lets the regex engine skip to digits
    r"(?P<d>\d(?<![\d/]\d)(?:(?<=[0-3])\d)?)\s?[/.-]\s?(?P<m>[01]?\d)(?:\s?[/.-]\s?(?P<y>(?:19|20)\d\d))?"
    r"(?![\d/]|\.\d)"
)
# ngày 28 tháng 9 năm 2021 (day or month may be left blank in a draft header)
DATE_WORDS = re.compile(
    r"ngày\s*(?P<d>[0-3]?\d)?\s*tháng\s*(?P<m>[01]?\d)?\s*(?:năm\s*(?P<y>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
# tháng 12/2018, tháng 12 năm 2018
MONTH_YEAR = re.compile(
    r"tháng\s*(?P<m>[01]?\d)\s*(?:/|năm\s*)(?P<y>(?:19|20)\d\d)", re.IGNORECASE
)


def number_value(num: str) -> float:
    """A printed number: "1.000" (thousands) -> 1000, "80,5" (decimal comma) -> 80.5."""
    return float(num.replace(".", "").replace(",", ".")) if "," in num else float(
        num.replace(".", "") if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num) else num)


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# the year a figure is tied to, with its preposition ("đến năm 2025", "vào năm 2030",
# "cuối năm 2024", "năm 2020"): targets and the figure model
FIGURE_YEAR = re.compile(
    r"(?:(?P<prep>đến|tới|vào|trong|cuối|từ)\s+(?:hết\s+)?)?năm\s+(?P<y>(?:19|20)\d\d)")
# giai đoạn 2021-2025, 2021 - 2025
YEAR_RANGE = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d\d)\s?-\s?(?P<b>(?:19|20)\d\d)(?!\d)")

# -- document numbers -------------------------------------------------------------
# 76/KH-UBND, 178/2004/NĐ-CP, 29/QĐ-BLĐTĐ, 221/LĐTBOXH-PCTNXH, 16/2023/TT-BLĐTBXH
# party documents: 128-KL/TW, 36-CT/TW, 113-KH/TU
DOC_NUMBER = re.compile(
    r"(?P<n>\d(?<![\w/]\d)\d{0,5}[a-zA-Z]?)(?:\s?/\s?(?:(?P<y>(?:19|20)\d\d)\s?/\s?)?"
    r"(?P<sym>[A-ZĐ][A-Za-zĐđ0-9&]*(?:-\s?[A-ZĐ0-9][A-Za-zĐđ0-9&]*)*)"
    r"|\s?-\s?(?P<psym>[A-ZĐ]{1,5}/[A-ZĐ]{1,6}))(?![^\W_])"
)
# "Số: 76/KH-UBND", "Số: /KH-UBND" (number left blank in a draft)
NUMBER_LINE = re.compile(
    r"^Số\s*:?\s*(?P<n>\d{1,6}[a-zA-Z]?)?\s*/\s*(?:(?P<y>(?:19|20)\d\d)\s*/\s*)?"
    r"(?P<sym>[A-ZĐ][A-Za-zĐđ0-9&.]*(?:\s?-\s?[A-ZĐ0-9][A-Za-zĐđ0-9&.]*)*)",
    re.MULTILINE,
)
# "Kiến An, ngày ... tháng ... năm 2023"
PLACE_DATE_LINE = re.compile(
    r"^(?P<place>[^\n,;:.0-9]{2,40}),\s*ngày\b[^\n]{0,40}?(?:\n[^\n]{0,30}?)?năm\s*(?P<y>(?:19|20)\d\d)",
    re.MULTILINE | re.IGNORECASE,
)

# -- numbering labels of headings --------------------------------------------------
# The label types, from the outermost to the innermost, as plans use them.
ROMAN = r"(?=[IVXLC])(?:C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
NUMBERING = re.compile(
    r"(?P<phan>(?:PHẦN|Phần)\s+(?:THỨ\s+|thứ\s+)?(?:[IVXLC]+|\d{1,2}|[^\W\d_]+)(?![^\W\d_])[.:]?)"
    r"|(?P<chuong>(?:CHƯƠNG|Chương)\s+(?:[IVXLC]+|\d{1,2})\b[.:]?)"
    r"|(?P<muc>(?:MỤC|Mục)\s+(?:[IVXLC]+|\d{1,2})\b[.:]?)"
    r"|(?P<dieu>(?:ĐIỀU|Điều)\s+\d{1,3}[.:]?)"
    rf"|(?P<roman>(?![CL]\s?[.)]){ROMAN}\s?[.)](?=\s|$)|{ROMAN}\s?-(?=\s))"
    r"|(?P<upper>[A-ZĐ]\s?[.)](?=\s))"
    r"|(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3}\.?(?=\s))"
    r"|(?P<arabic>\d{1,2}[.)]?(?=\s+[^\W\d_]))"
    r"|(?P<letter>[a-zđ][)](?=\s)|[a-zđ]\.(?=\s+[A-ZĐÂÊÔƯƠĂÁÀẢÃẠ]))"
)
# a list line: a bullet ("- ", "+ ", "•") or a letter/number label ("a) ", "2. ")
LIST_ITEM = re.compile(r"(?:[-+•*–]\s|[a-zđ]\)\s|\d{1,2}[.)]\s)")
# Rank of each label type: a label of a lower rank closes deeper sections.
NUMBERING_RANK = {"phan": 0, "chuong": 1, "muc": 2, "dieu": 3, "upper": 4, "roman": 5,
                  "arabic": 6, "dotted": 7, "letter": 8, "bold": 9}

# -- small parsers --------------------------------------------------------------


def first_full_year(text: str, end: int | None = None) -> str | None:
    """The year of the first numeric date with a year in ``text[:end]`` (a news
    copy's dateline "27/03/2021 09:48", or "đến hết ngày 31-12-2018"): the year
    of the dates written without one."""
    end = len(text) if end is None else end
    m = DATE_NUMERIC.search(text, 0, end)
    while m is not None and not m.group("y"):
        m = DATE_NUMERIC.search(text, m.end(), end)
    return m.group("y") if m else None


def iso_date(day: str | int | None, month: str | int | None, year: str | int | None) -> str | None:
    """ISO date (or partial "2023", "2023-03") from parts; None when invalid."""
    y = int(year) if year else None
    m = int(month) if month else None
    d = int(day) if day else None
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def clean_number(number: str) -> str:
    """A document number as printed, spaces removed ("76 / KH - UBND" -> "76/KH-UBND")."""
    return re.sub(r"\s+", "", number)
