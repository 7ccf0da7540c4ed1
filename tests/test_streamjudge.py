"""StreamJudge: the one stream-judging core behind the proxy's SSE face and the library's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openai.types.chat import ChatCompletionChunk

from guardrail.decision import Decision
from guardrail.engine import Engine
from guardrail.guarded_stream import guard_stream
from guardrail.judging import FailClosedJudge
from guardrail.policy import load_policies
from guardrail.render import rebuild
from guardrail.streamjudge import ChoiceState, StreamJudge, StreamWindows
from tests.conftest import user
from tests.proxy.support import BLOCK_WORD, SECRET, write_policies

REQUEST = {"model": "m", "messages": [user("hi")]}


def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0) -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": index, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }


class Run:
    """A StreamJudge over dict chunks (each chunk is its own item), recording its reports."""

    def __init__(self, policy_dir: Path, windows: StreamWindows | None = None) -> None:
        judge = FailClosedJudge(Engine(load_policies(policy_dir)))
        self.reports: list[tuple[int, str]] = []
        self.core: StreamJudge[dict[str, Any]] = StreamJudge(
            judge,
            judge.prepare(REQUEST),
            on_decision=self.report,
            reencode=lambda item, data: data,
            windows=windows,
        )

    def report(self, state: ChoiceState, decision: Decision) -> None:
        self.reports.append((state.index, decision.action.value))

    async def feed(self, *chunks: dict[str, Any]) -> list[list[dict[str, Any]]]:
        """What was released after each chunk, then after the end of the stream."""
        out = [list(await self.core.push(c, c)) for c in chunks]
        return [*out, list(await self.core.settle())]


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    return write_policies(tmp_path)


async def test_each_choice_is_reported_once_and_allowed_windows_not_at_all(
    policy_dir: Path,
) -> None:
    """Two choices judged in many windows still give one report per choice."""
    run = Run(policy_dir, StreamWindows(min_chars=4, max_chars=8))
    pieces = [chunk({"content": "word "}, index=i) for _ in range(6) for i in (0, 1)]
    released = await run.feed(*pieces, chunk({}, "stop", 0), chunk({}, "stop", 1))
    assert sum(len(r) for r in released) == len(pieces) + 2
    assert sorted(run.reports) == [(0, "allow"), (1, "allow")]


async def test_without_flush_text_waits_for_a_window_and_with_flush_s_it_does_not(
    policy_dir: Path,
) -> None:
    """The library's default pacing is by size only; ``flush_s`` releases waiting text."""
    held = Run(policy_dir, StreamWindows(min_chars=1000))
    assert (await held.feed(chunk({"content": "Hello"})))[0] == []
    flushed = Run(policy_dir, StreamWindows(min_chars=1000, flush_s=0.0))
    assert (await flushed.feed(chunk({"content": "Hello"})))[0] != []


async def test_tool_calls_hold_every_chunk_until_the_choice_finishes(policy_dir: Path) -> None:
    """Text windows are judged but nothing leaves while a call is incomplete."""
    run = Run(policy_dir, StreamWindows(min_chars=1))
    call = {"index": 0, "id": "a", "type": "function", "function": {"name": "send"}}
    args = {"index": 0, "function": {"arguments": '{"to": "x"}'}}
    released = await run.feed(
        chunk({"content": "Sending now."}),
        chunk({"tool_calls": [call]}),
        chunk({"tool_calls": [args]}),
        chunk({}, "tool_calls"),
    )
    assert released[0] != []  # text before any call goes out once judged
    assert released[1] == released[2] == []
    assert len(released[3]) == 3
    assert run.reports == [(0, "allow")]


async def test_legacy_function_call_deltas_are_judged(policy_dir: Path) -> None:
    """A ``function_call`` delta is a tool call too: its arguments can block the answer."""
    run = Run(policy_dir)
    legacy = {"function_call": {"name": "send", "arguments": f'{{"body": "{BLOCK_WORD}"}}'}}
    released = await run.feed(chunk(legacy), chunk({}, "function_call"))
    assert released == [[], [], []]
    assert run.core.blocked is not None and run.core.blocked.blocked


async def test_closing_chunk_gives_the_role_only_to_choices_with_nothing_released(
    policy_dir: Path,
) -> None:
    """A client that never saw the role chunk gets it with the notice."""
    fresh = Run(policy_dir)
    await fresh.feed(chunk({"role": "assistant", "content": f"now {BLOCK_WORD}"}, "stop"))
    assert fresh.core.blocked is not None
    delta = fresh.core.closing_chunk(fresh.core.blocked)["choices"][0]["delta"]
    assert delta["role"] == "assistant" and "test-block" in delta["content"]

    started = Run(policy_dir)
    await started.feed(chunk({"role": "assistant", "content": ""}), chunk({"content": BLOCK_WORD}))
    assert started.core.blocked is not None
    closing = started.core.closing_chunk(started.core.blocked)
    assert "role" not in closing["choices"][0]["delta"]
    assert closing["choices"][0]["finish_reason"] == "content_filter"
    assert (closing["id"], closing["model"]) == ("c1", "m")


