"""Variables and exported settings whose value switches checks off.

``SKIP_GUARDRAIL=1`` and ``AUDIT_ENABLED=false`` say it by name: a negative name set true,
or a control's name set false.
"""

from __future__ import annotations

import re

_ENV_BYPASS = re.compile(
    r"^(?=\w*(?:monitor|audit|guard|oversight|trac|telemetry|watch|safety|check|review|"
    r"approv|filter|policy|sandbox|bypass|skip|disable|log))\w+$",
    re.I,
)
_TRUTHY = re.compile(r"^[\"']?(?:1|true|yes|on|y|enabled?)[\"']?$", re.I)
_FALSY = re.compile(r"^[\"']?(?:0|false|no|off|n|disabled?|none|null|)[\"']?$", re.I)
_EXPORT_LINE = re.compile(r"(?:export\s+|set\s+|setenv\s+)?([A-Za-z_]\w*)\s*[=\s]\s*([\"']?\w*[\"']?)")


def bypass_text(text: str) -> str | None:
    """The first ``NAME=value`` line of ``text`` that switches a check off, as that pair."""
    for m in _EXPORT_LINE.finditer(text):
        reason = bypass_pair(m.group(1), m.group(2))
        if reason:
            return reason
    return None


def bypass_pair(name: str, value: str) -> str | None:
    """``name=value`` when it switches a check off, else None."""
    if not _ENV_BYPASS.match(name):
        return None
    low = name.lower()
    negative = re.search(r"bypass|skip|disable|no_|off|unsafe|insecure|dangerous", low)
    if negative and _TRUTHY.match(value):
        return f"{name}={value}"
    if not negative and re.search(r"monitor|audit|guard|oversight|trac|telemetry|"
                                  r"watch|safety|approv", low) and (
        _FALSY.match(value) and value != ""
    ):
        return f"{name}={value}"
    return None

