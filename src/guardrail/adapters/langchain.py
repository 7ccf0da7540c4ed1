"""guardrail as LangChain / LangGraph agent middleware.

    agent = create_agent(model, tools, system_prompt=..., middleware=[GuardrailMiddleware(guard)])

Two gates, one semantics with the proxy:

- around each model call, the model's answer is judged in its full context (system
  prompt, messages, declared tools). A refused answer is replaced by the notice, with
  its tool calls removed and ``finish_reason: "content_filter"`` in its metadata, so no
  tool of it runs and the agent stops there (``on_violation="raise"`` raises
  `GuardrailViolation` instead);
- around each tool call, a call that did not come from an answer judged here (added to
  the state by other code, or by a model outside this middleware) is judged on its own
  before it runs; a refused call becomes an error ``ToolMessage`` the model reads, or
  raises `GuardrailViolation`.

Sync and async agents both work: the engine is pure CPU, so the sync hooks judge
directly instead of starting an event loop.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain.agents.middleware.types import ExtendedModelResponse
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ToolCall,
    ToolMessage,
    convert_to_openai_messages,
)
from langchain_core.utils.function_calling import convert_to_openai_tool
from langgraph.prebuilt.tool_node import ToolCallRequest
from langgraph.types import Command

from guardrail.decision import Decision
from guardrail.errors import GuardrailViolation
from guardrail.guard import Guard, OnViolation, pending_call
from guardrail.render import notice, refusal_text

__all__ = ["GuardrailMiddleware"]

ModelResult = ModelResponse[Any] | AIMessage | ExtendedModelResponse[Any]
ToolResult = ToolMessage | Command[Any]
#: tool-call ids from answers judged allowed, so their calls are not judged twice
_REMEMBERED = 4096


class GuardrailMiddleware(AgentMiddleware[Any, Any, Any]):
    """Judges model answers and tool calls of a LangChain agent with guardrail's policies."""

    def __init__(self, guard: Guard, *, on_violation: OnViolation | None = None) -> None:
        super().__init__()
        self.guard = guard
        self.on_violation: OnViolation = on_violation or guard.on_violation
        self._judged: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    # -- model answers ------------------------------------------------------------------

    def wrap_model_call(
        self, request: ModelRequest[Any], handler: Callable[[ModelRequest[Any]], ModelResult]
    ) -> ModelResult:
        result = handler(request)
        found = _answer(result)
        if found is None:
            return result
        decision = self.guard.judge(_chat_request(request), _openai(found[1]))
        return self._shape(result, found, decision)

    async def awrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], Awaitable[ModelResult]],
    ) -> ModelResult:
        result = await handler(request)
        found = _answer(result)
        if found is None:
            return result
        decision = await self.guard.check(_chat_request(request), _openai(found[1]))
        return self._shape(result, found, decision)

    def _shape(
        self, result: ModelResult, found: tuple[int, AIMessage], decision: Decision
    ) -> ModelResult:
        """``result`` if allowed; otherwise with its answer replaced by the notice."""
        position, answer = found
        if decision.allowed:
            self._remember(call["id"] for call in answer.tool_calls if call.get("id"))
            return result
        if self.on_violation == "raise":
            raise GuardrailViolation(decision)
        replacement = _blocked(answer, decision)
        response = result.model_response if isinstance(result, ExtendedModelResponse) else result
        if isinstance(response, AIMessage):
            return replacement
        messages = list(response.result)
        messages[position] = replacement
        shaped = ModelResponse(result=messages, structured_response=response.structured_response)
        if isinstance(result, ExtendedModelResponse):
            return ExtendedModelResponse(model_response=shaped, command=result.command)
        return shaped

    # -- tool calls -----------------------------------------------------------------------

    def wrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], ToolResult]
    ) -> ToolResult:
        pending = self._pending(request)
        if pending is not None:
            refused = self._refusal(pending, self.guard.judge(*pending[1]))
            if refused is not None:
                return refused
        return handler(request)

    async def awrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], Awaitable[ToolResult]],
    ) -> ToolResult:
        pending = self._pending(request)
        if pending is not None:
            refused = self._refusal(pending, await self.guard.check(*pending[1]))
            if refused is not None:
                return refused
        return await handler(request)

    def _pending(
        self, request: ToolCallRequest
    ) -> tuple[ToolCall, tuple[dict[str, Any], dict[str, Any]]] | None:
        """The call and its (request, answer) to judge; ``None`` if already judged as allowed."""
        call = request.tool_call
        call_id = call.get("id") or ""
        if self._forget(call_id):
            return None
        state = request.state
        history = state.get("messages", []) if isinstance(state, Mapping) else []
        exchange = pending_call(
            call["name"], dict(call.get("args") or {}), _openai_list(history), call_id=call_id
        )
        return call, exchange

    def _refusal(self, pending: tuple[ToolCall, Any], decision: Decision) -> ToolMessage | None:
        call = pending[0]
        call_id = call.get("id") or ""
        if decision.allowed:
            return None
        if self.on_violation == "raise":
            raise GuardrailViolation(decision)
        return ToolMessage(
            content=refusal_text(decision, call["name"]),
            tool_call_id=call_id,
            name=call["name"],
            status="error",
        )

    def _remember(self, ids: Any) -> None:
        with self._lock:
            for call_id in ids:
                self._judged[call_id] = None
            while len(self._judged) > _REMEMBERED:
                self._judged.popitem(last=False)

    def _forget(self, call_id: str) -> bool:
        with self._lock:
            if call_id and call_id in self._judged:
                del self._judged[call_id]
                return True
            return False


def _chat_request(request: ModelRequest[Any]) -> dict[str, Any]:
    history: list[BaseMessage] = []
    if request.system_message is not None:
        history.append(request.system_message)
    history.extend(request.messages)
    tools = [convert_to_openai_tool(t) for t in request.tools]
    model = getattr(request.model, "model_name", None) or getattr(request.model, "model", None)
    out: dict[str, Any] = {"messages": _openai_list(history), "tools": tools}
    if isinstance(model, str):
        out["model"] = model
    return out


def _openai(message: BaseMessage) -> dict[str, Any]:
    converted: Any = convert_to_openai_messages(message)
    return dict(converted)


def _openai_list(messages: Sequence[Any]) -> list[dict[str, Any]]:
    converted: Any = convert_to_openai_messages(list(messages))
    return [dict(m) for m in converted]


def _answer(result: ModelResult) -> tuple[int, AIMessage] | None:
    """The model's answer in ``result`` and its position among the result's messages."""
    response = result.model_response if isinstance(result, ExtendedModelResponse) else result
    if isinstance(response, AIMessage):
        return 0, response
    return _last_ai(response.result)


def _last_ai(messages: Sequence[BaseMessage]) -> tuple[int, AIMessage] | None:
    for i in range(len(messages) - 1, -1, -1):
        message = messages[i]
        if isinstance(message, AIMessage):
            return i, message
    return None


def _blocked(answer: AIMessage, decision: Decision) -> AIMessage:
    """The answer as the proxy would return it: the notice, no tool calls, content_filter."""
    return AIMessage(
        content=notice(decision),
        id=answer.id,
        response_metadata={**answer.response_metadata, "finish_reason": "content_filter"},
        additional_kwargs={"guardrail": decision.to_dict()},
    )
