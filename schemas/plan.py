"""The output contract: what ``kehoach extract FILE --format json`` prints.

Follows ``shared/spec/contract.md`` field for field; fields it does not name are
additions (documented with ``description``) and never replace one it names.
Every extracted item carries ``span``: half-open ``[start, end)`` character
offsets into ``Plan.text`` (the normalized text), so ``text[start:end]`` is the
quoted evidence.

Regenerate the JSON Schema beside this file with ``kehoach schema`` (a test
fails when the checked-in schema is stale).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.1"  # 1.1: baselines

Span = tuple[int, int]

DocType = Literal[
    "KE_HOACH", "QUYET_DINH", "CONG_VAN", "CHI_THI", "NGHI_QUYET", "CHUONG_TRINH",
    "THONG_BAO", "BAO_CAO", "OTHER", "BAI_BAO",
]
RefDocType = Literal[
    "KE_HOACH", "QUYET_DINH", "CONG_VAN", "CHI_THI", "NGHI_QUYET", "NGHI_DINH",
    "THONG_TU", "LUAT", "PHAP_LENH", "CHUONG_TRINH", "KET_LUAN", "TO_TRINH", "OTHER",
]
Level = Literal["national", "province", "district", "commune"]
SectionKind = Literal[
    "purpose", "requirements", "targets", "tasks", "solutions", "budget",
    "implementation", "reporting", "other",
]
Theme = Literal[
    "communication", "integration", "inspection", "training", "support", "planning",
    "reporting", "institution", "other",
]
Comparator = Literal[">=", ">", "=", "<=", "<"]
Unit = Literal["percent", "count", "ratio", "frequency"]
Role = Literal["lead", "cooperate", "requested", "responsible"]
DeadlineKind = Literal["by", "within", "on", "periodic"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    path: str
    format: Literal["txt", "md", "docx", "pdf", "html", "doc", "image"]
    sha256: str
    pages: int | None = None
    encoding: str | None = Field(None, description="Text encoding or legacy font repaired.")


class Signer(_Model):
    name: str | None = None
    position: str | None = None


class Metadata(_Model):
    genre: Literal["official", "news"] = "official"
    doc_type: DocType = "OTHER"
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    issuer_level: Level | None = None
    place: str | None = None
    date: str | None = Field(None, description="ISO date; partial '2023' or '2023-03'.")
    year: int | None = None
    title: str | None = None
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list)
    inferred: list[str] = Field(
        default_factory=list,
        description="Fields not printed in the header but inferred from the body.",
    )


class Reference(_Model):
    doc_type: RefDocType
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    role: Literal["implements", "cites"]
    span: Span
    text: str = Field(description="The quoted mention, text[span[0]:span[1]].")


class Section(_Model):
    id: str
    heading: str
    kind: SectionKind
    level: int
    span: Span = Field(description="The heading and its body, up to the next sibling.")
    heading_span: Span = Field(description="The heading alone.")
    children: list[Section] = Field(default_factory=list)


class Target(_Model):
    id: str
    text: str
    comparator: Comparator
    value: float
    unit: Unit
    denominator: float | None = None
    period: str | None = None
    subject: str | None = None
    indicator: str | None = None
    theme: Theme = "other"
    scope: str | None = None
    year: int | None = None
    section_id: str | None = None
    span: Span
    upper: float | None = Field(None, description="Upper bound of a range '60-80%'.")


class Baseline(_Model):
    """A figure of the situation or of past results ("toàn tỉnh có 908 cơ sở",
    "năm 2020 đạt 85%"): not a commitment, but what a target can be read against."""

    id: str
    text: str
    value: float
    unit: Unit
    denominator: float | None = None
    subject: str | None = None
    year: int | None = Field(None, description="The year the figure describes, when stated.")
    section_id: str | None = None
    span: Span


class Task(_Model):
    id: str
    text: str
    theme: Theme = "other"
    section_id: str | None = None
    span: Span
    agencies: list[str] = Field(default_factory=list)
    deadline_ids: list[str] = Field(default_factory=list)


class Agency(_Model):
    id: str
    name: str
    canonical: str
    roles: list[Role] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    collective: bool = Field(False, description="A collective subject ('các phòng, ban').")


class Deadline(_Model):
    id: str
    text: str
    kind: DeadlineKind
    date: str | None = None
    recurrence: str | None = None
    applies_to: str | None = None
    agency_ids: list[str] = Field(default_factory=list)
    span: Span
    start: str | None = Field(None, description="Start of an interval ('từ ngày ...').")


class Plan(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    text: str
    metadata: Metadata
    references: list[Reference] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    baselines: list[Baseline] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
