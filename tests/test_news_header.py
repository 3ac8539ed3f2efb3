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
