"""Offset maps: every derived span maps back to the characters it came from."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from extract.ingest.offsets import OffsetMap, TextBuilder, rewrite


def test_rewrite_maps_collapsed_spaces_to_the_whole_run():
    text, m = rewrite("a   b c", re.compile(r" {2,}"), lambda _: " ")
    assert text == "a b c"
    assert m.to_source(1, 2) == (1, 4)
    assert m.to_source(2, 5) == (4, 7)


def test_from_source_finds_the_output_span_of_a_source_span():
    text, m = rewrite("xx**bold**yy", re.compile(r"\*\*"), lambda _: "")
    assert text == "xxboldyy"
    assert m.from_source(4, 8) == (2, 6)
    assert text[slice(*m.from_source(4, 8))] == "bold"


def test_compose_chains_two_rewrites_back_to_the_original():
    src = "a\u2013b  c\r\nd"
    t1, m1 = rewrite(src, re.compile(r"\r\n"), lambda _: "\n")
    t2, m2 = rewrite(t1, re.compile(r" {2,}"), lambda _: " ")
    m = m2.compose(m1)
    assert t2 == "a\u2013b c\nd"
    s, e = m.to_source(t2.index("c"), len(t2))
    assert src[s:e] == "c\r\nd"


def test_builder_inserted_separator_maps_to_an_empty_source_span():
    b = TextBuilder("abcdef")
    b.copy(0, 2)
    b.emit("\n\n", 2, 2)
    b.copy(4, 6)
    text, m = b.build()
    assert text == "ab\n\nef"
    assert m.to_source(2, 4) == (2, 2)
    assert m.to_source(4, 6) == (4, 6)


def test_identity_map_is_its_own_inverse():
    m = OffsetMap.identity(10)
    assert m.to_source(3, 7) == (3, 7) and m.from_source(3, 7) == (3, 7)


@given(st.text(alphabet="ab  \n\t–x", max_size=60))
def test_every_output_char_maps_inside_the_source(src):
    t1, m1 = rewrite(src, re.compile(r"[ \t]{2,}|\t"), lambda _: " ")
    t2, m2 = rewrite(t1, re.compile(r"–"), lambda _: "-")
    t3, m3 = rewrite(t2, re.compile(r"\n+"), lambda _: "\n")
    m = m3.compose(m2).compose(m1)
    for i, ch in enumerate(t3):
        s, e = m.to_source(i, i + 1)
        assert 0 <= s < e <= len(src)
        piece = src[s:e]
        if ch.isalpha():
            assert piece == ch
        elif ch == "-":
            assert piece == "–"
