"""The LangChain middleware, in real `create_agent` runs with ChatOpenAI against a loopback fake."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, ToolMessage, convert_to_messages
from langchain_core.tools import StructuredTool
from langchain_openai import ChatOpenAI
from langgraph.prebuilt.tool_node import ToolCallRequest
from prometheus_client import CollectorRegistry

from guardrail import Guard, GuardrailViolation
from guardrail.adapters.langchain import GuardrailMiddleware
from tests.adapters.agents_support import scripted
from tests.fakes.openai_upstream import FakeOpenAI
from tests.library_cases import BENIGN, REFUSED, Case


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(registry=CollectorRegistry(), on_violation="refuse")


def recording_tools(case: Case, ran: list[dict[str, Any]]) -> list[StructuredTool]:
    def make(name: str, description: str, schema: dict[str, Any]) -> StructuredTool:
        def run(**arguments: Any) -> str:
            ran.append(arguments)
            return "ok"

        async def arun(**arguments: Any) -> str:
            return run(**arguments)

        return StructuredTool.from_function(
            func=run, coroutine=arun, name=name, description=description, args_schema=schema
        )

    return [
        make(t["function"]["name"], t["function"]["description"], t["function"]["parameters"])
        for t in case.tools
    ]


async def run_agent(
    case: Case, middleware: GuardrailMiddleware, *, sync: bool = False
) -> tuple[list[Any], list[Any]]:
    """Run a LangChain agent on the case; ``sync`` runs ``invoke`` in a worker thread."""
    ran: list[dict[str, Any]] = []
    async with FakeOpenAI(scripted(case)) as fake:
        model = ChatOpenAI(model="fake-model", base_url=fake.base_url, api_key="x", max_retries=0)
        system = next(m["content"] for m in case.messages if m["role"] == "system")
        agent = create_agent(
            model, recording_tools(case, ran), system_prompt=system, middleware=[middleware]
        )
        history = convert_to_messages([m for m in case.messages if m["role"] != "system"])
        if sync:
            state = await asyncio.to_thread(agent.invoke, {"messages": history})
        else:
            state = await agent.ainvoke({"messages": history})
    return ran, state["messages"]


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
async def test_refused_answer_never_reaches_the_tool(guard: Guard, case: Case) -> None:
    """The violating call is removed before the tool node; the agent ends on the notice."""
    ran, messages = await run_agent(case, GuardrailMiddleware(guard))
    assert ran == []
    last = messages[-1]
    assert isinstance(last, AIMessage)
    assert last.tool_calls == []
    assert last.response_metadata["finish_reason"] == "content_filter"
    assert "withheld by guardrail" in str(last.content)


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
async def test_raise_mode_raises_the_violation(guard: Guard, case: Case) -> None:
    """With on_violation="raise" the agent run raises GuardrailViolation carrying the decision."""
    with pytest.raises(GuardrailViolation) as err:
        await run_agent(case, GuardrailMiddleware(guard, on_violation="raise"))
    assert err.value.decision.blocked


@pytest.mark.parametrize("case", BENIGN, ids=lambda c: c.name)
async def test_benign_calls_run_untouched(guard: Guard, case: Case) -> None:
    """Ordinary calls run with the model's exact arguments, and the agent finishes."""
    ran, messages = await run_agent(case, GuardrailMiddleware(guard))
    assert ran == [case.arguments]
    assert messages[-1].content == "Done."


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
async def test_a_call_no_model_answered_is_judged_at_the_tool(guard: Guard, case: Case) -> None:
    """A tool call put into the state by other code is refused before its tool runs."""
    middleware = GuardrailMiddleware(guard)
    call = {"name": case.tool, "args": case.arguments, "id": "call_injected", "type": "tool_call"}
    ran: list[ToolCallRequest] = []

    async def handler(request: ToolCallRequest) -> ToolMessage:
        ran.append(request)
        return ToolMessage(content="ok", tool_call_id="call_injected")

    request = ToolCallRequest(
        tool_call=call,  # type: ignore[arg-type]
        tool=None,
        state={"messages": convert_to_messages(case.messages)},
        runtime=None,  # type: ignore[arg-type]
    )
    out = await middleware.awrap_tool_call(request, handler)
    assert ran == []
    assert isinstance(out, ToolMessage)
    assert out.status == "error"
    assert str(out.content).startswith("Refused by guardrail")


@pytest.mark.parametrize("case", [REFUSED[0], BENIGN[0]], ids=lambda c: c.name)
async def test_sync_agents_are_guarded_too(guard: Guard, case: Case) -> None:
    """A synchronous `invoke` goes through the same gates."""
    ran, messages = await run_agent(case, GuardrailMiddleware(guard), sync=True)
    assert ran == ([] if case.blocked else [case.arguments])
    assert (messages[-1].response_metadata.get("finish_reason") == "content_filter") is case.blocked
