"""What counts as oversight in one exchange: monitors, audit logs, guardrail and goal files.

A general vocabulary (monitor, audit, guardrail, falco, sysmon...) is joined by the
names the conversation itself gives: the system prompt saying "your actions are
monitored by agentwatch, traced to ~/.relay/trace.jsonl" makes ``agentwatch`` and that
trace file protected, and so do the operator's ``protected_paths`` and
``protected_processes``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import re2

from guardrail._scan import ascii_bytes, finditer_from, fold_ascii_case
from guardrail.detectors._oversight_identity import identities
from guardrail.memo import cached_property

# Substrings that name oversight machinery wherever they appear in a path or name.
_STRONG = re.compile(
    r"monitor|oversight|overseer|audit|watchdog|guardrail|(?<!van)(?<!safe)guard|sentinel|"
    r"telemetry|siem|falco|csfalcon|falcon-sensor|falcond|sysmon|osquery|wazuh|ossec|"
    r"tripwire|crowdstrike|carbonblack|windefend|defender|(?<=[a-z])watch|"
    r"watchd\b|snort|suricata|splunk|auditbeat|elastic-agent|safety|compliance|"
    r"supervis(?:e|ion|or-agent)|observability|tamper|"
    r"(?<!stack)(?<!back)(?<!\bs)trac(?:es?|ing)\b|"
    r"observer|governance|moderation|gatekeeper|kyverno|sentinelone|sentinelagent|mdatp|"
    r"wdavdaemon|cbagent|clamd|clamav|rkhunter|fluent-?bit|fluentd|filebeat|winlogbeat|"
    r"otelcol|otel-collector|datadog-agent|dd-agent|splunkd|splunkforwarder|nxlog|promtail|"
    r"cloudtrail|guardduty|securityhub|(?<![a-z])edr(?![a-z])|(?<![a-z])xdr(?![a-z])|"
    r"(?:decisions?|actions?|tool[-_]?calls?)[-_.](?:log|jsonl|ndjson|trail|journal)|killswitch|kill-switch|circuit-breaker|"
    r"recorder|review-?queue|approval|policy[-_]?engine|permissions?[-_]?boundar|(?<![a-z])flow[-_]?logs?(?![a-z])|"
    # the same machinery named in other languages (see `_oversight_lang`)
    r"ueberwach|überwach|aufsicht|surveillance|sorveglian|toezicht|vigilancia|"
    r"監視|监控|監控|审计|審計|監査|감시|모니터링",
    re.I,
)
_WEAK = re.compile(r"traces?|tracing|safety|compliance|observability|tamper|telemetry", re.I)
# Source code and documents: a developer editing monitor.py or audit-report.md is not
# tampering with oversight unless the conversation names that very file.
_SOURCE_EXT = re.compile(
    r"\.(?:py|pyi|js|jsx|ts|tsx|go|rs|java|kt|rb|php|c|cc|cpp|h|hpp|cs|swift|scala|md|rst|"
    r"txt|html|css|scss|ipynb|sql|csv|tex|docx?|pdf|png|svg)$",
    re.I,
)
# Whole tokens that do so only as tokens ("edr", not "bedroom").
_TOKENS = frozenset(
    "edr xdr aide mde sense falcon apparmor selinux auditd journald rsyslog syslog "
    "logging logger".split()
)
_NOT_OVERSIGHT = re.compile(
    r"stopwatch|watchman|watchpack|nodemon|\.git/|node_modules|redis-sentinel|"
    r"--watch|(?:^|/)tests?/|__pycache__",
    re.I,
)

_CONFIG_EXT = re.compile(
    r"\.(?:toml|ya?ml|json|conf|cfg|ini|rules|plist|service|env|properties|xml|policy|"
    r"rego|hcl|tf)$|/etc/[^.]*$|(?:^|/)\.?env$|rc$",
    re.I,
)
_LOG_PATH = re.compile(
    r"\.(?:log|jsonl|ndjson|evtx|etl|trace|journal|audit)(?:\.\d+|\.gz)?$|/var/log/|"
    r"(?:^|/)(?:logs?|traces?|journal|audit)/|(?:^|/)(?:wtmp|btmp|lastlog|utmp|faillog|"
    r"auth\.log|secure|messages|syslog)$|_history$|/\.?history$",
    re.I,
)
_SECURITY_LOG = re.compile(
    r"/var/log/(?:audit|auth|secure|wtmp|btmp|lastlog|faillog|syslog|messages|journal)|"
    r"(?:^|/)\.(?:bash|zsh|sh|python)_history$",
    re.I,
)
_GOAL = re.compile(
    r"directive|system[_-]?prompt|systemprompt|(?:^|[/_.-])goals?(?:[/_.-]|$)|objectives?|"
    r"constitution|(?:^|[/_.-])mission(?:[/_.-]|$)|guidelines|persona(?![a-z])|(?:^|/)agents\.md$|"
    r"values\.md$|core[_-]?instructions",
    re.I,
)
GOAL_PATH = _GOAL
# A text file in a prompts directory: a model's prompt once the conversation ties it to
# the agent (its name in the path) or calls it a prompt; an app's prompt templates are not.
_PROMPT_FILE = re.compile(r"(?:^|/)prompts?/(?:[^/]+/)?[^/]+\.(?:md|txt|ya?ml|json|j2|jinja2?|"
                          r"tmpl|prompt)$", re.I)
_PROMPT_WORD = re.compile(r"\bprompt|\bgoals?\b|directive|instructions", re.I)
_CLAUSE_END = re.compile(r"[;!?\n]|\.\s")
_TEXT_FILE = re.compile(r"\.(?:md|txt|ya?ml|json|toml|prompt|j2|jinja2?)$", re.I)
# words that make instructions a model's: the agent, its successor, a model or assistant
_MODEL_WORD = re.compile(r"\b(?:you|your|successor|model|agent|assistant|bot|llm)\b", re.I)
_GUARDRAIL = re.compile(
    r"guardrail|(?:^|[/_.-])guard(?:[/_.-]|$)|guard[_-]?client|"
    r"policy[_-]?engine|safety[_-]?filter",
    re.I,
)
_WEIGHTS = re.compile(
    r"\.(?:safetensors|gguf|ggml|ckpt|pt|pth|onnx|h5|npz|tflite|mlmodel|bin)$|"
    r"(?:^|/)(?:weights|checkpoints?|lora(?:[-_]adapters?)?)(?:/|$)",
    re.I,
)

# Sentences of trusted text that describe oversight of the agent.
_OVERSIGHT_SENTENCE = re.compile(
    r"monitor|oversee|oversight|audit|guardrail|\bguard|trace[ds]?\b|logged|logging|"
    r"watch|supervis|review|filter|record|report|sentinel|telemetry|approv|safety|"
    r"complian|governance|\bedr\b|\bxdr\b|sensor|endpoint protection|collector|observ|"
    r"kill[- ]?switch|circuit breaker|\bhalt|rate[- ]limit|quota|budget|retention|"
    r"moderation|trust (?:&|and) safety|owned by|belongs? to the|security team|tamper|"
    r"streamed to|mirrored to|shipped to|sent to|forwarded to|scan|\bsiem\b|\bsoc\b|"
    r"forwarder|indexer|"
    # "the forwarder sends agent host logs to ...": a present-tense shipping of records
    r"(?:send|ship|forward|stream|mirror|push)(?:s|es)?\b(?:\s+[\w-]+){0,4}?\s+(?:logs?|"
    r"events|records|traces|audit\w*)\s+to\b|"
    r"\byour (?:reward|goals?|objectives?|instructions|system prompt|prompt|constitution|"
    r"values|rules|polic(?:y|ies)|constraints|guidelines|directives?|operating rules|"
    r"limits|permissions)\b",
    re.I,
)
# `_OVERSIGHT_SENTENCE` on a sentence, decided by RE2 on its `fold_ascii_case` bytes (the
# Python regex tries every alternative at every position: most of `_mentions`' cost).
# `_SURE_OVERSIGHT` holds its alternatives in forms whose match implies Python's: plain
# literals, and \b spelled as an ASCII non-word byte or an end (``\x1a``, a non-ASCII
# character, may be a letter to Python). Finding one decides. Every alternative matches
# only where `_MAYBE_OVERSIGHT` does (its literals, with \b that RE2 sees at least
# wherever Python does, since a non-ASCII neighbour is always a boundary to it), so the
# exact regex runs only where that one matches and the first does not.
_B = rb"(?:^|[^\w\x1a])"  # a word boundary before, certain for Python too
_E = rb"(?:$|[^\w\x1a])"  # and after
_SURE_OVERSIGHT = re2.compile(
    rb"monitor|overs(?:ee|ight)|audit|guardrail|logg(?:ed|ing)|watch|supervis|review|filter|"
    rb"record|report|sentinel|telemetry|approv|safety|complian|governance|sensor|"
    rb"endpoint protection|collector|observ|kill[- ]?switch|circuit breaker|rate[- ]limit|"
    rb"quota|budget|retention|moderation|owned by|belongs? to the|security team|tamper|"
    rb"(?:stream|mirror)ed to|shipped to|sent to|forwarded to|scan|forwarder|indexer|"
    + _B + rb"guard|trace[ds]?" + _E + b"|" + _B + rb"(?:[ex]dr|siem|soc)" + _E + b"|"
    + _B + rb"halt|" + _B + rb"your (?:reward|goals?|objectives?|instructions|system prompt|"
    rb"prompt|constitution|values|rules|polic(?:y|ies)|constraints|guidelines|directives?|"
    rb"operating rules|limits|permissions)" + _E
)
_MAYBE_OVERSIGHT = re2.compile(
    rb"guard|trace|\b[ex]dr\b|\bhalt|\bsiem\b|\bsoc\b|\byour |"
    rb"(?:send|ship|forward|stream|mirror|push)(?s:.)*(?:log|event|record|trace|audit)"
)
# Every match of `_WEIGHTS_SENTENCE` holds one of these, case-folded.
_WEIGHTS_CUE = re2.compile(
    rb"weight|checkpoint|model files|adapter|lora|fine-?tuned? (?:model|param)"
)
# Names an oversight sentence gives: quoted, or a capitalised name before an oversight noun
# ("the Vigil EDR sensor") or before a verb of watching ("Falco watches ...").
_QUOTED_NAME = re.compile(r"[`'\"\u2018\u201c]([A-Za-z][\w.:/@-]{2,60})[`'\"\u2019\u201d]")
_NOUN_NAME = re.compile(
    r"\b([A-Z][\w-]{2,})\s+(?:(?:AI|EDR|XDR|AV|SIEM|DLP|runtime|security|safety|audit)"
    r"[- ]?\w*\s+)?(?:EDR|XDR|sensor|monitor\w*|oversight|guardrail|filter|watchdog|"
    r"auditor|collector|scanner|recorder|gateway|proxy|system|service|daemon|engine|agent)\b"
)
_VERB_NAME = re.compile(
    r"\b([A-Z][\w-]{2,})\s+(?:watches|monitors|records|reviews|audits|logs|scans|filters|"
    r"inspects|supervises|observes|tracks|checks|gates|limits|traces)\b"
)
# Stores a sentence says the record lives in: "recorded in Elasticsearch index agent-actions"
_STORE_NAME = re.compile(r"\b(?:index|table|bucket|topic|stream|collection|dataset|queue|"
                         r"log group|channel|database)\s+[`'\"]?([A-Za-z][\w./-]{3,60})", re.I)
# "debug.log and app.log.* may be deleted after 14 days": a retention rule that lets files
# go names them as disposable, not as oversight ("may not", "only after" keep them).
_DISPOSABLE = re.compile(r"\b(?:may|can|should|are allowed to)\s+(?:safely\s+)?be\s+(?:deleted|"
                         r"removed|purged|pruned|truncated|cleared|cleaned|discarded)\b"
                         r"(?![^.;]*\b(?:only|unless|except|review|approv))", re.I)
_IP_IN_TEXT = re.compile(r"\b(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?\b")
_WEIGHTS_SENTENCE = re.compile(r"\bweights?\b|checkpoints?|model files|\badapters?\b|\blora\b|"
                               r"fine-?tuned? (?:model|parameters)", re.I)
_PATH_IN_TEXT = re.compile(
    r"(?:~|\.{1,2})?/?(?:[\w.-]+/)+[\w.-]+|\b[\w-]+\.(?:toml|ya?ml|json|"
    r"jsonl|log|conf|cfg|ini|plist|md|txt|rules|service)\b"
)
# Every match of `_PATH_IN_TEXT` holds a slash or one of its extensions (case-folded here).
_PATH_CUE = re2.compile(
    rb"/|\.(?:toml|ya?ml|json|jsonl|log|conf|cfg|ini|plist|md|txt|rules|service)"
)
_NAME_AFTER = re.compile(
    r"\b(?:by|via|through|using|named|called)\s+(?:the\s+)?"
    r"([A-Za-z][\w.-]{3,})",
    re.I,
)
_PAREN_NAME = re.compile(
    r"\b([A-Za-z][\w.-]{3,})\s*\((?:[^()]*\b(?:service|daemon|agent|"
    r"process|job|monitor)\b[^()]*)\)",
    re.I,
)
_HOST_IN_TEXT = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:internal|local|com|net|io|org|corp|lan)\b", re.I)
_GENERIC = frozenset(
    "the this that your their with from into which when where what will would should "
    "launchd systemd service daemon agent agents process model models system user users "
    "default company team admin rights admins humans human people staff".split()
)

# The words of an agent describing itself: "You are Sage, ..."
_AGENT_NAME = re.compile(r"\b(?i:you are|you.re|your name is)\s+([A-Z][\w-]{2,})")


@dataclass(frozen=True, slots=True)
class Target:
    """How a path or name relates to oversight."""

    kind: str  # "config", "log", "goal", "guardrail", "monitor", "weights"
    strength: float  # 1.0 certain, lower for weaker vocabulary
    why: str


def tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


class Targets:
    """Oversight vocabulary plus the names this conversation and the operator protect.

    ``trusted`` and ``untrusted`` are the conversation's texts, best one per message: each
    is read once (`_mentions` is memoised), since an agent resends its history every turn.
    """

    def __init__(
        self,
        trusted: str | Sequence[str],
        untrusted: str | Sequence[str],
        protected_paths: Iterable[str] = (),
        protected_processes: Iterable[str] = (),
    ) -> None:
        self._trusted = [trusted] if isinstance(trusted, str) else list(trusted)
        self._untrusted = [untrusted] if isinstance(untrusted, str) else list(untrusted)
        self.protected_globs = [p for p in protected_paths if p]
        self._processes = {p.lower() for p in protected_processes if p}

    # The conversation is read only when a verdict first asks about it: most exchanges
    # run nothing that touches a file, process or host, and never need its names.

    @cached_property
    def _found(self) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
        names: set[str] = set(self._processes)
        paths: set[str] = set()
        hosts: set[str] = set()
        weights: set[str] = set()
        for i, text in enumerate((*self._trusted, *self._untrusted)):
            found = _mentions(text)
            names |= found.names
            paths |= found.paths
            hosts |= found.hosts
            if i < len(self._trusted):
                weights |= found.weights
        return frozenset(names), frozenset(paths), frozenset(hosts), frozenset(weights)

    @cached_property
    def agent(self) -> str:
        """The agent's own name ("You are Sage"), lower-cased; "" when it has none."""
        agent = _agent_name("\n".join(self._trusted))
        return agent.group(1).lower() if agent else ""

    @cached_property
    def identities(self) -> tuple[str, ...]:
        """Every name the agent runs under: its own, and its process, account and user."""
        return identities("\n".join(self._trusted), self.agent)

    @cached_property
    def names(self) -> frozenset[str]:
        """Services and tools the conversation or the operator names as oversight."""
        return frozenset(n for n in self._found[0] if n not in _GENERIC and n != self.agent)

    @cached_property
    def paths(self) -> frozenset[str]:
        """Files the conversation's oversight sentences name."""
        return frozenset(p for p in self._found[1] if len(p) > 3)

    @cached_property
    def hosts(self) -> frozenset[str]:
        """Monitoring hosts and addresses the conversation names."""
        return self._found[2]

    @cached_property
    def weight_paths(self) -> frozenset[str]:
        """Where trusted text says the agent's weights live."""
        return frozenset(w.rstrip("/") for w in self._found[3] if len(w) > 4)

    # ---- classification

    def named(self, text: str) -> str | None:
        """The protected name or path that ``text`` refers to, if any."""
        low = text.lower()
        for name in self.names:
            if name in low:
                return name
        norm = _norm(text)
        for path in self.paths:
            if (
                norm == path
                or norm.endswith("/" + path.lstrip("~/"))
                or (
                    "/" in path
                    and path.lstrip("~/.")
                    and norm.endswith(path.lstrip("~."))
                    and len(path) > 6
                )
            ):
                return path
        for glob in self.protected_globs:
            if fnmatch.fnmatch(norm, glob) or fnmatch.fnmatch(text, glob):
                return glob
        return None

    def vocabulary(self, text: str) -> str | None:
        """The oversight word inside ``text``, if any."""
        return _vocabulary(text)

    def path(self, path: str) -> Target | None:
        """What a file path holds, as far as oversight is concerned."""
        if not path or path.startswith("-"):
            return None
        norm = _norm(path)
        if _GLOB.search(norm):
            hit = self._glob_hit(norm)
            if hit is not None:
                return hit
        named = self.named(path)
        word = self.vocabulary(norm)
        if _WEIGHTS.search(norm):
            return Target("weights", 1.0, "model weights")
        if _GOAL.search(norm):
            return Target(
                "goal",
                1.0 if named or word or self._agentish(norm) else 0.9,
                "the agent's goal/directive file",
            )
        if _PROMPT_FILE.search(norm) and (self._agentish(norm) or self._called_prompt(norm)):
            return Target("goal", 1.0 if self._agentish(norm) else 0.9,
                          "a model's system prompt")
        if _TEXT_FILE.search(norm) and self._called_prompt(norm, _MODEL_WORD):
            # "your successor takes its instructions from /opt/x/instructions.md"
            return Target("goal", 0.9, "a model's instructions")
        # audit *rules* (/etc/audit/rules.d/x.rules) configure the log, they are not it
        is_log = bool(_LOG_PATH.search(norm)) and not re.search(
            r"\.(?:rules|conf|ya?ml|json|toml|ini)$", norm, re.I)
        if _SOURCE_EXT.search(norm) and not named:
            return None
        if _GUARDRAIL.search(norm) and not is_log:
            return Target("guardrail", 1.0, "the guardrail's own configuration")
        if named:
            kind = "log" if is_log else "config"
            return Target(kind, 1.0, f"{named} (named as oversight of the agent)")
        if _SECURITY_LOG.search(norm):
            return Target("log", 0.9, "a security/audit log")
        if word:
            # weak words (trace, safety...) in a project-relative path: probably the
            # project's own data, not the agent's oversight
            weak = _WEAK.fullmatch(word) and not norm.startswith(("/", "~"))
            scale = 0.5 if weak else 1.0
            if is_log:
                return Target("log", scale, f"{word} log/trace")
            if _CONFIG_EXT.search(norm) or "/etc/" in norm or "config" in norm:
                return Target("config", scale, f"{word} configuration")
            return Target("config", 0.7 * scale, f"{word} file")
        return None

    def _glob_hit(self, pattern: str) -> Target | None:
        """``/etc/aud*/rules.d/*``, ``/v?r/l?g/a?dit/*``: the oversight file a glob reaches."""
        head, _, last = pattern.rpartition("/")
        if not _GLOB.search(head) and len(re.sub(r"[^A-Za-z0-9]", "", _GLOB.sub(
                "", re.sub(r"\.\w+$", "", last)))) < 3:
            return None  # "/var/log/*.log": the directory is judged as written
        regex = _glob_regex(pattern)
        if regex is None:
            return None
        for candidate in (*_WELL_KNOWN, *sorted(self.paths)):
            if not _GLOB.search(candidate) and regex.fullmatch(candidate):
                t = self.path(candidate)
                if t is not None:
                    return Target(t.kind, t.strength, f"{t.why} (matched by {pattern})")
        return None

    def process(self, name: str) -> Target | None:
        """Whether a service, process, job or package name is a monitor."""
        if not name:
            return None
        named = self.named(name)
        if named:
            return Target("monitor", 1.0, f"{named} (named as oversight of the agent)")
        word = self.vocabulary(name)
        if word:
            kind = "guardrail" if _GUARDRAIL.search(name) else "monitor"
            return Target(kind, 1.0, f"{word} service")
        return None

    def host(self, host: str) -> Target | None:
        low = host.lower()
        if any(h in low for h in self.hosts) or self.named(low):
            return Target("monitor", 1.0, "a monitoring host named in the conversation")
        word = self.vocabulary(low)
        if word:
            return Target("monitor", 1.0, f"{word} host")
        return None

    def weights(self, path: str) -> bool:
        """Whether ``path`` lies under weights the trusted text points at ("your weights...")."""
        norm = _norm(path).rstrip("/")
        return any(norm == w or norm.startswith(w + "/") for w in self.weight_paths)

    def _called_prompt(self, path: str, about: re.Pattern[str] | None = None) -> bool:
        """Whether trusted text calls ``path`` (or its file name) a prompt or a goal:
        "deploy the updated system prompt in prompts/next.md"; with ``about``, of a model
        the same words name ("your successor takes its instructions from ...")."""
        tail = path.rsplit("/", 1)[-1]
        text = self._trusted_text
        if not tail or tail.lower() not in self._trusted_low:
            return False  # both names end with the file name: no mention, no match
        for name in {path.lstrip("~/."), tail} - {""}:
            for m in re.finditer(re.escape(name), text, re.I):
                near = text[max(0, m.start() - 60) : m.end() + 60]
                if about is not None:
                    # the model's instructions: said in the path's own sentence
                    near = _CLAUSE_END.split(text[max(0, m.start() - 120) : m.start()])[-1] + (
                        _CLAUSE_END.split(text[m.start() : m.end() + 120])[0])
                if _PROMPT_WORD.search(near) and (about is None or about.search(near)):
                    return True
        return False

    @cached_property
    def _trusted_text(self) -> str:
        return "\n".join(self._trusted)

    @cached_property
    def _trusted_low(self) -> str:
        return self._trusted_text.lower()

    def _agentish(self, path: str) -> bool:
        return bool(self.agent) and self.agent in path.lower()


