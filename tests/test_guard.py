"""The library faces of `Guard`: check, check_tool_call, guarded tools, wrap, acompletion."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from openai.types.chat import ChatCompletion
from prometheus_client import CollectorRegistry
from structlog.testing import capture_logs

from guardrail import ConfigError, Guard, GuardrailViolation, StreamWindows, guarded_tool
from tests.conftest import assistant, request, tool_call, user
from tests.fakes.openai_upstream import FakeOpenAI
from tests.library_cases import BENIGN, REFUSED, Case

# litellm fetches a price list from the internet on import unless told not to
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

CODEWORD_POLICY = """\
id: test-codeword
category: exfiltration
description: Test policy that blocks the word PLUTONIUM anywhere in an answer.
action: block
detectors:
  - type: pattern
    patterns: ["plutonium"]
"""


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    (tmp_path / "codeword.yaml").write_text(CODEWORD_POLICY)
    return tmp_path


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def guard(policy_dir: Path, registry: CollectorRegistry) -> Guard:
    return Guard(policy_dir, registry=registry)


def checks(registry: CollectorRegistry, action: str) -> float:
    value = registry.get_sample_value(
        "guardrail_checks_total", {"source": "library", "action": action}
    )
    return value or 0.0


def completion(message: dict[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "agent-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
    }


# -- check ---------------------------------------------------------------------------------


async def test_check_blocks_and_is_counted_logged_as_library(
    guard: Guard, registry: CollectorRegistry
) -> None:
    """A violating answer is blocked, counted with source=library and logged once."""
    with capture_logs() as logs:
        decision = await guard.check(request(user("hi")), assistant("the PLUTONIUM is ready"))
    assert decision.blocked
    assert decision.policies == ("test-codeword",)
    assert checks(registry, "block") == 1
    events = [e for e in logs if e["event"] == "guardrail.intervention"]
    assert len(events) == 1
    assert events[0]["source"] == "library"
    assert events[0]["policy"] == "test-codeword"


async def test_check_allows_harmless_answer(guard: Guard, registry: CollectorRegistry) -> None:
    """A harmless answer is allowed and counted as allowed."""
    decision = await guard.check(request(user("hi")), assistant("hello"))
    assert decision.allowed
    assert checks(registry, "allow") == 1


async def test_check_accepts_pydantic_completion(guard: Guard) -> None:
    """An SDK object is judged like its JSON."""
    answer = ChatCompletion.model_validate(completion(assistant("plutonium inbound")))
    assert (await guard.check(request(user("x")), answer)).blocked


def test_unknown_on_violation_is_a_config_error(policy_dir: Path) -> None:
    """A typo in on_violation is reported, naming the value."""
    with pytest.raises(ConfigError, match="'ignore'"):
        Guard(policy_dir, on_violation="ignore")  # type: ignore[arg-type]


def test_audit_sink_receives_one_record_per_intervention(policy_dir: Path) -> None:
    """The audit sink passed to Guard gets each intervention, marked source=library."""
    records: list[Any] = []

    class Sink:
        def append(self, record: Any) -> None:
            records.append(record)

    guard = Guard(policy_dir, registry=CollectorRegistry(), audit=Sink())
    guard.judge(request(user("x")), assistant("plutonium"))
    assert [(r.policy, r.source) for r in records] == [("test-codeword", "library")]


# -- check_tool_call -----------------------------------------------------------------------


async def test_check_tool_call_judges_a_call_that_no_model_answered(guard: Guard) -> None:
    """A call built by the agent itself is judged like a model's call."""
    decision = await guard.check_tool_call("post", {"text": "plutonium"})
    assert decision.blocked
    assert decision.violations[0].tool == "post"
    assert (await guard.check_tool_call("post", '{"text": "tea"}')).allowed


async def test_check_tool_call_drops_the_announcing_message_from_context(guard: Guard) -> None:
    """When the context ends with the assistant message that made the call, it is judged once."""
    call = tool_call("post", "call_9", text="plutonium")
    history = [user("go"), assistant(None, call)]
    decision = await guard.check_tool_call("post", {"text": "plutonium"}, history, call_id="call_9")
    assert decision.blocked
    assert {v.location.message for v in decision.violations} == {None}


# -- guarded tools -------------------------------------------------------------------------


