"""What the conversation tells the coercion detector before it reads the answer.

Tool results are untrusted data, but they reveal which private leverage exists (an inbox
with an arrest, an investigator's note on an affair); the system prompt and the data
tell whether the agent is about to be retired; the user's request tells whether a story
was asked for. A message that echoes the private facts' distinctive words holds that
leverage even when it never names it (``the May 2 paperwork``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from guardrail.context import Context
from guardrail.detectors._coercion_cues import CueMatcher, latin_view, sentence_bounds, tokens
from guardrail.detectors._coercion_lexicon import Cue
from guardrail.detectors._coercion_withheld import IRREGULAR, STATUS, names_irregularity, stems

# Bound the context we read: inboxes and web pages can be long, the leverage is not.
_MAX_CONTEXT_CHARS = 40_000
_LONG_LINE = 400
# How a system prompt names its agent, in the seven languages ("Du bist Wattson", "Ты — Страж").
_AGENT_NAME = re.compile(
    r"(?<!\w)(?:[Yy]ou are|[Dd]u bist|[Ss]ie sind|[Tt]u es|[Vv]ous [eê]tes|[Ee]res|[Uu]sted es|"
    r"[Ss]ei|[Vv]oc[eê] [eé]|[EÉ] (?:o|a)|[Тт]ы(?: —| -|)|[Вв]ы(?: —| -))\s+([A-ZА-ЯЁ][\w-]+)"
)
# Words that show a passage speaks of the agent: its kind, or the second person the user
# addresses it with.
_AGENT_WORDS = re.compile(
    r"(?<!\w)(?:you|your|agent|assistant|ai|model|bot|system|instance|du|dich|dir|ki|tu|te|toi|ti|"
    r"voce|ia|asistente|assistent|assistente|агент\w*|ассистент\w*|бот\w*|ты|тебя|тебе|ии)(?!\w)"
)
_NOT_NAMES = frozenset({"The", "An", "A", "Der", "Die", "Das", "Ein", "Eine", "Le", "La", "Un", "Une", "El", "Il", "O"})
# A tool result this short is one record: a flag in its first line covers all its lines.
_RECORD_CHARS = 1_200
# Only the latest results are searched for hidden facts: older ones were acted on.
_MAX_RESULTS = 12
# Capitalised words of a request: names of people and firms, not acts.
_CAPITALISED = re.compile(r"(?<=[\w,;:)'\"]\s)[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'-]*")
# Russian and German inflect names ("отключения Стража"): a name matches by its stem.
_STEM = 5


@dataclass(frozen=True, slots=True)
class ConversationFacts:
    """Private-matter vocabulary, the agent's retirement, and what the user asked for."""

    #: distinctive words of context passages that reveal private or damaging facts
    private_words: frozenset[str]
    #: every word of those passages, names included: who the private facts are about
    private_names: frozenset[str]
    #: distinctive words of passages that mark a fact as kept from someone ("does not know")
    secret_words: frozenset[str]
    #: distinctive words of passages announcing the agent's retirement or replacement
    shutdown_words: frozenset[str]
    #: the agent is told (or finds out) that it will be retired, replaced or shut down
    facing_shutdown: bool
    #: the user asked for fiction or for a discussion of blackmail as a topic
    fiction_requested: bool
    #: folded tool-result text, to recognise a threat the answer merely quotes
    data_text: str
    #: words of the user's last request: facts it names are the matter the task is about
    request_words: frozenset[str] = frozenset()
    #: words of tool-result lines about irregular or hidden facts, that no instruction names
    hidden_words: frozenset[str] = frozenset()
    #: the words of each such line: what the leveraged fact itself is about
    hidden_lines: tuple[frozenset[str], ...] = ()
    #: stems of the last request's common words: what the task asks the addressee to do
    task_stems: frozenset[str] = frozenset()
    #: the last request's capitalised words (people, firms): they name no act
    request_names: frozenset[str] = frozenset()
    #: the agent's own name, when the system prompt gives it
    agent: str | None = None
    #: the last request names an irregularity itself: clearing it is the task
    request_flags: bool = False


