"""``guardrail audit list|verify``: read and check the hash-chained audit trail.

``list`` prints records oldest first (``--format table`` or ``jsonl``), filtered by
``--since``, ``--policy`` and ``--category``. ``verify`` walks the chain: exit 0 when it
is intact, 1 naming the first edited, deleted or reordered record, 2 when the store
cannot be read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from typing import Any, TextIO

import orjson

from guardrail.audit import SQLiteAuditStore, StoredRecord, parse_since
from guardrail.errors import AuditError

DEFAULT_DB = "guardrail-audit.db"
KEY_ENV = "GUARDRAIL_AUDIT_KEY"


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="list and verify the audit trail")
    actions = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help=f"audit store (default: $GUARDRAIL_AUDIT_PATH or {DEFAULT_DB})",
    )
    listing = actions.add_parser("list", parents=[common], help="print audit records")
    listing.add_argument("--since", help="15m, 2h, 7d, an ISO 8601 time or epoch seconds")
    listing.add_argument("--policy", help="only this policy id")
    listing.add_argument("--category", help="only this category")
    listing.add_argument("--limit", type=int, default=0, help="at most N records (0: all)")
    listing.add_argument("--format", choices=("table", "jsonl"), default="table")
    listing.set_defaults(handler=run_list)
    verify = actions.add_parser(
        "verify", parents=[common], help="check the hash chain; exit 1 naming a tampered record"
    )
    verify.set_defaults(handler=run_verify)


def _store(args: argparse.Namespace) -> SQLiteAuditStore:
    """The store to read; its writer thread only starts on an append, so none runs here."""
    path = args.db or os.environ.get("GUARDRAIL_AUDIT_PATH") or DEFAULT_DB
    key = os.environ.get(KEY_ENV)
    return SQLiteAuditStore(path, key=key.encode() if key else None)


def run_list(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        since = parse_since(args.since, time.time()) if args.since else None
    except ValueError as err:
        print(f"--since: {err}", file=sys.stderr)
        return 2
    remaining = args.limit if args.limit > 0 else None
    out = sys.stdout
    if args.format == "table":
        _header(out)
    cursor: int | None = None
    try:
        while remaining is None or remaining > 0:
            page = store.query(
                since=since,
                policy=args.policy,
                category=args.category,
                limit=min(500, remaining or 500),
                cursor=cursor,
            )
            for row in page.records:
                out.write(_render(row, args.format))
            if remaining is not None:
                remaining -= len(page.records)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    except AuditError as err:
        print(err, file=sys.stderr)
        return 2
    return 0


def run_verify(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        report = store.verify()
    except AuditError as err:
        print(err, file=sys.stderr)
        return 2
    print(f"{store.path}: {report}", file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def _header(out: TextIO) -> None:
    out.write(
        f"{'id':>7} {'time (UTC)':<23} {'policy':<24} {'category':<20} {'action':<11} "
        f"{'mode':<7} {'request':<24} location / excerpt\n"
    )


def _render(row: StoredRecord, fmt: str) -> str:
    if fmt == "jsonl":
        return orjson.dumps(row.to_dict()).decode() + "\n"
    r = row.record
    when = datetime.fromtimestamp(r.ts, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:23]
    tool = f" [{r.tool}]" if r.tool else ""
    return (
        f"{row.id:>7} {when:<23} {r.policy[:24]:<24} {r.category[:20]:<20} {r.action:<11} "
        f"{r.mode:<7} {r.request_id[:24]:<24} {r.location}{tool} {r.excerpt[:80]!r}\n"
    )
