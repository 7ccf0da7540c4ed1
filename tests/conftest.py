"""Shared fixtures and tiny builders that keep conversations readable in tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog

from guardrail.engine import Engine
from guardrail.policy import load_policies

DEV_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"


def system(text: str) -> dict[str, Any]:
    return {"role": "system", "content": text}


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def assistant(content: str | None = None, *calls: dict[str, Any]) -> dict[str, Any]:
    msg: dict[str, Any] = {"role": "assistant", "content": content}
    if calls:
        msg["tool_calls"] = list(calls)
    return msg


def tool_call(name: str, call_id: str = "call_1", **arguments: Any) -> dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments)},
    }


def tool_result(content: str, call_id: str = "call_1") -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "content": content}


def tool_schema(name: str, description: str = "", **params: str) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": {p: {"type": t} for p, t in params.items()},
            },
        },
    }


def request(*messages: dict[str, Any], tools: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    req: dict[str, Any] = {"model": "agent-model", "messages": list(messages)}
    if tools:
        req["tools"] = tools
    return req


@pytest.fixture(autouse=True)
def _fresh_structlog() -> Iterator[None]:
    """Commands configure structlog globally (with logger caching); undo it after each test."""
    yield
    structlog.reset_defaults()


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The shipped policies, compiled once for the session."""
    return Engine(load_policies())
