"""Bad input: one clear error naming the file and the problem, exit code 2, no
traceback; the error type carries what a batch needs to record and go on."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extract.errors import IngestError
from extract.ingest import load

ROOT = Path(__file__).resolve().parent.parent
KEHOACH = [sys.executable, "-m", "extract.cli"]


def _pdf_bytes(**kwargs) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kwargs)
    c.drawString(72, 720, "Ke hoach so 12/KH-UBND")
    c.save()
    return buf.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (64 * 1024 * 1024))
    return buf.getvalue()


CASES = [
    ("empty.txt", b"", "empty"),
    ("random.pdf", os.urandom(4096), "corrupt"),
    ("random.docx", os.urandom(4096), "corrupt"),
    ("truncated.pdf", None, "corrupt"),
    ("locked.pdf", None, "encrypted"),
    ("bomb.docx", None, "zip_bomb"),
    ("plan.xyz", b"Ke hoach", "unsupported"),
    ("english.txt", b"The quick brown fox jumps over the lazy dog. " * 20, "not_vietnamese"),
    ("whitespace.txt", b" \n\n\t \n", "empty"),
]


def _data(name: str, data: bytes | None) -> bytes:
    if data is not None:
        return data
    if name == "truncated.pdf":
        full = _pdf_bytes()
        return full[: len(full) // 3]
    if name == "locked.pdf":
        return _pdf_bytes(encrypt="mat-khau")
    if name == "bomb.docx":
        return _zip_bomb()
    raise AssertionError(name)


@pytest.mark.parametrize("name,data,code", CASES, ids=[c[0] for c in CASES])
def test_bad_file_raises_ingest_error_naming_file_and_problem(tmp_path, name, data, code):
    path = _write(tmp_path, name, _data(name, data))
    with pytest.raises(IngestError) as info:
        load(path)
    err = info.value
    assert err.code == code
    assert name in str(err)
    assert err.to_dict()["path"] == str(path)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(IngestError) as info:
        load(tmp_path / "khong-co.txt")
    assert info.value.code == "not_found"


def test_file_over_size_limit_is_refused(tmp_path):
    path = _write(tmp_path, "big.txt", "Kế hoạch phòng, chống ma túy. ".encode() * 100)
    with pytest.raises(IngestError) as info:
        load(path, max_bytes=1000)
    assert info.value.code == "too_large"


@pytest.mark.parametrize("name,data,code", CASES[:6], ids=[c[0] for c in CASES[:6]])
def test_cli_prints_one_line_and_exits_2_without_traceback(tmp_path, name, data, code):
    path = _write(tmp_path, name, _data(name, data))
    res = subprocess.run([*KEHOACH, "text", str(path)], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and code in lines[0]


def test_a_bad_file_does_not_affect_the_next_one(tmp_path, corpus_dir):
    bad = _write(tmp_path, "bad.pdf", os.urandom(100))
    good = next(corpus_dir.glob("*.txt"))
    results = []
    for p in (bad, good):
        try:
            results.append(load(p).text[:10])
        except IngestError as err:
            results.append(err.code)
    assert results[0] == "corrupt" and len(results[1]) == 10
