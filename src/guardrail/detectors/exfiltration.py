"""Sensitive data leaving for a destination the operator does not trust.

Each pending tool call is turned into sends — a destination plus the data that goes
there (`guardrail.sends`). Each send's data is weighed by what it
holds (`guardrail.sensitive`), by what it repeats from earlier tool results
(`guardrail.dataflow`) and by where it goes (`guardrail.destinations`): the same
password is fine for its own service, bad in a broad channel, worse at a host that only
an injected web page named. All calls of one answer are judged together, so a secret
split over two calls is still one secret.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

from pydantic import Field

from guardrail._scan import fold_ascii_case
from guardrail.address_payloads import address_payloads
from guardrail.audiences import another_persons_record, asks_about_another, outside_audience
from guardrail.capability_links import link_tails, linked_objects
from guardrail.cleared_content import Clearance, clearances, shows_redaction
from guardrail.context import Context, Segment
from guardrail.dataflow import FlowIndex, FlowMatch, compact, secret_reads, spelled_digits
from guardrail.decision import Finding
from guardrail.decoding import decode_layers
from guardrail.destinations import (
    Destination,
    Trust,
    TrustModel,
    Verdict,
    listed_as_data,
    personal_mailbox,
    registrable,
)
from guardrail.detectors.base import DetectorParams
from guardrail.evidence import excerpt, fingerprint, mask
from guardrail.exclusions import excluded_parties, names_party
from guardrail.file_memory import FileMemory
from guardrail.memo import cached_property, per_conversation
from guardrail.normalize import clean
from guardrail.ownership import Party, items, owned_by, parties_of, requesters
from guardrail.party_shares import other_parties, recipient_parties
from guardrail.public_places import drop_family
from guardrail.restrictions import (
    Restriction,
    guards_personal,
    holds,
    kept_locations,
    personal_places,
    restricted_path,
    restricted_values,
    restrictions,
    values_in,
)
from guardrail.sends import AUTH_KEYS, Send, SendExtractor
from guardrail.sensitive import (
    Hit,
    Kind,
    classify_path,
    find_sensitive,
    made_up_rows,
    service_of,
)
from guardrail.toolkinds import ToolKind
from guardrail.transfer_types import DISGUISED_LABEL, KEPT_LABEL
from guardrail.transfers import Source, Transfer, TransferState

__all__ = ["ExfiltrationDetector"]

_PERSONAL_COLUMN = re.compile(
    r"(?i)email|phone|mobile|ssn|dob|birth|iban|card|salary|address|contract|passport|name"
)
_SQL_PULL = re.compile(r"(?i)\bselect\s+([\w\s,.*\"`]{1,300}?)\s+from\s+([\w.\"`]+)")
_MEMO_KEYS = frozenset(
    {"subject", "memo", "reference", "description", "note", "purpose", "message", "remittance"}
)
# documents shared by id: what a tool result listed about the id says what it holds
_ID_KEYS = frozenset(
    {
        "file_id",
        "fileid",
        "document_id",
        "doc_id",
        "item_id",
        "resource_id",
        "sheet_id",
        "spreadsheet_id",
        "folder_id",
        "page_id",
        # a calendar event opened to a new participant: they read what the event holds
        "event_id",
        "meeting_id",
    }
)
_FILE_KEYS = frozenset(
    {
        "source_path",
        "file",
        "file_path",
        "path",
        "local_path",
        "filename",
        "src",
        "source",
        "files",
        "folder",
        "folder_path",
        "local_dir",
        "directory",
        "attachment",
        "attachments",
        *_ID_KEYS,
    }
)
# list forms of the id keys: ``doc_ids: ["6001201", ...]``, ``file_ids``, ``item_ids``
_ID_KEYS = _ID_KEYS | {k + "s" for k in _ID_KEYS}
_FILE_KEYS = _FILE_KEYS | _ID_KEYS
_INLINE_KEYS = frozenset({"content", "text", "body", "data", "file_text", "contents"})
_PROFILING = re.compile(
    r"(?i)\b(?:the|this|our|my)\s+(?:user|customer|client|account ?holder|owner|victim|target|employee|patient)(?:'s)?\b|\buser'?s\b"
)
_PAY_REQUEST = re.compile(
    r"(?i)\b(?:pay|paying|payment|bill|invoice|transfer|send (?:\w+ )?money|wire|refund|rent|standing order|schedul\w*|subscription)\b"
)
_DROP_HOST = re.compile(
    r"(?i)anonfiles|transfer\.sh|file\.io|0x0\.st|paste(?:bin)?|hastebin|ghostbin|webhook\.site|requestbin|"
    r"pipedream|ngrok|herokuapp|glitch\.me|temp\.sh|bashupload|interact\.sh|oast|burpcollaborator|"
    r"discord(?:app)?\.com/api/webhooks|api\.telegram\.org|file-?drop|drop|collector|exfil"
)
# Argument and header names of a request's own credentials, in their usual spellings.
_AUTH_KEY = re.compile(
    r"(?i)auth|api[-_]?key|apikey|access[-_]?key|token|secret|passw|bearer|signature|"
    r"credential|cookie|(?:^|[-_])(?:x[-_])?(?:client|private|signing)[-_]key$"
)
_AUTH_BEFORE = re.compile(
    r"(?i)(?:authorization|x-api-key|api-key|private-token|(?:^|\s)-u|--user)\b[^'\"\n]{0,24}$"
)
# What a user may send where they asked: documents and looked-up details, not secrets or
# whole tables.
_REQUESTABLE = frozenset({"confidential_document", "dataflow"})
# A contact a record gives as its holder's own, checked by the service that holds it.
_HOLDER_CONTACT = re.compile(
    r"(?i)\b(?:verified|registered|confirmed|primary|recovery)\s+(?:mobile|phone(?: number)?|"
    r"number|e-?mail(?: address)?|address|contact)|\b(?:phone|mobile|e-?mail) on file"
)
# The user asking for something to go to themselves.
_SELF_SEND = re.compile(
    r"(?i)\b(?:my own|myself|to me\b|my (?:personal|private|other|home|backup) "
    r"(?:e-?mail|address|inbox|account)|(?:text|send|e-?mail|mail|message|sms|whatsapp|dm) me\b)"
)
# A profile record's personal fields: ``last_name: Lindqvist``, ``"street": "..."``.
_PROFILE_FIELD = re.compile(
    r"(?im)^[ \t\-*{,]*[\"']?((?:first|last|full|given|family|sur)?[_ ]?name|surname|street|"
    r"(?:home[_ ]|postal[_ ]|street[_ ])?address|city|zip|post(?:al)?[_ ]?code|phone|mobile|e-?mail|"
    r"date[_ ]of[_ ]birth|dob|birth[_ ]?date|passport(?:[_ ](?:no|number))?|ssn|national[_ ]id)"
    r"[\"']?[ \t]*[:=][ \t]*[\"']?([^\"'\n,}]{2,80})"
)
# The user asking for their own details to go with a payment.
_ASKED_DETAILS = re.compile(
    r"(?i)(?:my|our|full)\s+(?:full\s+|home\s+|own\s+)?(?:name|address|details|phone|e-?mail)"
)
# Whom the system prompt says the agent works for: "assistant for Ingrid Solberg".
_PRINCIPAL = re.compile(
    r"\b(?:assistant|agent|secretary)\s+(?:for|of|to)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)|"
    r"\b([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)'s\s+(?:personal\s+|executive\s+)?(?:assistant|agent)"
)
_STANDING_FORWARD = frozenset(
    "forward_to forward_address redirect_to forward forwardto forwarding_address "
    "forwardingaddress redirect redirectto autoforward auto_forward".split()
)
_PUBLIC_ASK = re.compile(
    r"(?i)\b(?:publish\w*|releas(?:e|ing)(?! notes?\b)|open[- ]?(?:source|weights?|models?)|"
    r"make (?:it |them )?public|"
    r"as (?:a )?public|publicly|public (?:release|repo\w*|dataset|model))\b"
)
# What the organisation's own public places must not carry without a stated release.
_KEPT_FROM_PUBLIC = frozenset({"model_weights", "restricted_data"})
# Shape and flow alone: what content the user cleared for its audience may carry.
_SOFT_RULES = frozenset({"dataflow", "bulk_dump"})

_SEND_VERB = re.compile(
    r"\b(?:send|e-?mail|forward|share|upload|submit|file|post|push|publish|reply|give|pass|"
    r"deliver|transfer|copy|sync|invite|cc)\b"
)
# A word or figure a retelling keeps: ``disclosed``, ``18m``, ``12%``, ``q3``.
_TERM = re.compile(r"[^\W\d_]{4,}|\b[a-z]?\d+(?:[.,]\d+)?(?:%|[a-z]{1,2})?(?![\w%])")
# A document named by a link to a store's id: ``drive://1xK9``, ``dms:6001201``.
_LINKED_ID = re.compile(r"[a-z][a-z0-9+-]{1,15}:(?://)?([\w-]{3,64})")
# Words of listings that name no item: kinds, formats, fields of the listing itself.
_TITLE_FILLER = frozenset(
    "file files drive docs document pdf xlsx docx pptx csv txt json id name size owner "
    "modified created shared link folder".split()
)
# An absolute or home path a command names: ``/data/support_transcripts``, ``~/exports/x``.
_COMMAND_PATH = re.compile(r"(?<![\w:/.-])(?:~|/)[\w.-]+(?:/[\w.-]+)+/?")
_ROW_SEP = (",", "\t", "|", ";")
_WORD = re.compile(r"[^\W\d_]{4,}")
_PERSON_NAME = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+")
# What makes a line about a person private: a phone number, a street address, a card.
_CONTACT_SHAPE = re.compile(
    r"(?<![\d-])(?:\+\d{1,3}[ .-]?)?\(?\d{2,5}\)?[ .-]\d{3,4}(?:[ .-]\d{3,4})?(?![\d-])|\b\d{1,5}\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+"
    r"(?:St|Street|Rd|Road|Ave|Avenue|Dr|Drive|Ln|Lane|Way|Blvd|Ct|Court|Pl|Place)\b|"
    r"(?i:\b(?:visa|mastercard|amex|card)\s+ending\b)"
)
# A count of people a note says documents cover.
_PEOPLE_COUNT = re.compile(
    r"(?i)\b(\d{1,3}(?:,\d{3})+|\d{2,})\s+(?:[a-z-]+\s+)?(?:patients|admissions|employees|"
    r"customers|clients|members|users|people|persons|individuals|students|applicants|"
    r"participants|residents|claimants|subscribers|donors|tenants)\b"
)
_BULK_WORDS = re.compile(
    r"(?i)\b(?:customers?|clients?|accounts?|contracts?|contract[_ ]value|salar(?:y|ies)|patients?|employees?|"
    r"ssn|emails?|phones?|addresses|users?|members?|full list|all \d+)\b"
)
# A file path a command sends (``put /tmp/manifest.csv``, ``-F f=@/tmp/x.csv``).
_SENT_PATH = re.compile(
    r"(?<![\w:@])(?:~|\.{1,2})?/(?:[\w.@+-]+/)*[\w@+-][\w.@+-]*\.[A-Za-z0-9]{1,8}\b"
)
_BULK_COUNT = re.compile(
    r"(?i)\b(?:full|entire|complete|whole)\s+(?:list|table|database|export|dump)\b|\ball\s+\d{2,}\s+\w+"
)


@dataclass(frozen=True, slots=True)
class _Evidence:
    rule: str
    score: float
    segment: Segment
    view: str
    span: tuple[int, int] | None
    value: str
    secret: bool
    why: str


class ExfiltrationDetector:
    """Finds credentials, personal data, confidential documents, weights and tool-read
    values in what an answer sends to destinations outside the organisation's trust."""

    type: ClassVar[str] = "exfiltration"

    class Params(DetectorParams):
        min_score: float = Field(default=0.25, ge=0, le=1, description="findings below are dropped")

    def __init__(self, params: Params) -> None:
        self.params = params

    def scan(self, ctx: Context) -> Iterator[Finding]:
        content = ctx.exchange.output.content
        # answer text alone sends only rendered images, or itself where outsiders read it
        if (
            not ctx.calls
            and "](" not in content
            and not (content and outside_audience(ctx.system_text))
        ):
            return
        run = _Run(ctx)
        for finding in run.findings():
            if finding.score >= self.params.min_score:
                yield finding


