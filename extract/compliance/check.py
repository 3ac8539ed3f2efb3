"""Compliance: check a lower-level plan (child) against the plan it implements
(parent). Consumes two :class:`~schemas.Plan` objects, never raw text.

Rules, in order:

1. citation (``cite.*``): the child cites the parent by number (or, for a
   parent whose number is blank, by type, issuer and year); a citation whose
   date or issuer disagrees is a warning;
2. targets (``target.*``): every parent target is aligned with at most one child
   target by a global assignment (Hungarian, ``scipy``) over a similarity of
   subject and indicator (underthesea word segmentation + ``rapidfuzz``) with
   administrative levels abstracted ("100% quận, huyện" ~ "100% phường"), theme
   and compatible units (a ratio "34/34" is 100%; a count is never compared with
   a percentage); then compared in the comparator's direction (for ``<=``/``<``
   a higher value is weaker); a lower value stated for an earlier year than the
   parent's target year is a warning, not an error;
3. tasks (``task.*``): parent task themes with no child task; child task groups
   that nobody is assigned to;
4. deadlines (``deadline.*``): a child deadline for the same report or task that
   falls after the parent's.

Every finding quotes both sides with spans and says why, in Vietnamese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas import Plan
from schemas.compliance import ComplianceReport, DocRef, Evidence, Finding, Summary
from schemas.plan import Baseline, Deadline, Target

from ..language.lexicons import fold
from ..language.themes import clause_themes
from .align import DOC_RANK, align, comparable, step_between, subject_level, tokens

SEVERITY = {
    "target_met": "info", "target_stricter": "info", "target_weaker": "error",
    "target_missing": "error", "target_extra": "info", "task_uncovered": "warning",
    "task_covered": "info", "agency_unassigned": "warning", "deadline_later": "error",
    "deadline_met": "info", "reference_missing": "error",
}
_HIGHER_IS_BETTER = {">=", ">", "="}


@dataclass
class _Side:
    plan: Plan

    def evidence(self, span: tuple[int, int]) -> Evidence:
        return Evidence(text=self.plan.text[span[0]:span[1]], span=span)


def check(child: Plan, parent: Plan) -> ComplianceReport:
    findings: list[Finding] = []
    cites, cite_findings = _citation(child, parent)
    findings += cite_findings
    target_findings = _targets(child, parent)
    findings += target_findings
    findings += _tasks(child, parent)
    findings += _deadlines(child, parent)
    counts = {k: sum(f.kind == k for f in target_findings) for k in SEVERITY}
    total = len(parent.targets)
    met = counts["target_met"] + counts["target_stricter"]
    summary = Summary(
        targets_total=total, met=met, stricter=counts["target_stricter"],
        weaker=counts["target_weaker"], missing=counts["target_missing"],
        extra=counts["target_extra"], score=round(met / total, 4) if total else 1.0,
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
    )
    return ComplianceReport(child=_ref(child), parent=_ref(parent), cites_parent=cites,
                            findings=findings, summary=summary)


def _ref(plan: Plan) -> DocRef:
    m = plan.metadata
    return DocRef(path=plan.source.path, number=m.number, issuer=m.issuer, title=m.title,
                  date=m.date)


# -- citation ---------------------------------------------------------------------


def _citation(child: Plan, parent: Plan) -> tuple[bool, list[Finding]]:
    pm = parent.metadata
    best = None
    for ref in child.references:
        if pm.number and ref.number and ref.number.lower() == pm.number.lower():
            best = (ref, "number")
            break
        same_issuer = bool(ref.issuer and pm.issuer and (
            fold(ref.issuer) in fold(pm.issuer) or fold(pm.issuer) in fold(ref.issuer)))
        same_type = ref.doc_type == pm.doc_type
        same_year = bool(ref.date and pm.year and ref.date[:4] == str(pm.year))
        if not pm.number and same_type and same_issuer and (same_year or ref.date is None):
            best = (ref, "issuer")
    if best is None and not pm.number:
        best = _cited_by_title(child, pm)
    if best is None and not pm.number:
        textual = cited_in_text(child.text, parent.metadata.issuer,
                                  parent.metadata.doc_type, parent.metadata.year)
        if textual is not None:
            return True, textual
    if best is None:
        return False, [Finding(
            kind="reference_missing", severity="error", rule="cite.missing",
            message=(f"Kế hoạch không trích dẫn văn bản cấp trên "
                     f"({describe_document(pm.doc_type, pm.number, pm.date, pm.issuer)})."))]
    ref, how = best
    out: list[Finding] = []
    problems = []
    if pm.date and ref.date and len(pm.date) == 10 and ref.date != pm.date:
        problems.append(f"ngày {_vn_date(ref.date)} thay vì {_vn_date(pm.date)}")
    if how == "number" and ref.issuer and pm.issuer and not (
            fold(ref.issuer) in fold(pm.issuer) or fold(pm.issuer) in fold(ref.issuer)):
        problems.append(f"cơ quan '{ref.issuer}' thay vì '{pm.issuer}'")
    if problems:
        out.append(Finding(
            kind="reference_missing", severity="warning", rule="cite.mismatch",
            child_ref=None, child_evidence=Evidence(text=ref.text, span=ref.span),
            message="Trích dẫn văn bản cấp trên không khớp: " + "; ".join(problems) + "."))
    return True, out


def _cited_by_title(child: Plan, pm) -> tuple | None:  # type: ignore[no-untyped-def]
    """A parent known by its title only (a news summary of "Chương trình Chăm sóc
    dinh dưỡng 1.000 ngày đầu đời"): the child cites the decision that issued it,
    the title right after the citation ("Quyết định số 1896/QĐ-TTg ... ban hành
    Chương trình “Chăm sóc dinh dưỡng 1.000 ngày đầu đời ...”")."""
    from rapidfuzz import fuzz

    title = fold(pm.title or "").strip(" \"“”")
    if len(title) < 20:
        return None
    for ref in child.references:
        if ref.issuer and pm.issuer and not (
                fold(ref.issuer) in fold(pm.issuer) or fold(pm.issuer) in fold(ref.issuer)):
            continue
        after = fold(_ASIDE.sub("", child.text[ref.span[1]:ref.span[1] + 60 + 2 * len(title)]))
        if fuzz.partial_ratio(title, after) >= TITLE_MATCH:
            return ref, "title"
    return None


TITLE_MATCH = 85  # rapidfuzz partial ratio of a parent's title in the child's citation
_ASIDE = re.compile(r"\s*\([^()]{0,20}\)")  # "kinh tế số (KTS)": an abbreviation aside
CITATION_HEAD = 3000  # characters of a child's opening where it cites its parents


def cited_in_text(child_text: str, issuer: str | None, doc_type: str,
                   year: int | None) -> list[Finding] | None:
    """A parent without a number is cited by type and issuer ("Thực hiện Kế hoạch
    của Ủy ban nhân dân quận Kiến An ..."); None when the child's opening does not
    cite it. Takes the parent's metadata fields so it also runs on database rows."""
    from ..language.lexicons import doc_types
    from ..language.names import expand_abbreviations

    if not issuer:
        return None
    entry = doc_types().types.get(doc_type)
    words = entry.words if entry else ("kế hoạch",)
    expanded = fold(expand_abbreviations(child_text[:CITATION_HEAD]))
    issuer = fold(issuer)
    for word in words:
        for m in re.finditer(rf"{re.escape(word)}[^.;\n]{{0,160}}?của\s+{re.escape(issuer)}",
                             expanded):
            mention = expanded[m.start():m.end()]
            # the dates the citation gives (not a "năm 2023" of the cited title)
            years = set(re.findall(r"\d{1,2}/\d{1,2}/((?:19|20)\d\d)", mention)) | set(
                re.findall(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+((?:19|20)\d\d)",
                           mention))
            if year and years and str(year) not in years:
                return [Finding(kind="reference_missing", severity="warning", rule="cite.mismatch",
                                message=(f"Trích dẫn văn bản cấp trên không khớp: năm "
                                         f"{', '.join(sorted(years))} thay vì {year}."))]
            return []
    return None


def describe_document(doc_type: str, number: str | None, date: str | None, issuer: str | None) -> str:
    from ..language.lexicons import doc_types

    entry = doc_types().types.get(doc_type)
    parts = [entry.words[0].capitalize() if entry else "Văn bản"]
    if number:
        parts.append(f"số {number}")
    if date:
        parts.append(f"ngày {_vn_date(date)}")
    if issuer:
        parts.append(f"của {issuer}")
    return " ".join(parts)


def _vn_date(iso: str) -> str:
    p = iso.split("-")
    return "/".join(reversed(p)) if len(p) == 3 else iso


# -- targets ------------------------------------------------------------------------


def _targets(child: Plan, parent: Plan) -> list[Finding]:
    P, C = parent.targets, child.targets
    pside, cside = _Side(parent), _Side(child)
    pairs = align(parent, child)
    out: list[Finding] = []
    used = {j for j, _ in pairs.values()}
    for i, p in enumerate(P):
        if i not in pairs:
            if _not_carried(p, child, parent):
                out.append(Finding(
                    kind="target_missing", severity="info", rule="target.missing_not_carried",
                    parent_ref=p.id, parent_evidence=pside.evidence(p.span),
                    message=(f"Chỉ tiêu của kế hoạch cấp trên không áp dụng ở cấp này: "
                             f"{_fmt(p)} ({about(p)}) tính trên các đơn vị cùng cấp hoặc "
                             f"trên toàn địa bàn cấp trên.")))
                continue
            out.append(Finding(
                kind="target_missing", severity="error", rule="target.missing",
                parent_ref=p.id, parent_evidence=pside.evidence(p.span),
                message=f"Thiếu chỉ tiêu của kế hoạch cấp trên: {_fmt(p)} ({about(p)})."))
            continue
        j, s = pairs[i]
        out.append(_compare(p, C[j], s, pside, cside, parent, child))
    for j, c in enumerate(C):
        if j not in used:
            out.append(Finding(
                kind="target_extra", severity="info", rule="target.extra", child_ref=c.id,
                child_evidence=cside.evidence(c.span),
                message=(f"Chỉ tiêu bổ sung, không có ở kế hoạch cấp trên: {_fmt(c)} "
                         f"({about(c)}).")))
    return out


AGGREGATE_COUNT = 100  # a count this large totals the parent's territory


def _not_carried(p: Target, child: Plan, parent: Plan) -> bool:
    """A parent target the child's level cannot restate: a share (below all) of
    units of the child's own level or above ("70% số xã" for a commune, "60% số
    tỉnh" for a province), or a total over the parent's territory ("51,6 triệu
    cây xanh" for a district)."""
    step = step_between(child, parent)
    if step <= 0:
        return False
    if p.unit == "count":
        return p.value >= AGGREGATE_COUNT
    dim = comparable(p)
    if dim is None or dim[0] != "share" or dim[1] >= 100:
        return False
    level = subject_level(p.subject)
    rank = DOC_RANK.get(child.metadata.issuer_level or "")
    return level is not None and rank is not None and level <= rank


def _compare(p: Target, c: Target, s: float, pside: _Side, cside: _Side, parent: Plan,
             child: Plan) -> Finding:
    pv = comparable(p)[1]  # type: ignore[index]
    cv = comparable(c)[1]  # type: ignore[index]
    higher_better = p.comparator in _HIGHER_IS_BETTER
    same_direction = (c.comparator in _HIGHER_IS_BETTER) == higher_better
    if abs(pv - cv) < 1e-9 and same_direction and (
            _strictness(c.comparator) > _strictness(p.comparator)):
        kind, rule = "target_stricter", "target.stricter"  # "trên 80%" for "đạt 80%"
    elif abs(pv - cv) < 1e-9 and _strictness(c.comparator) >= _strictness(p.comparator):
        kind, rule = "target_met", "target.met"
    elif (cv > pv) == higher_better and abs(pv - cv) > 1e-9:
        kind, rule = "target_stricter", "target.stricter"
    elif abs(pv - cv) < 1e-9:
        kind, rule = "target_met", "target.met"
    else:
        kind, rule = "target_weaker", "target.weaker"
    severity = SEVERITY[kind]
    subject = about(p) if p.subject else about(c)
    if kind == "target_weaker":
        sign = "<" if higher_better else ">"
        message = (f"Chỉ tiêu thấp hơn kế hoạch cấp trên: {_fmt(c)} {sign} {_fmt(p)} "
                   f"({subject}).")
        child_year = c.year or child.metadata.year
        if p.year and child_year and child_year < p.year:
            severity, rule = "warning", "target.weaker_earlier_year"
            message = (f"Chỉ tiêu năm {child_year} thấp hơn mốc năm {p.year} của kế hoạch cấp "
                       f"trên: {_fmt(c)} so với {_fmt(p)} ({subject}); cần bảo đảm lộ trình.")
    elif kind == "target_stricter":
        message = f"Chỉ tiêu cao hơn kế hoạch cấp trên: {_fmt(c)} so với {_fmt(p)} ({subject})."
    else:
        message = f"Chỉ tiêu đạt yêu cầu của kế hoạch cấp trên: {_fmt(c)} ({subject})."
    below = below_baseline(c, child)
    if below is not None:
        when = f" năm {below.year}" if below.year else ""
        message += (f" Chỉ tiêu này còn {'thấp' if higher_better else 'cao'} hơn mức đã đạt"
                    f"{when} ({below.text.strip()}).")
    return Finding(kind=kind, severity=severity, rule=rule, parent_ref=p.id, child_ref=c.id,  # type: ignore[arg-type]
                   parent_evidence=pside.evidence(p.span), child_evidence=cside.evidence(c.span),
                   message=message, similarity=round(s, 3))


BASELINE_LIKENESS = 0.8  # subjects this alike: the baseline measures the same thing


def below_baseline(c: Target, child: Plan) -> Baseline | None:
    """A figure of the child's own situation that its target falls short of ("năm
    2020 đạt 85%" and a target of 80%): the target is a step back."""
    from rapidfuzz import fuzz

    cc = comparable(c)
    if cc is None or not c.subject:
        return None
    higher_better = c.comparator in _HIGHER_IS_BETTER
    for b in child.baselines:
        bc = comparable(b)
        if bc is None or bc[0] != cc[0] or not b.subject:
            continue
        if fuzz.token_set_ratio(tokens(b.subject), tokens(c.subject)) < 100 * BASELINE_LIKENESS:
            continue
        if (cc[1] < bc[1]) if higher_better else (cc[1] > bc[1]):
            return b
    return None


def about(t: Target) -> str:
    """What a target is about, with its year and level when stated: "trẻ em bị tai
    nạn, thương tích; năm 2025; cấp xã"."""
    parts = [t.subject or ""]
    if t.year:
        parts.append(f"năm {t.year}")
    if t.scope and fold(t.scope) not in fold(t.subject or ""):
        parts.append(t.scope)
    return "; ".join(p for p in parts if p)


def target_label(t: Target) -> str:
    """A parent target as a column of the matrix: "t3: ≥ 90% người nghiện; năm 2025"."""
    return f"{t.id}: {_fmt(t)} {about(t)}"


def _strictness(comparator: str) -> int:
    return {"=": 1, ">=": 1, "<=": 1, ">": 2, "<": 2}.get(comparator, 1)


def _fmt(t: Target) -> str:
    cmp = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "=": ""}[t.comparator]
    v = f"{t.value:g}".replace(".", ",")
    if t.unit == "percent":
        return f"{cmp}{v}%"
    if t.unit == "ratio":
        return f"{cmp}{v}/{t.denominator:g}"
    if t.unit == "frequency":
        return f"{cmp}{v} lần/{_PERIOD_VN.get(t.period or '', t.period or '')}"
    return f"{cmp}{v}"


_PERIOD_VN = {"week": "tuần", "month": "tháng", "quarter": "quý", "year": "năm",
              "6 months": "6 tháng"}


# -- tasks ------------------------------------------------------------------------


def _tasks(child: Plan, parent: Plan) -> list[Finding]:
    out: list[Finding] = []
    child_themes = {t.theme for t in child.tasks}
    seen: set[str] = set()
    per_theme: dict[str, int] = {}
    for t in parent.tasks:
        per_theme[t.theme] = per_theme.get(t.theme, 0) + 1
    for t in parent.tasks:
        if t.theme in seen or t.theme == "other" or per_theme[t.theme] < 2:
            continue  # one stray task is not a group of the plan
        seen.add(t.theme)
        if t.theme in child_themes:
            out.append(Finding(kind="task_covered", severity="info", rule="task.covered",
                               parent_evidence=Evidence(text=t.text, span=t.span),
                               message=f"Nhóm nhiệm vụ '{_THEME_VN[t.theme]}' có trong kế hoạch."))
        else:
            out.append(Finding(kind="task_uncovered", severity="warning", rule="task.uncovered",
                               parent_evidence=Evidence(text=t.text, span=t.span),
                               message=(f"Không có nhiệm vụ nào về '{_THEME_VN[t.theme]}' "
                                        "như kế hoạch cấp trên.")))
    # a body's block of Tổ chức thực hiện often assigns several themes at once
    assigned_themes = {t.theme for t in child.tasks if t.agencies}.union(
        *(clause_themes(t.text) for t in child.tasks if t.agencies))
    groups: dict[str, list] = {}
    for t in child.tasks:
        if t.section_id:
            groups.setdefault(t.section_id, []).append(t)
    for sid, tasks in groups.items():
        # the themes of a group that no body is given, here or in Tổ chức thực hiện
        themes = {t.theme for t in tasks if not t.agencies} - {"other"} - assigned_themes
        if themes:
            first = next(t for t in tasks if t.theme in themes)
            out.append(Finding(
                kind="agency_unassigned", severity="warning", rule="task.unassigned",
                child_evidence=Evidence(text=first.text, span=first.span),
                message=(f"Nhóm nhiệm vụ mục {sid} ({', '.join(_THEME_VN[x] for x in themes)}) "
                         "chưa được giao cho cơ quan nào chủ trì hay thực hiện.")))
    return out


_THEME_VN = {"communication": "tuyên truyền", "integration": "lồng ghép", "inspection":
             "kiểm tra, xử lý", "training": "đào tạo, tập huấn", "support": "hỗ trợ",
             "planning": "xây dựng kế hoạch, mô hình", "reporting": "báo cáo, thống kê",
             "institution": "thể chế", "other": "khác"}


# -- deadlines ----------------------------------------------------------------------


def _deadlines(child: Plan, parent: Plan) -> list[Finding]:
    from rapidfuzz import fuzz

    out: list[Finding] = []
    used: set[str] = set()
    recipients = _recipient_keys(parent)
    for p in parent.deadlines:
        if not p.date or len(p.date) != 10:
            continue
        best: tuple[float, Deadline] | None = None
        for c in child.deadlines:
            if not c.date or len(c.date) != 10 or c.id in used:
                continue
            same_rhythm = bool(p.recurrence and p.recurrence == c.recurrence)
            s = fuzz.token_set_ratio(fold(p.applies_to or ""), fold(c.applies_to or "")) / 100
            near = abs(_day_of_year(c.date) - _day_of_year(p.date)) <= 45
            # the child's report that goes up to the parent's issuer, not the ones
            # its own units send to it ("báo cáo về Công an huyện")
            upward = any(k and k in fold(c.applies_to or "") for k in recipients)
            score = s + (0.3 if same_rhythm else 0) + (0.2 if near else 0) + (0.5 if upward else 0)
            if score >= 0.6 and (best is None or score > best[0]):
                best = (score, c)
        if best is None:
            continue
        c = best[1]
        used.add(c.id)
        later = (_day_of_year(c.date) > _day_of_year(p.date)) if (
            p.recurrence or c.recurrence) else c.date > p.date  # type: ignore[operator]
        kind = "deadline_later" if later else "deadline_met"
        msg = (f"Thời hạn muộn hơn kế hoạch cấp trên: {_vn_date(c.date)} sau {_vn_date(p.date)}"  # type: ignore[arg-type]
               f" ({p.applies_to or 'báo cáo'}); báo cáo lên cấp trên phải sớm hơn."
               if later else f"Thời hạn phù hợp: {_vn_date(c.date)} (cấp trên {_vn_date(p.date)}).")  # type: ignore[arg-type]
        out.append(Finding(kind=kind, severity=SEVERITY[kind], rule=f"deadline.{kind[9:]}",  # type: ignore[arg-type]
                           parent_ref=p.id, child_ref=c.id,
                           parent_evidence=Evidence(text=p.text, span=p.span),
                           child_evidence=Evidence(text=c.text, span=c.span),
                           message=msg, similarity=round(best[0], 3)))
    return out


def _recipient_keys(parent: Plan) -> list[str]:
    """How a child names the parent's issuer as the recipient of its reports."""
    issuer = fold(parent.metadata.issuer or "")
    keys = [issuer]
    m = re.match(r"(ủy ban nhân dân|sở|phòng|bộ)\b.*?\b(tỉnh|thành phố|huyện|quận|thị xã)\b",
                 issuer)
    if m:
        keys += [f"{m.group(1)} {m.group(2)}", f"{m.group(1)} "]
    elif issuer.startswith(("sở ", "phòng ")):
        keys.append(issuer.split()[0] + " ")
    return [k for k in keys if k.strip()]


def _day_of_year(iso: str) -> int:
    y, m, d = (int(x) for x in iso.split("-"))
    return m * 31 + d
