"""The package tree is the dataflow: imports point only down it, no module is huge."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "extract"

# rank of each top-level part of ``extract``: a module may import only parts of a
# lower or equal rank (equal: its own package, or a foundation module)
RANK = {"errors": 0, "language": 0, "ingest": 1, "structure": 2, "entities": 3,
        "pipeline": 4, "compliance": 5, "corpus": 6, "evaluate": 6, "serve": 7,
        "cli": 8}


def _part(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]


def _imported_parts(path: Path) -> set[str]:
    """Top-level parts of ``extract`` that ``path`` imports (relative or absolute)."""
    package = list(path.relative_to(PACKAGE).parts[:-1])
    return _parts_in(path.read_text(encoding="utf-8"), package)


def _parts_in(source: str, package: list[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not target:  # "from . import x" at the top of the package
                    target = [a.name for a in node.names][:1]
            elif node.module and node.module.split(".")[0] == "extract":
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                found.add(target[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "extract" and len(parts) > 1:
                    found.add(parts[1])
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or
                  p.parent != PACKAGE)


def test_every_part_has_a_rank():
    parts = {_part(p) for p in _modules()}
    assert parts <= set(RANK), f"unranked parts: {parts - set(RANK)}"


def test_imports_only_point_down_the_dataflow():
    upward = []
    for path in _modules():
        mine = RANK[_part(path)]
        for part in _imported_parts(path):
            if RANK.get(part, 0) > mine:
                upward.append(f"{path.relative_to(PACKAGE)} imports {part}")
    assert not upward, upward


def test_the_checker_sees_upward_imports():
    # the rule above must be able to fail: structure importing compliance, relative or not
    assert _parts_in("from ..compliance.check import check\n", ["structure"]) == {"compliance"}
    assert _parts_in("import extract.corpus.batch\n", ["entities"]) == {"corpus"}
    assert _parts_in("from .sections import find_sections\n", ["structure"]) == {"structure"}
    assert RANK["compliance"] > RANK["structure"]


def test_every_package_says_what_comes_in_and_what_goes_out():
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 25, f"{init.relative_to(PACKAGE)}: no docstring"


def test_no_module_over_600_lines():
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not big, big
