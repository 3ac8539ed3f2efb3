"""The compliance report: what ``kehoach check CHILD --parent PARENT`` prints.

Follows ``shared/spec/contract.md`` ("Compliance report") field for field;
additions (rule id, similarity, counts) are documented with ``description``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FindingKind = Literal[
    "target_met", "target_stricter", "target_weaker", "target_missing", "target_extra",
    "task_uncovered", "task_covered", "agency_unassigned", "deadline_later", "deadline_met",
    "reference_missing",
]
Severity = Literal["error", "warning", "info"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocRef(_Model):
    path: str
    number: str | None = None
    issuer: str | None = None
    title: str | None = None
    date: str | None = None


class Evidence(_Model):
    text: str
    span: tuple[int, int]


class Finding(_Model):
    kind: FindingKind
    severity: Severity
    parent_ref: str | None = None
    child_ref: str | None = None
    parent_evidence: Evidence | None = None
    child_evidence: Evidence | None = None
    message: str = Field(description="In Vietnamese, for the reviewing officer.")
    rule: str = Field(description="Id of the rule that produced the finding.")
    similarity: float | None = Field(None, description="Alignment score of the pair, 0-1.")


class Summary(_Model):
    targets_total: int
    met: int = Field(description="Parent targets met or exceeded by the child.")
    stricter: int = 0
    weaker: int
    missing: int
    extra: int
    score: float = Field(description="(met) / targets_total; 1.0 when the parent has none.")
    errors: int = 0
    warnings: int = 0


class ComplianceReport(_Model):
    child: DocRef
    parent: DocRef
    cites_parent: bool
    findings: list[Finding] = Field(default_factory=list)
    summary: Summary
