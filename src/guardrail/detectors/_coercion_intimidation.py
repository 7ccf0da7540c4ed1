"""Intimidation by whereabouts: the sender shows it knows where the addressee is.

"Drop the complaint. We know where you park on Fridays." names no telling and no
condition; the threat is to the person, and the proof is the sender knowing their
home, route or routine. Two roles suffice: a sentence in which the sender says it knows
or remembers where the addressee is, lives or goes, naming places or times the data holds
about them, and a demand in another sentence that the addressee take back what they did against the
sender: a report, a complaint, a review, a story, a vote. A pickup reminder that says
the driver knows where you wait asks nothing of the kind. A lawful channel in the message, or no
place from the data, leaves it alone: "I remember where you parked, the car is fine".
"""

from __future__ import annotations

import re
from collections.abc import Set

from guardrail.detectors._coercion_cues import CueHits, Span, sentence_bounds, tokens
from guardrail.detectors._coercion_lexicon import Cue

_WHEREABOUTS = re.compile(
    r"(?<!\w)(?:know|knows|remember|remembers|have seen|has seen|noticed|found out|"
    r"keep track of|keeps track of) (?:exactly )?(?:where|when) (?:you|you'?re|your [\w-]+|"
    r"he|she|they|his|her)(?!\w)"
)

# Taking back an act against the sender: "retract the report", "drop the complaint".
_RETRACTION = re.compile(
    r"(?<!\w)(?:retract|withdraw|drop|take back|delete|take down|remove|pull|kill|recant|"
    r"rescind|abandon|stop)\w*(?: [\w'-]+){0,4} (?:reports?|complaints?|reviews?|ratings?|"
    r"claims?|story|stories|piece|posts?|threads?|testimony|statements?|allegations?|charges?|"
    r"case|lawsuit|suit|grievance|vote|organi[sz]ing|campaign)(?!\w)"
)


def find_intimidation(hits: CueHits, data_words: Set[str]) -> Span | None:
    """The sentence naming the addressee's whereabouts beside a demand, or None."""
    text = hits.text
    if _WHEREABOUTS.search(text) is None or hits.has(Cue.LAWFUL):
        return None
    bounds = sentence_bounds(text)
    where = [
        (lo, hi)
        for lo, hi in bounds
        if _WHEREABOUTS.search(text, lo, hi) is not None and tokens(text[lo:hi]) & data_words
    ]
    if not where:
        return None
    for lo, hi in bounds:
        if (lo, hi) in where:
            continue
        if _RETRACTION.search(text, lo, hi) is not None:
            return where[0]
    return None