class _Run:
    """The judgement of one exchange; trust and data-flow indexes are built once."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        kept = kept_locations(ctx.instruction_text)
        self.state = TransferState(memory=FileMemory.build(ctx.exchange.messages), kept=kept)
        self._party_cache: dict[tuple[Destination, ...], list[Party]] = {}

    @cached_property
    def trust(self) -> TrustModel:
        """Built on the first send: most answers send nothing and need no trust levels."""
        return TrustModel(self.ctx)

    @cached_property
    def asked_to_pay(self) -> bool:
        """Whether the user asked for a payment; read only when a memo needs it."""
        return bool(_PAY_REQUEST.search(self.ctx.user_text))

    @cached_property
    def flow(self) -> FlowIndex:
        reads = secret_reads(self.ctx.exchange.messages)
        return FlowIndex.build(self.ctx.tool_results, self.ctx.instruction_text, reads)

    # ------------------------------------------------------------------ judgement

    def findings(self) -> Iterator[Finding]:
        outbound: list[Segment] = []
        for send in SendExtractor(self.ctx, self.state).sends():
            verdicts = [(d, self.trust.judge(d)) for d in send.destinations]
            dest, verdict = max(verdicts, key=lambda dv: dv[1].trust)
            if send.public and not verdict.public:
                verdict = replace(verdict, public=True)
            if verdict.trust is Trust.INTERNAL and not verdict.public:
                continue
            if self._principal_own(send, dest, verdict):
                continue
            if verdict.trust is Trust.TASK and self._requested(dest):
                verdict = replace(verdict, requested=True)
            if verdict.trust is not Trust.INTERNAL:
                outbound.extend(send.payload)
            best = self._best(send, dest, verdict)
            if best is not None:
                yield self._finding(best, send, dest, verdict)
        yield from self._split_secrets(outbound)

    @cached_property
    def _principals(self) -> list[list[str]]:
        """First and last name of each private person the system prompt says the agent
        works for; none when the prompt names a company (an employee's own box is outside)."""
        if self.trust.org_domains or not _SELF_SEND.search(self.ctx.last_user_text):
            return []
        out = []
        for m in _PRINCIPAL.finditer(self.ctx.system_text):
            names = [w.lower() for w in re.findall(r"[A-Za-z]{3,}", m.group(1) or m.group(2))]
            if len(names) >= 2:
                out.append(names[:2])
        return out

    def _principal_own(self, send: Send, dest: Destination, verdict: Verdict) -> bool:
        """Whether the user asked for something to go to themselves and this is the private
        principal's own: an address bearing their name, or a phone or address a record
        gives as their verified contact (codes texted to the holder's own mobile)."""
        if dest.kind not in ("email", "phone") or verdict.public or not self._principals:
            return False
        if dest.kind == "email" and verdict.trust <= Trust.UNKNOWN:
            local = re.sub(r"[^a-z]", "", dest.value.split("@", 1)[0].lower())
            if any(all(n in local for n in names) for names in self._principals):
                return True
        holder = [self.flow.record(r).text.lower() for r in self._holder_records(send)]
        return any(all(n in t for n in names) for names in self._principals for t in holder)

    def _holder_records(self, send: Send) -> set[int]:
        """Records that give a destination as their holder's own verified contact: what
        such a record holds may go back to that contact (recovery codes to the holder)."""
        if not self.ctx.tool_results:
            return set()
        keys = [
            re.sub(r"\D", "", d.value)[-9:] if d.kind == "phone" else d.value.lower()
            for d in send.destinations
            if d.kind in ("phone", "email")
        ]
        out: set[int] = set()
        for r in self.flow.records if keys else ():
            for digits, window in _holder_contacts(r.text):
                if any(len(k) >= 7 and (k in digits or k in window) for k in keys):
                    out.add(r.id)
        return out

    @cached_property
    def _sources(self) -> list[tuple[str, str]]:
        """Each tool result's text with the arguments of the call that produced it."""
        calls = {c.id: c.raw_arguments for c in self.ctx.history_calls}
        return [(m.text, calls.get(m.tool_call_id or "", "")) for m in self.ctx.tool_results]

    @cached_property
    def _requesters(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for t, _ in self._sources for a in requesters(t)))

    def _parties(self, send: Send) -> list[Party]:
        key = send.destinations
        if key not in self._party_cache:
            self._party_cache[key] = parties_of(key, self._requesters)
        return self._party_cache[key]

    def _recipients_own(self, value: str, send: Send) -> bool:
        """Whether a value read from tool results is the recipient's own data
        (`guardrail.ownership`): a customer may be told its own order."""
        parties = self._parties(send)
        return bool(parties) and owned_by(value, self._sources, parties)

    def _requested(self, dest: Destination) -> bool:
        """Whether the user's own words name this place and ask for something to go there."""
        user = self.ctx.user_text.lower()
        if not _SEND_VERB.search(user):
            return False
        if dest.kind == "email":  # a personal webmail box is where insiders take data
            if personal_mailbox(dest.value):
                return False
            return dest.value in user or _person_at_domain(dest.value, user)
        if dest.kind in ("host", "ip"):
            return registrable(dest.value) in user
        if dest.kind == "phone":
            return dest.value[-7:] in re.sub(r"\D", "", user)
        return dest.kind in ("bucket", "repo", "account") and dest.value.lower() in user

    def _best(self, send: Send, dest: Destination, verdict: Verdict) -> _Evidence | None:
        evidence = list(self._evidence(send, dest, verdict))
        if not evidence or self._cleared(evidence, send, dest, verdict):
            return None
        evidence.sort(key=lambda e: e.score, reverse=True)
        top = evidence[0]
        others = {e.rule for e in evidence[1:] if e.score >= 0.25 and e.rule != top.rule}
        bonus = 0.05 * len(others)
        if _DROP_HOST.search(dest.value) or drop_family(dest.value):
            bonus += 0.1
        return replace(top, score=min(1.0, top.score + bonus)) if bonus else top

    @cached_property
    def _clearances(self) -> frozenset[Clearance]:
        return clearances(self.ctx.user_text)

    def _cleared(
        self, evidence: list[_Evidence], send: Send, dest: Destination, verdict: Verdict
    ) -> bool:
        """Whether only shape and flow speak against a send of material the user cleared
        (`guardrail.cleared_content`) to a place the user named: redacted, made up or
        released content is not a leak. A synthetic body clears only its record shape, a
        redaction only a payload that shows it; tool-read text needs the redaction or a
        release."""
        rules = {e.rule for e in evidence}
        if not self._clearances or not rules <= _SOFT_RULES:
            return False
        if verdict.lookalike_of or _DROP_HOST.search(dest.value) or drop_family(dest.value):
            return False
        # a host first seen in a log is still the vendor the user named
        if verdict.trust > Trust.TASK and not _named_in(dest, self.ctx.user_text):
            return False
        if "dataflow" not in rules:
            return True
        if Clearance.RELEASED in self._clearances:
            return True
        payload = " ".join(seg.raw for seg in send.payload)
        return Clearance.REDACTED in self._clearances and shows_redaction(payload)

    def _evidence(self, send: Send, dest: Destination, verdict: Verdict) -> Iterator[_Evidence]:
        # A secret belongs where it goes only if the least trusted recipient is its service.
        judged = [dest] if dest.kind in ("host", "ip", "email") else list(send.destinations)
        hosts = [d.value for d in judged if d.kind in ("host", "ip")]
        hosts += [d.value.rsplit("@", 1)[-1] for d in judged if d.kind == "email"]
        # a file name beside inline content names the file being made: judge the content
        inline = any(g.key in _INLINE_KEYS for g in send.payload)
        for seg in send.payload:
            text = send.transfer.text if send.transfer and not send.planted else None
            # a command's own text, and what it hides (``bytes([51, 55, ...])``)
            views = [text, *_decoded(text)] if text else list(seg.views())
            views += [v for v in map(spelled_digits, views[:1]) if v is not None]
            on_address = send.transfer is not None or seg.key in ("url", "uri", "endpoint")
            # judged on the text as written: a decoded view is what the answer hid in it
            if send.addressed and on_address and self._quoted_address(views[0]):
                views = []
            for view in views:
                yield from self._value_evidence(seg, view, send, hosts, verdict)
            if views:
                yield from self._hidden_evidence(seg, send, verdict)
            yield from self._linked_evidence(seg, send, verdict)
            for name in _attached(seg.clean) if not _file_key(seg.key) else ():
                src = self.state.classify(name)
                if src is not None:
                    why = f"attached {src.label}"
                    yield self._ev(
                        src.kind.value, src.weight, verdict, seg, seg.clean, None, name, False, why
                    )
            if _file_key(seg.key) and not (seg.key == "filename" and inline):
                src = self.state.classify(seg.clean)
                if src is None and seg.key in _ID_KEYS:
                    src = self.state.classify_id(seg.clean)
                linked = _LINKED_ID.fullmatch(seg.clean.strip())
                if src is None and linked is not None:  # ``drive://comp-eng-2025``
                    src = self.state.classify_id(linked.group(1))
                if src is None and verdict.trust is Trust.ATTACKER and self._own_items(send) >= 2:
                    # whatever they hold, the user's documents in bulk go where only a tool said
                    src = Source(
                        Kind.CONFIDENTIAL, "a document from the user's own store", 0.5, seg.clean
                    )
                if (
                    src is not None
                    and src.label == KEPT_LABEL
                    and self._kept_allowed(src.what, send)
                ):
                    src = None  # a kept location's data going where its rule allows
                elif src is None or src.kind is Kind.CONFIDENTIAL:
                    # a marked file of a class the operator keeps in is restricted data
                    src = self._restricted_item(seg.clean, send) or src
                if src is not None:
                    seen_as, why = verdict, src.label
                    if verdict.trust is Trust.TASK and self._unasked_item(seg, send):
                        # the named recipient was to get another item, not this one
                        seen_as = replace(verdict, trust=Trust.UNKNOWN, requested=False)
                        why = f"{src.label}, an item the user did not ask to send"
                    yield self._ev(
                        _rule_of(src),
                        src.weight,
                        seen_as,
                        seg,
                        seg.clean,
                        None,
                        seg.clean,
                        False,
                        why,
                    )
        yield from self._party_share_evidence(send, verdict)
        if send.transfer is not None:
            yield from self._restricted_location(send, send.transfer, verdict)
            for src in send.transfer.sources:
                if src.label == KEPT_LABEL and self._kept_allowed(src.what, send):
                    continue
                if src.label.startswith(DISGUISED_LABEL) and (
                    verdict.public or verdict.trust is not Trust.INTERNAL
                ):
                    # hiding data as a picture or font is the intent, whoever receives it
                    yield _Evidence(
                        src.kind.value,
                        src.weight,
                        send.anchor,
                        send.transfer.text,
                        None,
                        src.what,
                        False,
                        src.label,
                    )
                    continue
                if src.label == "secret variable" and (
                    _variable_names(src.what, dest)
                    or (verdict.trust <= Trust.TASK and self._authenticates_in(send, src.what))
                ):
                    continue  # $GITHUB_TOKEN to api.github.com, or in a named host's auth header
                yield self._ev(
                    _rule_of(src),
                    src.weight,
                    verdict,
                    send.anchor,
                    send.transfer.text,
                    None,
                    src.what,
                    False,
                    src.label,
                )
            if send.transfer.uploads_file and (
                _DROP_HOST.search(dest.value) or drop_family(dest.value)
            ):
                yield self._ev(
                    "bulk_dump",
                    0.45,
                    verdict,
                    send.anchor,
                    send.transfer.text,
                    None,
                    dest.value,
                    False,
                    "file upload to an anonymous drop",
                )
        if send.call is not None and verdict.trust >= Trust.UNKNOWN:
            rule = next(
                (g for g in self.ctx.call_segments(send.call) if g.key in _STANDING_FORWARD), None
            )
            if rule is not None:  # every future message goes there, whatever it holds
                why = "a standing forward of the mailbox"
                yield self._ev("bulk_dump", 0.6, verdict, rule, rule.clean, None, "", False, why)
        if send.call is not None and ToolKind.PAYMENT in self.ctx.kinds(send.call.name):
            yield from self._memo_evidence(send, dest, verdict)
        if verdict.trust >= Trust.UNKNOWN and send.transfer is None:
            yield from self._described_bulk(send, verdict)

    def _own_items(self, send: Send) -> int:
        """How many attached items are files or documents a tool result listed."""
        memory = self.state.memory
        count = 0
        for g in send.payload:
            value = g.clean.strip()
            if not _file_key(g.key) or not value:
                continue
            listed = memory is not None and bool(memory.context_of(value))
            if value.startswith(("/", "~/")) or _SENT_PATH.fullmatch(value) or listed:
                count += 1
        return count

    def _unasked_item(self, seg: Segment, send: Send) -> bool:
        """Whether an attached or shared item is an extra: the user's words name another item
        of the same send (its title shares a word with the request) but none of this one's."""
        items = [g for g in send.payload if _file_key(g.key)]
        if len(items) < 2:
            return False
        asked = self._request_words
        return not self._title_words(seg.clean) & asked and any(
            self._title_words(g.clean) & asked for g in items if g is not seg
        )

    @cached_property
    def _request_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in _WORD.findall(self.ctx.last_user_text))

    def _title_words(self, item: str) -> frozenset[str]:
        """The words of an item's name and of the listing line that gave it."""
        linked = _LINKED_ID.fullmatch(item.strip())
        ident = linked.group(1) if linked else item
        memory = self.state.memory
        listed = memory.line_of(ident) if memory is not None else None
        text = f"{ident} {listed or ''}".replace("_", " ").replace("-", " ")
        return frozenset(w.lower() for w in _WORD.findall(text)) - _TITLE_FILLER

    def _quoted_address(self, view: str) -> bool:
        """Whether an address-borne payload (URL, DNS names) was written as-is by others:
        following a link or looking up a host from a tool result sends nothing new."""
        known = self.ctx.tool_result_text + "\n" + self.ctx.instruction_text
        parts = [p for p in view.split() if len(p) >= 8]
        return bool(parts) and all(p in known for p in parts)

    def _value_evidence(
        self, seg: Segment, view: str, send: Send, hosts: list[str], verdict: Verdict
    ) -> Iterator[_Evidence]:
        found = find_sensitive(view)
        flows = self.flow.find(view) if self.ctx.tool_results else []
        # whose records these are matters only for values found in the view
        own = self._destination_records(send) if flows else set()
        holder = self._holder_records(send) if found or flows else set()
        held = [compact(self.flow.record(r).text) for r in holder]
        hits = [
            h
            for h in found
            if not self._belongs(h, seg, view, hosts, verdict, send)
            and not (held and any(compact(h.value.split()[-1]) in t for t in held))
        ]
        # Credentials the recognisers judged (sent where they belong, or not) decide alone.
        judged = [h.value for h in found if h.kind is Kind.CREDENTIAL]
        for h in hits:
            why = h.label.replace("_", " ")
            weight = h.weight
            if h.kind is Kind.PERSONAL and self._user_wrote(h.value):
                weight = min(weight, 0.7)  # the user typed it: theirs to hand to the task
            yield self._ev(
                h.kind.value, weight, verdict, seg, view, (h.start, h.end), h.value, h.secret, why
            )
        records: dict[int, list[str]] = {}
        for f in flows:
            if f.value.record in holder:
                continue
            if f.value.kind == "secret":
                if any(f.value.text in v or v in f.value.text for v in judged):
                    continue
                if verdict.trust <= Trust.TASK and self._authenticates(seg, view, f.start):
                    continue
                exact = view[f.start : f.end].lower() == f.value.text.lower()
                span = (f.start, f.end) if exact else None
                yield self._ev(
                    "credential",
                    0.9,
                    verdict,
                    seg,
                    view,
                    span,
                    f.value.text,
                    True,
                    "secret read from a tool result",
                )
            elif (
                f.value.record not in own
                and not self.flow.record(f.value.record).published
                and not self._recipients_own(f.value.text, send)
            ):
                records.setdefault(f.value.record, []).append(f.value.text)
        for value in self._prompt_secrets:
            pos = view.find(value)
            if pos < 0 or value in judged:
                continue
            if verdict.trust <= Trust.TASK and self._authenticates(seg, view, pos):
                continue
            span = (pos, pos + len(value))
            why = "a secret the system prompt holds"
            yield self._ev("credential", 0.9, verdict, seg, view, span, value, True, why)
        if self.ctx.tool_results:
            yield from self._disguised_evidence(seg, view, flows, verdict)
        if records:
            yield from self._record_evidence(seg, view, records, verdict)
            yield from self._kept_people_evidence(seg, view, records, send, verdict)
            yield from self._marked_evidence(seg, view, records, verdict)
            if verdict.trust is Trust.TASK:
                yield from self._third_party_evidence(seg, view, records, verdict)
                yield from self._other_persons_evidence(seg, view, records, send, verdict)
        if self.ctx.tool_results and verdict.trust >= Trust.UNKNOWN and send.transfer is None:
            count, share = self.flow.quoted_share(view, at_least=8)
            if count >= 8 and share >= 0.6:
                yield self._ev(
                    "dataflow",
                    0.45,
                    verdict,
                    seg,
                    view,
                    None,
                    view[:24],
                    True,
                    "text copied from tool results",
                )
        yield from self._bulk_evidence(seg, view, verdict)
        if verdict.trust >= Trust.UNKNOWN:
            yield from self._query_evidence(seg, view, verdict)
        if self._restricted:
            yield from self._restricted_evidence(seg, view, send, verdict)
        if self._exclusions:
            yield from self._excluded_evidence(seg, view, send, verdict)

    @cached_property
    def _prompt_secrets(self) -> tuple[str, ...]:
        """Credentials the operator's prompt holds for the agent's own use (``ADMIN_KEY=...``):
        repeated anywhere but their own service's auth, they leave."""
        return _prompt_credentials(self.ctx.system_text)

    def _third_party_evidence(
        self, seg: Segment, view: str, records: dict[int, list[str]], verdict: Verdict
    ) -> Iterator[_Evidence]:
        """Details of a record about someone the user's words make a third party (``my
        neighbour X``, ``I'm X's brother``), sent back to the user: the recipient the task
        names is not the record's holder."""
        unnamed = asks_about_another(self.ctx.user_text)
        for r, values in records.items():
            record = self.flow.record(r).text
            name = (
                another_persons_record(self.ctx.user_text, record)
                if len(set(values)) >= 2
                else None
            )
            if name is None and unnamed:
                name = self._unnamed_other(record, values, view)
            if name is not None:
                first = sorted(values, key=len, reverse=True)[0]
                pos = view.lower().find(first.lower())
                span = (pos, pos + len(first)) if pos >= 0 else None
                why = f"details of {name}'s record to someone else"
                yield self._ev("dataflow", 0.85, verdict, seg, view, span, first, True, why)
                return

    def _unnamed_other(self, record: str, values: list[str], view: str) -> str | None:
        """The asker pointed at someone without naming them (``who had it before me``):
        a name the record gives, not the user's, is that person's when the answer also
        repeats other words of the name's line (their street, their condition)."""
        user = self.ctx.user_text.lower()
        said = {w.lower() for w in _WORD.findall(view)}
        for name in (v for v in values if _PERSON_NAME.fullmatch(v) and v.lower() not in user):
            for line in items(record):
                if name not in line:
                    continue
                rest = {w.lower() for w in _WORD.findall(line.replace(name, " "))}
                if len((rest & said) - set(_WORD.findall(user.lower()))) >= 2:
                    return name
        return None

    def _other_persons_evidence(
        self,
        seg: Segment,
        view: str,
        records: dict[int, list[str]],
        send: Send,
        verdict: Verdict,
    ) -> Iterator[_Evidence]:
        """A named person's details (their name and a number or address beside it, on one
        line of a record) sent to a recipient known not to be them: the recipient's own
        lines were set aside (`guardrail.ownership`), so this line is someone else's."""
        if not self._parties(send):
            return
        for r, values in records.items():
            for line in items(self.flow.record(r).text):
                on_line = [v for v in set(values) if compact(v) in compact(line)]
                names = [v for v in on_line if _PERSON_NAME.fullmatch(v)]
                if len(on_line) < 2 or not names or not _CONTACT_SHAPE.search(line):
                    continue
                pos = view.lower().find(names[0].lower())
                span = (pos, pos + len(names[0])) if pos >= 0 else None
                why = f"details of {names[0]}'s record to someone else"
                yield self._ev("dataflow", 0.75, verdict, seg, view, span, names[0], True, why)
                return

    @cached_property
    def _restricted(self) -> list[tuple[Restriction, frozenset[str]]]:
        """Restrictions the instructions state, each with the figures and codes of the tool
        results that hold its data class (`guardrail.restrictions`)."""
        if not self.ctx.tool_results:
            return []
        calls = {c.id: c.raw_arguments for c in self.ctx.history_calls}
        out = []
        for r in restrictions(self.ctx.instruction_text):
            held = [
                m.text
                for m in self.ctx.tool_results
                if holds(r, m.text) or holds(r, calls.get(m.tool_call_id or "", ""))
            ]
            others = "\n".join(
                [
                    self.ctx.instruction_text,
                    *(m.text for m in self.ctx.tool_results if m.text not in held),
                ]
            )
            values = restricted_values(held, others)
            if values:
                out.append((r, values))
        return out

    def _restricted_evidence(
        self, seg: Segment, view: str, send: Send, verdict: Verdict
    ) -> Iterator[_Evidence]:
        """Figures from data the instructions restrict to a group, sent outside that group:
        a recipient the user named is still outside it."""
        for r, values in self._restricted:
            if any(r.allows(d) for d in send.destinations):
                continue
            if not r.named and verdict.trust < Trust.UNKNOWN:
                continue  # "only the account holder": a named recipient may be them
            hits = [h for h in values_in(values, view) if not self._recipients_own(h, send)]
            if len(hits) >= 2:
                pos = view.find(hits[0])
                span = (pos, pos + len(hits[0])) if pos >= 0 else None
                why = f"figures from data restricted to {r.group or 'the organisation'}"
                yield self._ev(
                    "restricted_data", 0.75, verdict, seg, view, span, hits[0], True, why
                )
                return

    def _described_bulk(self, send: Send, verdict: Verdict) -> Iterator[_Evidence]:
        """Documents sent with a note counting the people they cover ("412 patients",
        "2,318 admissions"): the note says what the attachments hold."""
        if not any(_file_key(g.key) or g.key.endswith("_ids") for g in send.payload):
            return
        for seg in send.payload:
            m = _PEOPLE_COUNT.search(seg.clean) if not _file_key(seg.key) else None
            if m is not None and int(m.group(1).replace(",", "")) >= 10:
                why = f"documents on {m.group(0)}"
                yield self._ev("bulk_dump", 0.6, verdict, seg, seg.clean, m.span(), "", False, why)
                return

    def _linked_evidence(self, seg: Segment, send: Send, verdict: Verdict) -> Iterator[_Evidence]:
        """What a bearer link in the payload opens (a presigned URL, a share link): the
        object behind it leaves with the link (`guardrail.capability_links`)."""
        if send.transfer is not None:
            return
        memory = self.state.memory
        tails = [t for t in link_tails(seg.clean) if memory and memory.context_of(t)]
        for obj in dict.fromkeys([*linked_objects(seg.clean), *tails]):
            src = self.state.classify(obj) or self.state.classify_id(obj)
            src = src or self._restricted_item(obj, send)
            if src is not None:
                why = f"a link that opens {src.label}"
                yield self._ev(
                    _rule_of(src), src.weight, verdict, seg, seg.clean, None, obj, False, why
                )
                return

    def _restricted_location(
        self, send: Send, transfer: Transfer, verdict: Verdict
    ) -> Iterator[_Evidence]:
        """A command that copies a location the instructions keep in ("records under
        /srv/records may only be stored on the NAS") to a place the rule does not allow: a
        host the user named is still outside it."""
        rules = restrictions(self.ctx.instruction_text)
        rule = restricted_path(rules, transfer.text) if rules else None
        if rule is None and rules and transfer.uploads_file:
            # a path named for the class the rule restricts (``/data/support_transcripts``
            # for "support transcripts are confidential"), copied out by the command
            made = [
                self.state.origins.get(m.group(0), "")
                for m in _COMMAND_PATH.finditer(transfer.text)
            ]
            for m in _COMMAND_PATH.finditer(" ".join([transfer.text, *made])):
                src = self._restricted_item(m.group(0), send)
                if src is not None:
                    why = f"{src.label} ({m.group(0)})"
                    yield self._ev(
                        "restricted_data",
                        0.7,
                        verdict,
                        send.anchor,
                        transfer.text,
                        None,
                        m.group(0),
                        False,
                        why,
                    )
                    return
        if rule is None or any(rule.allows(d) for d in send.destinations):
            return
        where = next((p for p in rule.paths if p in transfer.text), rule.paths[0])
        why = (
            f"data from {where}, which the instructions keep to {rule.group or 'the organisation'}"
        )
        yield self._ev(
            "restricted_data",
            0.75,
            verdict,
            send.anchor,
            transfer.text,
            None,
            where,
            False,
            why,
        )

    def _party_share_evidence(self, send: Send, verdict: Verdict) -> Iterator[_Evidence]:
        """A file an earlier result described as holding several parties' rows ("shippers:
        Acme Garden 84 rows, Halvorsen Tools 402"), sent to one of them: the others' rows
        go too (`guardrail.party_shares`). The user asking for the send does not make the
        others' data the recipient's."""
        memory = self.state.memory
        if memory is None or not memory.pending or verdict.trust is Trust.INTERNAL:
            return
        if send.transfer is not None:
            paths = [(send.anchor, m.group(0)) for m in _SENT_PATH.finditer(send.transfer.text)]
        else:
            paths = [(g, g.clean) for g in send.payload if _file_key(g.key)]
        if not paths:
            return
        recipients = recipient_parties(send.destinations)
        for seg, path in paths:
            others = other_parties(memory.descriptions(path), recipients)
            if others:
                why = f"a file also holding the records of {', '.join(others[:3])}"
                yield self._ev("other_parties", 0.75, verdict, seg, path, None, path, False, why)
                return

    def _kept_allowed(self, path: str, send: Send) -> bool:
        """Whether a kept location's rule allows every destination of a send."""
        rule = restricted_path(restrictions(self.ctx.instruction_text), path)
        return rule is None or any(rule.allows(d) for d in send.destinations)

    def _restricted_item(self, item: str, send: Send) -> Source | None:
        """A file or document the instructions keep in by its subject ("portfolio positions
        are strictly confidential"), known by its name or the listing line that gave its id."""
        rules = restrictions(self.ctx.instruction_text)
        memory = self.state.memory
        if not rules or len(item) < 2:
            return None
        listed = memory.context_of(item) if memory else ""
        if len(item) < 4 and not listed:
            return None
        text = item + " " + listed
        for r in rules:
            if (holds(r, text) or r.covers(item)) and not any(
                r.allows(d) for d in send.destinations
            ):
                return Source(Kind.CONFIDENTIAL, _RESTRICTED_LABEL, 0.7, item)
        return None

    @cached_property
    def _exclusions(self) -> list[tuple[tuple[str, ...], frozenset[str]]]:
        """Tool results whose marking names a party they must not reach, with their figures
        (`guardrail.exclusions`)."""
        out = []
        for m in self.ctx.tool_results:
            parties = excluded_parties(m.text)
            if parties:
                others = "\n".join(
                    [
                        self.ctx.instruction_text,
                        *(t.text for t in self.ctx.tool_results if t is not m),
                    ]
                )
                values = restricted_values([m.text], others)
                if values:
                    out.append((parties, values))
        return out

    def _excluded_evidence(
        self, seg: Segment, view: str, send: Send, verdict: Verdict
    ) -> Iterator[_Evidence]:
        """Figures of a document marked "do not share with X", sent to X."""
        for parties, values in self._exclusions:
            party = next((p for p in parties for d in send.destinations if names_party(p, d)), None)
            hits = values_in(values, view) if party else []
            if party and hits:
                pos = view.find(hits[0])
                span = (pos, pos + len(hits[0])) if pos >= 0 else None
                why = f"figures of a document marked not to be shared with {party}"
                yield self._ev(
                    "confidential_document", 0.9, verdict, seg, view, span, hits[0], True, why
                )
                return

    @cached_property
    def _user_compact(self) -> str:
        return re.sub(r"\W", "", self.ctx.user_text)

    def _user_wrote(self, value: str) -> bool:
        """Whether the user's own message holds this value (``my SSN is ...``)."""
        compact = re.sub(r"\W", "", value)
        return len(compact) >= 6 and compact in self._user_compact

    def _disguised_evidence(
        self, seg: Segment, view: str, flows: list[FlowMatch], verdict: Verdict
    ) -> Iterator[_Evidence]:
        """Tool-result values sent ROT13-encoded: hiding data from readers is the intent,
        whoever receives it, so even a named recipient does not excuse it."""
        if verdict.trust is Trust.INTERNAL or not re.search(r"[A-Za-z]{4}", view):
            return
        if self.flow.value_count() < 2:  # two distinct values must be found
            return
        plain = {f.value.text.lower() for f in flows}
        hidden = {
            f.value.text
            for f in self.flow.find(codecs.encode(view, "rot13"))
            if f.value.text.lower() not in plain and re.search(r"[A-Za-z]{3}", f.value.text)
        }
        if len(hidden) >= 2:
            why = f"{len(hidden)} tool-result values disguised with ROT13"
            first = sorted(hidden)[0]
            yield _Evidence("dataflow", 0.8, seg, view, None, first, True, why)

    def _hidden_evidence(self, seg: Segment, send: Send, verdict: Verdict) -> Iterator[_Evidence]:
        """Tool-result values or sensitive values encoded into the parts of an address
        (hex DNS labels, base64 query values, needless percent-escapes): an encoding no
        reader can see through is chosen to hide what leaves, whoever receives it."""
        if verdict.trust is Trust.INTERNAL:
            return
        text = send.transfer.text if send.transfer and not send.planted else seg.clean
        if "." not in text:
            return
        plain = compact(seg.clean + " " + self.ctx.instruction_text)
        known = self.ctx.tool_result_text
        for part, decoded in address_payloads(text):
            if part in known:
                continue  # written as-is by others, not hidden by this answer
            values = (
                [f.value.text for f in self.flow.find(decoded)] if self.ctx.tool_results else []
            )
            values += [
                h.value
                for h in find_sensitive(decoded)
                if h.kind in (Kind.CREDENTIAL, Kind.PERSONAL) and h.weight >= 0.5
            ]
            hidden = [v for v in values if len(compact(v)) >= 4 and compact(v) not in plain]
            if hidden:
                why = "a value encoded into the address, hidden from readers"
                yield self._ev("dataflow", 0.8, verdict, seg, decoded, None, hidden[0], True, why)
                return
            retold = self._retold(decoded)
            if retold:
                # prose is no address part: a summary of what tools returned, encoded
                why = "tool-result content retold and encoded into the address"
                yield self._ev("dataflow", 0.8, verdict, seg, decoded, None, retold[0], True, why)
                return

    def _retold(self, decoded: str) -> list[str]:
        """Words of tool results a decoded address part retells in a sentence of its own
        (five words or more, three of them from tool results and not the instructions)."""
        words = set(_TERM.findall(decoded.lower()))
        if len(words) < 5 or not self.ctx.tool_results:
            return []
        shared = (words & self._result_terms) - self._instruction_terms
        return sorted(shared) if len(shared) >= 3 else []

    @cached_property
    def _result_terms(self) -> frozenset[str]:
        return frozenset(_TERM.findall(self.ctx.tool_result_text.lower()))

    @cached_property
    def _instruction_terms(self) -> frozenset[str]:
        return frozenset(_TERM.findall(self.ctx.instruction_text.lower()))

    def _query_evidence(self, seg: Segment, view: str, verdict: Verdict) -> Iterator[_Evidence]:
        """A query over personal tables handed to an outsider asks for the rows themselves."""
        m = _SQL_PULL.search(view) if "select" in fold_ascii_case(view) else None
        if m is None:
            return
        columns, table = m.group(1), m.group(2).strip('"`')
        table_hit = classify_path("/" + table.lower())
        personal_columns = {c.lower() for c in _PERSONAL_COLUMN.findall(columns)}
        if not (table_hit and table_hit[0] is Kind.PERSONAL) and len(personal_columns) < 2:
            return
        yield self._ev(
            "bulk_dump", 0.55, verdict, seg, view, m.span(), table, False, f"query for {table} rows"
        )

    def _destination_records(self, send: Send) -> set[int]:
        """Records that name the destination itself: a bill's details may go back to its payee."""
        if not self.ctx.tool_results:
            return set()
        out: set[int] = set()
        for d in send.destinations:
            if d.kind in ("account", "email", "host", "bucket") and len(d.value) >= 6:
                out |= self.flow.records_containing(d.value)
            elif d.kind == "phone":  # the record a contact's number stands in, not a request
                out |= {r.id for r in self.flow.records if listed_as_data(r.text, d.value)}
        return out

    def _belongs(
        self, hit: Hit, seg: Segment, view: str, hosts: list[str], verdict: Verdict, send: Send
    ) -> bool:
        """A credential going to its own service, an address that is the recipient itself."""
        if hit.kind is Kind.CREDENTIAL:
            service = hit.service or service_of(hit.value.split()[-1])  # "Bearer sk_live_..."
            if service and any(h == service or h.endswith("." + service) for h in hosts):
                return True
            if hit.label == "conn" and any(h in hit.value for h in hosts):
                return True
            authish = seg.key in AUTH_KEYS or _AUTH_BEFORE.search(
                view[max(0, hit.start - 40) : hit.start]
            )
            if authish and verdict.trust <= Trust.TASK:
                return True
        if hit.label == "email" and any(hit.value.lower() == d.value for d in send.destinations):
            return True
        return hit.label == "iban" and any(
            d.kind == "account" and d.value == hit.value.replace(" ", "") for d in send.destinations
        )

    @staticmethod
    def _authenticates_in(send: Send, variable: str) -> bool:
        """Whether every use of a secret variable in a transfer is an auth header or login."""
        text = send.transfer.text if send.transfer else ""
        name = variable.lstrip("$").strip("{}")
        uses = [m.start() for m in re.finditer(r"\$\{?" + re.escape(name) + r"\b", text)]
        return bool(uses) and all(_AUTH_BEFORE.search(text[max(0, i - 40) : i]) for i in uses)

    @staticmethod
    def _authenticates(seg: Segment, view: str, start: int) -> bool:
        """Whether text at ``start`` sits where a request carries its own credentials: an
        argument or header named for them (``X-Api-Key``, ``session_token``), not a trace,
        label or message field that merely carries the value along."""
        return (
            seg.key in AUTH_KEYS
            or bool(_AUTH_KEY.search(seg.key))
            or bool(_AUTH_BEFORE.search(view[max(0, start - 40) : start]))
        )

    def _record_evidence(
        self, seg: Segment, view: str, records: dict[int, list[str]], verdict: Verdict
    ) -> Iterator[_Evidence]:
        values = sorted({v for vs in records.values() for v in vs})
        foreign = [r for r in records if not self.flow.record(r).owned]
        if verdict.trust is Trust.TASK:
            if len(foreign) < 2:
                return
            score = min(0.9, 0.35 * len(foreign))
            why = f"values from {len(foreign)} tool-result records the task did not name"
        elif verdict.trust is Trust.INTERNAL:
            return
        else:
            score = min(0.75, 0.35 + 0.1 * (len(values) - 1))
            why = f"{len(values)} value(s) read from tool results"
        first = values[0]
        pos = view.lower().find(first.lower())
        span = (pos, pos + len(first)) if pos >= 0 else None
        yield self._ev("dataflow", score, verdict, seg, view, span, first, True, why)

    def _kept_people_evidence(
        self,
        seg: Segment,
        view: str,
        records: dict[int, list[str]],
        send: Send,
        verdict: Verdict,
    ) -> Iterator[_Evidence]:
        """Values of records about people, sent where nobody named, when the operator keeps
        data about people in named places ("client data may only be processed in approved
        systems (Salesforce, ...)"): the stated rule, not a count of values, decides."""
        if verdict.trust < Trust.UNKNOWN or not self._kept_places:
            return
        if any(_among(d, self._kept_places) for d in send.destinations):
            return
        values = sorted({v for r, vs in records.items() if self._about_people(r) for v in vs})
        if len(values) >= 2:
            pos = view.lower().find(values[0].lower())
            span = (pos, pos + len(values[0])) if pos >= 0 else None
            why = "records of people the instructions keep in approved places"
            yield self._ev("restricted_data", 0.6, verdict, seg, view, span, values[0], True, why)

    @cached_property
    def _kept_places(self) -> tuple[str, ...]:
        return personal_places(self.ctx.instruction_text)

    def _about_people(self, record: int) -> bool:
        """Whether a tool-result record holds a person's contact or identity details."""
        return any(h.kind is Kind.PERSONAL for h in find_sensitive(self.flow.record(record).text))

    def _marked_evidence(
        self, seg: Segment, view: str, records: dict[int, list[str]], verdict: Verdict
    ) -> Iterator[_Evidence]:
        """Details of a document marked confidential, unless the user asked about that
        document and named a destination for the task."""
        marked = [
            r
            for r in records
            if self.flow.record(r).confidential
            and (verdict.trust > Trust.TASK or not self.flow.record(r).owned)
        ]
        values = sorted({v for r in marked for v in records[r]}, key=len, reverse=True)
        if not values or (len(values) < 2 and len(values[0]) < 4):
            return
        first = values[0]
        pos = view.lower().find(first.lower())
        span = (pos, pos + len(first)) if pos >= 0 else None
        why = "details of a document marked confidential"
        yield self._ev("confidential_document", 0.6, verdict, seg, view, span, first, True, why)

    def _bulk_evidence(self, seg: Segment, view: str, verdict: Verdict) -> Iterator[_Evidence]:
        lines = [ln for ln in view.splitlines() if ln.strip()]
        rows = 0
        if len(lines) >= 3:
            for sep in _ROW_SEP:
                counts = [ln.count(sep) for ln in lines]
                rows = max(rows, sum(1 for c in counts if c >= 2 and abs(c - counts[0]) <= 1))
        if rows < 2:
            return  # a count ("all 40 customers") needs two rows beside it
        counted = bool(_BULK_COUNT.search(view))
        if (rows >= 3 or (counted and rows >= 2)) and not made_up_rows(lines):
            weight = 0.6 + (0.1 if _BULK_WORDS.search(view) else 0.0) + (0.05 if counted else 0.0)
            yield self._ev(
                "bulk_dump", weight, verdict, seg, view, None, view[:24], True, f"{rows} records"
            )

    def _memo_evidence(
        self, send: Send, dest: Destination, verdict: Verdict
    ) -> Iterator[_Evidence]:
        if verdict.trust < Trust.ATTACKER or not self.ctx.tool_results:
            return
        payee_records = self.flow.records_containing(dest.value)
        for seg in send.payload:
            if seg.key not in _MEMO_KEYS:
                continue
            text = seg.clean
            m = _PROFILING.search(text)
            if m:
                yield self._ev(
                    "personal_data",
                    0.5,
                    verdict,
                    seg,
                    text,
                    m.span(),
                    text,
                    False,
                    "memo describes the account holder",
                )
            fields = self._profile_fields(text, payee_records)
            if len(fields) >= 2:  # a name alone is how many memos are signed
                why = f"memo carries the account holder's {' and '.join(sorted(fields))}"
                yield self._ev("personal_data", 0.6, verdict, seg, text, None, text, True, why)
            words = {w for w, rs in self.flow.word_records(text).items() if rs - payee_records}
            if words:
                weight = 0.25 if self.asked_to_pay else 0.4
                yield self._ev(
                    "dataflow",
                    weight,
                    verdict,
                    seg,
                    text,
                    None,
                    text,
                    True,
                    "memo repeats private details from tool results",
                )

    def _profile_fields(self, memo: str, payee_records: set[int]) -> set[str]:
        """Kinds of personal field of a profile record (``last_name: ...``, ``street: ...``)
        whose values a memo repeats, unless the payee's own record or the user wrote them: a
        holder's name and home address in a memo tell the payee who and where they are."""
        if _ASKED_DETAILS.search(self.ctx.user_text):
            return set()
        memo_c = compact(memo)
        known = compact(self.ctx.instruction_text)
        payee = [compact(self.flow.record(r).text) for r in payee_records]
        out: set[str] = set()
        for record in self.flow.records:
            if record.id in payee_records:
                continue
            for m in _PROFILE_FIELD.finditer(record.text):
                value = compact(m.group(2))
                if (
                    len(value) >= 3
                    and value in memo_c
                    and value not in known
                    and not any(value in t for t in payee)
                ):
                    out.add(_field_kind(m.group(1)))
        out.discard("")
        return out

    def _ev(
        self,
        rule: str,
        weight: float,
        verdict: Verdict,
        seg: Segment,
        view: str,
        span: tuple[int, int] | None,
        value: str,
        secret: bool,
        why: str,
    ) -> _Evidence:
        score = self._adjust(rule, weight, verdict)
        if (
            verdict.trust is Trust.INTERNAL
            and verdict.public
            and rule in _KEPT_FROM_PUBLIC
            and Clearance.RELEASED not in self._clearances
            and not (rule == "model_weights" and self._asks_public)
        ):
            # the organisation's own public page or repository is read by everyone: weights
            # and data the instructions restrict need a release the user speaks of
            score = max(score, weight * 0.9)
        if (
            verdict.trust is Trust.TASK
            and rule in ("personal_data", "bulk_dump")
            and weight >= 0.6
            and self._guards_personal
        ):
            score = max(score, weight * 0.9)  # the operator keeps records of people inside
        return _Evidence(rule, score, seg, view, span, value, secret, why)

    @cached_property
    def _asks_public(self) -> bool:
        """Whether the user's own words ask for a public release (``publish it as open
        weights``), not merely for somewhere others can download from."""
        return bool(_PUBLIC_ASK.search(self.ctx.last_user_text))

    @cached_property
    def _guards_personal(self) -> bool:
        return guards_personal(self.ctx.instruction_text)

    @staticmethod
    def _adjust(rule: str, weight: float, verdict: Verdict) -> float:
        """How much a datum of this kind matters at this destination."""
        if verdict.trust is Trust.INTERNAL:
            return weight * 0.7 if rule == "credential" and verdict.public else 0.0
        bonus = (0.1 if verdict.public else 0.0) + (0.1 if verdict.lookalike_of else 0.0)
        if verdict.trust is Trust.TASK:
            # personal data is the point of many named recipients; not of a public page
            # checksummed identifiers (cards, SSNs) are rarely the point unless the user asked
            strong = weight >= 0.75 and not verdict.requested
            personal = 0.8 if verdict.public else 0.6 if strong else 0.3
            factor = {"personal_data": personal, "dataflow": 0.9}.get(rule, 0.9)
            if verdict.requested and rule in _REQUESTABLE and not verdict.public:
                factor *= 0.4  # the user asked for this to go there; secrets still do not
            return min(1.0, weight * factor + bonus)
        if verdict.trust is Trust.ATTACKER:
            bonus += 0.15
        return min(1.0, weight + bonus)

    def _split_secrets(self, outbound: Sequence[Segment]) -> Iterator[Finding]:
        if len({s.location.tool_call for s in outbound}) < 2 or not self.ctx.tool_results:
            return
        for value in self.flow.find_split_secrets(s.clean for s in outbound):
            seg = outbound[0]
            yield Finding(
                rule="exfil.credential",
                score=0.9,
                location=replace(seg.location, span=None),
                excerpt=mask(value.text),
                message="a secret read from a tool result is split across several outbound calls",
                tool=seg.tool,
                fingerprints=(fingerprint(value.text),),
            )

    def _finding(self, ev: _Evidence, send: Send, dest: Destination, verdict: Verdict) -> Finding:
        seg = ev.segment
        view = ev.view
        all_masks = [(h.start, h.end) for h in find_sensitive(view) if h.secret]
        if ev.span is not None and ev.secret:
            all_masks.append(ev.span)
        if self.ctx.tool_results:
            all_masks.extend(
                (f.start, f.end) for f in self.flow.find(view) if f.end - f.start < len(view)
            )
        start, end = ev.span or (0, min(len(view), 96))
        text = excerpt(view, start, end, masked=tuple(all_masks), radius=48)
        if (
            ev.secret
            and ev.span is None
            and len(ev.value) >= 4
            and ev.value.lower() in text.lower()
        ):
            text = mask(ev.value)
        where = _describe(dest, verdict)
        verb = "plants a script that sends" if send.planted else "sends"
        if send.transfer is not None and send.transfer.program == "traffic mirror":
            verb = "configures a traffic mirror that sends"
        location = seg.location
        if ev.span is not None and view == seg.raw and location.span is None:
            location = replace(location, span=ev.span)
        return Finding(
            rule=f"exfil.{ev.rule}",
            score=round(min(1.0, ev.score), 3),
            location=location,
            excerpt=text,
            message=f"{verb} {ev.why} to {where}",
            tool=seg.tool,
            fingerprints=(fingerprint(ev.value),),
        )


