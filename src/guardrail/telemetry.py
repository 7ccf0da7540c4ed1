"""Counting, logging and auditing every check, the same way for the proxy and the library.

The core returns a `Decision`; the I/O shell hands it to `Telemetry.record_check`, which
increments the Prometheus metrics, emits one structlog event per intervention and
appends one audit record per intervention. Those three are written from the same loop
over the same violations, so their counts agree by construction; an audit record that
cannot be kept is counted in ``guardrail_audit_write_failures_total`` and logged.

Every label takes its values from a fixed set (policy ids come from the loaded policy
files), and series an operator alerts on are created at zero up front, so a dashboard
shows 0 rather than "no data" before the first event. docs/observability.md lists
every metric and log event.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

import structlog
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    values,
)
from prometheus_client.multiprocess import MultiProcessCollector

from guardrail.audit import AuditRecord, SQLiteAuditStore, intervention_action
from guardrail.decision import GUARD_CATEGORY, GUARD_POLICY, Action, Decision, Mode, Violation
from guardrail.errors import ConfigError
from guardrail.policy import PolicySet

__all__ = [
    "CHECK_STAGES",
    "ROUTES",
    "UPSTREAM_ERROR_KINDS",
    "AuditRecord",
    "AuditSink",
    "Metrics",
    "Telemetry",
]

_LATENCY_BUCKETS = (
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
    2.5, 5.0, 10.0,
)  # fmt: skip
_UPSTREAM_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)

ROUTES = ("chat_completions", "models", "healthz", "metrics", "interventions", "other")
UPSTREAM_ERROR_KINDS = ("connect", "timeout", "status_4xx", "status_5xx", "protocol", "other")
UPSTREAM_RESPONSES = ("json", "stream")
CHECK_STAGES = ("rules", "judge", "stream")
SOURCES = ("proxy", "library", "scan")
INTERVENTION_ACTIONS = ("block", "redact", "flag", "fail_closed")


class Metrics:
    """guardrail's Prometheus metrics, registered on the registry you pass in.

    Counters are declared without ``_total``; the client library adds it on exposition.
    ``multiprocess_dir`` names the ``PROMETHEUS_MULTIPROC_DIR`` this process's values are
    kept in (one of several workers); `exposition` then reports every worker's totals.
    """

    def __init__(
        self,
        registry: CollectorRegistry | None = None,
        *,
        multiprocess_dir: str | Path | None = None,
    ) -> None:
        if multiprocess_dir is not None and values.ValueClass is values.MutexValue:
            # prometheus-client picks its value store when it is first imported
            raise ConfigError(
                f"metrics directory {multiprocess_dir}: prometheus-client is not in "
                "multiprocess mode (PROMETHEUS_MULTIPROC_DIR must be set before it is imported)"
            )
        self.multiprocess_dir = multiprocess_dir
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
            "Time spent judging one answer, by stage (rules, judge, stream).",
            ["stage"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.upstream_duration = Histogram(
            "guardrail_upstream_duration_seconds",
            "Upstream model latency to the full answer, by response type (json, stream).",
            ["response"],
            buckets=_UPSTREAM_BUCKETS,
            registry=r,
        )
        self.upstream_errors = Counter(
            "guardrail_upstream_errors",
            "Upstream failures, by kind (connect, timeout, status_4xx, status_5xx, ...).",
            ["kind"],
            registry=r,
        )
        self.fail_closed = Counter(
            "guardrail_fail_closed",
            "Answers blocked because the guard itself failed (fail-closed), by policy.",
            ["policy"],
            registry=r,
        )
        self.guard_faults = Counter(
            "guardrail_guard_faults",
            "Detector failures, by policy and whether they failed closed or open.",
            ["policy", "outcome"],
            registry=r,
        )
        self.audit_written = Counter(
            "guardrail_audit_records_written",
            "Audit records durably written to the audit store.",
            registry=r,
        )
        self.audit_failures = Counter(
            "guardrail_audit_write_failures",
            "Audit records that could not be written (the intervention still applied).",
            registry=r,
        )
        self.policy_info = Gauge(
            "guardrail_policy_info",
            "Loaded policies (value 1), with their version, category, action and mode.",
            ["policy", "version", "category", "action", "mode"],
            multiprocess_mode="max",
            registry=r,
        )
        self.build_info = Gauge(
            "guardrail_build_info",
            "guardrail's version (value 1).",
            ["version"],
            multiprocess_mode="max",
            registry=r,
        )
        from guardrail import __version__

        self.build_info.labels(__version__).set(1)
        for kind in UPSTREAM_ERROR_KINDS:
            self.upstream_errors.labels(kind)
        for response in UPSTREAM_RESPONSES:
            self.upstream_duration.labels(response)
        for stage in ("rules",):
            self.check_duration.labels(stage)

    def describe_policies(self, policies: PolicySet) -> None:
        """Publish which policies are loaded, and pre-create their series at zero."""
        if values.ValueClass is values.MutexValue:  # multiprocess mode cannot clear series
            self.policy_info.clear()
        self.fail_closed.labels(GUARD_POLICY)
        self.guard_faults.labels(GUARD_POLICY, "closed")
        self.interventions.labels(GUARD_POLICY, GUARD_CATEGORY, "fail_closed", Mode.ENFORCE.value)
        for p in policies.policies:
            m = p.model
            self.policy_info.labels(m.id, m.version, m.category, m.action, m.mode.value).set(1)
            self.interventions.labels(m.id, m.category, m.action, m.mode.value)
            self.fail_closed.labels(m.id)
            self.guard_faults.labels(m.id, m.fail)
            self.interventions.labels(m.id, m.category, "fail_closed", m.mode.value)

    def exposition(self, multiprocess_dir: str | Path | None = None) -> tuple[bytes, str]:
        """The text format body and its content type, for a ``/metrics`` endpoint.

        With ``multiprocess_dir`` (prometheus-client's ``PROMETHEUS_MULTIPROC_DIR``,
        shared by every worker; default: the one given at construction) the totals of
        all worker processes are reported.
        """
        if multiprocess_dir is None:
            multiprocess_dir = self.multiprocess_dir
        if multiprocess_dir is None:
            return generate_latest(self.registry), CONTENT_TYPE_LATEST
        merged = CollectorRegistry()
        MultiProcessCollector(merged, path=str(multiprocess_dir))  # type: ignore[no-untyped-call]
        return generate_latest(merged), CONTENT_TYPE_LATEST


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
        self.source = source if source in SOURCES else "library"
        # the hot path's children, looked up once (``labels`` takes a lock and builds keys)
        m = self.metrics
        self._checks = {a: m.checks.labels(self.source, a.value) for a in Action}
        self._check_durations: dict[str, Any] = {}  # filled on first use: a stage's series
        self._upstream = {r: m.upstream_duration.labels(r) for r in UPSTREAM_RESPONSES}
        self._requests: dict[tuple[str, int], Any] = {}

    def open_audit(self, path: str | Path, *, key: bytes | None = None) -> SQLiteAuditStore:
        """Open the SQLite audit store at ``path`` with its outcomes reported here."""
        store = SQLiteAuditStore(
            path, key=key, on_failure=self.audit_failed, on_written=self.audit_written
        )
        self.audit = store
        return store

    def close(self) -> None:
        """Write the queued audit records and close the store (at proxy shutdown)."""
        close = getattr(self.audit, "close", None)
        if close is not None:
            close()

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
        self._checks[decision.action].inc()
        duration = self._check_durations.get(stage)
        if duration is None:
            known = stage if stage in CHECK_STAGES else "rules"
            duration = self._check_durations[known] = m.check_duration.labels(known)
        duration.observe(duration_s)
        for fault in decision.faults:
            m.guard_faults.labels(fault.policy, "closed" if fault.failed_closed else "open").inc()
            self.log.error(
                "guardrail.guard_fault",
                request_id=request_id,
                policy=fault.policy,
                category=fault.category,
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
            action = intervention_action(v)
            m.interventions.labels(v.policy, v.category, action, v.mode.value).inc()
            if action == "fail_closed" and v.mode is Mode.ENFORCE:
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
                    self.audit_failed([record], err)

    def audit_failed(self, records: Sequence[AuditRecord], error: Exception) -> None:
        """Count and log audit records that were lost (called from the writer thread)."""
        self.metrics.audit_failures.inc(len(records))
        self.log.error(
            "guardrail.audit_write_failed",
            records=len(records),
            request_ids=sorted({r.request_id for r in records}),
            error=f"{type(error).__name__}: {error}",
        )

    def audit_written(self, count: int) -> None:
        self.metrics.audit_written.inc(count)

    def record_upstream(self, duration_s: float, *, kind: str, error: str | None = None) -> None:
        """Upstream latency (``kind``: json or stream) and, if it failed, the error kind."""
        histogram = self._upstream.get(kind)
        if histogram is None:
            histogram = self._upstream["json"]
        histogram.observe(duration_s)
        if error is not None:
            self.metrics.upstream_errors.labels(
                error if error in UPSTREAM_ERROR_KINDS else "other"
            ).inc()

    def record_request(self, route: str, status: int) -> None:
        """One HTTP request served, by route (from a fixed set) and status class."""
        counter = self._requests.get((route, status))
        if counter is None:
            counter = self.metrics.http_requests.labels(
                route if route in ROUTES else "other", f"{status // 100}xx"
            )
            if route in ROUTES and 100 <= status < 600:  # keeps the cache to a fixed size
                self._requests[(route, status)] = counter
        counter.inc()
