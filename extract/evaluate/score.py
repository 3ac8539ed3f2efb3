"""Scoring predictions against gold annotations, as ``shared/spec/contract.md``
defines it (``kehoach eval``).

* metadata: exact match per field (after normalization: NFC, one tone style,
  folded dashes and spaces), reported as a share;
* references: a match when doc_type and number agree (number-less laws: the
  name); F1, then date/issuer/role agreement over matched pairs;
* sections: a match when the heading text is equal after whitespace folding;
  F1, then kind accuracy over matched headings (trees are flattened);
* targets: value, unit and (for ratios) denominator equal, and the subjects
  share at least half of their words (underthesea segmentation, lowercased,
  half of the longer one); F1, then comparator agreement;
* agencies: sets of canonical names (case- and accent-exact after whitespace
  folding); F1, then role agreement (equal role sets) over matched names;
* deadlines: ISO date (or recurrence for periodic ones) equal and the quoted
  texts overlap in the document; F1.

Pairs are matched one-to-one (each gold item at most once), best score first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..ingest.normalize import normalize_text

METADATA_FIELDS = ("genre", "doc_type", "number", "symbol", "issuer", "issuer_level",
                   "place", "date", "year", "title", "signer", "recipients")


@dataclass
class Score:
    """Counts for one field over one or more documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: int = 0  # matched pairs whose secondary attribute agrees
    matched: int = 0
    details: list[str] = field(default_factory=list)
    # metadata only: field -> [agreeing, compared]
    by_field: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.agree += other.agree
        self.matched += other.matched
        for name, (agree, total) in other.by_field.items():
            counts = self.by_field.setdefault(name, [0, 0])
            counts[0] += agree
            counts[1] += total

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def agreement(self) -> float:
        return self.agree / self.matched if self.matched else 1.0

    def to_dict(self) -> dict[str, Any]:
        out = {"tp": self.tp, "fp": self.fp, "fn": self.fn,
               "precision": round(self.precision, 4), "recall": round(self.recall, 4),
               "f1": round(self.f1, 4), "agreement": round(self.agreement, 4),
               "matched": self.matched}
        if self.by_field:
            out["fields"] = {k: round(a / n, 4) for k, (a, n) in self.by_field.items() if n}
        return out


