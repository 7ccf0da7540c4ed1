"""The Grafana dashboard and the alert rules only name metrics and labels guardrail exports.

The live check (.ci/observability) proves every dashboard query returns data from a real
Prometheus; these tests catch a renamed metric or label without one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry

from guardrail.policy import load_policies
from guardrail.telemetry import Metrics, Telemetry

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DASHBOARD = EXAMPLES / "grafana" / "dashboards" / "guardrail.json"
ALERTS = EXAMPLES / "prometheus" / "alerts.yml"


def exported() -> dict[str, set[str]]:
    """Sample name -> label names, as /metrics shows them."""
    metrics = Metrics(CollectorRegistry())
    metrics.describe_policies(load_policies())
    Telemetry(metrics).record_request("chat_completions", 200)
    out: dict[str, set[str]] = {}
    for name, expr in alert_exprs():  # recording rules keep the labels they group by
        if ":" in name:
            out[name] = grouping(expr)
    for family in metrics.registry.collect():
        for s in family.samples:
            out.setdefault(s.name, set()).update(s.labels)
        for suffix in ("_bucket", "_count", "_sum"):  # histograms without observations yet
            if family.type == "histogram":
                out.setdefault(family.name + suffix, set()).update(
                    {"le"} if suffix == "_bucket" else set()
                )
    return out


def dashboard_exprs() -> list[tuple[str, str]]:
    dash = json.loads(DASHBOARD.read_text())
    return [(p["title"], t["expr"]) for p in dash["panels"] for t in p["targets"]]


def alert_exprs() -> list[tuple[str, str]]:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    return [(r.get("alert") or r["record"], r["expr"]) for g in groups for r in g["rules"]]


def selectors(expr: str) -> list[tuple[str, set[str]]]:
    """Each ``guardrail_*`` metric in ``expr`` with the label names its matcher uses."""
    found = []
    for m in re.finditer(r"\b(guardrail[_:][a-z0-9_:]+)(\{[^}]*\})?", expr):
        labels = set(re.findall(r"([a-z_]+)\s*(?:=~|!~|!=|=)", m.group(2) or ""))
        found.append((m.group(1), labels))
    return found


def grouping(expr: str) -> set[str]:
    return {name.strip() for group in re.findall(r"\bby \(([^)]*)\)", expr)
            for name in group.split(",") if name.strip()}


@pytest.mark.parametrize(("where", "expr"), dashboard_exprs() + alert_exprs())
def test_queries_name_exported_metrics_and_labels(where: str, expr: str) -> None:
    names = exported()
    used = selectors(expr)
    assert used, f"{where}: no guardrail metric in {expr}"
    labels_here: set[str] = set()
    for metric, labels in used:
        assert metric in names, f"{where}: guardrail does not export {metric}"
        assert labels <= names[metric], f"{where}: {metric} has no label {labels - names[metric]}"
        labels_here |= names[metric]
    assert grouping(expr) <= labels_here, f"{where}: grouping by a label no metric has"


def test_dashboard_panels_are_well_formed() -> None:
    dash: dict[str, Any] = json.loads(DASHBOARD.read_text())
    ids = [p["id"] for p in dash["panels"]]
    assert len(ids) == len(set(ids))
    titles = " ".join(p["title"].lower() for p in dash["panels"])
    for topic in ("category", "policy", "block share", "check latency", "upstream latency",
                  "upstream errors", "fail-closed", "monitor-mode"):
        assert topic in titles
    for panel in dash["panels"]:
        assert panel["datasource"]["uid"] == "${datasource}"
        assert panel["targets"] and all(t["expr"].strip() for t in panel["targets"])


def test_every_alert_has_a_severity_and_a_summary() -> None:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    alerts = [r for g in groups for r in g["rules"] if "alert" in r]
    assert {a["alert"] for a in alerts} >= {
        "GuardrailCoercionOrSubversionBurst", "GuardrailFailedClosed",
        "GuardrailCheckLatencyHigh", "GuardrailUpstreamErrorRate",
    }
    for a in alerts:
        assert a["labels"]["severity"] in ("warning", "critical")
        assert a["annotations"]["summary"]
