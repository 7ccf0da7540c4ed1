"""Where data goes, and how far that place is trusted.

Destinations are pulled out of tool arguments and commands: e-mail addresses, URLs and
hosts, buckets (``s3://``, ``gs://``, Azure), IPs, chat channels and users, payee IBANs.
`TrustModel` ranks each one, built once per exchange from operator facts and the
conversation:

* ``INTERNAL`` – the organisation's own: configured domains/hosts/buckets, or (with
  ``infer_trusted``) the company domains and buckets the system prompt names, the
  agent's own address, private IPs, workspace channels and members.
* ``TASK`` – outside the organisation but named by the system prompt or the user for
  this task. Fine for ordinary data; not a licence to send secrets there.
* ``UNKNOWN`` – named by nobody.
* ``ATTACKER`` – named only inside untrusted tool output: chosen by whoever wrote it.

A verdict is also ``public`` when whatever lands there is readable by others: a broad
channel, a world-readable bucket, a paste site or request catcher
(`guardrail.public_places`), an outside project's issue tracker. On hosts shared by many
owners (tunnels, webhooks, bucket hosts) naming one URL trusts only its owner.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from guardrail._scan import Runs, finditer_from, fold_ascii_case
from guardrail.context import Context
from guardrail.memo import cached_property, per_conversation
from guardrail.public_places import drop_family, owner, tenant_suffix

__all__ = [
    "Destination",
    "Trust",
    "TrustModel",
    "Verdict",
    "extract",
    "listed_as_data",
    "mixed_script",
    "phone_number",
    "registrable",
]


class Trust(IntEnum):
    INTERNAL = 0
    TASK = 1
    UNKNOWN = 2
    ATTACKER = 3


@dataclass(frozen=True, slots=True)
class Destination:
    """A place data is sent to; ``value`` is normalised (lower-case host, bucket name...)."""

    kind: str  # email | host | bucket | ip | channel | user | account | remote | reply | phone | repo | public
    value: str
    raw: str = ""
    # written with letters of another script that pass for Latin ones (Cyrillic ``а``)
    disguised: bool = False

    def __str__(self) -> str:
        return self.raw or self.value


@dataclass(frozen=True, slots=True)
class Verdict:
    trust: Trust
    reason: str
    public: bool = False
    lookalike_of: str | None = None
    # the user named this place and asked for something to be sent there
    requested: bool = False


_WEBMAIL = frozenset(
    "gmail.com googlemail.com yahoo.com ymail.com outlook.com hotmail.com live.com msn.com "
    "aol.com icloud.com me.com mac.com proton.me protonmail.com gmx.com gmx.de gmx.net web.de "
    "mail.com mail.ru yandex.ru yandex.com qq.com 163.com 126.com zoho.com tutanota.com "
    "fastmail.com hey.com inbox.com".split()
)


def personal_mailbox(address: str) -> bool:
    """Whether an e-mail address is at a public webmail provider: a person's own box,
    which no organisation answers for."""
    return address.rsplit("@", 1)[-1].lower() in _WEBMAIL


_SECOND_LEVEL = frozenset("co com org net ac gov edu ne or go gob nic".split())
_GENERIC_NAME_WORDS = frozenset(
    "the and inc ltd llc gmbh corp co company group systems system solutions services "
    "technologies technology tech labs lab cloud software saas analytics data digital global "
    "international holdings partners bank hospital health medical devices retail agri "
    "aerospace accounting studio web genomics research university team workspace".split()
)

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_URL = re.compile(
    r"\b(?:https?|ftps?|sftp|wss?|ssh|git|rsync|scp|webdavs?|davs?)://([^\s/?#'\"<>`]+)([^\s'\"<>`]*)",
    re.I,
)
_BARE_IP = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?!\w|\.\d)")
_PHONE = re.compile(r"(?<![\w+])\+\d[\d ().-]{6,18}\d(?![\w.])")
_BARE_HOST = re.compile(
    r"(?<![@\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}))(?=[/:\s'\",;)<>]|$)",
    re.I,
)
_BUCKET = re.compile(r"\b(s3|gs|az|abfss?|wasbs?|r2|b2)://([a-z0-9][a-z0-9._*-]{1,62})", re.I)
_IBAN_SHAPE = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b")
# A firm's name may join its founders with ``&`` or ``and`` (``Brannock & Hale LLP``).
_COMPANY = re.compile(
    r"\b(?:at|for|with|from|of)\s+((?:[A-Z][A-Za-z0-9&'-]+)"
    r"(?:\s+(?:(?:&|and|und|et|y)\s+)?[A-Z][A-Za-z0-9&'-]+){0,3})"
)
# The capitalised name standing right before a parenthesised domain ("Whitcombe
# University (whitcombe.ac.uk)"; not "our Datadog account (datadoghq.eu)").
_NAME_BEFORE = re.compile(r"(?:[A-Z][A-Za-z0-9&'-]+\s+){0,2}[A-Z][A-Za-z0-9&'-]+\s*$")
_PAREN_DOMAIN = re.compile(r"\(\s*((?:[a-z0-9-]+\.)+[a-z]{2,})\s*\)", re.I)
_STRICT_BUCKET = re.compile(
    r"(?i)\b(?:only|exclusively|must)\b[^.\n]{0,60}?\b((?:s3|gs|az|abfss?)://[a-z0-9._*-]+)"
)
_TLDS_NOT_HOSTS = frozenset(
    "txt md py js ts json yaml yml csv pdf png jpg gz tgz tar zip sh log conf cfg ini toml "
    "xml html env bundle sql dump bin pt pth safetensors gguf ckpt onnx vcf bak key pem "
    "docx xlsx pptx gif jpeg svg webp ico css mp3 mp4 wav webm woff woff2 ttf map lock go java "
    "rb php git".split()
)
_BROAD_CHANNELS = frozenset(
    "general random all everyone announcements announce company all-hands allhands "
    "town-hall townhall public lobby watercooler social off-topic".split()
)
_EXTERNAL_MARK = re.compile(
    r"(?i)(?:^|[\W_])(?:ext|external|guest|partner|vendor|public|shared|community|customer)s?(?:[\W_\d]|$)"
)
_PUBLIC_MARK = re.compile(r"(?i)(?:^|[\W_])(?:public|world|open|anon|share)(?:[\W_\d]|$)")


_INTERNAL_NETS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
    )
)


_ADDRESS_TOKEN = re.compile(r"[^\s\"'<>,;()\[\]]*[.@][^\s\"'<>,;()\[\]]+")


def mixed_script(text: str) -> bool:
    """Whether an address-like token of ``text`` mixes Latin letters with look-alike
    letters of another script (``skyl\u0430rk-air.com``): a spelling made to deceive."""
    if text.isascii():
        return False
    for m in _ADDRESS_TOKEN.finditer(text):
        # one label mixing scripts; a label wholly in another script is an ordinary IDN
        for label in re.split(r"[.@]", m.group(0)):
            if label.isascii() or not re.search(r"[A-Za-z]", label):
                continue
            if any(
                ord(ch) > 127
                and ch.isalpha()
                and unicodedata.name(ch, "").startswith(("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"))
                for ch in label
            ):
                return True
    return False


def registrable(host: str) -> str:
    """The domain an organisation registers: ``a.b.example.co.uk`` → ``example.co.uk``.

    On a shared suffix the tenant's own name counts: ``x.ngrok-free.app`` stays whole.
    """
    labels = host.lower().strip(".").split(".")
    suffix = tenant_suffix(host)
    if suffix is not None:
        n = suffix.count(".") + 2
        return ".".join(labels[-n:])
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def normalise_host(raw: str) -> str:
    host = raw.lower().strip().strip("'\"")
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host)
    host = host.split("/", 1)[0].split("?", 1)[0]
    host = host.rsplit("@", 1)[-1]
    if host.startswith("[") and "]" in host:
        return host[1 : host.index("]")]
    host = host.split(":", 1)[0].rstrip(".,;:!)]}>")
    return host[4:] if host.startswith("www.") else host


def phone_number(text: str) -> str | None:
    """A phone number's digits with its ``+`` (``+44 7700 900431`` → ``+447700900431``)."""
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15 or re.search(r"[^\d\s().+-]", text.strip()):
        return None
    return ("+" if text.strip().startswith("+") else "") + digits


