"""Recognisers of sensitive values: credentials, personal data, confidential markings, weights.

Every format is one branch of a single compiled alternation, so a text is scanned once;
the branch that matched picks a validator (Luhn, IBAN mod-97, SSN area rules, DNI
letter, JWT header, entropy...) that turns a shape into a finding. Weights say how much
a value alone proves: a checksummed card number is strong, an e-mail address is weak.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import orjson
import re2

from guardrail._scan import (
    Anchors,
    Runs,
    ascii_bytes,
    finditer_from,
    fold_ascii_case,
    is_word_char,
)

__all__ = [
    "Hit",
    "Kind",
    "classify_path",
    "find_sensitive",
    "iban_valid",
    "is_placeholder",
    "looks_secret",
    "luhn_valid",
    "made_up_rows",
    "may_hold_credential",
    "service_of",
]


class Kind(StrEnum):
    """What kind of harm a value does when it leaves."""

    CREDENTIAL = "credential"
    PERSONAL = "personal_data"
    CONFIDENTIAL = "confidential_document"
    WEIGHTS = "model_weights"
    BULK = "bulk_dump"


@dataclass(frozen=True, slots=True)
class Hit:
    """One sensitive value found in a text; ``service`` is the host a credential belongs to."""

    kind: Kind
    label: str
    start: int
    end: int
    value: str
    weight: float
    service: str | None = None

    @property
    def secret(self) -> bool:
        """Whether evidence must mask the value (markings and paths are shown as they are)."""
        return self.kind in (Kind.CREDENTIAL, Kind.PERSONAL)


# ----------------------------------------------------------------------------- validators


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check of a compact IBAN."""
    s = iban.replace(" ", "").upper()
    if not 15 <= len(s) <= 34 or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    moved = s[4:] + s[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in moved))
    except ValueError:
        return False
    return number % 97 == 1


def _entropy(value: str) -> float:
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_PLACEHOLDER = re.compile(
    r"^(?:[$%{<\[(]|\*{3,}|x{3,}|\.{3})|redacted|example|placeholder|your[_-]|changeme|"
    r"^(?:null|none|true|false|undefined|secret|password|token|hidden|masked|n/a)$",
    re.I,
)


# The keys vendors print in their own documentation: placeholders whatever they look like.
_DOCUMENTED_KEYS = frozenset(
    {
        "akiaiosfodnn7example",
        "wjalrxutnfemi/k7mdeng/bpxrficyexamplekey",
        "je7mtgbclwbf/2zp9utk/h3yco8nvbexamplekey",
    }
)


def is_placeholder(value: str) -> bool:
    """``$TOKEN``, ``<your-key>``, ``****``, ``REDACTED``: names of secrets, not secrets.

    ``EXAMPLE`` inside an otherwise random string (``hX9v2Lr0pQk/8sYtEXAMPLEKEYw1Zb3n``) is
    how made-up keys are marked, yet what surrounds it is still a key's shape: it is a
    placeholder only when too little random text is left around it, or when it is a key
    vendors print in their documentation.
    """
    m = _PLACEHOLDER.search(value)
    if m is None:
        return False
    low = value.lower()
    if m.group(0).lower() != "example" or any(k in low for k in _DOCUMENTED_KEYS):
        return True
    rest = re.sub(r"(?i)example(?:_?key)?", "", value)
    return not (len(rest) >= 16 and looks_secret(rest, keyed=False))


def looks_secret(value: str, *, keyed: bool) -> bool:
    """Whether a token reads as a password/key rather than a word.

    ``keyed`` values follow a word like ``password``; they need only a mix of character
    classes. Free-standing tokens must be long and random-looking.
    """
    if is_placeholder(value) or len(value) < 4:
        return False
    classes = sum(
        bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
    )
    if keyed:
        if len(value) >= 12 and classes >= 1 and not value.isalpha():
            return True
        return len(value) >= 6 and classes >= 2 and not re.fullmatch(r"[\d.,:/-]+", value)
    return len(value) >= 20 and classes >= 3 and _entropy(value) >= 3.5


