"""Ingestion: any supported file in, one :class:`~extract.ingest.document.Document` out.

In: a path (TXT, Markdown, DOCX, PDF, HTML, DOC; PNG, JPEG, TIFF by OCR). Out: a Document: the
normalized text (:mod:`.normalize`), its blocks with spans, pages, bboxes and
style hints, and the offset map back to the source (:mod:`.offsets`). One backend per format, chosen from one table (:data:`FORMAT_TO_BACKEND`); each
takes ``(path, data)`` and returns an :class:`~extract.ingest.document.Extracted`.
:func:`load` does what is common to all: size limits, emptiness, repair of
legacy font encodings, normalization, and the Vietnamese-language check. Every
failure is an :class:`~extract.errors.IngestError` naming the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from ..errors import IngestError
from .document import Document, Extracted, finish
from .encoding import marked_ratio, repair_legacy

# extension -> "module:function" of the backend, imported on first use
FORMAT_TO_BACKEND: dict[str, str] = {
    ".txt": "text:read",
    ".md": "text:read",
    ".markdown": "text:read",
    ".docx": "docx:read",
    ".pdf": "pdf:read",
    ".html": "html:read",
    ".htm": "html:read",
    ".doc": "doc:read",
    ".png": "image:read",
    ".jpg": "image:read",
    ".jpeg": "image:read",
    ".tif": "image:read",
    ".tiff": "image:read",
}

MAX_BYTES = 50 * 1024 * 1024  # a plan is a few MB at most; refuse beyond this
# below this share of Vietnamese-marked letters a long text is not Vietnamese
# (Vietnamese prose has about 0.2; English 0.0; French/German under 0.03)
MIN_MARKED_RATIO = 0.05
MIN_LETTERS_FOR_LANGUAGE_CHECK = 200


def backend_for(path: Path) -> Callable[[Path, bytes], Extracted]:
    spec = FORMAT_TO_BACKEND.get(path.suffix.lower())
    if spec is None:
        supported = ", ".join(sorted(FORMAT_TO_BACKEND))
        raise IngestError(path, "unsupported", f"phần mở rộng '{path.suffix}'; hỗ trợ: {supported}")
    module, func = spec.split(":")
    return getattr(import_module(f"{__name__}.{module}"), func)  # type: ignore[no-any-return]


def load(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read ``path`` into a normalized :class:`Document` (or raise IngestError)."""
    path = Path(path)
    backend = backend_for(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as err:
        raise IngestError(path, "not_found") from err
    except OSError as err:
        raise IngestError(path, "not_found", str(err)) from err
    if size == 0:
        raise IngestError(path, "empty")
    if size > max_bytes:
        raise IngestError(path, "too_large", f"{size // (1024 * 1024)} MB > {max_bytes // (1024 * 1024)} MB")
    data = path.read_bytes()
    return load_bytes(path, data, backend)


def load_bytes(
    path: Path, data: bytes, backend: Callable[[Path, bytes], Extracted] | None = None
) -> Document:
    backend = backend or backend_for(path)
    try:
        extracted = backend(path, data)
    except IngestError:
        raise
    except Exception as err:  # a file no backend rule foresaw: report, never crash
        raise IngestError(path, "corrupt", f"{type(err).__name__}: {err}") from err
    if not extracted.text.strip():
        raise IngestError(path, "empty", "không có nội dung văn bản")
    _repair(extracted)
    doc = finish(extracted, path=str(path), sha256=hashlib.sha256(data).hexdigest())
    ratio = marked_ratio(doc.text)
    if ratio < MIN_MARKED_RATIO and sum(map(str.isalpha, doc.text[:8000])) >= (
        MIN_LETTERS_FOR_LANGUAGE_CHECK
    ):
        raise IngestError(path, "not_vietnamese", f"chỉ {ratio:.1%} chữ cái có dấu tiếng Việt")
    return doc


def _repair(extracted: Extracted) -> None:
    """Convert legacy TCVN3/VNI mojibake in place, keeping blocks and maps."""
    if extracted.encoding in ("tcvn3", "vni"):
        return  # decode_bytes already converted the bytes
    text, mapping, scheme = repair_legacy(extracted.text)
    if scheme is None:
        return
    for b in extracted.blocks:
        if b.bold_until is not None:
            b.bold_until = mapping.from_source(b.start, b.bold_until)[1]
        b.start, b.end = mapping.from_source(b.start, b.end)
    if extracted.source_map is not None:
        extracted.source_map = mapping.compose(extracted.source_map)
    else:
        extracted.source_text = extracted.text
        extracted.source_map = mapping
    extracted.text = text
    extracted.encoding = scheme
    extracted.warnings.append(f"văn bản gõ bằng phông {scheme.upper()}: đã chuyển sang Unicode")