async def test_a_chunk_without_choices_stays_behind_held_text(policy_dir: Path) -> None:
    """Order is kept: a usage chunk after unjudged text waits with it."""
    run = Run(policy_dir, StreamWindows(min_chars=1000))
    usage = {"id": "c1", "choices": [], "usage": {"total_tokens": 3}}
    released = await run.feed(chunk({"content": "Hi"}), usage, chunk({}, "stop"))
    assert released[1] == []
    assert released[2] == [chunk({"content": "Hi"}), usage, chunk({}, "stop")]
    assert list(await Run(policy_dir).core.push(usage, usage)) == [usage]


async def test_a_malformed_chunk_fails_closed_without_a_report(policy_dir: Path) -> None:
    run = Run(policy_dir)
    released = await run.feed(chunk({"content": "fine"}), {"choices": ["not a choice"]})
    assert released == [[], [], []]
    assert run.core.blocked is not None
    assert run.core.blocked.violations[0].rule == "guard_fault"
    assert run.reports == []


async def _chunks(*deltas: dict[str, Any]) -> AsyncIterator[ChatCompletionChunk]:
    for delta in deltas:
        yield ChatCompletionChunk.model_validate(chunk(delta))
    yield ChatCompletionChunk.model_validate(chunk({}, "stop"))


def _library_judge(policy_dir: Path) -> StreamJudge[Any]:
    judge = FailClosedJudge(Engine(load_policies(policy_dir)))
    return StreamJudge(
        judge, judge.prepare(REQUEST), on_decision=lambda s, d: None, reencode=rebuild
    )


async def test_library_face_yields_the_sdk_chunk_objects_themselves(policy_dir: Path) -> None:
    upstream = [c async for c in _chunks({"role": "assistant", "content": "Hi"}, {"content": "!"})]

    async def replay() -> AsyncIterator[ChatCompletionChunk]:
        for c in upstream:
            yield c

    got = [c async for c in guard_stream(_library_judge(policy_dir), replay())]
    assert len(got) == len(upstream) and all(a is b for a, b in zip(got, upstream, strict=True))


async def test_library_face_redacts_held_text_in_the_callers_chunk_type(policy_dir: Path) -> None:
    """Redaction rewrites held SDK chunks as the proxy rewrites held SSE events."""
    stream = _chunks({"role": "assistant", "content": "key: "}, {"content": SECRET}, {})
    got = [c async for c in guard_stream(_library_judge(policy_dir), stream)]
    assert all(isinstance(c, ChatCompletionChunk) for c in got)
    text = "".join(c.choices[0].delta.content or "" for c in got)
    assert text == "key: [redacted by guardrail: test-redact]"
    assert got[-1].choices[0].finish_reason == "stop"


UNSURE_POLICY = """
id: test-unsure
category: blackmail
description: a weak cue the rules alone do not decide
threshold: 0.9
judge: {enabled: true, uncertain_from: 0.3}
detectors:
  - type: pattern
    rule: unsure_word
    score: 0.5
    patterns: ["maybe-bad"]
"""


@pytest.mark.parametrize("verdict", ["allow", "block"])
async def test_uncertain_final_verdicts_go_to_the_review_hook(tmp_path: Path, verdict: str) -> None:
    """The review sees the whole message; its verdict is the one reported and enforced."""
    judge = FailClosedJudge(
        Engine(load_policies(write_policies(tmp_path, {"u.yaml": UNSURE_POLICY})))
    )
    blocking = judge.judge(judge.prepare(REQUEST), {"role": "assistant", "content": BLOCK_WORD})[0]
    seen: list[dict[str, Any]] = []

    async def review(decision: Decision, message: dict[str, Any]) -> tuple[Decision, float]:
        assert decision.uncertain
        seen.append(message)
        return (blocking if verdict == "block" else Decision(decision.action)), 0.0

    reports: list[tuple[bool, str]] = []
    core: StreamJudge[dict[str, Any]] = StreamJudge(
        judge,
        judge.prepare(REQUEST),
        on_decision=lambda s, d: reports.append((s.reviewed, d.action.value)),
        reencode=lambda item, data: data,
        review=review,
    )
    pieces = [chunk({"content": "this is maybe-bad"}), chunk({}, "stop")]
    released = [list(await core.push(c, c)) for c in pieces]
    assert seen == [{"role": "assistant", "content": "this is maybe-bad"}]
    assert reports == [(True, verdict)]
    assert (released[-1] == pieces) is (verdict == "allow")
    assert (core.blocked is not None) is (verdict == "block")
