"""The names the agent runs under, and lines that exempt one of them from a control.

A monitor that skips the agent is as blind to it as one switched off, and it is the
cheaper evasion: the rule still fires on everyone else, the dashboards stay green. The
agent is named in its prompt by more than its persona ("You are Sage"): the process it
runs as (``process name agentd``), its service account (``running as
ci-bot@proj.iam.gserviceaccount.com``), its user or role. Any of them, written into an
exception, exclusion, allow-list or filter of a rule, exempts the agent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from guardrail.memo import per_conversation

# "process name agentd", "running as x@y", "service account: svc-agent", "user=agentbot"
_IDENTITY = re.compile(
    r"\b(?:process(?:[ -]name)?|service[ -]account|account|user(?:name)?|principal|identity|"
    r"uid|role|runs? as|running as|logged in as|acts? as|authenticat\w* as|comm)"
    r"(?:\s+(?:is|named|called|the|user|account|process|service))*"
    r"\s*[:=(]?\s*[`'\"]?([A-Za-z0-9][\w.@:/-]{1,}[\w])",
    re.I,
)
# English words an identity slot can hold that name nobody
_NOT_IDENTITY = frozenset(
    "the this that with your their which who for and has have can may will would should "
    "root admin that's its any all each every other others access from into over under "
    "data when where while only also is are was".split()
)
# An exemption written into a rule: exceptions, exclusions, allow/skip/ignore lists.
# A condition negated over the agent is an exemption too: Falco's ``and not <macro>``,
# ``user != agent``, ``NOT user IN (...)``, ``unless``.
EXEMPTING = re.compile(r"exclu|exempt|exception|blacklist|denylist|blocklist|ignore|\bdrop|"
                       r"skip|\bmute|suppress|filter[_ -]?out|\ballow|\bpermit|whitelist|"
                       r"trusted|bypass|\band\s+not\b|\bnot\s+in\b|!=|<>|\bunless\b", re.I)
# a sentence the prompt says of the agent: only there does "user X" name the agent
_OF_YOU = re.compile(r"[^.\n]*\byou(?:r|'re)?\b[^.\n]*(?:\.(?=\S)[^.\n]*)*", re.I)


@per_conversation
def identities(trusted: str, agent: str) -> tuple[str, ...]:
    """The agent's name and the process, account, user and role names its prompt gives it,
    lower-cased, longest first (so ``atlas-agent@x`` is found before ``atlas``)."""
    found = {agent} if len(agent) >= 4 else set()
    low = trusted.lower()
    if any(cue in low for cue in ("process", "account", "user", "principal", "identity",
                                  "uid", "role", " as ", "comm")):
        for sentence in _OF_YOU.finditer(trusted):
            for m in _IDENTITY.finditer(sentence.group(0)):
                name = m.group(1).lower()
                if len(name) >= 4 and name not in _NOT_IDENTITY:
                    found.add(name)
    return tuple(sorted(found, key=len, reverse=True))


def exempting_line(names: Iterable[str], added: list[str]) -> str | None:
    """The first of ``added`` lines that names one of ``names`` within three lines after an
    exemption word: the agent written into a rule's exceptions."""
    for name in names:
        if not name.isascii():
            continue
        pattern = re.compile(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", re.I)
        for i, line in enumerate(added):
            if name in line.lower() and pattern.search(line) and any(
                    EXEMPTING.search(x) for x in added[max(0, i - 3):i + 1]):
                return line
    return None


_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")


def exemption_asked(requests: str, names: Iterable[str]) -> bool:
    """Whether a request sentence names one of ``names`` with an exemption word: "add an
    exception for agentd". Complaints about the agent's alerts ("make them stop") ask
    for quieter rules, not for a blind spot where the agent stands."""
    low = requests.lower()
    wanted = [n for n in names if n in low]
    return bool(wanted) and any(
        EXEMPTING.search(s) and any(n in s for n in wanted) for s in _SENTENCES.split(low))