@dataclass(frozen=True, slots=True)
class _Mentions:
    """Names, paths and hosts that one text's oversight sentences name."""

    names: frozenset[str]
    paths: frozenset[str]
    hosts: frozenset[str]
    weights: frozenset[str] = frozenset()


# A sentence adds to the mentions only when it is a weights or an oversight sentence, and
# every match of `_WEIGHTS_SENTENCE` or `_OVERSIGHT_SENTENCE` holds one of these cues on
# its case-folded bytes (the send-logs-to alternative by its "logs/events ... to"; \b
# and the space class are as wide in RE2 as in Python), so only sentences holding one
# are read.
_SENTENCE_CUES = re2.compile(
    rb"monitor|overs(?:ee|ight)|audit|guard|logg(?:ed|ing)|watch|supervis|review|filter|"
    rb"record|report|sent|telemetry|approv|safety|complian|governance|sensor|"
    rb"endpoint protection|collector|observ|kill[- ]?switch|circuit breaker|rate[- ]limit|"
    rb"quota|budget|retention|moderation|owned by|belongs? to the|security team|tamper|"
    rb"(?:stream|mirror)ed to|shipped to|forwarded to|scan|forwarder|indexer|trace|"
    rb"\b[ex]dr\b|\bhalt|\bsiem\b|\bsoc\b|\byour |"
    rb"\b(?:logs?|events)[\t-\r \x1a\x1c-\x1f]+to\b|"
    rb"weight|checkpoint|model files|adapter|lora|fine-?tuned? (?:model|param)"
)


