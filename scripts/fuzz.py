"""Fuzz run (not a test): mutated files made from the corpus, each read by the
batch's worker function (`extract.corpus.batch.process_file`, the whole pipeline)
in a worker process with a time limit and a memory limit. Every outcome must be
a Plan or the documented IngestError; anything else (an `internal` error, a
worker that dies, a time-out) is counted and listed.

    .venv/bin/python scripts/fuzz.py [--inputs 10000] [--workers 2] [--seed 1]
                                     [--timeout 60] [--memory-mb 2048] [--ocr-pages 0]

Mutations: byte flips, truncation, inserted junk, shuffled and dropped ZIP
members, XML entity expansion ("billion laughs") in a DOCX, a huge table, deeply
nested lists (HTML and DOCX), a PDF with 10 000 pages, very long lines, UTF-16
with lone surrogates, random Unicode, empty and tiny files. OCR is off by
default (``--ocr-pages 0``, the pipeline's $KEHOACH_OCR_PAGES) so that a mutated
PDF whose text layer is gone does not cost seconds a page; ``--ocr-pages 2``
fuzzes the OCR path too. Writes a JSON summary to ``--out`` when given.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted([*(ROOT / "corpus" / "raw").glob("*.*"), *(ROOT / "corpus" / "oddities").glob("*.*"),
                *(ROOT / "corpus" / "scans").glob("*.pdf")])
DOCUMENTED = {"not_found", "empty", "too_large", "unsupported", "corrupt", "encrypted",
              "zip_bomb", "no_text_layer", "not_vietnamese", "undecodable", "converter_missing"}


# -- mutations ------------------------------------------------------------------------


def flip(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(max(1, len(data)))]


def junk(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + os.urandom(rng.randint(1, 4096)) + data[at:]


def zip_members(data: bytes, rng: random.Random) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            items = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    except zipfile.BadZipFile:
        return flip(data, rng)
    rng.shuffle(items)
    if items and rng.random() < 0.5:
        items.pop(rng.randrange(len(items)))
    if items and rng.random() < 0.5:
        k = rng.randrange(len(items))
        items[k] = (items[k][0], flip(items[k][1], rng))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in items:
            zf.writestr(name, content)
    return out.getvalue()


def _docx(document_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="xml" ContentType='
                    '"application/xml"/><Override PartName="/word/document.xml" ContentType='
                    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
                    'main+xml"/></Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                    'officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", document_xml)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def billion_laughs(rng: random.Random) -> bytes:
    ents = '<!ENTITY a0 "Kế hoạch phòng chống ma túy năm 2025 ">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return _docx(f'<?xml version="1.0"?><!DOCTYPE w:document [{ents}]><w:document {W}>'
                 '<w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>')


def huge_table(rng: random.Random) -> bytes:
    rows = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>Xã {i}</w:t></w:r></w:p></w:tc><w:tc><w:p>"
                   f"<w:r><w:t>{i % 100}% hộ gia đình</w:t></w:r></w:p></w:tc></w:tr>"
                   for i in range(rng.choice([2000, 20000])))
    return _docx(f'<?xml version="1.0"?><w:document {W}><w:body><w:tbl>{rows}</w:tbl>'
                 "</w:body></w:document>")


def nested_docx(rng: random.Random) -> bytes:
    depth = rng.choice([50, 500, 3000])
    cell = "<w:p><w:r><w:t>Ủy ban nhân dân xã chủ trì</w:t></w:r></w:p>"
    inner = cell
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>{cell}"
    return _docx(f'<?xml version="1.0"?><w:document {W}><w:body>{inner}</w:body></w:document>')


def nested_html(rng: random.Random) -> bytes:
    depth = rng.choice([100, 1000, 20000])
    return ("<html><body>" + "<ul><li>Kế hoạch 80% xã" * depth + "</li></ul>" * depth +
            "</body></html>").encode()


def many_pages_pdf(rng: random.Random) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(rng.choice([10000, 2500])):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def long_line(rng: random.Random) -> bytes:
    return ("Kế hoạch đạt 90% xã, " * rng.choice([20000, 120000])).encode()


def lone_surrogates(rng: random.Random) -> bytes:
    text = "Kế hoạch \ud800 năm 2025 \udfff đạt 80% \ud83d xã"
    return b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass") * rng.randint(1, 200)


def random_unicode(rng: random.Random) -> bytes:
    chars = [chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randint(0, 5000))]
    return "".join(chars).encode("utf-8", "replace")


MAKERS = {"billion_laughs.docx": billion_laughs, "huge_table.docx": huge_table,
          "nested.docx": nested_docx, "nested.html": nested_html,
          "many_pages.pdf": many_pages_pdf, "long_line.txt": long_line,
          "surrogates.txt": lone_surrogates, "unicode.txt": random_unicode,
          "empty.txt": lambda rng: b"", "tiny.pdf": lambda rng: b"%PDF-1.4\n%%EOF"}
MUTATORS = [flip, truncate, junk]


def make_inputs(n: int, seed: int, folder: Path) -> list[tuple[Path, str]]:
    rng = random.Random(seed)
    seeds = [(p, p.read_bytes()) for p in SEEDS]
    out = []
    for i in range(n):
        if rng.random() < 0.08:
            name, maker = rng.choice(sorted(MAKERS.items()))
            kind, data = f"make:{name}", maker(rng)
            suffix = "." + name.rsplit(".", 1)[1]
        else:
            src, data = rng.choice(seeds)
            mutate = zip_members if src.suffix == ".docx" and rng.random() < 0.4 else \
                rng.choice(MUTATORS)
            kind, data = f"{mutate.__name__}:{src.suffix}", mutate(data, rng)
            suffix = src.suffix
        path = folder / f"f{i:05d}{suffix}"
        path.write_bytes(data)
        out.append((path, kind))
    return out


# -- running ----------------------------------------------------------------------------


def _limits(memory_mb: int, ocr_pages: int) -> None:
    os.environ["KEHOACH_OCR_PAGES"] = str(ocr_pages)
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))


def run_one(path: str, timeout_s: int) -> dict:
    from extract.corpus.batch import process_file

    t = time.perf_counter()
    result = process_file(path, "fuzz", timeout_s)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    code = "plan" if result["ok"] else result["record"]["code"]
    message = "" if result["ok"] else result["record"]["message"][:300]
    return {"code": code, "message": message, "seconds": time.perf_counter() - t, "rss": rss}


def fuzz(n: int, seed: int, workers: int, timeout_s: int, memory_mb: int, ocr_pages: int
         ) -> dict:
    with tempfile.TemporaryDirectory(prefix="kehoach-fuzz-") as tmp:
        inputs = make_inputs(n, seed, Path(tmp))
        outcomes: Counter[str] = Counter()
        bad: list[dict] = []
        slowest = 0.0
        peak = 0.0
        t0 = time.perf_counter()
        pending = list(range(len(inputs)))
        while pending:
            # forkserver: fresh workers, so the memory limit measures the input's
            # own use, not what a parent (a test runner) had already mapped
            with ProcessPoolExecutor(max_workers=workers, initializer=_limits,
                                     initargs=(memory_mb, ocr_pages),
                                     mp_context=multiprocessing.get_context("forkserver")
                                     ) as pool:
                futures = {pool.submit(run_one, str(inputs[i][0]), timeout_s): i for i in pending}
                pending = []
                try:
                    for fut in as_completed(futures):
                        i = futures[fut]
                        r = fut.result()
                        outcomes[r["code"]] += 1
                        slowest, peak = max(slowest, r["seconds"]), max(peak, r["rss"])
                        if r["code"] not in DOCUMENTED and r["code"] != "plan":
                            bad.append({"input": inputs[i][1], "code": r["code"],
                                        "message": r["message"]})
                except BrokenProcessPool:
                    # a worker died (crash or memory): count the inputs it held, go on
                    done = {futures[f] for f in futures if f.done() and not f.exception()}
                    for f, i in futures.items():
                        if f.done() and f.exception() is not None:
                            outcomes["worker_died"] += 1
                            bad.append({"input": inputs[i][1], "code": "worker_died",
                                        "message": str(f.exception())[:300]})
                        elif i not in done:
                            pending.append(i)
        seconds = time.perf_counter() - t0
    crashes = sum(v for k, v in outcomes.items() if k not in DOCUMENTED and k != "plan")
    return {"inputs": n, "seed": seed, "seconds": round(seconds, 1), "outcomes": dict(outcomes),
            "crashes": crashes, "hangs": outcomes.get("timeout", 0),
            "slowest_s": round(slowest, 2), "peak_worker_rss_mb": round(peak),
            "ocr_pages": ocr_pages, "bad": bad[:50]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--inputs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--memory-mb", type=int, default=2048)
    ap.add_argument("--ocr-pages", type=int, default=0)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    summary = fuzz(args.inputs, args.seed, args.workers, args.timeout, args.memory_mb,
                   args.ocr_pages)
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    sys.exit(1 if summary["crashes"] or summary["hangs"] else 0)


if __name__ == "__main__":
    main()
