"""Structure (issue 3): header metadata, references, sections, on fixtures
written from real plans of many provinces, and the contract's JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from extract.evaluate.score import flatten_sections
from extract.ingest.document import Document, finish
from extract.ingest.normalize import normalize_text
from extract.ingest.text import read_string
from extract.structure.header import find_metadata, sentence_case
from extract.structure.references import find_references
from extract.structure.sections import find_sections

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = yaml.safe_load((ROOT / "tests/data/fixtures/headers.yaml").read_text("utf-8"))
CASES = FIXTURES["cases"]


def _doc(text: str, name: str = "case.txt") -> Document:
    return finish(read_string(text), path=name, sha256="")


def _n(value):
    return normalize_text(value) if isinstance(value, str) else value


@pytest.fixture(scope="module")
def parsed():
    return {c["id"]: _doc(c["text"]) for c in CASES}


@pytest.mark.parametrize("case", [c for c in CASES if "metadata" in c["expect"]],
                         ids=lambda c: c["id"])
def test_header_metadata_from_real_plan_shapes(parsed, case):
    meta, _ = find_metadata(parsed[case["id"]])
    got = meta.model_dump()
    for field, want in case["expect"]["metadata"].items():
        assert _n(got[field]) == _n(want), f"{field}: {got[field]!r} != {want!r}"


@pytest.mark.parametrize("case", [c for c in CASES if "references" in c["expect"]],
                         ids=lambda c: c["id"])
def test_references_with_roles_from_real_plan_shapes(parsed, case):
    doc = parsed[case["id"]]
    meta, _ = find_metadata(doc)
    refs = find_references(doc, own_number=meta.number)
    got = [(r.doc_type, r.number, r.date, _n(r.issuer), r.role) for r in refs]
    want = [(r["doc_type"], r.get("number"), r.get("date"), _n(r.get("issuer")), r["role"])
            for r in case["expect"]["references"]]
    assert got == want
    for r in refs:
        assert doc.text[r.span[0] : r.span[1]] == r.text


@pytest.mark.parametrize("case", [c for c in CASES if "sections" in c["expect"]],
                         ids=lambda c: c["id"])
def test_section_tree_from_real_plan_shapes(parsed, case):
    doc = parsed[case["id"]]
    sections = flatten_sections([s.model_dump() for s in find_sections(doc)])
    got = [(" ".join(_n(s["heading"]).split()), s["kind"], s["level"]) for s in sections]
    want = [(" ".join(_n(s["heading"]).split()), s["kind"], s["level"])
            for s in case["expect"]["sections"]]
    assert got == want
    for s in sections:
        a, b = s["heading_span"]
        assert doc.text[a:b] == s["heading"]
        assert s["span"][0] == a and s["span"][1] >= b


def test_fixtures_cover_enough_real_shapes():
    provinces = {c["id"].split("-")[1] for c in CASES}
    assert len(CASES) >= 15 and len(provinces) >= 10


@pytest.mark.parametrize(
    "capitals,sentence",
    [
        ("PHÒNG, CHỐNG MA TÚY TRÊN ĐỊA BÀN HUYỆN CẨM THỦY NĂM 2024",
         "Phòng, chống ma túy trên địa bàn huyện Cẩm Thủy năm 2024"),
        ("PHÒNG, CHỐNG HIV/AIDS TỈNH LẠNG SƠN NĂM 2025",
         "Phòng, chống HIV/AIDS tỉnh Lạng Sơn năm 2025"),
        ("Đã viết thường", "Đã viết thường"),
        # a name in quotes keeps its capital (the campaign's name)
        ("PHÁT ĐỘNG PHONG TRÀO “CHUNG SỨC XÂY DỰNG NÔNG THÔN MỚI” NĂM 2024",
         "Phát động phong trào “Chung sức xây dựng nông thôn mới” năm 2024"),
    ],
)
def test_titles_in_capitals_are_put_in_sentence_case(capitals, sentence):
    assert sentence_case(capitals) == sentence


def test_blank_number_gives_symbol_only_and_partial_date():
    doc = _doc("ỦY BAN NHÂN DÂN\nHUYỆN CẨM THỦY\n\nSố: /KH-UBND\n\n"
               "Cẩm Thủy, ngày tháng 5 năm 2024\n\nKẾ HOẠCH\nPhòng, chống ma túy năm 2024\n")
    meta, warnings = find_metadata(doc)
    assert (meta.number, meta.symbol, meta.date) == (None, "KH-UBND", "2024-05")
    assert meta.issuer == "Ủy ban nhân dân huyện Cẩm Thủy"
    assert meta.issuer_level == "district" and not warnings


def test_issuer_inferred_from_body_is_flagged():
    doc = _doc("Số: /KH-UBND\n\nKiến An, ngày tháng năm 2023\n\nKẾ HOẠCH\n"
               "Phòng, chống mại dâm năm 2023\n\nThực hiện Kế hoạch số 76/KH-UBND ngày "
               "07/3/2023 của Ủy ban nhân dân thành phố. Ủy ban nhân dân quận ban hành Kế "
               "hoạch như sau:\n\nI. MỤC ĐÍCH\n")
    meta, warnings = find_metadata(doc)
    assert meta.issuer == "Ủy ban nhân dân quận Kiến An"
    assert "issuer" in meta.inferred and warnings


def test_a_long_numbered_paragraph_is_a_list_item_not_a_section():
    text = ("I. NHIỆM VỤ\n\n1. Tổ chức tuyên truyền " + "rộng rãi " * 30 + "đến người dân.\n\n"
            "2. Tổ chức kiểm tra " + "thường xuyên " * 30 + "các cơ sở.\n\nII. KINH PHÍ\n")
    headings = [s.heading for s in flatten_sections_models(find_sections(_doc(text)))]
    assert headings == ["I. NHIỆM VỤ", "II. KINH PHÍ"]


def test_numbered_aims_under_the_purpose_heading_are_not_sections():
    text = ("A . MỤC ĐÍCH, YÊU CẦU\n"
            "1. Nâng cao nhận thức của cán bộ, công chức và người dân về phòng, chống thiên tai\n"
            "2. Chủ động ứng phó kịp thời, hiệu quả, giảm thiểu thiệt hại do thiên tai gây ra\n"
            "B. NHIỆM VỤ\n1. Công tác tuyên truyền\n- Tổ chức tuyên truyền trên loa truyền thanh.\n")
    headings = [s.heading for s in flatten_sections_models(find_sections(_doc(text)))]
    assert headings == ["A . MỤC ĐÍCH, YÊU CẦU", "B. NHIỆM VỤ", "1. Công tác tuyên truyền"]


def test_a_heading_cut_by_the_end_of_a_copy_is_not_a_section():
    text = ("I. MỤC TIÊU\n- Giảm số hộ nghèo.\nII. KẾT QUẢ PHÂN BỔ, SỬ D")
    headings = [s.heading for s in flatten_sections_models(find_sections(_doc(text)))]
    assert headings == ["I. MỤC TIÊU"]
    # a whole heading that ends an excerpt stays
    headings = [s.heading for s in flatten_sections_models(find_sections(_doc(
        "I. MỤC TIÊU\n- Giảm số hộ nghèo.\nII. NHIỆM VỤ")))]
    assert headings == ["I. MỤC TIÊU", "II. NHIỆM VỤ"]


def test_section_headings_match_after_whitespace_folding():
    from extract.evaluate.score import score_sections

    gold = [{"heading": "I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU", "kind": "targets", "children": []}]
    pred = [{"heading": "I. MỤC TIÊU,\nCHỈ TIÊU CHỦ YẾU", "kind": "targets", "children": []}]
    assert score_sections(gold, pred).tp == 1
    pred[0]["heading"] = "I. MỤC TIÊU"
    assert score_sections(gold, pred).tp == 0


def flatten_sections_models(sections):
    out = []
    for s in sections:
        out.append(s)
        out.extend(flatten_sections_models(s.children))
    return out


def test_news_article_has_no_sections_and_news_genre(corpus_dir):
    from extract.ingest import load

    doc = load(corpus_dir / "tin-tp-thanh-hoa-2023-phong-chong-mai-dam.txt")
    meta, _ = find_metadata(doc)
    assert meta.genre == "news" and find_sections(doc) == []


def test_checked_in_json_schema_is_current():
    from schemas import SCHEMA_DIR, json_schemas

    for name, content in json_schemas().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == content, (
            f"schemas/{name} is stale: run `kehoach schema`")


@pytest.mark.slow
def test_extract_runs_on_every_corpus_file_and_validates(corpus_dir):
    import jsonschema

    from extract.pipeline import run
    from schemas import SCHEMA_DIR

    schema = json.loads((SCHEMA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    files = sorted(p for p in corpus_dir.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))
    assert len(files) == 15
    for path in files:
        plan = json.loads(run(path).model_dump_json())
        jsonschema.validate(plan, schema)
        for ref in plan["references"]:
            assert plan["text"][ref["span"][0] : ref["span"][1]] == ref["text"]


def test_an_amending_law_is_one_reference_and_the_law_in_general_is_none():
    doc = _doc(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi, bổ sung "
        "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày "
        "22/11/2019;\nCăn cứ Văn bản số 215/SNV-TCBC ngày 03/3/2022 của Sở Nội vụ;\n"
        "Bản quyền thuộc THƯ VIỆN PHÁP LUẬT; mọi hành vi vi phạm pháp luật sẽ bị xử lý.\n"
        "Các sở triển khai Luật Tổ chức chính quyền địa phương trong toàn tỉnh.")
    refs = find_references(doc)
    got = [(r.doc_type, r.number, r.date) for r in refs]
    # the amending law names two laws inside its own name; a law named again later
    # without its date is the same law; "văn bản số" names no type (OTHER)
    assert got == [("LUAT", None, "2015-06-19"), ("LUAT", None, "2019-11-22"),
                   ("OTHER", "215/SNV-TCBC", "2022-03-03")]
    assert refs[1].text.startswith("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức")
    assert refs[1].text.endswith("ngày 22/11/2019")
    for r in refs:
        assert doc.text[r.span[0]:r.span[1]] == r.text


def test_numbers_listed_after_a_plural_type_are_documents_of_that_type():
    doc = _doc(
        "Căn cứ các Quyết định của Ủy ban nhân dân tỉnh: số 1203/QĐ-UBND ngày 12/5/2021 "
        "phê duyệt Đề án phát triển du lịch cộng đồng; số 88/QĐ-UBND ngày 20/01/2022 phê "
        "duyệt Chương trình khuyến nông; số 415/QĐ-UBND ngày 02/3/2022 ban hành Kế hoạch "
        "chuyển đổi số;\nỦy ban nhân dân huyện ban hành Kế hoạch như sau:")
    refs = find_references(doc)
    assert [(r.doc_type, r.number, r.date, r.role) for r in refs] == [
        ("QUYET_DINH", "1203/QĐ-UBND", "2021-05-12", "implements"),
        ("QUYET_DINH", "88/QĐ-UBND", "2022-01-20", "implements"),
        ("QUYET_DINH", "415/QĐ-UBND", "2022-03-02", "implements")]
    for r in refs:
        assert doc.text[r.span[0]:r.span[1]] == r.text


def test_a_party_congress_resolution_is_cited_by_name():
    doc = _doc("Thực hiện Nghị quyết Đại hội Đảng bộ huyện lần thứ XXI, nhiệm kỳ 2020 - 2025 "
               "và Bộ luật và các văn bản hiện hành, Ủy ban nhân dân huyện ban hành Kế hoạch.")
    refs = find_references(doc)
    assert [(r.doc_type, r.number, r.role) for r in refs] == [("NGHI_QUYET", None, "implements")]
    assert refs[0].text == "Nghị quyết Đại hội Đảng bộ huyện lần thứ XXI, nhiệm kỳ 2020 - 2025"


def test_a_capitals_heading_wrapped_over_three_lines_is_one_heading():
    # a PDF copy of a report plan: the column wraps the heading twice
    doc = _doc("Ủy ban nhân dân tỉnh báo cáo như sau:\nI. KẾT QUẢ TRIỂN KHAI CÁC NHIỆM VỤ\n"
               "TRONG 9 THÁNG ĐẦU NĂM VÀ DỰ KIẾN\nKẾT QUẢ CẢ NĂM 2024\n1. Công tác chỉ đạo\n"
               "Các sở đã ban hành văn bản hướng dẫn.\n")
    top = find_sections(doc)[0]
    assert " ".join(top.heading.split()) == ("I. KẾT QUẢ TRIỂN KHAI CÁC NHIỆM VỤ TRONG 9 THÁNG "
                                             "ĐẦU NĂM VÀ DỰ KIẾN KẾT QUẢ CẢ NĂM 2024")
    assert [" ".join(c.heading.split()) for c in top.children] == ["1. Công tác chỉ đạo"]
