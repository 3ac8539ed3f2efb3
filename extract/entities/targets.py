"""Targets: every quantified commitment, with comparator, value, unit, subject,
indicator, theme, scope and year (contract "What counts" > Target).

Signals, in order:

1. a number of a target's shape: a percentage ("50%", "50 %", "4,9%", "50 phần
   trăm"), a range ("60-80%", "từ 60% đến 80%"), a ratio or rate ("34/34 phường",
   "16/100.000 trẻ em"), a frequency ("ít nhất một tháng một lần", "01 lần/quý"),
   or a count of a countable noun ("35 cơ sở"); identifiers, dates, ages, money
   and past results are not targets (``models/targets.yaml``);
2. the comparator words right before or after the number; a comparator that
   opens a list of numbers applies to each of them ("Ít nhất 50% A, 50% B");
3. the subject: the words after the number up to an indicator verb ("được",
   "tổ chức", ...) or to the next number of the list, else the "Tỷ lệ X" before
   it; the indicator: from that verb to the end of the clause, shared by every
   target of the list; a subject that only names a level ("50% ở cấp phường")
   takes the head noun of the one before;
4. theme from ``models/themes.yaml``, scope ("cấp xã"), year ("đến năm 2025"),
   and the innermost section.

It works on the normalized text with compiled regexes over the whole document
(a few ms per plan); every target's span quotes the text it was read from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from schemas import Baseline, Section, Target

from ..ingest.document import Document
from ..language.lexicons import TargetLexicon, target_lexicon
from ..language.patterns import (
    DATE_NUMERIC,
    DOC_NUMBER,
    FIGURE_YEAR,
    LIST_ITEM,
    YEAR,
    YEAR_RANGE,
    number_value,
)
from ..language.themes import theme_of
from .figures import classify, features, sentence_start
from .subjects import MAX_CLAUSE, SCOPE, Hit, measure_members, read_subjects, split_indicator
from .tables import TableFigure, table_figures
from .years import two_years

_NUM = r"\d\d{0,2}(?:[.,]\d+)?"  # a digit first: the engine skips to digits
@lru_cache(maxsize=1)
def _patterns(lex: TargetLexicon) -> dict[str, re.Pattern[str]]:
    words = "|".join(sorted(map(re.escape, lex.number_words), key=len, reverse=True))
    periods = "tuần|tháng|quý|năm"
    nouns = "|".join(sorted(map(re.escape, lex.count_nouns), key=len, reverse=True))
    mults = "|".join(map(re.escape, lex.multipliers)) or "(?!)"
    return {
        "range": re.compile(
            rf"(?P<a>{_NUM})\s?%?\s?(?:-|đến)\s?(?P<b>{_NUM})\s?(?:%|phần trăm)"),
        # the digit first, then the look-behind: lets the regex engine skip to digits
        "pct": re.compile(r"(?P<v>\d(?<![\d/.,]\d)(?:\d{0,2})(?:[.,]\d+)?)\s?(?:%|phần trăm)"),
        "ratio": re.compile(
            r"(?P<v>\d(?<![\d/.,]\d)\d{0,4})\s?/\s?(?P<d>\d{1,3}(?:\.\d{3})+|\d{1,5})"
            r"(?![\d/.,]\d)(?=\s+[^\W\d_])"),
        # the count as digits and as words in two patterns: each then starts with
        # characters the regex engine can skip to (one alternation of both cannot)
        **{f"{key}{kind}": re.compile(pattern.format(v=v, p=periods))
           for key, pattern in (("freq1", r"(?P<v>{v})\s+lần\s?/\s?(?P<p>{p})"),
                                ("freq3", r"(?P<v>{v})\s+lần\s+(?:trong|mỗi|một)\s+(?P<p>{p})"))
           for kind, v in (("", r"\d\d?"), ("_words", words))},
        "freq5": re.compile(rf"(?:mỗi|hằng|hàng)\s+(?P<p>{periods})[^.;\n]{{0,80}}?"
                            rf"(?P<cmp>ít nhất\s+|tối thiểu\s+)?(?P<v>\d{{1,2}}|{words})\s+lần"
                            rf"(?!\s*/)"),
        "freq4": re.compile(r"(?P<n>\d\d?)\s+(?P<p>tháng)\s+(?:một|01|1)\s+lần"),
        "freq2": re.compile(rf"(?:một|01|1)\s+(?P<p>{periods})\s+(?P<v>\d{{1,2}}|{words})\s+lần"),
        # a multiple: "tăng gấp 2 lần", "gấp 2,1 lần", "tăng trên 2 lần so với năm 2020"
        "multiple": re.compile(r"(?P<v>\d(?<![\d/.,]\d)\d?(?:,\d+)?)\s+lần"
                               r"(?!\s*(?:/|thứ|trong|mỗi|một)(?![^\W\d_]))"),
        "count_range": re.compile(rf"từ\s+(?P<a>\d{{1,4}})\s+đến\s+(?P<b>\d{{1,4}})\s+"
                                  rf"(?P<noun>{nouns})(?![^\W\d_])"),
        # "từ 2-3 hộ vườn mẫu", "01 - 02 lớp tập huấn" (not years: three digits at most)
        "count_dash_range": re.compile(rf"(?:từ\s+)?(?P<a>\d{{1,3}})\s?[-–]\s?(?P<b>\d{{1,3}})\s+"
                                       rf"(?P<noun>{nouns})(?![^\W\d_])"),
        "count_word": re.compile(rf"(?P<v>{words})\s+(?P<noun>{nouns})(?![^\W\d_])"),
        "count": re.compile(rf"(?P<v>\d(?<![\d/.,]\d)(?:\d{{0,2}}(?:\.\d{{3}})*|\d{{0,5}}))\s+"
                            rf"(?P<noun>{nouns})(?![^\W\d_])"),
        # any other word after the number (the figure model decides: feature "open")
        # (two patterns that start with a digit: an optional prefix would stop the
        # engine from skipping to digits, 8x slower)
        **{key: re.compile(
            rf"{lead}(?P<v>\d(?<![\d/.,]\d)(?:\d{{0,2}}(?:\.\d{{3}})*|\d{{0,5}}))"
            rf"(?:\s+(?P<mult>{mults}))?\s+(?P<noun>[^\W\d_]+)")
           for key, lead in (("count_open", ""),
                             ("count_open_range",
                              r"(?P<a>\d(?<![\d/.,]\d)\d{0,3})\s?(?:-|–|đến)\s?"))},
    }


_FROM = re.compile(r"từ\s+$")
_MULTIPLE_LEAD = re.compile(r"(?:gấp|tăng(?:\s+(?:trên|hơn|ít nhất|tối thiểu|khoảng))?)\s+$")
_HAS = re.compile(r"(?<![^\W\d_])có\s*$")  # "... có ít nhất 01 chợ"
MAX_FIGURES = 5000
# how sure the figure model must be to take a number away from the targets
NOT_TARGET_CONFIDENCE = 0.6


def find_targets(doc: Document, sections: list[Section] | None = None, *,
                 lexicon: TargetLexicon | None = None) -> list[Target]:
    """Every target of the document (:func:`find_figures` without the baselines)."""
    return find_figures(doc, sections, lexicon=lexicon)[0]


def find_figures(doc: Document, sections: list[Section] | None = None, *,
                 lexicon: TargetLexicon | None = None) -> tuple[list[Target], list[Baseline]]:
    """The targets and the baselines of the document: every number of a target's
    shape, read with its comparator and subject, then sorted by the figure model
    (:mod:`.figures`) into commitments, figures of the situation, and neither."""
    text = doc.text
    hits, flat = candidates(doc, sections, lexicon=lexicon)
    low = text.lower()
    targets: list[Target] = []
    baselines: list[Baseline] = []
    lex = lexicon or target_lexicon()
    rows, tables = table_figures(text, lex)
    for i, h in enumerate(hits):
        start = h.cmp_start if h.cmp_start is not None else h.start
        end = max(h.subject_end, h.end)
        if any(a <= start < b for a, b in tables):
            continue  # a cell of an indicator table: read row by row below
        if h.unit == "count" and _inside_indicator(text, hits[i - 1] if i else None, start):
            continue  # "14/14 xã có ít nhất 01 chợ áp dụng ...": what each one must have
        if i and hits[i - 1].extra.get("relative") and start < hits[i - 1].subject_end:
            continue  # "21 sản phẩm tham gia xếp hạng 2 sao": what names the counted ones
        section = _innermost(flat, start)
        # a past-result marker ("đã đạt", "chiếm") settles it; the model decides the rest
        label, p = ("baseline", 1.0) if h.extra.get("marker") else classify(
            figure_features(low, h, section))
        if label != "target" and p < NOT_TARGET_CONFIDENCE:
            label = "target"  # in doubt, a number of a target's shape stays a target
        if label == "other":
            continue
        seg = text[start:h.seg_end]
        year = h.extra.get("year") or _year(low, start, h.seg_end) or _heading_year(
            low, start, section)
        section_id = section.id if section else None
        if label == "baseline":
            baselines.append(Baseline(
                id=f"b{len(baselines) + 1}", text=text[start:end], value=h.value,
                unit=h.unit, denominator=h.denominator,  # type: ignore[arg-type]
                subject=h.subject or None, year=_year_of(year),
                section_id=section_id, span=(start, end)))
            continue
        scope = SCOPE.search(h.subject) or SCOPE.search(seg)
        for subject in measure_members(h.subject, lex) or [h.subject]:
            targets.append(Target(
                id=f"t{len(targets) + 1}", text=text[start:end],
                comparator=h.comparator or "=",  # type: ignore[arg-type]
                value=h.value, unit=h.unit, denominator=h.denominator,
                period=h.period,  # type: ignore[arg-type]
                subject=subject or None, indicator=h.indicator, upper=h.upper,
                theme=theme_of(h.indicator, subject),  # type: ignore[arg-type]
                scope=scope.group(0).removeprefix("ở ").strip() if scope else None,
                year=_year_of(year), section_id=section_id, span=(start, end),
            ))
    _add_rows(text, rows, flat, targets, baselines, lex)
    return _numbered(_once(targets), "t"), _numbered(baselines, "b")


def _once(targets: list[Target]) -> list[Target]:
    """One target per (number, subject) (contract): an article that repeats its
    headline's "ít nhất 36 sản phẩm được công nhận ..." in its lead and body
    states one target (the same value, subject, year and indicator's opening)."""
    seen: set[tuple] = set()
    out: list[Target] = []
    for t in targets:
        key = (t.value, t.unit, t.denominator, t.comparator, t.year,
               " ".join((t.subject or "").lower().split()),
               " ".join((t.indicator or "").lower().split()[:4]))
        if key in seen and t.subject:
            continue
        seen.add(key)
        out.append(t)
    return out


def _numbered(items: list, prefix: str) -> list:  # type: ignore[type-arg]
    """Targets or baselines in text order (table rows join the others), t1, t2 ..."""
    items.sort(key=lambda x: x.span[0])
    for k, item in enumerate(items, 1):
        item.id = f"{prefix}{k}"
    return items


def _add_rows(text: str, rows: list[TableFigure], flat: list[Section], targets: list[Target],
              baselines: list[Baseline], lex: TargetLexicon) -> None:
    """The figures of indicator tables (numbered with the others by the caller)."""
    for r in rows:
        subject, indicator = split_indicator(r.indicator_text, lex)
        section = _innermost(flat, r.start)
        section_id = section.id if section else None
        if r.label == "baseline":
            baselines.append(Baseline(
                id="", text=text[r.start:r.end], value=r.value, unit=r.unit,  # type: ignore[arg-type]
                subject=subject or None, year=r.year, section_id=section_id,
                span=(r.start, r.end)))
            continue
        targets.append(Target(
            id="", text=text[r.start:r.end], comparator=r.comparator,  # type: ignore[arg-type]
            value=r.value, unit=r.unit, subject=subject or None,  # type: ignore[arg-type]
            indicator=indicator, theme=theme_of(indicator, subject),  # type: ignore[arg-type]
            year=r.year, section_id=section_id, span=(r.start, r.end)))


def _in_word(low: str, pos: int) -> bool:
    """A number glued to the letters before it ("ba" inside "toàn bằng")."""
    return pos > 0 and (low[pos - 1].isalnum() or low[pos - 1] == "_")


def _inside_indicator(text: str, prev: Hit | None, start: int) -> bool:
    """A count stated inside the indicator of the share before it, in the same
    clause ("100% xã có ít nhất 01 mô hình"): a condition of that target."""
    if prev is None or prev.unit not in ("percent", "ratio") or not prev.indicator:
        return False
    at = text.find(prev.indicator, prev.end, prev.seg_end + 1)
    return at >= 0 and at < start < at + len(prev.indicator) and bool(
        _HAS.search(text, at, start))


def _year_of(year: re.Match[str] | int | None) -> int | None:
    if year is None or isinstance(year, int):
        return year
    return int(year.group("y"))


def _heading_year(low: str, start: int, section: Section | None) -> re.Match[str] | None:
    """The year of the heading or the intro line a figure stands under ("1. Mục tiêu
    đến năm 2015", "Chỉ tiêu năm 2025:"), for a figure whose clause names none."""
    for line in (_intro(low, start), section.heading.lower() if section else ""):
        m = FIGURE_YEAR.search(line)
        if m is not None and m.group("prep") != "từ" and not YEAR_RANGE.search(line):
            return m
    return None


def _year(low: str, start: int, end: int) -> re.Match[str] | None:
    """The year of a figure: the first one after it in its clause ("đạt 80% vào năm
    2030"), else the last one its sentence states before it with a preposition
    ("Đến năm 2025, tỷ lệ ... đạt 80%")."""
    # (not the year it is compared with: "giảm 5% so với năm 2021")
    after = next((m for m in FIGURE_YEAR.finditer(low, start, end)
                  if not low[max(0, m.start() - 8):m.start()].rstrip().endswith("so với")), None)
    if after is not None and after.group("prep") != "từ":
        return after
    before = None
    for m in FIGURE_YEAR.finditer(low, sentence_start(low, start), start):
        if m.group("prep") in ("đến", "tới", "vào", "cuối", "trong"):
            before = m
    return before or after


def candidates(doc: Document, sections: list[Section] | None = None, *,
               lexicon: TargetLexicon | None = None) -> tuple[list[Hit], list[Section]]:
    """Every number of a target's shape with its comparator and subject (before
    the figure model sorts them), and the flattened sections."""
    lex = lexicon or target_lexicon()
    text = doc.text
    low = text.lower()  # the text is normalized: tones are already in one style
    hits = _numbers(text, low, lex, _blocked_spans(text))
    if len(hits) > MAX_FIGURES:  # a plan has hundreds; beyond this it is not a plan
        doc.warnings.append(f"chỉ đọc {MAX_FIGURES} số liệu đầu tiên trong {len(hits)}")
        hits = hits[:MAX_FIGURES]
    for h in hits:
        _comparator(text, low, h, lex)
    read_subjects(text, low, hits, lex)
    two_years(low, hits)
    return hits, _flatten(sections or [])


def figure_features(low: str, h: Hit, section: Section | None) -> list[str]:
    start = h.cmp_start if h.cmp_start is not None else h.start
    return features(low, start, h.end, unit=h.unit, value=h.value, denominator=h.denominator,
                    comparator=h.comparator,
                    subject=h.subject, marker=bool(h.extra.get("marker")),
                    open_count=bool(h.extra.get("open")),
                    by_list=h.by_list, kind=section.kind if section else None,
                    heading=section.heading if section else None)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in DOC_NUMBER.finditer(text)]
    spans += [m.span() for m in DATE_NUMERIC.finditer(text) if m.group("y")]
    spans += [m.span() for m in re.finditer(r"ngày\s+\d{1,2}\s?/\s?\d{1,2}", text)]
    return spans


