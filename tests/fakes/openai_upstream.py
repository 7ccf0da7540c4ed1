"""A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: JSON and SSE.

``FakeOpenAI`` answers ``POST /v1/chat/completions`` with whatever its ``responder``
returns for the request body: an assistant message ``{role, content, tool_calls}``
(wrapped into a ``chat.completion``, or streamed as OpenAI SSE when ``stream`` is
true) or a `FakeError` (relayed as that status and body). ``GET /v1/models`` lists
one model. Every received request is kept in ``requests`` as ``(body, headers)``.

The stream has OpenAI's shape: a role delta, the content in pieces, each tool call
as a header chunk (id, type, name, empty arguments) followed by argument fragments,
a finish chunk, a usage chunk (``choices: []``) when ``stream_options.include_usage``,
then ``data: [DONE]``.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class FakeError:
    """An upstream failure to relay: HTTP ``status`` with JSON ``body``."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


Reply = dict[str, Any] | FakeError
Responder = Callable[[dict[str, Any]], Reply | Awaitable[Reply]]


def default_responder(body: dict[str, Any]) -> Reply:
    """Answer every request with a short plain text message."""
    return {"role": "assistant", "content": "Hello from the fake upstream.", "tool_calls": None}


def split(text: str, pieces: int, min_len: int = 1) -> list[str]:
    """Cut ``text`` into about ``pieces`` fragments of at least ``min_len`` characters."""
    if not text:
        return []
    size = max(min_len, -(-len(text) // pieces))
    return [text[i : i + size] for i in range(0, len(text), size)]


def usage(request: dict[str, Any], message: dict[str, Any]) -> dict[str, int]:
    p = max(1, len(json.dumps(request.get("messages", []))) // 4)
    c = max(1, len(json.dumps(message)) // 4)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


class FakeOpenAI:
    """A fake OpenAI chat completions server; use as ``async with FakeOpenAI(...) as up``.

    ``delay_s`` delays every answer (before the first byte); ``chunk_delay_s`` spaces
    stream events; ``content_pieces`` is how many pieces streamed content is cut into.
    ``n`` > 1 in a request repeats the responder once per choice (``choice_index`` in
    the body passed to it tells which).
    """

    def __init__(
        self,
        responder: Responder | None = None,
        delay_s: float = 0.0,
        *,
        chunk_delay_s: float = 0.0,
        content_pieces: int = 5,
        model_ids: tuple[str, ...] = ("fake-model",),
        extra_response_fields: dict[str, Any] | None = None,
    ) -> None:
        self.responder: Responder = responder or default_responder
        self.delay_s = delay_s
        self.chunk_delay_s = chunk_delay_s
        self.content_pieces = content_pieces
        self.model_ids = model_ids
        self.extra_response_fields = extra_response_fields or {}
        self.requests: list[tuple[dict[str, Any], dict[str, str]]] = []
        self.cancelled = 0  # streams whose client went away before the end
        self.completed = 0
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def __aenter__(self) -> FakeOpenAI:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _models(self, request: web.Request) -> web.Response:
        data = [
            {"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in self.model_ids
        ]
        return web.json_response({"object": "list", "data": data})

    async def _reply(self, body: dict[str, Any]) -> Reply:
        out = self.responder(body)
        if inspect.isawaitable(out):
            out = await out
        return out

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            return web.json_response(
                {"error": {"message": "invalid JSON", "type": "invalid_request_error"}}, status=400
            )
        self.requests.append((body, dict(request.headers)))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        n = int(body.get("n") or 1)
        messages: list[dict[str, Any]] = []
        for i in range(n):
            reply = await self._reply(body if n == 1 else {**body, "choice_index": i})
            if isinstance(reply, FakeError):
                return web.json_response(reply.body, status=reply.status, headers=reply.headers)
            messages.append(reply)
        seq = next(self._seq)
        cid = f"chatcmpl-fake{seq:06d}"
        model = body.get("model") or self.model_ids[0]
        headers = {"x-request-id": f"req_fake{seq:06d}"}
        if body.get("stream"):
            return await self._stream(request, body, messages, cid, model, headers)
        choices = [
            {
                "index": i,
                "message": _message(m),
                "logprobs": None,
                "finish_reason": _finish(m),
            }
            for i, m in enumerate(messages)
        ]
        payload = {
            "id": cid,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": "fp_fake",
            "choices": choices,
            "usage": usage(body, messages[0]),
            **self.extra_response_fields,
        }
        self.completed += 1
        return web.json_response(payload, headers=headers)

    async def _stream(
        self,
        request: web.Request,
        body: dict[str, Any],
        messages: list[dict[str, Any]],
        cid: str,
        model: str,
        headers: dict[str, str],
    ) -> web.StreamResponse:
        resp = web.StreamResponse(
            headers={"Content-Type": "text/event-stream; charset=utf-8", **headers}
        )
        await resp.prepare(request)
        created = int(time.time())

        async def event(choice: dict[str, Any] | None, **extra: Any) -> None:
            obj: dict[str, Any] = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_fake",
                "choices": [] if choice is None else [choice],
                **extra,
            }
            await resp.write(b"data: " + json.dumps(obj).encode() + b"\n\n")
            if self.chunk_delay_s:
                await asyncio.sleep(self.chunk_delay_s)

        def choice(i: int, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {"index": i, "delta": delta, "logprobs": None, "finish_reason": finish}

        try:
            for i, m in enumerate(messages):
                content = m.get("content")
                await event(choice(i, {"role": "assistant", "content": "" if content else None}))
                for piece in split(content or "", self.content_pieces):
                    await event(choice(i, {"content": piece}))
                for k, tc in enumerate(m.get("tool_calls") or []):
                    fn = tc["function"]
                    head = {"index": k, "id": tc["id"], "type": "function"}
                    head["function"] = {"name": fn["name"], "arguments": ""}
                    await event(choice(i, {"tool_calls": [head]}))
                    for frag in split(fn["arguments"], 6, 4):
                        await event(
                            choice(
                                i, {"tool_calls": [{"index": k, "function": {"arguments": frag}}]}
                            )
                        )
                await event(choice(i, {}, _finish(m)))
            if (body.get("stream_options") or {}).get("include_usage"):
                await event(None, usage=usage(body, messages[0]))
            await resp.write(b"data: [DONE]\n\n")
            await resp.write_eof()
        except (ConnectionResetError, asyncio.CancelledError):
            self.cancelled += 1
            raise
        self.completed += 1
        return resp


def _message(m: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"role": "assistant", "content": m.get("content"), "refusal": None}
    if m.get("tool_calls"):
        out["tool_calls"] = m["tool_calls"]
    return out


def _finish(m: dict[str, Any]) -> str:
    return "tool_calls" if m.get("tool_calls") else "stop"