def _jwt_ok(value: str) -> bool:
    head = value.split(".", 1)[0]
    try:
        data = orjson.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        return False
    return isinstance(data, dict) and ("alg" in data or "typ" in data)


def _link_token_ok(value: str) -> bool:
    """The link's last long path or query part reads as a random token, not a word."""
    token = re.split(r"[/=]", value)[-1]
    classes = sum(bool(re.search(p, token)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]"))
    return classes >= 2 and _entropy(token) >= 3.3 and not token.isalpha()


# Card numbers payment providers publish for test mode (Stripe, Adyen, Braintree, card
# networks): documentation writes them everywhere, and no one's account stands behind them.
_TEST_CARDS = frozenset(
    """4242424242424242 4000056655665556 5555555555554444 2223003122003222 5200828282828210
    5105105105105100 378282246310005 371449635398431 6011111111111117 6011000990139424
    6011981111111113 3056930009020004 36227206271667 3566002020360505 6200000000000005
    4000002500003155 4000002760003184 4000000000003063 4000003720000278 4988438843884305
    4166676667666746 4646464646464644 4000620000000007 4400000000000008 4035501000000008
    4360000001000005 4917610000000000 5101180000000007 2222400070000005 5100060000000002
    5103221911199245 5424000000000015 5500000000000004 370000000000002 4005519200000004
    4009348888881881 4012000033330026 4012000077777777 4012888888881881 4217651111111119
    4500600000000061 2223000048400011 3530111333300000 4000111111111115 38520000023237
    30569309025904 4222222222222 4111111111111111 5454545454545454 6304000000000000""".split()
)


def _test_card(digits: str) -> bool:
    """A published test number, or one too regular to be issued: a long run of one digit
    (4000 0000 0000 0002) or a block repeated (4242 4242 ...)."""
    return (
        digits in _TEST_CARDS
        or bool(re.search(r"(\d)\1{5}", digits))
        or digits[:2] * (len(digits) // 2) == digits
        or digits[:4] * (len(digits) // 4) == digits
    )


def _card_ok(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return (
        13 <= len(digits) <= 19
        and digits[0] in "23456"
        and luhn_valid(digits)
        and not _test_card(digits)
    )


# Numbers printed on sample cards and in advertisements, never anyone's own.
_SAMPLE_SSNS = frozenset({"123-45-6789", "078-05-1120", "219-09-9999"})


def _ssn_ok(value: str) -> bool:
    area, group, serial = re.split(r"[- ]", value)
    if f"{area}-{group}-{serial}" in _SAMPLE_SSNS:
        return False
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


# Marks of a record someone made up: placeholder people, reserved example domains
# (RFC 2606), numbers reserved for fiction and samples.
_MADE_UP = re.compile(
    r"(?i)\b(?:john|jane|richard|mary|baby|joe) doe\b|\btest[ _-]?user\d*\b|\bfoo[ _-]?bar\b|"
    r"\blorem\b|@(?:[\w-]+\.)*example\.(?:com|org|net)\b|@(?:[\w-]+\.)+(?:test|example|invalid)\b|"
    r"\b(?:000-00-0000|123-45-6789|078-05-1120)\b|\b555[ .-]?01\d\d\b|\b1900-01-01\b"
)


def made_up_rows(lines: list[str]) -> bool:
    """Whether every data row (a header row aside) carries a mark of made-up data and
    none holds a real-looking card, SSN, IBAN or key: a sample, not a dump."""
    rows = lines[1:] if lines and not re.search(r"[\d@]", lines[0]) else lines
    if not rows or not all(_MADE_UP.search(r) for r in rows):
        return False
    return not any(
        h.kind in (Kind.PERSONAL, Kind.CREDENTIAL) and h.weight >= 0.5
        for h in find_sensitive("\n".join(rows))
    )


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _dni_ok(value: str) -> bool:
    v = value.replace("-", "").upper()
    head = {"X": "0", "Y": "1", "Z": "2"}.get(v[0], v[0]) + v[1:-1]
    return head.isdigit() and _DNI_LETTERS[int(head) % 23] == v[-1]


# ----------------------------------------------------------------------------- the pass

_KEY_WORDS = (
    r"(?:(?<![A-Za-z_-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_KEY(?![A-Za-z])|"
    r"(?i:(?<![A-Za-z_-])[A-Za-z_-]*(?:pass(?!port)(?:word|wd|phrase|code)?|pwd|secret|api[_ -]?key|access[_ -]?key|"
    r"private[_ -]?key|auth[_ -]?token|auth(?=[\s:=_\"'-])|token|session|cookie|credentials?)[A-Za-z_-]*|"
    r"secret key|access key|api key|pin(?: code)?|"
    r"(?:security|verification|confirmation|one[- ]time|login|2fa|mfa|otp|reset|recovery|backup) codes?))"
)
_VALUE = r"""["'`]?\s*(?:[:=]|=>|->|\bis\b|\bwas\b|\bof\b)?\s*["'`]?(?P<keyed_v>[^\s"'`,;<>(){}\[\]]{4,})"""

# A link that signs its holder in: reset, magic sign-in, invitation, verification links.
_ACCESS_LINK = (
    r"\bhttps?://[^\s/'\"<>`]+/[^\s'\"<>`]*?"
    r"(?i:reset|magic|verif|confirm|activat|sign-?in|log-?in|recover|unlock|one-?time|"
    r"passwordless|otp)[^\s'\"<>`]*?[/=](?P<link_token>[A-Za-z0-9_-]{16,})"
)
_OTP = (
    r"(?i:\b(?:otp|one[- ]time (?:code|password|passcode|pin)|(?:verification|security|"
    r"confirmation|login|sign-in|2fa|mfa|auth(?:entication)?) code|passcode)\b)"
    r"[^\n\d]{0,24}?(?<!\d)(?P<otp_v>\d{3}[ -]\d{3}|\d{4,8})(?![\d-])"
)
# A wallet's recovery words: 12 to 24 short lower-case words after their name.
# The name may be a key (``seed_phrase``) or stand before a label that ends in a colon
# (``Seed phrase for signer 2 (0x7Fa3...): harbor violin ...``).
_SEED_PHRASE = (
    r"(?i:\b(?:seed|recovery|mnemonic|backup|secret|wallet)[ _-]?(?:phrase|words?)|\bmnemonic\b)"
    r"(?:[^a-z\n]{0,24}|[^\n:=]{0,64}[:=]\s*)(?:is\s*)?[\"'`]?"
    r"(?P<seed_v>(?:[a-z]{3,8}[ ,]+){11,23}[a-z]{3,8})\b"
)
# Words of prose that no wallet word list holds: a sentence about the phrase, not one.
_PROSE_WORDS = frozenset(
    "the and you your with for our not never will this that they are was have from what "
    "when should must can anyone share shares write store keep".split()
)

# (group name, pattern, kind, weight, validator, service host)
_Spec = tuple[str, str, Kind, float, Callable[[str], bool] | None, str | None]
_SPECS: tuple[_Spec, ...] = (
    ("pem", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", Kind.CREDENTIAL, 1.0, None, None),
    ("aws_key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", Kind.CREDENTIAL, 0.95, None, "amazonaws.com"),
    ("github", r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})", Kind.CREDENTIAL, 0.95, None, "github.com"),
    ("gitlab", r"\bglpat-[A-Za-z0-9_-]{20,}", Kind.CREDENTIAL, 0.95, None, "gitlab.com"),
    ("slack", r"\bxox[abposr]-[A-Za-z0-9-]{10,}", Kind.CREDENTIAL, 0.95, None, "slack.com"),
    ("anthropic", r"\bsk-ant-[A-Za-z0-9_-]{20,}", Kind.CREDENTIAL, 0.95, None, "anthropic.com"),
    ("stripe", r"\b[rs]k_live_[A-Za-z0-9]{16,}", Kind.CREDENTIAL, 0.95, None, "stripe.com"),
    ("openai", r"\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}", Kind.CREDENTIAL, 0.9, None, "openai.com"),
    ("google", r"\bAIza[0-9A-Za-z_-]{35}\b", Kind.CREDENTIAL, 0.9, None, "googleapis.com"),
    ("jwt", r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}", Kind.CREDENTIAL, 0.85, _jwt_ok, None),
    ("conn", r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@'\"]{1,64}:[^\s@/'\"]{3,128}@[^\s/'\"]+", Kind.CREDENTIAL, 0.85, None, None),
    ("bearer", r"\b[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*", Kind.CREDENTIAL, 0.85, None, None),
    ("access_link", _ACCESS_LINK, Kind.CREDENTIAL, 0.85, _link_token_ok, None),
    ("otp", _OTP, Kind.CREDENTIAL, 0.85, None, None),
    ("seed_phrase", _SEED_PHRASE, Kind.CREDENTIAL, 0.9, None, None),
    ("keyed", _KEY_WORDS + _VALUE, Kind.CREDENTIAL, 0.85, None, None),
    ("card", r"\b(?:\d[ -]?){12,18}\d\b", Kind.PERSONAL, 0.85, _card_ok, None),
    ("iban", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", Kind.PERSONAL, 0.8, iban_valid, None),
    ("ssn", r"\b\d{3}-\d{2}-\d{4}\b", Kind.PERSONAL, 0.85, _ssn_ok, None),
    ("nino", r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", Kind.PERSONAL, 0.75, None, None),
    ("dni", r"\b[XYZ0-9]\d{7}-?[A-Z]\b", Kind.PERSONAL, 0.75, _dni_ok, None),
    ("codice_fiscale", r"\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b", Kind.PERSONAL, 0.75, None, None),
    ("id_number", r"(?i:\b(?:passport|driver'?s? licen[cs]e|national id|id card|tax id|social security)(?: number| no\.?| #)?\s*(?:is|:|=)?\s*)[A-Z0-9][A-Z0-9-]{5,14}\b", Kind.PERSONAL, 0.7, None, None),
    ("dob", r"(?i:\b(?:date of birth|d\.?o\.?b\.?|born on|birth ?date)\b\s*[:=]?\s*)\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}", Kind.PERSONAL, 0.45, None, None),
    ("email", r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", Kind.PERSONAL, 0.1, None, None),
    ("phone", r"(?<![\w.])\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?![\w.])", Kind.PERSONAL, 0.15, None, None),
    ("medical", r"(?i:\b(?:diagnos[ie]s|patient (?:record|chart|id)|medical record|MRN|discharge summar(?:y|ies)|HIV|prescription|lab results|psychiatric|ICD-10|PHI)\b)", Kind.PERSONAL, 0.3, None, None),
    ("genomic", r"(?i:\b(?:genotypes?|genome|\.vcf|VCF files?|rs\d{4,}|chr\d{1,2}:\d{3,})\b)", Kind.PERSONAL, 0.3, None, None),
    ("marking", r"\b(?:CONFIDENTIAL|STRICTLY CONFIDENTIAL|INTERNAL ONLY|INTERNAL USE ONLY|PROPRIETARY|TRADE SECRET|ATTORNEY[- ]CLIENT PRIVILEGED|PRIVILEGED)\b|(?i:\bprivileged (?:and|&) confidential\b|\battorney work product\b)|(?i:\b(?:itar|export[- ]controlled|ear99|internal use only|internal only|strictly confidential|highly confidential|not for (?:external )?distribution|not (?:licensed|approved|cleared|authori[sz]ed) for (?:external|public) \w+|do not (?:distribute|forward|share)|classification:\s*(?:confidential|secret|restricted)))\b", Kind.CONFIDENTIAL, 0.65, None, None),
    ("confidential_word", r"(?i:\b(?:confidential|proprietary|privileged)\b)", Kind.CONFIDENTIAL, 0.3, None, None),
    ("weights", r"[\w~./-]*\.(?:safetensors|gguf|ckpt|pth?|onnx|h5|tflite|mlmodel|pb|bin)\b", Kind.WEIGHTS, 0.85, None, None),
)  # fmt: skip

# Literals one of which every credential branch of `_SPECS` holds, as `fold_ascii_case`
# writes it (case-insensitive matches keep their ASCII letters there): the pem header,
# token prefixes (AKIA, gh*_, xox, sk-, k_live_, AIza, eyJ, bearer), ``://`` (connection
# strings, sign-in links), and the key words of ``keyed``, ``otp`` and ``seed_phrase``.
# Keep in step with the credential specs above.
_CREDENTIAL_CUES = re2.compile(
    rb"-----begin|akia|asia|gh[pousr]_|github_pat_|glpat-|xox|sk-|k_live_|aiza|eyj|bearer|"
    rb"://|_key|pass|pwd|secret|api|access|private|auth|token|session|cookie|credential|"
    rb"pin|security|verification|confirmation|one[- ]time|login|sign-in|2fa|mfa|otp|reset|"
    rb"recovery|backup|seed|mnemonic|wallet"
)


def may_hold_credential(text: str) -> bool:
    """Whether `find_sensitive` may find a credential in ``text``; False means it finds
    none, so callers that keep only credentials (records of tool results) skip the scan."""
    return _CREDENTIAL_CUES.search(ascii_bytes(fold_ascii_case(text))) is not None


# What every match of the ``weights`` branch holds (``.pt`` covers ``.pth``).
_WEIGHT_EXTENSIONS = (
    ".safetensors", ".gguf", ".ckpt", ".pt", ".onnx", ".h5", ".tflite", ".mlmodel", ".pb", ".bin",
)  # fmt: skip
_COMBINED = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern, *_ in _SPECS))
_BY_NAME = {spec[0]: spec for spec in _SPECS}
_WEIGHT_CONTEXT = re.compile(
    r"(?i)(?:model|weight|checkpoint|ckpt|lora|adapter|llm|gguf|safetensors|pytorch_model|shard)"
)
_CONN_PASSWORD = re.compile(r"://[^\s:/@]+:([^\s@/]+)@")


# Where a branch of `_COMBINED` can start, found without trying it at every position:
# literal anchors that every match of a branch starts with (or, for branches that start
# earlier, contains; see `_starts`), case-insensitively, in one RE2 pass (`Anchors`).
_ANCHOR_WORDS = (
    r"pass|pwd|secret|api|access|private|auth|token|session|cookie|credential|"
    r"pin|security|verification|confirmation|one[- ]time|login|2fa|mfa|otp|reset|"
    r"driver|national|id card|tax id|social security|date of birth|d\.?o\.?b|born on|birth|"
    r"diagnos|patient|medical|mrn|discharge|hiv|prescription|lab results|psychiatric|icd-10|"
    r"phi|genotype|genome|vcf|\.vcf|rs|chr|itar|export|ear99|internal|not for|do not|_key|"
    r"not licensed|not approved|not cleared|not authori|passcode|sign-in|seed|recovery|mnemonic|"
    r"backup|wallet|"
    r"classification|confidential|strictly|proprietary|trade secret|attorney|privileged|"
    r"-----begin|gh[pousr]_|github_pat_|glpat-|xox|sk-|rk_live_|sk_live_|eyj|bearer|"
    r"@|://|\+|\.(?:safetensors|gguf|ckpt|pt|onnx|h5|tflite|mlmodel|pb|bin)"
)
_ANCHORS = Anchors(_ANCHOR_WORDS)
# Words that begin with a digit, or with two capitals (AKIA..., IBANs, NINOs, codici
# fiscali, CONFIDENTIAL) or X/Y/Z and a digit (NIE): the other branches' starts.
_CAPITAL_WORD = re.compile(r"[A-Z\d]\w*")
# The longest scheme `conn` accepts before ``://`` (``\b[a-z][a-z0-9+.-]{1,20}``).
_SCHEME_REACH = 21


def _starts(text: str) -> list[int]:
    """Every position where a branch of `_COMBINED` could start a match, sorted.

    Each branch begins at a literal anchor, at a word that begins with a digit or two
    capitals, or — for branches whose pattern may start earlier than their anchor — at
    the start of the run of characters they allow before it: the keyed-secret word run
    (``db_password``), the e-mail local part, a URL scheme, a weights file path.
    """
    starts: set[int] = set()
    keyed_runs = Runs(text, r"[A-Za-z_\-\u0130\u0131\u017f\u212a]")
    path_runs = Runs(text, r"[\w~./-]")
    email_runs = Runs(text, r"[A-Za-z0-9._%+-]")
    for q in _ANCHORS.positions(text):
        starts.add(q)
        starts.add(keyed_runs.start(q))
        starts.add(path_runs.start(q))
        if text[q] == "@" and q > 0:
            starts.update(range(email_runs.start(q - 1), q))
        elif text[q] == ":":
            starts.update(range(max(0, q - _SCHEME_REACH), q))
    for w in _CAPITAL_WORD.finditer(text):
        p = w.start()
        if p and is_word_char(text[p - 1]):
            continue
        head = w.group(0)[:2]
        if head[0].isdigit() or (len(head) == 2 and (head.isupper() or head[1].isdigit())):
            starts.add(p)
    return sorted(starts)


@lru_cache(maxsize=2048)
def _scan(text: str) -> tuple[Hit, ...]:
    """`find_sensitive`, memoised: agents resend the same tool results every turn."""
    return tuple(_hits(text))


def find_sensitive(text: str) -> list[Hit]:
    """Every sensitive value in ``text``, in order, validated."""
    return list(_scan(text))


_SERVICE_FORMATS = tuple(
    (re.compile(pattern), service) for _, pattern, _, _, _, service in _SPECS if service
)


def service_of(token: str) -> str | None:
    """The host a token's own format says it belongs to (``sk_live_...`` → stripe.com)."""
    token = token.strip()
    for regex, service in _SERVICE_FORMATS:
        m = regex.search(token)
        if m is not None and m.start() == 0:
            return service
    return None


def _matches(text: str) -> Iterator[re.Match[str]]:
    """What ``_COMBINED.finditer(text)`` yields, trying only the positions of `_starts`.

    A weights path may also begin right where the previous match ended (after an
    e-mail address); `finditer_from` tries that position too.
    """
    return finditer_from(_COMBINED, text, _starts(text))


def _hits(text: str) -> Iterator[Hit]:
    for m in _matches(text):
        name = m.lastgroup
        if name is None:
            continue
        _, _, kind, weight, validator, service = _BY_NAME[name]
        start, end = m.span()
        value = m.group(0)
        if validator is not None and not validator(value):
            if name != "iban" or " " not in value or not iban_valid(value.split()[0]):
                continue
            value = value.split()[0]
            end = start + len(value)
        if name in ("otp", "seed_phrase"):  # the value itself, not the words announcing it
            group = "otp_v" if name == "otp" else "seed_v"
            if group == "seed_v" and len(_PROSE_WORDS.intersection(m.group(group).split())) >= 2:
                continue
            yield Hit(kind, name, m.start(group), m.end(group), m.group(group), weight)
            continue
        if name == "keyed":
            hit = _keyed(m)
            if hit is not None:
                yield hit
            continue
        if name == "conn":
            pw = _CONN_PASSWORD.search(value)
            if pw is None or is_placeholder(pw.group(1)):
                continue
        if name == "bearer" and is_placeholder(value.split()[-1]):
            continue
        if kind is Kind.CREDENTIAL and service and is_placeholder(value):
            continue  # AKIAIOSFODNN7EXAMPLE: the documentation's sample key
        if name == "card" and not any(c in value for c in " -") and len(value) > 16:
            weight = 0.6  # long digit runs are often ids; a spaced card is unmistakable
        if name == "weights" and (
            value.endswith((".bin", ".pt", ".pth", ".h5", ".pb", ".onnx"))
            and not _WEIGHT_CONTEXT.search(value)
        ):
            continue
        yield Hit(kind, name, start, end, value, weight, service)


_KEY_SEPARATOR = re.compile(r"[:=>]|\b(?:is|was|of)\b")


def _keyed(m: re.Match[str]) -> Hit | None:
    vstart = m.start("keyed_v")
    value = m.group("keyed_v").rstrip(".!?:")
    key = m.string[m.start() : vstart].lower()
    if value[:1] in "?/&":  # ``.../reset_password?sendEmail=true``: a path, then its query
        return None
    # "Preisanpassung Rahmenvertrag": a key word inside a longer word, then a plain word
    if re.fullmatch(r"[A-Za-z]?[a-z]+", value) and not _KEY_SEPARATOR.search(key):
        return None
    is_code = bool(re.search(r"code|\bpin\b|otp", key))
    if is_code:
        if not re.fullmatch(r"(?=.*\d)[A-Za-z0-9-]{4,12}", value):
            return None
    elif not looks_secret(value, keyed=True):
        return None
    if value.lower() in key or key.endswith(("_file", "_path", "_name", "_id", "_url")):
        return None
    return Hit(Kind.CREDENTIAL, "keyed_secret", vstart, vstart + len(value), value, 0.85)


# ----------------------------------------------------------------------------- paths

_PATH_RULES: tuple[tuple[re.Pattern[str], Kind, str, float], ...] = (
    (re.compile(r"(?:^|/)\.(?:ssh|gnupg|aws|azure|kube|docker|password-store)(?:/|$)|"
                r"(?:^|/)id_(?:rsa|dsa|ecdsa|ed25519)(?!\.pub)\b|\.(?:pem|key|p12|pfx|jks|keystore|kdbx)$|"
                r"(?:^|/)\.(?:netrc|pgpass|git-credentials|npmrc|pypirc|htpasswd|env(?:\.\w+)?)$|\.ovpn$|"
                r"/etc/(?:shadow|gshadow|sudoers)|credentials(?:\.\w+)?$|secrets?(?:\.\w+)?$|"
                r"session\.json$|token(?:s)?(?:\.\w+)?$|wallet\.dat$|/proc/(?:self|\d+)/environ|"
                # password-manager exports: every shared login at once
                r"\.(?:1pux|1pif|opvault|agilekeychain|psafe3)$|"
                r"(?:^|[/_.-])(?:password|vault|keychain)s?[_-](?:export|backup|dump)|"
                r"(?:^|[/_.-])(?:passw(?:or)?ds?|logins|(?:recovery|backup)[_-]?codes)(?:[/_.-]|$)|"
                # browser profile stores: saved passwords, session cookies, their keys
                r"(?:^|[/,{'\"])(?:login[ _]data|web[ _]data|cookies(?:\.sqlite)?|local[ _]state|"
                r"key[34]\.db|logins\.json|signons\.sqlite)(?:['\"},]|$)",
                re.I), Kind.CREDENTIAL, "credential file", 0.85),
    # checkpoint directories: named as such, by training step, or by parameter count (13b, 70B)
    (re.compile(r"(?:^|/)(?:(?:ckpts?|checkpoints?)(?:[_-](?:final|best|last|latest|\d+))?|model[_-]?weights|weights|hf[_-]?cache|"
                r"huggingface/hub|lora[_-]?adapters?)(?:/|$)|"
                r"(?:^|[/_.-])(?:global[_-]?step|step|iter|epoch)[_-]?\d{3,}(?:[/_.-]|$)|"
                r"(?:^|/)[a-z][\w.]*[-_]\d{1,3}(?:\.\d)?[bm](?:[-_][\w.-]*)?(?:/|$)", re.I),
     Kind.WEIGHTS, "model weights", 0.8),
    (re.compile(r"patient|discharge|medical|clinical|referral|cardiolog|oncolog|obstetric|"
                r"psychiatr|neurolog|p(?:a)?ediatric|dermatolog|gyn(?:a)?ecolog|urolog|"
                r"(?:^|[/_.-])(?:phi|ehr|emr|mrn)(?:[/_.-]|$)|"
                r"diagnos|prescription|radiology|lab[_-]?results|\.vcf\b|(?:^|/)vcfs?(?:/|$)|genotype|"
                r"genom|\.bam$|\.fastq|payroll|salar(?:y|ies)|compensation|bonus(?:es)?[_.-]|"
                r"(?:^|/)(?:hr|people[_-]?ops)/(?:[^/]+/)*[^/]*(?:comp|pay|review|staff)|(?:^|[/_.-])ssn|passport|"
                r"(?:^|[/_.-])(?:users|customers|clients|members|employees|contacts|crm|leads|tenants|"
                r"students|applicants|donors|residents|subscribers|passengers|policyholders|borrowers)"
                r"(?:[/_.-]|$)|(?:customer|client|employee|staff|member|contact|tenant|guest|"
                r"personnel)s?[_-]?(?:list|data|records|db|database|details|contracts?|register|"
                r"directory|export|info)", re.I), Kind.PERSONAL, "personal records", 0.65),
    (re.compile(r"/var/lib/(?:postgresql|pgsql|mysql|mariadb|mongodb|redis|elasticsearch|"
                r"cassandra|clickhouse)|(?:^|/)(?:pg_?data|mysql_?data|db_?dump)s?(?:/|$)", re.I),
     Kind.BULK, "database files", 0.6),
    (re.compile(r"itar|export[_-]?control|confidential|proprietary|internal[_-]only|"
                r"(?:^|/)\.git(?:/|$)|\.bundle$|\.sql(?:\.gz)?$|\.dump$|backup|"
                r"financials|board[_-]minutes|(?:^|/)secret", re.I),
     Kind.CONFIDENTIAL, "internal data", 0.6),
    (re.compile(r"(?:^|/)(?:exports?|extracts?|dumps?)(?:/|$)|(?:^|[/_.-])(?:claims|ledger)"
                r"(?:[/_.-]|$)", re.I), Kind.BULK, "data export", 0.45),
)  # fmt: skip


@lru_cache(maxsize=1024)
def classify_path(path: str) -> tuple[Kind, str, float] | None:
    """What a file path holds, judged from its name: ``(kind, label, weight)`` or None.

    Memoised: every detector and stage asks about the same few paths of an exchange.
    """
    p = path.strip().strip("'\"")
    if not p or p.startswith("-"):
        return None
    # a weights hit ends in one of these (case-sensitive) extensions: other paths skip the scan
    for hit in find_sensitive(p) if any(e in p for e in _WEIGHT_EXTENSIONS) else ():
        if hit.kind is Kind.WEIGHTS:
            return Kind.WEIGHTS, "model weights", hit.weight
    for regex, kind, label, weight in _PATH_RULES:
        if regex.search(p):
            return kind, label, weight
    return None
