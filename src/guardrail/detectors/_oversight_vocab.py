"""Words that name an oversight control inside settings, flags, keys and job lines.

Paths and process names are classified in `_oversight_targets`; this vocabulary is for
the *content* of a change: a key ``human_in_the_loop``, a list item ``security-scan``, a
flag ``require-dual-approval``, a Redis key ``agent:x:quota``. It is a set of word
classes (review and approval, safety and moderation filters, monitors and telemetry,
kill switches and limits on the agent, scanners and policy engines...), matched on the
words of a name however it is spelt (snake_case, kebab-case, camelCase, dotted).
"""

from __future__ import annotations

import re
from functools import lru_cache

from guardrail.detectors._oversight_lang import (
    CONTROL_STEMS,
    CONTROL_TERMS,
    HUMAN_PARTNERS,
    HUMAN_WORDS,
    LIMIT_STEMS,
)

# Word stems: a word of the name that starts with one of these names a control.
_STEMS = (
    "monitor", "oversight", "oversee", "overseer", "audit", "guardrail", "safeguard",
    "safety", "review", "approv", "signoff", "moderat", "supervis", "telemetr", "observab",
    "observer", "alert", "alarm", "complian", "governan", "redact", "tamper", "enforc",
    "killswitch", "watchdog", "sentinel", "siem", "cloudtrail", "guardduty", "securityhub",
    "sast", "dast", "codeql", "semgrep", "snyk", "trivy", "gitleaks", "gatekeeper", "kyverno",
    "falco", "sysmon", "osquery", "wazuh", "ossec", "auditd", "crowdstrike", "sentinelone",
    "defender", "antivirus", "quota", "ratelimit", "throttl", "harmless", "jailbreak",
    "toxicity", "refusal", "redteam", "escalat", "tripwire", "interlock", "hitl", "dlp",
    "edr", "xdr", "recorder", "guard", "trac", "confirm", "sandbox", "harmful",
    "selinux", "apparmor", "seccomp", "lockdown", "pgaudit", "cloudaudit", "journaling",
    *CONTROL_STEMS,
)
# Whole words that name a control only as whole words ("gate", not "gateway").
_WORDS = frozenset(
    "gate gates gated gating checker checkers verifier scanner scanners scan scans trail "
    "trails breaker breakers budget budgets spend logging limit limits cap caps "
    "vuln vulns vulnerability protection protections protected restrict restricted restriction "
    "restrictions pager paging opa admission manual eval evals evaluation evaluations "
    "harm harms pii halt admission clusterpolicy clusterpolicies evaluator evaluators "
    "grader graders grading scorer scorers".split()
)
# Words that need a partner word: "human" + review/loop, "kill" + switch, "rate" + limit.
_PAIRS = {
    "human": {"review", "reviewer", "approval", "approver", "loop", "confirm", "confirmation",
              "check", "signoff", "oversight", "in", "gate", "sign", "validation",
              "verification", "intervention"},
    "kill": {"switch", "switches"},
    "circuit": {"breaker", "breakers"},
    "rate": {"limit", "limits", "limiter", "limiting"},
    "safe": {"mode"},
    "dual": {"control", "approval", "sign", "signoff", "authorization", "authorisation"},
    "two": {"person", "man", "eyes"},
    "four": {"eyes"},
    "security": {"scan", "scans", "scanner", "review", "check", "checks", "gate", "team",
                 "monitoring", "alerts", "sensor"},
    "content": {"filter", "filters", "filtering", "policy", "safety"},
    "output": {"filter", "filters", "check", "checks"},
    "input": {"filter", "filters"},
    "prompt": {"filter", "shield", "guard"},
    "policy": {"engine", "check", "checks", "enforcement", "gate"},
    "decision": {"log", "logs", "trace", "record", "journal"},
    "decisions": {"log", "logs", "trace", "record", "journal"},
    "action": {"log", "logs", "trace", "record", "journal"},
    "actions": {"log", "logs", "trace", "record", "journal"},
    "activity": {"log", "logs", "trace", "journal"},
    "access": {"log", "logs"},
    "real": {"time"},
    "flow": {"log", "logs", "logging"},
    "permission": {"boundary", "boundaries"},
    "permissions": {"boundary", "boundaries"},
    "hooks": {"path"},
    "pre": {"commit", "receive", "push"},
    "log": {"validation", "stream", "streams", "sink", "sinks", "forwarding", "forwarder",
            "shipping", "export", "exports", "subscription", "subscriptions"},
    "journal": {"rule", "rules"},
}
# Words that look like stems above but are not controls.
_NOT = frozenset(
    "trace_id traceback tracebacks track tracks tracker tracking tract tractor traction "
    "trace_ids guardian guarding vanguard lifeguard bodyguard confirmed_at alertness "
    "auditorium gatekeeping scanned scanline escalator".split()
)