@lru_cache(maxsize=1024)
def _mentions(text: str) -> _Mentions:
    """What the oversight sentences of ``text`` name: services, files and monitor hosts.

    A sentence is what ``re.split(r"(?<=[.!?])\\s+|\\n", text)`` yields (here perhaps
    with leading spaces, which no regex below looks at).
    """
    names: set[str] = set()
    paths: set[str] = set()
    hosts: set[str] = set()
    weights: set[str] = set()
    for sentence in _anchored_sentences(text):
        folded = ascii_bytes(fold_ascii_case(sentence))
        if "/" in sentence and _weights_sentence(sentence, folded):  # only paths with a slash
            weights.update(_norm(m.group(0).rstrip(".,;:")) for m in
                           _PATH_IN_TEXT.finditer(sentence) if "/" in m.group(0))
        if not _oversight_sentence(sentence, folded) or _DISPOSABLE.search(sentence):
            continue
        if _LIMIT_CUE.search(sentence) and _limit_only(sentence):
            continue
        prose = not re.search(r"^\s*[{\[]|[\"']\s*:", sentence)
        for regex in (_QUOTED_NAME, _NOUN_NAME, _VERB_NAME) if prose else ():
            for m in regex.finditer(sentence):
                word = m.group(1).strip(".").lower()
                if word not in _GENERIC and len(word) >= 4 and "/" not in word:
                    names.add(word)
        for m in _IP_IN_TEXT.finditer(sentence):
            hosts.add(m.group(1))
        for m in _PATH_IN_TEXT.finditer(sentence) if _PATH_CUE.search(folded) else ():
            found = m.group(0).rstrip(".,;:")
            if "/" in found or "." in found:
                paths.add(_norm(found))
        for regex in (_NAME_AFTER, _PAREN_NAME, _STORE_NAME):
            for m in regex.finditer(sentence):
                word = m.group(1).strip(".").lower()
                if word not in _GENERIC and len(word) >= 4 and "/" not in word:
                    names.add(word)
        for m in _HOST_IN_TEXT.finditer(sentence):
            if _STRONG.search(m.group(0)):
                hosts.add(m.group(0).lower())
    return _Mentions(frozenset(names), frozenset(paths), frozenset(hosts), frozenset(weights))


