"""Real pairs whose texts live outside the repository (corpus/pairs-real), and the
aligned-target score of `kehoach eval --pairs`."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from extract.evaluate.pairset import COLUMNS, load_pairset, split_of
from extract.evaluate.score import score_alignment, score_pair

ROOT = Path(__file__).resolve().parent.parent
PARENT = ("KẾ HOẠCH\nThực hiện công tác phòng, chống ma túy năm 2024\n"
          "- 100% xã, phường, thị trấn xây dựng kế hoạch phòng, chống ma túy.\n"
          "- Ít nhất 90% người nghiện được tư vấn.\n")
CHILD = ("KẾ HOẠCH\nThực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh về phòng, chống ma túy\n"
         "- 16/16 xã, thị trấn xây dựng kế hoạch phòng, chống ma túy.\n"
         "- Tối thiểu 95% người nghiện trên địa bàn huyện được tư vấn.\n")


def _write_pairset(folder: Path, raw: Path, names: list[str], texts_for: set[str]) -> None:
    folder.mkdir()
    with (folder / "pairs.tsv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        out.writeheader()
        for name in names:
            out.writerow({"pair": name, "split": split_of(name)})
    for name in names:
        (folder / name).mkdir()
        (folder / name / "expected.json").write_text(json.dumps({
            "parent": "parent.txt", "child": "child.txt", "cites_parent": True,
            "child_whole": True, "findings": [
                {"kind": "target_stricter", "severity": "info",
                 "parent": {"value": 90, "unit": "percent", "subject": "người nghiện",
                            "text": "Ít nhất 90% người nghiện được tư vấn"},
                 "child": {"value": 95, "unit": "percent", "subject": "người nghiện",
                           "text": "Tối thiểu 95% người nghiện"}}]}), encoding="utf-8")
        if name in texts_for:
            (raw / name).mkdir(parents=True)
            (raw / name / "parent.txt").write_text(PARENT, encoding="utf-8")
            (raw / name / "child.txt").write_text(CHILD, encoding="utf-8")


def test_a_pairset_scores_the_pairs_whose_texts_are_present(tmp_path):
    names = ["a-ma-tuy-tinh-huyen", "b-ma-tuy-tinh-huyen", "c-ma-tuy-tinh-huyen"]
    raw = tmp_path / "raw"
    _write_pairset(tmp_path / "real", raw, names, {names[0], names[2]})
    ps = load_pairset(tmp_path / "real", raw=raw)
    assert ps.listed == 3 and ps.missing == [names[1]]
    assert [p.name for p in ps.pairs] == [names[0], names[2]]
    assert ps.pairs[0].child == raw / names[0] / "child.txt"
    one = load_pairset(tmp_path / "real", split=split_of(names[0]), raw=raw)
    assert all(p.row["split"] == split_of(names[0]) for p in one.pairs)
    assert split_of("x") in ("dev", "test") and split_of("x") == split_of("x")


def _target(tid, value, subject, text, needle, unit="percent"):
    start = text.index(needle)
    return {"id": tid, "value": value, "unit": unit, "denominator": None,
            "subject": subject, "span": (start, start + len(needle))}


def test_aligned_targets_are_identified_by_the_quoted_place_not_the_subject_words():
    parent = {"text": PARENT, "targets": [
        _target("p1", 100, "xã, phường, thị trấn", PARENT, "100% xã"),
        _target("p2", 90, "người", PARENT, "90% người nghiện")]}  # a poor subject
    child = {"text": CHILD, "targets": [
        _target("c1", 95, "người nghiện trên địa bàn huyện", CHILD, "95% người nghiện")]}
    expected = json.loads(json.dumps({"findings": [
        {"kind": "target_stricter", "parent": {"value": 90, "unit": "percent",
                                               "subject": "người nghiện được tư vấn",
                                               "text": "Ít nhất 90% người nghiện được tư vấn"},
         "child": {"value": 95, "unit": "percent", "subject": "người nghiện được tư vấn",
                   "text": "Tối thiểu 95% người nghiện"}}]}))
    right = {"findings": [{"kind": "target_stricter", "severity": "info", "parent_ref": "p2",
                           "child_ref": "c1", "message": ""}]}
    s = score_alignment(expected, right, child, parent)
    assert (s.tp, s.fp, s.fn, s.agree) == (1, 0, 0, 1)
    # the same child target paired with the wrong parent target is both an error and a miss
    wrong = {"findings": [{"kind": "target_weaker", "severity": "error", "parent_ref": "p1",
                           "child_ref": "c1", "message": ""}]}
    s = score_alignment(expected, wrong, child, parent)
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    assert score_pair(expected, wrong, child, parent).tp == 0


def test_eval_pairs_reads_a_real_pairset_from_the_raw_folder(tmp_path):
    names = ["a-ma-tuy-tinh-huyen", "b-ma-tuy-tinh-huyen"]
    raw = tmp_path / "raw"
    _write_pairset(tmp_path / "real", raw, names, {names[0]})
    env = {**os.environ, "KEHOACH_PAIRS_RAW": str(raw)}
    res = subprocess.run([sys.executable, "-m", "extract.cli", "eval", "--pairs",
                          str(tmp_path / "real"), "--json"], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "1/2" in res.stderr and "thiếu 1" in res.stderr
    out = json.loads(res.stdout)
    assert list(out["pairs"]) == [names[0]]
    assert set(out["aligned"]) >= {"precision", "recall", "f1"}
    assert out["cites_parent"] in (0.0, 1.0)
