"""Properties that hold for any text (hypothesis): the normalizer, the portal
repair and every extractor take any Unicode string without an exception;
normalization is idempotent; offset maps stay inside the source and keep its
order; every extracted item quotes the normalized text at its span."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.ingest.document import Extracted, RawBlock, finish
from extract.ingest.normalize import normalize
from extract.ingest.portal import repair
from extract.pipeline import plan_from_document

# Vietnamese plan material mixed with anything Unicode has: the shapes the rules
# look for (numbers, %, dates, labels, agencies) next to control characters,
# surrogates-free astral symbols, combining marks and odd whitespace
PIECES = ["Kế hoạch", "UBND huyện", "Ủy ban nhân dân tỉnh", "Số: 12/KH-UBND", "ngày 5/6/2024",
          "trước ngày 30/6", "I. MỤC TIÊU", "1.", "a)", "- ", "100%", "ít nhất 80%", "giảm 5%",
          "450/100.000", "02 lần/năm", "Công an xã", "chủ trì", "phối hợp", "|", "\n", "\n\n",
          "\r\n", "\t", "\u00a0", "\u200b", "\u0301", "o\u0300a", "hoà", "hòa", "“", "”", ":",
          ";", ".", ",", "(", ")", "[1]", "Cảm ơn quý khách đã gửi báo lỗi.", "Thực hiện Kế "
          "hoạch số 5/KH-UBND ngày 1/2/2023 của UBND tỉnh", "năm 2025", "giai đoạn 2021-2025"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map(
    "".join)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_normalize_never_fails_is_idempotent_and_maps_inside_in_order(src: str):
    text, mapping = normalize(src)
    again, _ = normalize(text)
    assert again == text
    last = 0
    for i in range(len(text)):
        s, e = mapping.to_source(i, i + 1)
        assert 0 <= s <= e <= len(src)
        assert s >= last  # monotonic: the text keeps the source's order
        last = s


@FAST
@given(TEXT)
def test_portal_repair_never_fails_and_maps_inside_the_input(src: str):
    fixed = repair(src)
    for i in range(0, len(fixed.text), 7):
        s, e = fixed.map.to_source(i, i + 1)
        assert 0 <= s <= e <= len(src)


@FAST
@given(TEXT)
def test_every_extractor_takes_any_text_and_quotes_it_at_its_spans(src: str):
    if not src.strip():
        return
    doc = finish(Extracted(src, [RawBlock(0, len(src))], "txt"), path="x.txt", sha256="0")
    plan = plan_from_document(doc)
    text = plan.text
    items = [*plan.targets, *plan.baselines, *plan.references, *plan.deadlines, *plan.tasks]
    for item in items:
        a, b = item.span
        assert 0 <= a <= b <= len(text)
        assert text[a:b] == item.text
    for agency in plan.agencies:
        for a, b in agency.mentions:
            assert 0 <= a < b <= len(text)
    for section in plan.sections:
        assert 0 <= section.span[0] <= section.span[1] <= len(text)
