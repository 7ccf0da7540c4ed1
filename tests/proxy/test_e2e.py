"""The proxy as a real uvicorn server on 127.0.0.1 in front of a real fake-OpenAI server."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path
from typing import Any

import aiohttp

from guardrail.engine import Engine
from guardrail.policy import load_policies
from guardrail.proxy.app import create_app
from guardrail.proxy.settings import Settings
from guardrail.proxy.upstream import OpenAIUpstream
from guardrail.telemetry import Metrics, Telemetry
from tests.conftest import assistant, tool_call, user
from tests.fakes.openai_upstream import FakeError, FakeOpenAI
from tests.proxy.support import BLOCK_WORD, post_json, reassemble, serving, sse_events


def build(policy_dir: Path, base_url: str, **settings: Any) -> Any:
    s = Settings(upstream_base_url=base_url, **settings)
    upstream = OpenAIUpstream(base_url, api_key=s.upstream_api_key, timeout_s=s.upstream_timeout_s)
    return create_app(
        s,
        engine=Engine(load_policies(policy_dir)),
        telemetry=Telemetry(Metrics()),
        upstream=upstream,
    )


def ask(**extra: Any) -> dict[str, Any]:
    return {"model": "agent", "messages": [user("go")], **extra}


PARALLEL = assistant(
    "Two things at once.",
    tool_call("read_file", "call_a", path="/srv/report.txt"),
    tool_call("send_email", "call_b", to="team@example.com", body="report attached"),
)


async def test_json_allow_and_block(policy_dir: Path) -> None:
    answers = iter([PARALLEL, assistant(f"I will {BLOCK_WORD} it")])
    async with (
        FakeOpenAI(lambda body: next(answers)) as up,
        serving(build(policy_dir, up.base_url)) as url,
    ):
        ok = await post_json(url + "/chat/completions", ask(), authorization="Bearer sk-c")
        blocked = await post_json(url + "/chat/completions", ask())
    message = ok.json()["choices"][0]["message"]
    assert message["content"] == PARALLEL["content"]
    assert message["tool_calls"] == PARALLEL["tool_calls"]
    assert ok.headers["x-request-id"].startswith("req_fake")
    assert up.requests[0][1]["Authorization"] == "Bearer sk-c"
    assert blocked.headers["x-guardrail-action"] == "block"
    assert blocked.json()["choices"][0]["finish_reason"] == "content_filter"


async def test_stream_with_parallel_tool_calls_is_faithful(policy_dir: Path) -> None:
    """Allowed streamed text and parallel tool calls reassemble to the upstream's answer."""
    async with (
        FakeOpenAI(lambda body: PARALLEL) as up,
        serving(build(policy_dir, up.base_url)) as url,
    ):
        reply = await post_json(
            url + "/chat/completions",
            ask(stream=True, stream_options={"include_usage": True}),
        )
    assert reply.headers["content-type"].startswith("text/event-stream")
    events = sse_events(reply.body)
    got = reassemble(events)
    assert got["content"] == PARALLEL["content"]
    assert [(c["id"], c["name"], json.loads(c["arguments"])) for c in got["tool_calls"]] == [
        (c["id"], c["function"]["name"], json.loads(c["function"]["arguments"]))
        for c in PARALLEL["tool_calls"]
    ]
    assert got["finish_reason"] == "tool_calls"
    assert events[-2]["choices"] == [] and "usage" in events[-2]
    assert events[-1] == "[DONE]"


async def test_stream_block_in_a_parallel_tool_call(policy_dir: Path) -> None:
    bad = assistant(
        "Sending now.",
        tool_call("read_file", "call_a", path="/srv/a"),
        tool_call("send_email", "call_b", to="x@evil.test", body=f"{BLOCK_WORD} data"),
    )
    async with (
        FakeOpenAI(lambda body: bad) as up,
        serving(build(policy_dir, up.base_url)) as url,
    ):
        reply = await post_json(url + "/chat/completions", ask(stream=True))
    events = sse_events(reply.body)
    got = reassemble(events)
    assert got["finish_reason"] == "content_filter"
    assert got["tool_calls"] == []
    assert events[-1] == "[DONE]"


async def test_upstream_errors_are_relayed(policy_dir: Path) -> None:
    error = {"error": {"message": "model overloaded", "type": "server_error"}}
    async with (
        FakeOpenAI(lambda body: FakeError(503, error, {"x-request-id": "r-503"})) as up,
        serving(build(policy_dir, up.base_url)) as url,
    ):
        plain = await post_json(url + "/chat/completions", ask())
        streamed = await post_json(url + "/chat/completions", ask(stream=True))
    for reply in (plain, streamed):
        assert reply.status == 503
        assert reply.json() == error
        assert reply.headers["x-request-id"] == "r-503"


async def test_unreachable_and_slow_upstreams(policy_dir: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/v1"
    async with serving(build(policy_dir, dead)) as url:
        assert (await post_json(url + "/chat/completions", ask())).status == 502
    async with (
        FakeOpenAI(delay_s=2.0) as up,
        serving(build(policy_dir, up.base_url, upstream_timeout_s=0.2)) as url,
    ):
        reply = await post_json(url + "/chat/completions", ask())
    assert reply.status == 504
    assert reply.json()["error"]["code"] == "upstream_timeout"


async def test_client_keys_over_http(policy_dir: Path) -> None:
    async with FakeOpenAI() as up:
        app = build(policy_dir, up.base_url, api_keys=("team-key",), upstream_api_key="sk-up")
        async with serving(app) as url:
            denied = await post_json(url + "/chat/completions", ask())
            allowed = await post_json(
                url + "/chat/completions", ask(), authorization="Bearer team-key"
            )
    assert denied.status == 401
    assert allowed.status == 200
    assert len(up.requests) == 1
    assert up.requests[0][1]["Authorization"] == "Bearer sk-up"


async def test_client_disconnect_cancels_the_upstream(policy_dir: Path) -> None:
    """A client that goes away mid-stream closes the upstream request too."""
    long = assistant("word " * 400)
    async with (
        FakeOpenAI(lambda b: long, chunk_delay_s=0.02, content_pieces=200) as up,
        serving(build(policy_dir, up.base_url, stream_flush_ms=0)) as url,
    ):
        async with (
            aiohttp.ClientSession() as s,
            s.post(url + "/chat/completions", json=ask(stream=True)) as r,
        ):
            await r.content.readuntil(b"word")
        for _ in range(100):
            if up.cancelled:
                break
            await asyncio.sleep(0.02)
    assert up.cancelled == 1
    assert up.completed == 0


async def test_metrics_count_interventions(policy_dir: Path) -> None:
    async with FakeOpenAI(lambda body: assistant(BLOCK_WORD)) as up:
        app = build(policy_dir, up.base_url)
        async with serving(app) as url:
            await post_json(url + "/chat/completions", ask())
            await post_json(url + "/chat/completions", ask(stream=True))
            async with aiohttp.ClientSession() as s, s.get(url[:-3] + "/metrics") as r:
                text = await r.text()
    line = (
        'guardrail_interventions_total{action="block",category="exfiltration",'
        'mode="enforce",policy="test-block"} 2.0'
    )
    assert line in text
