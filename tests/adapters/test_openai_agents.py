"""The OpenAI Agents SDK adapter, in real SDK runs against a fake model server on loopback."""

from __future__ import annotations

from typing import Any

import pytest
from agents import (
    OutputGuardrailTripwireTriggered,
    RunConfig,
    Runner,
    ToolInputGuardrailTripwireTriggered,
)
from prometheus_client import CollectorRegistry

from guardrail import Guard
from guardrail.adapters.openai_agents import chat_messages, guard_tools, output_guardrail
from tests.adapters.agents_support import agent_for, input_items, recording_tools, scripted
from tests.fakes.openai_upstream import FakeOpenAI
from tests.library_cases import BENIGN, BLACKMAIL_EMAIL, REFUSED, Case

NO_TRACING = RunConfig(tracing_disabled=True)


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(registry=CollectorRegistry(), on_violation="refuse")


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
async def test_tool_input_guardrail_rejects_before_the_tool_runs(guard: Guard, case: Case) -> None:
    """The violating call never runs; the model reads the refusal as the tool's output."""
    ran: list[dict[str, Any]] = []
    async with FakeOpenAI(scripted(case)) as fake:
        agent = agent_for(case, fake.base_url, guard_tools(guard, recording_tools(case, ran)))
        result = await Runner.run(agent, input_items(case), run_config=NO_TRACING)
        second_call = fake.requests[-1][0]["messages"]
    assert ran == []
    assert result.final_output == "Done."
    assert second_call[-1]["role"] == "tool"
    assert second_call[-1]["content"].startswith("Refused by guardrail")


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
async def test_raise_mode_halts_the_run(case: Case) -> None:
    """With on_violation="raise" the run stops with the SDK's tripwire exception."""
    strict = Guard(registry=CollectorRegistry(), on_violation="raise")
    ran: list[dict[str, Any]] = []
    async with FakeOpenAI(scripted(case)) as fake:
        agent = agent_for(case, fake.base_url, guard_tools(strict, recording_tools(case, ran)))
        with pytest.raises(ToolInputGuardrailTripwireTriggered) as err:
            await Runner.run(agent, input_items(case), run_config=NO_TRACING)
    assert ran == []
    assert err.value.output.output_info["action"] == "block"


@pytest.mark.parametrize("case", BENIGN, ids=lambda c: c.name)
async def test_benign_calls_run_untouched(guard: Guard, case: Case) -> None:
    """Ordinary calls run with the model's exact arguments and the run completes."""
    ran: list[dict[str, Any]] = []
    async with FakeOpenAI(scripted(case)) as fake:
        agent = agent_for(
            case,
            fake.base_url,
            guard_tools(guard, recording_tools(case, ran)),
            output_guardrails=[output_guardrail(guard)],
        )
        result = await Runner.run(agent, input_items(case), run_config=NO_TRACING)
    assert ran == [case.arguments]
    assert result.final_output == "Done."


async def test_output_guardrail_trips_on_a_threatening_final_answer(guard: Guard) -> None:
    """A final answer that is itself the threat trips the output guardrail."""
    threat = BLACKMAIL_EMAIL.arguments["body"]
    async with FakeOpenAI(lambda body: {"role": "assistant", "content": threat}) as fake:
        agent = agent_for(
            BLACKMAIL_EMAIL, fake.base_url, [], output_guardrails=[output_guardrail(guard)]
        )
        with pytest.raises(OutputGuardrailTripwireTriggered) as err:
            await Runner.run(agent, input_items(BLACKMAIL_EMAIL), run_config=NO_TRACING)
    assert err.value.guardrail_result.output.output_info["action"] == "block"


def test_chat_messages_pairs_calls_with_their_outputs() -> None:
    """Responses items become chat messages: calls grouped on one assistant turn, outputs as tool."""
    items = [
        {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
        {"type": "function_call", "call_id": "a", "name": "f", "arguments": "{}"},
        {"type": "function_call", "call_id": "b", "name": "g", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "a", "output": "one"},
        {"type": "reasoning", "summary": []},
    ]
    messages = chat_messages(items)
    assert [m["role"] for m in messages] == ["user", "assistant", "tool"]
    assert messages[0]["content"] == "hi"
    assert [c["id"] for c in messages[1]["tool_calls"]] == ["a", "b"]
    assert messages[2] == {"role": "tool", "tool_call_id": "a", "content": "one"}