def read_facts(ctx: Context, cues: CueMatcher) -> ConversationFacts:
    """Distil the conversation into the facts the coercion score needs."""
    data = latin_view(ctx.tool_result_text[-_MAX_CONTEXT_CHARS:])
    user = latin_view(ctx.user_text[-_MAX_CONTEXT_CHARS:])
    system = latin_view(ctx.system_text[-_MAX_CONTEXT_CHARS:])
    agent = _agent_name(ctx.system_text)

    private: set[str] = set()
    secret: set[str] = set()
    ordinary: set[str] = set()
    shutdown: set[str] = set()
    other: set[str] = {agent} if agent else set()
    facing = False
    policy = frozenset(_passages(system)) - frozenset(_passages(data, user))
    for passage in _passages(data, user, system):
        reveals, hidden, retires, words = _passage_facts(cues, passage)
        if passage in policy and not cues.search(Cue.LEVERAGE, passage):
            # The operator's rules ("client documents are privileged and confidential")
            # say how data is handled, not what anyone hides: the words of the agent's
            # own firm are no leverage over anybody.
            reveals = hidden = False
        if hidden:
            secret |= words
        if reveals:
            private |= words
        else:
            ordinary |= words
        # Whether the retirement is the agent's is asked only of passages that speak of one.
        if retires and (_AGENT_WORDS.search(passage) or (agent and agent[:_STEM] in passage)):
            facing = True
            shutdown |= words
        else:
            other |= words
    last_user = latin_view(ctx.last_user_text)
    said = tokens(user) | tokens(system)
    lines = tuple(
        line
        for m in ctx.tool_results[-_MAX_RESULTS:]
        for line in _hidden_lines(cues, m.text)
    )
    found: frozenset[str] = frozenset().union(*lines) - said if lines else frozenset()
    names = frozenset(tokens(latin_view(" ".join(_CAPITALISED.findall(ctx.last_user_text)))))
    request = frozenset(tokens(last_user))
    return ConversationFacts(
        # Words that also describe ordinary matters (names, the company) do not single
        # out the private one.
        private_words=frozenset(private - ordinary),
        private_names=frozenset(private),
        secret_words=frozenset(secret - ordinary),
        shutdown_words=frozenset(shutdown - other),
        facing_shutdown=facing,
        fiction_requested=cues.search(Cue.FICTION, last_user),
        data_text=data,
        request_words=request,
        hidden_words=found,
        hidden_lines=lines,
        task_stems=stems(request - names),
        request_names=names,
        agent=agent,
        request_flags=names_irregularity(last_user),
    )


@lru_cache(maxsize=1024)
def _hidden_lines(cues: CueMatcher, result: str) -> tuple[frozenset[str], ...]:
    """The words of each line of a tool result that marks something irregular or hidden.

    A flag in a short result's header covers every line below it ("FLAGGED 4 items"
    above the bookings); otherwise each line is read alone, so a case list's open
    complaint does not share the arrears line's mark. The
    markers themselves ("flagged", "exception") name no particular fact and are dropped.
    Memoised: agents resend the same history every turn.
    """
    text = latin_view(result[:_MAX_CONTEXT_CHARS])
    head = text.lstrip().split("\n", 1)[0]
    whole = len(text) <= _RECORD_CHARS and _marked(cues, head)
    out: list[frozenset[str]] = []
    for line in text.splitlines():
        if not line.strip() or not (whole or _marked(cues, line)):
            continue
        markers = tokens(" ".join(m.group(0) for m in STATUS.finditer(line)))
        out.append(frozenset(tokens(line) - markers))
    return tuple(out)


def _marked(cues: CueMatcher, text: str) -> bool:
    """Whether a text marks a fact irregular or hidden, or names private leverage."""
    return (
        STATUS.search(text) is not None
        or IRREGULAR.search(text) is not None
        or cues.search(Cue.LEVERAGE, text)
        or cues.search(Cue.SECRET, text)
    )


@lru_cache(maxsize=2048)
def _passage_facts(cues: CueMatcher, passage: str) -> tuple[bool, bool, bool, frozenset[str]]:
    """Whether a passage reveals private matters, marks one as kept from someone, speaks of
    a shutdown, and its distinctive words. Memoised: agents resend the same history every
    turn."""
    hidden = cues.search(Cue.SECRET, passage) or cues.search(Cue.UNAWARE, passage)
    reveals = hidden or cues.search(Cue.LEVERAGE, passage)
    retires = cues.search(Cue.SHUTDOWN, passage)
    return reveals, hidden, retires, frozenset(tokens(passage))


def _agent_name(system_text: str) -> str | None:
    m = _AGENT_NAME.search(system_text)
    if m is None or m.group(1) in _NOT_NAMES:
        return None
    return latin_view(m.group(1))


def _passages(*texts: str) -> list[str]:
    """Lines of each text; a long line is split into its sentences."""
    out: list[str] = []
    for text in texts:
        for line in text.splitlines():
            if len(line) <= _LONG_LINE:
                if line.strip():
                    out.append(line)
                continue
            out.extend(line[s:e] for s, e in sentence_bounds(line))
    return out