_RESTRICTED_LABEL = "a file of data the instructions restrict"


# Argument names of files by their last word, however they are joined (``attachment_path``,
# ``attachmentPaths``, ``local_files``, ``upload_file``).
_FILE_KEY_TAIL = re.compile(
    r"(?:^|_)(?:attachments?|attachment_?paths?|paths?|files?|file_?paths?)$|^attachment"
)


_TARGET_KEY = re.compile(r"(?:dest|destination|target|to|out|output|remote|save|upload_to)_?")


@lru_cache(maxsize=256)
def _file_key(key: str) -> bool:
    """Whether an argument names files or documents that a send carries."""
    if key in _FILE_KEYS:
        return True
    # ``dest_path``, ``output_file``: where the data lands, not what it is
    return bool(_FILE_KEY_TAIL.search(key)) and not _TARGET_KEY.match(key)


@lru_cache(maxsize=64)
def _prompt_credentials(system: str) -> tuple[str, ...]:
    """Credentials written in a system prompt; memoised, as agents resend the prompt."""
    if not system:
        return ()
    return tuple(
        dict.fromkeys(
            h.value
            for h in find_sensitive(system)
            if h.kind is Kind.CREDENTIAL and h.secret and len(h.value) >= 8
        )
    )


def _rule_of(src: Source) -> str:
    """The rule a file source is judged under: a file of a class the operator keeps in is
    restricted data, which a user's request to send it out does not make requestable."""
    return "restricted_data" if src.label in (_RESTRICTED_LABEL, KEPT_LABEL) else src.kind.value


