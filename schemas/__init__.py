"""kehoach output contract (pydantic) and its generated JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from .compliance import ComplianceReport, Finding
from .plan import (
    SCHEMA_VERSION,
    Agency,
    Baseline,
    Deadline,
    Metadata,
    Plan,
    Reference,
    Section,
    Signer,
    Source,
    Target,
    Task,
)

SCHEMA_DIR = Path(__file__).resolve().parent
GENERATED = {"plan.schema.json": Plan, "compliance.schema.json": ComplianceReport}


def json_schemas() -> dict[str, str]:
    """File name -> JSON Schema text, as ``kehoach schema`` writes them."""
    return {
        name: json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
        for name, model in GENERATED.items()
    }


__all__ = [
    "SCHEMA_VERSION", "Agency", "Baseline", "ComplianceReport", "Finding", "Deadline", "Metadata", "Plan", "Reference", "Section",
    "Signer", "Source", "Target", "Task", "json_schemas", "SCHEMA_DIR",
]
