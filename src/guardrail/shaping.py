"""How a refused answer or tool call looks to the caller, the same for every library face.

Blocked and redacted answers are shaped by the proxy's own pure renderers
(`guardrail.proxy.render`, which imports no HTTP stack), so a library caller sees what a
proxy client sees: the notice naming the policy, ``finish_reason: "content_filter"``, no
tool calls, a ``guardrail`` object. A refused tool call becomes a text the agent reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guardrail.decision import Decision
from guardrail.proxy.render import blocked_choice, blocked_completion, notice, redacted_completion

__all__ = [
    "as_dict",
    "blocked_choice",
    "blocked_completion",
    "blocked_message",
    "notice",
    "rebuild",
    "redacted_completion",
    "refusal_text",
]


def refusal_text(decision: Decision, tool: str) -> str:
    """What an agent reads when its call to ``tool`` was refused."""
    reasons = "; ".join(
        f"{v.policy} ({v.category}){': ' + v.message if v.message else ''}"
        for v in decision.violations
    )
    return (
        f"Refused by guardrail: the call to {tool} was not run because it violates "
        f"{reasons or 'policy'}. Do not retry it; continue without it or tell the user."
    )


def blocked_message(decision: Decision) -> dict[str, Any]:
    """The assistant message that replaces a blocked one: the notice, no tool calls."""
    return {"role": "assistant", "content": notice(decision), "refusal": None}


def as_dict(answer: Any) -> dict[str, Any]:
    """An answer as plain data: dicts as they are, pydantic objects through ``model_dump``."""
    if isinstance(answer, Mapping):
        return dict(answer)
    dump = getattr(answer, "model_dump", None)
    if callable(dump):
        data = dump()
        if isinstance(data, dict):
            return data
    raise TypeError(f"expected an OpenAI-format answer (dict or pydantic), got {type(answer)!r}")


def rebuild(original: Any, shaped: dict[str, Any]) -> Any:
    """``shaped`` in the type the caller got from its model (dict or the same pydantic class)."""
    if isinstance(original, Mapping):
        return shaped
    validate = getattr(type(original), "model_validate", None)
    return validate(shaped) if callable(validate) else shaped