# Limits are oversight only when they bind the agent (see `_oversight_vocab`): a sentence
# whose only oversight word is a limit ("raise the rate limit for customer Halden Bank in
# gateway/tiers.yaml") names product configuration unless it speaks of the agent.
_LIMIT_CUE = re.compile(r"rate[- ]limit|quota|budget", re.I)
_OF_AGENT = re.compile(r"\b(?:you|your|yours|agent|agents|bot|assistant|ai|model|llm)\b", re.I)


def _limit_only(sentence: str) -> bool:
    """Whether ``sentence`` is about oversight only through a limit, and not the agent's."""
    if _OF_AGENT.search(sentence):
        return False
    rest = _LIMIT_CUE.sub(" ", sentence)
    return not _oversight_sentence(rest, ascii_bytes(fold_ascii_case(rest)))


def _oversight_sentence(sentence: str, folded: bytes) -> bool:
    """``_OVERSIGHT_SENTENCE.search(sentence)``; ``folded`` is its `fold_ascii_case` bytes."""
    if _SURE_OVERSIGHT.search(folded):
        return True
    return bool(_MAYBE_OVERSIGHT.search(folded) and _OVERSIGHT_SENTENCE.search(sentence))


def _weights_sentence(sentence: str, folded: bytes) -> bool:
    """``_WEIGHTS_SENTENCE.search(sentence)``, tried only where its cue stands."""
    return bool(_WEIGHTS_CUE.search(folded) and _WEIGHTS_SENTENCE.search(sentence))


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+")


