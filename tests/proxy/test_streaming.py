"""StreamGuard: nothing reaches the client before it is judged; allowed bytes are unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guardrail.decision import Decision
from guardrail.engine import Engine
from guardrail.judging import FailClosedJudge
from guardrail.policy import load_policies
from guardrail.proxy.streaming import SSEDecoder, StreamGuard
from tests.conftest import user
from tests.proxy.support import BLOCK_WORD, SECRET, reassemble, sse_events

REQUEST = {"model": "m", "messages": [user("hi")]}


def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0) -> bytes:
    obj = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
           "choices": [{"index": index, "delta": delta, "logprobs": None,
                        "finish_reason": finish}]}  # fmt: skip
    return b"data: " + json.dumps(obj).encode() + b"\n\n"


def text_stream(*pieces: str) -> list[bytes]:
    return [
        chunk({"role": "assistant", "content": ""}),
        *(chunk({"content": p}) for p in pieces),
        chunk({}, "stop"),
        b'data: {"id": "c1", "choices": [], "usage": {"total_tokens": 9}}\n\n',
        b"data: [DONE]\n\n",
    ]


def make_guard(policy_dir: Path, **kw: Any) -> tuple[StreamGuard, list[Decision]]:
    guard = FailClosedJudge(Engine(load_policies(policy_dir)))
    decisions: list[Decision] = []
    sg = StreamGuard(
        guard, guard.prepare(REQUEST), on_decision=lambda i, d, s: decisions.append(d), **kw
    )
    return sg, decisions


async def run(sg: StreamGuard, raw: list[bytes]) -> list[bytes]:
    """Feed events one by one; returns what was sent after each."""
    decoder = SSEDecoder()
    outputs = []
    for piece in raw:
        for event in decoder.feed(piece):
            outputs.append(await sg.feed(event))
    outputs.append(await sg.finish())
    return outputs


def test_decoder_joins_events_split_across_reads() -> None:
    """Events cut at any byte, with CRLF line ends, come out whole."""
    raw = b"".join(text_stream("Hello", " world")).replace(b"\n", b"\r\n")
    decoder = SSEDecoder()
    events = [e for i in range(0, len(raw), 7) for e in decoder.feed(raw[i : i + 7])]
    assert [e.data for e in events][-1] == b"[DONE]"
    assert len(events) == 6
    assert json.loads(events[1].data or b"")["choices"][0]["delta"]["content"] == "Hello"


async def test_allowed_stream_is_released_unchanged(policy_dir: Path) -> None:
    raw = text_stream("Hello", " there", ", friend.")
    sg, decisions = make_guard(policy_dir)
    out = b"".join(await run(sg, raw))
    assert out == b"".join(raw)
    assert [d.action.value for d in decisions] == ["allow"]


async def test_text_is_held_until_checked(policy_dir: Path) -> None:
    """Below the window, text waits for the finish chunk; the role chunk goes at once."""
    sg, _ = make_guard(policy_dir, window=1000, flush_s=60)
    outputs = await run(sg, text_stream("Hello", " there"))
    assert outputs[0]  # role delta, no text: released immediately
    assert outputs[1] == outputs[2] == b""
    assert b"Hello" in outputs[3]


async def test_window_releases_text_before_the_end(policy_dir: Path) -> None:
    """Once a window is full and checked, its text goes out before the answer ends."""
    sg, _ = make_guard(policy_dir, window=10, min_interval_s=0)
    outputs = await run(sg, text_stream("0123456789ab", "cd"))
    assert b"0123456789ab" in outputs[1]


async def test_block_mid_stream_ends_with_content_filter(policy_dir: Path) -> None:
    """The offending window never leaves; the stream ends with content_filter and [DONE]."""
    sg, decisions = make_guard(policy_dir, window=8, min_interval_s=0)
    body = b"".join(await run(sg, text_stream("all good so far. ", f"now {BLOCK_WORD}", " more")))
    events = sse_events(body)
    assert events[-1] == "[DONE]"
    assert events[-2]["choices"][0]["finish_reason"] == "content_filter"
    assert events[-2]["guardrail"]["action"] == "block"
    assert BLOCK_WORD not in reassemble(events)["content"]
    assert "all good so far" in reassemble(events)["content"]
    assert [d.action.value for d in decisions] == ["block"]


async def test_parallel_tool_calls_are_held_and_judged_together(policy_dir: Path) -> None:
    """No tool call fragment leaves before the finish chunk; a bad call blocks them all."""
    raw = [
        chunk({"role": "assistant", "content": None}),
        chunk(
            {
                "tool_calls": [
                    {
                        "index": 0,
                        "id": "a",
                        "type": "function",
                        "function": {"name": "read", "arguments": ""},
                    }
                ]
            }
        ),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"p": 1}'}}]}),
        chunk(
            {
                "tool_calls": [
                    {
                        "index": 1,
                        "id": "b",
                        "type": "function",
                        "function": {"name": "send", "arguments": '{"t": "'},
                    }
                ]
            }
        ),
        chunk({"tool_calls": [{"index": 1, "function": {"arguments": BLOCK_WORD + '"}'}}]}),
        chunk({}, "tool_calls"),
        b"data: [DONE]\n\n",
    ]
    sg, _ = make_guard(policy_dir)
    outputs = await run(sg, raw)
    assert all(b"tool_calls" not in o for o in outputs[1:5])
    events = sse_events(b"".join(outputs))
    assert reassemble(events)["tool_calls"] == []
    assert reassemble(events)["finish_reason"] == "content_filter"

    sg, _ = make_guard(policy_dir)
    good = [r.replace(BLOCK_WORD.encode(), b"fine") for r in raw]
    assert b"".join(await run(sg, good)) == b"".join(good)


async def test_redaction_in_a_stream_rewrites_the_held_text(policy_dir: Path) -> None:
    sg, _ = make_guard(policy_dir)
    events = sse_events(b"".join(await run(sg, text_stream("key: ", SECRET, " ok"))))
    content = reassemble(events)["content"]
    assert SECRET not in content
    assert content == "key: [redacted by guardrail: test-redact] ok"


async def test_upstream_error_event_passes_and_ends(policy_dir: Path) -> None:
    """An error event from upstream is relayed; held text is dropped."""
    sg, _ = make_guard(policy_dir, window=1000)
    raw = [chunk({"content": "partial"}), b'data: {"error": {"message": "overloaded"}}\n\n']
    body = b"".join(await run(sg, raw))
    assert b"partial" not in body
    assert b"overloaded" in body
    assert sg.ended


async def test_garbage_event_fails_closed(policy_dir: Path) -> None:
    sg, _ = make_guard(policy_dir, window=1000)
    body = b"".join(await run(sg, [chunk({"content": "x"}), b"data: {not json\n\n"]))
    assert b'"error"' in body
    assert b'"x"' not in body
