"""guardrail for the OpenAI Agents SDK: an output guardrail and a tool-input guardrail.

    guard = Guard(on_violation="refuse")
    agent = Agent(
        name="ops",
        tools=guard_tools(guard, [send_email, run_shell]),
        output_guardrails=[output_guardrail(guard)],
    )

The tool-input guardrail judges each function call before the SDK runs the tool; a
violating call is rejected with a message the model reads (``on_violation="refuse"``)
or halts the run with ``ToolInputGuardrailTripwireTriggered`` (``"raise"``). The output
guardrail judges the agent's final output and trips ``OutputGuardrailTripwireTriggered``.

Both see what the SDK hands a guardrail: the agent's instructions and tools and the
run's input items. Tool results produced earlier in the same run are not among them;
to judge every model answer against the whole history, also wrap the model client
(``client.chat.completions.create = guard.wrap(client.chat.completions.create)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from agents import (
    Agent,
    FunctionTool,
    GuardrailFunctionOutput,
    OutputGuardrail,
    RunContextWrapper,
    ToolGuardrailFunctionOutput,
    ToolInputGuardrail,
    ToolInputGuardrailData,
)

from guardrail.conversation import content_text
from guardrail.guard import Guard, OnViolation
from guardrail.render import as_dict, refusal_text

__all__ = ["chat_messages", "guard_tools", "output_guardrail", "tool_input_guardrail"]


def output_guardrail(guard: Guard, *, name: str = "guardrail") -> OutputGuardrail[Any]:
    """An output guardrail that trips when the agent's final output violates a policy."""

    async def check_output(
        ctx: RunContextWrapper[Any], agent: Agent[Any], output: Any
    ) -> GuardrailFunctionOutput:
        request = await _request(ctx, agent)
        text = output if isinstance(output, str) else _json(output)
        decision = await guard.check(request, {"role": "assistant", "content": text})
        return GuardrailFunctionOutput(
            output_info=decision.to_dict(), tripwire_triggered=not decision.allowed
        )

    return OutputGuardrail(guardrail_function=check_output, name=name)


def tool_input_guardrail(
    guard: Guard, *, name: str = "guardrail", on_violation: OnViolation | None = None
) -> ToolInputGuardrail[Any]:
    """A tool-input guardrail that rejects (or raises on) a violating call before it runs."""
    mode = on_violation or guard.on_violation

    async def check_call(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        tool = data.context
        request = await _request(tool, data.agent)
        decision = await guard.check_tool_call(
            tool.tool_name, tool.tool_arguments, request, call_id=tool.tool_call_id
        )
        info = decision.to_dict()
        if decision.allowed:
            return ToolGuardrailFunctionOutput.allow(output_info=info)
        if mode == "raise":
            return ToolGuardrailFunctionOutput.raise_exception(output_info=info)
        return ToolGuardrailFunctionOutput.reject_content(
            refusal_text(decision, tool.tool_name), output_info=info
        )

    return ToolInputGuardrail(guardrail_function=check_call, name=name)


def guard_tools(guard: Guard, tools: Iterable[Any], **options: Any) -> list[Any]:
    """``tools`` with one tool-input guardrail attached to each function tool."""
    gate = tool_input_guardrail(guard, **options)
    out: list[Any] = []
    for tool in tools:
        if isinstance(tool, FunctionTool):
            tool.tool_input_guardrails = [*(tool.tool_input_guardrails or []), gate]
        out.append(tool)
    return out


def chat_messages(items: str | Sequence[Any]) -> list[dict[str, Any]]:
    """Responses-API input items as chat messages (function calls and outputs included)."""
    if isinstance(items, str):
        return [{"role": "user", "content": items}]
    out: list[dict[str, Any]] = []
    for raw in items:
        item = raw if isinstance(raw, Mapping) else as_dict(raw)
        kind = item.get("type")
        if kind == "function_call":
            call = {
                "id": item.get("call_id") or item.get("id") or "",
                "type": "function",
                "function": {"name": item.get("name", ""), "arguments": item.get("arguments", "")},
            }
            last = out[-1] if out else None
            if last is not None and last["role"] == "assistant" and "tool_calls" in last:
                last["tool_calls"].append(call)
            else:
                out.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind == "function_call_output":
            out.append(
                {
                    "role": "tool",
                    "tool_call_id": item.get("call_id") or "",
                    "content": _text(item.get("output")),
                }
            )
        elif item.get("role") in ("system", "developer", "user", "assistant"):
            out.append({"role": item["role"], "content": _text(item.get("content"))})
    return out


async def _request(ctx: RunContextWrapper[Any], agent: Any) -> dict[str, Any]:
    """The chat request the agent is in: instructions, the run's input, declared tools."""
    messages: list[dict[str, Any]] = []
    if agent is not None:
        prompt = await agent.get_system_prompt(ctx)
        if prompt:
            messages.append({"role": "system", "content": prompt})
    messages.extend(chat_messages(ctx.turn_input))
    tools = [
        {
            "type": "function",
            "function": {
                "name": t.name,
                "description": t.description,
                "parameters": t.params_json_schema,
            },
        }
        for t in getattr(agent, "tools", None) or ()
        if isinstance(t, FunctionTool)
    ]
    model = getattr(agent, "model", None)
    request: dict[str, Any] = {"messages": messages, "tools": tools}
    if isinstance(model, str):
        request["model"] = model
    return request


def _text(content: Any) -> str:
    """Item content (text, or a list of input/output text parts) as text."""
    if isinstance(content, list):
        content = [p if isinstance(p, Mapping | str) else as_dict(p) for p in content]
    try:
        return content_text(content, "item.content")
    except ValueError:
        return _json(content)


def _json(value: Any) -> str:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        value = dump()
    return orjson.dumps(value, default=str).decode()
