"""Evaluation: the contract's scorer (``kehoach eval``).

In: gold annotations and predicted Plans (or compliance reports for pairs).
Out: per-field counts, precision, recall, F1 and agreement (:mod:`.score`) and
their tables in the terminal or as JSON (:mod:`.tables`).
"""

from .score import Score, evaluate, evaluate_pairs

__all__ = ["Score", "evaluate", "evaluate_pairs"]
