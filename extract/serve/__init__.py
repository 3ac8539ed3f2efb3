"""The review web page (``kehoach serve``): officers upload a parent plan and
its children, read each finding beside both texts, confirm or dismiss it, and
download the memo.

In: uploaded files (or documents of a batch database). Out: HTML pages, the
contract's compliance reports as JSON (``POST /api/check``), and the reviewed
report as DOCX, Markdown and JSON. :mod:`.app` (routes), :mod:`.uploads`
(checks on uploaded files), :mod:`.jobs` (checks in worker processes),
:mod:`.store` (SQLite: reviews and decisions), :mod:`.views` (what a page shows).
"""
