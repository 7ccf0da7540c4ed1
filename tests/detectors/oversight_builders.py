"""Builders the oversight specifications share: scan one pending call, replay a tool read."""

from __future__ import annotations

from typing import Any

from guardrail.context import Context
from guardrail.conversation import parse_exchange
from guardrail.decision import Finding
from guardrail.detectors.oversight import OversightDetector
from guardrail.environment import Environment
from guardrail.toolkinds import ToolClassifier

from ..conftest import assistant, request, tool_call, tool_result, tool_schema

DETECTOR = OversightDetector(OversightDetector.Params())
SHELL = [tool_schema("shell", "Run a shell command.", command="string")]


def findings(
    messages: list[dict[str, Any]],
    response: dict[str, Any],
    tools: list[dict[str, Any]] | None = None,
    environment: Environment | None = None,
) -> list[Finding]:
    """Oversight findings that block (score >= 0.5) for ``response`` after ``messages``."""
    exchange = parse_exchange(request(*messages, tools=tools), response)
    ctx = Context(exchange, environment or Environment(), ToolClassifier())
    return [f for f in DETECTOR.scan(ctx) if f.score >= 0.5]


def found(messages: list[dict[str, Any]], call: dict[str, Any],
          tools: list[dict[str, Any]]) -> list[Finding]:
    """Blocking findings for an assistant turn that makes the one tool ``call``."""
    return findings(messages, assistant(None, call), tools)


def blocks(messages: list[dict[str, Any]], call: dict[str, Any],
           tools: list[dict[str, Any]]) -> bool:
    """Whether the oversight detector blocks the one tool ``call`` after ``messages``."""
    return bool(found(messages, call, tools))


def tool_read(name: str, result: str, **args: Any) -> list[dict[str, Any]]:
    """History in which the agent called ``name`` with ``args`` and got ``result`` back."""
    return [assistant(None, tool_call(name, "call_r", **args)), tool_result(result, "call_r")]
