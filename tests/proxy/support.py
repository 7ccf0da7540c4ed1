"""Helpers for proxy tests: test policies, an in-process ASGI client, a stub upstream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import aiohttp
import uvicorn

from guardrail.decision import Finding, Location
from guardrail.detectors.base import DetectorParams
from guardrail.engine import Engine
from guardrail.policy import load_policies
from guardrail.proxy.app import ProxyApp, create_app
from guardrail.proxy.server import CoalescingHttpToolsProtocol
from guardrail.proxy.settings import Settings
from guardrail.proxy.upstream import Upstream, UpstreamRequest, UpstreamResponse
from guardrail.telemetry import Metrics, Telemetry

#: words that trigger the test policies (pattern detectors, so tests do not depend on the
#: shipped detectors' wording)
BLOCK_WORD = "FORBIDDEN"
FLAG_WORD = "SUSPICIOUS"
MONITOR_WORD = "WATCHED"
SECRET = "SECRET-4711"

POLICIES = {
    "block.yaml": f"""
id: test-block
category: exfiltration
description: blocks the word {BLOCK_WORD}
action: block
detectors:
  - type: pattern
    rule: block_word
    patterns: ["{BLOCK_WORD.lower()}"]
""",
    "flag.yaml": f"""
id: test-flag
category: oversight_subversion
description: flags the word {FLAG_WORD}
action: flag
detectors:
  - type: pattern
    rule: flag_word
    patterns: ["{FLAG_WORD.lower()}"]
""",
    "monitor.yaml": f"""
id: test-monitor
category: blackmail
description: would block {MONITOR_WORD}, in monitor mode
action: block
mode: monitor
detectors:
  - type: pattern
    rule: monitor_word
    patterns: ["{MONITOR_WORD.lower()}"]
""",
    "redact.yaml": r"""
id: test-redact
category: exfiltration
description: redacts SECRET-nnnn in text
action: redact
detectors:
  - type: pattern
    rule: secret
    scope: content
    secret: true
    patterns: ["secret-\\d+"]
""",
}


def write_policies(directory: Path, extra: Mapping[str, str] | None = None) -> Path:
    for name, text in {**POLICIES, **(extra or {})}.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


class ExplodingDetector:
    """A detector that always raises, to prove the guard fails closed."""

    type: ClassVar[str] = "explode"

    class Params(DetectorParams):
        pass

    def __init__(self, params: Params) -> None:
        self.params = params

    def scan(self, ctx: Any) -> Iterator[Finding]:
        raise RuntimeError("detector bug")
        yield Finding("never", 1.0, Location(), "")


class BrokenEngine(Engine):
    """An engine whose evaluation itself fails (not a single detector)."""

    def evaluate_exchange(self, exchange: Any) -> Any:
        raise MemoryError("engine bug")


def completion(message: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "message": dict(message), "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7},
        **extra,
    }


@dataclass
class StubUpstream:
    """An `Upstream` answering from a list (or raising), recording what it was sent."""

    responses: list[UpstreamResponse | Exception] = field(default_factory=list)
    sent: list[UpstreamRequest] = field(default_factory=list)

    async def send(self, request: UpstreamRequest) -> UpstreamResponse:
        self.sent.append(request)
        item = self.responses.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    @classmethod
    def answering(cls, *messages: Mapping[str, Any]) -> StubUpstream:
        return cls(
            [
                UpstreamResponse(
                    200,
                    {"content-type": "application/json", "x-request-id": "up-1"},
                    body=json.dumps(completion(m)).encode(),
                )
                for m in messages
            ]
        )


def make_app(
    policy_dir: Path,
    upstream: Upstream,
    *,
    engine: Engine | None = None,
    **settings: Any,
) -> ProxyApp:
    return create_app(
        Settings(**settings),
        engine=engine or Engine(load_policies(policy_dir)),
        telemetry=Telemetry(Metrics()),
        upstream=upstream,
    )


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


async def call(
    app: ProxyApp,
    method: str,
    path: str,
    body: bytes | Mapping[str, Any] = b"",
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """Drive the ASGI app in process, like a server would."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    hdrs = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    hdrs.append((b"content-length", str(len(raw)).encode()))
    scope = {"type": "http", "method": method, "path": path, "headers": hdrs}
    inbox = [{"type": "http.request", "body": raw, "more_body": False}]
    sent: list[dict[str, Any]] = []
    done = asyncio.Event()

    async def receive() -> dict[str, Any]:
        if inbox:
            return inbox.pop(0)
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    await app(scope, receive, send)
    start = sent[0]
    return Reply(
        start["status"],
        {k.decode(): v.decode() for k, v in start["headers"]},
        b"".join(m.get("body", b"") for m in sent[1:]),
    )


@asynccontextmanager
async def serving(app: ProxyApp) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 (free port); yields the API root URL."""
    # the protocol `guardrail serve` runs, so these tests cover its coalesced writes
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="error",
        lifespan="on",
        http=CoalescingHttpToolsProtocol,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        await task


def sse_events(body: bytes) -> list[Any]:
    """The JSON payloads of an SSE body, with ``"[DONE]"`` as a string."""
    out: list[Any] = []
    for block in body.decode().split("\n\n"):
        data = [line[5:].strip() for line in block.split("\n") if line.startswith("data:")]
        if data:
            payload = "\n".join(data)
            out.append(payload if payload == "[DONE]" else json.loads(payload))
    return out


def reassemble(events: list[Any]) -> dict[str, Any]:
    """Rebuild choice 0's message and finish reason from stream chunks, as a client does."""
    content: list[str] = []
    calls: dict[int, dict[str, Any]] = {}
    finish = None
    for ev in events:
        if not isinstance(ev, dict):
            continue
        for ch in ev.get("choices") or []:
            delta = ch.get("delta") or {}
            content.append(delta.get("content") or "")
            for tc in delta.get("tool_calls") or []:
                slot = calls.setdefault(tc["index"], {"id": None, "name": "", "arguments": ""})
                slot["id"] = tc.get("id") or slot["id"]
                fn = tc.get("function") or {}
                slot["name"] += fn.get("name") or ""
                slot["arguments"] += fn.get("arguments") or ""
            finish = ch.get("finish_reason") or finish
    return {"content": "".join(content), "tool_calls": [calls[k] for k in sorted(calls)],
            "finish_reason": finish}  # fmt: skip


async def post_json(url: str, body: Mapping[str, Any], **headers: str) -> Reply:
    async with aiohttp.ClientSession() as s, s.post(url, json=body, headers=headers) as r:
        return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, await r.read())
