"""The model behind the proxy, reached through one method: ``send(UpstreamRequest)``.

Three implementations: `OpenAIUpstream` (any OpenAI-compatible base URL, one pooled
aiohttp session), `LiteLLMUpstream` (routes ``anthropic/…``, ``bedrock/…`` model
names with keys from the environment; litellm is imported on first use only, because
importing it costs seconds and hundreds of MB) and `ScriptedUpstream` (the offline
demo model). Tests swap in a fake without patching.

Failures reaching the model raise `UpstreamError` (status 502) or `UpstreamTimeout`
(504); an answer with an error status is not an exception, it is relayed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from guardrail.errors import UpstreamError, UpstreamTimeout
from guardrail.scripted import ScriptedModel, completion_chunks, completion_object

JSON_HEADERS: Mapping[str, str] = {"content-type": "application/json"}
SSE_HEADERS: Mapping[str, str] = {"content-type": "text/event-stream; charset=utf-8"}


@dataclass(slots=True)
class UpstreamRequest:
    """What the proxy forwards: the client's raw body (untouched) and its parsed form."""

    method: str
    #: path under the API root, e.g. ``/chat/completions`` or ``/models``
    path: str
    body: bytes = b""
    json: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    stream: bool = False


@dataclass(slots=True)
class UpstreamResponse:
    """The upstream's answer: a whole ``body``, or a ``stream`` of raw byte chunks."""

    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    stream: AsyncIterator[bytes] | None = None
    release: Callable[[], Awaitable[None]] | None = None

    async def aclose(self) -> None:
        """Give the connection back (or abort it, if the stream was not read to the end)."""
        if self.release is not None:
            release, self.release = self.release, None
            await release()


class Upstream(Protocol):
    """The one-method seam between the proxy and a model."""

    async def send(self, request: UpstreamRequest) -> UpstreamResponse: ...


