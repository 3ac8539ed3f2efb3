"""Targets stated in a table of indicators whose cells a copy put one per line
(a web copy of a Word table, or a DOCX table read cell by cell):

    TT / Nội dung chỉ tiêu / Đơn vị tính / Giai đoạn 2021 - 2025 / Giai đoạn 2026 - 2030
    1 / Tỷ lệ người khuyết tật tiếp cận các dịch vụ y tế ... / % / 80 / 90

Each value is one target of its row's indicator, with the year its column
header names; a column of results ("Thực hiện năm 2020", "Kết quả") gives
baselines. The header words are data (``models/targets.yaml``: ``table``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..language.lexicons import TargetLexicon, fold_text
from ..language.patterns import YEAR, YEAR_RANGE, number_value

_CELL = re.compile(r"[^\n]+")
_ROW_NUMBER = re.compile(r"(?:\d{1,2}|[IVX]{1,4})\.?")
# a value cell: "80", "1.000", "80,5%", "≥ 90", "trên 90" (words of models/targets.yaml)
_VALUE = re.compile(r"(?P<cmp>[<>≥≤]|[^\W\d_]+(?:\s[^\W\d_]+){0,2})?\s*"
                    r"(?P<v>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(?P<pct>%)?")
_SYMBOLS = {"<": "<", ">": ">", "≥": ">=", "≤": "<="}


@dataclass
class TableFigure:
    start: int  # the row's indicator cell
    end: int  # the value cell
    value: float
    unit: str
    comparator: str
    label: str  # "target" or "baseline"
    indicator_text: str
    year: int | None


def table_figures(text: str, lex: TargetLexicon) -> tuple[list[TableFigure], list[tuple[int, int]]]:
    """The figures of every indicator table, and the spans the tables cover."""
    cells = list(_cells(text))
    figures: list[TableFigure] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(cells):
        if fold_text(cells[i][2]) not in lex.table_unit_headers:
            i += 1
            continue
        columns = []  # (is_result, year) of each value column
        j = i + 1
        while j < len(cells) and not _ROW_NUMBER.fullmatch(cells[j][2]) and len(columns) < 6:
            head = fold_text(cells[j][2])
            columns.append((any(w in head for w in lex.table_result_headers), _year(head)))
            j += 1
        if not columns:
            i += 1
            continue
        first = j
        while j + 2 + len(columns) <= len(cells) and _ROW_NUMBER.fullmatch(cells[j][2]):
            indicator = cells[j + 1]
            # the unit cell; a copy that joined a lower-case unit to the line before
            # ("... đạt chuẩn quốc gia trạm") leaves the values right after the wording
            has_unit = _value(cells[j + 2][2], lex) is None
            unit = cells[j + 2][2] if has_unit else ("%" if fold_text(
                indicator[2]).startswith(("tỷ lệ", "tỷ trọng")) else "")
            first_value = j + 2 + has_unit
            values = cells[first_value:first_value + len(columns)]
            read = [_value(v[2], lex) for v in values]
            if len(values) < len(columns) or None in read \
                    or _value(indicator[2], lex) is not None or len(unit) > 20:
                break
            for (is_result, year), (_, v_end, _), got in zip(columns, values, read):
                assert got is not None
                value, percent, comparator = got
                figures.append(TableFigure(
                    start=indicator[0], end=v_end, value=value,
                    unit="percent" if percent or unit == "%" else "count",
                    comparator=comparator,
                    label="baseline" if is_result else "target",
                    indicator_text=indicator[2], year=year))
            j = first_value + len(columns)
        if j > first:
            spans.append((cells[i][0], cells[j - 1][1]))
        i = max(j, i + 1)
    return figures, spans


def _cells(text: str):  # type: ignore[no-untyped-def]
    """(start, end, text) of every cell: a line, or each cell of a pipe row
    ("| 1 | Tỷ lệ ... | % | 80 | 90 |"); rules of dashes are skipped."""
    for m in _CELL.finditer(text):
        line = m.group(0)
        if "|" not in line:
            if line.strip():
                start = m.start() + len(line) - len(line.lstrip())
                yield start, start + len(line.strip()), line.strip()
            continue
        for c in _PIPE_CELL.finditer(line):
            cell = c.group(0).strip()
            if cell and not _RULE.fullmatch(cell):
                start = m.start() + c.start() + len(c.group(0)) - len(c.group(0).lstrip())
                yield start, start + len(cell), cell


_PIPE_CELL = re.compile(r"[^|]+")
_RULE = re.compile(r"[-:=\s]+")


def _value(cell: str, lex: TargetLexicon) -> tuple[float, bool, str] | None:
    """(value, is a percent, comparator) of a value cell, None for any other cell."""
    m = _VALUE.fullmatch(cell)
    if m is None:
        return None
    word = fold_text(m.group("cmp") or "")
    comparator = _SYMBOLS.get(word) or next(
        (c for c, words in lex.before.items() if word in words), None) if word else "="
    if comparator is None:
        return None  # words that are no comparator: a cell of text with a number
    return number_value(m.group("v")), bool(m.group("pct")), comparator


def _year(head: str) -> int | None:
    """The year a column header names: the end of a period ("Giai đoạn 2021 -
    2025" -> 2025), else its last year ("Năm 2025", "Đến năm 2030")."""
    rng = None
    for rng in YEAR_RANGE.finditer(head):
        pass
    if rng is not None:
        return int(rng.group("b"))
    years = YEAR.findall(head)
    return int(years[-1]) if years else None
