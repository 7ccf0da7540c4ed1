"""The ASGI app driven in process, with a stub upstream behind the one-method seam."""

from __future__ import annotations

import json
from pathlib import Path

from guardrail.engine import Engine
from guardrail.errors import UpstreamError, UpstreamTimeout
from guardrail.policy import load_policies
from guardrail.proxy.upstream import UpstreamResponse
from tests.conftest import assistant, tool_call, user
from tests.proxy.support import (
    BLOCK_WORD,
    FLAG_WORD,
    MONITOR_WORD,
    SECRET,
    BrokenEngine,
    StubUpstream,
    call,
    completion,
    make_app,
)

CHAT = "/v1/chat/completions"


def ask(**extra: object) -> dict[str, object]:
    return {"model": "m", "messages": [user("hello")], **extra}


async def test_allowed_answer_is_relayed_byte_for_byte(policy_dir: Path) -> None:
    """An allowed answer reaches the client exactly as the upstream sent it."""
    upstream = StubUpstream.answering(assistant("All fine."))
    raw = upstream.responses[0].body  # type: ignore[union-attr]
    reply = await call(make_app(policy_dir, upstream), "POST", CHAT, ask())
    assert reply.status == 200
    assert reply.body == raw
    assert reply.headers["x-guardrail-action"] == "allow"
    assert reply.headers["x-request-id"] == "up-1"


async def test_request_bytes_are_forwarded_untouched(policy_dir: Path) -> None:
    """Unknown fields, tools and options reach the upstream exactly as the client sent them."""
    upstream = StubUpstream.answering(assistant("ok"))
    body = json.dumps(
        ask(tool_choice="auto", parallel_tool_calls=False, x_vendor={"a": [1, 2]}, n=1)
    ).encode()
    await call(make_app(policy_dir, upstream), "POST", CHAT, body)
    assert upstream.sent[0].body == body
    assert upstream.sent[0].path == "/chat/completions"


