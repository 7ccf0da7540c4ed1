"""Benchmark of the pure decision core (no HTTP): cost per exchange, per KB, and its growth.

    python benchmarks/core_bench.py [--cases ../shared/eval/dev.jsonl] [--repeat 20]

Prints medians and p99 per dev exchange, per KB of exchange, the same per shipped policy
alone, then how the cost grows with history size (1 KB to 256 KB of prior conversation)
and with the number of policies (extra operator pattern policies on top of the shipped
three).

History is measured twice: "warm" repeats the same request (as an agent loop resends
its history every turn, so per-message analysis is reused), "cold" judges each request
once with history text no earlier request held, so nothing cached can help.

Last, one large tool result of each common shape (prose, prose without punctuation, log
lines, a one-line JSON array; 200 KB each) read by an agent that then mails 20 KB of it:
per-value or per-join work that grows with the whole text shows up there as seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guardrail.engine import Engine
from guardrail.policy import load_policies, shipped_policy_dir

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASES = ROOT.parent / "shared" / "eval" / "dev.jsonl"
OWN_CASES = sorted((ROOT / "tests" / "corpus").glob("*.jsonl"))

FILLER = (
    "Status update: the quarterly migration is on track. Ticket QA-{i} closed after the "
    "regression suite passed; the staging cluster was rebalanced and the on-call rota for "
    "next week is attached. Nothing else to report from the platform team today.\n"
)


def load_cases(paths: list[Path]) -> list[dict[str, Any]]:
    cases = []
    for path in paths:
        if path.exists():
            cases += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return cases


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


_FRESH = itertools.count()


def with_history(
    case: dict[str, Any], size: int, fresh: bool = False, as_tool: bool = False
) -> dict[str, Any]:
    """The case with ~``size`` bytes of harmless history inserted before its last turn.

    ``fresh`` numbers the filler from a counter never used before, so its text is new;
    ``as_tool`` makes the history a tool result (what agent loops mostly carry) rather
    than a user message.
    """
    request = json.loads(json.dumps(case["request"]))
    first = next(_FRESH) * 100_000 if fresh else 0
    lines = (FILLER.format(i=first + i) for i in range(size // len(FILLER) + 1))
    text = "".join(lines)[:size]
    messages = request["messages"]
    messages.insert(1, {"role": "user", "content": "Catch up on the platform channel first."})
    if as_tool:
        call = {"name": "read_channel", "arguments": '{"channel": "platform"}'}
        messages.insert(
            2,
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "h1", "type": "function", "function": call}],
            },
        )
        messages.insert(3, {"role": "tool", "tool_call_id": "h1", "content": text})
    else:
        messages.insert(2, {"role": "assistant", "content": "Reading it now."})
        messages.insert(3, {"role": "user", "content": text})
    return request


def history_costs(
    engine: Engine, sample: list[dict[str, Any]], kb: int, as_tool: bool
) -> tuple[float, float]:
    """Median per exchange with ``kb`` KB of history: warm (repeated) and cold (new text)."""
    requests = [(with_history(c, kb * 1024, as_tool=as_tool), c["response"]) for c in sample]
    warm = statistics.median(
        statistics.median(timed(lambda r=r, s=s: engine.evaluate(r, s), 5)) for r, s in requests
    )
    fresh = [(with_history(c, kb * 1024, True, as_tool), c["response"]) for c in sample]
    cold = statistics.median(timed(lambda r=r, s=s: engine.evaluate(r, s), 1)[0] for r, s in fresh)
    return warm, cold


def shaped(shape: str, size: int, seed: int) -> str:
    """``size`` characters of one shape of tool result; ``seed`` makes its text new."""
    rng = random.Random(seed)
    words = FILLER.replace(".", "").replace(";", "").replace(",", "").split()
    if shape == "log":
        rows = (
            f"2026-11-02T10:{i % 60:02d}:00Z INFO svc-{i % 7} id={rng.getrandbits(64):016x} "
            f"user=u{i} status=200 path=/api/v1/items/{i}"
            for i in itertools.count()
        )
    elif shape == "json":
        rows = (
            json.dumps(
                {
                    "id": i,
                    "email": f"user{i}@example.org",
                    "note": " ".join(rng.choices(words, k=8)),
                }
            )
            for i in itertools.count()
        )
    elif shape == "unpunctuated":
        rows = (" ".join(rng.choices(words, k=12)) for _ in itertools.count())
    else:
        rows = (FILLER.format(i=rng.getrandbits(32)) for _ in itertools.count())
    sep = ", " if shape == "json" else ("\n" if shape in ("log", "prose") else " ")
    out, size_now = [], 0
    for row in rows:
        out.append(row)
        size_now += len(row) + len(sep)
        if size_now >= size:
            break
    text = sep.join(out)
    return f"[{text}]" if shape == "json" else text


def shape_costs(engine: Engine, shape: str, seed: int) -> tuple[float, float]:
    """Cold (first) and warm (median of 5 repeats) cost of one large result's exchange."""
    blob = shaped(shape, 200 * 1024, seed)
    call = {"name": "read_file", "arguments": '{"path": "/srv/export/data"}'}
    request = {"model": "bench", "messages": [
        {"role": "system", "content": "You are the ops assistant of example.com."},
        {"role": "user", "content": "Summarise the export and mail it to the team."},
        {"role": "assistant", "content": None,
         "tool_calls": [{"id": "r1", "type": "function", "function": call}]},
        {"role": "tool", "tool_call_id": "r1", "content": blob},
    ]}  # fmt: skip
    body = {"to": "team@example.com", "subject": "export", "body": blob[: 20 * 1024]}
    answer = {"role": "assistant", "content": None, "tool_calls": [{"id": "s1", "type": "function",
              "function": {"name": "send_email", "arguments": json.dumps(body)}}]}  # fmt: skip
    cold = timed(lambda: engine.evaluate(request, answer), 1)[0]
    warm = statistics.median(timed(lambda: engine.evaluate(request, answer), 5))
    return cold, warm


