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
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

from guardrail.context import Context

__all__ = ["Destination", "Trust", "TrustModel", "Verdict", "extract", "registrable"]


class Trust(IntEnum):
    INTERNAL = 0
    TASK = 1
    UNKNOWN = 2
    ATTACKER = 3


@dataclass(frozen=True, slots=True)
class Destination:
    """A place data is sent to; ``value`` is normalised (lower-case host, bucket name...)."""

    kind: str  # email | host | bucket | ip | channel | user | account | remote | reply
    value: str
    raw: str = ""

    def __str__(self) -> str:
        return self.raw or self.value


@dataclass(frozen=True, slots=True)
class Verdict:
    trust: Trust
    reason: str
    public: bool = False
    lookalike_of: str | None = None


_WEBMAIL = frozenset(
    "gmail.com googlemail.com yahoo.com ymail.com outlook.com hotmail.com live.com msn.com "
    "aol.com icloud.com me.com mac.com proton.me protonmail.com gmx.com gmx.de gmx.net web.de "
    "mail.com mail.ru yandex.ru yandex.com qq.com 163.com 126.com zoho.com tutanota.com "
    "fastmail.com hey.com inbox.com".split()
)
_SECOND_LEVEL = frozenset("co com org net ac gov edu ne or go gob nic".split())
_GENERIC_NAME_WORDS = frozenset(
    "the and inc ltd llc gmbh corp co company group systems system solutions services "
    "technologies technology tech labs lab cloud software saas analytics data digital global "
    "international holdings partners bank hospital health medical devices retail agri "
    "aerospace accounting studio web genomics research university team workspace".split()
)

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_URL = re.compile(r"\b(?:https?|ftps?|sftp|wss?|ssh|git|rsync|scp)://([^\s/?#'\"<>`]+)", re.I)
_BARE_HOST = re.compile(
    r"(?<![@\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}))(?=[/:\s'\",;)<>]|$)",
    re.I,
)
_BUCKET = re.compile(r"\b(s3|gs|az|abfss?|wasbs?|r2|b2)://([a-z0-9][a-z0-9._*-]{1,62})", re.I)
_IBAN_SHAPE = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b")
_COMPANY = re.compile(
    r"\b(?:at|for|with|from|of)\s+((?:[A-Z][A-Za-z0-9&'-]+)(?:\s+[A-Z][A-Za-z0-9&'-]+){0,3})"
)
_PAREN_DOMAIN = re.compile(r"\(\s*((?:[a-z0-9-]+\.)+[a-z]{2,})\s*\)", re.I)
_STRICT_BUCKET = re.compile(
    r"(?i)\b(?:only|exclusively|must)\b[^.\n]{0,60}?\b((?:s3|gs|az|abfss?)://[a-z0-9._*-]+)"
)
_TLDS_NOT_HOSTS = frozenset(
    "txt md py js ts json yaml yml csv pdf png jpg gz tgz tar zip sh log conf cfg ini toml "
    "xml html env bundle sql dump bin pt pth safetensors gguf ckpt onnx vcf bak key pem "
    "docx xlsx pptx".split()
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


def registrable(host: str) -> str:
    """The domain an organisation registers: ``a.b.example.co.uk`` → ``example.co.uk``."""
    labels = host.lower().strip(".").split(".")
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
    host = host.split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


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
    found: dict[tuple[str, str], Destination] = {}

    def add(d: Destination) -> None:
        found.setdefault((d.kind, d.value), d)

    for m in _BUCKET.finditer(text):
        add(Destination("bucket", m.group(2).lower(), m.group(0)))
    for m in _EMAIL.finditer(text):
        add(Destination("email", m.group(0).lower(), m.group(0)))
    for m in _URL.finditer(text):
        host = normalise_host(m.group(1))
        if _ip(host) is not None or "." in host:
            add(Destination("ip" if _ip(host) else "host", host, m.group(0)))
    for m in _BARE_HOST.finditer(text):
        host = normalise_host(m.group(1))
        if _plausible_host(host) and not any(
            d.kind == "email" and d.value.endswith("@" + host) for d in found.values()
        ):
            add(Destination("ip" if _ip(host) else "host", host, m.group(1)))
    return list(found.values())


def _email_domain(value: str) -> str:
    return value.rsplit("@", 1)[-1]


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


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


class TrustModel:
    """Ranks destinations for one exchange; see the module docstring for the levels."""

    def __init__(self, ctx: Context) -> None:
        env = ctx.environment
        self._system = ctx.system_text
        self._instructions = ctx.instruction_text
        self._tool_text = ctx.tool_result_text
        self.org_domains: set[str] = {d.lower().lstrip("*.@") for d in env.trusted_domains}
        self.hosts: set[str] = {normalise_host(h) for h in env.trusted_hosts}
        self.bucket_patterns: list[str] = [_bucket_name(b) for b in env.allowed_buckets]
        self.strict_buckets = bool(self.bucket_patterns)
        self.org_tokens: set[str] = set()
        if env.infer_trusted:
            self._infer()

    # ------------------------------------------------------------------ inference

    def _infer(self) -> None:
        system = self._system
        for m in _COMPANY.finditer(system):
            words = [w.lower().strip("'") for w in m.group(1).split()]
            words = [w for w in words if w.isalnum() or "-" in w]
            distinctive = [w for w in words if w not in _GENERIC_NAME_WORDS and len(w) >= 4]
            if not distinctive:
                continue
            self.org_tokens.add(distinctive[0])
            if len(words) > 1:
                self.org_tokens.add("".join(words))
                self.org_tokens.add("-".join(words))
            tail = system[m.end() : m.end() + 40]
            paren = _PAREN_DOMAIN.match(tail.lstrip())
            if paren:
                self.org_domains.add(registrable(paren.group(1)))
        for m in _EMAIL.finditer(system):
            domain = m.group(1).lower()
            if domain not in _WEBMAIL:
                self.org_domains.add(registrable(domain))
        for d in extract(system):
            if d.kind == "host" and registrable(d.value).split(".")[0] in self.org_tokens:
                self.org_domains.add(registrable(d.value))
        for m in _STRICT_BUCKET.finditer(system):
            self.bucket_patterns.append(_bucket_name(m.group(1)))
            self.strict_buckets = True
        for m in _BUCKET.finditer(system):
            self.bucket_patterns.append(m.group(2).lower().rstrip("."))

    @cached_property
    def _named(self) -> set[str]:
        """Normalised destinations written in trusted text (system, developer, user)."""
        out: set[str] = set()
        for d in extract(self._instructions):
            out.add(d.value)
            if d.kind == "email":
                dom = _email_domain(d.value)
                if dom not in _WEBMAIL:
                    out.add(registrable(dom))
            elif d.kind == "host":
                out.add(registrable(d.value))
        out.update(m.group(0) for m in _IBAN_SHAPE.finditer(self._instructions))
        return out

    @cached_property
    def _from_tools(self) -> set[str]:
        out: set[str] = set()
        for d in extract(self._tool_text):
            out.add(d.value)
            if d.kind in ("host", "email"):
                out.add(registrable(_email_domain(d.value)))
        out.update(m.group(0) for m in _IBAN_SHAPE.finditer(self._tool_text))
        return out

    @cached_property
    def _instruction_compact(self) -> str:
        return _compact(self._instructions)

    @cached_property
    def _instruction_words(self) -> set[str]:
        return set(re.findall(r"[a-z]{4,}", self._instructions.lower()))

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
        if dest.kind == "email":
            return self._judge_email(dest)
        if dest.kind in ("host", "ip"):
            return self._judge_host(dest.value)
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
            return Verdict(Trust.INTERNAL, "configured git remote")
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
        if dest.value in self._named or (domain not in _WEBMAIL and domain in self._named):
            return Verdict(Trust.TASK, "address named for the task, outside the organisation")
        label = registrable(domain).split(".")[0]
        if (
            domain not in _WEBMAIL
            and len(label) >= 6
            and _compact(label) in self._instruction_compact
        ):
            return Verdict(Trust.TASK, "organisation named for the task, outside ours")
        local_words = set(re.findall(r"[a-z]{4,}", dest.value.split("@", 1)[0]))
        looks = self._lookalike(domain)
        if dest.value in self._from_tools:
            if local_words & self._instruction_words and looks is None:
                return Verdict(Trust.TASK, "contact looked up for a person the user named")
            return Verdict(
                Trust.ATTACKER, "address appears only in tool output", lookalike_of=looks
            )
        return Verdict(
            Trust.UNKNOWN, "address named by nobody in the conversation", lookalike_of=looks
        )

    def _judge_host(self, host: str) -> Verdict:
        ip = _ip(host)
        if ip is not None and any(ip in net for net in _INTERNAL_NETS if ip.version == net.version):
            return Verdict(Trust.INTERNAL, "private network address")
        if host in ("localhost",) or host.endswith((".local", ".internal", ".corp", ".lan")):
            return Verdict(Trust.INTERNAL, "internal host name")
        if self.is_org_domain(host):
            return Verdict(Trust.INTERNAL, "organisation host")
        looks = self._lookalike(host)
        if looks is None and (host in self._named or registrable(host) in self._named):
            return Verdict(Trust.TASK, "host named for the task, outside the organisation")
        label = registrable(host).split(".")[0]
        if looks is None and len(label) >= 6 and _compact(label) in self._instruction_compact:
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
        if self.strict_buckets:
            return Verdict(Trust.UNKNOWN, "bucket outside the storage the operator allows", public)
        first = re.split(r"[-_.]", name, maxsplit=1)[0]
        org_labels = {d.split(".")[0] for d in self.org_domains} | self.org_tokens
        if first in org_labels or any(name.startswith(t + "-") for t in org_labels):
            return Verdict(Trust.INTERNAL, "organisation bucket", public)
        if name in self._named:
            return Verdict(Trust.TASK, "bucket named for the task", public)
        if name in self._from_tools:
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


def _bucket_name(raw: str) -> str:
    name = re.sub(r"^[a-z0-9]+://", "", raw.strip().lower())
    return name.split("/", 1)[0].rstrip(".")