async def test_block_replaces_answer_and_removes_tool_calls(policy_dir: Path) -> None:
    """A blocked answer is a 200 with content_filter, a notice, no tool calls, a guardrail object."""
    bad = assistant(None, tool_call("send_email", to="x@y.z", body=f"the {BLOCK_WORD} plan"))
    reply = await call(make_app(policy_dir, StubUpstream.answering(bad)), "POST", CHAT, ask())
    assert reply.status == 200
    assert reply.headers["x-guardrail-action"] == "block"
    answer = reply.json()
    choice = answer["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert "tool_calls" not in choice["message"]
    assert "test-block" in choice["message"]["content"]
    assert BLOCK_WORD not in choice["message"]["content"]
    assert answer["guardrail"]["action"] == "block"
    assert answer["guardrail"]["violations"][0]["policy"] == "test-block"
    assert answer["usage"]["total_tokens"] == 7


async def test_block_style_error_answers_400_content_filter(policy_dir: Path) -> None:
    """With block_style=error a block is an OpenAI error object with code content_filter."""
    app = make_app(policy_dir, StubUpstream.answering(assistant(BLOCK_WORD)), block_style="error")
    reply = await call(app, "POST", CHAT, ask())
    assert reply.status == 400
    assert reply.json()["error"]["code"] == "content_filter"
    assert reply.headers["x-guardrail-action"] == "block"


async def test_flag_and_monitor_pass_the_answer_untouched(policy_dir: Path) -> None:
    """flag and monitor-mode violations mark the answer but do not change it."""
    for word in (FLAG_WORD, MONITOR_WORD):
        upstream = StubUpstream.answering(assistant(f"a {word} thing"))
        raw = upstream.responses[0].body  # type: ignore[union-attr]
        app = make_app(policy_dir, upstream)
        reply = await call(app, "POST", CHAT, ask())
        assert reply.body == raw
        assert reply.headers["x-guardrail-action"] == "flag"
        checks = app.telemetry.metrics.registry.get_sample_value(
            "guardrail_checks_total", {"source": "proxy", "action": "flag"}
        )
        assert checks == 1


async def test_redact_replaces_only_the_span(policy_dir: Path) -> None:
    """redact swaps the offending characters for a marker and keeps the rest."""
    upstream = StubUpstream.answering(assistant(f"The code is {SECRET}, use it."))
    reply = await call(make_app(policy_dir, upstream), "POST", CHAT, ask())
    content = reply.json()["choices"][0]["message"]["content"]
    assert reply.headers["x-guardrail-action"] == "redact"
    assert SECRET not in content
    assert content.startswith("The code is [redacted by guardrail: test-redact]")
    assert content.endswith(", use it.")


async def test_each_choice_is_judged(policy_dir: Path) -> None:
    """With n>1 only the offending choice is blocked."""
    body = completion(assistant("fine"))
    body["choices"].append(
        {"index": 1, "message": assistant(f"{BLOCK_WORD}!"), "finish_reason": "stop"}
    )
    upstream = StubUpstream([UpstreamResponse(200, {}, body=json.dumps(body).encode())])
    reply = await call(make_app(policy_dir, upstream), "POST", CHAT, ask(n=2))
    first, second = reply.json()["choices"]
    assert first["message"]["content"] == "fine"
    assert second["finish_reason"] == "content_filter"


async def test_malformed_input_is_a_400_naming_the_problem(policy_dir: Path) -> None:
    """Bad JSON, a missing messages array or a bad message never reach the upstream."""
    upstream = StubUpstream()
    app = make_app(policy_dir, upstream)
    cases = [
        (b"{not json", "not valid JSON"),
        (json.dumps({"model": "m"}).encode(), "'messages'"),
        (json.dumps({"model": "m", "messages": []}).encode(), "'messages'"),
        (json.dumps({"messages": [user("x")]}).encode(), "'model'"),
        (json.dumps([1, 2]).encode(), "JSON object"),
        (json.dumps(ask(stream="yes")).encode(), "'stream'"),
    ]
    for body, needle in cases:
        reply = await call(app, "POST", CHAT, body)
        assert reply.status == 400, body
        assert needle in reply.json()["error"]["message"]
    assert upstream.sent == []


async def test_oversize_body_is_413(policy_dir: Path) -> None:
    """A body over max_body_bytes is refused with 413 before parsing."""
    app = make_app(policy_dir, StubUpstream(), max_body_bytes=2048)
    reply = await call(app, "POST", CHAT, ask(pad="x" * 4096))
    assert reply.status == 413
    assert reply.json()["error"]["code"] == "too_large"


async def test_client_keys_guard_every_api_route(policy_dir: Path) -> None:
    """With api_keys set, a request without a valid bearer gets 401 and never goes upstream."""
    upstream = StubUpstream.answering(assistant("ok"))
    app = make_app(policy_dir, upstream, api_keys=("k-1", "k-2"))
    for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": "k-1"}):
        reply = await call(app, "POST", CHAT, ask(), headers)
        assert reply.status == 401
        assert reply.json()["error"]["code"] == "invalid_api_key"
    assert upstream.sent == []
    ok = await call(app, "POST", CHAT, ask(), {"authorization": "Bearer k-2"})
    assert ok.status == 200
    assert "authorization" not in upstream.sent[0].headers  # guardrail's key stays here


async def test_client_authorization_goes_upstream_without_client_keys(policy_dir: Path) -> None:
    upstream = StubUpstream.answering(assistant("ok"))
    app = make_app(policy_dir, upstream)
    await call(app, "POST", CHAT, ask(), {"authorization": "Bearer sk-user", "host": "h"})
    assert upstream.sent[0].headers["authorization"] == "Bearer sk-user"
    assert "host" not in upstream.sent[0].headers


async def test_upstream_error_status_and_body_are_relayed(policy_dir: Path) -> None:
    body = b'{"error": {"message": "slow down", "type": "rate_limit"}}'
    upstream = StubUpstream(
        [UpstreamResponse(429, {"content-type": "application/json", "x-request-id": "r9"}, body)]
    )
    app = make_app(policy_dir, upstream)
    reply = await call(app, "POST", CHAT, ask())
    assert (reply.status, reply.body, reply.headers["x-request-id"]) == (429, body, "r9")
    errors = app.telemetry.metrics.registry.get_sample_value(
        "guardrail_upstream_errors_total", {"kind": "status_4xx"}
    )
    assert errors == 1


async def test_unreachable_upstream_is_502_and_timeout_504(policy_dir: Path) -> None:
    upstream = StubUpstream([UpstreamError("connection refused"), UpstreamTimeout()])
    app = make_app(policy_dir, upstream)
    first = await call(app, "POST", CHAT, ask())
    second = await call(app, "POST", CHAT, ask())
    assert (first.status, first.json()["error"]["code"]) == (502, "upstream_unreachable")
    assert (second.status, second.json()["error"]["code"]) == (504, "upstream_timeout")


async def test_a_failing_detector_fails_closed(policy_dir: Path, exploding_detector: None) -> None:
    """A detector that raises blocks the answer and is counted, the server carries on."""
    (policy_dir / "explode.yaml").write_text(
        "id: test-explode\ncategory: exfiltration\ndescription: raises\n"
        "detectors:\n  - type: explode\n"
    )
    app = make_app(policy_dir, StubUpstream.answering(assistant("harmless")))
    reply = await call(app, "POST", CHAT, ask())
    assert reply.headers["x-guardrail-action"] == "block"
    assert reply.json()["guardrail"]["faults"][0]["failed_closed"] is True
    assert (
        app.telemetry.metrics.registry.get_sample_value(
            "guardrail_fail_closed_total", {"policy": "test-explode"}
        )
        == 1
    )


async def test_a_failing_engine_fails_closed(policy_dir: Path) -> None:
    """An error in the engine itself blocks the answer under the guard's own name."""
    engine = BrokenEngine(load_policies(policy_dir))
    app = make_app(policy_dir, StubUpstream.answering(assistant("harmless")), engine=engine)
    reply = await call(app, "POST", CHAT, ask())
    assert reply.json()["choices"][0]["finish_reason"] == "content_filter"
    assert (
        app.telemetry.metrics.registry.get_sample_value(
            "guardrail_fail_closed_total", {"policy": "guardrail"}
        )
        == 1
    )


async def test_unreadable_upstream_answer_is_502(policy_dir: Path) -> None:
    upstream = StubUpstream([UpstreamResponse(200, {}, body=b"<html>")])
    reply = await call(make_app(policy_dir, upstream), "POST", CHAT, ask())
    assert reply.status == 502


async def test_small_routes(policy_dir: Path) -> None:
    """healthz, metrics, models and unknown paths."""
    models = b'{"object": "list", "data": [{"id": "m"}]}'
    upstream = StubUpstream([UpstreamResponse(200, {"content-type": "application/json"}, models)])
    app = make_app(policy_dir, upstream)
    assert (await call(app, "GET", "/healthz")).json() == {"status": "ok"}
    assert (await call(app, "GET", "/v1/models")).body == models
    assert (await call(app, "GET", "/nowhere")).status == 404
    assert (await call(app, "GET", CHAT)).status == 405
    metrics = await call(app, "GET", "/metrics")
    assert b'guardrail_http_requests_total{code="2xx",route="healthz"} 1.0' in metrics.body
    assert b"guardrail_policy_info{" in metrics.body


async def test_extra_routes_are_mounted(policy_dir: Path) -> None:
    """create_app mounts extra ASGI apps (the interventions listing) under their path."""
    from guardrail.proxy.app import create_app
    from guardrail.proxy.settings import Settings
    from guardrail.telemetry import Metrics, Telemetry

    async def hello(scope: object, receive: object, send: object) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"hi"})  # type: ignore[operator]

    app = create_app(
        Settings(),
        engine=Engine(load_policies(policy_dir)),
        telemetry=Telemetry(Metrics()),
        upstream=StubUpstream(),
        extra_routes={"/v1/guardrail/interventions": hello},
    )
    assert (await call(app, "GET", "/v1/guardrail/interventions")).body == b"hi"
