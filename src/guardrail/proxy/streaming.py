"""Guarding a streamed answer: nothing reaches the client before it has been judged.

`SSEDecoder` cuts the upstream byte stream into events. `StreamGuard` holds each
event until everything it carries has been checked, then releases the original bytes
unchanged (so logprobs and unknown fields survive):

- text is judged in bounded windows (the whole text so far, in the request's context):
  once ``window`` characters are pending and ``min_interval_s`` has passed since the
  last check, or text has waited ``flush_s``, or ``max_window`` characters are pending.
  A fast upstream's burst is thus judged once, at the end; a slow one is released as
  it comes, at a bounded rate of checks;
- tool calls are held until the choice finishes, then the whole answer (text and every
  call) is judged together, exactly as a non-streamed answer would be;
- chunks without choices (usage, ``choices: []``) and comments pass in order;
- a block ends the stream with a ``finish_reason: "content_filter"`` chunk and ``[DONE]``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from guardrail.conversation import Exchange
from guardrail.decision import Action, Decision
from guardrail.judging import FailClosedJudge, fault_decision
from guardrail.render import blocked_error, notice, redact_text

DONE = b"data: [DONE]\n\n"

#: called once per choice with its final (or blocking) decision and the seconds spent judging
OnDecision = Callable[[int, Decision, float], None]
#: the optional second stage for uncertain findings: (decision, message) -> (decision, seconds)
Review = Callable[[Decision, dict[str, Any]], Awaitable[tuple[Decision, float]]]


@dataclass(slots=True)
class SSEEvent:
    """One server-sent event: its original bytes and its joined ``data`` (None if none)."""

    raw: bytes
    data: bytes | None


class SSEDecoder:
    """Incremental SSE framing: feed bytes, get complete events."""

    def __init__(self) -> None:
        self._buf = b""

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        buf = self._buf + chunk
        if b"\r" in buf:
            buf = buf.replace(b"\r\n", b"\n")
        events: list[SSEEvent] = []
        start = 0
        while True:
            end = buf.find(b"\n\n", start)
            if end < 0:
                break
            block = buf[start:end]
            start = end + 2
            if block:
                events.append(_event(block))
        self._buf = buf[start:]
        return events

    def tail(self) -> list[SSEEvent]:
        """An unterminated last event, when the stream ends without a blank line."""
        block, self._buf = self._buf.strip(b"\n"), b""
        return [_event(block)] if block else []


def _event(block: bytes) -> SSEEvent:
    if block.startswith(b"data: ") and b"\n" not in block:
        return SSEEvent(block + b"\n\n", block[6:])
    data: list[bytes] = []
    for line in block.split(b"\n"):
        if line.startswith(b"data:"):
            value = line[5:]
            data.append(value[1:] if value.startswith(b" ") else value)
    return SSEEvent(block + b"\n\n", b"\n".join(data) if data else None)


@dataclass(slots=True)
class _ToolCall:
    id: str | None = None
    type: str = "function"
    name: list[str] = field(default_factory=list)
    arguments: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "function": {"name": "".join(self.name), "arguments": "".join(self.arguments)},
        }


@dataclass(slots=True)
class _Choice:
    index: int
    parts: list[str] = field(default_factory=list)
    length: int = 0
    checked: int = 0  # characters of text judged and allowed so far
    pending_since: float = 0.0
    last_check: float = 0.0
    calls: dict[int, _ToolCall] = field(default_factory=dict)
    finished: bool = False
    decision: Decision | None = None
    spent_s: float = 0.0

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts[:] = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def message(self) -> dict[str, Any]:
        calls = [c.to_dict() for _, c in sorted(self.calls.items())]
        out: dict[str, Any] = {"role": "assistant", "content": self.text or None}
        if calls:
            out["tool_calls"] = calls
        return out

    @property
    def settled(self) -> bool:
        """Everything seen of this choice is judged and allowed."""
        return self.checked == self.length and (not self.calls or self.decision is not None)


@dataclass(slots=True)
class _Held:
    raw: bytes
    obj: dict[str, Any] | None


class StreamGuard:
    """Turns upstream SSE events into what may be sent to the client, in order."""

    def __init__(
        self,
        guard: FailClosedJudge,
        base: Exchange,
        *,
        on_decision: OnDecision,
        window: int = 96,
        max_window: int = 2048,
        flush_s: float = 0.2,
        min_interval_s: float = 0.025,
        block_style: str = "answer",
        review: Review | None = None,
    ) -> None:
        self.guard = guard
        self.base = base
        self.on_decision = on_decision
        self.window = window
        self.max_window = max(window, max_window)
        self.flush_s = flush_s
        self.min_interval_s = min_interval_s
        self.block_style = block_style
        self.review = review
        self.choices: dict[int, _Choice] = {}
        self.held: list[_Held] = []
        self.envelope: dict[str, Any] = {}
        #: set once the stream has been terminated here (block, error, [DONE])
        self.ended = False
        self.blocked: Decision | None = None

    # -- feeding ----------------------------------------------------------------------------

    async def feed(self, event: SSEEvent) -> bytes:
        """Bytes to send now for one upstream event (often ``b""`` while holding)."""
        if self.ended:
            return b""
        data = event.data
        if data is None:
            return self._pass(_Held(event.raw, None))
        if data.strip() == b"[DONE]":
            out = await self._settle_all()
            if self.ended:
                return out
            self.ended = True
            return out + event.raw
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError:
            return self.fail("upstream sent a stream event that is not JSON")
        if not isinstance(obj, dict):
            return self.fail("upstream sent a stream event that is not an object")
        if obj.get("error"):
            self.held.clear()  # unjudged text never leaks, even next to an error
            self.ended = True
            return event.raw
        choices = obj.get("choices")
        if not isinstance(choices, list) or not choices:
            return self._pass(_Held(event.raw, obj))
        self._remember_envelope(obj)
        try:
            for ch in choices:
                self._absorb(ch)
        except (TypeError, AttributeError, KeyError):
            return self._block_all(fault_decision(ValueError("malformed stream chunk")))
        self.held.append(_Held(event.raw, obj))
        return await self._check()

    async def finish(self) -> bytes:
        """The upstream ended without ``[DONE]``: judge what is left, release it if allowed."""
        if self.ended:
            return b""
        out = await self._settle_all()
        self.ended = True
        return out

    def fail(self, message: str) -> bytes:
        """End the stream with an error event; held (unjudged) events are dropped."""
        self.held.clear()
        self.ended = True
        body = {"error": {"message": message, "type": "upstream_error", "param": None,
                          "code": None}}  # fmt: skip
        return b"data: " + orjson.dumps(body) + b"\n\n"

    # -- internals ----------------------------------------------------------------------------

    def _pass(self, held: _Held) -> bytes:
        if self.held:
            self.held.append(held)
            return b""
        return held.raw

    def _remember_envelope(self, obj: Mapping[str, Any]) -> None:
        if not self.envelope:
            self.envelope = {
                k: obj[k]
                for k in ("id", "object", "created", "model", "system_fingerprint")
                if k in obj
            }

    def _absorb(self, ch: Mapping[str, Any]) -> None:
        index = ch.get("index", 0)
        st = self.choices.get(index)
        if st is None:
            st = self.choices[index] = _Choice(index)
        delta = ch.get("delta") or {}
        content = delta.get("content")
        if isinstance(content, str) and content:
            st.decision = None  # text after the finish chunk: judge again
            if st.checked == st.length:
                st.pending_since = time.monotonic()
                if not st.checked:
                    st.last_check = st.pending_since
            st.parts.append(content)
            st.length += len(content)
        for tcd in delta.get("tool_calls") or ():
            k = tcd.get("index", 0)
            call = st.calls.get(k)
            if call is None:
                call = st.calls[k] = _ToolCall()
            st.decision = None
            if tcd.get("id"):
                call.id = tcd["id"]
            if tcd.get("type"):
                call.type = tcd["type"]
            fn = tcd.get("function") or {}
            if fn.get("name"):
                call.name.append(fn["name"])
            if fn.get("arguments"):
                call.arguments.append(fn["arguments"])
        if ch.get("finish_reason"):
            st.finished = True

    def _due(self, st: _Choice) -> bool:
        pending = st.length - st.checked
        if pending <= 0:
            return False
        if pending >= self.max_window:
            return True
        now = time.monotonic()
        if now - st.pending_since >= self.flush_s:
            return True
        window = min(self.max_window, max(self.window, st.checked // 2))
        return pending >= window and now - st.last_check >= self.min_interval_s

    async def _check(self) -> bytes:
        for st in self.choices.values():
            if st.finished and st.decision is None:
                out = await self._final(st)
                if out is not None:
                    return out
            elif not st.finished and self._due(st):
                out = self._window(st)
                if out is not None:
                    return out
        if all(st.settled for st in self.choices.values()):
            return self._release()
        return b""

    def _window(self, st: _Choice) -> bytes | None:
        decision, spent = self.guard.judge(self.base, {"role": "assistant", "content": st.text})
        st.spent_s += spent
        st.last_check = time.monotonic()
        if decision.action is Action.BLOCK or (
            decision.action is Action.REDACT and not self._redact_pending(st, decision)
        ):
            return self._block(st, decision)
        st.checked = st.length
        return None

    async def _final(self, st: _Choice) -> bytes | None:
        message = st.message()
        decision, spent = self.guard.judge(self.base, message)
        if decision.uncertain and self.review is not None:
            decision, extra = await self.review(decision, message)
            spent += extra
        st.spent_s += spent
        if decision.action is Action.BLOCK or (
            decision.action is Action.REDACT and not self._redact_pending(st, decision)
        ):
            return self._block(st, decision)
        st.decision = decision
        st.checked = st.length
        self.on_decision(st.index, decision, st.spent_s)
        return None

    async def _settle_all(self) -> bytes:
        for st in self.choices.values():
            if st.decision is None:
                out = await self._final(st)
                if out is not None:
                    return out
        return self._release()

    def _release(self) -> bytes:
        if not self.held:
            return b""
        out = b"".join(h.raw for h in self.held)
        self.held.clear()
        return out

    def _block(self, st: _Choice, decision: Decision) -> bytes:
        self.on_decision(st.index, decision, st.spent_s)
        return self._block_all(decision)

    def _block_all(self, decision: Decision) -> bytes:
        self.blocked = decision
        self.held.clear()
        self.ended = True
        if self.block_style == "error":
            return b"data: " + orjson.dumps(blocked_error(decision)) + b"\n\n" + DONE
        text = notice(decision)
        out = [
            {"index": i, "delta": {"content": text}, "logprobs": None,
             "finish_reason": "content_filter"}
            for i in sorted(self.choices) or [0]
        ]  # fmt: skip
        chunk = {**self.envelope, "choices": out, "guardrail": decision.to_dict()}
        chunk.setdefault("object", "chat.completion.chunk")
        return b"data: " + orjson.dumps(chunk) + b"\n\n" + DONE

    def _redact_pending(self, st: _Choice, decision: Decision) -> bool:
        """Rewrite the held text of ``st`` with redacted spans; False if that is impossible."""
        spans: list[tuple[int, int] | None] = []
        policy = "guardrail"
        for v in decision.violations:
            if v.effective_action is not Action.REDACT:
                continue
            loc = v.location
            if loc.message is not None or loc.tool_call is not None:
                return False
            span = loc.span
            if span is None:
                if st.checked:
                    return False  # part of the text is out already: cannot be taken back
                spans.append(None)
            elif span[1] > st.checked:  # spans ending earlier were redacted before release
                spans.append((max(span[0], st.checked) - st.checked, span[1] - st.checked))
            policy = v.policy
        if not spans:
            return True
        pending = st.text[st.checked :]
        replacement = redact_text(pending, spans, policy)
        first = True
        for held in self.held:
            if held.obj is None:
                continue
            changed = False
            for ch in held.obj.get("choices") or ():
                delta = ch.get("delta") or {}
                if ch.get("index", 0) == st.index and isinstance(delta.get("content"), str):
                    delta["content"] = replacement if first else ""
                    first = False
                    changed = True
            if changed:
                held.raw = b"data: " + orjson.dumps(held.obj) + b"\n\n"
        return True


def iter_events(decoder: SSEDecoder, chunks: Iterator[bytes]) -> Iterator[SSEEvent]:
    """Decode a whole byte stream (used by tests and the demo client)."""
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.tail()
