"""Themes of targets and tasks (contract "Themes"), from ``models/themes.yaml``.

The earliest keyword in the text wins; the indicator of a target is searched
before its subject. Never guesses: no keyword gives ``other``.
"""

from __future__ import annotations

import re

from .lexicons import fold_text, themes


def theme_of(*parts: str | None) -> str:
    for part in parts:
        low = fold_text(part or "")
        best: tuple[int, str] | None = None
        for theme, words in themes().items():
            for w in words:
                k = low.find(w)
                if k >= 0 and (best is None or k < best[0]):
                    best = (k, theme)
        if best:
            return best[1]
    return "other"



_CLAUSE = re.compile(r"[;\n]|\.\s")


def clause_themes(text: str | None) -> set[str]:
    """The leading theme of every clause of a text ("Xây dựng kế hoạch ...; lồng
    ghép ..." is planning and integration); a word in passing does not count."""
    return {theme_of(c) for c in _CLAUSE.split(text or "")} - {"other"}