def _numbers(text: str, low: str, lex: TargetLexicon, blocked: list[tuple[int, int]]
             ) -> list[Hit]:
    pats = _patterns(lex)
    hits: list[Hit] = []
    # characters already used by an identifier, a date or an earlier target
    used = bytearray(len(text) + 1)
    for x, y in blocked:
        used[x:y] = b"\x01" * (y - x)

    def add(h: Hit) -> None:
        if used.find(1, h.start, h.end) < 0 and not _excluded(low, h, lex):
            used[h.start:h.end] = b"\x01" * (h.end - h.start)
            hits.append(h)

    for m in pats["range"].finditer(text):
        a, b = number_value(m.group("a")), number_value(m.group("b"))
        if a < b <= 100:
            start = m.start()
            before = _FROM.search(text, max(0, start - 12), start)  # "từ 80 - 90%"
            start = before.start() if before else start
            add(Hit(start, m.end(), a, "percent", upper=b, comparator=">=", cmp_start=start))
    for m in pats["freq5"].finditer(low):
        v = m.group("v")
        value = float(lex.number_words.get(v, v) if not v.isdigit() else int(v))
        h = Hit(m.start("v"), m.end(), value, "frequency", period=lex.periods[m.group("p")])
        if m.group("cmp"):
            h.comparator, h.cmp_start = ">=", m.start("cmp")
        add(h)
    for m in pats["freq4"].finditer(low):
        add(Hit(m.start(), m.end(), 1.0, "frequency", period=f"{int(m.group('n'))} months"))
    for key in ("freq1", "freq1_words", "freq2", "freq3", "freq3_words"):
        for m in pats[key].finditer(low):
            v = m.group("v")
            value = float(lex.number_words.get(v, v) if not v.isdigit() else int(v))
            add(Hit(m.start(), m.end(), value, "frequency", period=lex.periods[m.group("p")]))
    for m in pats["pct"].finditer(text):
        v = number_value(m.group("v"))
        if v <= 100 or "tăng" in low[max(0, m.start() - 30):m.start()]:
            add(Hit(m.start(), m.end(), v, "percent"))
    for m in pats["ratio"].finditer(text):
        v, d = float(m.group("v")), number_value(m.group("d"))
        if 0 < v <= d or d >= 1000:
            add(Hit(m.start(), m.end(), v, "ratio", denominator=d))
    for m in pats["multiple"].finditer(low):
        if _MULTIPLE_LEAD.search(low, max(0, m.start() - 24), m.start()):
            add(Hit(m.start(), m.end(), number_value(m.group("v")), "ratio", denominator=1.0))
    for m in (*pats["count_range"].finditer(low), *pats["count_dash_range"].finditer(low)):
        a, b = float(m.group("a")), float(m.group("b"))
        if a < b:
            add(Hit(m.start(), m.start("noun"), a, "count", upper=b, comparator=">=",
                     cmp_start=m.start()))
    for m in pats["count"].finditer(low):
        add(Hit(m.start(), m.start("noun"), number_value(m.group("v")), "count"))
    for m in pats["count_word"].finditer(low):
        if _in_word(low, m.start()):
            continue
        add(Hit(m.start(), m.start("noun"), float(lex.number_words[m.group("v")]), "count"))
    for m in (*pats["count_open_range"].finditer(low), *pats["count_open"].finditer(low)):
        if m.group("noun") in lex.open_count_not or _in_word(low, m.start()):
            continue
        value = number_value(m.group("v")) * lex.multipliers.get(m.group("mult") or "", 1)
        h = Hit(m.start("v"), m.start("noun"), value, "count")
        if m.groupdict().get("a"):
            a = number_value(m.group("a"))
            if not a < value:
                continue
            before = _FROM.search(low, max(0, m.start() - 12), m.start())  # "từ 02 đến 06"
            start = before.start() if before else m.start()
            h = Hit(start, m.start("noun"), a, "count", upper=value, comparator=">=",
                     cmp_start=start)
        h.extra["open"] = True
        add(h)
    hits.sort(key=lambda h: h.start)
    return hits


