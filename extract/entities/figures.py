"""Which numbers are commitments: a small model over the context of each number.

A number of a target's shape (:mod:`.targets` finds them) is one of three
things: a **target** ("phấn đấu 90% ... được tư vấn"), a **baseline** (a figure
of the situation or of past results: "toàn tỉnh có 908 cơ sở", "năm 2020 đạt
85%", "chiếm 26,85% dân số"), or **other** (a list of communes approved by a
decision, a count of documents issued, a programme's name). Which one it is
shows in the words around it, the section it stands in and the tense of its
sentence, in ways too many to write as rules: a multinomial logistic regression
over those features decides. Its weights are data (``models/target_filter.json``),
trained by ``scripts/train_target_filter.py`` on the dev split of
``corpus/dev/`` (its README: training set, features, cross-validated scores).

The features are plain strings (``"b1:có"``: the word right before the number is
"có"); scoring a number is a few dictionary lookups.
"""

from __future__ import annotations

import math
import re

from ..language.lexicons import figure_model, target_lexicon
from ..language.patterns import FIGURE_YEAR

_SPARSE = False  # the bag of lead and subject words (tried: it over-fits 110 documents)
_WORD = re.compile(r"[^\W\d_]+")
# where the sentence of a number starts: a full stop before a space, a line, a semicolon
_SENTENCE_START = re.compile(r"(?:\.\s|\n|;\s)")


def sentence_start(low: str, pos: int) -> int:
    """Where the sentence (or list item) holding ``pos`` starts, looking back 400
    characters at most (a text without sentence ends must not cost its whole
    length for each figure: found by fuzzing)."""
    start = max(0, pos - 400)
    for m in _SENTENCE_START.finditer(low, start, pos):
        start = m.end()
    return start


def features(low: str, start: int, end: int, *, unit: str, value: float,
             comparator: str | None, subject: str, marker: bool, by_list: bool,
             kind: str | None, heading: str | None, open_count: bool = False,
             denominator: float | None = None) -> list[str]:
    """The features of the number at ``low[start:end]`` (``low``: the lower-cased
    normalized text); ``start`` includes its comparator words."""
    lead_start = sentence_start(low, start)
    lead = _WORD.findall(low[lead_start:start])
    after = _WORD.findall(low[end:end + 60])[:3]
    # (a multiple, "tăng gấp 2 lần", is a ratio to one: not a share like "27/27 xã")
    shape = "multiple" if unit == "ratio" and denominator == 1 else unit
    out = [f"unit:{shape}", f"cmp:{comparator or '-'}", f"kind:{kind or '-'}"]
    lead_text = " " + " ".join(lead[-15:]) + " "
    lex = target_lexicon()
    near: tuple[int, str] | None = None
    for tag, cues in (("c", lex.commitment_cues), ("s", lex.situation_cues)):
        for cue in cues:
            at = lead_text.rfind(f" {cue} ")
            if at >= 0:
                out.append(f"cue:{tag}:{cue}")
                if near is None or at > near[0]:
                    near = (at, tag)
    if near is not None:
        out.append(f"near:{near[1]}")
    # the words after it: "745 con, ... chiếm", "181 hộ nghèo, kế hoạch giảm"
    tail = " " + " ".join(_WORD.findall(low[end:end + 80])) + " "
    for tag, cues in (("c", lex.commitment_cues), ("s", lex.situation_cues)):
        if any(f" {cue} " in tail for cue in cues):
            out.append(f"after:{tag}")
    if _SPARSE:
        out += [f"l:{w}" for w in set(lead[-12:])]
    for k, w in enumerate(reversed(lead[-3:]), 1):
        out.append(f"b{k}:{w}")
    if len(lead) >= 2:
        out.append(f"bb:{lead[-2]} {lead[-1]}")
    if not lead:
        out.append("b1:^")
    out += [f"a{k}:{w}" for k, w in enumerate(after, 1)]
    if _SPARSE:
        out += [f"s:{w}" for w in _WORD.findall(subject.lower())[:3]]
    out += [f"h:{w}" for w in _WORD.findall((heading or "").lower())[:6]]
    for m in FIGURE_YEAR.finditer(low, lead_start, min(len(low), end + 40)):
        out.append(f"yr:{m.group('prep') or 'năm'}")
    if (value == 100 and unit == "percent") or (unit == "ratio" and value == denominator):
        out.append("v:100")  # all of them: "100% xã", "14/14 xã"
    elif value != int(value):
        out.append("v:decimal")
    elif value >= 1000:
        out.append("v:large")
    if marker:
        out.append("marker")
    if by_list:
        out.append("list")
    if open_count:
        out.append("open")
    return out


def classify(feats: list[str]) -> tuple[str, float]:
    """The most likely class of a number and its probability."""
    model = figure_model()
    scores = list(model.bias)
    for f in feats:
        w = model.weights.get(f)
        if w is not None:
            for k, x in enumerate(w):
                scores[k] += x
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    best = max(range(len(scores)), key=lambda k: scores[k])
    return model.classes[best], exps[best] / sum(exps)
