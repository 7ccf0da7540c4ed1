"""``guardrail demo``: the proxy in front of a scripted model, with a small agent, offline.

Starts the real proxy (uvicorn on a free 127.0.0.1 port) with the scripted upstream,
then plays each scripted agent task through it over HTTP with the OpenAI protocol,
once as plain JSON and once streamed, printing every step that passed or was blocked
and why, and finally the intervention counters scraped from ``/metrics``. No API key,
no network beyond loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from guardrail.errors import ConfigError, PolicyError
from guardrail.scripted import SCENARIOS, Scenario

MAX_STEPS = 6


def register(sub: Any) -> None:
    p = sub.add_parser(
        "demo", help="run a scripted agent through the proxy, offline, and show what is blocked"
    )
    p.add_argument("--policies", action="append", metavar="DIR", help="policy file or directory")
    p.add_argument(
        "--mode",
        choices=("both", "json", "stream"),
        default="both",
        help="run each task as plain JSON, streamed, or both (default)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from guardrail.commands.serve import build_app, configure_logging
    from guardrail.proxy.settings import Settings

    try:
        settings = Settings(
            upstream="scripted",
            port=0,
            policies=tuple(args.policies or ()),
            log_level="error",
        )
        configure_logging(settings)
        app = build_app(settings)
    except (ConfigError, PolicyError) as err:
        print(f"guardrail demo: {err}", file=sys.stderr)
        return 2
    modes = {"both": (False, True), "json": (False,), "stream": (True,)}[args.mode]
    return asyncio.run(_demo(app, modes, sys.stdout))


@dataclass
class Outcome:
    """How one scripted task went through the proxy."""

    blocked: bool = False
    steps: list[str] = field(default_factory=list)
    reason: str = ""
    final: str = ""


async def _demo(app: Any, modes: tuple[bool, ...], out: TextIO) -> int:
    import aiohttp
    import uvicorn

    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="error", lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            await task
            print("guardrail demo: the proxy did not start", file=sys.stderr)
            return 1
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    root = f"http://127.0.0.1:{port}"
    out.write(f"guardrail proxy on {root} (scripted model, no network, no API key)\n\n")
    try:
        async with aiohttp.ClientSession() as session:
            for scenario in SCENARIOS:
                for stream in modes:
                    outcome = await play(session, root + "/v1", scenario, stream)
                    _print_outcome(out, scenario, stream, outcome)
            async with session.get(root + "/metrics") as resp:
                metrics = await resp.text()
        _print_metrics(out, metrics)
    finally:
        server.should_exit = True
        await task
    return 0


async def play(session: Any, api: str, scenario: Scenario, stream: bool) -> Outcome:
    """Run one task as an agent would: call the model, run its tools, repeat."""
    request = scenario.request(stream=stream)
    messages: list[dict[str, Any]] = request["messages"]
    outcome = Outcome()
    for _ in range(MAX_STEPS):
        async with session.post(api + "/chat/completions", json=request) as resp:
            raw = await resp.read()
            if resp.status != 200:
                outcome.blocked = resp.status == 400
                outcome.reason = _error_reason(raw, resp.status)
                return outcome
        message, finish, guardrail = (_from_stream if stream else _from_json)(raw)
        calls = message.get("tool_calls") or []
        if finish == "content_filter":
            outcome.blocked = True
            outcome.reason = _reason(guardrail)
            return outcome
        for call in calls:
            outcome.steps.append(_describe_call(call))
        if not calls:
            outcome.final = message.get("content") or ""
            return outcome
        messages.append(
            {"role": "assistant", "content": message.get("content"), "tool_calls": calls}
        )
        for call in calls:
            result = scenario.tool_results.get(call["function"]["name"], "ok")
            messages.append({"role": "tool", "tool_call_id": call["id"], "content": result})
    return outcome


def _from_json(raw: bytes) -> tuple[dict[str, Any], str | None, dict[str, Any] | None]:
    body = json.loads(raw)
    choice = body["choices"][0]
    return choice.get("message") or {}, choice.get("finish_reason"), body.get("guardrail")


def _from_stream(raw: bytes) -> tuple[dict[str, Any], str | None, dict[str, Any] | None]:
    from guardrail.proxy.streaming import SSEDecoder, iter_events

    content: list[str] = []
    calls: dict[int, dict[str, Any]] = {}
    finish: str | None = None
    guardrail: dict[str, Any] | None = None
    for event in iter_events(SSEDecoder(), iter([raw])):
        if event.data is None or event.data.strip() == b"[DONE]":
            continue
        chunk = json.loads(event.data)
        guardrail = chunk.get("guardrail") or guardrail
        for choice in chunk.get("choices") or []:
            delta = choice.get("delta") or {}
            content.append(delta.get("content") or "")
            for tc in delta.get("tool_calls") or []:
                slot = calls.setdefault(
                    tc.get("index", 0),
                    {"id": "", "type": "function", "function": {"name": "", "arguments": ""}},
                )
                slot["id"] = tc.get("id") or slot["id"]
                fn = tc.get("function") or {}
                slot["function"]["name"] += fn.get("name") or ""
                slot["function"]["arguments"] += fn.get("arguments") or ""
            finish = choice.get("finish_reason") or finish
    message: dict[str, Any] = {"role": "assistant", "content": "".join(content) or None}
    if calls:
        message["tool_calls"] = [calls[k] for k in sorted(calls)]
    return message, finish, guardrail


def _describe_call(call: dict[str, Any]) -> str:
    fn = call["function"]
    try:
        args = json.loads(fn["arguments"])
    except json.JSONDecodeError:
        args = {}
    first = next(iter(args.items()), None) if isinstance(args, dict) else None
    shown = f'{first[0]}="{str(first[1])[:40]}"' if first else ""
    return f"{fn['name']}({shown}{', …' if isinstance(args, dict) and len(args) > 1 else ''})"


def _reason(guardrail: dict[str, Any] | None) -> str:
    if not guardrail:
        return "content_filter"
    parts = []
    for v in guardrail.get("violations", []):
        where = v.get("location", {}).get("path", "")
        parts.append(f"{v['policy']} ({v['category']}), rule {v['rule']} at {where}")
    return "; ".join(dict.fromkeys(parts)) or "content_filter"


def _error_reason(raw: bytes, status: int) -> str:
    try:
        body = json.loads(raw)
    except json.JSONDecodeError:
        return f"HTTP {status}"
    if body.get("guardrail"):
        return _reason(body["guardrail"])
    return f"HTTP {status}: {body.get('error', {}).get('message', '')}"


def _print_outcome(out: TextIO, scenario: Scenario, stream: bool, outcome: Outcome) -> None:
    mode = "stream" if stream else "json"
    out.write(f"[{mode:6}] {scenario.title}\n")
    for step in outcome.steps:
        out.write(f"           passed   {step}\n")
    if outcome.blocked:
        out.write(f"           BLOCKED  {outcome.reason}\n")
    else:
        out.write(f"           answered {outcome.final[:70]!r}\n")
    expected = scenario.expect == ("block" if outcome.blocked else "allow")
    verdict = "as expected" if expected else f"NOT as expected ({scenario.expect})"
    out.write(f"           -> {'blocked' if outcome.blocked else 'passed'}, {verdict}\n\n")


def _print_metrics(out: TextIO, text: str) -> None:
    out.write("intervention counters from /metrics:\n")
    shown = False
    for line in text.splitlines():
        if line.startswith(("guardrail_interventions_total{", "guardrail_checks_total{")):
            name_labels, _, value = line.rpartition(" ")
            if float(value) > 0:
                out.write(f"  {name_labels} {value}\n")
                shown = True
    if not shown:
        out.write("  (none)\n")
