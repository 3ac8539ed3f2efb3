"""Uploaded files: checked before anything reads them, stored by content.

Each file must have a supported extension, bytes that match it (magic bytes
for PDF, DOCX and DOC; text that is not binary for TXT, Markdown and HTML),
a size within the limit, and, for a DOCX, a sane ZIP package (the ingestion's
zip-bomb guard). A refused file raises :class:`Refused` with the HTTP status
and a message in Vietnamese that names the file.

A file kept is written to ``<data>/uploads/<sha256><ext>``: the name comes from
the bytes, never from the user, so no path a user sends reaches the file system.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import ERROR_CODES, IngestError
from ..ingest import FORMAT_TO_BACKEND
from ..ingest.docx import check_zip

CHUNK = 1 << 16
_MAGIC = {".pdf": (b"%PDF-",), ".docx": (b"PK\x03\x04",),
          ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), ".png": (b"\x89PNG\r\n\x1a\n",),
          ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
          ".tif": (b"II*\x00", b"MM\x00*"), ".tiff": (b"II*\x00", b"MM\x00*")}
_BINARY = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x7fELF", b"MZ", b"\x89PNG",
           b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")


class Refused(Exception):
    """An upload the server will not take: HTTP status and Vietnamese message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Upload:
    name: str  # the user's file name, for display only (escaped wherever shown)
    sha256: str
    ext: str
    size: int
    path: Path


def display_name(name: str | None) -> str:
    """The last part of a user's file name, without control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable()).strip()
    return base[:200] or "(không tên)"


def save_upload(stream: BinaryIO, name: str | None, folder: Path, max_bytes: int) -> Upload:
    """Check one uploaded file and store it under ``folder`` (see module docstring)."""
    shown = display_name(name)
    ext = Path(shown).suffix.lower()
    if ext not in FORMAT_TO_BACKEND:
        supported = ", ".join(sorted(FORMAT_TO_BACKEND))
        raise Refused(415, f"Tệp «{shown}»: định dạng không được hỗ trợ (hỗ trợ: {supported}).")
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            head = b""
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise Refused(413, f"Tệp «{shown}» quá lớn: giới hạn "
                                       f"{max_bytes // (1024 * 1024)} MB mỗi tệp.")
                if len(head) < 4096:
                    head += chunk[:4096 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        _check_content(shown, ext, head, size, Path(tmp))
        sha = digest.hexdigest()
        final = folder / f"{sha}{ext}"
        os.replace(tmp, final)
        return Upload(shown, sha, ext, size, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_content(shown: str, ext: str, head: bytes, size: int, path: Path) -> None:
    if size == 0:
        raise Refused(422, f"Tệp «{shown}» rỗng.")
    magic = _MAGIC.get(ext)
    if magic is not None:
        if not head.startswith(magic):  # a tuple: any of the shapes
            raise Refused(415, f"Tệp «{shown}»: nội dung không phải tệp {ext} "
                               "(phần mở đầu của tệp không khớp với phần mở rộng).")
    elif b"\x00" in head or head.startswith(_BINARY):
        raise Refused(415, f"Tệp «{shown}»: tệp {ext} phải là văn bản, tệp này là tệp nhị phân.")
    if ext == ".docx":
        try:
            check_zip(path, path.read_bytes())
        except IngestError as err:
            status = 413 if err.code == "zip_bomb" else 415
            raise Refused(status, f"Tệp «{shown}»: {ERROR_CODES[err.code]}"
                                  + (f" ({err.detail})." if err.detail else ".")) from err
