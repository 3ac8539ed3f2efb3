"""Train the figure model (``models/target_filter.json``): which numbers of a
target's shape are targets, baselines or neither.

Training set: the ``dev`` split of ``corpus/dev/`` (never ``test``), texts from
``$KEHOACH_DEV_RAW``. Every number the candidate finder reads
(:func:`extract.entities.targets.candidates`) is labelled from the gold: a gold
target with the same value, unit and denominator whose quote covers the number
makes it ``target``; likewise a gold baseline makes it ``baseline``; else it is
``other``. Features: :func:`extract.entities.figures.features`. Model:
scikit-learn's multinomial ``LogisticRegression`` over a ``DictVectorizer``;
``C`` chosen by 5-fold cross-validation grouped by document (macro F1), then
fitted on the whole split. The weights are written as JSON, so the pipeline
needs no scikit-learn at run time.

    .venv/bin/python scripts/train_target_filter.py [--dry-run]

prints the cross-validated scores per class (a Markdown table for
``models/README.md``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.entities.targets import candidates, figure_features, _innermost  # noqa: E402
from extract.evaluate.devset import load_devset  # noqa: E402
from extract.evaluate.score import subject_overlap  # noqa: E402
import yaml  # noqa: E402

from extract.ingest import load  # noqa: E402
from extract.ingest.document import Document, finish  # noqa: E402
from extract.ingest.text import read_string  # noqa: E402
from extract.ingest.normalize import normalize_text  # noqa: E402
from extract.structure.sections import find_sections  # noqa: E402

OUT = ROOT / "models" / "target_filter.json"
CLASSES = ("target", "baseline", "other")
WEIGHT = "balanced"  # the classes are uneven (targets outnumber baselines 2 to 1)


def _key(value: float, unit: str, denominator: float | None) -> tuple:
    return (round(float(value), 4), unit, round(float(denominator or 0), 4) if unit == "ratio" else 0)


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    quote = normalize_text(quote or "").strip()
    out, pos = [], 0
    while quote:
        i = text.find(quote, pos)
        if i < 0:
            break
        out.append((i, i + len(quote)))
        pos = i + 1
    return out


def label_document(text: str, hits: list, gold: dict) -> list[str]:
    items = [("target", g) for g in gold.get("targets", [])]
    items += [("baseline", g) for g in gold.get("baselines") or []]
    located = [(label, _key(g["value"], g["unit"], g.get("denominator")),
                _occurrences(text, g.get("text", ""))) for label, g in items]
    used: set[int] = set()
    labels = []
    for h in hits:
        key = _key(h.value, h.unit, h.denominator)
        start = h.cmp_start if h.cmp_start is not None else h.start
        choice = None
        for want_overlap in (True, False):
            for k, (label, gkey, occ) in enumerate(located):
                # a target restated (headline, lead, body: the gold quotes it once)
                # is that target wherever its quote stands
                if (k in used and not want_overlap) or gkey != key:
                    continue
                overlap = any(a < h.end and start < b for a, b in occ)
                if (want_overlap and overlap) or (not want_overlap and not occ):
                    choice = k
                    break
            if choice is not None:
                break
        if choice is None:
            # a target restated in other words (headline, lead, body; the gold
            # lists it once): the same number of the same subject
            choice = next((k for k, (label, gkey, occ) in enumerate(located)
                           if k in used and gkey == key and subject_overlap(
                               h.subject, items[k][1].get("subject")) >= 0.5), None)
        if choice is None:
            labels.append("other")
        else:
            used.add(choice)
            labels.append(located[choice][0])
    return labels


def dataset() -> tuple[list[dict], list[str], list[str]]:
    dev = load_devset(ROOT / "corpus" / "dev", "dev")
    if not dev.gold:
        sys.exit("no dev texts found: rebuild $KEHOACH_DEV_RAW (corpus/dev/README.md)")
    X, y, groups = [], [], []
    docs = [(name, gold, dev.sources[name]) for name, gold in sorted(dev.gold.items())]
    docs += _seeds()
    docs += _fixtures()
    for name, gold, source in docs:
        doc = load(source) if isinstance(source, Path) else source
        sections = find_sections(doc)
        hits, flat = candidates(doc, sections)
        low = doc.text.lower()
        for h, label in zip(hits, label_document(doc.text, hits, gold)):
            start = h.cmp_start if h.cmp_start is not None else h.start
            X.append(dict.fromkeys(figure_features(low, h, _innermost(flat, start)), 1))
            y.append(label)
            groups.append(name)
    return X, y, groups


def _seeds() -> list[tuple[str, dict, Path]]:
    """The five seed plans (``corpus/gold`` with ``corpus/raw``): real documents
    whose gold marks every target (not their baselines: their other numbers are
    labelled ``other``). Always in training, never in the dev figures."""
    out = []
    for path in sorted((ROOT / "corpus" / "gold").glob("*.json")):
        raw = sorted((ROOT / "corpus" / "raw").glob(f"{path.stem}.*"))
        if raw:
            out.append((f"seed:{path.stem}", json.loads(path.read_text("utf-8")), raw[0]))
    return out


def _fixtures() -> list[tuple[str, dict, Document]]:
    """The target fixtures (``tests/data/fixtures/targets.yaml``: sentences of real
    plans of other provinces with the targets their authors marked; negatives mark
    none): a sentence read alone, without an article around it. Always in
    training, never in the dev figures."""
    path = ROOT / "tests" / "data" / "fixtures" / "targets.yaml"
    cases = yaml.safe_load(path.read_text("utf-8"))
    return [(f"fixture:{c['id']}", {"targets": c["expect"] or []},
             finish(read_string(c["text"]), path=c["id"], sha256="")) for c in cases["cases"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="score only, write nothing")
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import classification_report, f1_score
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    X, y, groups = dataset()
    print(f"{len(y)} numbers in {len(set(groups))} documents: {dict(Counter(y))}")
    best = None
    for c in (0.3, 1.0, 3.0):
        model = make_pipeline(DictVectorizer(), LogisticRegression(C=c, max_iter=3000, class_weight=WEIGHT))
        pred = cross_val_predict(model, X, y, groups=groups, cv=GroupKFold(n_splits=5))
        macro = f1_score(y, pred, average="macro")
        print(f"C={c}: cross-validated macro F1 {macro:.3f}")
        if best is None or macro > best[0]:
            best = (macro, c, pred)
    macro, c, pred = best
    report = classification_report(y, pred, labels=list(CLASSES), output_dict=True, zero_division=0)
    print(f"\nchosen C={c}; 5-fold grouped cross-validation on the dev split:\n")
    print("| class | precision | recall | F1 | numbers |\n|---|---|---|---|---|")
    for cls in CLASSES:
        r = report[cls]
        print(f"| {cls} | {r['precision']:.2f} | {r['recall']:.2f} | {r['f1-score']:.2f} "
              f"| {int(r['support'])} |")
    if args.dry_run:
        return
    vec = DictVectorizer()
    clf = LogisticRegression(C=c, max_iter=3000, class_weight=WEIGHT).fit(vec.fit_transform(X), y)
    order = [list(clf.classes_).index(cls) for cls in CLASSES]
    weights = {}
    for j, name in enumerate(vec.get_feature_names_out()):
        w = [round(float(clf.coef_[k][j]), 4) for k in order]
        if any(abs(x) >= 1e-3 for x in w):
            weights[name] = w
    out = {
        "classes": list(CLASSES),
        "bias": [round(float(clf.intercept_[k]), 4) for k in order],
        "weights": dict(sorted(weights.items())),
        "trained_on": f"corpus/dev split dev: {len(set(groups))} documents, {len(y)} numbers",
        "C": c,
        "cv_macro_f1": round(macro, 3),
        "cv": {cls: {m: round(report[cls][m], 3) for m in ("precision", "recall", "f1-score")}
               for cls in CLASSES},
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"\nwrote {OUT.relative_to(ROOT)} ({len(weights)} features)")


if __name__ == "__main__":
    main()