_INTRO_REACH = 1500  # characters back to the line that introduces a list


def _intro(low: str, pos: int) -> str:
    """The line ending in ':' that introduces the list a number stands in
    ("Mục tiêu cơ bản đến năm 2025:"), when only list lines come between."""
    end = low.rfind(":\n", max(0, pos - _INTRO_REACH), pos)
    if end < 0:
        return ""
    between = low[end + 2:low.rfind("\n", 0, pos) + 1]
    if any(line.strip() and not LIST_ITEM.match(line.strip())
           for line in between.split("\n")):
        return ""
    return low[max(low.rfind("\n", 0, end) + 1, end - MAX_CLAUSE):end]


def _excluded(low: str, h: Hit, lex: TargetLexicon) -> bool:
    before = low[max(0, h.start - 25):h.start].rstrip()
    after = low[h.end:h.end + 12].lstrip()
    if any(before.endswith(w) for w in lex.not_before):
        return True
    if h.unit in ("count", "ratio") and any(
            after.startswith(w) and not after[len(w):len(w) + 1].isalnum()
            for w in lex.not_after):
        return True
    reach = max(0, h.start - MAX_CLAUSE)  # bounded: see read_subjects
    lead = low[max(low.rfind(".", reach, h.start), low.rfind("\n", reach, h.start), reach - 1)
               + 1:h.start]
    if any(w in lead for w in lex.baseline_markers) and not any(
            w in context for context in (lead, _intro(low, h.start))
            for w in lex.goal_markers):
        h.extra["marker"] = True  # a figure of the situation, most likely (see figures.py)
    # a count written like a year ("năm 2020 người dân ..."), not "2.000 người"
    digits = re.match(r"\d+(?![.,]\d)", low[h.start:h.end])
    return bool(h.unit == "count" and digits and YEAR.fullmatch(digits.group(0)))


