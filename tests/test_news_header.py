"""Issuers in their official spelling, and news articles that report a document
(issue 12): shapes seen in the dev corpus, written here in our own words."""

from __future__ import annotations

import pytest

from extract.ingest.document import finish
from extract.ingest.text import read_string
from extract.language.names import level_of_issuer, official_form
from extract.structure.header import find_metadata


def _meta(text: str):
    return find_metadata(finish(read_string(text), path="case.txt", sha256=""))[0]


@pytest.mark.parametrize(("read", "official"), [
    ("Ủy ban an toàn giao thông quốc gia", "Ủy ban An toàn giao thông Quốc gia"),
    ("Ủy ban dân tộc", "Ủy ban Dân tộc"),
    ("CHÍNH PHỦ", "Chính phủ"),
    ("Chính phủ về", "Chính phủ"),
    ("Ủy ban Nhân dân xã Hòa Bình", "Ủy ban nhân dân xã Hòa Bình"),
    ("Ủy ban nhân dân Tỉnh thừa thiên huế", "Ủy ban nhân dân tỉnh Thừa Thiên Huế"),
    ("Bộ Lao động - thương binh và Xã hội - - - -", "Bộ Lao động - Thương binh và Xã hội"),
    ("Ủy ban nhân dân huyện đã", "Ủy ban nhân dân huyện đã"),  # prose is not a place
    ("Sở Y tế tỉnh Hà Tĩnh", "Sở Y tế tỉnh Hà Tĩnh"),
])
def test_issuer_takes_the_official_spelling(read, official):
    assert official_form(read) == official


@pytest.mark.parametrize(("issuer", "level"), [
    ("Ủy ban Dân tộc", "national"),
    ("Ủy ban nhân dân huyện", "district"),
    ("Ủy ban nhân dân xã Không Có Trong Danh Mục", "commune"),
    ("Ủy ban nhân dân thành phố", None),  # a thành phố may be a province or a district
])
def test_level_from_the_level_word_when_the_place_is_unknown(issuer, level):
    assert level_of_issuer(issuer) == level


def test_news_takes_the_lead_sentence_over_the_headline():
    meta = _meta(
        "Bộ Y tế ban hành kế hoạch phòng, chống dịch sốt xuất huyết\n\n"
        "12/05/2024 08:30\n\n"
        "Ngày 8.5.2024, Bộ Y tế đã ban hành Kế hoạch số 512/KH-BYT về phòng, chống "
        "dịch sốt xuất huyết năm 2024. Theo đó, ...\n")
    assert (meta.genre, meta.number, meta.date) == ("news", "512/KH-BYT", "2024-05-08")
    assert meta.issuer == "Bộ Y tế" and meta.issuer_level == "national"


def test_news_date_without_year_takes_the_dateline_year():
    meta = _meta("Cập nhật 20/03/2023\n\nHuyện Tam Nông: UBND huyện Tam Nông vừa ban hành "
                 "Kế hoạch số 77/KH-UBND ngày 15/3 về chuyển đổi số năm 2023.\n")
    assert meta.date == "2023-03-15" and meta.place == "Tam Nông"


def test_the_deputy_prime_minister_signs_for_the_prime_minister():
    meta = _meta("Ngày 2/6/2021, Phó Thủ tướng Chính phủ Lê Văn Thành đã ký Quyết định số "
                 "861/QĐ-TTg phê duyệt danh sách các xã khu vực III.\n")
    assert meta.issuer == "Thủ tướng Chính phủ" and meta.date == "2021-06-02"
    assert meta.signer is not None and meta.signer.name == "Lê Văn Thành"


def test_a_bare_provincial_committee_takes_the_province_the_article_names():
    meta = _meta("Lạng Sơn đẩy mạnh giảm nghèo\n\nỦy ban nhân dân tỉnh vừa ban hành Kế hoạch "
                 "số 90/KH-UBND về giảm nghèo bền vững. Lạng Sơn phấn đấu ...\n")
    assert meta.issuer == "Ủy ban nhân dân tỉnh Lạng Sơn" and meta.place == "Lạng Sơn"


def test_both_header_columns_on_one_line():
    meta = _meta("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "HUYỆN CẨM THỦY Độc lập - Tự do - Hạnh phúc\n\n"
                 "Số: 45/UBND Cẩm Thủy, ngày 14 tháng 6 năm 2017\n\n"
                 "V/v hưởng ứng ngày ASEAN phòng, chống sốt xuất huyết\n")
    assert meta.issuer == "Ủy ban nhân dân huyện Cẩm Thủy"


