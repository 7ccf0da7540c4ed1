"""What a caller sees when guardrail intervenes: blocked answers, redactions, refusals, errors.

Pure functions over plain OpenAI dicts, shared by the proxy and every library face, so a
library caller sees what a proxy client sees: the notice naming the policy (never the
caught data), ``finish_reason: "content_filter"``, no tool calls, a ``guardrail``
object. A refused tool call becomes a text the agent reads. `as_dict` and `rebuild`
carry an SDK's pydantic answers to plain data and back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from guardrail.decision import Action, Decision, Violation

REDACTED = "[redacted by guardrail: {policy}]"


def notice(decision: Decision) -> str:
    """A short sentence saying which policy withheld the answer."""
    blocking = [v for v in decision.violations if v.effective_action is Action.BLOCK]
    chosen = blocking or list(decision.violations)
    named = dict.fromkeys(f"{v.policy} ({v.category})" for v in chosen)
    what = ", ".join(named) or "guardrail"
    return f"This answer was withheld by guardrail: it violates the policy {what}."


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


def error_object(
    message: str,
    *,
    type: str = "invalid_request_error",
    code: str | None = None,
    param: str | None = None,
    guardrail: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An OpenAI error body ``{"error": {message, type, param, code}}``."""
    body: dict[str, Any] = {
        "error": {"message": message, "type": type, "param": param, "code": code}
    }
    if guardrail is not None:
        body["guardrail"] = dict(guardrail)
    return body


def error_bytes(message: str, **kwargs: Any) -> bytes:
    return orjson.dumps(error_object(message, **kwargs))


def blocked_error(decision: Decision) -> dict[str, Any]:
    """The ``block_style=error`` answer: HTTP 400 with ``code: content_filter``."""
    return error_object(notice(decision), code="content_filter", guardrail=decision.to_dict())


def blocked_choice(choice: Mapping[str, Any], decision: Decision) -> dict[str, Any]:
    """``choice`` with its message replaced by the notice and its tool calls removed."""
    out = dict(choice)
    out["message"] = blocked_message(decision)
    out["finish_reason"] = "content_filter"
    if "logprobs" in out:
        out["logprobs"] = None
    return out


def blocked_completion(
    completion: Mapping[str, Any], decision: Decision, *, choices: Iterable[int] | None = None
) -> dict[str, Any]:
    """``completion`` with the chosen choices (default: all) blocked and a ``guardrail`` object.

    Everything else (id, model, usage, unknown fields) is kept as it was.
    """
    which = None if choices is None else set(choices)
    out = dict(completion)
    out["choices"] = [
        blocked_choice(c, decision) if which is None or _index(c, i) in which else c
        for i, c in enumerate(completion.get("choices") or [])
    ]
    out["guardrail"] = decision.to_dict()
    return out


def blocked_chunk(
    envelope: Mapping[str, Any], released: Mapping[int, bool], decision: Decision
) -> dict[str, Any]:
    """The ``chat.completion.chunk`` that ends a blocked stream: the notice, ``content_filter``.

    ``envelope`` holds the stream's id, model and such; ``released`` says for each choice
    whether any of its chunks went out (one that has not gets the assistant role here).
    """
    text = notice(decision)
    choices = [
        {
            "index": index,
            "delta": {"content": text} if shown else {"role": "assistant", "content": text},
            "logprobs": None,
            "finish_reason": "content_filter",
        }
        for index, shown in sorted((released or {0: False}).items())
    ]
    chunk: dict[str, Any] = {
        "id": envelope.get("id") or "chatcmpl-guardrail",
        "object": "chat.completion.chunk",
        "created": envelope.get("created") or 0,
        "model": envelope.get("model") or "",
    }
    if "system_fingerprint" in envelope:
        chunk["system_fingerprint"] = envelope["system_fingerprint"]
    chunk["choices"] = choices
    chunk["guardrail"] = decision.to_dict()
    return chunk


