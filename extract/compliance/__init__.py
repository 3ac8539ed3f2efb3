"""Compliance: a lower-level plan checked against the plan it implements.

In: two :class:`~schemas.plan.Plan` objects, never raw text. Out: a
:class:`~schemas.compliance.ComplianceReport` (:func:`check`: citation, aligned
targets, tasks, agencies, deadlines, each finding with evidence on both sides),
and its renderings in Vietnamese: Markdown, side-by-side HTML, a Word memo, and
the matrix of one parent against many children (:mod:`.report`).
"""

from .check import check
from .report import matrix_docx, matrix_html, matrix_markdown, to_docx, to_html, to_markdown

__all__ = ["check", "matrix_docx", "matrix_html", "matrix_markdown", "to_docx", "to_html",
           "to_markdown"]