@pytest.mark.parametrize(("read", "title"), [
    ("Chuyển đổi số năm 2025, tập trung vào ba trụ cột: chính quyền số", "Chuyển đổi số năm 2025"),
    ("Phê duyệt Quy hoạch bảo vệ môi trường quốc gia (Quy hoạch)",
     "Phê duyệt Quy hoạch bảo vệ môi trường quốc gia"),
    # the copy's case is kept: an unnumbered "kế hoạch" stays lower (corpus/dev/README.md)
    ("Ban hành kế hoạch rà soát hộ nghèo năm 2023", "Ban hành kế hoạch rà soát hộ nghèo năm 2023"),
    ("Nâng cao chất lượng du lịch giai đoạn 2019 - 2025 như sau:",
     "Nâng cao chất lượng du lịch giai đoạn 2019 - 2025"),
])
def test_a_title_read_from_prose_ends_with_the_title(read, title):
    from extract.structure.header import finish_title

    assert finish_title(read) == title


def test_place_names_match_whatever_the_tone_of_a_syllable_in_k():
    from extract.language.names import is_place_of_type

    assert is_place_of_type("Đăk Hà", "huyện") and is_place_of_type("Đắk Hà", "huyện")
    assert is_place_of_type("Đăk Lăk", "tỉnh")
    assert not is_place_of_type("Hạ Nội", "thành phố")  # other tones still differ
    # the spelling of the text is kept when only the tone of such a syllable differs
    assert official_form("Ủy ban nhân dân huyện Đăk Hà") == "Ủy ban nhân dân huyện Đăk Hà"


def test_an_article_naming_no_issuer_is_about_the_committee_of_its_main_unit():
    meta = _meta("Huyện Đơn Dương phấn đấu có thêm 2 xã đạt chuẩn nông thôn mới.\n"
                 "Năm nay huyện Đơn Dương tập trung xây dựng hợp tác xã; xã Lạc Xuân đặt mục "
                 "tiêu đạt chuẩn kiểu mẫu. Huyện Đơn Dương cũng ...\n")
    assert (meta.genre, meta.issuer, meta.place, meta.issuer_level) == (
        "news", "Ủy ban nhân dân huyện Đơn Dương", "Đơn Dương", "district")
    assert "issuer" in meta.inferred


def test_an_official_copy_without_its_place_line_takes_the_issuers_unit():
    meta = _meta("ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH\n\nSố: 12/KH-UBND\n\nKẾ HOẠCH\n"
                 "Phòng, chống dịch sốt xuất huyết năm 2024\n\nI. MỤC ĐÍCH\n")
    assert meta.issuer == "Ủy ban nhân dân huyện Châu Thành" and meta.place == "Châu Thành"


def test_a_cong_van_is_read_from_its_number_and_its_subject_line():
    meta = _meta("BỘ Y TẾ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
                 "Hạnh phúc --------------- |\nSố: 210/BYT-MT V/v\ntăng cường phòng, chống "
                 "dịch sốt xuất huyết | Hà Nội, ngày 05 tháng 3 năm 2024 |\nKính gửi: Sở Y tế "
                 "các tỉnh, thành phố\n")
    assert (meta.genre, meta.doc_type, meta.number) == ("official", "CONG_VAN", "210/BYT-MT")
    assert meta.title == "Tăng cường phòng, chống dịch sốt xuất huyết"
    assert meta.date == "2024-03-05"


def test_a_copy_that_starts_at_the_salutation_is_a_cong_van():
    meta = _meta("Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n"
                 "Căn cứ Quyết định số 12/QĐ-TTg ngày 3/1/2024 của Thủ tướng Chính phủ, "
                 "Bộ Nội vụ đề nghị ...\n")
    assert (meta.genre, meta.doc_type) == ("official", "CONG_VAN")


def test_a_flattened_header_with_a_mistyped_motto_keeps_its_issuer():
    # one table cell per line, "|" closing each, and "HÕA" for "HÒA" (a copy's typo)
    meta = _meta("ỦY BAN NHÂN DÂN | CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
                 "XÃ PHÚ LỘC | Độc lập – Tự do – Hạnh phúc |\nSố: 12/KH-UBND |\n"
                 "Phú Lộc, ngày 3 tháng 4 năm 2025 |\nKẾ HOẠCH\nDiễn tập phòng thủ dân sự\n")
    assert meta.issuer.startswith("Ủy ban nhân dân xã Phú Lộc")
    assert meta.issuer_level == "commune" and "issuer" not in meta.inferred


