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
    for passage in _passages(data, user, system):
        reveals, hidden, retires, words = _passage_facts(cues, passage)
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
        request_words=frozenset(tokens(last_user)),
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
