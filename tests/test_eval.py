"""``kehoach eval``: the scorer follows the contract, and the pipeline meets the
structure bars (issue 3) on the seeds' gold in every format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.evaluate.score import (
    score_agencies,
    score_deadlines,
    score_metadata,
    score_references,
    score_sections,
    score_targets,
    subject_overlap,
)

ROOT = Path(__file__).resolve().parent.parent


def test_target_match_needs_value_unit_and_half_the_subject_words():
    gold = [{"value": 50, "unit": "percent", "comparator": ">=",
             "subject": "người lao động tại các cơ sở kinh doanh dịch vụ"}]
    near = [{"value": 50, "unit": "percent", "comparator": "=",
             "subject": "người lao động tại các cơ sở kinh doanh"}]
    other_value = [{**near[0], "value": 30}]
    s = score_targets(gold, near)
    assert (s.tp, s.fp, s.fn) == (1, 0, 0) and s.agreement == 0.0
    assert score_targets(gold, other_value).tp == 0
    assert subject_overlap("học sinh", "người lao động") == 0.0


def test_agency_names_compare_after_tone_and_space_folding():
    gold = [{"canonical": "Ủy ban nhân dân các phường", "roles": ["responsible"]}]
    pred = [{"canonical": "Uỷ  ban nhân dân các phường", "roles": ["lead"]}]
    s = score_agencies(gold, pred)
    assert s.tp == 1 and s.agreement == 0.0


def test_deadline_match_needs_same_date_and_overlapping_text():
    text = "Báo cáo trước ngày 25/6 và trước ngày 25/12 hằng năm."
    gold = [{"text": "trước ngày 25/6", "date": "2023-06-25", "kind": "by"}]
    good = [{"text": "trước ngày 25/6", "date": "2023-06-25", "kind": "by", "span": [8, 23]}]
    wrong_place = [{**good[0], "span": [27, 43]}]
    assert score_deadlines(gold, good, text).tp == 1
    assert score_deadlines(gold, wrong_place, text).tp == 0


def test_sections_match_on_heading_then_kind():
    gold = [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "kind": "purpose", "children": [
        {"heading": "1. Mục đích", "kind": "purpose", "children": []}]}]
    pred = [{"heading": "I. MỤC ĐÍCH,  YÊU CẦU", "kind": "purpose", "children": []}]
    s = score_sections(gold, pred)
    assert (s.tp, s.fn, s.fp) == (1, 1, 0) and s.agreement == 1.0


def test_metadata_share_and_references_by_number():
    s = score_metadata({"issuer": "Ủy ban nhân dân xã A", "year": 2023},
                       {"issuer": "Ủy ban nhân dân xã A", "year": 2024})
    assert (s.agree, s.matched) == (1, 2)
    r = score_references(
        [{"doc_type": "KE_HOACH", "number": "76/KH-UBND", "date": None, "issuer": None,
          "role": "implements"}],
        [{"doc_type": "KE_HOACH", "number": "76/KH-UBND", "date": None, "issuer": None,
          "role": "cites"}], "")
    assert r.tp == 1 and r.agreement == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("ext", [".txt", ".docx", ".pdf"])
def test_structure_bars_on_seed_gold_in_every_format(ext):
    res = subprocess.run(
        [sys.executable, "-m", "extract.cli", "eval", "--run", "corpus/gold", "--ext", ext,
         "--json"], capture_output=True, text=True, cwd=ROOT, timeout=300, check=True)
    totals = json.loads(res.stdout)["totals"]
    assert totals["metadata"]["agreement"] >= 0.95
    assert totals["references"]["f1"] >= 0.95
    assert totals["sections"]["f1"] >= 0.95 and totals["sections"]["agreement"] >= 0.95