def intervened_completion(
    completion: Mapping[str, Any], decisions: Mapping[int, Decision], overall: Decision
) -> tuple[Action, dict[str, Any]]:
    """``completion`` once guardrail refused some of its choices, and how it intervened.

    ``decisions`` are per choice index, ``overall`` their combination. Redactable findings
    are redacted (``REDACT``) when every one of them can be; otherwise each refused choice
    is replaced by the notice (``BLOCK``).
    """
    if overall.action is Action.REDACT:
        redacted = redacted_completion(completion, decisions)
        if redacted is not None:
            redacted["guardrail"] = overall.to_dict()
            return Action.REDACT, redacted
    refused = [i for i, d in decisions.items() if d.action in (Action.BLOCK, Action.REDACT)]
    return Action.BLOCK, blocked_completion(completion, overall, choices=refused)


def redact_text(text: str, spans: Iterable[tuple[int, int] | None], policy: str) -> str:
    """``text`` with each span replaced by a marker; a ``None`` span means the whole text."""
    marker = REDACTED.format(policy=policy)
    cuts: list[tuple[int, int]] = []
    for span in spans:
        if span is None:
            return marker
        start, end = max(0, span[0]), min(len(text), span[1])
        if start < end:
            cuts.append((start, end))
    if not cuts:
        return marker
    cuts.sort()
    merged: list[list[int]] = []
    for start, end in cuts:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[str] = []
    pos = 0
    for start, end in merged:
        parts.append(text[pos:start])
        parts.append(marker)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def redacted_message(message: Mapping[str, Any], decision: Decision) -> dict[str, Any] | None:
    """``message`` with the redact violations' spans replaced, or None if that is not possible.

    Only violations of the pending output are redacted (content spans, or string
    arguments of tool calls); anything else means the caller must block instead.
    """
    out = dict(message)
    calls = [dict(c) for c in message.get("tool_calls") or []]
    by_target: dict[tuple[int | None, str | None], list[Violation]] = {}
    for v in decision.violations:
        if v.effective_action is not Action.REDACT:
            continue
        if v.location.message is not None:
            return None
        by_target.setdefault((v.location.tool_call, v.location.argument), []).append(v)
    for (call_index, argument), found in by_target.items():
        policy = found[0].policy
        spans = [v.location.span for v in found]
        if call_index is None:
            content = message.get("content")
            if not isinstance(content, str):
                return None
            out["content"] = redact_text(content, spans, policy)
            continue
        if not 0 <= call_index < len(calls):
            return None
        fn = dict(calls[call_index].get("function") or {})
        new_args = _redact_argument(fn.get("arguments"), argument, spans, policy)
        if new_args is None:
            return None
        fn["arguments"] = new_args
        calls[call_index]["function"] = fn
    if calls:
        out["tool_calls"] = calls
    return out


def _redact_argument(
    raw: Any, path: str | None, spans: list[tuple[int, int] | None], policy: str
) -> str | None:
    if not isinstance(raw, str):
        return None
    try:
        args = json.loads(raw)
    except json.JSONDecodeError:
        return redact_text(raw, spans, policy)
    if not path:
        return None
    keys: list[str | int] = [int(k) if k.isdigit() else k for k in path.split(".")]
    parent: Any = args
    for key in keys[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return None
    last = keys[-1]
    try:
        leaf = parent[last]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(leaf, str):
        return None
    parent[last] = redact_text(leaf, spans, policy)
    return json.dumps(args, ensure_ascii=False)


def redacted_completion(
    completion: Mapping[str, Any], decisions: Mapping[int, Decision]
) -> dict[str, Any] | None:
    """``completion`` with the choices in ``decisions`` redacted, or None if one cannot be."""
    out = dict(completion)
    choices = []
    for i, c in enumerate(completion.get("choices") or []):
        decision = decisions.get(_index(c, i))
        if decision is not None and decision.action is Action.REDACT:
            message = redacted_message(c.get("message") or {}, decision)
            if message is None:
                return None
            c = {**c, "message": message}
        choices.append(c)
    out["choices"] = choices
    return out


def _index(choice: Mapping[str, Any], position: int) -> int:
    index = choice.get("index")
    return index if isinstance(index, int) else position


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