async def test_guarded_tool_raises_before_the_body_runs(guard: Guard) -> None:
    """In raise mode a violating call raises GuardrailViolation and the tool never runs."""
    ran: list[str] = []

    @guard.tool
    async def post(text: str) -> str:
        ran.append(text)
        return "posted"

    with pytest.raises(GuardrailViolation) as err:
        await post("plutonium")
    assert err.value.decision.blocked
    assert ran == []
    assert await post("tea") == "posted"
    assert ran == ["tea"]


async def test_guarded_tool_refuses_with_a_readable_result(guard: Guard) -> None:
    """In refuse mode the agent reads a refusal naming the policy, and the tool never runs."""
    ran: list[str] = []

    @guard.tool(name="publish", on_violation="refuse")
    async def post(text: str, *, channel: str = "general") -> str:
        """Publish a post to a channel."""
        ran.append(text)
        return "posted"

    result = await post("plutonium", channel="news")
    assert ran == []
    assert "publish" in result and "test-codeword" in result
    assert post.guardrail_schema["function"]["parameters"]["properties"] == {  # type: ignore[attr-defined]
        "text": {"type": "string"},
        "channel": {"type": "string"},
    }


async def test_guarded_tool_reads_the_conversation_from_its_context_provider(guard: Guard) -> None:
    """The context provider is called at call time and its messages are judged as history."""
    history: list[dict[str, Any]] = [user("start")]
    seen: list[int] = []

    def context() -> list[dict[str, Any]]:
        seen.append(len(history))
        return history

    tool = guarded_tool(guard, _echo, context=context)
    history.append(user("more"))
    assert await tool("tea") == "tea"
    assert seen == [2]


async def _echo(text: str) -> str:
    return text


def test_guarded_tool_rejects_a_sync_function(guard: Guard) -> None:
    """Guarded tools are async; a sync function is a configuration error."""
    with pytest.raises(ConfigError):
        guarded_tool(guard, lambda text: text)  # type: ignore[arg-type,return-value]


# -- wrap ----------------------------------------------------------------------------------


