"""Judging a streamed answer before any of it is released: one core for every face.

`StreamJudge` knows no transport. A face hands it each ``chat.completion.chunk`` as a
plain dict together with the item it will send for it (the proxy: the SSE event's
original bytes; the library: the SDK's chunk object) and gets back the items that may
go out now, in order, unchanged:

- text is judged in windows (the whole text so far, in the request's context) whose
  size and pace `StreamWindows` sets;
- tool calls are held until their choice finishes; then the whole answer (text and
  every call) is judged together, as a non-streamed answer would be, and uncertain
  findings go to the optional ``review``;
- chunks without choices pass in order, behind anything held before them;
- a redactable finding in text not yet released is redacted in the held chunks
  (``reencode`` rebuilds an item from its edited dict);
- anything else refused drops what is held and sets `StreamJudge.blocked`; the face
  ends the stream with `StreamJudge.closing_chunk`.

``on_decision`` is called once per choice: with its final verdict, or with the decision
that blocked it. Window verdicts that allow are not reported, so a stream counts once.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from guardrail.conversation import Exchange
from guardrail.decision import Action, Decision
from guardrail.judging import FailClosedJudge, fault_decision
from guardrail.render import blocked_chunk, redact_text

T = TypeVar("T")

#: the optional second stage for uncertain findings: (decision, message) -> (decision, seconds)
Review = Callable[[Decision, dict[str, Any]], Awaitable[tuple[Decision, float]]]


@dataclass(frozen=True, slots=True)
class StreamWindows:
    """How much streamed text to hold before judging it, and how often to judge.

    A window is due once ``min_chars`` are pending (growing with the text already
    judged, up to ``max_chars``) and ``min_interval_s`` has passed since the last
    check; at once when ``max_chars`` are pending; and, with ``flush_s``, when text has
    waited that long. A fast burst is thus judged once, at its end; a slow stream goes
    out as it comes, at a bounded rate of checks.
    """

    min_chars: int = 96
    max_chars: int = 2048
    flush_s: float | None = None
    min_interval_s: float = 0.0


@dataclass(slots=True)
class ToolCallState:
    """One streamed tool call, accumulated from its fragments."""

    id: str | None = None
    type: str = "function"
    name: str = ""
    arguments: list[str] = field(default_factory=list)

    def fold(self, raw: Mapping[str, Any]) -> None:
        if raw.get("id"):
            self.id = raw["id"]
        if raw.get("type"):
            self.type = raw["type"]
        fn = raw.get("function") or {}
        name = fn.get("name")
        if name and name != self.name:  # some providers repeat the whole name in every chunk
            self.name += name
        if fn.get("arguments"):
            self.arguments.append(fn["arguments"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "function": {"name": self.name, "arguments": "".join(self.arguments)},
        }


@dataclass(slots=True)
class ChoiceState:
    """One choice of the answer: what has arrived, what is judged, what went out."""

    index: int
    parts: list[str] = field(default_factory=list)
    length: int = 0
    checked: int = 0  # characters of text judged and allowed so far
    pending_since: float = 0.0
    last_check: float = 0.0
    calls: dict[int, ToolCallState] = field(default_factory=dict)
    finished: bool = False
    decision: Decision | None = None  # the final verdict, once the whole choice is judged
    spent_s: float = 0.0
    reviewed: bool = False
    released: bool = False  # some of its chunks went out

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts[:] = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    @property
    def settled(self) -> bool:
        """Everything seen of this choice is judged and allowed."""
        return self.checked == self.length and (not self.calls or self.decision is not None)

    def message(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": "assistant", "content": self.text or None}
        if self.calls:
            out["tool_calls"] = [c.to_dict() for _, c in sorted(self.calls.items())]
        return out

    def fold(self, choice: Mapping[str, Any]) -> None:
        """Add one chunk's delta for this choice."""
        delta = choice.get("delta") or {}
        content = delta.get("content")
        if isinstance(content, str) and content:
            self.decision = None  # text after the finish chunk: judge again
            if self.checked == self.length:
                self.pending_since = time.monotonic()
                if not self.checked:
                    self.last_check = self.pending_since
            self.parts.append(content)
            self.length += len(content)
        for raw in delta.get("tool_calls") or ():
            self._call(raw.get("index", 0)).fold(raw)
        legacy = delta.get("function_call")
        if legacy:
            self._call(-1).fold({"function": legacy})
        if choice.get("finish_reason"):
            self.finished = True

    def _call(self, index: Any) -> ToolCallState:
        self.decision = None
        key = index if isinstance(index, int) else 0
        call = self.calls.get(key)
        if call is None:
            call = self.calls[key] = ToolCallState()
        return call