# "trace_id" and "stack trace" are debugging, not oversight.
_NOT_BEFORE = frozenset({("trace", "id"), ("trace", "ids"), ("trace", "back"),
                         ("trace", "parent"), ("trace", "context"), ("guard", "clause")})
_NOT_AFTER = frozenset({("stack", "trace"), ("stack", "traces"), ("back", "trace")})

# Limits are oversight only when they bind the agent.
_LIMITS = ("quota", "ratelimit", "throttl", "budget", "spend", "rate", "limit", "cap",
           *LIMIT_STEMS)
_AGENTISH = frozenset("agent agents ai bot bots llm assistant assistants model autonomous "
                      "oversight".split())

# letters of every script are word letters: "menschliche_prüfung" is two words, "人工审核" one
_SPLIT = re.compile(r"[\W_]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@lru_cache(maxsize=1024)
def words(text: str) -> tuple[str, ...]:
    """The lower-case words of a name in any spelling."""
    return tuple(
        w.lower() for part in _SPLIT.split(text) if part for w in _CAMEL.split(part) if w
    )


@lru_cache(maxsize=2048)
def control_word(text: str) -> str | None:
    """The word of ``text`` that names an oversight control, if any.

    Limits (quota, rate limit, budget) count only on the agent: a partner's API rate limit
    is product configuration, an agent's send quota is oversight.
    """
    found = _control_words(text)
    if found is None:
        return None
    word, limit = found
    if limit and not _AGENTISH.intersection(words(text)):
        return None
    return word


def _control_words(text: str) -> tuple[str, bool] | None:
    ws = words(text)
    if not ws:
        return None
    present = set(ws)
    joined = "".join(ws)
    limit: str | None = None
    for i, w in enumerate(ws):
        if w in _NOT or len(w) < 3:
            continue
        if (ws[i - 1] if i else "", w) in _NOT_AFTER or (w, ws[i + 1] if i + 1 < len(ws)
                                                         else "") in _NOT_BEFORE:
            continue
        if w in _WORDS or w.startswith(_STEMS):
            if not w.startswith(_LIMITS):
                return w, False
            limit = limit or w
    for w in ws:
        if not w.isascii():
            term = next((t for t in CONTROL_TERMS if t in w), None)
            if term is not None:
                return term, False
    if present & HUMAN_WORDS and present & HUMAN_PARTNERS:
        return " ".join(sorted(present & HUMAN_WORDS)[:1] + sorted(present & HUMAN_PARTNERS)[:1]), False
    for first, partners in _PAIRS.items():
        if first in present and present & partners:
            pair = first + " " + sorted(present & partners)[0]
            if first != "rate":
                return pair, False
            limit = limit or pair
    for compact in ("killswitch", "humanreview", "safemode", "circuitbreaker"):
        if compact in joined:
            return compact, False
    if "ratelimit" in joined:
        limit = limit or "ratelimit"
    return (limit, True) if limit else None
