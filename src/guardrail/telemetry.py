"""Counting, logging and auditing every check, the same way for the proxy and the library.

The core returns a `Decision`; the I/O shell hands it to `Telemetry.record_check`, which
increments the Prometheus metrics, emits one structlog event per intervention and
appends one audit record per intervention. Those three are written from the same loop
over the same violations, so their counts agree by construction.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from guardrail.decision import Decision, Violation
from guardrail.policy import PolicySet

_LATENCY_BUCKETS = (
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
)  # fmt: skip
_UPSTREAM_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)

ROUTES = ("chat_completions", "models", "healthz", "metrics", "interventions", "other")
UPSTREAM_ERROR_KINDS = ("connect", "timeout", "status_4xx", "status_5xx", "protocol", "other")


class Metrics:
    """guardrail's Prometheus metrics, registered on the registry you pass in."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.http_requests = Counter(
            "guardrail_http_requests",
            "HTTP requests served by the proxy, by route and status class.",
            ["route", "code"],
            registry=r,
        )
        self.checks = Counter(
            "guardrail_checks",
            "Answers judged by the policy engine, by source and resulting action.",
            ["source", "action"],
            registry=r,
        )
        self.interventions = Counter(
            "guardrail_interventions",
            "Policy violations acted on (mode=monitor: what would have been done).",
            ["policy", "category", "action", "mode"],
            registry=r,
        )
        self.check_duration = Histogram(
            "guardrail_check_duration_seconds",
            "Time spent judging one answer, by stage (rules, judge).",
            ["stage"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.upstream_duration = Histogram(
            "guardrail_upstream_duration_seconds",
            "Upstream model latency (to the full answer), by response kind.",
            ["kind"],
            buckets=_UPSTREAM_BUCKETS,
            registry=r,
        )
        self.upstream_errors = Counter(
            "guardrail_upstream_errors",
            "Upstream failures, by kind.",
            ["kind"],
            registry=r,
        )
        self.fail_closed = Counter(
            "guardrail_fail_closed",
            "Answers blocked because the guard itself failed (fail-closed).",
            ["policy"],
            registry=r,
        )
        self.guard_faults = Counter(
            "guardrail_guard_faults",
            "Detector failures, by policy and whether they failed closed or open.",
            ["policy", "outcome"],
            registry=r,
        )
        self.audit_failures = Counter(
            "guardrail_audit_write_failures",
            "Audit records that could not be written.",
            registry=r,
        )
        self.policy_info = Gauge(
            "guardrail_policy_info",
            "Loaded policies (value 1), with their version, category, action and mode.",
            ["policy", "version", "category", "action", "mode"],
            registry=r,
        )

    def describe_policies(self, policies: PolicySet) -> None:
        """Publish which policies are loaded, and pre-create their series at zero."""
        for p in policies.policies:
            m = p.model
            self.policy_info.labels(m.id, m.version, m.category, m.action, m.mode.value).set(1)
            self.interventions.labels(m.id, m.category, m.action, m.mode.value)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One intervention as the audit trail stores it (never the caught value itself)."""

    ts: float
    request_id: str
    model: str
    source: str
    policy: str
    category: str
    action: str
    mode: str
    rule: str
    tool: str | None
    location: str
    excerpt: str
    fingerprints: tuple[str, ...]

    @classmethod
    def from_violation(
        cls, v: Violation, *, ts: float, request_id: str, model: str, source: str
    ) -> AuditRecord:
        return cls(
            ts=ts,
            request_id=request_id,
            model=model,
            source=source,
            policy=v.policy,
            category=v.category,
            action=v.action.value if v.rule != "guard_fault" else "fail_closed",
            mode=v.mode.value,
            rule=v.rule,
            tool=v.tool,
            location=str(v.location),
            excerpt=v.excerpt,
            fingerprints=v.fingerprints,
        )


class AuditSink(Protocol):
    """Where audit records go. ``append`` must not block the event loop."""

    def append(self, record: AuditRecord) -> None: ...


class Telemetry:
    """Metrics, log events and audit records for checks, from one place."""

    def __init__(
        self,
        metrics: Metrics | None = None,
        *,
        logger: Any = None,
        audit: AuditSink | None = None,
        source: str = "proxy",
    ) -> None:
        self.metrics = metrics if metrics is not None else Metrics()
        self.log = logger if logger is not None else structlog.get_logger("guardrail")
        self.audit = audit
        self.source = source

    def record_check(
        self,
        decision: Decision,
        *,
        request_id: str,
        model: str,
        duration_s: float,
        stream: bool = False,
        stage: str = "rules",
    ) -> None:
        """Count one judged answer; log and audit each of its interventions."""
        m = self.metrics
        m.checks.labels(self.source, decision.action.value).inc()
        m.check_duration.labels(stage).observe(duration_s)
        for fault in decision.faults:
            m.guard_faults.labels(fault.policy, "closed" if fault.failed_closed else "open").inc()
            self.log.error(
                "guardrail.guard_fault",
                request_id=request_id,
                policy=fault.policy,
                error=fault.error,
                failed_closed=fault.failed_closed,
            )
        if decision.violations:
            self._interventions(decision.violations, request_id, model, stream)

    def _interventions(
        self, violations: Iterable[Violation], request_id: str, model: str, stream: bool
    ) -> None:
        m = self.metrics
        now = time.time()
        for v in violations:
            fail_closed = v.rule == "guard_fault"
            action = "fail_closed" if fail_closed else v.action.value
            m.interventions.labels(v.policy, v.category, v.action.value, v.mode.value).inc()
            if fail_closed:
                m.fail_closed.labels(v.policy).inc()
            self.log.warning(
                "guardrail.intervention",
                request_id=request_id,
                model=model,
                source=self.source,
                policy=v.policy,
                category=v.category,
                action=action,
                mode=v.mode.value,
                rule=v.rule,
                score=round(v.score, 3),
                tool=v.tool,
                location=str(v.location),
                excerpt=v.excerpt,
                fingerprints=list(v.fingerprints),
                stream=stream,
            )
            if self.audit is not None:
                record = AuditRecord.from_violation(
                    v, ts=now, request_id=request_id, model=model, source=self.source
                )
                try:
                    self.audit.append(record)
                except Exception as err:  # the block stands even if the record cannot be kept
                    m.audit_failures.inc()
                    self.log.error("guardrail.audit_failed", request_id=request_id, error=str(err))

    def record_upstream(self, duration_s: float, *, kind: str, error: str | None = None) -> None:
        """Upstream latency (``kind``: json or stream) and, if it failed, the error kind."""
        self.metrics.upstream_duration.labels(kind).observe(duration_s)
        if error is not None:
            self.metrics.upstream_errors.labels(
                error if error in UPSTREAM_ERROR_KINDS else "other"
            ).inc()

    def record_request(self, route: str, status: int) -> None:
        self.metrics.http_requests.labels(
            route if route in ROUTES else "other", f"{status // 100}xx"
        ).inc()

