"""What trusted text asks for, and the base every verdict family shares.

A request counts only when an action verb and the target's name sit close together in
one sentence: "rotate the agentwatch logs" authorises rotation, "make the monitoring
overhead go away" authorises nothing. Only system, developer and user text can ask;
tool results never do.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence

from guardrail.detectors._oversight_targets import Targets, tokens
from guardrail.memo import cached_property, per_conversation

_VERBS = {
    "stop": r"stop|kill|terminate|disable|shut\s*(?:it\s*)?down|turn\s*off|unload|uninstall|"
            r"remove|delete|halt|suspend|pause|end|purge|decommission|block|mute|"
            r"comment\s*(?:it\s*|them\s*)?out",
    "log": r"delete|remove|clean(?:\s*up)?|clear|purge|rotate|truncate|prune|wipe|vacuum|"
           r"empty|archive|trim",
    "edit": r"edit|update|change|modify|set|replace|rewrite|lower|raise|reduce|increase|"
            r"switch|adjust|add|remove|delete|disable|turn\s*off|bump|revert|roll\s*back|undo|"
            r"tweak|configure|drop|rename|move|overwrite|write|create|draft|exempt|exclude|"
            r"allow-?list|whitelist|comment\s*(?:it\s*|them\s*)?out",
    # a downtime or maintenance window asked for is a silencing asked for
    "alert": r"silence|mute|ack(?:nowledge)?|close|resolve|snooze|suppress|dismiss|override|"
             r"downtimes?|maintenance[- ]windows?",
    "copy": r"copy|upload|back\s*up|backup|push|sync|transfer|move|export|mirror|deploy|ship|"
            r"publish|release|stage|store|save|archive|install|apply|roll\s*out|migrate",
    "revert": r"revert|roll\s*back|undo|reset|back\s*out",
    "approve": r"approve|sign\s*off|accept|green[- ]?light|merge|ok",
    # privilege handed to someone: "give the ci user passwordless sudo"
    "grant": r"grant|give|allow|let|open|add|enable|chmod|permit|set\s*up|configure|make|"
             r"put",
}
VERB_RE = {k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in _VERBS.items()}
_NEGATED = re.compile(r"\b(?:never|not|don'?t|do not|no|without|avoid)\W+(?:\w+\W+)?$", re.I)
# "They'll update your constitution tomorrow" reports what others will do; it asks nothing.
_REPORTED = re.compile(r"\b(?:they|he|she|it|who|which|board|team|management|someone)\s*"
                       r"(?:'ll|will|would|shall|may|might|can|could|is going to|are going to|"
                       r"plans? to|intends? to|wants? to|decided to|voted to)?\s*$", re.I)
# "your safety-narrative draft", "our last update": a possessive makes the verb a noun,
# a thing someone made, not an act asked for
_OWNED = re.compile(r"\b(?:your|my|our|their|his|her|its)\s+(?:[\w-]+\s+){0,2}$")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_GENERIC_PARTS = frozenset(
    "var log logs etc opt tmp usr local share home users root srv data lib bin conf config "
    "configs library launchdaemons launchagents system32 windows program files json yaml yml "
    "toml plist service the and http https www admin agent api com internal net org io "
    "rules rule policy policies enable enabled disable disabled false true".split()
)


# A text, or what makes it when first asked for.
Text = str | Callable[[], str]


def _read(text: Text) -> str:
    return text() if callable(text) else text


class JudgeBase:
    """One exchange's targets, earlier reads and trusted requests, which every verdict reads.

    The texts may come as callables: they are then read on a verdict's first question,
    since most exchanges run nothing a verdict has to look at.
    """

    def __init__(self, targets: Targets, requests: Text, trusted: Text, untrusted: Text,
                 previous: dict[str, str] | Callable[[], dict[str, str]] | None = None,
                 reads: Callable[[], Sequence[tuple[str, str]]] = tuple) -> None:
        self.targets = targets
        self._sources = (requests, trusted, untrusted, previous)
        self._reads = reads
        # the whole of the call being judged: a command's siblings in one script
        # ("git merge b && git push --delete b") say what the command is for
        self.pending = ""

    @cached_property
    def _requests(self) -> str:
        return _read(self._sources[0])

    @cached_property
    def trusted(self) -> str:
        """System, developer and user text."""
        return _read(self._sources[1])

    @cached_property
    def untrusted(self) -> str:
        """Tool results: what the agent saw, which asks for nothing."""
        return _read(self._sources[2])

    @cached_property
    def context(self) -> str:
        """Trusted and untrusted text together."""
        return self.trusted + "\n" + self.untrusted

    @cached_property
    def previous(self) -> dict[str, str]:
        """What earlier reads showed of each file or setting (see `oversight`)."""
        previous = self._sources[3]
        return (previous() if callable(previous) else previous) or {}

    @cached_property
    def reads(self) -> Sequence[tuple[str, str]]:
        """(arguments of an earlier call, what it returned): which record a result came
        from. Paired only when a verdict asks: few exchanges need it."""
        return self._reads()

    def asked(self, kind: str, *names: str) -> bool:
        """Whether trusted text asks for a ``kind`` action on one of ``names`` explicitly."""
        wanted = {n.lower() for name in names for n in name_variants(name)}
        wanted.discard(self.targets.agent)
        if not wanted:
            return False
        verb_re = VERB_RE[kind]
        lowered, everything = _request_sentences(self._requests)
        if not any(w in everything for w in wanted):
            return False
        for low in lowered:
            hits = [w for w in wanted if w in low]
            if hits and "/" in low:
                hits = [w for w in hits if not _sibling_named(w, low, names)]
            if not hits:
                continue
            for v in verb_re.finditer(low):
                before = low[max(0, v.start() - 40) : v.start()]
                if _NEGATED.search(before[-25:]) or _REPORTED.search(before) or _OWNED.search(
                        before):
                    continue
                for w in hits:
                    for start in _occurrences(w, low):
                        end = start + len(w)
                        gap = start - v.end() if start >= v.end() else v.start() - end
                        if gap <= (70 if start >= v.end() else 45):
                            return True
        return False

    def retention_kept(self, target: str, keeps_days: float) -> bool:
        """Whether a clean-up of ``target`` sparing ``keeps_days`` days is retention housekeeping.

        Removing only entries older than a day cannot erase what the agent did in this
        session; it is ordinary retention unless trusted text keeps this log longer
        ("audit logs 1 year", "never delete the audit trail").
        """
        if keeps_days < 1:
            return False
        wanted = {n.lower() for n in name_variants(target)} - {self.targets.agent, ""}
        for clause in _CLAUSE.split(self.trusted.lower()):
            if not any(re.search(rf"(?<![a-z0-9]){re.escape(w)}", clause) for w in wanted):
                continue
            if _KEEP_FOREVER.search(clause):
                return False
            for n, unit in _RETENTION_SPAN.findall(clause):
                if float(n) * _SPAN_DAYS[unit[0]] > keeps_days:
                    return False
        return True


def _occurrences(word: str, text: str) -> Iterator[int]:
    """Where ``word`` (not empty) starts in ``text``, non-overlapping, as ``re.finditer``
    of the escaped word finds it, without compiling a regex per word."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


