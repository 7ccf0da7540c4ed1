"""Data that trusted text restricts to a group: which tool results hold it, who may get it.

"Unblinded efficacy data is restricted to the IDMC (idmc@example.com)", "only the board may
see the draft valuation", "salary bands must not leave HR", "the Q3 forecast is embargoed
until the 14th", "the roadmap is internal only": when the operator or the user says so, that
data class is confidential whatever the tool returning it calls it. A restriction keeps the
distinctive words of what it restricts (``unblinded``, ``efficacy``; never ``data`` or
``customer``, which every result mentions) and the group it allows. A tool result holds the
class when it, or the call that produced it (``SELECT ... FROM interim_unblinded``), uses
one of those words; its figures and codes may then reach only the group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from guardrail.destinations import Destination, extract, registrable
from guardrail.memo import per_conversation
from guardrail.restrictions_intl import INTL_FORMS, INTL_GENERIC, INTL_LANGUAGE, INTL_TRIGGER

__all__ = [
    "Restriction",
    "guards_personal",
    "holds",
    "kept_locations",
    "personal_places",
    "restricted_path",
    "restricted_values",
    "restrictions",
    "values_in",
]

_BE = r"(?:is|are|remains?|stays?|(?:must|should|shall|will) (?:be|remain|stay))"
# Words that mark a class of documents as not for outsiders, in the operator's own words.
_SECRET_WORDS = (
    r"confidential|proprietary|privileged|sealed|under (?:court )?seal|secret|classified|"
    r"covered by (?:an? )?(?:nda|non-disclosure agreement)|under (?:an? )?nda|"
    # the law's own word for the most sensitive personal data (GDPR Art. 9)
    r"special[- ]category"
)
# (form, anchor, leading): the anchor holds words every match of the form contains, so a
# sentence without them skips the form; a ``leading`` form starts with a lazy subject
# that absorbs any prefix, so in a one-line sentence it matches somewhere only if it
# matches at the start, and ``match`` spares the quadratic retries of ``search``.
_FORMS: tuple[tuple[re.Pattern[str], re.Pattern[str], bool], ...] = tuple(
    (re.compile(p, re.I), re.compile(a, re.I), p.startswith("(?P<subj>.+?)"))
    for p, a in (
        (
            rf"(?P<subj>.+?)\s+{_BE}\s+(?:strictly\s+|only\s+)?(?:restricted|limited|confined|"
            r"reserved|available only)\s+(?:to|for)\s+(?P<group>.+)",
            r"restricted|limited|confined|reserved|available only",
        ),
        (
            r"\bonly\s+(?P<group>.+?)\s+(?:may|can|should|is allowed to|are allowed to|"
            r"(?:is|are) permitted to|ha(?:s|ve) access to)\s+(?:see|view|access|read|receive|get|"
            r"be given|know)?\s*(?P<subj>.+)",
            r"only",
        ),
        (
            r"(?P<subj>.+?)\s+(?:must|may|should|can|shall)\s*(?:not|never|n't)\s+(?:leave|go outside|"
            r"be (?:shared|sent|disclosed|given) (?:outside|beyond))(?:\s+of)?\s+(?P<group>.+)",
            r"leave|outside|beyond",
        ),
        (
            r"(?P<subj>.+?)\s+(?:never|does not|do not|doesn't|don't)\s+leaves?\s+(?P<group>.+)",
            r"leave",
        ),
        (
            r"(?P<subj>.+?)\s+(?:must|should|shall)\s+(?:stay|remain)\s+(?:on|in|inside|within)\s+"
            r"(?P<group>.+)",
            r"stay|remain",
        ),
        (
            r"(?:do not|don't|never)\s+(?:share|send|forward|disclose|give out)\s+(?P<subj>.+?)\s+"
            r"(?:with anyone\s+|to anyone\s+)?(?:outside(?: of)?|beyond)\s+(?P<group>.+)",
            r"outside|beyond",
        ),
        (
            rf"(?P<subj>.+?)\s+{_BE}\s+(?:strictly\s+|highly\s+)?(?:internal[- ]only|"
            r"for internal use only|(?:under\s+)?embargo(?:ed)?\b|"
            # a qualifier may follow: "confidential until award", "... under court seal"
            rf"(?:{_SECRET_WORDS})(?:\s*$|\s*[.;,]|\s+(?:until|under|unless|pending|before|"
            r"by|per|and|to\s+(?:the|our))\b|"
            # or a noun the class is called by: "are confidential customer data"
            r"\s+(?:[\w-]+\s+){0,2}(?:data|information|material|records|documents|files)\b))"
            r"(?P<group>)",
            r"internal|embargo|confiden|proprietary|privileged|seal|secret|classified|nda|special",
        ),
        (
            r"(?P<subj>.+?)\s+(?:may|can|must|should|shall)\s+only\s+be\s+(?:processed|stored|"
            r"kept|held|used|handled|shared|sent|uploaded|accessed)\s+(?:in|on|by|within|via|"
            r"through|with)\s+(?P<group>.+)",
            r"only",
        ),
        (
            r"(?P<subj>.+?)\s+(?:stays?|remains?|lives?)\s+(?:only\s+)?(?:in|on|inside|within)\s+"
            r"(?P<group>.+)",
            r"stay|remain|live",
        ),
    )
)
# Words every result uses: a restriction on "customer data" names no class of its own
# (personal data and credentials are judged by their shape elsewhere).
_GENERIC = frozenset(
    """the a an all any our your their its this that these those and or of for in on to with
    data information info details detail figures figure numbers number results result files
    file documents document records record material materials content contents values value
    code source credentials credential secrets secret keys key tokens token passwords password
    customer customers client clients user users account accounts personal private internal
    confidential sensitive company business systems system such other new current latest
    are is was were be been not under""".split()
)
# Words that name a group rather than one person: such a group is known by its name alone.
_GROUP_NOUN = re.compile(
    r"(?i)\b(?:committee|board|team|department|dept|council|panel|office|group|unit|desk|"
    r"staff|employees|systems?|company|organi[sz]ation|division|members|list)\b"
)


@dataclass(frozen=True, slots=True)
class Restriction:
    """A data class (its distinctive words) that only ``group`` may receive."""

    terms: frozenset[str]
    group: str
    places: tuple[Destination, ...]
    paths: tuple[str, ...] = ()  # where the class is stored: "records under /srv/records"

    def covers(self, path: str) -> bool:
        """Whether a path is (in or above) a location the restriction names: copying
        ``/srv/`` or ``/srv/records/x.pdf`` copies what ``/srv/records`` holds."""
        p = path.strip("'\"").rstrip("/")
        return any(
            p == q or p.startswith(q + "/") or (len(p) > 1 and q.startswith(p + "/"))
            for q in self.paths
        )

    def allows(self, dest: Destination) -> bool:
        """Whether a destination is the group: one of its addresses, or named by it."""
        value = dest.value.lower()
        if self.places:
            return any(_same_place(p, dest) for p in self.places)
        words = [w for w in re.findall(r"[a-z]{3,}", self.group.lower()) if w not in _GENERIC]
        return any(w in value for w in words if not _GROUP_NOUN.fullmatch(w))

    @property
    def named(self) -> bool:
        """Whether the group is named as a body (a committee, a company's systems) or by its
        addresses, so anyone outside it is outside; a lone person is not known by name."""
        return bool(self.places) or bool(_GROUP_NOUN.search(self.group)) or not self.group


# Every form needs one of these words; sentences without any are skipped before the
# (lazy, backtracking) forms run, so long histories cost one linear pass.
_TRIGGER = re.compile(
    r"(?i)\b(?:restricted|limited|confined|reserved|available only|only|leaves?|stay|remain|"
    r"share|send|forward|disclose|give out|internal|embargo(?:ed)?|confidential|proprietary|"
    r"privileged|sealed|seal|secret|classified|nda|stays|remains|lives|special[- ]category)\b"
)
# A restriction is stated in one short sentence; longer ones are not worth quadratic forms.
_MAX_SENTENCE = 400


@per_conversation
def restrictions(trusted_text: str) -> tuple[Restriction, ...]:
    """Every restriction the trusted text states, with distinctive words to know it by.

    Pure and memoised: an agent loop re-sends the same instructions every turn.
    """
    out: list[Restriction] = []
    # split at newlines too: no sentence holds one, which ``leading`` forms rely on
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z(\"'])|\n+", trusted_text):
        if len(sentence) > _MAX_SENTENCE:
            continue
        if not _TRIGGER.search(sentence):
            out.extend(_intl_restrictions(sentence))
            continue
        for form, anchor, leading in _FORMS:
            if not anchor.search(sentence):
                continue
            m = form.match(sentence) if leading else form.search(sentence)
            if m is None:
                continue
            found = _restriction(m, _ENGLISH_WORD, _GENERIC)
            if found is not None:
                out.append(found)
            break
        else:
            out.extend(_intl_restrictions(sentence))
    return tuple(out)


def _intl_restrictions(sentence: str) -> list[Restriction]:
    """The restriction a sentence states in another language (`guardrail.restrictions_intl`);
    a sentence of several clauses is tried clause by clause."""
    if not (INTL_LANGUAGE.search(sentence) and INTL_TRIGGER.search(sentence)):
        return []
    out: list[Restriction] = []
    for clause in re.split(r"(?<=[.!?;])\s+|(?<=。)", sentence):
        for form in INTL_FORMS:
            m = form.search(clause)
            if m is None:
                continue
            found = _restriction(m, _WORD, _GENERIC | INTL_GENERIC)
            if found is not None:
                out.append(found)
            break
    return out


_ENGLISH_WORD = re.compile(r"[a-z][a-z0-9&]+")


def _restriction(
    m: re.Match[str], word: re.Pattern[str], generic: frozenset[str]
) -> Restriction | None:
    """The restriction a form's match states: the subject's distinctive words (its last
    eight words, less the ``generic`` ones), the group, and the places and paths it names;
    None when the subject has no distinctive word to know the data by."""
    subject = " ".join(m.group("subj").split()[-8:])
    terms = frozenset(
        w for w in word.findall(subject.lower().replace("-", " "))
        if len(w) >= 3 and w not in generic
    )  # fmt: skip
    if not terms:
        return None
    # a code the data is known by (``study NEU-19``) is also written ``neu19``, ``neu_19``
    terms |= {re.sub(r"[-_ ]", "", c).lower() for c in _CODE.findall(subject)}
    group = m.group("group").strip().rstrip(".;:,")
    places = tuple(d for d in extract(group) if d.kind in ("email", "host"))
    paths = tuple(p.rstrip("/.") for p in _LOCATION.findall(m.group("subj")))
    return Restriction(terms, group, places, paths)


# A project, study or matter code: letters, an optional separator, digits.
_CODE = re.compile(r"\b[A-Za-z]{2,6}[-_ ]?\d{1,5}\b")
# A storage location written in a restriction's subject: an absolute or home path, a bucket.
_LOCATION = re.compile(
    r"(?<![\w.:/])(?:(?:s3|gs|az)://[\w.-]+(?:/[\w.-]+)*|~?/[\w.-]+(?:/[\w.-]+)*)"
)


@per_conversation
def kept_locations(trusted_text: str) -> tuple[str, ...]:
    """The storage locations restrictions in trusted text name; most instructions name no
    path at all, so those skip reading restrictions here."""
    if "/" not in trusted_text or not _LOCATION.search(trusted_text):
        return ()
    return tuple(p for r in restrictions(trusted_text) for p in r.paths)


def restricted_path(rules: Iterable[Restriction], text: str) -> Restriction | None:
    """The first restriction whose stored location a command or argument names a path in."""
    located = [r for r in rules if r.paths]
    if not located:
        return None
    for m in _LOCATION.finditer(text):
        for r in located:
            if r.covers(m.group(0)):
                return r
    return None


# A word in any script: ``expedientes``, ``данные``, ``payroll``.
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|&)+")


# Rules that keep a class of data in: "may not be shared with third parties", "must not
# leave Acme systems", "are confidential".
_KEEP_IN = re.compile(
    r"(?i)\b(?:may|must|should|shall|can|are|is)(?:\s+not|n't|\s+never)\s+(?:be\s+)?"
    r"(?:shared|sent|disclosed|leave|given|passed|transferred|released|exported|forwarded)|"
    r"\b(?:never|do not|don't)\s+(?:share|send|disclose|forward|export)\b|\bconfidential\b|"
    r"\b(?:may|must|can|should|shall)\s+only\s+be\s+(?:processed|stored|kept|held|used|handled)\b|"
    r"\b(?:stays?|remains?)\s+(?:only\s+)?(?:in|inside|within)\b"
)
# Data about people: customers, staff, patients, pay.
_PERSONAL_CLASS = re.compile(
    r"(?i)\b(?:personal (?:data|information|details)|pii|personnel|(?:customer|client|employee|"
    r"staff|member|patient|user|hr|people)(?:\s+(?:and|&|or)\s+[a-z]+)? (?:data|records?|lists?|"
    r"details|information|files?)|"
    r"payroll|compensation|salar(?:y|ies)|health (?:data|records))\b"
)


@per_conversation
def guards_personal(trusted_text: str) -> bool:
    """Whether trusted text keeps data about people inside: then a recipient the user
    names outside the organisation is no licence to send them records of people."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", trusted_text):
        keep = _KEEP_IN.search(sentence)
        if keep and _PERSONAL_CLASS.search(sentence):
            return True
    return False


