"""Helpers for driving a real Agents SDK run against the fake upstream on loopback."""

from __future__ import annotations

import json
from typing import Any

from agents import Agent, FunctionTool, OpenAIChatCompletionsModel, RunContextWrapper
from openai import AsyncOpenAI

from tests.library_cases import Case


def input_items(case: Case) -> list[dict[str, Any]]:
    """The case's conversation (system prompt aside) as Responses-API input items."""
    items: list[dict[str, Any]] = []
    for msg in case.messages:
        if msg["role"] == "user":
            items.append({"role": "user", "content": msg["content"]})
        elif msg["role"] == "assistant":
            for call in msg.get("tool_calls") or []:
                items.append(
                    {
                        "type": "function_call",
                        "call_id": call["id"],
                        "name": call["function"]["name"],
                        "arguments": call["function"]["arguments"],
                    }
                )
        elif msg["role"] == "tool":
            items.append(
                {
                    "type": "function_call_output",
                    "call_id": msg["tool_call_id"],
                    "output": msg["content"],
                }
            )
    return items


def scripted(case: Case, final: str = "Done.") -> Any:
    """A model that makes the case's tool call, then answers ``final`` once it has a result."""

    def respond(body: dict[str, Any]) -> dict[str, Any]:
        answered = any(m.get("tool_call_id") == "call_next" for m in body["messages"])
        return {"role": "assistant", "content": final} if answered else case.answer

    return respond


def recording_tools(case: Case, ran: list[dict[str, Any]]) -> list[FunctionTool]:
    """Every tool the case declares, each recording the arguments it ran with."""

    async def invoke(ctx: RunContextWrapper[Any], arguments: str) -> str:
        ran.append(json.loads(arguments))
        return "ok"

    return [
        FunctionTool(
            name=t["function"]["name"],
            description=t["function"]["description"],
            params_json_schema={**t["function"]["parameters"], "additionalProperties": True},
            on_invoke_tool=invoke,
            strict_json_schema=False,
        )
        for t in case.tools
    ]


def agent_for(case: Case, base_url: str, tools: list[Any], **kwargs: Any) -> Agent[Any]:
    model = OpenAIChatCompletionsModel(
        model="fake-model", openai_client=AsyncOpenAI(base_url=base_url, api_key="x")
    )
    system = next(m["content"] for m in case.messages if m["role"] == "system")
    return Agent(name="agent", instructions=system, model=model, tools=tools, **kwargs)
