"""The HTML report in a real headless browser (Debian's Chromium driven by
Playwright): it loads, shows the findings, and document text that contains
<script> is shown, never executed. `make test` installs Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

from extract.compliance.check import check
from extract.compliance.report import to_html
from schemas import Plan
from schemas.plan import Metadata, Source, Target

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _plan(text: str, value: float, path: str) -> Plan:
    s = text.index("người nghiện")
    return Plan(source=Source(path=path, format="txt", sha256="0"), text=text,
                metadata=Metadata(doc_type="KE_HOACH", issuer="Ủy ban nhân dân huyện A"),
                targets=[Target(id="t1", text=text[s:s + 12], comparator=">=", value=value,
                                unit="percent", subject="người nghiện", span=(s, s + 12))])


def test_html_report_loads_shows_findings_and_never_runs_document_scripts(tmp_path: Path):
    assert CHROMIUM, "Chromium is missing: run `make test` (it installs it)"
    from playwright.sync_api import sync_playwright

    parent = _plan("Ít nhất 80% người nghiện được quản lý.", 80, "cha.txt")
    child = _plan("<script>window.pwned = 1</script> 70% người nghiện được quản lý. "
                  "<img src=x onerror=\"window.pwned=2\">", 70, "con.txt")
    page_file = tmp_path / "bao-cao.html"
    page_file.write_text(to_html(check(child, parent), child, parent), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        assert page.title() == "Báo cáo rà soát kế hoạch"
        rows = page.locator("#findings tbody tr")
        assert rows.count() >= 2
        assert page.locator("tr.finding.error").first.is_visible()
        assert "Thấp hơn cấp trên" in page.inner_text("#findings")
        assert page.evaluate("() => window.pwned === undefined")
        assert "<script>window.pwned = 1</script>" in page.inner_text(".cols")
        browser.close()
