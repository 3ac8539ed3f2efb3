"""Compliance reports for people, in Vietnamese: Markdown, one self-contained
HTML page (parent left, child right, findings coloured by severity, quotes
highlighted in context, every document character escaped), and a Word review
memo in the style of an official document. A matrix report covers one parent
against many children (rows children, columns parent targets).

Renders :class:`~schemas.compliance.ComplianceReport` objects; computes nothing.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from schemas import Plan
from schemas.compliance import ComplianceReport, Finding

SEVERITY_VN = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
KIND_VN = {
    "target_met": "Đạt chỉ tiêu", "target_stricter": "Cao hơn cấp trên",
    "target_weaker": "Thấp hơn cấp trên", "target_missing": "Thiếu chỉ tiêu",
    "target_extra": "Chỉ tiêu bổ sung", "task_uncovered": "Thiếu nhóm nhiệm vụ",
    "task_covered": "Có nhóm nhiệm vụ", "agency_unassigned": "Chưa giao cơ quan",
    "deadline_later": "Thời hạn muộn hơn", "deadline_met": "Thời hạn phù hợp",
    "reference_missing": "Trích dẫn văn bản cấp trên",
}
CELL_VN = {"target_met": "đạt", "target_stricter": "cao hơn", "target_weaker": "thấp hơn",
           "target_missing": "thiếu"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def _title(ref) -> str:  # type: ignore[no-untyped-def]
    parts = [ref.issuer or "", f"số {ref.number}" if ref.number else "", ref.title or ""]
    return " - ".join(p for p in parts if p) or ref.path


# -- Markdown --------------------------------------------------------------------


def to_markdown(report: ComplianceReport) -> str:
    s = report.summary
    lines = [
        "# Báo cáo rà soát kế hoạch so với kế hoạch cấp trên", "",
        f"- **Kế hoạch được rà soát:** {_title(report.child)}",
        f"- **Kế hoạch cấp trên:** {_title(report.parent)}",
        f"- **Trích dẫn kế hoạch cấp trên:** {'có' if report.cites_parent else 'không'}",
        f"- **Chỉ tiêu:** {s.met}/{s.targets_total} đạt (trong đó {s.stricter} cao hơn), "
        f"{s.weaker} thấp hơn, {s.missing} thiếu, {s.extra} bổ sung; điểm tuân thủ "
        f"{s.score:.0%}",
        f"- **Lỗi:** {s.errors}; **cảnh báo:** {s.warnings}", "",
        "| Mức | Loại | Nội dung | Kế hoạch cấp trên | Kế hoạch được rà soát |",
        "|---|---|---|---|---|",
    ]
    for f in _sorted(report.findings):
        pe = f.parent_evidence.text if f.parent_evidence else ""
        ce = f.child_evidence.text if f.child_evidence else ""
        lines.append(f"| {SEVERITY_VN[f.severity]} | {KIND_VN[f.kind]} | {_md(f.message)} | "
                     f"{_md(pe)} | {_md(ce)} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


# -- HTML ------------------------------------------------------------------------

_CSS = """
body{font-family:'Times New Roman',serif;margin:2em;color:#111}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #bbb;padding:.4em;vertical-align:top;font-size:.92em}
.error{background:#fde2e1}.warning{background:#fff4d6}.info{background:#eef6ee}
.cols{display:flex;gap:1em}.cols>div{flex:1;border:1px solid #ccc;padding:.5em;
max-height:40em;overflow:auto;white-space:pre-wrap;font-size:.85em}
mark.error{background:#f7a8a4}mark.warning{background:#ffe08a}mark.info{background:#c8e6c9}
.summary span{margin-right:1.5em}
"""


def to_html(report: ComplianceReport, child: Plan | None = None, parent: Plan | None = None
            ) -> str:
    """One self-contained page; every character of the documents is escaped."""
    e = html.escape
    s = report.summary
    rows = []
    for i, f in enumerate(_sorted(report.findings)):
        pe = e(f.parent_evidence.text) if f.parent_evidence else ""
        ce = e(f.child_evidence.text) if f.child_evidence else ""
        rows.append(f'<tr class="finding {f.severity}" id="f{i}"><td>{SEVERITY_VN[f.severity]}'
                    f"</td><td>{KIND_VN[f.kind]}</td><td>{e(f.message)}</td><td>{pe}</td>"
                    f"<td>{ce}</td></tr>")
    cols = ""
    if child is not None and parent is not None:
        cols = ('<h2>Văn bản (trái: cấp trên, phải: được rà soát)</h2><div class="cols">'
                f"<div>{_highlight(parent.text, report.findings, 'parent')}</div>"
                f"<div>{_highlight(child.text, report.findings, 'child')}</div></div>")
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Báo cáo rà soát kế hoạch</title><style>{_CSS}</style></head><body>
<h1>Báo cáo rà soát kế hoạch so với kế hoạch cấp trên</h1>
<p><b>Kế hoạch được rà soát:</b> {e(_title(report.child))}<br>
<b>Kế hoạch cấp trên:</b> {e(_title(report.parent))}<br>
<b>Trích dẫn kế hoạch cấp trên:</b> {'có' if report.cites_parent else 'không'}</p>
<p class="summary"><span>Chỉ tiêu đạt: {s.met}/{s.targets_total}</span>
<span>Thấp hơn: {s.weaker}</span><span>Thiếu: {s.missing}</span><span>Bổ sung: {s.extra}</span>
<span>Điểm tuân thủ: {s.score:.0%}</span><span>Lỗi: {s.errors}</span>
<span>Cảnh báo: {s.warnings}</span></p>
<table id="findings"><thead><tr><th>Mức</th><th>Loại</th><th>Nội dung</th>
<th>Kế hoạch cấp trên</th><th>Kế hoạch được rà soát</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>{cols}</body></html>
"""


def _highlight(text: str, findings: list[Finding], side: str) -> str:
    return marked_text(text, evidence_marks(findings, side), side)[0]


def evidence_marks(findings: list[Finding], side: str) -> list[tuple[int, int, int, str]]:
    """(start, end, finding index, severity) of each finding's evidence on ``side``."""
    marks = []
    for i, f in enumerate(findings):
        ev = f.parent_evidence if side == "parent" else f.child_evidence
        if ev is not None:
            marks.append((ev.span[0], ev.span[1], i, f.severity))
    return marks


def marked_text(text: str, marks: list[tuple[int, int, int, str]], side: str
                ) -> tuple[str, dict[int, str]]:
    """``text`` escaped, each (start, end, finding index, severity) span wrapped in
    ``<mark id=...>``; returns the HTML and, per finding, the id of the mark that
    shows its evidence (a span inside an earlier one points to that one)."""
    anchors: dict[int, str] = {}
    out: list[str] = []
    pos = 0
    last: tuple[int, str] | None = None  # (end, id) of the previous mark
    for a, b, index, severity in sorted(marks):
        a, b = max(0, min(a, len(text))), max(0, min(b, len(text)))
        if last is not None and a < last[0]:
            anchors[index] = last[1]  # overlaps the previous mark: scroll to that one
            continue
        mark_id = f"{side}-{index}"
        out.append(html.escape(text[pos:a]))
        out.append(f'<mark id="{mark_id}" class="{severity}" data-finding="{index}">'
                   f"{html.escape(text[a:b])}</mark>")
        anchors[index] = mark_id
        pos = b
        last = (b, mark_id)
    out.append(html.escape(text[pos:]))
    return "".join(out), anchors


# -- Word --------------------------------------------------------------------------


def to_docx(report: ComplianceReport, path: Path) -> None:
    """A review memo: header, summary, table of findings, conclusion."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "CƠ QUAN RÀ SOÁT\n(kehoach)"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    today = date.today()
    p = d.add_paragraph(f"ngày {today.day} tháng {today.month} năm {today.year}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    t = d.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t.add_run("BÁO CÁO RÀ SOÁT\n").bold = True
    t.add_run("Kế hoạch của cấp dưới so với kế hoạch cấp trên").bold = True
    s = report.summary
    d.add_paragraph(f"Kế hoạch được rà soát: {_title(report.child)}.")
    d.add_paragraph(f"Kế hoạch cấp trên: {_title(report.parent)}.")
    d.add_paragraph(
        f"Kết quả: {s.met}/{s.targets_total} chỉ tiêu đạt; {s.weaker} chỉ tiêu thấp hơn; "
        f"{s.missing} chỉ tiêu thiếu; {s.extra} chỉ tiêu bổ sung; {s.errors} lỗi và "
        f"{s.warnings} cảnh báo. Trích dẫn kế hoạch cấp trên: "
        f"{'có' if report.cites_parent else 'không'}.")
    table = d.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells,
                          ("Mức", "Loại", "Nội dung", "Cấp trên", "Được rà soát")):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    for f in _sorted(report.findings):
        row = table.add_row().cells
        row[0].text = SEVERITY_VN[f.severity]
        row[1].text = KIND_VN[f.kind]
        row[2].text = f.message
        row[3].text = f.parent_evidence.text if f.parent_evidence else ""
        row[4].text = f.child_evidence.text if f.child_evidence else ""
    d.add_paragraph()
    conclusion = ("Kế hoạch cơ bản phù hợp với kế hoạch cấp trên." if s.errors == 0 else
                  f"Đề nghị cơ quan ban hành rà soát, điều chỉnh {s.errors} nội dung chưa phù "
                  "hợp nêu trên.")
    d.add_paragraph().add_run(f"Kết luận: {conclusion}").bold = True
    d.save(path)


# -- matrix: one parent, many children -------------------------------------------------


def matrix_rows(parent: Plan, reports: list[ComplianceReport]) -> list[list[str]]:
    """Header row (parent targets), then one row per child: cell per target."""
    from .check import target_label

    header = ["Kế hoạch cấp dưới", *(target_label(t)[:80] for t in parent.targets),
              "Điểm", "Lỗi"]
    rows = [header]
    for r in reports:
        by_parent = {f.parent_ref: f.kind for f in r.findings if f.parent_ref and
                     f.kind.startswith("target_")}
        rows.append([_title(r.child)[:80],
                     *(CELL_VN.get(by_parent.get(t.id, "target_missing"), "?")
                       for t in parent.targets),
                     f"{r.summary.score:.0%}", str(r.summary.errors)])
    return rows


def matrix_markdown(parent: Plan, reports: list[ComplianceReport]) -> str:
    rows = matrix_rows(parent, reports)
    out = ["# Ma trận tuân thủ chỉ tiêu", "", f"Kế hoạch cấp trên: {parent.metadata.title}", "",
           "| " + " | ".join(_md(c) for c in rows[0]) + " |",
           "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows[1:]]
    return "\n".join(out) + "\n"


def matrix_html(parent: Plan, reports: list[ComplianceReport]) -> str:
    rows = matrix_rows(parent, reports)
    cls = {"đạt": "info", "cao hơn": "info", "thấp hơn": "error", "thiếu": "error"}
    body = "".join(
        "<tr>" + "".join(f'<td class="{cls.get(c, "")}">{html.escape(c)}</td>' for c in r)
        + "</tr>" for r in rows[1:])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta http-equiv='
            f'"Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
            f"<title>Ma trận tuân thủ</title><style>{_CSS}</style></head><body>"
            f"<h1>Ma trận tuân thủ chỉ tiêu</h1><table id=\"matrix\"><thead><tr>{head}</tr>"
            f"</thead><tbody>{body}</tbody></table></body></html>\n")


def matrix_docx(parent: Plan, reports: list[ComplianceReport], path: Path) -> None:
    import docx

    rows = matrix_rows(parent, reports)
    d = docx.Document()
    d.add_heading("Ma trận tuân thủ chỉ tiêu", level=1)
    table = d.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for r in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, r):
            cell.text = value
    d.save(path)
