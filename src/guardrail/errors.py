"""guardrail's exceptions, all in one tree so callers can catch at the level they need.

GuardrailError
├── PolicyError            a policy file or directory cannot be loaded
│                          (``.problems`` lists every problem: file, line, field, expected)
├── ConfigError            settings or command-line values are invalid
├── InvalidExchange        a request or answer is not valid OpenAI chat format
├── UpstreamError          the model provider failed (``.status`` and ``.body`` relayed)
│   └── UpstreamTimeout
├── AuditError             the audit store cannot be written or read
│   └── AuditTamperError   ``guardrail audit verify`` found an edited/deleted/reordered record
└── GuardrailViolation     a guarded call was refused (``.decision`` says why)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guardrail.decision import Decision


class GuardrailError(Exception):
    """Base class of every error guardrail raises on purpose."""


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    """One thing wrong with one policy file."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class PolicyError(GuardrailError):
    """Policies failed to load; every problem found is listed, not just the first."""

    def __init__(self, problems: list[PolicyProblem]) -> None:
        self.problems = problems
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} in policies:"
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))


class ConfigError(GuardrailError):
    """A setting has a value guardrail cannot use."""


class InvalidExchange(GuardrailError, ValueError):
    """The request or the answer is not valid OpenAI chat-completions format."""


class UpstreamError(GuardrailError):
    """The upstream model failed; the proxy relays its status and body."""

    def __init__(self, message: str, status: int = 502, body: bytes | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class UpstreamTimeout(UpstreamError):
    """The upstream model did not answer in time (status 504)."""

    def __init__(self, message: str = "upstream model timed out") -> None:
        super().__init__(message, status=504)


class AuditError(GuardrailError):
    """The audit store could not be written or read."""


class AuditTamperError(AuditError):
    """The hash chain of the audit store is broken at ``.record_id``."""

    def __init__(self, message: str, record_id: int | None = None) -> None:
        super().__init__(message)
        self.record_id = record_id


class GuardrailViolation(GuardrailError):
    """A guarded tool call or completion was refused; ``.decision`` holds the evidence."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        names = ", ".join(decision.policies) or "policy"
        super().__init__(f"refused by guardrail ({decision.action.value}): {names}")
