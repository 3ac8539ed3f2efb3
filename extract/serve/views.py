"""What the review page and the downloads show: documents with their evidence
marked, findings in reading order with the officer's decisions, and the report
as it leaves the office (dismissed findings out, comments in).

Computes nothing about compliance; the documents are
escaped by :func:`~extract.compliance.report.marked_text`.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.compliance import ComplianceReport, Finding

from ..compliance.report import KIND_VN, SEVERITY_ORDER, SEVERITY_VN, evidence_marks, marked_text

__all__ = ["FindingView", "evidence_marks", "finding_views", "marked_text", "reviewed"]

DECISION_VN = {"confirmed": "Đã xác nhận", "dismissed": "Đã bác bỏ"}


@dataclass
class FindingView:
    index: int  # place of the finding in the stored report (the decision key)
    finding: Finding
    severity_vn: str
    kind_vn: str
    parent_anchor: str | None
    child_anchor: str | None
    decision: str | None
    reason: str | None
    comment: str | None

    @property
    def decision_vn(self) -> str:
        return DECISION_VN.get(self.decision or "", "")


def finding_views(report: ComplianceReport, decisions: dict[int, dict[str, object]],
                  parent_anchors: dict[int, str], child_anchors: dict[int, str]
                  ) -> list[FindingView]:
    """The findings, errors first, each with its decision and its marks."""
    views = []
    for i, f in enumerate(report.findings):
        d = decisions.get(i, {})
        views.append(FindingView(
            index=i, finding=f, severity_vn=SEVERITY_VN[f.severity], kind_vn=KIND_VN[f.kind],
            parent_anchor=parent_anchors.get(i), child_anchor=child_anchors.get(i),
            decision=d.get("decision"), reason=d.get("reason"),  # type: ignore[arg-type]
            comment=d.get("comment")))  # type: ignore[arg-type]
    return sorted(views, key=lambda v: (SEVERITY_ORDER[v.finding.severity], v.index))


def reviewed(report: ComplianceReport, decisions: dict[int, dict[str, object]]
             ) -> ComplianceReport:
    """The report as the officer signs it: dismissed findings left out, comments
    added to their finding's message, the counts of the summary recomputed."""
    kept: list[Finding] = []
    for i, f in enumerate(report.findings):
        d = decisions.get(i, {})
        if d.get("decision") == "dismissed":
            continue
        if d.get("comment"):
            f = f.model_copy(update={"message": f"{f.message} (Ý kiến người rà soát: "
                                                f"{d['comment']})"})
        kept.append(f)
    kinds = [f.kind for f in kept]
    summary = report.summary.model_copy(update={
        "weaker": kinds.count("target_weaker"), "missing": kinds.count("target_missing"),
        "extra": kinds.count("target_extra"),
        "errors": sum(f.severity == "error" for f in kept),
        "warnings": sum(f.severity == "warning" for f in kept)})
    return report.model_copy(update={"findings": kept, "summary": summary})