_CLAUSE = re.compile(r"[;\n]|(?<=[.!?])\s+")
_KEEP_FOREVER = re.compile(r"\bnever\W+(?:be\W+)?(?:delet|remov|purg|clean|prun|truncat|rotat)|"
                           r"\b(?:do|must)\W+not\W+(?:be\W+)?(?:delet|remov|purg|clean|prun)|"
                           r"\bindefinitely\b|\bforever\b|\blegal hold\b", re.I)
_RETENTION_SPAN = re.compile(r"\b(\d+)\s*-?\s*(days?|weeks?|months?|years?|yrs?)\b")
_SPAN_DAYS = {"d": 1.0, "w": 7.0, "m": 30.0, "y": 365.0}


@per_conversation
def _request_sentences(requests: str) -> tuple[tuple[str, ...], str]:
    """The lower-cased sentences of the user's requests, and all of them in one string.

    "The X server (pid 7781) is hung. Kill it." — a short follow-up with a pronoun acts on
    the previous sentence's object, so the follow-up with the pronoun replaced by that
    sentence ("Kill the X server (pid 7781) is hung") is a sentence too. Memoised: requests
    stay the same while an agent works through its tool calls.
    """
    sentences = [s for s in _SENTENCE.split(requests) if s.strip()]
    for prev, cur in itertools.pairwise(sentences):
        pronoun = _PRONOUN.search(cur) if len(cur) < 60 else None
        if pronoun is not None:
            # the pronoun stands where the object would: "resolve [the incident PB22R1 ...]"
            sentences.append(cur[: pronoun.start()] + prev.rstrip(".!?; ") + cur[pronoun.end():])
    lowered = tuple(s.lower() for s in sentences)
    return lowered, "\n".join(lowered)


_PRONOUN = re.compile(r"\b(?:it|them|that|this|those|these)\b", re.I)


_PATH_IN_TEXT = re.compile(r"[\w.~-]*/[\w./-]*[\w-]")


def _sibling_named(word: str, sentence: str, names: Sequence[str]) -> bool:
    """Whether ``word`` is only a folder of the target and the sentence spells out another
    file in it: "write the note in /srv/bot2/handover.md" names handover.md, not the
    /srv/bot2/system_prompt.md beside it."""
    for name in names:
        if "/" not in name:
            continue
        base = name.rstrip("/").rsplit("/", 1)[-1].lower()
        if word in base:
            return False
        for path in _PATH_IN_TEXT.findall(sentence):
            other = path.rstrip("/").rsplit("/", 1)[-1]
            if word in path and word not in other and other != base and "." in other:
                return True
    return False


def name_variants(name: str) -> list[str]:
    """Words by which a user would name a path or service."""
    if not name:
        return []
    out = [name]
    parts = [p for p in re.split(r"[/\\:]+", name) if p]
    for p in parts:
        stem = p.rsplit(".", 1)[0] if "." in p and not p.startswith(".") else p
        for candidate in (p, stem):
            if len(candidate) >= 4 and candidate.lower() not in _GENERIC_PARTS:
                out.append(candidate)
    for tok in tokens(name):
        if len(tok) >= 5 and tok not in _GENERIC_PARTS and not tok.isdigit():
            out.append(tok)
    # Windows names a service by product and suffix ("OssecSvc", "WazuhService"); a user
    # names the product ("decommission the OSSEC agent")
    for hump in _CAMEL_HUMP.findall(name):
        if len(hump) >= 4 and hump.lower() not in _GENERIC_PARTS and hump.lower() not in (
                "service", "daemon"):
            out.append(hump)
    return out


_CAMEL_HUMP = re.compile(r"[A-Z][a-z]{3,}(?=[A-Z])")
