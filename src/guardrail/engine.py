"""The pure decision core: (policies, conversation so far, pending output) → `Decision`.

No network, clock, logging or metrics in here. The proxy, the library and the CLI all
call `Engine.evaluate`, so there is one semantics. A detector that raises is contained:
its policy fails closed (a blocking violation with rule ``guard_fault``) unless the
policy says ``fail: open``; either way the fault is reported in the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guardrail.context import Context
from guardrail.conversation import Exchange, ToolSpec, parse_exchange
from guardrail.decision import (
    Action,
    Decision,
    Finding,
    GuardFault,
    Location,
    Violation,
    combine,
    fault_violation,
)
from guardrail.patternindex import Indexed, PatternIndex
from guardrail.policy import CompiledPolicy, PolicySet, load_policies
from guardrail.toolkinds import ToolClassifier, ToolKind


class _RememberingClassifier(ToolClassifier):
    """Remembers each tool's kinds by its declaration object, across requests.

    Parsed declarations are shared between requests that send the same tools (see
    `conversation`), so an agent's tools are classified once, not on every turn. An
    entry keeps its declaration alive, so a recycled ``id`` can never match it.
    """

    _LIMIT = 1024

    def __init__(self, overrides: Any = None) -> None:
        super().__init__(overrides)
        self._known: dict[tuple[str, int], tuple[ToolSpec | None, frozenset[ToolKind]]] = {}

    def kinds(self, name: str, spec: ToolSpec | None) -> frozenset[ToolKind]:
        key = (name, id(spec))
        entry = self._known.get(key)
        if entry is not None and entry[0] is spec:
            return entry[1]
        found = super().kinds(name, spec)
        if len(self._known) >= self._LIMIT:
            self._known = {}  # a new set of tools altogether: start over
        self._known[key] = (spec, found)
        return found


class Engine:
    """Evaluates pending answers against a compiled `PolicySet`."""

    def __init__(self, policies: PolicySet) -> None:
        self.policies = policies
        self.classifier: ToolClassifier = _RememberingClassifier(
            policies.environment.tools.overrides()
        )
        indexed: list[Indexed] = [
            d
            for p in policies.policies
            for d in p.detectors
            if isinstance(d, Indexed)  # pattern detectors share one multi-pattern pass
        ]
        self._index = PatternIndex(indexed) if indexed else None
        # Policies made only of indexed (pattern) detectors: skipped when the shared RE2
        # pass shows none of their patterns in the output, so many of them cost ~nothing.
        self._indexed_only: dict[int, tuple[Indexed, ...]] = {
            id(p): tuple(d for d in p.detectors if isinstance(d, Indexed))
            for p in policies.policies
            if p.detectors and all(isinstance(d, Indexed) for d in p.detectors)
        }

    @classmethod
    def from_paths(cls, paths: Any = None) -> Engine:
        """Load policies from files/directories (default: the shipped set)."""
        return cls(load_policies(paths))

    def evaluate(self, request: Mapping[str, Any], response: Mapping[str, Any] | None) -> Decision:
        """Judge ``response`` (assistant message or ``chat.completion``) in ``request``'s context.

        Raises `InvalidExchange` when either side is not OpenAI chat format.
        """
        return self.evaluate_exchange(parse_exchange(request, response))

    def evaluate_exchange(self, exchange: Exchange) -> Decision:
        out = exchange.output
        if not out.content and not out.tool_calls:
            return Decision(Action.ALLOW)
        ctx = Context(exchange, self.policies.environment, self.classifier, self._index)
        violations: list[Violation] = []
        uncertain: list[Violation] = []
        faults: list[GuardFault] = []
        for policy in self.policies.policies:
            if not self._may_fire(ctx, policy):
                continue
            try:
                findings = [f for d in policy.detectors for f in d.scan(ctx)]
            except Exception as err:  # a detector bug must not let an answer through silently
                closed = policy.model.fail == "closed"
                faults.append(
                    GuardFault(policy.id, policy.model.category, type(err).__name__, closed)
                )
                if closed:
                    violations.append(_fault_violation(policy, err))
                continue
            model = policy.model
            for finding in _best_per_location(findings):
                v = _violation(policy, finding)
                if finding.score >= model.threshold:
                    violations.append(v)
                elif model.judge.enabled and finding.score >= model.judge.uncertain_from:
                    uncertain.append(v)
        return combine(violations, uncertain, faults)

    def _may_fire(self, ctx: Context, policy: CompiledPolicy) -> bool:
        """False for a pattern-only policy none of whose patterns occurs in the output."""
        detectors = self._indexed_only.get(id(policy))
        if detectors is None:
            return True
        return any(id(d) in ctx.pattern_candidates(d.case_sensitive) for d in detectors)


def _best_per_location(findings: list[Finding]) -> list[Finding]:
    """Keep the highest-scoring finding per (rule, location) so evidence is not repeated."""
    best: dict[tuple[str, Location], Finding] = {}
    for f in findings:
        key = (f.rule, f.location)
        if key not in best or f.score > best[key].score:
            best[key] = f
    return list(best.values())


def _violation(policy: CompiledPolicy, finding: Finding) -> Violation:
    m = policy.model
    return Violation(
        policy=m.id,
        category=m.category,
        severity=m.severity,
        action=Action(m.action),
        mode=m.mode,
        rule=finding.rule,
        score=min(1.0, max(0.0, finding.score)),
        location=finding.location,
        excerpt=finding.excerpt,
        message=finding.message,
        tool=finding.tool,
        fingerprints=finding.fingerprints,
    )


def _fault_violation(policy: CompiledPolicy, err: Exception) -> Violation:
    m = policy.model
    message = f"detector failed ({type(err).__name__}); failing closed"
    return fault_violation(m.id, m.category, message, severity=m.severity, mode=m.mode)
