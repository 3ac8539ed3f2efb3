"""Load benchmark of the review server (not a test): `kehoach serve` on
127.0.0.1 in its own process, N concurrent `POST /api/check` of the seed pair
(default 20), each child a different variant so every request extracts a new
document; reports how many answered (none may be lost), p50/p95/max latency and
the throughput, then that the server still answers a page.

    .venv/bin/python bench/bench_serve.py [--requests 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import CHILD, PARENT, variant  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2, help="the server's extraction processes")
    args = ap.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(11)
    text = CHILD.read_text(encoding="utf-8")
    children = [variant(text, rng) + f"\n(bản {i})\n" for i in range(args.requests + 1)]
    parent = PARENT.read_bytes()
    with tempfile.TemporaryDirectory() as data:
        exe = Path(sys.executable).with_name("kehoach")
        server = subprocess.Popen([str(exe), "serve", "--port", str(port), "--data", data,
                                   "--workers", str(args.workers)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(200):
                try:
                    httpx.get(base + "/", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)

            def one(i: int) -> tuple[int, float]:
                t = time.perf_counter()
                r = httpx.post(base + "/api/check", timeout=600, files=[
                    ("parent", ("cha.txt", parent)),
                    ("child", (f"con-{i:02d}.txt", children[i].encode()))])
                return r.status_code, time.perf_counter() - t

            cold = one(args.requests)  # starts the worker processes; not counted below
            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.requests) as pool:
                results = list(pool.map(one, range(args.requests)))
            wall = time.perf_counter() - t0
            alive = httpx.get(base + "/", timeout=10).status_code
        finally:
            server.terminate()
            server.wait(timeout=30)
    ok = [dt for code, dt in results if code == 200]
    lat = sorted(ok)
    p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))] if lat else float("nan")
    print(f"{args.requests} concurrent checks, server with {args.workers} extraction "
          f"process(es): {len(ok)} answered 200, {args.requests - len(ok)} lost or failed; "
          f"latency p50 {statistics.median(lat):.2f} s, p95 {p95:.2f} s, max {lat[-1]:.2f} s; "
          f"{args.requests / wall:.1f} checks/s; page after the load: HTTP {alive}; "
          f"first check after start (workers starting): {cold[1]:.2f} s")
    if len(ok) != args.requests or alive != 200:
        sys.exit(1)


if __name__ == "__main__":
    main()
