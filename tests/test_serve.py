"""The review server over HTTP (FastAPI's TestClient): checks, refusals with
their status and Vietnamese message, decisions that survive a restart, and
downloads that leave dismissed findings out. The browser side is in
test_serve_browser.py."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from extract.serve.app import Settings, create_app
from schemas.compliance import ComplianceReport

ROOT = Path(__file__).resolve().parent.parent
PARENT = ROOT / "corpus" / "raw" / "kh-ubnd-quan-kien-an-2023-phong-chong-mai-dam.txt"
CHILD = ROOT / "corpus" / "pairs" / "kien-an-phuong-bac-son" / "child.txt"


def _client(data: Path, **kw: object) -> TestClient:
    return TestClient(create_app(Settings(data_dir=data, workers=0, **kw)))  # type: ignore[arg-type]


def _files(parent: Path = PARENT, *children: Path) -> list[tuple[str, tuple[str, bytes]]]:
    out = [("parent", (parent.name, parent.read_bytes()))]
    out += [("child", (c.name, c.read_bytes())) for c in (children or (CHILD,))]
    return out


def _wait(client: TestClient, review_id: str) -> dict:
    for _ in range(600):
        status = client.get(f"/api/reviews/{review_id}").json()
        if status["status"] != "running":
            return status
        time.sleep(0.05)
    raise AssertionError("the review never finished")


def _review(client: TestClient, files: list) -> str:
    r = client.post("/check", files=files, follow_redirects=False)
    assert r.status_code == 303, r.text
    review_id = r.headers["location"].rsplit("/", 1)[-1]
    assert _wait(client, review_id)["status"] == "done"
    return review_id


@pytest.fixture()
def client(tmp_path: Path):
    with _client(tmp_path / "data", max_mb=1) as c:
        yield c


def test_upload_form_check_and_review_page(client: TestClient):
    page = client.get("/")
    assert page.status_code == 200 and 'name="parent"' in page.text
    review_id = _review(client, _files())
    page = client.get(f"/reviews/{review_id}")
    assert page.status_code == 200
    report = ComplianceReport.model_validate(client.get(
        f"/reviews/{review_id}/children/0/bao-cao.json").json())
    weaker = [f for f in report.findings if f.kind == "target_weaker"]
    assert weaker, "the seed pair has weaker targets"
    assert weaker[0].message.replace("<", "&lt;").replace("'", "&#39;") in page.text
    # both texts on the page, the evidence of a finding marked in each
    assert 'id="parent-text"' in page.text and 'id="child-text"' in page.text
    assert 'id="p-' in page.text and 'id="c-' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/").text.count(review_id) >= 1  # listed among recent reviews


def test_api_check_returns_the_contract_report_one_or_a_list(client: TestClient):
    one = client.post("/api/check", files=_files())
    assert one.status_code == 200
    report = ComplianceReport.model_validate(one.json())
    assert report.summary.targets_total > 0
    assert one.headers["location"].startswith("/reviews/")
    two = client.post("/api/check", files=_files(PARENT, CHILD, PARENT))
    body = two.json()
    assert isinstance(body, list) and len(body) == 2
    assert ComplianceReport.model_validate(body[1]).summary.missing == 0  # parent vs itself
    assert "/api/check" in client.get("/openapi.json").json()["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert client.get("/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_missing_fields_are_422_with_a_message(client: TestClient):
    r = client.post("/check", files=[("child", ("con.txt", CHILD.read_bytes()))])
    assert r.status_code == 422 and "Thiếu kế hoạch cấp trên" in r.text
    r = client.post("/check", files=[("parent", ("cha.txt", PARENT.read_bytes()))])
    assert r.status_code == 422 and "Thiếu kế hoạch cấp dưới" in r.text
    r = client.post("/api/check", files=[("parent", ("cha.txt", PARENT.read_bytes()))])
    assert r.status_code == 422 and "Thiếu kế hoạch cấp dưới" in r.json()["detail"]


def test_too_large_and_unsupported_files_are_refused(client: TestClient):
    big = "Kế hoạch thực hiện. ".encode() * 60000  # 1.3 MB, the limit is 1 MB
    r = client.post("/check", files=[("parent", ("cha.txt", PARENT.read_bytes())),
                                     ("child", ("lon.txt", big))])
    assert r.status_code == 413 and "lon.txt" in r.text and "quá lớn" in r.text
    r = client.post("/check", files=[("parent", ("cha.exe", b"MZ\x90\x00")),
                                     ("child", ("con.txt", CHILD.read_bytes()))])
    assert r.status_code == 415 and "không được hỗ trợ" in r.text
    # the extension says PDF, the bytes say text
    r = client.post("/check", files=[("parent", ("cha.pdf", PARENT.read_bytes())),
                                     ("child", ("con.txt", CHILD.read_bytes()))])
    assert r.status_code == 415 and "cha.pdf" in r.text
    # text extension, binary bytes
    r = client.post("/check", files=[("parent", ("cha.txt", b"\x89PNG\r\n\x1a\n\x00\x00")),
                                     ("child", ("con.txt", CHILD.read_bytes()))])
    assert r.status_code == 415
    r = client.post("/check", files=[("parent", ("cha.txt", b"")),
                                     ("child", ("con.txt", CHILD.read_bytes()))])
    assert r.status_code == 422 and "rỗng" in r.text
    # nothing refused was kept, and the server still works
    assert not list((Path(client.app.state.settings.data_dir) / "uploads").glob("*.part"))
    assert client.get("/").status_code == 200


def test_docx_zip_bomb_is_refused(tmp_path: Path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"0" * (210 * 1024 * 1024))
    with _client(tmp_path / "data", max_mb=5) as c:
        r = c.post("/check", files=[("parent", ("bom.docx", buf.getvalue())),
                                    ("child", ("con.txt", CHILD.read_bytes()))])
    assert r.status_code == 413 and "bom.docx" in r.text and "giải nén" in r.text


def test_too_many_children_is_413(tmp_path: Path):
    with _client(tmp_path / "data", max_files=2) as c:
        r = c.post("/check", files=_files(PARENT, CHILD, CHILD, CHILD))
    assert r.status_code == 413 and "tối đa 2" in r.text


def test_a_user_file_name_never_reaches_the_file_system(client: TestClient, tmp_path: Path):
    files = [("parent", ("../../../../evil/cha.txt", PARENT.read_bytes())),
             ("child", ("..\\..\\con.txt", CHILD.read_bytes()))]
    review_id = _review(client, files)
    data = Path(client.app.state.settings.data_dir)
    stored = sorted(p.name for p in (data / "uploads").iterdir())
    assert all(len(name.split(".")[0]) == 64 for name in stored), stored
    assert not (tmp_path / "evil").exists()
    assert "cha.txt" in client.get(f"/reviews/{review_id}").text  # shown by its last part


def test_document_markup_is_escaped(client: TestClient, tmp_path: Path):
    child = tmp_path / "con.txt"
    child.write_text(CHILD.read_text(encoding="utf-8") +
                     "\n<script>window.pwned = 1</script><img src=x onerror=alert(1)>\n",
                     encoding="utf-8")
    review_id = _review(client, _files(PARENT, child))
    page = client.get(f"/reviews/{review_id}").text
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page


def test_cross_site_post_is_refused(client: TestClient):
    r = client.post("/check", files=_files(), headers={"Origin": "http://evil.example"})
    assert r.status_code == 403


def test_decisions_survive_a_restart_and_shape_the_downloads(tmp_path: Path):
    data = tmp_path / "data"
    with _client(data) as c:
        review_id = _review(c, _files())
        report = ComplianceReport.model_validate(
            c.get(f"/reviews/{review_id}/children/0/bao-cao.json").json())
        weak = next(i for i, f in enumerate(report.findings) if f.kind == "target_weaker")
        other = next(i for i, f in enumerate(report.findings)
                     if f.kind == "target_missing" and f.message != report.findings[weak].message)
        url = f"/reviews/{review_id}/children/0/findings"
        r = c.post(f"{url}/{weak}", data={"action": "dismiss", "reason": ""},
                   follow_redirects=False)
        assert r.status_code == 422 and "lý do" in r.text
        r = c.post(f"{url}/{weak}", data={"action": "dismiss", "reason": "Đã điều chỉnh"},
                   follow_redirects=False)
        assert r.status_code == 303
        c.post(f"{url}/{other}", data={"action": "confirm"})
        c.post(f"{url}/{other}", data={"action": "comment", "comment": "Đề nghị nâng lên 50%"})
        assert c.post(f"{url}/9999", data={"action": "confirm"}).status_code == 404
    with _client(data) as c:  # a new server on the same data folder
        page = c.get(f"/reviews/{review_id}").text
        assert "Lý do bác bỏ: Đã điều chỉnh" in page and "Đã xác nhận" in page
        memo = c.get(f"/reviews/{review_id}/children/0/bien-ban.docx")
        assert memo.status_code == 200
        text = "\n".join(cell.text for t in docx.Document(io.BytesIO(memo.content)).tables
                         for row in t.rows for cell in row.cells)
        assert report.findings[weak].message not in text
        assert report.findings[other].message in text and "Đề nghị nâng lên 50%" in text
        md = c.get(f"/reviews/{review_id}/children/0/bao-cao.md").text
        assert report.findings[weak].message not in md and "Đề nghị nâng lên 50%" in md
        kept = c.get(f"/reviews/{review_id}/children/0/bao-cao.json").json()
        assert len(kept["findings"]) == len(report.findings) - 1
        assert kept["summary"]["weaker"] == report.summary.weaker - 1


def test_an_unreadable_child_is_reported_and_the_others_checked(client: TestClient,
                                                                tmp_path: Path):
    # passes the upload checks, fails the reading: not a Vietnamese text
    bad = tmp_path / "english.txt"
    bad.write_text("This plan is written in English and nothing else. " * 40, encoding="utf-8")
    review_id = _review(client, _files(PARENT, CHILD, bad))
    page = client.get(f"/reviews/{review_id}").text
    assert 'id="matrix"' in page and "english.txt" in page
    assert "không phải tiếng Việt" in client.get(f"/reviews/{review_id}?child=1").text
    assert client.get(f"/reviews/{review_id}/children/0/bao-cao.json").status_code == 200
    assert client.get(f"/reviews/{review_id}/children/1/bao-cao.json").status_code == 404
    matrix = client.get(f"/reviews/{review_id}/ma-tran.docx")
    assert matrix.status_code == 200
    rows = docx.Document(io.BytesIO(matrix.content)).tables[0].rows
    assert len(rows) == 2  # the header and the one child that could be read


def test_a_running_review_shows_its_progress(client: TestClient):
    review_id = _review(client, _files())
    client.app.state.store._exec("UPDATE reviews SET status = 'running', done = 1 WHERE id = ?",
                                 (review_id,))
    page = client.get(f"/reviews/{review_id}").text
    assert '<progress id="progress" max="2" value="1"' in page
    assert client.get(f"/api/reviews/{review_id}").json() == {
        "id": review_id, "status": "running", "done": 1, "total": 2, "error": None}


def test_a_malformed_form_is_422_in_vietnamese(client: TestClient):
    r = client.post("/check", data={"parent": "không phải tệp", "child": "x"})
    assert r.status_code == 422 and ("Thiếu" in r.text or "không hợp lệ" in r.text)
    r = client.post(f"/reviews/{_review(client, _files())}/children/0/findings/0", data={})
    assert r.status_code == 422 and "action" in r.text


def test_unknown_review_is_404_in_vietnamese(client: TestClient):
    r = client.get("/reviews/khongcoid123")
    assert r.status_code == 404 and "Không tìm thấy" in r.text
    assert client.get("/reviews/..%2F..%2Fetc").status_code == 404


def test_interrupted_reviews_run_again_at_start(tmp_path: Path):
    data = tmp_path / "data"
    with _client(data) as c:
        review_id = _review(c, _files())
    store = create_app(Settings(data_dir=data)).state.store
    store._exec("UPDATE reviews SET status = 'running', done = 0 WHERE id = ?", (review_id,))
    store._exec("DELETE FROM review_reports WHERE review_id = ?", (review_id,))
    with _client(data) as c:
        assert _wait(c, review_id)["status"] == "done"
        assert c.get(f"/reviews/{review_id}/children/0/bao-cao.json").status_code == 200


def test_documents_picked_from_a_batch_database(tmp_path: Path):
    from extract.corpus.batch import run_batch

    result = run_batch([str(PARENT), str(CHILD)], tmp_path / "batch", workers=0)
    with _client(tmp_path / "data", batch_db=result.db) as c:
        page = c.get("/").text
        assert 'name="parent_id"' in page
        ids = {p.name: json.loads(line)["doc_id"] for p in (PARENT, CHILD) for line in
               (tmp_path / "batch" / "plans.jsonl").read_text(encoding="utf-8").splitlines()
               if json.loads(line)["source"]["path"].endswith(p.name)}
        r = c.post("/check", data={"parent_id": ids[PARENT.name], "child_id": ids[CHILD.name]},
                   follow_redirects=False)
        assert r.status_code == 303
        review_id = r.headers["location"].rsplit("/", 1)[-1]
        assert _wait(c, review_id)["status"] == "done"
        r = c.post("/check", data={"parent_id": "0" * 64, "child_id": ids[CHILD.name]})
        assert r.status_code == 422 and "không có trong cơ sở dữ liệu" in r.text