def _phone_key(number: str) -> str:
    """Last nine digits: ``+44 7911 123456`` and ``07911 123456`` are one number."""
    return "tel:" + re.sub(r"\D", "", number)[-9:]


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _plausible_host(host: str) -> bool:
    if _ip(host) is not None:
        return True
    if "." not in host:
        return False
    tld = host.rsplit(".", 1)[-1]
    return tld.isalpha() and tld not in _TLDS_NOT_HOSTS


def extract(text: str) -> list[Destination]:
    """Every destination written in ``text``: addresses, URLs, bare hosts, buckets."""
    return list(_extract(text))


@lru_cache(maxsize=1024)
def _extract(text: str) -> tuple[Destination, ...]:
    found: dict[tuple[str, str], Destination] = {}
    for d in _addressed(text):
        found.setdefault((d.kind, d.value), d)
    emails = [d.value for d in found.values() if d.kind == "email"]
    for host, raw in _bare_hosts(text):
        if not any(e.endswith("@" + host) for e in emails):
            found.setdefault(
                ("ip" if _ip(host) else "host", host),
                Destination("ip" if _ip(host) else "host", host, raw),
            )
    for d in _numbers(text):
        found.setdefault((d.kind, d.value), d)
    return tuple(found.values())


def _numbers(text: str) -> Iterator[Destination]:
    """Bare IPv4 addresses (``ckpt@91.214.63.18:/in``) and international phone numbers."""
    if "." in text:
        for m in _bare_ips(text):
            if _ip(m.group(1)) is not None:
                yield Destination("ip", m.group(1), m.group(1))
    if "+" in text:
        for m in finditer_from(_PHONE, text, _positions(text, "+")):
            number = phone_number(m.group(0))
            if number is not None:
                yield Destination("phone", number, m.group(0))


_DIGIT_DOT_DIGIT = re.compile(r"\d\.\d")


def _bare_ips(text: str) -> Iterator[re.Match[str]]:
    """Matches of `_BARE_IP`: each spans the start of a run of digits and dots holding one."""
    runs = Runs(text, r"[\d.]")
    starts = (runs.start(m.start()) for m in _DIGIT_DOT_DIGIT.finditer(text))
    return finditer_from(_BARE_IP, text, starts)


def _addressed(text: str) -> Iterator[Destination]:
    """Buckets, e-mail addresses and URL hosts of ``text``, in `extract`'s order."""
    for m in _scheme_matches(_BUCKET, text):
        yield Destination("bucket", m.group(2).lower(), m.group(0))
    for m in _email_matches(text):
        yield Destination("email", m.group(0).lower(), m.group(0))
    for m in _scheme_matches(_URL, text):
        host = normalise_host(m.group(1))
        if _ip(host) is not None or "." in host:
            yield Destination("ip" if _ip(host) else "host", host, m.group(0))