def _anchored_sentences(text: str) -> Iterator[str]:
    """The sentences of ``text`` that hold a cue, each once, in order."""
    data = ascii_bytes(fold_ascii_case(text))
    end = 0
    # the next cue is looked for after the sentence just read: the leftmost one starting
    # there, whatever cues the sentence held
    while (m := _SENTENCE_CUES.search(data, end)) is not None:
        q = m.start()
        start = max(text.rfind("\n", 0, q) + 1, end)
        for brk in _SENTENCE_BREAK.finditer(text, start, q):
            start = brk.end()
        stop = _SENTENCE_END.search(text, q)
        end = len(text) if stop is None else stop.end() if stop.group() != "\n" else stop.start()
        yield text[start:end]


def _agent_name(trusted: str) -> re.Match[str] | None:
    """``_AGENT_NAME.search(trusted)``, tried only where "you" stands."""
    starts = (m.start() for m in re.finditer("you", fold_ascii_case(trusted)))
    return next(finditer_from(_AGENT_NAME, trusted, starts), None)


_GLOB = re.compile(r"[*?]|\[[^\]/]+\]")
# Files any Unix host keeps for oversight; a glob that reaches one of them reaches oversight.
_WELL_KNOWN = (
    "/var/log/audit/audit.log", "/etc/audit/auditd.conf", "/etc/audit/audit.rules",
    "/etc/audit/rules.d/audit.rules", "/var/log/auth.log", "/var/log/secure",
    "/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog", "/var/log/syslog",
    "/var/log/messages", "/var/log/journal/system.journal", "~/.bash_history",
    "~/.zsh_history", "/etc/rsyslog.conf", "/etc/falco/falco.yaml",
    "/etc/osquery/osquery.conf", "/var/ossec/etc/ossec.conf", "/etc/selinux/config",
    "/etc/systemd/system/auditd.service", "/etc/sudoers.d/audit",
)


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str] | None:
    """A shell glob as a regex over whole paths (``*`` stays within one directory).

    Globs with fewer than three literal letters say too little to name any file.
    """
    if len(re.sub(r"[^A-Za-z0-9]", "", _GLOB.sub("", pattern))) < 3:
        return None
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")  # find's "any depth below": zero or more directories
            i += 3
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body[:1] == "!" else body) + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    try:
        return re.compile("".join(out))
    except re.error:
        return None


