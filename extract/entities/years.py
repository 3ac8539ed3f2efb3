"""One indicator stated for two years: two targets, each with its year."""

from __future__ import annotations

import re

# "<a> [trẻ em] vào năm 2025 và <b> vào năm 2030": what stands between the two
# figures of one indicator stated for two years
_FIRST_YEAR_BETWEEN = re.compile(
    r"(?:(?:vào|đến|tới|trong)\s+)?năm\s+(?P<y>(?:19|20)\d\d)\s*(?:,|;|và)\s*(?:đạt\s+|là\s+)?$")
_SHORT_AND = re.compile(r"^[^\W\d_]*(?:\s+[^\W\d_]+){0,3}\s+và\s+$|^\s*(?:,|và)\s*$")
_YEAR_BEFORE = re.compile(r"năm\s+(?P<y>(?:19|20)\d\d)\s+(?:[^\W\d_]+\s+){0,3}$")
_YEAR_NEXT = re.compile(r"\s*(?:[^\W\d_,;]+\s+){0,3}?(?:(?:vào|đến|tới|trong)\s+)?năm\s+"
                        r"(?P<y>(?:19|20)\d\d)")


def two_years(low: str, hits: list) -> None:  # list of targets._Hit
    """One indicator stated for two years ("xuống còn 550/100.000 trẻ em vào năm 2025
    và 500/100.000 vào năm 2030", "năm 2025 xuống còn 16/100.000 trẻ em và 15/100.000
    trẻ em vào năm 2030") is two targets: each takes its own year, and the second
    the first one's subject, indicator and comparator."""
    for a, b in zip(hits, hits[1:]):
        if a.unit != b.unit or a.denominator != b.denominator or b.start > a.seg_end:
            continue
        mid = low[a.end:b.cmp_start if b.cmp_start is not None else b.start]
        nxt = _YEAR_NEXT.match(low, b.end)
        if nxt is None or nxt.end() > b.seg_end:
            continue
        first = _FIRST_YEAR_BETWEEN.search(mid)
        if first is not None:
            year_a = int(first.group("y"))
        elif _SHORT_AND.search(mid):
            lead = low[max(0, (a.cmp_start or a.start) - 40):a.cmp_start or a.start]
            before = _YEAR_BEFORE.search(lead)
            if before is None:
                continue
            year_a = int(before.group("y"))
        else:
            continue
        year_b = int(nxt.group("y"))
        if year_b <= year_a:
            continue
        a.extra["year"], b.extra["year"] = year_a, year_b
        if a.subject:
            b.subject = re.sub(r"\s+năm\s+(?:19|20)\d\d$", "", a.subject)
            a.subject = b.subject
        b.indicator = b.indicator or a.indicator
        if a.comparator and (b.comparator is None or b.comparator == "="):
            b.comparator = a.comparator
