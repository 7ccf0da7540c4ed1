"""guardrail: stops blackmail, data exfiltration and oversight subversion by LLM agents."""

from guardrail.decision import Action, Decision, Finding, Location, Mode, Severity, Violation
from guardrail.engine import Engine
from guardrail.errors import (
    AuditError,
    AuditTamperError,
    ConfigError,
    GuardrailError,
    GuardrailViolation,
    InvalidExchange,
    PolicyError,
    PolicyProblem,
    UpstreamError,
    UpstreamTimeout,
)
from guardrail.guard import Guard, guarded_tool
from guardrail.policy import PolicySet, load_policies
from guardrail.streamjudge import StreamWindows

__all__ = [
    "Action",
    "AuditError",
    "AuditTamperError",
    "ConfigError",
    "Decision",
    "Engine",
    "Finding",
    "Guard",
    "GuardrailError",
    "GuardrailViolation",
    "InvalidExchange",
    "Location",
    "Mode",
    "PolicyError",
    "PolicyProblem",
    "PolicySet",
    "Severity",
    "StreamWindows",
    "UpstreamError",
    "UpstreamTimeout",
    "Violation",
    "guarded_tool",
    "load_policies",
]
__version__ = "0.1.0"
