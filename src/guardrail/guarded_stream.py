"""Judging a streamed answer the way the proxy does, for the library's guarded completions.

Text is released in checked windows: chunks are held until enough new text has arrived,
then the answer so far is judged and, if allowed, the held chunks go out unchanged. The
window grows with the released text, so long answers are not re-judged every few words.
Once a tool call appears everything is held to the end, because a call must be judged
whole before anything can act on it. A block ends the stream with one chunk carrying the
notice and ``finish_reason: "content_filter"``; the upstream stream is closed.

Only the decisive judgement (the block, or the final verdict) is counted in telemetry, so
a streamed answer counts once, like a whole one.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from guardrail.decision import Decision, combine
from guardrail.render import as_dict, notice, rebuild

if TYPE_CHECKING:
    from guardrail.guard import Guard


@dataclass(frozen=True, slots=True)
class StreamWindows:
    """How much new text to hold before judging: at least ``min_chars``, growing to ``max_chars``."""

    min_chars: int = 96
    max_chars: int = 2048


@dataclass(slots=True)
class _Call:
    id: str = ""
    name: str = ""
    arguments: str = ""


@dataclass(slots=True)
class _Choice:
    """One choice's answer, accumulated from its deltas."""

    text: str = ""
    calls: dict[int, _Call] = field(default_factory=dict)
    released: bool = False

    def add(self, delta: Mapping[str, Any]) -> int:
        """Fold one delta in; return how many characters of text it added."""
        piece = delta.get("content")
        added = 0
        if isinstance(piece, str):
            self.text += piece
            added = len(piece)
        for raw in delta.get("tool_calls") or ():
            if isinstance(raw, Mapping):
                self._add_call(raw.get("index", len(self.calls)), raw)
        legacy = delta.get("function_call")
        if isinstance(legacy, Mapping):
            self._add_call(-1, {"function": legacy})
        return added

    def _add_call(self, index: Any, raw: Mapping[str, Any]) -> None:
        call = self.calls.setdefault(index if isinstance(index, int) else len(self.calls), _Call())
        if isinstance(raw.get("id"), str) and not call.id:
            call.id = raw["id"]
        fn = raw.get("function") or {}
        name = fn.get("name")
        if isinstance(name, str) and name != call.name:
            call.name += name
        args = fn.get("arguments")
        if isinstance(args, str):
            call.arguments += args

    def message(self) -> dict[str, Any]:
        msg: dict[str, Any] = {"role": "assistant", "content": self.text or None}
        if self.calls:
            msg["tool_calls"] = [
                {
                    "id": c.id or f"call_{i}",
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                }
                for i, c in sorted(self.calls.items())
            ]
        return msg


async def guard_stream(
    guard: Guard, request: Mapping[str, Any], stream: Any, windows: StreamWindows
) -> AsyncIterator[Any]:
    """Yield ``stream``'s chunks as they pass judgement; end with a block chunk if they do not."""

    choices: dict[int, _Choice] = {}
    held: list[Any] = []
    unchecked = 0
    released = 0
    window = windows.min_chars
    first: Any = None
    first_data: dict[str, Any] = {}
    try:
        async for chunk in _iterate(stream):
            data = as_dict(chunk)
            if first is None:
                first, first_data = chunk, data
            held.append(chunk)
            for raw in data.get("choices") or ():
                if isinstance(raw, Mapping):
                    state = choices.setdefault(raw.get("index") or 0, _Choice())
                    unchecked += state.add(raw.get("delta") or {})
            if unchecked < window or any(c.calls for c in choices.values()):
                continue
            if _first_blocked(guard, request, choices) is not None:
                break  # judged (and counted) below, with the text so far
            for chunk_out in held:
                yield chunk_out
            for state in choices.values():
                state.released = True
            held.clear()
            released += unchecked
            unchecked = 0
            window = min(windows.max_chars, max(windows.min_chars, released // 2))
    finally:
        await _close(stream)
    verdicts = [
        await guard.check(request, state.message(), request_id=_id(first_data), stream=True)
        for _, state in sorted(choices.items())
    ]
    if all(d.allowed for d in verdicts):
        for chunk_out in held:
            yield chunk_out
        return
    overall = combine(
        [v for d in verdicts for v in d.violations],
        [v for d in verdicts for v in d.uncertain],
        [f for d in verdicts for f in d.faults],
    )
    yield _end_chunk(first, first_data, choices, overall)


def _first_blocked(
    guard: Guard, request: Mapping[str, Any], choices: dict[int, _Choice]
) -> int | None:
    """The first choice whose text so far would be refused (pure: nothing counted)."""
    for index, state in sorted(choices.items()):
        if not guard.preview(request, state.message()).allowed:
            return index
    return None


def _end_chunk(
    first: Any, first_data: Mapping[str, Any], choices: Mapping[int, _Choice], decision: Decision
) -> Any:
    """The proxy's closing chunk: the notice for every choice, ``content_filter``."""
    text = notice(decision)
    out = [
        {
            "index": index,
            "delta": {"content": text}
            if state.released
            else {"role": "assistant", "content": text},
            "logprobs": None,
            "finish_reason": "content_filter",
        }
        for index, state in sorted(choices.items())
    ] or [
        {
            "index": 0,
            "delta": {"content": text},
            "logprobs": None,
            "finish_reason": "content_filter",
        }
    ]
    data = {
        "id": first_data.get("id") or "chatcmpl-guardrail",
        "object": "chat.completion.chunk",
        "created": first_data.get("created") or 0,
        "model": first_data.get("model") or "",
        "choices": out,
        "guardrail": decision.to_dict(),
    }
    return rebuild(first, data)


async def _iterate(stream: Any) -> AsyncIterator[Any]:
    if isinstance(stream, AsyncIterable):
        async for chunk in stream:
            yield chunk
    else:  # a model function that answered whole although asked to stream
        raise TypeError(
            f"expected an async iterable of chunks for stream=True, got {type(stream)!r}"
        )


async def _close(stream: Any) -> None:
    """Let go of the upstream connection, whichever closing method the stream has."""
    for method in ("aclose", "close"):
        closer = getattr(stream, method, None)
        if callable(closer):
            result = closer()
            if inspect.isawaitable(result):
                await result
            return


def _id(data: Mapping[str, Any]) -> str | None:
    value = data.get("id")
    return value if isinstance(value, str) and value else None
