"""Offset maps: where each character of a derived text came from.

Every text transformation in kehoach (markup stripping, layout, normalization)
returns its output together with an :class:`OffsetMap` from the output back to
its input, so that any span of the normalized text can be quoted in the source
(LexNLP ``normalize_text_with_map``, pdfplumber ``TextMap``).

A map is a sorted list of *segments* ``(dst_start, dst_end, src_start, src_end)``:

* a **linear** segment (``dst_end - dst_start == src_end - src_start``) copies
  characters one to one;
* any other segment is a **block**: every output character in it stands for the
  whole source range (a collapsed run of spaces, a ``"\\n\\n"`` rejoined into
  ``" "``, an inserted separator with an empty source range).

Segments cover the output text without gaps, so the cost of a map is the number
of edits, not the number of characters (a 30 kB plan has a few hundred).

This module never looks at the text itself: it only does offset arithmetic.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

Segment = tuple[int, int, int, int]


@dataclass
class OffsetMap:
    """Map from a derived text (dst) back to the text it was made from (src)."""

    segments: list[Segment] = field(default_factory=list)
    dst_len: int = 0
    src_len: int = 0

    # -- construction -----------------------------------------------------------
    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([(0, length, 0, length)] if length else [], length, length)

    # -- queries ------------------------------------------------------------------
    def _seg_at(self, pos: int) -> Segment:
        starts = self._starts
        i = bisect_right(starts, pos) - 1
        return self.segments[max(i, 0)]

    @property
    def _starts(self) -> list[int]:
        return self._cached("_dstarts", 0)

    def _src_start(self, pos: int) -> int:
        """Source position where output character ``pos`` starts."""
        if pos >= self.dst_len:
            return self.src_len
        d0, d1, s0, s1 = self._seg_at(pos)
        if d1 - d0 == s1 - s0:
            return s0 + (pos - d0)
        return s0

    def _src_end(self, pos: int) -> int:
        """Source position just after output character ``pos``."""
        d0, d1, s0, s1 = self._seg_at(pos)
        if d1 - d0 == s1 - s0:
            return s0 + (pos - d0) + 1
        return s1

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open output span ``[start, end)`` to a source span."""
        if not 0 <= start <= end <= self.dst_len:
            raise ValueError(f"span {(start, end)} outside text of {self.dst_len}")
        if start == end:
            p = self._src_start(start)
            return p, p
        return self._src_start(start), self._src_end(end - 1)

    def from_source(self, start: int, end: int) -> tuple[int, int]:
        """The smallest output span whose characters all come from ``[start, end)``.

        Output characters synthesized from nothing (empty source range) that sit
        strictly inside the span are included; those at its edges are not.
        """
        lo = self._first_dst_at_or_after(start)
        hi = self._last_dst_end_at_or_before(end)
        if hi < lo:
            return lo, lo
        return lo, hi

    def _first_dst_at_or_after(self, src: int) -> int:
        ends = self._cached("_ends", 3)
        i = bisect_right(ends, src)  # first segment ending after src
        if i >= len(self.segments):
            return self.dst_len
        d0, d1, s0, s1 = self.segments[i]
        if s0 >= src:
            return d0
        if d1 - d0 == s1 - s0:
            return d0 + (src - s0)
        return d1  # a block that starts before src is not inside the span

    def _last_dst_end_at_or_before(self, src: int) -> int:
        starts = self._cached("_sstarts", 2)
        j = bisect_left(starts, src) - 1  # last segment starting before src
        if j < 0:
            return 0
        d0, d1, s0, s1 = self.segments[j]
        if s1 <= src:
            return d1
        if d1 - d0 == s1 - s0:
            return d0 + (src - s0)
        return d0

    def _cached(self, name: str, col: int) -> list[int]:
        cached = self.__dict__.get(name)
        if cached is None or len(cached) != len(self.segments):
            cached = [s[col] for s in self.segments]
            self.__dict__[name] = cached
        return cached

    # -- algebra ----------------------------------------------------------------
    def compose(self, inner: OffsetMap) -> OffsetMap:
        """``self`` maps C->B and ``inner`` maps B->A: return the map C->A."""
        out = _SegmentList()
        for d0, d1, s0, s1 in self.segments:
            if d1 - d0 == s1 - s0 and s1 > s0:
                # linear: split along the inner segments it crosses
                for i0, i1, j0, j1 in inner._overlapping(s0, s1):
                    a, b = max(s0, i0), min(s1, i1)
                    nd0 = d0 + (a - s0)
                    if i1 - i0 == j1 - j0:
                        out.add(nd0, nd0 + (b - a), j0 + (a - i0), j0 + (b - i0))
                    else:
                        out.add(nd0, nd0 + (b - a), j0, j1)
            else:
                a, b = inner.to_source(s0, s1)
                out.add(d0, d1, a, b)
        return OffsetMap(out.segments, self.dst_len, inner.src_len)

    def _overlapping(self, s0: int, s1: int) -> list[Segment]:
        starts = self._starts
        i = max(bisect_right(starts, s0) - 1, 0)
        res = []
        while i < len(self.segments) and self.segments[i][0] < s1:
            if self.segments[i][1] > s0:
                res.append(self.segments[i])
            i += 1
        return res


class _SegmentList:
    """Append-only segment list that merges adjacent linear runs."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []

    def add(self, d0: int, d1: int, s0: int, s1: int) -> None:
        if d1 <= d0:
            return
        if self.segments:
            p0, p1, q0, q1 = self.segments[-1]
            linear = d1 - d0 == s1 - s0 and p1 - p0 == q1 - q0
            if linear and p1 == d0 and q1 == s0:
                self.segments[-1] = (p0, d1, q0, s1)
                return
        self.segments.append((d0, d1, s0, s1))


class TextBuilder:
    """Build a text piece by piece while recording where each piece came from.

    >>> b = TextBuilder("ab**cd**")
    >>> b.copy(0, 2); b.copy(4, 6)
    >>> text, m = b.build()
    >>> text, m.to_source(2, 4)
    ('abcd', (4, 6))
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._segs = _SegmentList()
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def copy(self, start: int, end: int) -> None:
        """Append ``source[start:end]`` unchanged."""
        if end > start:
            self._parts.append(self.source[start:end])
            self._segs.add(self._len, self._len + end - start, start, end)
            self._len += end - start

    def emit(self, piece: str, src_start: int, src_end: int | None = None) -> None:
        """Append ``piece``, standing for ``source[src_start:src_end]``."""
        if not piece:
            return
        self._parts.append(piece)
        end = src_start if src_end is None else src_end
        self._segs.add(self._len, self._len + len(piece), src_start, end)
        self._len += len(piece)

    def build(self) -> tuple[str, OffsetMap]:
        text = "".join(self._parts)
        return text, OffsetMap(self._segs.segments, len(text), len(self.source))


def rewrite(
    text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, OffsetMap]:
    """``pattern.sub(repl, text)`` that also returns the offset map."""
    new, mapping = rewrite_if_matched(text, pattern, repl)
    return new, mapping or OffsetMap.identity(len(text))


def rewrite_if_matched(
    text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, OffsetMap | None]:
    """Like :func:`rewrite`, but the map is None when nothing matched."""
    matches = pattern.finditer(text)
    first = next(matches, None)
    if first is None:
        return text, None
    b = TextBuilder(text)
    pos = 0
    for m in (first, *matches):
        b.copy(pos, m.start())
        new = repl(m)
        if new == m.group(0):
            b.copy(m.start(), m.end())
        else:
            b.emit(new, m.start(), m.end())
        pos = m.end()
    b.copy(pos, len(text))
    return b.build()