def _comparator(text: str, low: str, h: Hit, lex: TargetLexicon) -> None:
    if h.comparator:
        return
    before = low[max(0, h.start - 30):h.start]
    best: tuple[int, str, str] | None = None
    for cmp, words in lex.before.items():
        for w in words:
            m = re.search(rf"(?<![^\W\d_]){re.escape(w)}\s*$", before)
            if m and (best is None or len(w) > len(best[2])):
                best = (h.start - (len(before) - m.start()), cmp, w)
    if best is None and re.search(r"(?<![^\W\d_])còn\s*$", before) and "giảm" in low[
            sentence_start(low, h.start):h.start]:
        # "giảm tỷ lệ hộ nghèo còn 0,63%": "giảm ... còn" as "giảm còn" (contract)
        best = (h.start - (len(before) - before.rindex("còn")), "<=", "còn")
    if best:
        h.cmp_start, h.comparator = best[0], best[1]
        if best[2] == "từ":
            h.comparator = ">="
        if best[2] in ("phấn đấu", "phấn đấu đạt"):
            h.comparator = ">="
        return
    after = low[h.end:h.end + 12].lstrip()
    for cmp, words in lex.after.items():
        if any(after.startswith(w) for w in words):
            h.comparator = cmp
            for w in words:
                if after.startswith(w):
                    h.end = low.index(w, h.end) + len(w)
            return
    # "đạt 90%" alone is "=" (contract: only "phấn đấu đạt" is ">="; dev gold 36 of 37)


def _flatten(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(_flatten(s.children))
    return out


def _innermost(flat: list[Section], pos: int) -> Section | None:
    best = None
    for s in flat:
        if s.span[0] <= pos < s.span[1] and (best is None or s.level > best.level):
            best = s
    return best
