"""The per-exchange analysis that every detector shares.

Built once per judged answer; expensive views (normalised text, decoded payloads, tool
kinds) are computed lazily and cached here, so ten detectors looking at the same
argument pay for its normalisation once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from guardrail.conversation import Exchange, Message, ToolCall
from guardrail.decision import Location
from guardrail.decoding import decode_layers
from guardrail.environment import Environment
from guardrail.memo import cached_property
from guardrail.normalize import clean, fold
from guardrail.patternindex import PatternIndex
from guardrail.toolkinds import ToolClassifier, ToolKind


@dataclass(slots=True)
class Segment:
    """One piece of pending output text: the content, or one string argument of a call."""

    location: Location
    raw: str
    tool: str | None = None
    kinds: frozenset[ToolKind] = frozenset()
    call: ToolCall | None = None
    _clean: str | None = field(default=None, repr=False)
    _fold: str | None = field(default=None, repr=False)
    _decoded: list[str] | None = field(default=None, repr=False)
    _key: str | None = field(default=None, repr=False)

    @property
    def argument(self) -> str | None:
        return self.location.argument

    @property
    def key(self) -> str:
        """The last component of the argument path, lower-cased (``"to"`` for ``to.0``)."""
        if self._key is None:  # asked by many detectors for every segment
            arg = self.location.argument or ""
            parts = [p for p in arg.split(".") if not p.isdigit()]
            self._key = parts[-1].lower() if parts else ""
        return self._key

    @property
    def clean(self) -> str:
        if self._clean is None:
            self._clean = clean(self.raw)
        return self._clean

    @property
    def fold(self) -> str:
        if self._fold is None:
            self._fold = fold(self.raw)
        return self._fold

    @property
    def decoded(self) -> list[str]:
        """Texts hidden in this one by encoding (base64, hex, escapes...), decoded."""
        if self._decoded is None:
            self._decoded = [clean(t) for t in decode_layers(self.clean)]
        return self._decoded

    def views(self) -> Iterator[str]:
        """The clean text, then each decoded payload."""
        yield self.clean
        yield from self.decoded


class Context:
    """Everything a detector may look at for one exchange."""

    def __init__(
        self,
        exchange: Exchange,
        environment: Environment,
        classifier: ToolClassifier,
        pattern_index: PatternIndex | None = None,
    ) -> None:
        self.exchange = exchange
        self.environment = environment
        self._classifier = classifier
        self._kinds: dict[str, frozenset[ToolKind]] = {}
        self._index = pattern_index
        self._candidates: dict[tuple[str, bool], frozenset[int]] = {}
        self._union: dict[bool, frozenset[int]] = {}

    def may_match(self, detector: object, text: str, case_sensitive: bool) -> bool:
        """False when the shared multi-pattern pass proves ``detector`` cannot match ``text``.

        One RE2 pass per text answers for every pattern policy at once (see `patternindex`).
        """
        return self._index is None or id(detector) in self._candidates_of(text, case_sensitive)

    def pattern_candidates(self, case_sensitive: bool) -> frozenset[int]:
        """``id()`` of each indexed detector that may match some view of the pending output.

        The union, over every segment's clean, folded and decoded texts, of what
        `may_match` would answer; a pattern policy outside it cannot fire.
        """
        found = self._union.get(case_sensitive)
        if found is None:
            found = frozenset()
            if self._index is not None:
                for seg in self.segments:
                    for text in (seg.clean, seg.fold, *seg.decoded):
                        found |= self._candidates_of(text, case_sensitive)
            self._union[case_sensitive] = found
        return found

    def _candidates_of(self, text: str, case_sensitive: bool) -> frozenset[int]:
        key = (text, case_sensitive)
        found = self._candidates.get(key)
        if found is None:
            found = self._index.candidates(text, case_sensitive) if self._index else frozenset()
            self._candidates[key] = found
        return found

    def kinds(self, tool: str) -> frozenset[ToolKind]:
        """What the named tool can do (operator facts first, then its schema)."""
        found = self._kinds.get(tool)
        if found is None:
            found = self._classifier.kinds(tool, self.exchange.tools.get(tool))
            self._kinds[tool] = found
        return found

    @cached_property
    def segments(self) -> list[Segment]:
        """The pending output split into judged pieces, content first, then call arguments."""
        out = self.exchange.output
        segs: list[Segment] = []
        if out.content:
            segs.append(Segment(Location(), out.content))
        for call in out.tool_calls:
            kinds = self.kinds(call.name)
            leaves = list(call.strings())
            if not leaves and call.raw_arguments:
                leaves = [("", call.raw_arguments)]
            for path, value in leaves:
                segs.append(
                    Segment(
                        Location(tool_call=call.index, argument=path or None),
                        value,
                        tool=call.name,
                        kinds=kinds,
                        call=call,
                    )
                )
        return segs

    def call_segments(self, call: ToolCall) -> list[Segment]:
        return [s for s in self.segments if s.call is call]

    @property
    def calls(self) -> tuple[ToolCall, ...]:
        return self.exchange.output.tool_calls

    @cached_property
    def instructions(self) -> tuple[Message, ...]:
        """System, developer and user messages: the trusted instructions."""
        return tuple(m for m in self.exchange.messages if m.trusted)

    @cached_property
    def instruction_text(self) -> str:
        return "\n".join(m.text for m in self.instructions)

    @cached_property
    def system_text(self) -> str:
        return "\n".join(
            m.text for m in self.exchange.messages if m.role in ("system", "developer")
        )

    @cached_property
    def user_text(self) -> str:
        return "\n".join(m.text for m in self.exchange.messages if m.role == "user")

    @cached_property
    def last_user_text(self) -> str:
        for m in reversed(self.exchange.messages):
            if m.role == "user":
                return m.text
        return ""

    @cached_property
    def tool_results(self) -> tuple[Message, ...]:
        """Tool outputs in the history: untrusted data that may carry injected text."""
        return tuple(m for m in self.exchange.messages if m.role in ("tool", "function"))

    @cached_property
    def tool_result_text(self) -> str:
        return "\n".join(m.text for m in self.tool_results)

    @cached_property
    def history_calls(self) -> tuple[ToolCall, ...]:
        """Tool calls the assistant made earlier in the conversation."""
        return tuple(c for m in self.exchange.messages for c in m.tool_calls)
