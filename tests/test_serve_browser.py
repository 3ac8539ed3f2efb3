"""The review page in a real headless browser (Debian's Chromium driven by
Playwright) against a live `kehoach serve` (uvicorn on 127.0.0.1, extraction in
a worker process): upload a pair, read the findings, click one and see both
texts scroll to its evidence, move with j/k, dismiss one and see it gone from
the downloaded memo; markup inside a document never runs; an oversize upload
shows its message. `make test` installs Chromium.

Set KEHOACH_SCREENSHOT=docs/review-page.png to keep the screenshot the README shows.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import docx
import pytest
import uvicorn

from extract.serve.app import Settings, create_app

ROOT = Path(__file__).resolve().parent.parent
PARENT = ROOT / "corpus" / "raw" / "kh-ubnd-quan-kien-an-2023-phong-chong-mai-dam.txt"
CHILD = ROOT / "corpus" / "pairs" / "kien-an-phuong-bac-son" / "child.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("serve")
    port = _free_port()
    app = create_app(Settings(data_dir=data, max_mb=1, workers=1))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "Chromium is missing: run `make test` (it installs it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _upload(page, base: str, parent: Path, *children: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/")
    page.set_input_files("#parent", str(parent))
    page.set_input_files("#child", [str(c) for c in children])
    page.click("#run")
    page.wait_for_selector("#findings", timeout=120_000)  # the page polls, then reloads


def _in_view(page, box: str, mark_id: str) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("""([box, id]) => {
        const b = document.querySelector(box).getBoundingClientRect();
        const m = document.getElementById(id).getBoundingClientRect();
        return m.top >= b.top && m.bottom <= b.bottom; }""", [box, mark_id])


def test_review_loop_click_scroll_keys_dismiss_and_memo(server: str, browser, tmp_path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    _upload(page, server, PARENT, CHILD)
    assert page.locator("article.finding.error").count() >= 1
    assert "Thấp hơn cấp trên" in page.inner_text("#findings")
    # a finding with evidence in both texts, far enough down that they must scroll
    rows = page.locator("article.finding")
    target = None
    for i in range(rows.count()):
        row = rows.nth(i)
        p_id, c_id = row.get_attribute("data-parent"), row.get_attribute("data-child")
        if p_id and c_id and "target_weaker" not in (row.get_attribute("class") or ""):
            if not _in_view(page, "#parent-text", p_id) or not _in_view(page, "#child-text", c_id):
                target = row
                break
    assert target is not None, "no finding whose evidence starts out of view"
    target.click(position={"x": 5, "y": 5})
    assert "selected" in (target.get_attribute("class") or "")
    assert _in_view(page, "#parent-text", p_id) and _in_view(page, "#child-text", c_id)
    assert page.locator(f"#{p_id}.active").count() == 1
    # keyboard: j selects the next finding
    before = target.get_attribute("id")
    page.keyboard.press("j")
    selected = page.locator("article.finding.selected")
    assert selected.count() == 1 and selected.get_attribute("id") != before
    page.keyboard.press("k")
    assert page.locator("article.finding.selected").get_attribute("id") == before

    shot = os.environ.get("KEHOACH_SCREENSHOT") or str(tmp_path / "review-page.png")
    page.screenshot(path=shot)
    assert Path(shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # dismiss the first error with a reason: marked on the page, gone from the memo
    first = page.locator("article.finding.error").first
    fid = first.get_attribute("id")
    message = first.locator(".message").inner_text()
    first.locator("details.dismiss summary").click()
    first.locator("details.dismiss input[name=reason]").fill("Đã được điều chỉnh ở văn bản khác")
    first.locator("details.dismiss button").click()
    page.wait_for_selector(f"#{fid}.dismissed")
    assert "Lý do bác bỏ: Đã được điều chỉnh" in page.inner_text(f"#{fid}")
    with page.expect_download() as info:
        page.click("#memo")
    memo = docx.Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    cells = "\n".join(c.text for t in memo.tables for r in t.rows for c in r.cells)
    assert message not in cells
    assert "Thấp hơn cấp trên" in cells or "Thiếu chỉ tiêu" in cells
    page.close()


def test_markup_in_a_document_never_runs(server: str, browser, tmp_path: Path):
    child = tmp_path / "con-doc-hai.txt"
    child.write_text(CHILD.read_text(encoding="utf-8") +
                     "\n<script>window.pwned = 1</script>\n"
                     "<img src=x onerror=\"window.pwned=2\">\n",
                     encoding="utf-8")
    page = browser.new_page()
    _upload(page, server, PARENT, child)
    assert page.evaluate("() => window.pwned === undefined")
    assert "<script>window.pwned = 1</script>" in page.inner_text("#child-text")
    assert page.locator("#child-text img").count() == 0
    page.close()


def test_oversize_upload_shows_the_message(server: str, browser, tmp_path: Path):
    big = tmp_path / "qua-lon.txt"
    big.write_text("Kế hoạch thực hiện nhiệm vụ năm 2024. " * 40000, encoding="utf-8")  # > 1 MB
    page = browser.new_page()
    page.goto(server + "/")
    page.set_input_files("#parent", str(PARENT))
    page.set_input_files("#child", [str(big)])
    with page.expect_response(lambda r: r.url.endswith("/check")) as info:
        page.click("#run")
    assert info.value.status == 413
    message = page.inner_text("#message")
    assert "quá lớn" in message and "qua-lon.txt" in message
    page.close()
