"""Deadlines (issue 5): every construction of the fixtures written from real
plans (51 cases, negatives included), the seeds' reporting rhythms, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract.entities.deadlines import find_deadlines
from extract.evaluate.score import score_deadlines
from extract.ingest.document import finish
from extract.ingest.text import read_string

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = yaml.safe_load((ROOT / "tests/data/fixtures/deadlines.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", FIXTURES["cases"], ids=lambda c: c["id"])
def test_fixture_from_real_plans(case):
    doc = finish(read_string(case["text"]), path=case["id"], sha256="")
    found = find_deadlines(doc, year=case.get("doc_year"))
    score = score_deadlines(case["expect"] or [], [d.model_dump() for d in found], doc.text)
    assert (score.fp, score.fn) == (0, 0), score.details
    for d in found:
        assert doc.text[d.span[0] : d.span[1]] == d.text
        assert (d.kind == "periodic") == (d.recurrence is not None)


def test_fixtures_cover_every_kind_and_negatives():
    kinds = {e["kind"] for c in FIXTURES["cases"] for e in c["expect"] or []}
    negatives = [c for c in FIXTURES["cases"] if not c["expect"]]
    assert kinds == {"by", "within", "on", "periodic"} and len(negatives) >= 5
    assert len(FIXTURES["cases"]) >= 30


def test_seed_001_reporting_deadlines_recur_yearly(corpus_dir):
    from extract.pipeline import run

    plan = run(corpus_dir / "kh-sldtbxh-lang-son-2023-phong-chong-mai-dam.txt")
    dated = {(d.date, d.recurrence) for d in plan.deadlines if d.date}
    assert {("2023-06-25", "yearly"), ("2023-12-25", "yearly")} <= dated


def test_seed_003_deadlines_each_with_what_is_due(corpus_dir):
    from extract.pipeline import run

    plan = run(corpus_dir / "tin-sldtbxh-ha-noi-2018-phong-chong-mai-dam.txt")
    dates = sorted(d.date for d in plan.deadlines)
    assert dates == ["2018-12-01", "2018-12-15", "2018-12-15", "2018-12-15", "2018-12-31",
                     "2018-12-31", "2018-12-31"]
    assert all(d.applies_to for d in plan.deadlines)
    names = {a.id: a.canonical for a in plan.agencies}
    bound = [{names[i] for i in d.agency_ids} for d in plan.deadlines]
    assert all(bound), "every deadline binds the agency of its task"
    first = next(b for d, b in zip(plan.deadlines, bound) if d.date == "2018-12-31")
    assert "Công an thành phố" in first


def test_document_date_and_cited_dates_are_not_deadlines(corpus_dir):
    from extract.pipeline import run

    plan = run(corpus_dir / "kh-ubnd-xa-cam-ngoc-2023-phong-chong-mai-dam.txt")
    assert plan.deadlines == []