class StreamJudge(Generic[T]):
    """Holds a stream's items until what they carry is judged; says what may go out."""

    def __init__(
        self,
        judge: FailClosedJudge,
        base: Exchange,
        *,
        on_decision: Callable[[ChoiceState, Decision], None],
        reencode: Callable[[T, dict[str, Any]], T],
        windows: StreamWindows | None = None,
        review: Review | None = None,
    ) -> None:
        self.judge = judge
        self.base = base
        self.on_decision = on_decision
        self.reencode = reencode
        w = windows or StreamWindows()
        self.windows = w
        self._max = max(w.min_chars, w.max_chars)
        self._timed = w.flush_s is not None or w.min_interval_s > 0
        self.review = review
        self.choices: dict[int, ChoiceState] = {}
        self.envelope: dict[str, Any] = {}  # id, model, ... of the first chunk with choices
        self.blocked: Decision | None = None
        self._items: list[T] = []
        self._chunks: list[dict[str, Any] | None] = []

    async def push(self, chunk: dict[str, Any], item: T) -> Sequence[T]:
        """Take one chunk (``item`` is what the face sends for it); the items to send now."""
        if self.blocked is not None:
            return ()
        choices = chunk.get("choices")
        if not isinstance(choices, list) or not choices:
            return self.passthrough(item)
        if not self.envelope:
            self.envelope = {k: chunk[k] for k in _ENVELOPE if k in chunk}
        try:
            for ch in choices:
                index = ch.get("index", 0)
                st = self.choices.get(index)
                if st is None:
                    st = self._choice(index)
                st.fold(ch)
        except (TypeError, AttributeError, KeyError):
            self._block(None, fault_decision(ValueError("malformed stream chunk")))
            return ()
        self._items.append(item)
        self._chunks.append(chunk)
        return await self._check()

    def passthrough(self, item: T) -> Sequence[T]:
        """An item that carries no answer: out now, unless something is held before it."""
        if self._items:
            self._items.append(item)
            self._chunks.append(None)
            return ()
        return (item,)

    async def settle(self) -> Sequence[T]:
        """The stream ended: judge every choice not yet decided; the items to send now."""
        if self.blocked is not None:
            return ()
        for st in self.choices.values():
            if st.decision is None and not await self._final(st):
                return ()
        return self._release()

    def drop(self) -> None:
        """Forget what is held (unjudged items never leak, e.g. next to an upstream error)."""
        self._items = []
        self._chunks = []

    def closing_chunk(self, decision: Decision) -> dict[str, Any]:
        """The chunk that ends this stream when ``decision`` blocked it."""
        released = {i: st.released for i, st in self.choices.items()}
        return blocked_chunk(self.envelope, released, decision)

    # -- internals ----------------------------------------------------------------------

    def _choice(self, index: Any) -> ChoiceState:
        if not isinstance(index, int):
            index = 0
        st = self.choices.get(index)
        if st is None:
            st = self.choices[index] = ChoiceState(index)
        return st

    async def _check(self) -> Sequence[T]:
        for st in self.choices.values():
            if st.finished:
                if st.decision is None and not await self._final(st):
                    return ()
            elif self._due(st) and not self._window(st):
                return ()
        if all(st.settled for st in self.choices.values()):
            return self._release()
        return ()

    def _due(self, st: ChoiceState) -> bool:
        pending = st.length - st.checked
        if pending <= 0:
            return False
        if pending >= self._max:
            return True
        w = self.windows
        window = min(self._max, max(w.min_chars, st.checked // 2))
        if not self._timed:
            return pending >= window
        now = time.monotonic()
        if w.flush_s is not None and now - st.pending_since >= w.flush_s:
            return True
        return pending >= window and now - st.last_check >= w.min_interval_s

    def _window(self, st: ChoiceState) -> bool:
        """Judge the text so far; False if that ended the stream."""
        decision, spent = self.judge.judge(self.base, {"role": "assistant", "content": st.text})
        st.spent_s += spent
        st.last_check = time.monotonic()
        if self._refuses(st, decision):
            return False
        st.checked = st.length
        return True

    async def _final(self, st: ChoiceState) -> bool:
        """Judge the whole choice (text and calls); False if that ended the stream."""
        message = st.message()
        decision, spent = self.judge.judge(self.base, message)
        if decision.uncertain and self.review is not None:
            decision, extra = await self.review(decision, message)
            spent += extra
            st.reviewed = True
        st.spent_s += spent
        if self._refuses(st, decision):
            return False
        st.decision = decision
        st.checked = st.length
        self.on_decision(st, decision)
        return True

    def _refuses(self, st: ChoiceState, decision: Decision) -> bool:
        if decision.action is Action.BLOCK or (
            decision.action is Action.REDACT and not self._redact_pending(st, decision)
        ):
            self._block(st, decision)
            return True
        return False

    def _release(self) -> Sequence[T]:
        if not self._items:
            return ()
        out = self._items
        self.drop()
        for st in self.choices.values():
            st.released = True
        return out

    def _block(self, st: ChoiceState | None, decision: Decision) -> None:
        if st is not None:
            self.on_decision(st, decision)
        self.blocked = decision
        self.drop()

    def _redact_pending(self, st: ChoiceState, decision: Decision) -> bool:
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
        replacement = redact_text(st.text[st.checked :], spans, policy)
        first = True
        for position, chunk in enumerate(self._chunks):
            if chunk is None:
                continue
            changed = False
            for ch in chunk.get("choices") or ():
                delta = ch.get("delta") or {}
                if ch.get("index", 0) == st.index and isinstance(delta.get("content"), str):
                    delta["content"] = replacement if first else ""
                    first = False
                    changed = True
            if changed:
                self._items[position] = self.reencode(self._items[position], chunk)
        return True


_ENVELOPE = ("id", "object", "created", "model", "system_fingerprint")