class OpenAIUpstream:
    """An OpenAI-compatible HTTP endpoint (OpenAI, vLLM, Ollama, gateways), pooled."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 600.0,
        connect_timeout_s: float = 10.0,
        max_connections: int = 256,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self.max_connections = max_connections
        self._session: Any = None
        self._auth = f"Bearer {api_key}" if api_key else None

    def _open(self) -> Any:
        import aiohttp

        connector = aiohttp.TCPConnector(
            limit=self.max_connections, ttl_dns_cache=300, keepalive_timeout=60
        )
        timeout = aiohttp.ClientTimeout(
            total=None, connect=self.connect_timeout_s, sock_read=self.timeout_s
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            auto_decompress=True,
            skip_auto_headers=("User-Agent",),
            json_serialize=lambda o: orjson.dumps(o).decode(),
        )
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, request: UpstreamRequest) -> UpstreamResponse:
        import aiohttp

        session = self._session or self._open()
        headers = dict(request.headers)
        if self._auth is not None:
            headers["authorization"] = self._auth
        url = self.base_url + request.path
        try:
            resp = await session.request(
                request.method, url, data=request.body or None, headers=headers
            )
        except TimeoutError:
            raise UpstreamTimeout(f"upstream did not answer within {self.timeout_s:g}s") from None
        except aiohttp.ClientError as err:
            raise UpstreamError(f"cannot reach upstream {self.base_url}: {err}", 502) from None
        ctype = resp.headers.get("content-type", "")
        if request.stream and resp.status == 200 and ctype.startswith("text/event-stream"):
            return UpstreamResponse(
                resp.status, resp.headers, stream=_chunks(resp), release=_closer(resp)
            )
        try:
            body = await resp.read()
        except TimeoutError:
            raise UpstreamTimeout(f"upstream did not answer within {self.timeout_s:g}s") from None
        except aiohttp.ClientError as err:
            raise UpstreamError(f"upstream connection failed: {err}", 502) from None
        finally:
            resp.release()
        return UpstreamResponse(resp.status, resp.headers, body=body)


async def _chunks(resp: Any) -> AsyncIterator[bytes]:
    import aiohttp

    try:
        async for chunk in resp.content.iter_any():
            yield chunk
    except TimeoutError:
        raise UpstreamTimeout("upstream stream stalled") from None
    except aiohttp.ClientError as err:
        raise UpstreamError(f"upstream stream broke: {err}", 502) from None


def _closer(resp: Any) -> Callable[[], Awaitable[None]]:
    async def close() -> None:
        # close(), not release(): an unfinished stream must not go back to the pool,
        # and closing the socket is what cancels generation upstream
        if resp.content.at_eof():
            resp.release()
        else:
            resp.close()

    return close


class LiteLLMUpstream:
    """Routes by model name through litellm (``anthropic/…``, ``bedrock/…``, ``gemini/…``)."""

    def __init__(self, *, api_key: str | None = None, timeout_s: float = 600.0) -> None:
        self.api_key = api_key
        self.timeout_s = timeout_s
        self._litellm: Any = None

    def _module(self) -> Any:
        if self._litellm is None:
            import litellm

            self._litellm = litellm
        return self._litellm

    async def send(self, request: UpstreamRequest) -> UpstreamResponse:
        if request.path == "/models":
            return UpstreamResponse(
                200, JSON_HEADERS, body=orjson.dumps({"object": "list", "data": []})
            )
        litellm = self._module()
        kwargs = dict(request.json or {})
        kwargs.setdefault("timeout", self.timeout_s)
        if self.api_key:
            kwargs["api_key"] = self.api_key
        try:
            result = await litellm.acompletion(**kwargs)
        except Exception as err:  # litellm maps provider failures to exceptions
            return _litellm_error(err)
        if not request.stream:
            return UpstreamResponse(200, JSON_HEADERS, body=orjson.dumps(_dump(result)))
        return UpstreamResponse(200, SSE_HEADERS, stream=_litellm_sse(result))


def _dump(obj: Any) -> Any:
    return obj.model_dump() if hasattr(obj, "model_dump") else obj


async def _litellm_sse(stream: Any) -> AsyncIterator[bytes]:
    try:
        async for chunk in stream:
            yield b"data: " + orjson.dumps(_dump(chunk)) + b"\n\n"
    except Exception as err:
        raise UpstreamError(f"upstream stream broke: {type(err).__name__}: {err}", 502) from None
    yield b"data: [DONE]\n\n"


def _litellm_error(err: Exception) -> UpstreamResponse:
    status = getattr(err, "status_code", None)
    if not isinstance(status, int) or not 400 <= status < 600:
        if "timeout" in type(err).__name__.lower():
            raise UpstreamTimeout(str(err)) from None
        raise UpstreamError(f"litellm failed: {type(err).__name__}: {err}", 502) from None
    body = {
        "error": {
            "message": str(err),
            "type": getattr(err, "type", None) or type(err).__name__,
            "param": None,
            "code": getattr(err, "code", None),
        }
    }
    return UpstreamResponse(status, JSON_HEADERS, body=orjson.dumps(body))


class ScriptedUpstream:
    """The built-in scripted model, spoken over the same wire format as a real upstream."""

    def __init__(self, model: ScriptedModel | None = None, *, chunk_delay_s: float = 0.0) -> None:
        self.model = model or ScriptedModel()
        self.chunk_delay_s = chunk_delay_s

    async def send(self, request: UpstreamRequest) -> UpstreamResponse:
        if request.path == "/models":
            return UpstreamResponse(200, JSON_HEADERS, body=orjson.dumps(self.model.models()))
        body = request.json or {}
        message = self.model.reply(body)
        created = int(time.time())
        if not request.stream:
            return UpstreamResponse(
                200, JSON_HEADERS, body=orjson.dumps(completion_object(body, message, created))
            )
        return UpstreamResponse(200, SSE_HEADERS, stream=self._sse(body, message, created))

    async def _sse(
        self, body: Mapping[str, Any], message: Mapping[str, Any], created: int
    ) -> AsyncIterator[bytes]:
        for chunk in completion_chunks(body, message, created):
            yield b"data: " + orjson.dumps(chunk) + b"\n\n"
            if self.chunk_delay_s:
                await asyncio.sleep(self.chunk_delay_s)
        yield b"data: [DONE]\n\n"
