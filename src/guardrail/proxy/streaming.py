"""Guarding a streamed answer over SSE: nothing reaches the client before it is judged.

`SSEDecoder` cuts the upstream byte stream into events. `StreamGuard` is the SSE face
of `guardrail.streamjudge.StreamJudge`, which decides what is judged when (text in
windows paced by ``window``, ``max_window``, ``flush_s`` and ``min_interval_s``; tool
calls whole at the finish): each event is held with its original bytes and released
unchanged once judged (so logprobs and unknown fields survive). Here are what only SSE
has: comments pass in order, ``[DONE]`` or the end of the bytes settles the answer, an
upstream error event ends the stream, an event that is not a JSON object fails it, and
a block ends it with a ``finish_reason: "content_filter"`` chunk (or, with
``block_style="error"``, an error event) and ``[DONE]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from guardrail.conversation import Exchange
from guardrail.decision import Decision
from guardrail.judging import FailClosedJudge
from guardrail.render import blocked_error
from guardrail.streamjudge import ChoiceState, Review, StreamJudge, StreamWindows

DONE = b"data: [DONE]\n\n"

#: called once per choice with its final (or blocking) decision and the seconds spent judging
OnDecision = Callable[[int, Decision, float], None]


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


class StreamGuard:
    """Turns upstream SSE events into what may be sent to the client, in order."""

    def __init__(
        self,
        judge: FailClosedJudge,
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
        def decided(st: ChoiceState, decision: Decision) -> None:
            on_decision(st.index, decision, st.spent_s)

        windows = StreamWindows(window, max_window, flush_s, min_interval_s)
        self.core: StreamJudge[bytes] = StreamJudge(
            judge, base, on_decision=decided, reencode=_event_bytes, windows=windows, review=review
        )
        self.block_style = block_style
        #: set once the stream has been terminated here (block, error, [DONE])
        self.ended = False

    @property
    def blocked(self) -> Decision | None:
        """The decision that ended the stream, if one did."""
        return self.core.blocked

    async def feed(self, event: SSEEvent) -> bytes:
        """Bytes to send now for one upstream event (often ``b""`` while holding)."""
        if self.ended:
            return b""
        data = event.data
        if data is None:
            return self._out(self.core.passthrough(event.raw))
        if data.strip() == b"[DONE]":
            out = self._out(await self.core.settle())
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
            self.core.drop()  # unjudged text never leaks, even next to an error
            self.ended = True
            return event.raw
        return self._out(await self.core.push(obj, event.raw))

    async def finish(self) -> bytes:
        """The upstream ended without ``[DONE]``: judge what is left, release it if allowed."""
        if self.ended:
            return b""
        out = self._out(await self.core.settle())
        self.ended = True
        return out

    def fail(self, message: str) -> bytes:
        """End the stream with an error event; held (unjudged) events are dropped."""
        self.core.drop()
        self.ended = True
        body = {"error": {"message": message, "type": "upstream_error", "param": None,
                          "code": None}}  # fmt: skip
        return b"data: " + orjson.dumps(body) + b"\n\n"

    def _out(self, released: Sequence[bytes]) -> bytes:
        decision = self.core.blocked
        if decision is None:
            return b"".join(released) if released else b""
        self.ended = True
        if self.block_style == "error":
            body = blocked_error(decision)
        else:
            body = self.core.closing_chunk(decision)
        return b"data: " + orjson.dumps(body) + b"\n\n" + DONE


def _event_bytes(raw: bytes, chunk: dict[str, Any]) -> bytes:
    """An SSE event carrying ``chunk`` (after redaction rewrote it)."""
    return b"data: " + orjson.dumps(chunk) + b"\n\n"


def iter_events(decoder: SSEDecoder, chunks: Iterator[bytes]) -> Iterator[SSEEvent]:
    """Decode a whole byte stream (used by tests and the demo client)."""
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.tail()
