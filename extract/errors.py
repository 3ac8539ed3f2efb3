"""The one error type for input kehoach cannot read.

Every backend raises :class:`IngestError` (never a bare exception) for a file it
cannot read: the CLI prints ``str(err)`` on one line and exits with code 2, and
the batch command records ``err.to_dict()`` in its errors table and goes on.
"""

from __future__ import annotations

from pathlib import Path

# Stable machine-readable codes, one per problem a user can act on.
ERROR_CODES = {
    "not_found": "không tìm thấy tệp",
    "empty": "tệp rỗng",
    "too_large": "tệp quá lớn",
    "unsupported": "định dạng không được hỗ trợ",
    "corrupt": "tệp hỏng hoặc không đúng định dạng",
    "encrypted": "tệp được mã hóa (có mật khẩu)",
    "zip_bomb": "tệp nén có kích thước giải nén bất thường",
    "no_text_layer": "PDF không có lớp văn bản (bản quét, cần OCR)",
    "not_vietnamese": "văn bản không phải tiếng Việt",
    "undecodable": "không nhận diện được bảng mã ký tự",
    "converter_missing": "thiếu công cụ chuyển đổi",
    "timeout": "quá thời gian xử lý",
}


class IngestError(Exception):
    """A file that cannot be read, with the file and the problem named."""

    def __init__(self, path: str | Path, code: str, detail: str = "") -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown ingest error code {code!r}")
        self.path = str(path)
        self.code = code
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        msg = f"{self.path}: {self.code}: {ERROR_CODES[self.code]}"
        return f"{msg} ({self.detail})" if self.detail else msg

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message": str(self)}