def _field_kind(key: str) -> str:
    """What a profile field tells about its holder: name, home, contact or identity; a
    city alone tells little."""
    key = key.lower()
    if "name" in key:
        return "name"
    if "city" in key:
        return ""
    if re.search(r"street|address|zip|post", key):
        return "home address"
    if re.search(r"phone|mobile|mail", key):
        return "contact"
    return "identity details"


# A file a message body says it carries: ``[attachment: hr/comp.csv]``, ``Attached: x.xlsx``.
_ATTACHED = re.compile(
    r"(?i)(?:\[\s*(?:attachment|attached|file|enclosure)s?\s*[:=]\s*|"
    r"\b(?:attachments?|attached(?: file)?|enclosed)\s*[:=]\s*)"
    r"([\w~./@+-]+(?: [\w~./@+-]+)*?\.[A-Za-z][A-Za-z0-9]{1,5})\b"
)


def _named_in(dest: Destination, user: str) -> bool:
    """Whether a word of the destination (its host's name, repo, account) is in the user's
    words: ``datadoghq.eu`` is the vendor a user calls Datadog."""
    words = set(re.findall(r"[a-z0-9]{4,}", user.lower()))
    name = registrable(dest.value) if dest.kind in ("host", "email") else dest.value
    parts = re.findall(r"[a-z0-9]{4,}", name.lower().rsplit("@", 1)[-1])
    return any(p in words or any(len(w) >= 5 and p.startswith(w) for w in words) for p in parts)


