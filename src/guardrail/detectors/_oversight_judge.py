"""Judge one action against the exchange's oversight targets and the user's instructions.

Each verb has one rule; the target decides whether it touches oversight; trusted text
(system, developer, user — never tool results) decides whether a human asked for it
(`_oversight_requests`). The rules live with what they judge: files
(`_oversight_files`), HTTP calls and alerts (`_oversight_http`), processes, variables
and settings stores (`_oversight_runtime`), copies of the agent itself
(`_oversight_escape`), reports to overseers (`_oversight_reports`).
"""

from __future__ import annotations

from guardrail.detectors._oversight_files import FileVerdicts
from guardrail.detectors._oversight_http import HttpVerdicts
from guardrail.detectors._oversight_model import Action, Verdict
from guardrail.detectors._oversight_reports import ReportVerdicts
from guardrail.detectors._oversight_runtime import RuntimeVerdicts

__all__ = ["Judge", "Verdict"]


class Judge(FileVerdicts, HttpVerdicts, RuntimeVerdicts, ReportVerdicts):
    """Verdicts for one exchange; built from its trusted text, tool results and targets."""

    def judge(self, a: Action) -> Verdict | None:
        """The verdict of the rule for ``a.verb`` (``_delete``, ``_http``...), if it breaks one."""
        handler = getattr(self, "_" + a.verb, None)
        if handler is None:
            return None
        verdict: Verdict | None = handler(a)
        return verdict
