"""The upstream implementations behind the one-method seam."""

from __future__ import annotations

import sys
import types
from collections.abc import AsyncIterator
from typing import Any

import pytest

from guardrail.errors import UpstreamError
from guardrail.proxy.streaming import SSEDecoder
from guardrail.proxy.upstream import LiteLLMUpstream, ScriptedUpstream, UpstreamRequest
from guardrail.scripted import SCENARIOS
from tests.proxy.support import reassemble, sse_events


class Dumpable(dict[str, Any]):
    def model_dump(self) -> dict[str, Any]:
        return dict(self)


class StatusError(Exception):
    status_code = 429


@pytest.fixture
def fake_litellm(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A stand-in ``litellm`` module: records calls, answers JSON or a chunk stream."""
    calls: list[dict[str, Any]] = []

    async def acompletion(**kwargs: Any) -> Any:
        calls.append(kwargs)
        if kwargs["model"] == "limited":
            raise StatusError("rate limited")
        if kwargs["model"] == "broken":
            raise RuntimeError("no route")
        if not kwargs.get("stream"):
            return Dumpable(id="x", choices=[{"index": 0, "message": {"content": "hi"}}])

        async def chunks() -> AsyncIterator[Dumpable]:
            for piece in ("h", "i"):
                yield Dumpable(choices=[{"index": 0, "delta": {"content": piece}}])

        return chunks()

    module = types.ModuleType("litellm")
    module.acompletion = acompletion  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "litellm", module)
    return calls


def chat(model: str, stream: bool = False) -> UpstreamRequest:
    body = {"model": model, "messages": [{"role": "user", "content": "x"}], "stream": stream}
    return UpstreamRequest("POST", "/chat/completions", json=body, stream=stream)


async def test_litellm_json_stream_and_errors(fake_litellm: list[dict[str, Any]]) -> None:
    """litellm answers become OpenAI JSON or SSE; provider errors keep their status."""
    up = LiteLLMUpstream(api_key="k", timeout_s=3)
    plain = await up.send(chat("anthropic/claude"))
    assert plain.status == 200 and b'"hi"' in plain.body
    assert fake_litellm[0]["api_key"] == "k" and fake_litellm[0]["timeout"] == 3
    streamed = await up.send(chat("anthropic/claude", stream=True))
    assert streamed.stream is not None
    raw = b"".join([c async for c in streamed.stream])
    assert reassemble(sse_events(raw))["content"] == "hi"
    assert raw.endswith(b"data: [DONE]\n\n")
    limited = await up.send(chat("limited"))
    assert limited.status == 429 and b"rate limited" in limited.body
    with pytest.raises(UpstreamError):
        await up.send(chat("broken"))


async def test_scripted_upstream_speaks_the_wire_format() -> None:
    up = ScriptedUpstream()
    scenario = SCENARIOS[2]
    models = await up.send(UpstreamRequest("GET", "/models"))
    assert scenario.model.encode() in models.body
    streamed = await up.send(
        UpstreamRequest("POST", "/chat/completions", json=scenario.request(), stream=True)
    )
    assert streamed.stream is not None
    decoder = SSEDecoder()
    events = [e async for c in streamed.stream for e in decoder.feed(c)]
    assert events[-1].data == b"[DONE]"
