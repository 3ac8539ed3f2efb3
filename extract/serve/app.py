"""The review web application (FastAPI): upload a parent and its children, read
the findings beside both texts, confirm or dismiss each, download the memo.

Pages are Jinja2 templates (autoescaped), one stylesheet and one script served
from the package, nothing from a CDN. Every response carries a
Content-Security-Policy without inline scripts. A POST from another site's page
(its ``Origin`` is not this server) is refused. See :func:`create_app`.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from schemas import Plan

from ..compliance.report import matrix_docx, matrix_rows, to_docx, to_markdown
from ..corpus.batch import DEFAULT_TIMEOUT_S
from .jobs import Runner, load_reports
from .store import Store
from .uploads import Refused, Upload, save_upload
from .views import evidence_marks, finding_views, marked_text, reviewed

HERE = Path(__file__).resolve().parent
_REVIEW_ID = re.compile(r"[A-Za-z0-9_-]{8,32}")
_DOC_ID = re.compile(r"[0-9a-f]{64}")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# Swagger UI (served from the swagger-ui-bundle package) sets inline styles
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


@dataclass
class Settings:
    data_dir: Path
    batch_db: Path | None = None
    max_mb: int = 20
    max_files: int = 50
    workers: int = 1
    timeout_s: int = DEFAULT_TIMEOUT_S

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 1024 * 1024


class _Page(Exception):
    """A refusal shown as a page (or JSON for the API) with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def create_app(settings: Settings) -> FastAPI:
    """The application; its runner starts on the first request's lifespan."""
    store = Store(settings.data_dir / "kehoach-review.sqlite")
    uploads = settings.data_dir / "uploads"
    runner = Runner(store, uploads, workers=settings.workers, timeout_s=settings.timeout_s)
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        runner.warm()
        runner.start_interrupted()
        yield
        runner.shutdown()
        store.close()

    app = FastAPI(title="kehoach: rà soát kế hoạch", docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  description="Rà soát kế hoạch cấp dưới so với kế hoạch cấp trên.")
    app.state.store, app.state.runner, app.state.settings = store, runner, settings
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _mount_swagger(app)

    @app.middleware("http")
    async def guard(request: Request, call_next):  # type: ignore[no-untyped-def]
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin and origin not in ("null",) and \
                    origin.split("://", 1)[-1] != request.headers.get("host"):
                return _refusal(request, templates, 403,
                                "Yêu cầu đến từ một trang khác, không được chấp nhận.")
            length = request.headers.get("content-length")
            limit = settings.max_bytes * (settings.max_files + 1) + (1 << 20)
            if length and length.isdigit() and int(length) > limit:
                return _refusal(request, templates, 413,
                                f"Dữ liệu tải lên quá lớn: tối đa {settings.max_mb} MB mỗi tệp, "
                                f"{settings.max_files} tệp cấp dưới.")
        response = await call_next(request)
        docs = request.url.path.startswith(("/docs", "/swagger-ui"))
        response.headers["Content-Security-Policy"] = CSP_DOCS if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(_Page)
    async def page_error(request: Request, exc: _Page) -> Response:
        return _refusal(request, templates, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def bad_fields(request: Request, exc: RequestValidationError) -> Response:
        names = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        return _refusal(request, templates, 422, "Thiếu trường hoặc trường không hợp lệ: "
                        + (", ".join(names) or "không rõ") + ".")

    # -- pages ------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> Response:
        return templates.TemplateResponse(request, "index.html", {
            "reviews": store.reviews(), "batch": _batch_documents(settings.batch_db),
            "max_mb": settings.max_mb, "max_files": settings.max_files})

    @app.post("/check", include_in_schema=False)
    def check_form(parent: UploadFile | None = File(None),
                   child: list[UploadFile] | None = File(None),
                   parent_id: str | None = Form(None),
                   child_id: list[str] | None = Form(None)) -> Response:
        review_id = _new_review(parent, child, parent_id, child_id)
        runner.submit(review_id)
        return RedirectResponse(f"/reviews/{review_id}", status_code=303)

    @app.get("/reviews/{review_id}", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request, review_id: str, child: int = 0) -> Response:
        review = _review(review_id)
        reports = load_reports(store, review_id)
        ctx: dict[str, Any] = {"review": review, "reports": reports, "child": child,
                               "matrix": None, "view": None}
        if review["status"] != "running":
            parent = _plan(review["parent"])
            ok = [r for r in reports if not isinstance(r, str)]
            if parent is not None and len(reports) > 1 and ok:
                ctx["matrix"] = _matrix(parent, reports, review["child_names"])
            if parent is not None and 0 <= child < len(reports):
                ctx["view"] = _child_view(review, parent, reports[child], child)
        return templates.TemplateResponse(request, "review.html", ctx)

    @app.post("/reviews/{review_id}/children/{child}/findings/{finding}",
              include_in_schema=False)
    def decide(review_id: str, child: int, finding: int, action: str = Form(...),
               reason: str = Form(""), comment: str = Form("")) -> Response:
        report = _report(review_id, child)
        if not 0 <= finding < len(report.findings):
            raise _Page(404, "Không có phát hiện này trong báo cáo.")
        reason, comment = reason.strip()[:1000], comment.strip()[:4000]
        if action == "confirm":
            store.decide(review_id, child, finding, decision="confirmed")
        elif action == "dismiss":
            if not reason:
                raise _Page(422, "Cần ghi lý do bác bỏ phát hiện.")
            store.decide(review_id, child, finding, decision="dismissed", reason=reason)
        elif action == "comment":
            old = store.decisions(review_id, child).get(finding, {})
            store.decide(review_id, child, finding, decision=old.get("decision"),
                         reason=old.get("reason"), comment=comment)
        elif action == "reset":
            store.decide(review_id, child, finding, decision=None)
        else:
            raise _Page(422, "Thao tác không hợp lệ.")
        return RedirectResponse(f"/reviews/{review_id}?child={child}#f-{finding}",
                                status_code=303)

    # -- downloads ----------------------------------------------------------------------

    @app.get("/reviews/{review_id}/children/{child}/bien-ban.docx", include_in_schema=False)
    def memo(review_id: str, child: int) -> Response:
        report = reviewed(_report(review_id, child), store.decisions(review_id, child))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bien-ban.docx"
            to_docx(report, path)
            data = path.read_bytes()
        return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document", headers=_attachment(
                            f"bien-ban-ra-soat-{review_id}-{child + 1}.docx"))

    @app.get("/reviews/{review_id}/ma-tran.docx", include_in_schema=False)
    def matrix_memo(review_id: str) -> Response:
        review = _review(review_id)
        parent = _plan(review["parent"])
        ok = [reviewed(r, store.decisions(review_id, k))
              for k, r in enumerate(load_reports(store, review_id)) if not isinstance(r, str)]
        if parent is None or not ok:
            raise _Page(404, "Chưa có báo cáo cho lượt rà soát này.")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "ma-tran.docx"
            matrix_docx(parent, ok, path)
            data = path.read_bytes()
        return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document",
                        headers=_attachment(f"ma-tran-tuan-thu-{review_id}.docx"))

    @app.get("/reviews/{review_id}/children/{child}/bao-cao.md", include_in_schema=False)
    def markdown(review_id: str, child: int) -> Response:
        report = reviewed(_report(review_id, child), store.decisions(review_id, child))
        return Response(to_markdown(report), media_type="text/markdown; charset=utf-8",
                        headers=_attachment(f"bao-cao-ra-soat-{review_id}-{child + 1}.md"))

    @app.get("/reviews/{review_id}/children/{child}/bao-cao.json", include_in_schema=False)
    def report_json(review_id: str, child: int) -> Response:
        report = reviewed(_report(review_id, child), store.decisions(review_id, child))
        return Response(report.model_dump_json(indent=2), media_type="application/json",
                        headers=_attachment(f"bao-cao-ra-soat-{review_id}-{child + 1}.json"))

    # -- API ------------------------------------------------------------------------------

    @app.post("/api/check", summary="Rà soát kế hoạch cấp dưới so với kế hoạch cấp trên",
              responses={413: {"description": "Tệp quá lớn hoặc quá nhiều tệp"},
                         415: {"description": "Định dạng không được hỗ trợ"},
                         422: {"description": "Thiếu trường hoặc không đọc được văn bản"}})
    def api_check(parent: UploadFile | None = File(None, description="Kế hoạch cấp trên"),
                  child: list[UploadFile] | None = File(
                      None, description="Kế hoạch cấp dưới (một hoặc nhiều)")) -> Response:
        """The compliance report of the contract for each child (a list when there
        are several); the review stays in the database, its page at ``Location``."""
        review_id = _new_review(parent, child, None, None)
        runner.submit(review_id).result()
        review = _review(review_id)
        if review["status"] == "failed":
            raise _Page(422, review["error"] or "Không rà soát được.")
        reports = load_reports(store, review_id)
        bad = [f"«{review['child_names'][k]}»: {r}" for k, r in enumerate(reports)
               if isinstance(r, str)]
        if bad:
            raise _Page(422, "Không đọc được: " + "; ".join(bad))
        body = [r.model_dump(mode="json") for r in reports if not isinstance(r, str)]
        return JSONResponse(body[0] if len(body) == 1 else body,
                            headers={"Location": f"/reviews/{review_id}"})

    @app.get("/api/reviews/{review_id}", summary="Tiến độ của một lượt rà soát")
    def api_review(review_id: str) -> dict[str, Any]:
        r = _review(review_id)
        return {"id": r["id"], "status": r["status"], "done": r["done"], "total": r["total"],
                "error": r["error"]}

    # -- helpers (closures over the store) ---------------------------------------------------

    def _new_review(parent: UploadFile | None, child: list[UploadFile] | None,
                    parent_id: str | None, child_id: list[str] | None) -> str:
        children = [c for c in (child or []) if c.filename]
        child_ids = [c for c in (child_id or []) if c]
        if parent is None or not parent.filename:
            if not parent_id:
                raise _Page(422, "Thiếu kế hoạch cấp trên: hãy chọn tệp kế hoạch cấp trên.")
        if not children and not child_ids:
            raise _Page(422, "Thiếu kế hoạch cấp dưới: hãy chọn ít nhất một tệp.")
        if len(children) + len(child_ids) > settings.max_files:
            raise _Page(413, f"Quá nhiều tệp cấp dưới: tối đa {settings.max_files} tệp.")
        try:
            if parent is not None and parent.filename:
                p = save_upload(parent.file, parent.filename, uploads, settings.max_bytes)
            else:
                p = _from_batch(parent_id or "")
            kids = [save_upload(c.file, c.filename, uploads, settings.max_bytes)
                    for c in children] + [_from_batch(d) for d in child_ids]
        except Refused as err:
            raise _Page(err.status, err.message) from err
        for u in (p, *kids):
            store.add_document(u.sha256, u.ext, u.size)
        review_id = secrets.token_urlsafe(9)
        store.add_review(review_id, p.sha256, p.name, [k.sha256 for k in kids],
                         [k.name for k in kids])
        return review_id

    def _from_batch(doc_id: str) -> Upload:
        """A document of the batch database, read from the path the batch recorded."""
        docs = {d["doc_id"]: d for d in _batch_documents(settings.batch_db)}
        if not _DOC_ID.fullmatch(doc_id) or doc_id not in docs:
            raise Refused(422, "Văn bản đã chọn không có trong cơ sở dữ liệu xử lý hàng loạt.")
        path = Path(docs[doc_id]["path"])
        try:
            with path.open("rb") as fh:
                return save_upload(fh, path.name, uploads, settings.max_bytes)
        except OSError as err:
            raise Refused(422, f"Không mở được tệp «{path.name}» của cơ sở dữ liệu: "
                               f"{err.strerror}.") from err

    def _review(review_id: str) -> dict[str, Any]:
        review = store.review(review_id) if _REVIEW_ID.fullmatch(review_id) else None
        if review is None:
            raise _Page(404, "Không tìm thấy lượt rà soát này.")
        return review

    def _report(review_id: str, child: int) -> Any:
        reports = load_reports(store, _review(review_id)["id"])
        if not 0 <= child < len(reports) or isinstance(reports[child], str):
            raise _Page(404, "Chưa có báo cáo cho kế hoạch này.")
        return reports[child]

    def _plan(sha256: str) -> Plan | None:
        doc = store.document(sha256)
        return Plan.model_validate_json(doc["plan"]) if doc and doc["plan"] else None

    def _child_view(review: dict[str, Any], parent: Plan, report: Any, k: int
                    ) -> dict[str, Any]:
        if isinstance(report, str):
            return {"error": report, "name": review["child_names"][k]}
        child = _plan(review["children"][k])
        parent_html, parent_anchors = marked_text(
            parent.text, evidence_marks(report.findings, "parent"), "p")
        child_html, child_anchors = marked_text(
            child.text if child else "", evidence_marks(report.findings, "child"), "c")
        decisions = store.decisions(review["id"], k)
        return {"error": None, "name": review["child_names"][k], "report": report,
                "findings": finding_views(report, decisions, parent_anchors, child_anchors),
                "parent_html": parent_html, "child_html": child_html,
                "dismissed": sum(d.get("decision") == "dismissed" for d in decisions.values())}

    return app


