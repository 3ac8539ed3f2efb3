"""Legacy Word (.doc) backend: convert to DOCX with LibreOffice headless, then
read it with the DOCX backend. Without LibreOffice, a clear error says how to
install it; it never tries to parse the binary format itself."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import IngestError
from . import docx
from .document import Extracted

_TIMEOUT_S = 120


def read(path: Path, data: bytes) -> Extracted:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise IngestError(path, "converter_missing",
                          "tệp .doc cần LibreOffice: cài gói libreoffice-writer-nogui "
                          "(apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        try:
            subprocess.run(
                # a profile of its own: two conversions at once (batch workers)
                # would otherwise fight over the user's LibreOffice profile
                [soffice, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                 "--headless", "--norestore", "--convert-to", "docx", "--outdir", tmp,
                 str(src)],
                check=True, capture_output=True, timeout=_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as err:
            raise IngestError(path, "timeout", "LibreOffice chuyển đổi quá lâu") from err
        except subprocess.CalledProcessError as err:
            raise IngestError(path, "corrupt", "LibreOffice không chuyển đổi được") from err
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise IngestError(path, "corrupt", "LibreOffice không tạo ra tệp DOCX")
        extracted = docx.read(path, out.read_bytes())
    extracted.format = "doc"
    return extracted
