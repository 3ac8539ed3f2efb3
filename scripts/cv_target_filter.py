"""End-to-end cross-validation of the figure model on the dev split of
``corpus/dev/``: the model is trained (as ``train_target_filter.py`` does) on
four fifths of the documents (and the five seeds), the whole pipeline is run on the fifth left out,
and its targets and baselines are scored against the gold; the counts add up
over the five folds. The honest figure for a change to the target rules (the
dev eval is in-sample for the model; the test split is never used here).

    .venv/bin/python scripts/cv_target_filter.py      # CVC=C, CVW=balanced|none

Prints targets and baselines P/R/F1; DUMP=1 lists the predicted values the gold
does not have.
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_target_filter as T
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
import extract.language.lexicons as L
import extract.entities.figures as F
import extract.entities.targets as TG
from extract.evaluate.devset import load_devset
from extract.pipeline import run
from extract.evaluate.score import score_targets, score_baselines
C = float(os.environ.get("CVC", "0.3")); W = os.environ.get("CVW", "balanced") or None
if W == "none": W = None
X, y, groups = T.dataset()
ds = load_devset(Path(__file__).resolve().parent.parent / "corpus" / "dev", "dev")
docs = sorted(set(groups))
tot = dict(tp=0, fp=0, fn=0); btot = dict(tp=0, fp=0, fn=0)
import numpy as np
G = np.array(groups)
names = sorted(ds.gold)
# fold over all dev docs (docs without numbers go anywhere)
for k in range(5):
    test_docs = set(names[k::5])
    tr = [i for i, g in enumerate(groups) if g not in test_docs]
    vec = DictVectorizer(); clf = LogisticRegression(C=C, max_iter=3000, class_weight=W)
    clf.fit(vec.fit_transform([X[i] for i in tr]), [y[i] for i in tr])
    order = [list(clf.classes_).index(c) for c in T.CLASSES]
    weights = {n: tuple(float(clf.coef_[o][j]) for o in order) for j, n in enumerate(vec.get_feature_names_out())}
    model = L.FigureModel(classes=T.CLASSES, bias=tuple(float(clf.intercept_[o]) for o in order), weights=weights)
    F.figure_model = lambda m=model: m
    for name in sorted(test_docs):
        g = ds.gold[name]; pd = run(ds.sources[name]).model_dump()
        s = score_targets(g.get("targets", []), pd["targets"]); b = score_baselines(g.get("baselines") or [], pd.get("baselines") or [])
        if os.environ.get("DUMP"):
            gk = {(float(t["value"]), t["unit"]) for t in g.get("targets", [])}
            bk = {(float(t["value"]), t["unit"]) for t in g.get("baselines") or []}
            for t in pd["targets"]:
                if (float(t["value"]), t["unit"]) not in gk:
                    print("FPV", "B" if (float(t["value"]), t["unit"]) in bk else "-", name[:28], t["value"], t["unit"], "|", t["text"][:60].replace("\n"," "), "|", (t["subject"] or "")[:50])
        for d, sc in ((tot, s), (btot, b)):
            d["tp"] += sc.tp; d["fp"] += sc.fp; d["fn"] += sc.fn
def prf(d):
    p = d["tp"] / max(1, d["tp"] + d["fp"]); r = d["tp"] / max(1, d["tp"] + d["fn"]); return f"P={p:.3f} R={r:.3f} F1={2*p*r/max(1e-9,p+r):.3f}"
print("targets", prf(tot), "baselines", prf(btot), tot)