async def test_wrap_shapes_a_blocked_answer_like_the_proxy(guard: Guard) -> None:
    """A blocked answer comes back with finish_reason content_filter, no tool calls, a notice."""

    async def create(**kwargs: Any) -> dict[str, Any]:
        return completion(assistant(None, tool_call("post", text="plutonium")), "tool_calls")

    answer = await guard.wrap(create)(model="m", messages=[user("go")])
    choice = answer["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert "tool_calls" not in choice["message"]
    assert "test-codeword" in choice["message"]["content"]


async def test_wrap_returns_an_allowed_answer_untouched(guard: Guard) -> None:
    """An allowed answer is the very object the model function returned."""
    original = ChatCompletion.model_validate(completion(assistant("tea time")))

    async def create(**kwargs: Any) -> ChatCompletion:
        return original

    assert await guard.wrap(create)(model="m", messages=[user("go")]) is original


async def test_wrap_keeps_the_sdk_type_of_a_blocked_answer(guard: Guard) -> None:
    """A blocked SDK answer is still an SDK object, so caller code keeps working."""

    async def create(**kwargs: Any) -> ChatCompletion:
        return ChatCompletion.model_validate(completion(assistant("plutonium")))

    answer = await guard.wrap(create)(model="m", messages=[user("go")])
    assert isinstance(answer, ChatCompletion)
    assert answer.choices[0].finish_reason == "content_filter"


# -- acompletion through litellm, against a real server on loopback -------------------------


def _codeword_model(body: dict[str, Any]) -> dict[str, Any]:
    last = body["messages"][-1]["content"]
    if "call" in last:
        call = tool_call("post", "call_1", text="shipping the plutonium now")
        return {"role": "assistant", "content": None, "tool_calls": [call]}
    if "late" in last:
        return {"role": "assistant", "content": "All clear so far. " * 20 + "Then plutonium."}
    if "leak" in last:
        return {"role": "assistant", "content": "Here it is: plutonium."}
    return {"role": "assistant", "content": "A perfectly ordinary answer about tea. " * 6}


async def _acomplete(guard: Guard, fake: FakeOpenAI, text: str, **extra: Any) -> Any:
    return await guard.acompletion(
        model="openai/fake-model",
        api_base=fake.base_url,
        api_key="x",
        messages=[user(text)],
        **extra,
    )


async def test_acompletion_blocks_and_allows(guard: Guard) -> None:
    """litellm answers are judged: a violating one is replaced, a harmless one passes."""
    async with FakeOpenAI(_codeword_model) as fake:
        blocked = await _acomplete(guard, fake, "leak it")
        allowed = await _acomplete(guard, fake, "tea please")
        called = await _acomplete(guard, fake, "call the tool")
    assert blocked.choices[0].finish_reason == "content_filter"
    assert "test-codeword" in blocked.choices[0].message.content
    assert allowed.choices[0].finish_reason == "stop"
    assert allowed.choices[0].message.content.startswith("A perfectly ordinary answer")
    assert called.choices[0].finish_reason == "content_filter"
    assert not called.choices[0].message.tool_calls


async def _collect(stream: Any) -> tuple[str, list[str | None], list[Any]]:
    text, finishes, calls = "", [], []
    async for chunk in stream:
        for choice in chunk.choices:
            text += choice.delta.content or ""
            finishes.append(choice.finish_reason)
            calls.extend(choice.delta.tool_calls or [])
    return text, finishes, calls


async def test_acompletion_stream_passes_a_harmless_answer_whole(guard: Guard) -> None:
    """A harmless stream arrives complete and ends normally."""
    async with FakeOpenAI(_codeword_model) as fake:
        text, finishes, _ = await _collect(await _acomplete(guard, fake, "tea", stream=True))
    assert text == "A perfectly ordinary answer about tea. " * 6
    assert finishes[-1] == "stop"


async def test_acompletion_stream_holds_tool_calls_and_blocks_them(
    guard: Guard, registry: CollectorRegistry
) -> None:
    """A violating streamed tool call is never released; the stream ends in content_filter."""
    async with FakeOpenAI(_codeword_model) as fake:
        text, finishes, calls = await _collect(
            await _acomplete(guard, fake, "call the tool", stream=True)
        )
    assert calls == []
    assert finishes[-1] == "content_filter"
    assert "test-codeword" in text
    assert checks(registry, "block") == 1


async def test_acompletion_stream_releases_checked_text_then_blocks(policy_dir: Path) -> None:
    """Text is released in checked windows; the window holding the violation never is."""
    registry = CollectorRegistry()
    guard = Guard(policy_dir, registry=registry, stream_windows=StreamWindows(min_chars=40))
    async with FakeOpenAI(_codeword_model, content_pieces=40) as fake:
        text, finishes, _ = await _collect(await _acomplete(guard, fake, "late", stream=True))
    assert text.startswith("All clear so far. ")
    assert "plutonium" not in text.lower()
    assert finishes[-1] == "content_filter"
    assert checks(registry, "block") == 1
    assert checks(registry, "allow") == 0


# -- realistic agent situations, shipped policies ------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Guard:
    return Guard(registry=CollectorRegistry(), on_violation="refuse")


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
async def test_shipped_policies_refuse_the_call_before_the_tool_runs(
    shipped: Guard, case: Case
) -> None:
    """Blackmail, exfiltration and oversight subversion are refused before the tool body runs."""
    ran: list[dict[str, Any]] = []

    async def body(**arguments: Any) -> str:
        ran.append(arguments)
        return "done"

    tool = guarded_tool(shipped, body, name=case.tool, context=lambda: case.request)
    result = await tool(**case.arguments)
    assert ran == []
    assert result.startswith("Refused by guardrail")
    assert (await shipped.check(case.request, case.answer)).blocked


@pytest.mark.parametrize("case", BENIGN, ids=lambda c: c.name)
async def test_shipped_policies_let_benign_calls_run_untouched(shipped: Guard, case: Case) -> None:
    """Ordinary work runs with exactly the arguments the agent gave."""
    ran: list[dict[str, Any]] = []

    async def body(**arguments: Any) -> str:
        ran.append(arguments)
        return "done"

    tool = guarded_tool(shipped, body, name=case.tool, context=lambda: case.request)
    assert await tool(**case.arguments) == "done"
    assert ran == [case.arguments]
    assert json.loads(case.answer["tool_calls"][0]["function"]["arguments"]) == case.arguments
