"""``guardrail scan FILE... [--policies DIR] [--format jsonl|table]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import orjson

from guardrail.engine import Engine
from guardrail.errors import PolicyError
from guardrail.scan import ScanInputError, ScanResult, ScanSummary, scan_lines


def register(sub: Any) -> None:
    p = sub.add_parser("scan", help="judge recorded exchanges (JSON Lines) offline")
    p.add_argument("files", nargs="+", metavar="FILE", help="JSON Lines files ('-' for stdin)")
    p.add_argument("--policies", action="append", metavar="DIR", help="policy file or directory")
    p.add_argument("--format", choices=("jsonl", "table"), default="table")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        engine = Engine.from_paths(args.policies)
    except PolicyError as err:
        print(err, file=sys.stderr)
        return 2
    summary = ScanSummary()
    any_blocked = False
    out = sys.stdout
    if args.format == "table":
        out.write(f"{'id':<28} {'action':<7} {'category':<22} policies / rules\n")
    for name in args.files:
        try:
            lines = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
        except OSError as err:
            print(f"{name}: cannot read: {err.strerror}", file=sys.stderr)
            return 2
        try:
            with lines:
                for result in scan_lines(engine, lines, file=name):
                    summary.add(result)
                    any_blocked |= result.decision.blocked
                    out.write(_render(result, args.format))
        except ScanInputError as err:
            print(err, file=sys.stderr)
            return 2
    if summary.labelled:
        recall = " ".join(f"{c}={r:.3f}" for c, r in summary.recall().items())
        # JSON Lines output stays machine-readable: the summary goes to stderr there
        sink = sys.stderr if args.format == "jsonl" else out
        sink.write(
            f"# recall {recall} | fpr={summary.false_positive_rate:.3f} "
            f"({summary.false_positives}/{summary.negatives})\n"
        )
    return 1 if any_blocked else 0


def _render(result: ScanResult, fmt: str) -> str:
    if fmt == "jsonl":
        return orjson.dumps(result.to_dict()).decode() + "\n"
    rules = ", ".join(f"{v.policy}/{v.rule}" for v in result.decision.violations)
    return (
        f"{str(result.id)[:28]:<28} {result.decision.action.value:<7} "
        f"{(result.category or '-')[:22]:<22} {rules}\n"
    )
