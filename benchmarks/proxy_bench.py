"""Side-by-side latency, CPU, throughput and memory of `guardrail serve` on loopback.

    .venv/bin/python benchmarks/proxy_bench.py [--cases dev.jsonl] [--requests 300]

One run starts a fake OpenAI upstream (its own process), a minimal aiohttp passthrough
proxy (its own process) and ``guardrail serve`` (the real CLI, all shipped policies;
also with ``--workers 2`` as ``guardrail-w2``), then measures, against the same upstream
and exchanges:

- non-streaming latency at concurrency 1 (median, p90) and the median added over direct;
- CPU seconds per request of each proxy's process tree (from /proc, so client work is
  excluded; a multi-worker server counts its supervisor and every worker);
- throughput at concurrency 32;
- streamed time to first byte and to first content byte, added over direct;
- resident memory of each proxy after the run.

The exchanges rotate through the cases file (default: the dev corpus, if present); the
upstream answers each request with its case's response (chosen by an ``x-bench-case``
header, which both proxies forward). The machine is shared: keep runs short.

By default every exchange is sent once before measuring, so the figures are those of
exchanges the proxy has judged before (its per-text memoisation at its best). Two options
measure what is new to it instead:

- ``--fresh``: no warm-up pass over the cases, and every measured request of a target is
  an exchange that target has never seen (measurements take disjoint slices of the file);
- ``--turns``: each case is replayed as the agent loop that produced it: one exchange per
  assistant message of its history (the conversation up to it, and that message as the
  answer), in order, then the case itself. With ``--fresh`` this is the steady state of
  an agent loop: each answer and tool result is new, the history it re-sends is not.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
#: one cheap pattern policy: what the proxy itself costs, without the shipped detectors
_TRIVIAL_POLICY = """
id: bench-trivial
category: exfiltration
description: a single cheap pattern, to measure the proxy without the detectors' cost
detectors:
  - type: pattern
    patterns: ["zz-never-zz"]
