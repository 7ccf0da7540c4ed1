"""The proxy as a plain ASGI app: parse, forward, judge, render.

`create_app` receives everything it uses (settings, engine, telemetry, upstream), so
tests build fresh ones and importing this module does nothing. The router is a dict
lookup; the hot path parses the request once, forwards the client's bytes untouched,
judges each answer and relays the upstream's bytes unchanged unless it intervenes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

import orjson

from guardrail.decision import Action, Decision, combine_decisions
from guardrail.engine import Engine
from guardrail.errors import InvalidExchange, UpstreamError, UpstreamTimeout
from guardrail.judge import Judge
from guardrail.judging import FailClosedJudge
from guardrail.proxy.settings import Settings
from guardrail.proxy.streaming import SSEDecoder, StreamGuard
from guardrail.proxy.upstream import Upstream, UpstreamRequest, UpstreamResponse
from guardrail.render import blocked_error, error_bytes, intervened_completion
from guardrail.telemetry import Telemetry

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

__all__ = ["ASGIApp", "ProxyApp", "create_app"]

_JSON = (b"content-type", b"application/json")
_SSE = (b"content-type", b"text/event-stream; charset=utf-8")
#: request headers never forwarded upstream (hop-by-hop, or recomputed by the client)
_DROP = frozenset({
    "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te",
    "upgrade", "proxy-authorization", "proxy-connection", "accept-encoding", "trailer",
})  # fmt: skip
#: upstream response headers relayed to the client
_RELAY_PREFIXES = ("x-request-id", "openai-", "x-ratelimit-", "retry-after")


class _ClientGone(Exception):
    """The client disconnected before its request body arrived."""


class _TooLarge(Exception):
    pass


def create_app(
    settings: Settings,
    *,
    engine: Engine,
    telemetry: Telemetry,
    upstream: Upstream,
    extra_routes: Mapping[str, ASGIApp] | None = None,
) -> ProxyApp:
    """Build the proxy. ``extra_routes`` maps a path to an ASGI app (e.g. interventions)."""
    return ProxyApp(settings, engine, telemetry, upstream, extra_routes or {})


class ProxyApp:
    """The guarding OpenAI-compatible proxy (an ASGI 3 application)."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        telemetry: Telemetry,
        upstream: Upstream,
        extra_routes: Mapping[str, ASGIApp],
    ) -> None:
        self.settings = settings
        self.judge = FailClosedJudge(engine, Judge(engine.policies))
        self.telemetry = telemetry
        self.upstream = upstream
        self.extra_routes = dict(extra_routes)
        self._keys = tuple(k.encode() for k in settings.api_keys)
        self._routes: dict[str, tuple[str, Callable[..., Awaitable[int]]]] = {
            "/v1/chat/completions": ("chat_completions", self._chat),
            "/chat/completions": ("chat_completions", self._chat),
            "/v1/models": ("models", self._models),
            "/models": ("models", self._models),
            "/healthz": ("healthz", self._healthz),
            "/health": ("healthz", self._healthz),
            "/metrics": ("metrics", self._metrics),
        }
        telemetry.metrics.describe_policies(engine.policies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def aclose(self) -> None:
        """Release the upstream's connections and flush the audit trail."""
        close = getattr(self.upstream, "aclose", None)
        if close is not None:
            await close()
        await asyncio.to_thread(self.telemetry.close)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        route = self._routes.get(path)
        if route is None:
            extra = self.extra_routes.get(path)
            if extra is not None:
                await self._extra(extra, scope, receive, send)
                return
            status = await _respond(send, 404, error_bytes(f"no route {path}", code="not_found"))
            self.telemetry.record_request("other", status)
            return
        name, handler = route
        try:
            status = await handler(scope, receive, send)
        except Exception as err:  # nothing a request does may take the server down
            self.telemetry.log.exception("guardrail.proxy_error", route=name, error=repr(err))
            status = 500
            # if the response had started, this fails and the client sees a cut answer
            with contextlib.suppress(Exception):
                await _respond(send, 500, error_bytes("internal proxy error", type="server_error"))
        self.telemetry.record_request(name, status)

    async def _extra(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        if self._keys and not self._authorized(scope):
            self.telemetry.record_request("interventions", await _unauthorized(send))
            return
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await app(scope, receive, recording_send)
        self.telemetry.record_request("interventions", status)

    # -- small routes ----------------------------------------------------------------------------

    async def _healthz(self, scope: Scope, receive: Receive, send: Send) -> int:
        return await _respond(send, 200, b'{"status":"ok"}')

    async def _metrics(self, scope: Scope, receive: Receive, send: Send) -> int:
        # with several workers this merges every worker's files: any one answers for all
        body, content_type = self.telemetry.metrics.exposition()
        return await _respond(send, 200, body, [(b"content-type", content_type.encode())])

    async def _models(self, scope: Scope, receive: Receive, send: Send) -> int:
        if scope["method"] != "GET":
            return await _respond(send, 405, error_bytes("use GET", code="method_not_allowed"))
        if self._keys and not self._authorized(scope):
            return await _unauthorized(send)
        request = UpstreamRequest("GET", "/models", headers=self._forward_headers(scope))
        try:
            resp = await self.upstream.send(request)
        except UpstreamError as err:
            return await self._upstream_failed(send, err, time.perf_counter(), "json")
        return await _respond(send, resp.status, resp.body, _relayed(resp))

    # -- chat completions ------------------------------------------------------------------------

    async def _chat(self, scope: Scope, receive: Receive, send: Send) -> int:
        if scope["method"] != "POST":
            return await _respond(send, 405, error_bytes("use POST", code="method_not_allowed"))
        if self._keys and not self._authorized(scope):
            return await _unauthorized(send)
        try:
            body = await _read_body(scope, receive, self.settings.max_body_bytes)
        except _TooLarge:
            limit = self.settings.max_body_bytes
            return await _respond(
                send, 413, error_bytes(f"request body exceeds {limit} bytes", code="too_large")
            )
        except _ClientGone:
            return 499
        try:
            request = orjson.loads(body)
        except orjson.JSONDecodeError as err:
            return await _bad_request(send, f"request body is not valid JSON: {err}")
        problem = _request_problem(request)
        if problem is not None:
            return await _bad_request(send, problem[0], problem[1])
        try:
            base = self.judge.prepare(request)
        except InvalidExchange as err:
            return await _bad_request(send, str(err), "messages")
        stream = request.get("stream") is True
        request_id = _header(scope, b"x-request-id") or os.urandom(12).hex()
        forward = UpstreamRequest(
            "POST",
            "/chat/completions",
            body=body,
            json=request,
            headers=self._forward_headers(scope),
            stream=stream,
        )
        kind = "stream" if stream else "json"
        started = time.perf_counter()
        try:
            resp = await self.upstream.send(forward)
        except UpstreamError as err:
            return await self._upstream_failed(send, err, started, kind)
        ctx = _Ctx(request_id, str(request.get("model")), request, base, stream)
        if resp.status != 200:
            self.telemetry.record_upstream(
                time.perf_counter() - started,
                kind=kind,
                error=None if resp.status < 400 else f"status_{resp.status // 100}xx",
            )
            await resp.aclose()
            return await _respond(send, resp.status, resp.body, _relayed(resp, request_id))
        if resp.stream is not None:
            return await self._stream(ctx, resp, receive, send, started)
        self.telemetry.record_upstream(time.perf_counter() - started, kind=kind)
        return await self._complete(ctx, resp, send)

    async def _complete(self, ctx: _Ctx, resp: UpstreamResponse, send: Send) -> int:
        try:
            completion = orjson.loads(resp.body)
            choices = completion["choices"]
            if not isinstance(choices, list):
                raise TypeError("choices is not an array")
        except (orjson.JSONDecodeError, KeyError, TypeError) as err:
            self.telemetry.record_upstream(0.0, kind="json", error="protocol")
            msg = f"upstream answer is not a chat.completion: {err}"
            return await _respond(send, 502, error_bytes(msg, type="upstream_error"))
        decisions: dict[int, Decision] = {}
        for position, choice in enumerate(choices):
            index = choice.get("index", position) if isinstance(choice, dict) else position
            message = choice.get("message") if isinstance(choice, dict) else None
            if not isinstance(message, dict):
                message = {}
            decision, spent = self.judge.judge(ctx.base, message)
            stage = "rules"
            if decision.uncertain and self.judge.reviewer is not None:
                decision, extra = await self.judge.review(decision, ctx.request, message)
                spent += extra
                stage = "judge"
            self._record(ctx, decision, spent, stage)
            decisions[index] = decision
        action = max((d.action for d in decisions.values()), key=_rank, default=Action.ALLOW)
        headers = _relayed(resp, ctx.request_id)
        if action in (Action.ALLOW, Action.FLAG):
            headers.append((b"x-guardrail-action", action.value.encode()))
            return await _respond(send, 200, resp.body, headers)
        overall = combine_decisions(decisions.values())
        action, answer = intervened_completion(completion, decisions, overall)
        headers.append((b"x-guardrail-action", action.value.encode()))
        if action is Action.BLOCK and self.settings.block_style == "error":
            return await _respond(send, 400, orjson.dumps(blocked_error(overall)), headers)
        return await _respond(send, 200, orjson.dumps(answer), headers)

    async def _stream(
        self, ctx: _Ctx, resp: UpstreamResponse, receive: Receive, send: Send, started: float
    ) -> int:
        s = self.settings

        def on_decision(index: int, decision: Decision, spent: float) -> None:
            self._record(ctx, decision, spent, "stream")

        async def review(decision: Decision, message: dict[str, Any]) -> tuple[Decision, float]:
            return await self.judge.review(decision, ctx.request, message)

        sg = StreamGuard(
            self.judge,
            ctx.base,
            on_decision=on_decision,
            window=s.stream_window_chars,
            max_window=s.stream_max_window_chars,
            flush_s=s.stream_flush_ms / 1000.0,
            min_interval_s=s.stream_min_interval_ms / 1000.0,
            block_style=s.block_style,
            review=review if self.judge.reviewer is not None else None,
        )
        headers = _relayed(resp, ctx.request_id)
        headers[0] = _SSE
        headers.append((b"cache-control", b"no-cache"))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        current = asyncio.current_task()
        watcher = asyncio.ensure_future(_wait_disconnect(receive))

        def cancel_on_disconnect(fut: asyncio.Future[None]) -> None:
            if current is not None and not fut.cancelled():
                current.cancel()  # the client left: stop reading (and close) the upstream

        watcher.add_done_callback(cancel_on_disconnect)
        error: str | None = None
        try:
            decoder = SSEDecoder()
            assert resp.stream is not None
            async for chunk in resp.stream:
                for event in decoder.feed(chunk):
                    out = await sg.feed(event)
                    if out:
                        await send({"type": "http.response.body", "body": out, "more_body": True})
                    if sg.ended:
                        break
                if sg.ended:
                    break
            else:
                out = b"".join([await sg.feed(e) for e in decoder.tail()]) + await sg.finish()
                if out:
                    await send({"type": "http.response.body", "body": out, "more_body": True})
        except UpstreamError as err:
            error = "timeout" if isinstance(err, UpstreamTimeout) else "protocol"
            await send({"type": "http.response.body", "body": sg.fail(str(err)), "more_body": True})
        except asyncio.CancelledError:
            if not watcher.done() or watcher.cancelled():
                raise
            if current is not None:
                current.uncancel()
            error = "other"
            self.telemetry.log.info("guardrail.client_disconnected", request_id=ctx.request_id)
        finally:
            watcher.remove_done_callback(cancel_on_disconnect)
            if not watcher.done():
                watcher.cancel()
            await resp.aclose()
        self.telemetry.record_upstream(time.perf_counter() - started, kind="stream", error=error)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return 200

    # -- helpers ---------------------------------------------------------------------------------

    def _record(self, ctx: _Ctx, decision: Decision, spent: float, stage: str = "rules") -> None:
        self.telemetry.record_check(
            decision,
            request_id=ctx.request_id,
            model=ctx.model,
            duration_s=spent,
            stream=ctx.stream,
            stage=stage,
        )

    async def _upstream_failed(
        self, send: Send, err: UpstreamError, started: float, kind: str
    ) -> int:
        timeout = isinstance(err, UpstreamTimeout)
        self.telemetry.record_upstream(
            time.perf_counter() - started, kind=kind, error="timeout" if timeout else "connect"
        )
        self.telemetry.log.warning("guardrail.upstream_failed", error=str(err))
        status = 504 if timeout else 502
        code = "upstream_timeout" if timeout else "upstream_unreachable"
        return await _respond(send, status, error_bytes(str(err), type="upstream_error", code=code))

    def _authorized(self, scope: Scope) -> bool:
        auth = _header(scope, b"authorization")
        if not auth or auth[:7].lower() != "bearer ":
            return False
        given = auth[7:].strip().encode()
        found = False
        for key in self._keys:  # compare with every key: timing says nothing about which
            found |= hmac.compare_digest(given, key)
        return found

    def _forward_headers(self, scope: Scope) -> dict[str, str]:
        out: dict[str, str] = {}
        drop_auth = bool(self._keys)  # the client's key is guardrail's, not the upstream's
        for raw_name, raw_value in scope["headers"]:
            name = raw_name.decode("latin-1")
            if name in _DROP or (drop_auth and name == "authorization"):
                continue
            out[name] = raw_value.decode("latin-1")
        return out


class _Ctx:
    __slots__ = ("base", "model", "request", "request_id", "stream")

    def __init__(
        self, request_id: str, model: str, request: dict[str, Any], base: Any, stream: bool
    ) -> None:
        self.request_id = request_id
        self.model = model
        self.request = request
        self.base = base
        self.stream = stream


def _rank(action: Action) -> int:
    return action.rank


def _request_problem(request: Any) -> tuple[str, str | None] | None:
    if not isinstance(request, dict):
        return "request body must be a JSON object", None
    messages = request.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' is required and must be a non-empty array", "messages"
    if not isinstance(request.get("model"), str):
        return "'model' is required and must be a string", "model"
    stream = request.get("stream")
    if stream is not None and not isinstance(stream, bool):
        return "'stream' must be a boolean", "stream"
    return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _relayed(resp: UpstreamResponse, request_id: str | None = None) -> list[tuple[bytes, bytes]]:
    """Response headers for the client: JSON content type first, then relayed ones."""
    headers = [_JSON]
    has_id = False
    for name, value in resp.headers.items():
        lname = name.lower()
        if lname.startswith(_RELAY_PREFIXES):
            headers.append((lname.encode("latin-1"), value.encode("latin-1")))
            has_id |= lname == "x-request-id"
        elif lname == "content-type" and not value.startswith("application/json"):
            headers[0] = (b"content-type", value.encode("latin-1"))
    if not has_id and request_id:
        headers.append((b"x-request-id", request_id.encode("latin-1")))
    return headers


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> int:
    out = [*(headers or (_JSON,)), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": body, "more_body": False})
    return status


async def _bad_request(send: Send, message: str, param: str | None = None) -> int:
    return await _respond(send, 400, error_bytes(message, param=param, code="invalid_request"))


async def _unauthorized(send: Send) -> int:
    body = error_bytes(
        "missing or invalid API key for this guardrail proxy",
        type="invalid_request_error",
        code="invalid_api_key",
    )
    return await _respond(
        send, 401, body, [_JSON, (b"www-authenticate", b'Bearer realm="guardrail"')]
    )


async def _read_body(scope: Scope, receive: Receive, limit: int) -> bytes:
    length = _header(scope, b"content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise _TooLarge
    message = await receive()
    if message["type"] == "http.disconnect":
        raise _ClientGone
    body: bytes = message.get("body", b"")
    if not message.get("more_body"):
        if len(body) > limit:
            raise _TooLarge
        return body
    parts = [body]
    size = len(body)
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        parts.append(chunk)
        if not message.get("more_body"):
            return b"".join(parts)


async def _wait_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
