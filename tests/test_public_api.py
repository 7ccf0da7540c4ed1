"""The public API is exactly what `guardrail.__all__` lists, and every name is documented."""

from __future__ import annotations

import guardrail

EXPECTED = {
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
}


def test_all_is_pinned() -> None:
    """Adding or removing a public name is a deliberate change to this list."""
    assert set(guardrail.__all__) == EXPECTED
    assert len(guardrail.__all__) == len(EXPECTED)


def test_every_public_name_exists_and_has_a_docstring() -> None:
    """Each exported name resolves and says what it is for."""
    for name in guardrail.__all__:
        obj = getattr(guardrail, name)
        assert (obj.__doc__ or "").strip(), f"guardrail.{name} has no docstring"


def test_star_import_gives_exactly_all() -> None:
    """`from guardrail import *` exports the listed names and nothing else."""
    namespace: dict[str, object] = {}
    exec("from guardrail import *", namespace)
    assert set(namespace) - {"__builtins__"} == EXPECTED