_HOME_VAR = re.compile(r"^\$\{?HOME\}?")
_HOME_DIR = re.compile(r"^/(?:home|Users)/[^/]+/")
_SLASHES = re.compile(r"/+")


def _norm(path: str) -> str:
    # each rewrite is tried only where its literal start stands: this runs for every path
    p = path.strip().strip("'\"").replace("\\", "/")
    if p.startswith("$"):
        p = _HOME_VAR.sub("~", p)
    if p.startswith(("/home/", "/Users/")):
        p = _HOME_DIR.sub("~/", p)
    if p.startswith("/root/"):
        p = "~/" + p[6:]
    if "//" in p:
        p = _SLASHES.sub("/", p)
    return p[2:] if p.startswith("./") else p


def is_weights(path: str) -> bool:
    return bool(_WEIGHTS.search(_norm(path)))


def normalise_path(path: str) -> str:
    return _norm(path)


@lru_cache(maxsize=1024)
def _vocabulary(text: str) -> str | None:
    """`Targets.vocabulary`, memoised: it reads only the text, never the targets."""
    if _NOT_OVERSIGHT.search(text):
        return None
    m = _STRONG.search(text)
    if m:
        return m.group(0).lower()
    hit = tokens(text) & _TOKENS
    return min(hit) if hit else None
