"""``guardrail policies check DIR...``: validate policy files, list every problem."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from guardrail.policy import check_policies, load_policies


def register(sub: Any) -> None:
    p = sub.add_parser("policies", help="validate policy files")
    actions = p.add_subparsers(dest="policies_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate a policy directory; exit 1 on problems")
    check.add_argument("paths", nargs="*", metavar="DIR", help="default: the shipped policies")
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    problems = check_policies(args.paths) if args.paths else check_policies([])
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    policy_set = load_policies(args.paths or None)
    for p in policy_set.policies:
        m = p.model
        print(f"ok  {m.id:<24} {m.category:<22} {m.action:<6} {m.mode.value}  ({p.source})")
    return 0
