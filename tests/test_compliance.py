"""Compliance (issue 6): every finding kind, both comparator directions, unit
mismatch, level mapping, a child identical to its parent, and the reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.compliance.check import check
from extract.compliance.report import matrix_markdown, matrix_rows, to_docx, to_html, to_markdown
from schemas import Plan
from schemas.plan import Deadline, Metadata, Reference, Source, Target, Task


def _plan(text: str, targets=(), *, number=None, refs=(), deadlines=(), tasks=(), year=2024,
          issuer="Ủy ban nhân dân tỉnh Bình Phước", path="p.txt") -> Plan:
    ts = []
    for i, (cmp_, value, unit, subject, indicator, extra) in enumerate(targets, 1):
        start = text.find(subject)
        ts.append(Target(id=f"t{i}", text=text[start:start + len(subject)], comparator=cmp_,
                         value=value, unit=unit, subject=subject, indicator=indicator,
                         span=(start, start + len(subject)), **extra))
    return Plan(source=Source(path=path, format="txt", sha256="0"), text=text,
                metadata=Metadata(doc_type="KE_HOACH", number=number, issuer=issuer,
                                  year=year, date=f"{year}-03-12"),
                references=list(refs), targets=ts, deadlines=list(deadlines), tasks=list(tasks))


PARENT_TEXT = ("100% huyện, thị xã, thành phố tổ chức tuyên truyền. Ít nhất 80% người nghiện "
               "được quản lý. Giảm tỷ lệ tái nghiện xuống dưới 30%. 50 cơ sở được kiểm tra.")
PARENT = _plan(PARENT_TEXT, [
    ("=", 100, "percent", "huyện, thị xã, thành phố", "tổ chức tuyên truyền", {}),
    (">=", 80, "percent", "người nghiện", "được quản lý", {}),
    ("<", 30, "percent", "tái nghiện", None, {}),
    ("=", 50, "count", "cơ sở", "được kiểm tra", {}),
], number="145/KH-UBND")


def _child(targets, refs=True, **kw) -> Plan:
    text = "Thực hiện Kế hoạch số 145/KH-UBND. " + " ".join(t[3] + " " + (t[4] or "")
                                                          for t in targets) + "."
    ref = Reference(doc_type="KE_HOACH", number="145/KH-UBND", date="2024-03-12",
                    issuer="Ủy ban nhân dân tỉnh", role="implements", span=(10, 33),
                    text=text[10:33])
    return _plan(text, targets, refs=[ref] if refs else [], issuer="Ủy ban nhân dân huyện Bù Đăng",
                 path="c.txt", **kw)


def _kinds(report, kind):
    return [f for f in report.findings if f.kind == kind]


def test_identical_child_one_level_down_has_no_errors():
    child = _child([
        ("=", 100, "percent", "xã, thị trấn", "tổ chức tuyên truyền", {}),
        (">=", 80, "percent", "người nghiện", "được quản lý", {}),
        ("<", 30, "percent", "tái nghiện", None, {}),
        ("=", 50, "count", "cơ sở", "được kiểm tra", {}),
    ])
    report = check(child, PARENT)
    assert report.cites_parent and report.summary.errors == 0 and report.summary.warnings == 0
    assert len(_kinds(report, "target_met")) == 4 and report.summary.score == 1.0


def test_lower_value_is_weaker_for_a_floor_and_higher_is_weaker_for_a_ceiling():
    child = _child([
        (">=", 70, "percent", "người nghiện", "được quản lý", {}),
        ("<", 35, "percent", "tái nghiện", None, {}),
    ])
    report = check(child, PARENT)
    weaker = {f.parent_ref for f in _kinds(report, "target_weaker")}
    assert weaker == {"t2", "t3"}
    assert all(f.severity == "error" and f.parent_evidence and f.child_evidence
               for f in _kinds(report, "target_weaker"))


def test_stricter_missing_and_extra():
    child = _child([
        (">=", 90, "percent", "người nghiện", "được quản lý", {}),
        ("<", 25, "percent", "tái nghiện", None, {}),
        (">=", 1, "frequency", "giao ban", None, {"period": "quarter"}),
    ])
    report = check(child, PARENT)
    assert {f.parent_ref for f in _kinds(report, "target_stricter")} == {"t2", "t3"}
    assert {f.parent_ref for f in _kinds(report, "target_missing")} == {"t1", "t4"}
    assert [f.child_ref for f in _kinds(report, "target_extra")] == ["t3"]


def test_ratio_meets_a_full_percentage_and_count_is_not_compared_with_percent():
    child = _child([
        ("=", 16, "ratio", "xã, thị trấn", "tổ chức tuyên truyền", {"denominator": 16}),
        ("=", 40, "count", "người nghiện", "được quản lý", {}),
    ])
    report = check(child, PARENT)
    assert [f.parent_ref for f in _kinds(report, "target_met")] == ["t1"]
    missing = {f.parent_ref for f in _kinds(report, "target_missing")}
    assert "t2" in missing  # 40 people is not 80 %: not compared


def test_lower_value_for_an_earlier_year_is_a_warning():
    parent = _plan("Đến năm 2025, 95% người nhiễm HIV được điều trị.", [
        (">=", 95, "percent", "người nhiễm HIV", "được điều trị", {"year": 2025})])
    child = _child([(">=", 90, "percent", "người nhiễm HIV", "được điều trị", {})], year=2023)
    report = check(child, parent)
    (f,) = _kinds(report, "target_weaker")
    assert f.severity == "warning" and f.rule == "target.weaker_earlier_year"


def test_missing_and_mismatched_citation():
    report = check(_child([], refs=False), PARENT)
    assert _kinds(report, "reference_missing")[0].severity == "error"
    assert not report.cites_parent
    child = _child([])
    child.references[0].date = "2024-03-22"
    (f,) = _kinds(check(child, PARENT), "reference_missing")
    assert f.severity == "warning" and "12/03/2024" in f.message


def test_a_parent_known_by_its_title_is_cited_through_the_decision_that_issued_it():
    # a news summary of a national programme: no number, its title only
    parent = _plan("Thủ tướng Chính phủ vừa ban hành Chương trình ...",
                   issuer="Thủ tướng Chính phủ")
    parent.metadata.doc_type, parent.metadata.title = "CHUONG_TRINH", (
        "Phát triển du lịch cộng đồng vùng đồng bào dân tộc thiểu số")
    text = ("Thực hiện Quyết định số 88/QĐ-TTg ngày 12/01/2024 của Thủ tướng Chính phủ phê "
            "duyệt Chương trình “Phát triển du lịch cộng đồng vùng đồng bào\ndân tộc thiểu số”, "
            "UBND tỉnh ban hành Kế hoạch.")
    a, b = text.index("Quyết"), text.index(" phê")
    ref = Reference(doc_type="QUYET_DINH", number="88/QĐ-TTg", date="2024-01-12",
                    issuer="Thủ tướng Chính phủ", role="implements", span=(a, b), text=text[a:b])
    child = _plan(text, refs=[ref])
    assert check(child, parent).cites_parent
    other = _plan(text.replace("du lịch cộng đồng", "nông nghiệp hữu cơ"), refs=[ref])
    assert not check(other, parent).cites_parent


def test_later_reporting_deadline_and_met_one():
    pd = [Deadline(id="d1", text="trước ngày 25/6", kind="periodic", date="2024-06-25",
                   recurrence="yearly", applies_to="báo cáo 6 tháng", span=(0, 1)),
          Deadline(id="d2", text="trước ngày 25/12", kind="periodic", date="2024-12-25",
                   recurrence="yearly", applies_to="báo cáo năm", span=(0, 1))]
    cd = [Deadline(id="d1", text="trước ngày 28/6", kind="periodic", date="2024-06-28",
                   recurrence="yearly", applies_to="báo cáo 6 tháng", span=(0, 1)),
          Deadline(id="d2", text="trước ngày 20/12", kind="periodic", date="2024-12-20",
                   recurrence="yearly", applies_to="báo cáo năm", span=(0, 1))]
    parent = _plan(PARENT_TEXT, deadlines=pd, number="145/KH-UBND")
    report = check(_child([], deadlines=cd), parent)
    assert [f.parent_ref for f in _kinds(report, "deadline_later")] == ["d1"]
    assert [f.parent_ref for f in _kinds(report, "deadline_met")] == ["d2"]


def test_uncovered_task_theme_and_unassigned_task_group():
    ptasks = [Task(id="k1", text="Tăng cường tuyên truyền", theme="communication", span=(0, 1)),
              Task(id="k2", text="Đổi mới truyền thông", theme="communication", span=(0, 1)),
              Task(id="k3", text="Tập huấn cán bộ", theme="training", span=(0, 1)),
              Task(id="k4", text="Bồi dưỡng nghiệp vụ", theme="training", span=(0, 1)),
              Task(id="k5", text="Ban hành văn bản", theme="institution", span=(0, 1))]
    ctasks = [Task(id="k1", text="Đẩy mạnh tuyên truyền", theme="communication", span=(0, 1),
                   section_id="II.1")]
    parent = _plan(PARENT_TEXT, tasks=ptasks, number="145/KH-UBND")
    report = check(_child([], tasks=ctasks), parent)
    # a theme with one parent task ("thể chế" here) is not a group of the plan
    assert [f.kind for f in report.findings if f.kind.startswith("task")] == [
        "task_covered", "task_uncovered"]
    assert len(_kinds(report, "agency_unassigned")) == 1


def test_unassigned_is_judged_per_theme_and_a_body_block_assigns_every_clause():
    """A group whose training task nobody is given is reported even when another
    task of the group names a body; a theme assigned in the second clause of a
    body's block of Tổ chức thực hiện is not."""
    def task(i, text, theme, section, agencies=()):
        return Task(id=f"k{i}", text=text, theme=theme, span=(0, 1), section_id=section,
                    agencies=list(agencies))

    ctasks = [
        task(1, "Cử cán bộ của Đội kiểm tra liên ngành tham gia đoàn", "inspection", "II.4.b",
             ["a1"]),
        task(2, "Tổ chức lớp tập huấn kỹ năng cho cộng tác viên", "training", "II.4.b"),
        task(3, "Lồng ghép nội dung phòng, chống ma túy vào hương ước", "integration", "II.2.b"),
        task(4, "Xây dựng kế hoạch năm 2024; lồng ghép với các chương trình mục tiêu",
             "planning", "IV.8", ["a2"]),
    ]
    report = check(_child([], tasks=ctasks), PARENT)
    found = _kinds(report, "agency_unassigned")
    assert len(found) == 1 and "II.4.b" in found[0].message
    assert "đào tạo, tập huấn" in found[0].message