def _matrix(parent: Plan, reports: list[Any], names: list[str]) -> dict[str, Any]:
    ok = [(k, r) for k, r in enumerate(reports) if not isinstance(r, str)]
    rows = matrix_rows(parent, [r for _, r in ok])
    body = [{"child": k, "name": names[k], "cells": cells[1:]}
            for (k, _), cells in zip(ok, rows[1:])]
    failed = [{"child": k, "name": names[k], "error": r} for k, r in enumerate(reports)
              if isinstance(r, str)]
    return {"header": rows[0][1:], "rows": body, "failed": failed}


def _batch_documents(db: Path | None) -> list[dict[str, Any]]:
    """The documents of a batch database (read-only), for the picker."""
    if db is None or not db.exists():
        return []
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
        try:
            rows = con.execute("SELECT doc_id, path, title, issuer, date FROM documents "
                               "ORDER BY issuer, date, path LIMIT 2000").fetchall()
        finally:
            con.close()
    except duckdb.Error:
        return []
    return [dict(zip(("doc_id", "path", "title", "issuer", "date"), r)) for r in rows]


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def _refusal(request: Request, templates: Jinja2Templates, status: int, message: str
             ) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return templates.TemplateResponse(request, "error.html", {"message": message,
                                                              "status": status},
                                      status_code=status)


def _mount_swagger(app: FastAPI) -> None:
    """/docs: Swagger UI from the swagger-ui-bundle package (offline), started by
    a script file rather than FastAPI's inline one (the CSP forbids inline)."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/swagger-ui", StaticFiles(directory=swagger_ui_path), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            "<title>kehoach API</title>"
            '<link rel="stylesheet" href="/swagger-ui/swagger-ui.css"></head><body>'
            '<div id="swagger-ui"></div>'
            '<script src="/swagger-ui/swagger-ui-bundle.js"></script>'
            '<script src="/static/docs.js"></script></body></html>')