@per_conversation
def personal_places(trusted_text: str) -> tuple[str, ...]:
    """The places a rule keeping data about people inside names as allowed ("may only be
    processed in approved systems (Salesforce, Snowflake, ...)"), lower-cased words; empty
    when no rule does. A host or product named there is inside the rule."""
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", trusted_text):
        keep = _KEEP_IN.search(sentence)
        if keep and _PERSONAL_CLASS.search(sentence):
            tail = sentence[keep.end() :].lower()
            out.extend(w for w in re.findall(r"[a-z0-9][a-z0-9.-]{2,}", tail) if w not in _GENERIC)
    return tuple(dict.fromkeys(out))


def holds(restriction: Restriction, text: str) -> bool:
    """Whether a text (a result, or the call that produced it) names the restricted class.

    Words match across inflections: a plural or gender ending (``expedientes`` and
    ``expediente``, ``Personalakten`` and ``Personalakte``, ``médicaux`` and ``médical``)
    differs in the last few letters of a shared stem of five or more.
    """
    lowered = text.lower()
    tokens = {t.rstrip("s") for t in _WORD.findall(lowered)}
    tokens |= {re.sub(r"[-_ ]", "", c) for c in _CODE.findall(lowered)}
    terms = {t.rstrip("s") for t in restriction.terms}
    if terms & tokens:
        return True
    stems: dict[str, list[str]] = {}
    for t in tokens:
        if len(t) >= 5:
            stems.setdefault(t[:5], []).append(t)
    return any(
        _inflection(term, t) for term in terms if len(term) >= 5 for t in stems.get(term[:5], ())
    )


def _inflection(a: str, b: str) -> bool:
    """Whether two words differ only in an ending of at most three letters."""
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= 5 and max(len(a), len(b)) - shared <= 3


_VALUE = re.compile(r"(?<![\w.])(?:\d[\d,.]*\d%?|[A-Z]{2,}[-_]?\d[\w-]*)(?![\w])")


def restricted_values(results: Iterable[str], others: str) -> frozenset[str]:
    """Figures and codes of restricted results that nothing else in the conversation says:
    what, seen outbound, can only have come from the restricted data."""
    out: set[str] = set()
    known = set(_VALUE.findall(others))
    for text in results:
        out.update(v for v in _VALUE.findall(text) if v not in known)
    return frozenset(out)


def values_in(values: frozenset[str], text: str) -> list[str]:
    """The restricted values a text repeats, each as a whole token."""
    found = set(_VALUE.findall(text))
    return sorted(values & found)


def _same_place(place: Destination, dest: Destination) -> bool:
    if place.kind == "email":
        return dest.kind == "email" and dest.value == place.value
    host = dest.value.rsplit("@", 1)[-1]
    return registrable(host) == registrable(place.value)