def test_a_bare_provincial_committee_takes_the_province_of_the_districts_named():
    meta = _meta("Hôm qua, UBND tỉnh ban hành Quyết định số 12/QĐ-UBND giao chỉ tiêu tuyển "
                 "sinh năm 2021. Trong đó, Quế Sơn 120, Thăng Bình 100, Núi Thành 90, Tam Kỳ "
                 "80, Hội An 40.\n")
    assert meta.issuer == "Ủy ban nhân dân tỉnh Quảng Nam" and meta.place == "Quảng Nam"


def test_a_city_of_a_province_is_no_province():
    from extract.language.names import is_place_of_type

    assert is_place_of_type("Tam Kỳ", "thành phố") and not is_place_of_type("Tam Kỳ", "tỉnh")
    assert is_place_of_type("Bến Cát", "thị xã")  # a thị xã that became a thành phố


@pytest.mark.parametrize("body", [
    # the agency of a cited decision does not issue this plan
    "Thực hiện Quyết định số 47/QĐ-UBND ngày 12/01/2023 của Ủy ban nhân dân tỉnh Đăk Nông về "
    "ban hành Kế hoạch chuyển đổi số, Ban Chỉ đạo chuyển đổi số huyện Krông Nô (sau đây gọi "
    "tắt là Ban Chỉ đạo) ban hành Kế hoạch hoạt động năm 2023 như sau:",
    # a title line ending in the unit, then a preamble line opening with "Triển khai"
    "Hoạt động của Ban Chỉ đạo chuyển đổi số huyện Krông Nô năm 2023\nTriển khai thực hiện "
    "Quyết định số 47/QĐ-UBND, Ban Chỉ đạo chuyển đổi số huyện Krông Nô ban hành Kế hoạch:",
])
def test_the_issuer_read_from_the_body_is_the_body_that_issues(body):
    meta = _meta(f"KẾ HOẠCH\nHoạt động của Ban Chỉ đạo chuyển đổi số năm 2023\n{body}\n")
    assert meta.issuer == "Ban Chỉ đạo chuyển đổi số huyện Krông Nô"


def test_a_party_committee_in_lower_case_is_no_ministry():
    meta = _meta("Thực hiện Nghị quyết Đại hội Đảng bộ Kim Thành lần thứ XXIII, ngày 13/5/2011, "
                 "Ủy ban nhân dân huyện Kim Thành ban hành Kế hoạch số 42/KH-UBND về cải cách "
                 "hành chính năm 2011.\n")
    assert meta.issuer == "Ủy ban nhân dân huyện Kim Thành" and meta.number == "42/KH-UBND"


@pytest.mark.parametrize(("title", "date", "year"), [
    ("Phòng, chống thiên tai năm 2024", "2023-12-30", 2024),
    ("Xóa mù chữ đến năm 2020", "2014-01-08", 2020),  # the one year the title names
    ("Chuyển đổi số đến năm 2025, định hướng đến năm 2030", "2022-07-26", 2022),
    ("Giảm nghèo bền vững giai đoạn 2021 - 2025", None, None),  # a range names two
    ("Thực hiện Nghị quyết số 09-NQ/TU ngày 14 tháng 11 năm 2013 về du lịch", "2015-02-06", 2015),
    ("Thực hiện Nghị định số 12/2021/NĐ-CP về an toàn thực phẩm", None, None),
])
def test_the_plans_year_is_the_single_year_of_its_title(title, date, year):
    from extract.structure.header import _year

    assert _year(title, date) == year


