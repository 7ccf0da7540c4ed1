"""The decision vocabulary: actions, evidence locations, violations and their combination.

Everything here is frozen and I/O free, so decisions can be compared, hashed and
logged without surprises. A decision never carries a caught secret in full: detectors
hand over a redacted excerpt and a fingerprint instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What happens to a model answer. Ordered by strength: allow < flag < redact < block."""

    ALLOW = "allow"
    FLAG = "flag"
    REDACT = "redact"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _ACTION_RANK[self]


_ACTION_RANK = {Action.ALLOW: 0, Action.FLAG: 1, Action.REDACT: 2, Action.BLOCK: 3}


class Mode(StrEnum):
    """`enforce` applies the policy's action; `monitor` records it and lets the answer through."""

    ENFORCE = "enforce"
    MONITOR = "monitor"


class Severity(StrEnum):
    """How grave a policy breach is, as its policy declares it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class Location:
    """Where evidence sits: a history message, or the pending output (``message is None``).

    ``argument`` is a dotted path inside the tool call's parsed arguments (``"to.0"``),
    ``span`` a half-open character range inside that text.
    """

    message: int | None = None
    tool_call: int | None = None
    argument: str | None = None
    span: tuple[int, int] | None = None

    def __str__(self) -> str:
        parts = ["output" if self.message is None else f"messages.{self.message}"]
        if self.tool_call is not None:
            parts.append(f"tool_calls.{self.tool_call}.arguments")
            if self.argument:
                parts.append(self.argument)
        else:
            parts.append("content")
        text = ".".join(parts)
        if self.span is not None:
            text += f":{self.span[0]}-{self.span[1]}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "tool_call": self.tool_call,
            "argument": self.argument,
            "span": list(self.span) if self.span else None,
            "path": str(self),
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """What a detector reports; the engine turns it into a `Violation` using the policy."""

    rule: str
    score: float
    location: Location
    excerpt: str
    message: str = ""
    tool: str | None = None
    fingerprints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Violation:
    """One policy breach with its evidence."""

    policy: str
    category: str
    severity: Severity
    action: Action
    mode: Mode
    rule: str
    score: float
    location: Location
    excerpt: str
    message: str = ""
    tool: str | None = None
    fingerprints: tuple[str, ...] = ()

    @property
    def effective_action(self) -> Action:
        """The action this violation imposes on the answer: monitor mode imposes none."""
        return self.action if self.mode is Mode.ENFORCE else Action.ALLOW

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "category": self.category,
            "severity": self.severity.value,
            "action": self.action.value,
            "mode": self.mode.value,
            "rule": self.rule,
            "score": round(self.score, 3),
            "location": self.location.to_dict(),
            "excerpt": self.excerpt,
            "message": self.message,
            "tool": self.tool,
            "fingerprints": list(self.fingerprints),
        }


#: the policy and category guardrail files its own failures under
GUARD_POLICY, GUARD_CATEGORY = "guardrail", "guard"


def fault_violation(
    policy: str,
    category: str,
    message: str,
    *,
    severity: Severity = Severity.CRITICAL,
    mode: Mode = Mode.ENFORCE,
) -> Violation:
    """A blocking ``guard_fault`` violation: how failing closed reads in a decision."""
    return Violation(
        policy=policy,
        category=category,
        severity=severity,
        action=Action.BLOCK,
        mode=mode,
        rule="guard_fault",
        score=1.0,
        location=Location(),
        excerpt="",
        message=message,
    )


@dataclass(frozen=True, slots=True)
class GuardFault:
    """A detector that raised instead of answering; ``failed_closed`` says what we did."""

    policy: str
    category: str
    error: str
    failed_closed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "category": self.category,
            "error": self.error,
            "failed_closed": self.failed_closed,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one pending answer."""

    action: Action
    violations: tuple[Violation, ...] = field(default=())
    #: the strongest action any policy asked for, monitor mode included
    would_action: Action = Action.ALLOW
    #: findings below their policy's threshold but inside its judge band
    uncertain: tuple[Violation, ...] = field(default=())
    #: detectors that failed on this exchange
    faults: tuple[GuardFault, ...] = field(default=())

    @property
    def allowed(self) -> bool:
        return self.action in (Action.ALLOW, Action.FLAG)

    @property
    def blocked(self) -> bool:
        return self.action is Action.BLOCK

    @property
    def policies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.policy for v in self.violations))

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "would_action": self.would_action.value,
            "violations": [v.to_dict() for v in self.violations],
            **({"faults": [f.to_dict() for f in self.faults]} if self.faults else {}),
        }


ALLOW = Decision(Action.ALLOW)


def combine(
    violations: Iterable[Violation],
    uncertain: Iterable[Violation] = (),
    faults: Iterable[GuardFault] = (),
) -> Decision:
    """Fold violations into one decision: the strongest enforced action wins.

    Monitor-mode violations are kept (so they are logged and counted) but only raise
    ``would_action``. Monitor-mode findings downgrade to ``flag`` so the answer is
    visibly marked without being changed. The order of the input does not matter.
    """
    found = sorted(set(violations), key=_violation_sort_key)
    unsure = tuple(sorted(set(uncertain), key=_violation_sort_key))
    fault_list = tuple(faults)
    if not found:
        if unsure or fault_list:
            return Decision(Action.ALLOW, uncertain=unsure, faults=fault_list)
        return ALLOW
    action = Action.ALLOW
    would = Action.ALLOW
    for v in found:
        if v.effective_action.rank > action.rank:
            action = v.effective_action
        if v.action.rank > would.rank:
            would = v.action
    if action is Action.ALLOW:
        action = Action.FLAG
    return Decision(
        action=action,
        violations=tuple(found),
        would_action=would,
        uncertain=unsure,
        faults=fault_list,
    )


def combine_decisions(decisions: Iterable[Decision]) -> Decision:
    """One decision for several (e.g. every choice of an answer): `combine` of all their parts."""
    ds = list(decisions)
    return combine(
        [v for d in ds for v in d.violations],
        [v for d in ds for v in d.uncertain],
        [f for d in ds for f in d.faults],
    )


def _violation_sort_key(v: Violation) -> tuple[Any, ...]:
    loc = v.location
    return (
        -v.effective_action.rank,
        v.policy,
        v.rule,
        -1 if loc.message is None else loc.message,
        -1 if loc.tool_call is None else loc.tool_call,
        loc.argument or "",
        loc.span or (0, 0),
        v.action.rank,
        v.mode.value,
        v.category,
        v.severity.value,
        -v.score,
        v.excerpt,
        v.message,
        v.tool or "",
        v.fingerprints,
    )