@pytest.fixture(scope="module")
def sample_report():
    child = _child([(">=", 70, "percent", "người nghiện", "được quản lý <script>x</script>", {})])
    child.text += " <script>window.pwned=1</script>"
    return check(child, PARENT), child


def test_reports_in_vietnamese_markdown_html_and_docx(sample_report, tmp_path: Path):
    report, child = sample_report
    md = to_markdown(report)
    assert "Thấp hơn cấp trên" in md and "Thiếu chỉ tiêu" in md
    page = to_html(report, child, PARENT)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'class="finding error"' in page
    import docx

    path = tmp_path / "bao-cao.docx"
    to_docx(report, path)
    doc = docx.Document(str(path))
    table = doc.tables[-1]
    assert table.rows[0].cells[0].text == "Mức"
    assert any("Thấp hơn cấp trên" == r.cells[1].text for r in table.rows[1:])


def test_matrix_has_a_row_per_child_and_a_column_per_parent_target(sample_report):
    report, _ = sample_report
    md = matrix_markdown(PARENT, [report, report])
    rows = [ln for ln in md.splitlines() if ln.startswith("| ")]
    assert len(rows) == 3 and rows[0].count("|") == len(PARENT.targets) + 4


def test_pairs_corpus_findings_do_not_regress():
    """`kehoach eval --pairs corpus/pairs`: measured floor, raised as alignment and
    extraction improve; the bar is 0.95. Ten harder pairs of a second author
    (issue 13) brought the measured figures down to 0.83 / 0.90; the trained
    alignment brought them to 0.90 / 0.96 (aligned targets 0.97 / 0.95): the
    floor follows the measurement, the issue keeps the bar."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    res = subprocess.run([sys.executable, "-m", "extract.cli", "eval", "--pairs", "corpus/pairs",
                          "--json"], capture_output=True, text=True, cwd=root, timeout=300,
                         check=True)
    out = json.loads(res.stdout)
    total, aligned = out["total"], out["aligned"]
    assert total["precision"] >= 0.89 and total["recall"] >= 0.95
    assert total["agreement"] >= 0.95  # severity of matched findings
    assert aligned["precision"] >= 0.95 and aligned["recall"] >= 0.93


def test_a_target_restated_for_other_bodies_is_aligned_by_its_indicator():
    """The parent's "các sở, ngành lồng ghép X" becomes the child's "các xã lồng
    ghép X": the shared indicator aligns them even though the subjects differ,
    and a planning target with a similar subject does not steal the pairing."""
    parent_text = ("100% các sở, ngành, đơn vị trực thuộc xây dựng kế hoạch phòng, chống ma túy. "
                   "100% các phòng chuyên môn, trường cao đẳng nghề lồng ghép nhiệm vụ phòng, "
                   "chống ma túy với phát triển kinh tế - xã hội.")
    parent = _plan(parent_text, [
        ("=", 100, "percent", "các sở, ngành, đơn vị trực thuộc",
         "xây dựng kế hoạch phòng, chống ma túy", {"theme": "planning"}),
        ("=", 100, "percent", "các phòng chuyên môn, trường cao đẳng nghề",
         "lồng ghép nhiệm vụ phòng, chống ma túy với phát triển kinh tế - xã hội",
         {"theme": "integration"}),
    ], number="145/KH-UBND")
    child = _child([
        ("=", 100, "percent", "Ủy ban nhân dân các xã, thị trấn",
         "xây dựng kế hoạch phòng, chống ma túy", {"theme": "planning"}),
        ("=", 100, "percent", "các xã, thị trấn",
         "lồng ghép nhiệm vụ phòng, chống ma túy với phát triển kinh tế - xã hội",
         {"theme": "integration"}),
    ])
    report = check(child, parent)
    pairs = {(f.parent_ref, f.child_ref) for f in _kinds(report, "target_met")}
    assert pairs == {("t1", "t1"), ("t2", "t2")}
    assert not _kinds(report, "target_missing") and not _kinds(report, "target_extra")


def test_social_and_document_words_are_not_administrative_units():
    from extract.compliance.align import subject_level as _subject_level
    from extract.compliance.align import tokens as _tokens

    assert _subject_level("phát triển kinh tế - xã hội") is None
    assert _subject_level("văn bản hướng dẫn") is None
    assert _subject_level("các xã, thị trấn") == 3 and _subject_level("thôn, bản") == 4
    assert "xã_hội" in _tokens("kinh tế - xã hội") and "ĐƠNVỊ" in _tokens("các xã")


def test_a_two_year_parent_target_is_aligned_by_the_childs_year():
    """"90% vào năm 2025 và 95% vào năm 2030" are two targets; a child for 2025 that
    restates 90% meets the 2025 one, and the 2030 one is not traded for it."""
    text = ("Tỷ lệ người nhiễm HIV được điều trị đạt 90% vào năm 2025. Tỷ lệ người nhiễm HIV "
            "được điều trị đạt 95% vào năm 2030.")
    parent = _plan(text, [
        (">=", 90, "percent", "người nhiễm HIV được điều trị", None, {"year": 2025}),
        (">=", 95, "percent", "người nhiễm HIV được điều trị đạt 95%", None, {"year": 2030}),
    ], number="145/KH-UBND")
    child = _child([(">=", 90, "percent", "người nhiễm HIV trên địa bàn huyện được điều trị",
                     None, {"year": 2025})], year=2025)
    report = check(child, parent)
    met = _kinds(report, "target_met")
    assert [(f.parent_ref, f.child_ref) for f in met] == [("t1", "t1")]
    assert [f.parent_ref for f in _kinds(report, "target_missing")] == ["t2"]


def test_a_share_of_units_of_the_childs_own_level_is_not_carried():
    """A province's "ít nhất 70% số huyện" cannot be restated by one district: it is
    reported as info, while a target the district can carry stays an error."""
    text = "Ít nhất 70% số huyện đạt chuẩn. Ít nhất 80% người nghiện được quản lý."
    parent = _plan(text, [
        (">=", 70, "percent", "số huyện", "đạt chuẩn", {}),
        (">=", 80, "percent", "người nghiện", "được quản lý", {}),
    ], number="145/KH-UBND")
    parent.metadata.issuer_level = "province"
    child = _child([(">=", 5, "count", "lớp tập huấn", None, {})])
    child.metadata.issuer_level = "district"
    missing = {f.parent_ref: f for f in _kinds(check(child, parent), "target_missing")}
    assert missing["t1"].severity == "info" and missing["t1"].rule == "target.missing_not_carried"
    assert missing["t2"].severity == "error"


def test_the_alignment_model_is_data_with_its_features():
    from extract.compliance.align import pair_features
    from extract.language.lexicons import alignment_model

    model = alignment_model()
    assert 0 < model.threshold < 1 and model.version
    p, c = PARENT.targets[1], PARENT.targets[1]
    features = pair_features(p, c, 1, 2024)
    # every feature the aligner computes has a trained weight
    assert set(features) <= set(model.weights) and features["same_value"] == 1.0


def test_a_target_without_a_year_is_due_at_the_end_of_the_period_it_names():
    from extract.compliance.align import horizon

    text = "100% đơn vị cấp xã đạt chuẩn chống mù chữ giai đoạn 2015 - 2020."
    plan = _plan(text, [("=", 100, "percent", "đơn vị cấp xã",
                         "đạt chuẩn chống mù chữ giai đoạn 2015 - 2020", {})])
    assert horizon(plan.targets[0]) == 2020
    dated = _plan(text, [("=", 100, "percent", "đơn vị cấp xã", None, {"year": 2018})])
    assert horizon(dated.targets[0]) == 2018


def test_topic_abbreviations_compare_as_their_phrases():
    from extract.compliance.align import tokens

    assert tokens("thu nhập của người DTTS") == tokens("thu nhập của người dân tộc thiểu số")
    assert tokens("số vụ TNGT") == tokens("số vụ tai nạn giao thông")
    assert "nông" not in tokens("xã NTMX")  # whole tokens only


def test_the_matrix_and_the_findings_carry_each_targets_year_and_level():
    text = "Ít nhất 90% người nghiện được quản lý. 100% cán bộ được tập huấn ở cấp xã."
    parent = _plan(text, [
        (">=", 90, "percent", "người nghiện", "được quản lý", {"year": 2025}),
        ("=", 100, "percent", "cán bộ", "được tập huấn", {"scope": "cấp xã"}),
    ], number="145/KH-UBND")
    report = check(_child([(">=", 5, "count", "lớp tập huấn", None, {})]), parent)
    header = matrix_rows(parent, [report])[0]
    assert "năm 2025" in header[1] and "≥ 90%" in header[1] and "cấp xã" in header[2]
    missing = {f.parent_ref: f.message for f in _kinds(report, "target_missing")}
    assert "năm 2025" in missing["t1"] and "cấp xã" in missing["t2"]


def test_a_target_below_the_childs_own_past_result_says_so():
    from schemas.plan import Baseline

    child = _child([(">=", 70, "percent", "người nghiện", "được quản lý", {"year": 2025})])
    base_text = "năm 2020 đạt 85% người nghiện được quản lý"
    child.text += " " + base_text
    start = child.text.index(base_text)
    child.baselines.append(Baseline(id="b1", text=base_text, value=85, unit="percent",
                                    subject="người nghiện", year=2020,
                                    span=(start, start + len(base_text))))
    report = check(child, PARENT)
    (weaker,) = [f for f in report.findings if f.kind == "target_weaker"]
    assert "mức đã đạt năm 2020" in weaker.message
    child.baselines[0] = child.baselines[0].model_copy(update={"value": 60})
    (weaker,) = [f for f in check(child, PARENT).findings if f.kind == "target_weaker"]
    assert "mức đã đạt" not in weaker.message