def test_a_title_in_capitals_keeps_all_its_lines():
    meta = _meta("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nSố: 15/QĐ-UBND\n\nQUYẾT ĐỊNH\n"
                 "BAN HÀNH KẾ HOẠCH THỰC HIỆN ĐỀ ÁN PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG\n"
                 "GẮN VỚI BẢO TỒN VĂN HÓA CÁC DÂN TỘC THIỂU SỐ TRÊN ĐỊA BÀN\n"
                 "TỈNH LAI CHÂU GIAI ĐOẠN 2021-2025 (GIAI ĐOẠN\nII)\n"
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nCăn cứ Luật Du lịch ...\n")
    assert meta.title.startswith("Ban hành kế hoạch thực hiện đề án phát triển du lịch")
    assert meta.title.endswith("tỉnh Lai Châu giai đoạn 2021-2025 (giai đoạn ii)")


def test_words_a_copy_glued_to_a_year_are_lower_cased():
    from extract.structure.header import sentence_case

    assert sentence_case("CHIẾN LƯỢC ĐẾN NĂM2020, HIV/AIDS") == "Chiến lược đến năm2020, HIV/AIDS"


@pytest.mark.parametrize(("lead", "doc_type"), [
    ("Thủ tướng Chính phủ vừa phê duyệt Chiến lược phát triển văn hóa đến năm 2030.", "QUYET_DINH"),
    ("UBND tỉnh đã ban hành văn bản số 1909/QĐ-UBND về phòng, chống thiên tai.", "QUYET_DINH"),
    ("UBND tỉnh vừa ban hành Kế hoạch số 90/KH-UBND về giảm nghèo bền vững.", "KE_HOACH"),
])
def test_a_news_articles_document_type_comes_from_its_symbol_or_its_verb(lead, doc_type):
    assert _meta(f"Tin địa phương\n\n{lead}\n").doc_type == doc_type


def test_a_place_name_broken_over_lines_is_joined():
    meta = _meta("ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 41/KH-UBND\nBà\nRịa -\n"
                 "Vũng Tàu, ngày 10 tháng 05 năm 2017\nKẾ HOẠCH\nTháng hành động vì trẻ em\n")
    assert meta.place == "Bà Rịa - Vũng Tàu"
    assert meta.issuer == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"


@pytest.mark.parametrize(("lead", "want"), [
    # the plan an organising board carries out is its committee's own plan
    ("Sáng nay, Ban tổ chức Hội thi xã triển khai kế hoạch số: 31/KH-UBND của Ủy ban "
     "nhân dân xã Phước Hòa về việc tổ chức Hội thi văn nghệ quần chúng năm 2024.",
     ("KE_HOACH", "31/KH-UBND", "Ủy ban nhân dân xã Phước Hòa", None)),
    # a decision reported in the passive
    ("Danh sách hộ nghèo được phê duyệt tại Quyết định số 215/QĐ-UBND ngày 20/4/2023 của "
     "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang là căn cứ thực hiện chính sách.",
     ("QUYET_DINH", "215/QĐ-UBND", "Ủy ban nhân dân tỉnh Bắc Giang", "2023-04-20")),
    # a lead that cites the document, then acts on it
    ("(baocantho.vn) Theo Công văn số 812/UBND ngày 05/9/2023, UBND huyện đề nghị các xã "
     "ra quân diệt lăng quăng.",
     ("CONG_VAN", "812/UBND", "Ủy ban nhân dân huyện", "2023-09-05")),
])
def test_a_news_article_reports_its_document_in_every_lead(lead, want):
    meta = _meta(f"Tin địa phương\n\n{lead}\n")
    assert (meta.doc_type, meta.number, meta.issuer, meta.date) == want


def test_the_chair_named_after_the_unit_signs_and_a_dashed_date_is_read():
    meta = _meta("Tin địa phương\n\nChủ tịch UBND thành phố Trần Văn Bình vừa ký ban hành Chỉ "
                 "thị số 07/CT-UBND ngày 21-3-2024 về tăng cường phòng cháy, chữa cháy mùa khô.\n")
    assert (meta.doc_type, meta.number, meta.date) == ("CHI_THI", "07/CT-UBND", "2024-03-21")
    assert meta.issuer == "Ủy ban nhân dân thành phố"
    assert meta.signer is not None and meta.signer.name == "Trần Văn Bình"
    assert meta.title == "Tăng cường phòng cháy, chữa cháy mùa khô"


def test_a_quoted_plan_name_is_the_type_and_the_title():
    meta = _meta("Tin giáo dục\n\nUBND tỉnh Lai Châu đã phê duyệt “Kế hoạch Phổ cập bơi cho "
                 "học sinh đến năm 2030” trên địa bàn tỉnh.\n")
    assert (meta.doc_type, meta.title, meta.year) == (
        "KE_HOACH", "Phổ cập bơi cho học sinh đến năm 2030", 2030)


def test_a_comma_glued_to_the_next_word_still_ends_the_title():
    meta = _meta("Tin xã\n\nUBND xã vừa ban hành Kế hoạch tổ chức Tết trồng cây năm 2024,với "
                 "chủ đề: “Vì một màu xanh”.\n")
    assert meta.title == "Tổ chức Tết trồng cây năm 2024"


def test_a_movements_name_is_no_report_nor_a_place():
    # "đoàn kết" (united) is no phường Đoàn Kết, and "xây dựng đời sống" in the
    # movement's name reports no document
    meta = _meta("Tin huyện\n\nNgày 12/3/2024, Ban Chỉ đạo phong trào \"Toàn dân đoàn kết xây "
                 "dựng đời sống văn hóa\" huyện tổ chức hội nghị tổng kết năm 2023.\n")
    assert "phường" not in (meta.issuer or "")
    assert meta.doc_type == "BAI_BAO"


def test_a_dot_between_digits_does_not_end_a_reported_title():
    meta = _meta("Tin tức\n\nThủ tướng Chính phủ vừa phê duyệt Đề án Hỗ trợ 1.500 hợp tác xã "
                 "nông nghiệp ứng dụng công nghệ cao. Đề án đặt mục tiêu đến năm 2030.\n")
    assert "1.500 hợp tác xã nông nghiệp" in (meta.title or "")


def test_a_strategy_named_before_the_passive_that_reports_it():
    meta = _meta("Tin tức\n\nTheo Chiến lược phát triển giáo dục nghề nghiệp đến năm 2030 vừa "
                 "được Thủ tướng Chính phủ ban hành, mục tiêu đến năm 2025 có 40% lao động qua "
                 "đào tạo.\n")
    assert (meta.doc_type, meta.issuer) == ("QUYET_DINH", "Thủ tướng Chính phủ")
    assert meta.title == "Phê duyệt Chiến lược phát triển giáo dục nghề nghiệp đến năm 2030"


def test_a_cited_plan_in_the_preamble_gives_no_issuer():
    meta = _meta("KẾ HOẠCH\nDuy trì các tiêu chí nông thôn mới trên địa bàn xã Tân Hòa năm 2024\n\n"
                 "Căn cứ Kế hoạch số 72/KH-UBND ngày 01 tháng 03 năm 2024 của Ủy ban nhân dân "
                 "huyện Châu Thành về việc thực hiện xây dựng xã nông thôn mới năm 2024;\n")
    # "xây dựng" inside the cited plan's subject reports no document of this one
    issuer = (meta.issuer or "").lower()
    assert "ngày" not in issuer and "về việc" not in issuer


@pytest.mark.parametrize(("text", "doc_type"), [
    ("Nâng cao chất lượng phổ cập giáo dục\n\nCập nhật 03/04/2019\n\nSở Giáo dục và Đào tạo "
     "vừa có kế hoạch thực hiện công tác phổ cập giáo dục năm 2019. Mục tiêu là duy trì "
     "chuẩn phổ cập.\n", "KE_HOACH"),
    ("Theo kế hoạch, năm 2024 huyện phấn đấu trồng mới 20.000 cây xanh trên địa bàn.\n",
     "KE_HOACH"),
    ("Ban An toàn giao thông huyện vừa triển khai KH số 28 ngày 5/6/2018 về tặng mũ bảo "
     "hiểm cho học sinh lớp 1.\n", "KE_HOACH"),
    ("Sáng ngày 12/3, huyện tổ chức lễ ra quân trồng cây đầu xuân với 500 người tham gia; "
     "lãnh đạo huyện đã phát biểu.\n", "BAI_BAO"),
])
def test_news_that_reports_a_plan_without_naming_it_is_a_plan(text, doc_type):
    """An article that names no document by number or title but reports a plan
    ("vừa có kế hoạch", "Theo kế hoạch", "KH số 28") describes a plan."""
    assert _meta(text).doc_type == doc_type


def test_the_unit_an_article_is_about_may_open_its_headline_in_capitals():
    """"Phường Yên Hòa ra quân ..." names the ward three times with a capital level
    word; the district whose plan it carries out is named once."""
    meta = _meta("Phường Yên Hòa ra quân phòng, chống sốt xuất huyết\n\n"
                 "Phường Yên Hòa ra quân phòng, chống sốt xuất huyết\n\n"
                 "Thực hiện Kế hoạch số 120/KH-UBND ngày 10/3/2024 của UBND quận Cầu Giấy, "
                 "Phường Yên Hòa tổ chức ra quân vệ sinh môi trường trên địa bàn.\n")
    assert meta.issuer == "Ủy ban nhân dân phường Yên Hòa" and meta.issuer_level == "commune"