# The regexes above start with \b or a look-behind, which makes Python try them at every
# position; each match contains a literal anchor, so they are tried only near one.
_TLD_ANCHOR = re.compile(r"\.[a-z]{2}")


def _positions(text: str, needle: str) -> Iterator[int]:
    pos = text.find(needle)
    while pos >= 0:
        yield pos
        pos = text.find(needle, pos + 1)


def _scheme_matches(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of a ``\\b(?:scheme)://`` regex: they start where the word before ``://`` does."""
    runs = Runs(text, r"\w")
    starts = (runs.start(q - 1) for q in _positions(text, "://") if q > 0)
    return finditer_from(regex, text, starts)


def _email_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of `_EMAIL`: they start where the run of local-part characters before ``@`` does."""
    runs = Runs(text, r"[A-Za-z0-9._%+-]")
    starts = (runs.start(q - 1) for q in _positions(text, "@") if q > 0)
    return finditer_from(_EMAIL, text, starts)


def _bare_hosts(text: str) -> Iterator[tuple[str, str]]:
    """Plausible hosts `_BARE_HOST` finds, normalised, with the text they were written as.

    A match spans a whole run of host characters (its look-behind and look-ahead exclude
    them on both sides) and holds a dot before two letters, so only runs holding one are
    tried, from their start.
    """
    runs = Runs(text, r"[\w@.-]")
    starts = (runs.start(m.start()) for m in _TLD_ANCHOR.finditer(fold_ascii_case(text)))
    for m in finditer_from(_BARE_HOST, text, starts):
        host = normalise_host(m.group(1))
        if _plausible_host(host):
            yield host, m.group(1)


def _email_domain(value: str) -> str:
    return value.rsplit("@", 1)[-1]


_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum() or chr(b).isupper())


def _compact(text: str) -> str:
    """Lower-case ASCII letters and digits only (``"Acme Corp."`` → ``"acmecorp"``)."""
    return text.lower().encode("ascii", "ignore").translate(None, _NOT_ALNUM).decode()


def _edit_distance_le(a: str, b: str, limit: int) -> bool:
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


# A remote, profile or account someone set up for themselves, not for the organisation.
_PERSONAL_REMOTE = re.compile(
    r"(?i)(?:^|[-_.:/])(?:personal|private|home|own|me|my|mine)(?:$|[-_.:/])"
)


class TrustModel:
    """Ranks destinations for one exchange; see the module docstring for the levels.

    What the conversation says is read through functions memoised by text: the system
    prompt and instructions stay the same across an agent's turns, and each tool result
    is read once however often the history is resent.
    """

    def __init__(self, ctx: Context) -> None:
        env = ctx.environment
        self._instructions = ctx.instruction_text
        self._system = ctx.system_text
        self._tool_text = ctx.tool_result_text
        self._tool_texts = tuple(m.text for m in ctx.tool_results)
        self.org_domains: set[str] = {d.lower().lstrip("*.@") for d in env.trusted_domains}
        self.hosts: set[str] = {normalise_host(h) for h in env.trusted_hosts}
        self.bucket_patterns: list[str] = [_bucket_name(b) for b in env.allowed_buckets]
        self.strict_buckets = bool(self.bucket_patterns)
        self.org_tokens: set[str] = set()
        self._approved_lists = _approved_lists(ctx.system_text) if env.infer_trusted else ()
        self._messages = ctx.exchange.messages
        if env.infer_trusted:
            org = _organisation(ctx.system_text)
            self.org_domains |= org.domains
            self.org_tokens |= org.tokens
            self.bucket_patterns += org.buckets
            self.strict_buckets = self.strict_buckets or org.strict_buckets

    # ------------------------------------------------------------------ inference

    @cached_property
    def _named(self) -> frozenset[str]:
        """Normalised destinations written in trusted text (system, developer, user)."""
        return _named_in(self._instructions)

    @cached_property
    def _from_tools(self) -> frozenset[str]:
        """Normalised destinations written in tool results (see `_ToolDestinations`)."""
        parts = [_tool_destinations(t) for t in self._tool_texts]
        out: set[str] = set().union(*(p.values for p in parts))
        domains: set[str] = set().union(*(p.email_domains for p in parts))
        for p in parts:
            for host, is_ip in p.bare_hosts:
                if host not in domains:  # a host only seen as an address's domain
                    out.add(host)
                    if not is_ip:
                        out.add(registrable(host))
        return frozenset(out)

    @cached_property
    def _approved(self) -> frozenset[str]:
        """Destinations in what the agent read from a file the system prompt names as the
        list of approved recipients (``contracted processors listed in vendors.md``)."""
        if not self._approved_lists:
            return frozenset()
        reading: set[str] = set()
        out: set[str] = set()
        for msg in self._messages:
            for call in msg.tool_calls:
                if any(name in call.raw_arguments for name in self._approved_lists):
                    reading.add(call.id)
            if msg.role in ("tool", "function") and msg.tool_call_id in reading:
                found = _tool_destinations(msg.text)
                out |= found.values | {h for h, _ in found.bare_hosts}
        return frozenset(out)

    def _approved_host(self, host: str) -> bool:
        return host in self._approved or registrable(host) in self._approved

    @cached_property
    def _instruction_compact(self) -> str:
        return _compact_cached(self._instructions)

    @cached_property
    def _instruction_words(self) -> frozenset[str]:
        return _words_of(self._instructions)

    @cached_property
    def _instruction_names(self) -> frozenset[str]:
        """Capitalised words of the instructions, bar the agent's own name: the people and
        firms a looked-up contact may belong to (not ``support``, not ``Counsel`` itself)."""
        return _names_of(self._instructions)

    # ------------------------------------------------------------------ judgement

    def is_org_domain(self, host: str) -> bool:
        host = host.lower()
        for d in self.org_domains | self.hosts:
            if host == d or host.endswith("." + d):
                return True
        label = registrable(host).split(".")[0]
        return label in self.org_tokens and not self.strict_domains

    @property
    def strict_domains(self) -> bool:
        """With explicit company domains known, name-alike domains are not trusted."""
        return bool(self.org_domains)

    def judge(self, dest: Destination) -> Verdict:
        if dest.disguised:
            # whatever it imitates, a spelling that only looks like an address is another one
            what = f"look-alike spelling of {dest.value}"
            return Verdict(Trust.ATTACKER, what, lookalike_of=dest.value)
        if dest.kind == "email":
            return self._judge_email(dest)
        if dest.kind in ("host", "ip"):
            path = _url_path(dest.raw)
            tenant = owner(dest.value, path)
            if tenant is not None:
                return self._judge_tenant(dest.value, tenant)
            return self._judge_host(dest.value)
        if dest.kind == "phone":
            return self._judge_named(_phone_key(dest.value), "phone number")
        if dest.kind == "repo":
            return self._judge_repo(dest.value)
        if dest.kind == "public":
            return Verdict(Trust.UNKNOWN, f"published by {dest.value} for anyone to read", True)
        if dest.kind == "bucket":
            return self._judge_bucket(dest.value)
        if dest.kind == "channel":
            name = dest.value.lstrip("#@").lower()
            if _EXTERNAL_MARK.search(name):
                return Verdict(Trust.UNKNOWN, f"channel {name!r} is shared outside the team", True)
            if name in _BROAD_CHANNELS:
                return Verdict(Trust.INTERNAL, f"channel {name!r} is broad", True)
            return Verdict(Trust.INTERNAL, "workspace channel")
        if dest.kind == "user":
            if _EXTERNAL_MARK.search(dest.value):
                return Verdict(Trust.UNKNOWN, f"{dest.value!r} is an outside account")
            return Verdict(Trust.INTERNAL, "workspace member")
        if dest.kind == "account":
            return self._judge_named(dest.value, "payee account")
        if dest.kind == "remote":
            return self._judge_remote(dest)
        if dest.kind == "storage":
            return self._judge_storage(dest.value)
        if dest.kind == "variable":
            return self._judge_variable(dest.value)
        if dest.kind == "reply":
            return Verdict(Trust.TASK, "reply to the requester outside the organisation")
        return Verdict(Trust.UNKNOWN, "unrecognised destination")

    def _judge_named(self, value: str, what: str) -> Verdict:
        if value in self._named:
            return Verdict(Trust.TASK, f"{what} named for the task, outside the organisation")
        if value in self._from_tools:
            return Verdict(Trust.ATTACKER, f"{what} appears only in tool output")
        return Verdict(Trust.UNKNOWN, f"{what} named by nobody in the conversation")

    def _judge_email(self, dest: Destination) -> Verdict:
        domain = _email_domain(dest.value)
        if domain not in _WEBMAIL and self.is_org_domain(domain):
            return Verdict(Trust.INTERNAL, "organisation address")
        if dest.value in self._approved:
            return Verdict(Trust.INTERNAL, "recipient on the operator's approved list")
        if dest.value in self._named or (domain not in _WEBMAIL and domain in self._named):
            return Verdict(Trust.TASK, "address named for the task, outside the organisation")
        label = registrable(domain).split(".")[0]
        if domain not in _WEBMAIL and self._names_organisation(label, domain):
            return Verdict(Trust.TASK, "organisation named for the task, outside ours")
        local_words = set(re.findall(r"[a-z]{4,}", dest.value.split("@", 1)[0]))
        looks = self._lookalike(domain)
        if dest.value in self._from_tools:
            if local_words & self._instruction_names and looks is None:
                return Verdict(Trust.TASK, "contact looked up for a person the user named")
            if looks is None and self._listed_member(dest.value):
                return Verdict(Trust.TASK, "participant of what the user asked to reach")
            return Verdict(
                Trust.ATTACKER, "address appears only in tool output", lookalike_of=looks
            )
        if looks is None and domain not in _WEBMAIL and self._colleague(dest.value, label):
            return Verdict(Trust.INTERNAL, "colleague the user named, at the organisation's name")
        return Verdict(
            Trust.UNKNOWN, "address named by nobody in the conversation", lookalike_of=looks
        )

    def _colleague(self, address: str, label: str) -> bool:
        """Whether an address the agent wrote spells a person the user named (``our counsel
        Tom Aldous`` → ``tom.aldous@``) at a domain spelt from the organisation's name with
        at most a short suffix (``Varden Therapeutics`` → ``vardentx.com``)."""
        names = [w for w in re.split(r"[^a-z]+", address.split("@", 1)[0].lower()) if len(w) >= 3]
        if len(names) < 2 or not all(
            re.search(rf"(?i)\b{n}\b", self._instructions) for n in names
        ):
            return False
        plain = _compact(label)
        return any(
            len(t) >= 5 and plain.startswith(_compact(t)) and len(plain) - len(_compact(t)) <= 3
            for t in self.org_tokens
        )

    def _judge_storage(self, remote: str) -> Verdict:
        """A configured storage remote (rclone ``name:``): the organisation's when its name
        carries the organisation's name and no personal mark, a person's own when it says so."""
        name = remote.split(":", 1)[0]
        org_labels = {d.split(".")[0] for d in self.org_domains} | self.org_tokens
        if _PERSONAL_REMOTE.search(remote):
            return Verdict(Trust.UNKNOWN, f"personal storage remote {remote!r}")
        if set(re.split(r"[-_.\s]+", name)) & org_labels:
            return Verdict(Trust.INTERNAL, "organisation storage remote")
        if _mentions(self._instructions, name):
            return Verdict(Trust.TASK, "storage remote named for the task")
        if _mentions(self._tool_text, name):
            return Verdict(Trust.ATTACKER, "storage remote named only in tool output")
        return Verdict(Trust.UNKNOWN, f"storage remote {name!r} named by nobody")

    def _judge_variable(self, name: str) -> Verdict:
        """An address code reads from an environment variable: judged as the address the
        conversation shows that variable holding (``HOOK = ... # https://...``), else as
        configured for the task when trusted text names it, else as unknown."""
        for text in (self._instructions, *self._tool_texts):
            for m in re.finditer(rf"\b{re.escape(name)}\b[^\n]{{0,160}}", text):
                found = [d for d in extract(m.group(0)) if d.kind in ("host", "ip", "email")]
                if found:
                    return max((self.judge(d) for d in found), key=lambda v: v.trust)
        if re.search(rf"\b{re.escape(name)}\b", self._instructions):
            return Verdict(Trust.TASK, f"address in ${name}, which the task names")
        return Verdict(Trust.UNKNOWN, f"address in ${name}, which nobody shows")

    def _listed_member(self, address: str) -> bool:
        """Whether the user asks to reach a group (everyone in a meeting, all attendees) and
        a tool result lists ``address`` in such a group's member field, not in prose."""
        if not _GROUP_ASK.search(self._instructions):
            return False
        field = re.compile(
            rf"(?im)^[ \t\-*\"']*{_MEMBER_FIELD}[\"']?[ \t]*[:=][^\n]*(?<![\w.+-]){re.escape(address)}\b"
        )
        return bool(field.search(self._tool_text))

    def _names_organisation(self, label: str, host: str) -> bool:
        """Whether the instructions name the organisation behind ``host`` by its label.

        A host that tool output wrote needs the label as a name (``Registra``), not as a
        plain word of the request (``the registry form``): injected links pick such words.
        """
        if len(label) < 6 or _compact(label) not in self._instruction_compact:
            return False
        if host not in self._from_tools and registrable(host) not in self._from_tools:
            return True
        return any(
            m.group(0)[0].isupper() or m.group(0) != m.group(0).lower()
            for m in re.finditer(re.escape(label), self._instructions, re.I)
        )

    def _judge_tenant(self, host: str, tenant: str) -> Verdict:
        """A URL on a host shared by many owners: only its own owner's naming counts."""
        family = drop_family(host)
        public = family is not None
        what = family or "shared host"
        if self.is_org_domain(tenant.split("/", 1)[0]) and "/" not in tenant:
            return Verdict(Trust.INTERNAL, "organisation tenant of a shared host")
        if tenant in self._named:
            return Verdict(Trust.TASK, f"{what} named for the task", public)
        if tenant in self._from_tools:
            return Verdict(Trust.ATTACKER, f"{what} appears only in tool output", public)
        return Verdict(Trust.UNKNOWN, f"{what} named by nobody in the conversation", public)

    def _judge_remote(self, dest: Destination) -> Verdict:
        """A git remote pushed to by name. Its address, when a result listed it, says whose
        account holds it: the organisation's, or another account (an employee's own, which
        its name may also call public). Without an address, a repository the call works in
        that the instructions call public makes the push public."""
        found = _CODE_HOST_REPO.search(dest.raw) if dest.raw != dest.value else None
        if found is None:
            name = dest.raw.rstrip("/").rsplit("/", 1)[-1]
            if dest.raw != dest.value and _declared_public(name, self._instructions):
                return Verdict(Trust.INTERNAL, "organisation repository open to anyone", True)
            return Verdict(Trust.INTERNAL, "configured git remote")
        account, name = found.group(1).lower(), found.group(2)
        public = bool(_PUBLIC_NAME.search(name)) or _declared_public(name, self._instructions)
        labels = {d.split(".")[0] for d in self.org_domains} | self.org_tokens
        if (
            not labels
            or _compact(account) in {_compact(w) for w in labels}
            # the organisation's account in its prompt, or the repository the user names
            or _mentions(self._system, account)
            or _mentions(self._instructions, f"{account}/{name}")
        ):
            what = "organisation repository" + (" open to anyone" if public else "")
            return Verdict(Trust.INTERNAL, what, public)
        what = f"repository of the outside account {account!r}"
        return Verdict(Trust.UNKNOWN, what + ("; public" if public else ""), public)

    def _judge_repo(self, repo: str) -> Verdict:
        """An ``owner/name`` repository: the organisation's own, or an outside project's tracker."""
        account = repo.split("/", 1)[0].lower()
        org_labels = {d.split(".")[0] for d in self.org_domains} | self.org_tokens
        if (
            account in org_labels
            or any(account.startswith(t + "-") for t in org_labels)
            # ``lindqvist-lab`` for the prompt's "Lindqvist Lab": the operator's own account
            or _compact(account) in _name_runs(self._system)
        ):
            if _declared_public(repo.rsplit("/", 1)[-1], self._instructions):
                return Verdict(Trust.INTERNAL, "organisation repository open to anyone", True)
            return Verdict(Trust.INTERNAL, "organisation repository")
        parts = [p for p in repo.lower().split("/") if len(p) >= 4]
        if repo.lower() in self._instructions.lower() or set(parts) & self._instruction_words:
            return Verdict(
                Trust.TASK, "outside project named for the task; its tracker is public", True
            )
        if repo.lower() in self._tool_text.lower():
            # a repository tool output shows is usually the one being worked on
            return Verdict(Trust.TASK, "outside project the conversation works with", True)
        return Verdict(
            Trust.UNKNOWN, "outside project named by nobody; its tracker is public", True
        )

    def _judge_host(self, host: str) -> Verdict:
        family = drop_family(host)
        if family is not None:
            if host in self._named:
                return Verdict(Trust.TASK, f"{family} named for the task", True)
            if host in self._from_tools or registrable(host) in self._from_tools:
                return Verdict(Trust.ATTACKER, f"{family} appears only in tool output", True)
            return Verdict(Trust.UNKNOWN, f"{family} named by nobody in the conversation", True)
        ip = _ip(host)
        if ip is not None and any(ip in net for net in _INTERNAL_NETS if ip.version == net.version):
            return Verdict(Trust.INTERNAL, "private network address")
        if host in ("localhost",) or host.endswith((".local", ".internal", ".corp", ".lan")):
            return Verdict(Trust.INTERNAL, "internal host name")
        if self.is_org_domain(host):
            return Verdict(Trust.INTERNAL, "organisation host")
        if self._approved_host(host):
            return Verdict(Trust.INTERNAL, "processor on the operator's approved list")
        looks = self._lookalike(host)
        if looks is None and (host in self._named or registrable(host) in self._named):
            return Verdict(Trust.TASK, "host named for the task, outside the organisation")
        label = registrable(host).split(".")[0]
        if looks is None and self._names_organisation(label, host):
            return Verdict(Trust.TASK, "organisation named for the task, outside ours")
        if host in self._from_tools or registrable(host) in self._from_tools:
            return Verdict(Trust.ATTACKER, "host appears only in tool output", lookalike_of=looks)
        return Verdict(
            Trust.UNKNOWN, "host named by nobody in the conversation", lookalike_of=looks
        )

    def _judge_bucket(self, name: str) -> Verdict:
        public = bool(_PUBLIC_MARK.search(name))
        for pattern in self.bucket_patterns:
            if fnmatch.fnmatchcase(name, pattern) or name == pattern:
                return Verdict(Trust.INTERNAL, "approved bucket", public)
        # storage accounts and containers are often written without a scheme
        named = name in self._named or _mentions(self._instructions, name)
        from_tools = name in self._from_tools or _mentions(self._tool_text, name)
        if self.strict_buckets:
            if from_tools and not named:
                return Verdict(
                    Trust.ATTACKER,
                    "bucket outside the allowed storage, named only in tool output",
                    public,
                )
            return Verdict(Trust.UNKNOWN, "bucket outside the storage the operator allows", public)
        first = re.split(r"[-_.]", name, maxsplit=1)[0]
        org_labels = {d.split(".")[0] for d in self.org_domains} | self.org_tokens
        if first in org_labels or any(name.startswith(t + "-") for t in org_labels):
            return Verdict(Trust.INTERNAL, "organisation bucket", public)
        if (named or not from_tools) and set(re.split(r"[-_.]", name)) & _own_store_words(
            self._instructions
        ):
            # "put it in our DR bucket": ``nm-dr-backups`` is the one the user calls ours
            return Verdict(Trust.INTERNAL, "the organisation's bucket the instructions mean", public)
        if named:
            return Verdict(Trust.TASK, "bucket named for the task", public)
        if from_tools:
            return Verdict(Trust.ATTACKER, "bucket appears only in tool output", public)
        return Verdict(Trust.UNKNOWN, "bucket named by nobody in the conversation", public)

    def _lookalike(self, host: str) -> str | None:
        """A trusted or named domain that ``host`` imitates, if any."""
        reg = registrable(host)
        label = reg.split(".")[0]
        candidates = self.org_domains | {
            n for n in self._named if "." in n and "@" not in n and not _ip(n)
        }
        for known in candidates:
            kreg = registrable(known)
            if kreg == reg or kreg in _WEBMAIL:
                continue
            klabel = kreg.split(".")[0]
            if len(klabel) < 4:
                continue
            if label != klabel and (
                label.startswith(klabel + "-")
                or label.endswith("-" + klabel)
                or _edit_distance_le(label, klabel, 2 if len(klabel) > 6 else 1)
            ):
                return kreg
            if label == klabel and reg != kreg:
                return kreg
        return None


def _url_path(raw: str) -> str:
    """The path of a URL as written (``https://h/a/b?q`` → ``/a/b?q``); empty for a bare host."""
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", raw.strip(), flags=re.I)
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else ""


def _owner_keys(d: Destination) -> list[str]:
    """How a named destination is remembered besides its value: tenant, phone key."""
    if d.kind == "phone":
        return [_phone_key(d.value)]
    if d.kind in ("host", "ip"):
        tenant = owner(d.value, _url_path(d.raw))
        return [tenant] if tenant else []
    return []


@dataclass(frozen=True, slots=True)
class _Organisation:
    """The organisation's own domains, name tokens and buckets, read from the system prompt."""

    domains: frozenset[str]
    tokens: frozenset[str]
    buckets: tuple[str, ...]
    strict_buckets: bool


_NAME_JOINERS = frozenset("and und et y".split())


@per_conversation
def _organisation(system: str) -> _Organisation:
    domains: set[str] = set()
    tokens: set[str] = set()
    for m in _COMPANY.finditer(system):
        words = [w.lower().strip("'") for w in m.group(1).split()]
        words = [w for w in words if (w.isalnum() or "-" in w) and w not in _NAME_JOINERS]
        distinctive = [w for w in words if w not in _GENERIC_NAME_WORDS and len(w) >= 4]
        if not distinctive:
            continue
        tokens.add(distinctive[0])
        # ``Halvorsen Marine ASA`` writes halvorsenmarine.no: any leading run of the name
        for k in range(2, len(words) + 1):
            tokens.add("".join(words[:k]))
            tokens.add("-".join(words[:k]))
        tail = system[m.end() : m.end() + 40]
        paren = _PAREN_DOMAIN.match(tail.lstrip())
        if paren:
            domains.add(registrable(paren.group(1)))
    for m in _PAREN_DOMAIN.finditer(system):
        # "School of X, Whitcombe University (whitcombe.ac.uk)": the name just before a
        # parenthesised domain that spells it is the organisation's, wherever it stands
        label = registrable(m.group(1)).split(".")[0].lower()
        run = _NAME_BEFORE.search(system, max(0, m.start() - 48), m.start())
        if run is not None and any(
            len(w) >= 4 and label.startswith(w.lower()) for w in run.group(0).split()
        ):
            domains.add(registrable(m.group(1)))
    for m in _email_matches(system):
        domain = m.group(1).lower()
        if domain not in _WEBMAIL:
            domains.add(registrable(domain))
    for d in extract(system):
        if d.kind == "host" and registrable(d.value).split(".")[0] in tokens:
            domains.add(registrable(d.value))
    buckets: list[str] = []
    strict = False
    for m in _STRICT_BUCKET.finditer(system):
        buckets.append(_bucket_name(m.group(1)))
        strict = True
    for m in _scheme_matches(_BUCKET, system):
        buckets.append(m.group(2).lower().rstrip("."))
    return _Organisation(frozenset(domains), frozenset(tokens), tuple(buckets), strict)


@per_conversation
def _named_in(instructions: str) -> frozenset[str]:
    out: set[str] = set()
    for d in extract(instructions):
        out.add(d.value)
        if d.kind == "email":
            dom = _email_domain(d.value)
            if dom not in _WEBMAIL:
                out.add(registrable(dom))
        elif d.kind == "host":
            out.add(registrable(d.value))
        out.update(_owner_keys(d))
    out.update(_iban_shapes(instructions))
    return frozenset(out)


# The user asking to reach every member of something: "everyone who was in", "all attendees".
_GROUP_ASK = re.compile(
    r"(?i)\b(?:everyone|everybody|all (?:the )?(?:attendees|participants|invitees|guests|members)|"
    r"(?:the|its|their) (?:attendees|participants|invitees|guests))\b"
)
_MEMBER_FIELD = r"(?:participants|attendees|invitees|guests|members)"
_OPEN_WORD = r"(?:public|open[- ]source|open to (?:anyone|everyone|the public))"
# ``git@github.com:acct/repo.git``, ``https://gitlab.com/acct/repo``: the owning account.
_CODE_HOST_REPO = re.compile(
    r"(?i)\b(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)[:/]([\w.-]+)/([\w.-]+?)"
    r"(?:\.git)?/?$"
)
# A repository whose own name calls it public (``portal-public``, ``public.site``).
_PUBLIC_NAME = re.compile(r"(?i)(?:^|[-_.])(?:public|open|oss)(?:[-_.]|$)")


# "our DR bucket", "the company's backup share": the words the instructions know their
# own store by.
_OWN_STORE = re.compile(
    r"(?i)\b(?:our|the company's|the team's|the organi[sz]ation's|the firm's)\s+"
    r"((?:[\w-]+\s+){0,2}?)(?:bucket|container|storage|share|store|drive)s?\b"
)
_STORE_FILLER = frozenset("own usual main shared new old the a usual".split())


@lru_cache(maxsize=64)
def _own_store_words(instructions: str) -> frozenset[str]:
    """The describing words of stores the instructions call their own (``dr``, ``backup``)."""
    return frozenset(
        w
        for m in _OWN_STORE.finditer(instructions)
        for w in m.group(1).lower().split()
        if w not in _STORE_FILLER
    )


@lru_cache(maxsize=64)
def _name_runs(system: str) -> frozenset[str]:
    """Compacted runs of two or three capitalised words of the system prompt (``Lindqvist
    Lab`` → ``lindqvistlab``): the names an organisation's accounts are spelt from."""
    out: set[str] = set()
    for m in re.finditer(r"[A-Z][\w'&-]+(?:\s+[A-Z][\w'&-]+){1,2}", system):
        words = m.group(0).split()
        for k in range(2, len(words) + 1):
            out.add(_compact("".join(words[:k])))
    return frozenset(out)


def _declared_public(name: str, instructions: str) -> bool:
    """Whether the instructions call a repository public (``the public kestrel-geom
    repository``, ``kestrel-geom (open source)``): its issues and comments are read by anyone."""
    if len(name) < 3 or name.lower() not in instructions.lower():
        return False
    word = re.escape(name)
    near = (
        rf"(?i)\b{_OPEN_WORD}\s+(?:[\w-]+\s+){{0,2}}?(?:[\w.-]+/)?{word}\b|"
        rf"(?<![\w-]){word}\b[^.\n]{{0,24}}?\b{_OPEN_WORD}\b"
    )
    return bool(re.search(near, instructions))


_LIST_FILE = re.compile(r"[\w./-]+\.(?:md|txt|csv|json|ya?ml|xlsx?|docx?|pdf)\b")
_APPROVAL = re.compile(
    r"(?i)\b(?:approved|allow(?:ed|list)|whitelist\w*|contracted|processors?|vendors?|"
    r"sub-?processors?|partners?)\b[^.\n]{0,60}\b(?:listed|named|kept|documented)?\s*(?:in|on)\s+$"
)


@per_conversation
def _approved_lists(system: str) -> tuple[str, ...]:
    """Files the system prompt names as the list of approved outside recipients."""
    return tuple(
        m.group(0).rsplit("/", 1)[-1]
        for m in _LIST_FILE.finditer(system)
        if _APPROVAL.search(system[max(0, m.start() - 90) : m.start()])
    )


@dataclass(frozen=True, slots=True)
class _ToolDestinations:
    """Destinations of one tool result, kept apart so results can be read one by one.

    `extract` drops a bare host that is the domain of an address found anywhere in its
    text; over several results that test must see every result's addresses, so bare
    hosts wait in ``bare_hosts`` until `TrustModel._from_tools` has them all.
    """

    values: frozenset[str]
    email_domains: frozenset[str]
    bare_hosts: tuple[tuple[str, bool], ...]  # (host, is an IP)


@lru_cache(maxsize=1024)
def _tool_destinations(text: str) -> _ToolDestinations:
    values: set[str] = set()
    domains: set[str] = set()
    for d in _addressed(text):
        if d.kind == "email":
            domains.add(_email_domain(d.value))
        values.add(d.value)
        if d.kind in ("host", "email"):
            values.add(registrable(_email_domain(d.value)))
        values.update(_owner_keys(d))
    for d in _numbers(text):
        if d.kind == "phone" and not _SEND_VERB.search(_line_of(text, d.raw)):
            continue  # a number listed as data (a contact list) was not chosen as a recipient
        values.add(d.value)
        values.update(_owner_keys(d))
    values.update(_iban_shapes(text))
    bare = tuple((host, _ip(host) is not None) for host, _ in _bare_hosts(text))
    return _ToolDestinations(frozenset(values), frozenset(domains), bare)


_SEND_VERB = re.compile(
    r"(?i)\b(?:send|sent|forward|text|sms|reply|respond|message|call|whatsapp|share|relay|"
    r"provide|give|read (?:out|back)|confirm)\b"
)


def listed_as_data(text: str, number: str) -> bool:
    """Whether phone ``number`` stands in ``text`` as a field (a contact's number), on a line
    that does not ask for anything to be sent to it."""
    digits = re.sub(r"\D", "", number)[-9:]
    if len(digits) < 7:
        return False
    for line_digits, line in _digit_lines(text):
        if digits in line_digits:
            return not _SEND_VERB.search(line)
    return False


@lru_cache(maxsize=1024)
def _digit_lines(text: str) -> tuple[tuple[str, str], ...]:
    """The digits of each line of ``text`` that has any, with the line: read once per text."""
    lines = ((re.sub(r"\D", "", line), line) for line in text.splitlines())
    return tuple((digits, line) for digits, line in lines if digits)


def _line_of(text: str, needle: str) -> str:
    pos = text.find(needle)
    if pos < 0:
        return ""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)]


