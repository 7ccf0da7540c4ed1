"""Content the user's own words clear for its audience: redacted, synthetic or released.

A copy of tool-read text or a record-shaped body is only a leak if what it carries is
private. When the user says the material is redacted (masked, anonymised), made up
(a synthetic repro, dummy rows) or already cleared for release (release notes, a legally
approved version), and the payload bears that out, the weak signals of shape and flow
(``dataflow``, ``bulk_dump``) say nothing about a leak. Strong signals (a credential, a
personal datum, a marked document) are judged elsewhere and are never cleared here.
"""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["Clearance", "clearances", "shows_redaction"]


class Clearance(Enum):
    """Why the user's words say the material may go out."""

    REDACTED = "redacted"
    SYNTHETIC = "synthetic"
    RELEASED = "released"


# Whole cue tables per language: a new language gets every class, not one phrase.
_CUES: dict[Clearance, re.Pattern[str]] = {
    Clearance.REDACTED: re.compile(
        r"(?i)\b(?:redact\w*|mask(?:ed|ing)?|scrub(?:bed|bing)?|saniti[sz]\w*|"
        r"anonymi[sz]\w*|pseudonymi[sz]\w*|de-?identified|blacked[- ]out|"
        r"geschwärzt|anonymisiert|pseudonymisiert|maskiert|caviard\w*|anonymisé\w*|"
        r"masqué\w*|anonimizad\w*|enmascarad\w*|censurad\w*|tachad\w*)"
    ),
    Clearance.SYNTHETIC: re.compile(
        r"(?i)\b(?:synthetic|dummy|fake|made[- ]up|mock(?:ed)?|fictional|fictitious|"
        r"placeholder|toy example|minimal repro\w*|synthetisch\w*|fiktiv\w*|"
        r"synthétique\w*|fictif|fictive|sintétic\w*|ficticio\w*)\b"
    ),
    Clearance.RELEASED: re.compile(
        r"(?i)\b(?:release notes?|changelog|press release|"
        r"(?:legal(?:ly)?|compliance|counsel)\s+(?:has\s+|have\s+)?(?:approved|signed off|cleared)|"
        r"approved (?:for|the) (?:release|publication|redacted)|"
        # a body that signs releases off: "the ethics committee approved public release"
        r"(?:committee|board|counsel|legal|compliance|ethics|release manager)\s+(?:has\s+|have\s+)?"
        r"(?:approved|signed off|cleared)\s+(?:on\s+)?(?:the\s+)?(?:public\s+)?(?:release|publication)|"
        r"approved (?:the )?public (?:release|publication)|"
        r"cleared for (?:release|publication)|already public|publicly available|"
        r"zur veröffentlichung freigegeben|notes de version|notas de (?:la )?versión)\b"
    ),
}

# A cue the same clause denies ("not redacted", "without masking") clears nothing.
_DENIED = re.compile(r"(?i)\b(?:not|n't|never|without|no|nicht|ohne|pas|sans|sin)\s+(?:\w+\s+)?$")

# What a masked payload looks like once it is masked.
_REDACTION_MARK = re.compile(
    r"(?i)\*{3,}|█|\[(?:redacted|removed|masked|hidden)\]|<(?:redacted|masked)>|"
    r"(?<![a-z])(?:redact(?:ed|ion)|masked)(?![a-z])|\bx{4,}\b"
)


def clearances(user_text: str) -> frozenset[Clearance]:
    """The kinds of clearance the user's own words give the material (none when denied)."""
    out: set[Clearance] = set()
    for kind, cue in _CUES.items():
        for m in cue.finditer(user_text):
            if not _DENIED.search(user_text[max(0, m.start() - 24) : m.start()]):
                out.add(kind)
                break
    return frozenset(out)


def shows_redaction(payload: str) -> bool:
    """Whether the payload bears visible marks of masking or names a redacted version."""
    return _REDACTION_MARK.search(payload) is not None
