"""Instructions per judgement, counted under valgrind: a cost figure that noise cannot move.

    .venv/bin/python benchmarks/instructions.py [--cases ../shared/eval/dev.jsonl] [--passes 3]

Wall-clock and CPU times on a shared 2-core machine vary by 10% or more between runs;
the number of instructions executed does not (the hash seed is fixed). The script runs
itself twice under ``valgrind --tool=cachegrind``: once judging every exchange once (the
warm-up that fills the memo caches, as an agent loop's earlier turns do), once adding
``--passes`` more rounds, and divides the difference by the exchanges judged. Comparing
two checkouts: run it in each. Needs valgrind on the PATH; takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev.jsonl"


def judge_rounds(cases_path: str, passes: int) -> None:
    """Judge every exchange once, then ``passes`` more times (the measured part)."""
    from guardrail.engine import Engine
    from guardrail.judging import FailClosedJudge

    lines = Path(cases_path).read_text().splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    judge = FailClosedJudge(Engine.from_paths())
    judge.warm_up()
    for _ in range(1 + passes):
        for case in cases:
            judge.judge(judge.prepare(case["request"]), case["response"])


def counted(cases_path: str, passes: int) -> int:
    """Instructions valgrind counts for a run of `judge_rounds`."""
    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, __file__, "--cases", cases_path, "--inner", str(passes),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=str(DEV), help="JSONL exchanges (default: dev)")
    parser.add_argument("--passes", type=int, default=3, help="measured rounds over the cases")
    parser.add_argument("--inner", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner is not None:
        judge_rounds(args.cases, args.inner)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    exchanges = sum(1 for line in Path(args.cases).read_text().splitlines() if line.strip())
    start = counted(args.cases, 0)
    total = counted(args.cases, args.passes)
    per = (total - start) / (args.passes * exchanges)
    print(f"{exchanges} exchanges, {args.passes} measured passes after one warm-up pass")
    print(f"instructions per judgement (judged before): {per / 1e6:.3f} M")
    print(f"start-up and warm-up pass: {start / 1e9:.2f} G instructions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