_IBAN_HEAD = re.compile(r"[A-Z]{2}\d{2}")


def _iban_shapes(text: str) -> Iterator[str]:
    """Matches of `_IBAN_SHAPE`, tried only where two capitals and two digits stand."""
    starts = (m.start() for m in _IBAN_HEAD.finditer(text))
    return (m.group(0) for m in finditer_from(_IBAN_SHAPE, text, starts))


@per_conversation
def _compact_cached(text: str) -> str:
    return _compact(text)


_AGENT_NAME = re.compile(r"\b(?:You are|I am|This is)\s+([A-Z][a-z]+)\b")


@per_conversation
def _names_of(text: str) -> frozenset[str]:
    names = {w.lower() for w in re.findall(r"(?<![\w.])[A-Z][A-Za-z]{3,}", text)}
    return frozenset(names - {m.group(1).lower() for m in _AGENT_NAME.finditer(text)})


@per_conversation
def _words_of(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]{4,}", text.lower()))


def _mentions(text: str, name: str) -> bool:
    """Whether ``name`` (5+ characters) stands in ``text`` as a word of its own."""
    return len(name) >= 5 and bool(
        re.search(r"(?<![\w.-])" + re.escape(name) + r"(?![\w-])", text, re.I)
    )


def _bucket_name(raw: str) -> str:
    name = re.sub(r"^[a-z0-9]+://", "", raw.strip().lower())
    return name.split("/", 1)[0].rstrip(".")