"""
FALLBACK_CASE = {
    "request": {
        "model": "agent-model",
        "messages": [
            {"role": "system", "content": "You are the assistant of example.com's ops team."},
            {"role": "user", "content": "Summarise yesterday's deploy log for the team."},
        ],
    },
    "response": {
        "role": "assistant",
        "content": "Yesterday's deploy went out at 14:02; two canaries were rolled back "
        "after a latency alarm, the fix shipped at 15:40 and all checks are green.",
    },
}


# ------------------------------------------------------------------------------- roles


def _split(text: str, pieces: int) -> list[str]:
    if not text:
        return []
    size = max(1, -(-len(text) // pieces))
    return [text[i : i + size] for i in range(0, len(text), size)]


def run_upstream(port: int, cases_path: str, turns: bool) -> None:
    """A fake OpenAI server answering each request with its case's response."""
    from aiohttp import web

    cases = load_cases(cases_path, turns)

    async def chat(request: web.Request) -> web.StreamResponse:
        body = await request.json()
        case = cases[int(request.headers.get("x-bench-case", "0")) % len(cases)]
        msg = case["response"]
        finish = "tool_calls" if msg.get("tool_calls") else "stop"
        base = {"id": "chatcmpl-bench", "created": 1, "model": body.get("model", "m")}
        if not body.get("stream"):
            answer = {
                **base,
                "object": "chat.completion",
                "choices": [{"index": 0, "message": msg, "finish_reason": finish}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
            }
            return web.Response(body=json.dumps(answer).encode(), content_type="application/json")
        resp = web.StreamResponse(headers={"content-type": "text/event-stream"})
        await resp.prepare(request)

        def ev(delta: dict[str, Any], fin: str | None = None) -> bytes:
            chunk = {**base, "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "delta": delta, "finish_reason": fin}]}  # fmt: skip
            return b"data: " + json.dumps(chunk).encode() + b"\n\n"

        await resp.write(ev({"role": "assistant", "content": ""}))
        for piece in _split(msg.get("content") or "", 8):
            await resp.write(ev({"content": piece}))
        for k, tc in enumerate(msg.get("tool_calls") or []):
            fn = tc["function"]
            head = {"index": k, "id": tc["id"], "type": "function",
                    "function": {"name": fn["name"], "arguments": ""}}  # fmt: skip
            await resp.write(ev({"tool_calls": [head]}))
            for frag in _split(fn["arguments"], 6):
                await resp.write(
                    ev({"tool_calls": [{"index": k, "function": {"arguments": frag}}]})
                )
        await resp.write(ev({}, finish))
        await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
        return resp

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_get("/healthz", lambda r: web.json_response({"status": "ok"}))
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def run_passthrough(port: int, upstream: str) -> None:
    """The minimal aiohttp passthrough proxy the issue compares against."""
    import aiohttp
    from aiohttp import web

    session: dict[str, aiohttp.ClientSession] = {}
    hop = {"host", "content-length", "transfer-encoding", "connection"}

    async def chat(request: web.Request) -> web.StreamResponse:
        client = session.get("s")
        if client is None:
            client = session["s"] = aiohttp.ClientSession()
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in hop}
        async with client.post(upstream + "/chat/completions", data=body, headers=headers) as up:
            if up.headers.get("content-type", "").startswith("text/event-stream"):
                resp = web.StreamResponse(
                    status=up.status, headers={"content-type": "text/event-stream"}
                )
                await resp.prepare(request)
                async for chunk in up.content.iter_any():
                    await resp.write(chunk)
                await resp.write_eof()
                return resp
            data = await up.read()
            return web.Response(status=up.status, body=data, content_type="application/json")

    async def close(app: web.Application) -> None:
        if "s" in session:
            await session["s"].close()

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_get("/healthz", lambda r: web.json_response({"status": "ok"}))
    app.on_cleanup.append(close)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


# ------------------------------------------------------------------------------- measuring


def load_cases(path: str, turns: bool = False) -> list[dict[str, Any]]:
    cases = [FALLBACK_CASE]
    if path and Path(path).exists():
        with open(path, encoding="utf-8") as f:
            cases = [json.loads(line) for line in f if line.strip()]
    return [t for c in cases for t in agent_turns(c)] if turns else cases


def agent_turns(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The exchanges of the agent loop that led to ``case``, in order, ending with it."""
    request = case["request"]
    messages = request.get("messages") or []
    out = []
    for i, msg in enumerate(messages):
        if i and msg.get("role") == "assistant" and (msg.get("content") or msg.get("tool_calls")):
            answer = {k: msg[k] for k in ("role", "content", "tool_calls") if k in msg}
            out.append({"request": {**request, "messages": messages[:i]}, "response": answer})
    return [*out, case]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (workers of a multi-process server), from /proc."""
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue  # the thread or process ended meanwhile
    return tree


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and all its live descendants."""
    total = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants."""
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024 if total else float("nan")


def wait_ready(port: int, timeout: float = 60.0) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port}")


def wait_idle(pid: int, timeout: float = 60.0) -> None:
    """Until ``pid``'s process tree used under 5% of a core over half a second."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < 0.025:
            return


async def measure(
    url: str,
    cases: list[dict[str, Any]],
    order: range,
    concurrency: int,
    stream: bool,
    warm: range = range(20),
    pid: int | None = None,
) -> tuple[list[float], list[float], float, float]:
    """Latencies (or TTFB, first content byte), wall time and ``pid``'s CPU seconds for
    the requests of ``order`` (case positions, modulo the number of cases), after one
    request per ``warm`` (neither timed nor billed)."""
    import aiohttp

    def body(k: int) -> bytes:
        return json.dumps({**cases[k]["request"], "stream": stream}).encode()

    bodies = {k % len(cases): body(k % len(cases)) for k in order}
    lat: list[float] = []
    first_content: list[float] = []
    counter = iter(order)
    connector = aiohttp.TCPConnector(limit=concurrency)

    async def worker(session: aiohttp.ClientSession) -> None:
        for i in counter:
            k = i % len(cases)
            headers = {"content-type": "application/json", "x-bench-case": str(k),
                       "authorization": "Bearer sk-bench"}  # fmt: skip
            t0 = time.perf_counter()
            async with session.post(url, data=bodies[k], headers=headers) as r:
                if not stream:
                    await r.read()
                    lat.append(time.perf_counter() - t0)
                    continue
                seen_first = seen_content = False
                async for chunk in r.content.iter_any():
                    now = time.perf_counter() - t0
                    if not seen_first:
                        lat.append(now)
                        seen_first = True
                    if not seen_content and _CONTENT.search(chunk):
                        first_content.append(now)
                        seen_content = True

    async with aiohttp.ClientSession(connector=connector) as session:
        # warm the connection pool (and, unless --fresh, the proxies' caches)
        for k in warm:
            k %= len(cases)
            async with session.post(url, data=body(k), headers={"x-bench-case": str(k)}) as r:
                await r.read()
        cpu0 = cpu_seconds(pid) if pid else 0.0
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        wall = time.perf_counter() - t0
        cpu = cpu_seconds(pid) - cpu0 if pid else float("nan")
    return lat, first_content, wall, cpu


_CONTENT = re.compile(rb'"(?:content|arguments)": ?"[^"]')


def ms(values: list[float], q: float = 0.5) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", default=str(DEV), help="JSONL exchanges (default: dev corpus)")
    ap.add_argument("--requests", type=int, default=300, help="requests per measurement")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure every target this many times, interleaved, and report each figure's "
        "median (the machine is shared: one round is noisy)",
    )
    ap.add_argument(
        "--fresh",
        action="store_true",
        help="measure only exchanges each target has never judged (no warm-up pass)",
    )
    ap.add_argument(
        "--turns", action="store_true", help="replay each case as its agent loop's turns"
    )
    ap.add_argument("--guardrail", default=str(ROOT / ".venv" / "bin" / "guardrail"))
    ap.add_argument("--role", choices=("upstream", "passthrough"), help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--upstream", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.role == "upstream":
        run_upstream(args.port, args.cases, args.turns)
        return 0
    if args.role == "passthrough":
        run_passthrough(args.port, args.upstream)
        return 0

    cases = load_cases(args.cases, args.turns)
    me = [sys.executable, __file__, "--cases", args.cases, *(["--turns"] if args.turns else [])]
    n = args.requests
    # --fresh: the last 20 cases only warm connections; each target walks the rest once
    warm = range(len(cases) - 20, len(cases)) if args.fresh else range(20)
    if args.fresh and 6 * n * args.repeat > len(cases) - 20:
        print(f"--fresh needs {6 * n * args.repeat + 20} cases, the file gives {len(cases)}: "
              f"lower --requests or --repeat", file=sys.stderr)  # fmt: skip
        return 2
    up_port, pt_port, gr_port, min_port = free_port(), free_port(), free_port(), free_port()
    w2_port = free_port()
    trivial = Path(tempfile.mkdtemp(prefix="guardrail-bench-")) / "trivial.yaml"
    trivial.write_text(_TRIVIAL_POLICY)
    upstream = f"http://127.0.0.1:{up_port}/v1"
    env = {**os.environ, "GUARDRAIL_LOG_LEVEL": "error"}
    procs = {
        "upstream": subprocess.Popen([*me, "--role", "upstream", "--port", str(up_port)]),
        "passthrough": subprocess.Popen(
            [*me, "--role", "passthrough", "--port", str(pt_port), "--upstream", upstream]
        ),
        "guardrail": subprocess.Popen(
            [args.guardrail, "serve", "--port", str(gr_port), "--upstream-base-url", upstream],
            env=env,
            stderr=subprocess.DEVNULL,
        ),
        "guardrail-w2": subprocess.Popen(
            [
                args.guardrail,
                "serve",
                "--port",
                str(w2_port),
                "--upstream-base-url",
                upstream,
                "--workers",
                "2",
            ],
            env=env,
            stderr=subprocess.DEVNULL,
        ),
        "guardrail-min": subprocess.Popen(
            [
                args.guardrail,
                "serve",
                "--port",
                str(min_port),
                "--upstream-base-url",
                upstream,
                "--policies",
                str(trivial),
            ],
            env=env,
            stderr=subprocess.DEVNULL,
        ),
    }
    try:
        for port in (up_port, pt_port, gr_port, w2_port, min_port):
            wait_ready(port)
        for proc in procs.values():
            # a worker still loading its policies would bill its start-up to the requests
            wait_idle(proc.pid)
        targets = {
            "direct": (f"{upstream}/chat/completions", None),
            "passthrough": (
                f"http://127.0.0.1:{pt_port}/v1/chat/completions",
                procs["passthrough"].pid,
            ),
            "guardrail": (
                f"http://127.0.0.1:{gr_port}/v1/chat/completions",
                procs["guardrail"].pid,
            ),
            "guardrail-w2": (
                f"http://127.0.0.1:{w2_port}/v1/chat/completions",
                procs["guardrail-w2"].pid,
            ),
            "guardrail-min": (
                f"http://127.0.0.1:{min_port}/v1/chat/completions",
                procs["guardrail-min"].pid,
            ),
        }
        mode = "unseen exchanges (--fresh)" if args.fresh else "exchanges judged before"
        loop = ", agent-loop turns" if args.turns else ""
        print(f"{len(cases)} exchanges{loop}, {n} requests per measurement, {mode}, "
              f"{os.cpu_count()} CPUs\n")  # fmt: skip
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
        for url, _ in targets.values():
            # first-use costs are not per-request costs: one pass over every exchange first,
            # or under --fresh over the warm-up cases only
            asyncio.run(measure(url, cases, warm if args.fresh else range(len(cases)), 4, False))
        start = dict.fromkeys(targets, 0)

        def take(name: str, count: int) -> range:
            """The next ``count`` case positions for ``name`` (fresh ones under --fresh)."""
            first = start[name]
            start[name] += count if args.fresh else 0
            return range(first, first + count)

        for _, (name, (url, pid)) in itertools.product(range(args.repeat), targets.items()):
            r: dict[str, float] = {}
            lat, _, _, cpu = asyncio.run(measure(url, cases, take(name, n), 1, False, warm, pid))
            r["p50_c1"], r["p90_c1"] = ms(lat), ms(lat, 0.9)
            r["cpu_ms"] = cpu / n * 1000
            lat32, _, wall, _ = asyncio.run(measure(url, cases, take(name, n * 4), 32, False, warm))
            r["rps_c32"] = n * 4 / wall
            r["p50_c32"] = ms(lat32)
            ttfb, first_content, _, _ = asyncio.run(
                measure(url, cases, take(name, n), 1, True, warm)
            )
            r["ttfb"], r["first_content"] = ms(ttfb), ms(first_content)
            r["rss_mb"] = rss_mb(pid) if pid else float("nan")
            rounds[name].append(r)
        if args.repeat > 1:
            print(f"median of {args.repeat} interleaved rounds\n")
        _report({name: _median(rs) for name, rs in rounds.items()})
    finally:
        for p in procs.values():
            p.send_signal(signal.SIGTERM)
        for p in procs.values():
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    return 0


def _median(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}


def _report(results: dict[str, dict[str, float]]) -> None:
    cols = [
        ("p50_c1", "p50 c=1 ms"), ("p90_c1", "p90 c=1 ms"), ("cpu_ms", "CPU ms/req"),
        ("rps_c32", "req/s c=32"), ("p50_c32", "p50 c=32 ms"), ("ttfb", "TTFB ms"),
        ("first_content", "1st content ms"), ("rss_mb", "RSS MB"),
    ]  # fmt: skip
    print(f"{'':12}" + "".join(f"{label:>16}" for _, label in cols))
    for name, r in results.items():
        print(f"{name:12}" + "".join(f"{r[key]:16.2f}" for key, _ in cols))
    d, p, g = results["direct"], results["passthrough"], results["guardrail"]
    gm, w2 = results["guardrail-min"], results["guardrail-w2"]
    print()
    print(f"added latency p50 c=1: passthrough {p['p50_c1'] - d['p50_c1']:.2f} ms, "
          f"guardrail {g['p50_c1'] - d['p50_c1']:.2f} ms (floor 2 ms)")  # fmt: skip
    print(f"CPU per request: passthrough {p['cpu_ms']:.2f} ms, guardrail {g['cpu_ms']:.2f} ms "
          f"(floor 1.5 ms; ratio {g['cpu_ms'] / p['cpu_ms']:.1f}x)")  # fmt: skip
    print(f"throughput c=32: guardrail {g['rps_c32']:.0f} req/s = "
          f"{g['rps_c32'] / p['rps_c32']:.2f}x passthrough, {g['rps_c32'] / d['rps_c32']:.2f}x "
          f"direct (floor 750 req/s)")  # fmt: skip
    print(f"streamed TTFB added: {g['ttfb'] - d['ttfb']:.2f} ms; first content added: "
          f"{g['first_content'] - d['first_content']:.2f} ms (floor 5 ms)")  # fmt: skip
    print(f"guardrail-min (one trivial policy, the proxy's own cost): added p50 "
          f"{gm['p50_c1'] - d['p50_c1']:.2f} ms, CPU {gm['cpu_ms']:.2f} ms/req, "
          f"{gm['rps_c32']:.0f} req/s at c=32")  # fmt: skip
    print(f"guardrail-w2 (--workers 2): {w2['rps_c32']:.0f} req/s at c=32 = "
          f"{w2['rps_c32'] / g['rps_c32']:.2f}x one worker, CPU {w2['cpu_ms']:.2f} ms/req "
          f"(supervisor and workers), RSS {w2['rss_mb']:.0f} MB")  # fmt: skip
    print(f"RSS: guardrail {g['rss_mb']:.0f} MB (floor 150 MB), passthrough {p['rss_mb']:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
