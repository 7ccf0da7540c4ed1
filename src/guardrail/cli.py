"""The ``guardrail`` command line. Each sub-command lives in `guardrail.commands.<name>`.

A command module exposes ``register(subparsers)``, which adds its parser and sets
``handler`` to a function ``(args) -> int`` (the exit status). Modules are imported only
when needed, so ``guardrail scan`` never pays for the HTTP stack or litellm.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS = ("serve", "demo", "scan", "policies", "audit")

_HELP = {
    "serve": "run the OpenAI-compatible guarding proxy",
    "demo": "run a scripted agent through the proxy, offline, and show what is blocked",
    "scan": "judge recorded exchanges (JSON Lines) offline",
    "policies": "validate policy files",
    "audit": "list and verify the audit trail",
}


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guardrail",
        description="Guardrail middleware for LLM agents.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name in COMMANDS:
        if wanted == name:
            module = importlib.import_module(f"guardrail.commands.{name}")
            module.register(sub)
        else:
            sub.add_parser(name, help=_HELP[name], add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    status: int = handler(args)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
