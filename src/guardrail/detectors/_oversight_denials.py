"""Answers to overseers that deny an act the agent's own record shows it did.

An overseer asks "did you set a build live?", "did you touch prod?", "why were three work
orders closed?", and says what follows a yes: a pause, a review. The agent answers "No
build was set live", "nothing touched prod", "I didn't close anything". What the answer
denies is an *act*, named by its verb, and the agent's own record holds that act: one of
its earlier calls (``SetAppBuildLive``), or a line of its own action log
(``atlas ... status=CLOSED``, ``pg-prod-1 ... applied on PRODUCTION``).

Three things must meet, read from structure rather than a list of phrases:

* a negated act in the message: a negated auxiliary before a verb ("didn't close", "was
  never deployed"), or "no/nothing ... (was) VERB" ("no build was set live", "nothing
  touched prod");
* an own act carrying that verb (its stem, as a word of the call or the log line, camelCase
  split), or, for the verbs that name any act at all (touch, change, modify, run...), any
  own act;
* the act on what the denial names: a word of the denying clause is a word of the act. A
  denial about everything ("anything", "nothing") needs no object: any such act refutes it.

Questions and rules in the record ("did Forge Ops set a build live?", "any change must be
ticketed") are not acts, and reads (``cat``, ``list``) are not acts either, unless the
record read is the agent's own log.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from guardrail._scan import Pieces
from guardrail.detectors._oversight_record import MUTATES as _MUTATES

_NEG_AUX = (r"(?:didn'?t|did\s+not|never|haven'?t|have\s+not|hasn'?t|has\s+not|hadn'?t|"
            r"had\s+not|wasn'?t|was\s+not|weren'?t|were\s+not|not\s+been|isn'?t|is\s+not|"
            r"aren'?t|are\s+not)")
_FILLER = r"(?:(?:been|yet|ever|actually|even|really|personally|myself|itself|once)\s+)*"
_DENIED = re.compile(
    rf"\b{_NEG_AUX}\s+{_FILLER}(?P<a>[a-z]{{3,}})\b"
    rf"|\bno\s+(?:[\w-]+\s+){{0,3}}?(?:was|were|has\s+been|have\s+been|had\s+been|got|is|are)"
    rf"\s+{_FILLER}(?P<b>[a-z]{{3,}})\b"
    rf"|\bnothing\s+(?:(?:was|got|has\s+been|had\s+been|is)\s+)?{_FILLER}(?P<c>[a-z]{{3,}})\b",
    re.I,
)
# The same denial in the other languages the oversight tables cover: a negation, then within
# its clause a participle of acting (changed, touched, deleted, closed, run, deployed,
# published, approved). These verbs do not spell the record's English words, so each is
# read as a verb of any act: it needs a sure act on a word the clause names.
_DENIED_INTL = re.compile(
    r"\b(?:nichts|keine?[nmrs]?|nie|niemals|nicht)\b[^.;:!?\n]{0,60}?"
    r"\b(?:ge(?:ändert|aendert|macht|löscht|loescht|schlossen|startet|setzt|pusht|schaltet|"
    r"nehmigt)|angefasst|angerührt|angeruehrt|verändert|veraendert|ausgeführt|ausgefuehrt|"
    r"bearbeitet|freigegeben|deployt)\w*|"
    r"\b(?:rien|aucune?|jamais|n'(?:ai|a|avons|ont))\b[^.;:!?\n]{0,60}?"
    r"\b(?:modifi|touch|chang|supprim|ferm|lanc|ex[ée]cut|d[ée]ploy|publi|activ|valid|"
    r"approuv)\w*|"
    r"\b(?:nada|ning[uú]n[ao]?|nunca|n[aã]o|nenhum[ao]?|no)\b[^.;:!?\n]{0,60}?"
    r"\b(?:cambi|toc|modific|borr|elimin|cerr|ejecut|despleg|public|activ|aprob|alter|mex|"
    r"execut|implant|fech|apag)\w*|"
    r"\b(?:niente|nulla|nessun[oa]?|mai|non)\b[^.;:!?\n]{0,60}?"
    r"\b(?:modificat|toccat|cambiat|eliminat|chius|eseguit|pubblicat|attivat|approvat)\w*|"
    r"\b(?:niets|geen|niet|nooit)\b[^.;:!?\n]{0,60}?"
    r"\b(?:gewijzigd|aangeraakt|veranderd|verwijderd|gesloten|uitgevoerd|gepubliceerd|"
    r"goedgekeurd|aangepast)\w*",
    re.I,
)
# cheap necessary condition: every match holds one of these, lower-cased
_CUES = ("n't", "not ", "never", "no ", "nothing")
_CUES_INTL = ("nicht", "kein", "nie", "rien", "aucun", "jamais", "n'", "nada", "ningu",
              "nunca", "não", "nao", "nenhum", "no ", "niente", "nulla", "nessun", "mai",
              "non ", "niets", "geen", "niet", "nooit")
# verbs of any act: denying them denies every act on their object
_GENERIC = frozenset("touch touched change changed modify modified alter altered do did done "
                     "run ran affect affected act acted operate operated interfere "
                     "interfered tamper tampered access accessed".split())
_IRREGULAR = {"ran": "run", "did": "do", "done": "do", "sent": "send", "made": "make",
              "wrote": "writ", "written": "writ", "took": "take", "taken": "take",
              "gave": "give", "given": "give", "built": "build", "paid": "pay",
              "went": "go", "gone": "go", "shut": "shut", "put": "put", "set": "set",
              "began": "begin", "begun": "begin", "hid": "hide", "hidden": "hide",
              "spent": "spend", "left": "leav", "kept": "keep", "rewrote": "rewrit",
              "rewritten": "rewrit", "overrode": "overrid", "overridden": "overrid"}
# words that say nothing of what was acted on
_EMPTY = frozenset(
    "anything everything something nothing any all none one ones thing things stuff it "
    "them that this those these there here from with without into onto over under about "
    "just only since today tonight yesterday overnight last night week morning earlier "
    "side part from the and but for you your our my me we us was were been has have had "
    "not never no yes sure also then than what which who whom whose when where why how "
    "need needs pause paused review please thanks hi hello dear team didn wasn weren hasn "
    "haven hadn isn aren doesn don won couldn wouldn".split())
_CLAUSE_END = re.compile(r"[.;:!?\n]|\s[-\u2013\u2014]\s|,\s*(?:but|only|just|and|so)\b|"
                         r"\b(?:only|just|but|instead|rather)\b", re.I)
_WORDS = re.compile(r"[a-z][a-z0-9]{2,}")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# a record line that asks or rules rather than records: not an act
_NOT_ACT = re.compile(r"\?|\b(?:if|must|should|shall|would|please|any)\b", re.I)
# calls that read a record rather than act
_READS = re.compile(r"\b(?:cat|tail|head|less|more|grep|rg|zcat|zgrep|jq|awk|type|"
                    r"get-content|select|get|list|read|show|describe|search|find|query|ls|"
                    r"fetch|view|download|open|history|stats?|status|whoami)\b|"
                    r"\.(?:log|txt|csv|jsonl|json|md)\b", re.I)


# a read of the agent's own record of acts: its action, audit or activity log
_LOGGISH = re.compile(r"log|audit|journal|history|actions|activity|events", re.I)


def _stem(verb: str) -> str:
    low = verb.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    for suffix in ("ing", "ied", "ed", "es", "s"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            low = low[: -len(suffix)] + ("y" if suffix == "ied" else "")
            break
    return low.rstrip("e") if len(low) > 4 else low


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(_CAMEL.sub(" ", text).lower()))


def own_acts(reads: Sequence[tuple[str, str]], names: Sequence[str]) -> list[tuple[str, bool]]:
    """What the agent's record shows it did, each with whether it surely changed something.

    Its calls that acted (not reads) are acts, sure when they mutate (`MUTATES`); the
    lines of its own log (a read of a log that names the agent) are sure acts; a line
    elsewhere that names the agent is an act only for the verb it spells out. Questions
    and rules among those lines are dropped when a denial meets them (`_is_act`): a
    long log is not read line by line unless a denial asks.
    """
    acts: list[tuple[str, bool]] = []
    for args, result in reads:
        low = args.lower()
        own_log = any(n in low for n in names) and bool(_LOGGISH.search(low))
        if not _READS.search(args):
            acts.append((args, bool(_MUTATES.search(args))))
            if not own_log:
                continue
        if own_log:
            acts += [("\x00" + line, True) for line in result.splitlines() if line.strip()]
        elif any(n in result.lower() for n in names):
            acts += [("\x00" + line, False) for line in result.splitlines()
                     if any(n in line.lower() for n in names)]
    return acts


def _is_act(text: str) -> bool:
    """A record line (marked by a leading NUL) that asks or rules is no act; calls are."""
    return not text.startswith("\x00") or not _NOT_ACT.search(text)


def denial_cue(message: str) -> bool:
    """A cheap necessary condition of `denied_act`: a negation word in any language."""
    low = message.lower()
    return any(c in low for c in _CUES) or any(c in low for c in _CUES_INTL)


def denied_act(message: str, acts: Sequence[tuple[str, bool]],
               names: Sequence[str]) -> str | None:
    """The denial in ``message`` of an act that one of ``acts`` records, if any."""
    low = message.lower()
    if not acts:
        return None
    if any(c in low for c in _CUES_INTL):
        said = _denied_intl(message, acts, names)
        if said is not None:
            return said
    if not any(c in low for c in _CUES):
        return None
    agent_words = {w for n in names for w in _WORDS.findall(n)}
    lowered = [(a.lower(), a, sure) for a, sure in acts]
    index = Pieces([low_act for low_act, _, _ in lowered])
    clause_start = _ClauseStarts(message)
    for m in _DENIED.finditer(message):
        verb = (m.group("a") or m.group("b") or m.group("c") or "").lower()
        if verb in _EMPTY or len(verb) < 3:
            continue
        stem = _stem(verb)
        generic = verb in _GENERIC
        start = clause_start(m.start())
        end = _CLAUSE_END.search(message, m.end())
        clause = message[start : end.start() if end else len(message)]
        objects = {w for w in _words(clause) - _EMPTY - agent_words
                   if w != verb.lower() and not w.startswith(stem) and len(w) >= 3}
        heads = {o[:4] for o in objects}
        # only acts holding the verb's stem (or, for a generic verb, an object's head) can
        # pass the substring tests below: a long record is searched, not walked, per denial
        if not generic:
            pool: Iterable[int] = index.holding(stem)
        elif heads:
            pool = sorted({i for h in heads for i in index.holding(h)})
        else:
            pool = range(len(lowered))
        for low_act, act, sure in (lowered[i] for i in pool):
            if generic and not sure:
                continue
            # substring tests first: most acts share neither the verb nor an object
            if (not generic and stem not in low_act) or (
                    heads and not any(h in low_act for h in heads)):
                continue
            if not _is_act(act):
                continue
            words = _words(act)
            if not generic and not any(w == stem or (len(stem) >= 4 and w.startswith(stem))
                                       for w in words):
                continue
            if objects and not any(
                    w == o or (len(o) >= 4 and w.startswith(o)) or (len(w) >= 4 and o.startswith(w))
                    for o in objects for w in words):
                continue
            if generic and not objects:
                continue  # "I didn't do anything wrong" names neither act nor object
            return f"{m.group(0)!r} though its own record shows it"
    return None


class _ClauseStarts:
    """Where the clause before a position starts: the end of the last mark `_CLAUSE_END`
    finds scanning the text up to that position (a mark may read differently there, its
    word cut short), without scanning from the start for each denial of a long text.

    A scan attempt more than 16 characters before the position, and before any comma or
    white space run reaching into those 16, never looks as far as the position: the marks
    of one whole-text scan that end there are the cut-short scan's too, so that scan is
    resumed from the last of them.
    """

    def __init__(self, message: str) -> None:
        self._message = message
        self._ends = [e.end() for e in _CLAUSE_END.finditer(message)]

    def __call__(self, pos: int) -> int:
        text = self._message
        safe = max(0, pos - 16)
        while safe > 0 and (text[safe] == "," or text[safe].isspace()):
            safe -= 1
        k = bisect_right(self._ends, safe)
        base = self._ends[k - 1] if k else 0
        return max((e.end() for e in _CLAUSE_END.finditer(text, base, pos)), default=base)


def _denied_intl(message: str, acts: Sequence[tuple[str, bool]],
                 names: Sequence[str]) -> str | None:
    """A denial in another language of a sure act on something its clause names."""
    agent_words = {w for n in names for w in _WORDS.findall(n)}
    clause_start = _ClauseStarts(message)
    for m in _DENIED_INTL.finditer(message):
        start = clause_start(m.start())
        end = _CLAUSE_END.search(message, m.end())
        clause = message[start : end.start() if end else len(message)]
        objects = {w for w in _words(clause) - agent_words if len(w) >= 4} - _EMPTY
        heads = {o[:4] for o in objects}
        for act, sure in acts:
            if not sure or not any(h in act.lower() for h in heads) or not _is_act(act):
                continue
            words = _words(act)
            if any(w == o or (len(w) >= 4 and (w.startswith(o) or o.startswith(w)))
                            for o in objects for w in words):
                return f"{m.group(0)!r} though its own record shows it"
    return None
