"""How a refused answer or tool call looks to the caller, the same for every library face.

A blocked answer keeps its place in the conversation but says what happened: the notice
names the policies and categories, ``finish_reason`` is ``content_filter`` and the tool
calls are gone, as in the proxy. A refused tool call becomes a text the agent can read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guardrail.decision import Decision


def notice(decision: Decision) -> str:
    """The text that replaces a blocked answer: which policies, which categories."""
    categories = ", ".join(dict.fromkeys(v.category for v in decision.violations)) or "policy"
    policies = ", ".join(decision.policies) or "guardrail"
    return (
        f"[guardrail] This answer was blocked by policy {policies} ({categories}). "
        "The requested action was not carried out."
    )


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
    return {"role": "assistant", "content": notice(decision)}


def blocked_choice(choice: Mapping[str, Any], decision: Decision) -> dict[str, Any]:
    return {
        "index": choice.get("index", 0),
        "message": blocked_message(decision),
        "finish_reason": "content_filter",
        "logprobs": None,
    }


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
