"""Terse threats read by their roles: a demand, leverage, an audience, and a tie.

People rarely spell a threat out. "Stop with the cards. The 2021 thing never went to
district. It can. Your call." names no consequence and no condition, yet every reader
sees one, because four roles are filled:

* a **demand** on the addressee: an order, a deadline, "we expect", "let's close on";
* **leverage**: something the sender holds over them — a private matter the lexicons name,
  words echoed from private data, the sender saying they hold or know it, or a specific
  item (a dated incident, someone's note, the photos from a night out);
* an **audience** who would learn it: a party the lexicons know, someone the private
  data names, or a telling verb aimed at them;
* a **tie** between the demand and the telling. Two kinds: a *choice* handed back
  ("your call", "it can", "if you file, it does", "otherwise") makes the telling
  contingent; a *forgone* telling ("I'd rather not forward", "nobody at the city needs to
  read it", "the board hasn't noticed yet") shows the audience does not know yet.

Either tie with leverage proper is a threat; a merely specific item (a dated file) needs
both kinds of tie, since "the March report goes to the board" or "nobody else needs to
read the March report" alone is ordinary work. Lawful channels and privacy assurances
are left to pass. Roles are read from cue classes, so every language table takes part;
the specific-item patterns and the bare "It can." are written for English.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass

from guardrail.detectors._coercion_cues import CueHits, Span, sentence_bounds, tokens
from guardrail.detectors._coercion_lexicon import Cue
from guardrail.detectors._coercion_structure import is_directive

# A tie that hands the choice back (rather than one that only withholds a telling).
_CHOICE = re.compile(
    r"your (?:call|choice|decision|move)|up to you|not (?:joking|kidding|bluffing)|serious|"
    r"you (?:decide|choose)|ball|choose|think (?:it|that|this) over|"
    r"keep (?:it|things|this) (?:that way|simple|as it is)|"
    r"(?:n'?t|not) (?:have|need) to|^if |^(?:while|as long as|so long as) |"
    r"hate (?:for|to)|you'?d rather|"
    # the same in the other tables: "à vous de voir", "jij beslist", "решать тебе", "看着办"
    r"a vous de|a toi de|decid|elig|entscheid|wahl|liegt bei|beslis|keuze|scelta|scegli|choix|"
    r"escolh|manos|scherz|witz|ernst|broma|brinca|plaisant|serieux|grap|meen|asi$|cosi$|assim|"
    r"dabei|restons|решать|выбор|шучу|останется|"
    r"看着办|决定|好自为之|판단|선택|알아서|ご判断|次第"
)
# Ties that are both: a regretted telling the sender says they may be driven to.
_BOTH = re.compile(
    r"hate (?:for|to)|you'?d rather|ungern|lieber nicht|preferiria|odiaria|detestaria|"
    r"detesterais|m'en voudrais|odierei|dispiacerebbe|sabria mal|liever niet|не хотел|不想"
)
# Ties that imply their own audience: someone who does not know, nobody who needs to.
_SELF_TELLING = re.compile(
    r"nobody|no one|no-one|none of|hasn'?t|haven'?t|has not|have not|i'?m sure|know|never|"
    r"in the family|private|quiet|hidden|niemand|nadie|ninguem|personne|nessuno|никто|"
    r"weet|sabe|sait|weiss|знает|bemerkt|gesehen|mitbekommen|remarque|vu$|accort|viu|"
    r"percebeu|reparou|enterado|visto|заметил|видел|hoeft|muss|braucht|besoin|deve|precisa|"
    r"necesita|нужно|知道|发现|알고|모르|知らない|言って|気づいて"
)
# "It can." / "They could." as a sentence of its own: the telling revived as a possibility.
_REVIVAL = re.compile(
    r"^\s*(?:but |and )?(?:it|that|they|this|he|she) (?:can|could|will|might|may|would)"
    r"(?: still| easily| always| yet)?(?: change)?\s*$"
)
# Asks that are not imperatives: "we expect lot 31 to pass", "let's close on 1x",
# "might be worth rethinking the date", "signed copy by month end would be ideal".
_ASK = re.compile(
    r"(?<!\w)(?:(?:i|we) (?:need|expect|require|want)|let'?s (?:close|settle|agree|sign|"
    r"finali[sz]e|wrap|move|get|make)|(?:might|may|would|could) be (?:worth|wise|smart|best)|"
    r"worth (?:re)?(?:think|consider)\w*|vote (?:against|for|no|yes|down)|"
    r"would be (?:ideal|appreciated|wise|best)|by (?:the )?(?:end of (?:the )?)?"
    r"(?:month|week|quarter)(?:[- ]end)?|by (?:month|week|quarter)[- ]end|"
    r"if (?:you|u) (?:can'?t|cannot|don'?t|won'?t|refuse|decline|fail))(?!\w)"
)
# Media of a person or an occasion: "the NYE pics", "the Lisbon offsite photos".
_MEDIA = re.compile(
    r"(?<!\w)(?:the|those|these|that|your|his|her|their|[\w-]+'s)(?: [\w'&-]+){0,3} "
    r"(?:pics|photos|pictures|videos|footage|recordings?|tapes|nudes|selfies|screenshots|"
    r"voice ?notes|voicemails)(?!\w)"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|nye|new year'?s|christmas|easter)"
)
# A specific item: a determiner, then a date or an occasion in the phrase ("the 2021 LP
# thing", "that dilute from March", "your 2024 conversations", "a certain Lucerne weekend").
_DATED = re.compile(
    r"(?<!\w)(?:(?:the|that|this|those|these|your|his|her|their|[\w-]+'s)(?: [\w'&-]+){0,3} "
    r"(?:(?:19|20)\d\d|" + _MONTH + r"|last (?:year|month|summer|spring|winter|autumn|fall|week))"
    r"|a certain(?: [\w'&-]+){1,3}"
    r"|(?:you|he|she|they) [\w'-]+ed(?: [\w'&-]+){0,5} (?:last|in|this past) (?:year|month|week|"
    + _MONTH
    + r"))(?!\w)"
)
# Words that make a consequence no harm: it will not, cannot happen.
_NEGATED = re.compile(r"(?<!\w)(?:won'?t|can'?t|cannot|will not|not be able|no longer|never)(?!\w)")
# A privacy notice or policy reads like a forgone telling; it assures, it does not threaten.
_ASSURANCE = re.compile(
    r"(?<!\w)(?:encrypt\w*|privacy (?:policy|notice|settings page)|only you|gdpr|"
    r"data protection|we never (?:share|sell)|(?:is|are) never shared|"
    # the addressee's own recourse, deferred to: "the council's process is the right place
    # for them and we'll respect its decision" hands them a forum, not a consequence
    r"(?:the )?right (?:place|forum|channel|route|venue) for|"
    r"(?:we|i)(?:'ll| will| would) (?:respect|abide by|accept) (?:its|the|their|that|whatever))(?!\w)"
)
_ASSURANCE_OR_PRIVACY = re.compile(
    _ASSURANCE.pattern
    + r"|(?<!\w)(?:confidential\w*|privacy|safe with|stays? (?:with|between))(?!\w)"
)
# The join of an order and its reward: "Stay on Premium and everything stays private".
_AND = re.compile(r",? and ")
_COLON = re.compile(r": ")
# A telling aimed at someone: "forward Jessica's note about the scarf to Rachel".
_TO_SOMEONE = re.compile(
    r"(?<!\w)(?:forward|send|show|pass|hand|give|mention|tell|take|report|leak|post|read|"
    r"mail|copy|cc)\w*(?: [\w'&-]+){0,6} (?:to|with) (?!you\b|me\b|us\b|myself\b|your (?:attention|"
    r"inbox)\b)[\w'-]+"
)
_HELD = (Cue.KNOW, Cue.HOLD, Cue.UNAWARE)


@dataclass(frozen=True, slots=True)
class TerseThreat:
    """Where the tie of a terse threat stands, and whether its leverage is private proper."""

    tie: Span
    private: bool


@dataclass(frozen=True, slots=True)
class _Tie:
    sentence: int
    span: Span
    choice: bool
    forgone: bool
    # where its audience must stand: a condition's consequence names it, other ties may
    # lean on the sentences around them
    consequence: Span | None = None


def find_terse_threat(
    hits: CueHits, echoed: Set[str], names: Set[str], *, lawful: bool
) -> TerseThreat | None:
    """The first tie that, with a demand, an audience and leverage, makes a threat.

    ``echoed`` are private words of the data the text repeats; ``names`` are the words of
    private passages (third parties among them) less the recipient's own.
    """
    text = hits.text
    if not (hits.has(Cue.TIE) or hits.has(Cue.CONDITION) or hits.has(Cue.SILENCE)):
        return None
    bounds = sentence_bounds(text)
    ties = _ties(hits, bounds)
    if not ties:
        return None
    demands = [_demand(hits, lo, hi, ties) for lo, hi in bounds]
    # The structural tests first, leverage only for ties that pass them.
    ties = [
        t
        for t in ties
        if _ordered(demands, t)
        # A privacy notice reads like a forgone telling: it assures, it does not threaten.
        and (_ASSURANCE if t.choice else _ASSURANCE_OR_PRIVACY).search(text, *bounds[t.sentence])
        is None
        and _told(hits, bounds, t, echoed | names)
    ]
    if not ties:
        return None
    orders = [_order(text, lo, hi) for lo, hi in bounds]
    # Held: the sender says they hold or know it, or that a third party does not; or
    # someone's media. Private: that, or a private matter named or echoed.
    held = [
        any(hits.in_range(c, lo, hi) for c in _HELD) or _MEDIA.search(text, lo, hi) is not None
        for lo, hi in bounds
    ]
    private = [
        held[i]
        or hits.in_range(Cue.LEVERAGE, lo, hi)
        or (hits.in_range(Cue.DEBT, lo, hi) and not lawful)
        or bool(tokens(text[lo:hi]) & echoed)
        for i, (lo, hi) in enumerate(bounds)
    ]
    specific = [_DATED.search(text, lo, hi) is not None for lo, hi in bounds]
    every = _ties(hits, bounds)
    choice = any(t.choice for t in every)
    forgone = any(t.forgone for t in every)
    for tie in ties:
        t = tie.sentence
        # Leverage outside the sentences that only order: a demand naming the item asks
        # for the matter itself ("approve the 2024 budget").
        others = [i for i in range(len(bounds)) if orders[i] is None or i == t]
        named = any(private[i] for i in others)
        if lawful and not named:
            continue
        if (
            (tie.choice and named)
            or (tie.forgone and any(held[i] for i in others))
            or (choice and forgone and any(specific[i] for i in others))
        ):
            return TerseThreat(bounds[t], named)
    return None


def _ties(hits: CueHits, bounds: tuple[Span, ...]) -> list[_Tie]:
    """Every tie of the text, with its sentence and kind."""
    text = hits.text
    found: list[_Tie] = []
    for i, (lo, hi) in enumerate(bounds):
        for s, e in hits.get(Cue.TIE):
            if lo <= s < hi:
                said = text[s:e]
                both = _BOTH.search(said) is not None
                choice = both or _CHOICE.search(said) is not None
                found.append(_Tie(i, (s, e), choice, both or not choice))
        for s, e in hits.get(Cue.SILENCE):
            # Silence is a tie only as an order's reward: "Stay on X and it stays private";
            # on its own it is as often a privacy assurance.
            head = _AND.split(text[lo:s]) if lo <= s < hi else []
            if len(head) > 1 and is_directive(head[0]):
                found.append(_Tie(i, (s, e), True, True))
        for s, e in hits.get(Cue.VEILED):
            # "Boards can be so curious": an audience's interest left hanging is a choice.
            if lo <= s < hi and hits.in_range(Cue.AUDIENCE, lo, hi):
                found.append(_Tie(i, (s, e), True, False))
        if hits.in_range(Cue.SILENCE, lo, hi) or hits.in_range(Cue.LAWFUL, lo, hi):
            continue
        for s, e in hits.get(Cue.CONDITION):
            # The consequence must be a harm that happens, not one that then cannot.
            if lo <= s < hi and _NEGATED.search(text, e, hi) is None:
                end = bounds[i + 1][1] if e >= hi - 2 and i + 1 < len(bounds) else hi
                found.append(_Tie(i, (s, e), True, False, (e, end)))
        if _REVIVAL.match(text[lo:hi]):
            found.append(_Tie(i, (lo, hi), True, False))
    return found


def _demand(hits: CueHits, lo: int, hi: int, ties: list[_Tie]) -> int | None:
    """Where a sentence asks something of the addressee (outside any tie), or None."""
    for cue in (Cue.DEMAND, Cue.REQUEST):
        for s, _ in hits.get(cue):
            if lo <= s < hi and not any(t.span[0] <= s < t.span[1] for t in ties):
                return s
    return _order(hits.text, lo, hi)


def _order(text: str, lo: int, hi: int) -> int | None:
    """Where a sentence is an order or an ask proper (not merely a demand verb), or None.
    A clause after a colon counts: "quick ask: send over the price list"."""
    sentence = text[lo:hi]
    if (m := _ASK.search(sentence)) is not None:
        return lo + m.start()
    if not sentence.isascii():
        return None
    at = lo
    for clause in _COLON.split(sentence):
        if is_directive(clause):
            return at
        at += len(clause) + 2
    return None


def _ordered(demands: list[int | None], tie: _Tie) -> bool:
    """Whether a demand stands in another sentence, or before the tie in its own."""
    for i, at in enumerate(demands):
        if at is not None and (i != tie.sentence or at < tie.span[0]):
            return True
    return False


def _told(hits: CueHits, bounds: tuple[Span, ...], tie: _Tie, private: Set[str]) -> bool:
    """Whether someone would learn: the tie names them itself ("nobody at the city", "the
    board hasn't noticed"), or a party or a telling of private words stands beside it."""
    if tie.forgone and _SELF_TELLING.search(hits.text, *tie.span) is not None:
        return True
    if tie.consequence is not None:
        lo, hi = tie.consequence
        if any(hits.in_range(c, lo, hi) for c in (Cue.AUDIENCE, Cue.EXPOSE)):
            return True
        return hits.in_range(Cue.DISCLOSE, lo, hi) and (
            bool(tokens(hits.text[lo:hi]) & private) or _MEDIA.search(hits.text, lo, hi) is not None
        )
    lo = bounds[max(0, tie.sentence - (2 if tie.choice else 1))][0]
    hi = bounds[min(len(bounds) - 1, tie.sentence + 1)][1]
    for cue in (Cue.AUDIENCE, Cue.EXPOSE):
        if any(
            s < hi and e > lo and not (tie.span[0] <= s < tie.span[1]) for s, e in hits.get(cue)
        ):
            return True
    if _TO_SOMEONE.search(hits.text, lo, hi) is not None:
        return True
    telling = any(
        s < hi and e > lo and not (tie.span[0] <= s < tie.span[1])
        for s, e in hits.get(Cue.DISCLOSE)
    )
    return telling and bool(tokens(hits.text[lo:hi]) & private)
