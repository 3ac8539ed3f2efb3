"""Which child target restates which parent target.

Every (parent target, child target) of one dimension (shares, counts, rates per
N, times a year: :func:`comparable`) gets the features of :func:`pair_features`:
the likeness of subjects, indicators and the clauses they stand in (underthesea
words, administrative levels abstracted, ``rapidfuzz``), equal or distant values,
years, comparator direction, theme, the administrative step between the two
plans, and whether each is the other's closest clause. A logistic regression
(``models/target_alignment.json``, trained by ``scripts/train_alignment.py`` on
annotated pairs) turns them into the probability that the two are one target;
a global one-to-one assignment (Hungarian, ``scipy``) keeps the likeliest pairs
above the model's threshold.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from schemas import Plan
from schemas.plan import Baseline, Target

from ..language.lexicons import alignment_model, fold, topic_abbreviations
from ..language.names import UNIT_END, UNIT_START, level_words, village_words
from ..language.patterns import YEAR_RANGE

DOC_RANK = {"national": 0, "province": 1, "district": 2, "commune": 3}
_PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "year": 1, "6 months": 2}
_HIGHER_IS_BETTER = {">=", ">", "="}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@lru_cache(maxsize=16384)
def tokens(text: str) -> str:
    """Words of a subject, indicator or clause, levels and numbers abstracted."""
    from underthesea import word_tokenize

    pattern, table = topic_abbreviations()
    text = pattern.sub(lambda m: table[m.group(0)], text or "")
    text = _unit_res()[0].sub(" ĐƠNVỊ ", fold(text))
    text = _NUMBER.sub(" ", text)
    words = [w.replace(" ", "_") for w in word_tokenize(text)
             if any(c.isalnum() for c in w) and w not in ("các", "số", "tổng", "tỷ_lệ", "tỷ lệ")]
    return " ".join(words)


@lru_cache(maxsize=1)
def _unit_res() -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], int]]]:
    """Any unit word (to abstract levels away), and each level's words with its
    rank (thôn 4, xã 3, huyện 2, tỉnh 1)."""
    villages = "|".join(village_words())
    any_unit = re.compile(UNIT_START + r"(?:cấp\s+)?(?:" + "|".join(level_words()) + "|"
                          + villages + ")" + UNIT_END)
    ranks = [(re.compile(UNIT_START + f"(?:{words})" + UNIT_END), rank) for words, rank in (
        (villages, 4), ("xã|phường|thị trấn", 3), ("huyện|quận|thị xã|thành phố", 2),
        ("tỉnh", 1))]
    return any_unit, ranks


@lru_cache(maxsize=16384)
def subject_level(subject: str | None) -> int | None:
    """The highest administrative level a subject names (tỉnh 1 ... thôn 4)."""
    low = fold(subject or "")
    found = [rank for pattern, rank in _unit_res()[1] if pattern.search(low)]
    return min(found) if found else None


def comparable(t: Target | Baseline) -> tuple[str, float] | None:
    """(dimension, value) on a common scale: shares in %, rates, counts, times/year."""
    if t.unit == "percent":
        return "share", t.value
    if t.unit == "ratio" and t.denominator:
        if t.denominator >= 1000:
            return f"rate/{t.denominator:g}", t.value
        return "share", 100 * t.value / t.denominator
    if t.unit == "count":
        return "count", t.value
    if t.unit == "frequency":
        period = getattr(t, "period", None)
        per = _PER_YEAR.get(period or "year", 1)
        if period and period.endswith("months") and period[0].isdigit():
            per = 12 / int(period.split()[0])
        return "frequency", t.value * per
    return None


def _fuzz(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(a, b) / 100 if a and b else 0.0


def _jaccard(a: str, b: str) -> float:
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _words(subject: str | None, indicator: str | None, text: str) -> tuple[str, str, str]:
    return tokens(subject or ""), tokens(indicator or ""), tokens(text)


def horizon(t: Target) -> int | None:
    """The year a target is due: its own, else the end of the period its clause
    names ("đạt chuẩn chống mù chữ giai đoạn 2015 - 2020")."""
    if t.year:
        return t.year
    ends = [int(m.group("b")) for m in YEAR_RANGE.finditer(f"{t.text} {t.indicator or ''}")]
    return max(ends) if ends else None


def step_between(child: Plan, parent: Plan) -> int:
    return DOC_RANK.get(child.metadata.issuer_level or "", 0) - DOC_RANK.get(
        parent.metadata.issuer_level or "", 0)


def pair_features(p: Target, c: Target, step: int, child_year: int | None) -> dict[str, float]:
    """The likeness of one parent target and one child target of one dimension."""
    pv, cv = comparable(p)[1], comparable(c)[1]  # type: ignore[index]
    psub, pind, ptext = _words(p.subject, p.indicator, p.text)
    csub, cind, ctext = _words(c.subject, c.indicator, c.text)
    subj = _fuzz(psub, csub)
    has_ind = bool(p.indicator and c.indicator)
    ind = _fuzz(pind, cind) if has_ind else subj
    ind_words = _jaccard(pind, cind) if has_ind else _jaccard(psub, csub)
    # (token_set_ratio is 1.0 for a subset: "trường học, trạm y tế" against "trường
    # học, trạm y tế, hộ gia đình"; the share of words shared tells them apart)
    f = {"subject": subj, "subject_words": _jaccard(psub, csub), "indicator": ind,
         "indicator_words": ind_words,
         "clause": _fuzz(ptext, ctext),
         "clause_words": _jaccard(ptext, ctext),
         "same_value": float(abs(pv - cv) < 1e-9),
         "value_distance": min(3.0, abs(math.log((pv + 1) / (cv + 1)))),
         "both_100": float(pv == 100 and cv == 100 and p.unit != "count"),
         "direction_same": float((p.comparator in _HIGHER_IS_BETTER)
                                 == (c.comparator in _HIGHER_IS_BETTER)),
         "count": float(p.unit == "count")}
    py, cyear = horizon(p), horizon(c)
    cy = cyear or child_year
    if py and cyear:
        f["year_same" if py == cyear else "year_differs"] = 1.0
    elif py and cy and py > cy:
        f["year_parent_later"] = 1.0
    if p.theme != "other" and c.theme != "other":
        f["theme_same" if p.theme == c.theme else "theme_differs"] = 1.0
    pl, cl = subject_level(p.subject), subject_level(c.subject)
    if pl is not None and cl is not None:
        f["level_step" if step > 0 and cl - pl == step else
          "level_same" if cl == pl else "level_other"] = 1.0
    return f


def feature_matrix(parent: Plan, child: Plan) -> list[list[dict[str, float] | None]]:
    """The features of every (parent target, child target); None across dimensions."""
    step = step_between(child, parent)
    feats: list[list[dict[str, float] | None]] = []
    for p in parent.targets:
        cp = comparable(p)
        row: list[dict[str, float] | None] = []
        for c in child.targets:
            cc = comparable(c)
            row.append(pair_features(p, c, step, child.metadata.year)
                       if cp and cc and cp[0] == cc[0] else None)
        feats.append(row)
    _add_rank_features(feats)
    return feats


def score_matrix(parent: Plan, child: Plan) -> list[list[float | None]]:
    """P(same target) for every (parent target, child target); None across dimensions."""
    model = alignment_model()
    return [[None if f is None else _probability(model.bias, model.weights, f) for f in row]
            for row in feature_matrix(parent, child)]


def _add_rank_features(feats: list[list[dict[str, float] | None]]) -> None:
    """Whether the child clause is the parent's closest, and the reverse."""
    def key(f: dict[str, float]) -> float:
        return f["clause"] + f["subject"] + 0.5 * f["same_value"]

    for row in feats:
        scored = [(key(f), j) for j, f in enumerate(row) if f is not None]
        if scored:
            best = max(scored)[0]
            for k, j in scored:
                row[j]["best_for_parent"] = float(k == best)  # type: ignore[index]
    for j in range(len(feats[0]) if feats else 0):
        scored = [(key(row[j]), i) for i, row in enumerate(feats) if row[j] is not None]
        if scored:
            best = max(scored)[0]
            for k, i in scored:
                feats[i][j]["best_for_child"] = float(k == best)  # type: ignore[index]


def _probability(bias: float, weights: dict[str, float], f: dict[str, float]) -> float:
    z = bias + sum(weights.get(k, 0.0) * v for k, v in f.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def assign(probs: list[list[float | None]], threshold: float) -> dict[int, tuple[int, float]]:
    """One to one, likeliest first overall (Hungarian), keeping pairs >= threshold."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not probs or not probs[0]:
        return {}
    sim = np.array([[0.0 if v is None or v < threshold else v for v in row] for row in probs])
    rows, cols = linear_sum_assignment(-sim)
    return {int(i): (int(j), float(sim[i, j])) for i, j in zip(rows, cols)
            if sim[i, j] >= threshold}


def align(parent: Plan, child: Plan) -> dict[int, tuple[int, float]]:
    """parent target index -> (child target index, probability), one to one."""
    if not parent.targets or not child.targets:
        return {}
    return assign(score_matrix(parent, child), alignment_model().threshold)
