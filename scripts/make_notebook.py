"""Write notebooks/researcher.ipynb (the notebook is generated from this script so
its cells stay reviewable as code; rerun after editing)."""

from __future__ import annotations

from pathlib import Path

import nbformat as nbf

ROOT = Path(__file__).resolve().parent.parent

CELLS = [
    ("md", """# kehoach cho nhà nghiên cứu: cả kho văn bản trong một cơ sở dữ liệu

This notebook only *uses* the library: it runs the batch over the bundled corpus,
links children to their parents, checks each pair, then queries the DuckDB
tables with pandas and plots them. Set `CORPUS` to your own archive."""),
    ("code", """from pathlib import Path
import duckdb
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx

from extract.corpus import run_batch
from extract.compliance import check
from extract.corpus import as_plan, find_links
from extract.corpus import PLANS, load_journal, write_table

ROOT = Path.cwd() if (Path.cwd() / "corpus").exists() else Path.cwd().parent
CORPUS = [str(ROOT / "corpus" / "raw"), str(ROOT / "corpus" / "pairs")]
OUT = ROOT / "out" / "notebook"
result = run_batch(CORPUS, OUT, workers=2)
print(result.done, "documents,", result.failed, "errors,", result.skipped, "already done")"""),
    ("code", """records = load_journal(OUT / PLANS)
links = find_links(records)
by_id = {r["doc_id"]: r for r in records}
findings = []
for lk in links:
    report = check(as_plan(by_id[lk.child]), as_plan(by_id[lk.parent]))
    findings += [{"child": lk.child, "parent": lk.parent, **f.model_dump(
        include={"kind", "severity", "rule", "parent_ref", "child_ref", "similarity", "message"})}
        for f in report.findings]
write_table(result.db, "links", [lk.to_dict() for lk in links])
write_table(result.db, "findings", findings)
con = duckdb.connect(str(result.db), read_only=True)
con.sql("SELECT doc_type, issuer_level, count(*) AS n FROM documents GROUP BY ALL ORDER BY n DESC").df()"""),
    ("md", "## Chỉ tiêu theo chủ đề và phép so sánh"),
    ("code", """targets = con.sql("SELECT theme, comparator, unit, value FROM targets").df()
pivot = targets.pivot_table(index="theme", columns="comparator", values="value", aggfunc="count", fill_value=0)
ax = pivot.plot.barh(stacked=True, figsize=(7, 4), title="Chỉ tiêu theo chủ đề")
ax.set_xlabel("số chỉ tiêu")
pivot"""),
    ("code", """ax = targets[targets.unit == "percent"].value.plot.hist(bins=10, figsize=(6, 3), title="Giá trị chỉ tiêu (%)")
ax.set_xlabel("%")
targets.groupby("unit").value.describe()"""),
    ("md", "## Cơ quan theo vai trò"),
    ("code", """agencies = con.sql("SELECT canonical, unnest(string_split(roles, ',')) AS role FROM agencies WHERE roles <> ''").df()
roles = agencies.groupby("role").canonical.count().sort_values()
roles.plot.barh(figsize=(6, 3), title="Cơ quan theo vai trò")
agencies.canonical.value_counts().head(10)"""),
    ("md", "## Đồ thị thực hiện: ai thực hiện kế hoạch của ai"),
    ("code", """docs = con.sql("SELECT doc_id, path FROM documents").df().set_index("doc_id").path
graph = nx.DiGraph()
for lk in links:
    graph.add_edge(Path(docs[lk.child]).parent.name + "/" + Path(docs[lk.child]).stem[:18],
                   Path(docs[lk.parent]).stem[:18] + Path(docs[lk.parent]).suffix)
plt.figure(figsize=(9, 5))
nx.draw_networkx(graph, pos=nx.spring_layout(graph, seed=1), node_size=300, font_size=7, arrows=True)
plt.title("con -> cha")
plt.axis("off")
print(graph.number_of_nodes(), "nodes,", graph.number_of_edges(), "links")"""),
    ("md", "## Bản đồ nhiệt tuân thủ"),
    ("code", """f = con.sql("SELECT child, parent, kind FROM findings WHERE kind LIKE 'target_%'").df()
f["pair"] = f.child.map(lambda d: Path(docs[d]).parent.name[:22]) + " → " + f.parent.map(lambda d: Path(docs[d]).suffix)
heat = f.pivot_table(index="pair", columns="kind", values="child", aggfunc="count", fill_value=0)
fig, ax = plt.subplots(figsize=(8, 3 + 0.3 * len(heat)))
im = ax.imshow(heat.values, cmap="RdYlGn_r")
ax.set_xticks(range(len(heat.columns)), heat.columns, rotation=30, ha="right")
ax.set_yticks(range(len(heat.index)), heat.index)
fig.colorbar(im)
ax.set_title("Phát hiện về chỉ tiêu theo cặp kế hoạch")
heat"""),
]


def main() -> None:
    nb = nbf.v4.new_notebook()
    nb.cells = [nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src)
                for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    out = ROOT / "notebooks" / "researcher.ipynb"
    nbf.write(nb, out)
    print("wrote", out)


if __name__ == "__main__":
    main()