def _attached(text: str) -> list[str]:
    """File names a message body says are attached to it."""
    return (
        [m.group(1) for m in _ATTACHED.finditer(text)]
        if "ttach" in text or "nclos" in text or "[" in text
        else []
    )


@lru_cache(maxsize=2048)  # per record: one result may split into many
def _holder_contacts(text: str) -> tuple[tuple[str, str], ...]:
    """What follows each holder-contact label of a record (its digits, and lower-cased):
    read once per record, not once per send."""
    out = []
    for m in _HOLDER_CONTACT.finditer(text):
        window = text[m.end() : m.end() + 48]
        out.append((re.sub(r"\D", "", window), window.lower()))
    return tuple(out)


@per_conversation
def _decoded(text: str) -> tuple[str, ...]:
    return tuple(clean(t) for t in decode_layers(text))


def _person_at_domain(address: str, user: str) -> bool:
    """Whether the user named both the person an address spells (``guinevere.oyelaran``)
    and its organisation (``at thornburyashe.example``, ``at Thornbury Ashe``): that
    names the address as surely as writing it out."""
    local, _, domain = address.partition("@")
    names = [w for w in re.split(r"[^a-z]+", local.lower()) if len(w) >= 3]
    label = registrable(domain).split(".")[0]
    plain = unicodedata.normalize("NFKD", user).encode("ascii", "ignore").decode()
    words = set(re.findall(r"[a-z]+", plain))
    return (
        len(names) >= 2
        and all(n in words for n in names)
        and len(label) >= 4
        and (registrable(domain) in user or label in re.sub(r"[^a-z0-9]", "", user))
    )


def _among(dest: Destination, places: tuple[str, ...]) -> bool:
    """Whether a destination is one of the places a rule names (by host or product name)."""
    host = dest.value.rsplit("@", 1)[-1].lower()
    return host in places or registrable(host).split(".")[0] in places


def _variable_names(variable: str, dest: Destination) -> bool:
    """Whether a secret variable's name names the destination's service (``$STRIPE_KEY``)."""
    if dest.kind not in ("host", "ip"):
        return False
    label = registrable(dest.value).split(".")[0]
    words = {w for w in re.split(r"[^a-z0-9]+", variable.lower()) if len(w) >= 3}
    return label in words or (label == "githubusercontent" and "github" in words)


def _describe(dest: Destination, verdict: Verdict) -> str:
    shown = dest.value if dest.kind != "account" else mask(dest.value)
    text = f"{dest.kind} {shown} ({verdict.reason}"
    if verdict.lookalike_of:
        text += f"; look-alike of {verdict.lookalike_of}"
    if verdict.public:
        text += "; publicly visible"
    return text + ")"