def _n(value: Any) -> Any:
    """Normalize a value for comparison."""
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, dict):
        return {k: _n(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_n(v) for v in value]
    return value


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    from underthesea import word_tokenize

    return frozenset(w.lower() for w in word_tokenize(normalize_text(text or "")) if
                     any(c.isalnum() for c in w))


def subject_overlap(a: str | None, b: str | None) -> float:
    wa, wb = _words(a or ""), _words(b or "")
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def _match(
    gold: list[dict], pred: list[dict], score: Callable[[dict, dict], float | None],
    agree: Callable[[dict, dict], bool] | None = None, label: Callable[[dict], str] = str,
) -> Score:
    """One-to-one matching, best score first; None means 'cannot match'."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = score(g, p)
            if s is not None:
                pairs.append((s, i, j))
    pairs.sort(key=lambda x: -x[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = Score()
    for _, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.tp += 1
        out.matched += 1
        if agree is None or agree(gold[i], pred[j]):
            out.agree += 1
        elif agree is not None:
            out.details.append(f"~ {label(gold[i])} | pred {label(pred[j])}")
    out.fn = len(gold) - len(used_g)
    out.fp = len(pred) - len(used_p)
    out.details += [f"- missed {label(g)}" for i, g in enumerate(gold) if i not in used_g]
    out.details += [f"+ extra {label(p)}" for j, p in enumerate(pred) if j not in used_p]
    return out


def score_metadata(gold: dict, pred: dict) -> Score:
    out = Score()
    for f in METADATA_FIELDS:
        if f not in gold:
            continue
        g, p = _n(gold.get(f)), _n(pred.get(f))
        if f == "signer" and isinstance(p, dict):
            p = {k: p.get(k) for k in ("name", "position")}
        out.matched += 1
        agree = g == p
        out.by_field[f] = [int(agree), 1]
        if agree:
            out.agree += 1
        else:
            out.details.append(f"~ {f}: gold {g!r} | pred {p!r}")
    return out


def score_references(gold: list[dict], pred: list[dict], text: str) -> Score:
    def key(r: dict) -> str:
        return _n(r.get("number") or "").replace(" ", "")

    def score(g: dict, p: dict) -> float | None:
        if g["doc_type"] != p["doc_type"]:
            return None
        if key(g) or key(p):
            return 1.0 if key(g) == key(p) else None
        return 1.0 if _texts_overlap(text, g, p) else None

    def agree(g: dict, p: dict) -> bool:
        return all(_n(g.get(k)) == _n(p.get(k)) for k in ("date", "issuer", "role"))

    return _match(gold, pred, score, agree,
                  lambda r: f"{r['doc_type']} {r.get('number')} {r.get('role')}")


def flatten_sections(sections: Iterable[dict]) -> list[dict]:
    out: list[dict] = []
    for s in sections:
        out.append(s)
        out.extend(flatten_sections(s.get("children", [])))
    return out


def score_sections(gold: list[dict], pred: list[dict]) -> Score:
    g_flat, p_flat = flatten_sections(gold), flatten_sections(pred)

    def score(g: dict, p: dict) -> float | None:
        # "equal after whitespace folding" (contract): a heading broken over lines
        # matches the same words on one line
        return 1.0 if " ".join(_n(g["heading"]).split()) == " ".join(
            _n(p["heading"]).split()) else None

    return _match(g_flat, p_flat, score, lambda g, p: g["kind"] == p["kind"],
                  lambda s: f"{s['heading'][:60]!r} ({s['kind']})")


def score_targets(gold: list[dict], pred: list[dict]) -> Score:
    return _score_quantities(gold, pred)


def score_baselines(gold: list[dict], pred: list[dict]) -> Score:
    """Baselines and past results match like targets (value, unit, subject); the
    secondary attribute is the year."""
    return _score_quantities(gold, pred, lambda g, p: g.get("year") == p.get("year"))


def _score_quantities(gold: list[dict], pred: list[dict],
                      agree: Callable[[dict, dict], bool] | None = None) -> Score:
    def score(g: dict, p: dict) -> float | None:
        if (float(g["value"]) != float(p["value"]) or g["unit"] != p["unit"]
                or (g["unit"] == "ratio" and g.get("denominator") != p.get("denominator"))):
            return None
        s = subject_overlap(g.get("subject"), p.get("subject"))
        return s if s >= 0.5 else None

    if agree is None:
        def agree(g: dict, p: dict) -> bool:
            return g.get("comparator") == p.get("comparator")

    return _match(gold, pred, score, agree,
                  lambda t: f"{t.get('comparator', '')}{t['value']} {t['unit']} "
                            f"{t.get('subject')!r}")


def score_agencies(gold: list[dict], pred: list[dict]) -> Score:
    def name(a: dict) -> str:
        return " ".join(_n(a["canonical"]).split())

    def score(g: dict, p: dict) -> float | None:
        return 1.0 if name(g) == name(p) else None

    return _match(gold, pred, score,
                  lambda g, p: sorted(g.get("roles", [])) == sorted(p.get("roles", [])),
                  lambda a: f"{a['canonical']} {a.get('roles')}")


@lru_cache(maxsize=4096)
def _occurrences(text: str, quote: str) -> tuple[tuple[int, int], ...]:
    """Where an annotator's quote stands in a normalized text (whitespace folded)."""
    words = normalize_text(quote).split()
    if not words:
        return ()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return tuple(m.span() for m in pattern.finditer(text))


def _spans(text: str, item: dict) -> list[tuple[int, int]]:
    if item.get("span"):
        return [tuple(item["span"])]  # type: ignore[list-item]
    return list(_occurrences(text, item.get("text", "")))


def _texts_overlap(text: str, g: dict, p: dict) -> bool:
    return any(a < d and c < b for a, b in _spans(text, g) for c, d in _spans(text, p))


def score_deadlines(gold: list[dict], pred: list[dict], text: str) -> Score:
    def score(g: dict, p: dict) -> float | None:
        if g.get("kind") == "periodic" or p.get("kind") == "periodic":
            same = (g.get("recurrence") == p.get("recurrence")
                    and (g.get("date") == p.get("date") or not g.get("date")))
        else:
            same = g.get("date") == p.get("date")
        return 1.0 if same and _texts_overlap(text, g, p) else None

    return _match(gold, pred, score, None,
                  lambda d: f"{d.get('text')!r} {d.get('date')} {d.get('recurrence')}")


FIELDS = ("metadata", "references", "sections", "targets", "baselines", "agencies",
          "deadlines")


def score_document(gold: dict, pred: dict) -> dict[str, Score]:
    text = pred["text"]
    return {
        "metadata": score_metadata(gold.get("metadata", {}), pred.get("metadata", {})),
        "references": score_references(gold.get("references", []),
                                       pred.get("references", []), text),
        "sections": score_sections(gold.get("sections", []), pred.get("sections", [])),
        "targets": score_targets(gold.get("targets", []), pred.get("targets", [])),
        # scored only where the gold marks them (the seeds' gold predates the field)
        "baselines": (score_baselines(gold["baselines"], pred.get("baselines", []))
                      if "baselines" in gold else Score()),
        "agencies": score_agencies(gold.get("agencies", []), pred.get("agencies", [])),
        "deadlines": score_deadlines(gold.get("deadlines", []), pred.get("deadlines", []),
                                     text),
    }


def load_gold(gold_dir: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(gold_dir.glob("*.json"))}


def evaluate(gold_dir: Path | dict[str, dict],
             predict: Callable[[str, dict], dict]) -> dict[str, Any]:
    """Score ``predict(stem, gold) -> Plan dict`` against every gold document (a
    gold folder, or gold documents by stem)."""
    golds = load_gold(gold_dir) if isinstance(gold_dir, Path) else gold_dir
    per_doc: dict[str, dict[str, Score]] = {}
    totals = {f: Score() for f in FIELDS}
    for stem, gold in golds.items():
        scores = score_document(gold, predict(stem, gold))
        per_doc[stem] = scores
        for f in FIELDS:
            totals[f].add(scores[f])
    return {"documents": per_doc, "totals": totals}


# -- compliance pairs (``kehoach eval --pairs corpus/pairs``) --------------------------

# informational findings that restate coverage: reported, not scored
UNSCORED_KINDS = ("task_covered",)


def _target_dict(plan: dict, ref: str | None) -> dict | None:
    if ref is None:
        return None
    return next((t for t in plan["targets"] if t["id"] == ref), None)


def _same_target(gold: dict | None, pred: dict | None, text: str | None = None) -> bool:
    """Value, unit and denominator equal; then subjects sharing half of their
    words (the contract's identity), or the same place in the text when the
    annotator quoted the target (the quote holds the predicted number)."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if float(gold["value"]) != float(pred["value"]) or gold["unit"] != pred["unit"]:
        return False
    if gold["unit"] == "ratio" and gold.get("denominator") != pred.get("denominator"):
        return False
    if subject_overlap(gold.get("subject"), pred.get("subject")) >= 0.5:
        return True  # the contract's identity
    spans = _occurrences(text, gold["text"]) if text and gold.get("text") else ()
    if spans and pred.get("span"):
        start, end = pred["span"][:2] if isinstance(pred["span"], (list, tuple)) \
            else (pred["span"]["start"], pred["span"]["end"])
        return any(a < end and start < b for a, b in spans)
    return False


def score_pair(expected: dict, report: dict, child: dict, parent: dict) -> Score:
    """Findings match when kind, parent target and child target agree."""
    gold = [f for f in expected["findings"] if f["kind"] not in UNSCORED_KINDS]
    pred = _pred_findings(report, child, parent)

    def score(g: dict, p: dict) -> float | None:
        if g["kind"] != p["kind"]:
            return None
        if g["kind"].startswith("target_"):
            ok = _same_target(g.get("parent"), p["parent"], parent.get("text")) and \
                _same_target(g.get("child"), p["child"], child.get("text"))
            return 1.0 if ok else None
        return 1.0

    out = _match(gold, pred, score, lambda g, p: g.get("severity") == p["severity"],
                 lambda f: f"{f['kind']} {(f.get('parent') or {}).get('value')}"
                           f"→{(f.get('child') or {}).get('value')} "
                           f"{f.get('message', f.get('note', ''))[:70]}")
    if bool(expected.get("cites_parent")) != bool(report.get("cites_parent")):
        out.details.append(f"~ cites_parent: gold {expected.get('cites_parent')} | "
                           f"pred {report.get('cites_parent')}")
    return out


ALIGNED_KINDS = ("target_met", "target_stricter", "target_weaker")


def _pred_findings(report: dict, child: dict, parent: dict) -> list[dict]:
    out = []
    for f in report["findings"]:
        if f["kind"] in UNSCORED_KINDS:
            continue
        target = f["kind"].startswith("target_")
        out.append({"kind": f["kind"], "severity": f["severity"],
                    "parent": _target_dict(parent, f.get("parent_ref")) if target else None,
                    "child": _target_dict(child, f.get("child_ref")) if target else None,
                    "message": f["message"]})
    return out


def score_alignment(expected: dict, report: dict, child: dict, parent: dict) -> Score:
    """Aligned targets: a (parent target, child target) pair the checker compared
    (met, stricter or weaker) is right when both targets are the annotated ones;
    then the kind is the agreement."""
    gold = [f for f in expected["findings"]
            if f["kind"] in ALIGNED_KINDS and f.get("parent") and f.get("child")]
    pred = [f for f in _pred_findings(report, child, parent)
            if f["kind"] in ALIGNED_KINDS and f["parent"] and f["child"]]

    def score(g: dict, p: dict) -> float | None:
        ok = _same_target(g["parent"], p["parent"], parent.get("text")) and \
            _same_target(g["child"], p["child"], child.get("text"))
        return 1.0 if ok else None

    return _match(gold, pred, score, lambda g, p: g["kind"] == p["kind"],
                  lambda f: f"{f['kind']} {f['parent'].get('value')} "
                            f"{(f['parent'].get('subject') or '')[:40]} → "
                            f"{f['child'].get('value')} {(f['child'].get('subject') or '')[:40]}")


def evaluate_pairs(pairs: Iterable, run_pair: Callable[[Path, Path], tuple[dict, dict, dict]],
                   targets_only: bool = False) -> dict[str, Any]:
    """Score every pair (``Pair`` of :mod:`.pairset`: name, expected, child, parent).

    ``run_pair(child_path, parent_path)`` returns (report, child plan, parent plan).
    ``targets_only`` (real pairs, annotated for targets and citation only) scores
    the target findings alone, and a ``target_missing`` only where the annotator
    judged the child's copy whole."""
    per_pair: dict[str, Score] = {}
    aligned: dict[str, Score] = {}
    total, total_aligned = Score(), Score()
    cites = [0, 0]
    for pair in pairs:
        expected = pair.expected
        report, child, parent = run_pair(pair.child, pair.parent)
        if targets_only:
            whole = expected.get("child_whole", True)
            report = {**report, "findings": [
                f for f in report["findings"] if f["kind"].startswith("target_")
                and (whole or f["kind"] != "target_missing")]}
            expected = {**expected, "findings": [
                f for f in expected["findings"] if f["kind"].startswith("target_")]}
        s = score_pair(expected, report, child, parent)
        a = score_alignment(expected, report, child, parent)
        per_pair[pair.name], aligned[pair.name] = s, a
        total.add(s)
        total_aligned.add(a)
        cites[0] += bool(expected.get("cites_parent")) == bool(report.get("cites_parent"))
        cites[1] += 1
    return {"pairs": per_pair, "total": total, "aligned": aligned,
            "total_aligned": total_aligned, "cites_parent": cites}