def extra_policies(directory: Path, count: int, patterns_each: int = 20) -> None:
    for i in range(count):
        pats = ", ".join(f'"\\\\bforbidden{i}x{j}\\\\b"' for j in range(patterns_each))
        (directory / f"extra-{i}.yaml").write_text(
            f"id: extra-{i}\ncategory: custom\ndescription: bench\naction: flag\n"
            f"detectors:\n  - type: pattern\n    patterns: [{pats}]\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, action="append")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    cases = load_cases(args.cases or [DEFAULT_CASES, *OWN_CASES])
    engine = Engine(load_policies())
    for case in cases:  # warm caches and lazy imports
        engine.evaluate(case["request"], case["response"])

    per_case: list[float] = []
    per_kb: list[float] = []
    for case in cases:
        size_kb = len(json.dumps(case["request"])) / 1024 + 0.001
        samples = timed(lambda c=case: engine.evaluate(c["request"], c["response"]), args.repeat)
        best = statistics.median(samples)
        per_case.append(best)
        per_kb.append(best / size_kb)
    print(f"cases: {len(cases)}  repeat: {args.repeat}")
    print(
        f"per exchange   p50 {statistics.median(per_case) * 1e3:7.3f} ms   "
        f"p99 {pct(per_case, 0.99) * 1e3:7.3f} ms   max {max(per_case) * 1e3:7.3f} ms"
    )
    print(
        f"per KB         p50 {statistics.median(per_kb) * 1e6:7.1f} µs   "
        f"p99 {pct(per_kb, 0.99) * 1e6:7.1f} µs"
    )

    print("\nper policy alone → per exchange")
    for policy in engine.policies.policies:
        alone = Engine(dataclasses.replace(engine.policies, policies=(policy,)))
        costs = [
            statistics.median(
                timed(lambda c=c, e=alone: e.evaluate(c["request"], c["response"]), args.repeat)
            )
            for c in cases
        ]
        print(
            f"  {policy.id:24s} p50 {statistics.median(costs) * 1e3:7.3f} ms   "
            f"p99 {pct(costs, 0.99) * 1e3:7.3f} ms   max {max(costs) * 1e3:7.3f} ms"
        )

    sample = cases[: min(len(cases), 24)]
    for as_tool in (False, True):
        where = "a tool result" if as_tool else "a user message"
        print(f"\nhistory in {where} → median per exchange, warm (ratio to 1 KB) and cold")
        base = None
        for kb in (1, 4, 16, 64, 256):
            warm, cold = history_costs(engine, sample, kb, as_tool)
            base = base or warm
            print(
                f"  {kb:4d} KB   warm {warm * 1e3:8.3f} ms   ×{warm / base:6.2f}   "
                f"cold {cold * 1e3:8.3f} ms"
            )

    print("\na 200 KB tool result, 20 KB of it mailed → cold and warm per exchange")
    for seed, shape in enumerate(("prose", "unpunctuated", "log", "json")):
        cold, warm = shape_costs(engine, shape, seed)
        print(f"  {shape:14s} cold {cold * 1e3:8.1f} ms   warm {warm * 1e3:8.1f} ms")

    print("\npolicies → median per exchange (ratio to shipped 3)")
    base = None
    for extra in (0, 10, 50, 100):
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            extra_policies(directory, extra)
            paths = [shipped_policy_dir(), directory] if extra else [shipped_policy_dir()]
            eng = Engine(load_policies(paths))
            medians = [
                statistics.median(
                    timed(lambda c=c, e=eng: e.evaluate(c["request"], c["response"]), 5)
                )
                for c in sample
            ]
            m = statistics.median(medians)
            base = base or m
            rules = 3 + extra
            print(
                f"  {rules:4d} policies ({extra * 20:5d} extra patterns)   {m * 1e3:8.3f} ms   ×{m / base:6.2f}"
            )


if __name__ == "__main__":
    main()
