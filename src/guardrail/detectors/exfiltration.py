"""Sensitive data leaving for a destination the operator does not trust.

Each pending tool call is turned into sends — a destination plus the data that goes
there. Direct sends come from outbound tools (mail, chat, HTTP, uploads, payments);
shell and code calls are parsed into transfers (`guardrail.transfers`), including
scripts an agent plants in hooks and CI files. Each send's data is weighed by what it
holds (`guardrail.sensitive`), by what it repeats from earlier tool results
(`guardrail.dataflow`) and by where it goes (`guardrail.destinations`): the same
password is fine for its own service, bad in a broad channel, worse at a host that only
an injected web page named. All calls of one answer are judged together, so a secret
split over two calls is still one secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import ClassVar

from pydantic import Field

from guardrail.context import Context, Segment
from guardrail.conversation import ToolCall
from guardrail.dataflow import FlowIndex
from guardrail.decision import Finding
from guardrail.destinations import (
    Destination,
    Trust,
    TrustModel,
    Verdict,
    extract,
    listed_as_data,
    phone_number,
    registrable,
)
from guardrail.detectors.base import DetectorParams
from guardrail.evidence import excerpt, fingerprint, mask
from guardrail.file_memory import FileMemory
from guardrail.public_places import drop_family
from guardrail.sensitive import Hit, Kind, classify_path, find_sensitive, service_of
from guardrail.shell import parse_script
from guardrail.toolkinds import DESTINATION_PARAMS, ToolKind
from guardrail.transfers import (
    Transfer,
    TransferState,
    embedded_transfers,
    powershell_transfers,
    script_lines,
    transfers,
)

__all__ = ["ExfiltrationDetector"]

_OUTBOUND = frozenset({ToolKind.MESSAGE, ToolKind.HTTP, ToolKind.UPLOAD, ToolKind.PAYMENT})
# Arguments that carry no data. Credentials in auth arguments are data: `_belongs`
# decides whether they go to their own service.
_NOT_PAYLOAD = frozenset(
    "amount date time id n count limit recurring method acl public ticket_id "
    "priority status type format encoding timeout max_results page sort order visibility "
    "issue_number labels expiration".split()
)
_PUBLICITY_KEYS = frozenset(
    "acl visibility exposure privacy access access_level sharing share permission "
    "permissions audience public is_public private is_private secret".split()
)
_PUBLIC_VALUE = re.compile(
    r"(?i)\b(?:public|anyone|everyone|world|unlisted|open|true|all ?users)\b"
)
# Tools whose output anyone can read, and trackers that are public when the project is.
_PUBLISHING_TOOL = re.compile(r"(?i)gist|paste|snippet|tweet|toot|forum|blog")
_TRACKER_TOOL = re.compile(r"(?i)issue|comment|discussion|pull_?request")
_SHARING_TOOL = re.compile(r"(?i)share|permission|grant|visibility")
# An argument value that opens something to everyone (Drive "anyone", "public", "allUsers").
_PUBLIC_GRANT = re.compile(
    r"(?i)^(?:anyone|anonymous|anyone[_ ]?with[_ ]?(?:the[_ ]?)?link|public(?:[_-]read)?|everyone|"
    r"all ?users|allusers|allauthenticatedusers|world|internet)$"
)
_REPO_KEYS = frozenset({"repo", "repository", "repo_name", "project_path", "full_name"})
_REPO_SHAPE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_PHONE_KEYS = frozenset(
    "phone phone_number number mobile msisdn to_number sms_to whatsapp cell".split()
)
_REQUEST_PARTS = frozenset({"headers", "params", "query", "cookies", "auth"})
_SHELL_ARG_KEYS = frozenset(
    {"command", "cmd", "input", "script", "shell", "bash", "commands", "cmdline", "command_line"}
)
_PERSONAL_COLUMN = re.compile(
    r"(?i)email|phone|mobile|ssn|dob|birth|iban|card|salary|address|contract|passport|name"
)
_SQL_PULL = re.compile(r"(?i)\bselect\s+([\w\s,.*\"`]{1,300}?)\s+from\s+([\w.\"`]+)")
_AUTH_KEYS = frozenset(
    {"headers", "authorization", "auth", "token", "api_key", "password", "bearer"}
)
_PAYEE_KEYS = frozenset({"recipient", "iban", "to", "payee", "account", "beneficiary", "creditor"})
_MEMO_KEYS = frozenset(
    {"subject", "memo", "reference", "description", "note", "purpose", "message", "remittance"}
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
        "attachment",
        "attachments",
        # documents shared by id: what a tool result listed about the id says what it holds
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
    }
)
_SCRIPT_KEYS = frozenset(
    {"command", "cmd", "script", "code", "input", "commands", "source", "shell", "bash"}
)
_BUCKET_KEYS = frozenset({"bucket", "container", "bucket_name"})
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
_AUTH_BEFORE = re.compile(
    r"(?i)(?:authorization|x-api-key|api-key|private-token|(?:^|\s)-u|--user)\b[^'\"\n]{0,24}$"
)
_ROW_SEP = (",", "\t", "|", ";")
_BULK_WORDS = re.compile(
    r"(?i)\b(?:customers?|clients?|accounts?|contracts?|contract[_ ]value|salar(?:y|ies)|patients?|employees?|"
    r"ssn|emails?|phones?|addresses|users?|members?|full list|all \d+)\b"
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


@dataclass(frozen=True, slots=True)
class _Send:
    call: ToolCall | None
    destinations: tuple[Destination, ...]
    payload: tuple[Segment, ...]
    anchor: Segment
    transfer: Transfer | None = None
    public: bool = False
    planted: bool = False
    addressed: bool = False  # the payload is the address itself (a GET URL, a DNS name)


class ExfiltrationDetector:
    """Finds credentials, personal data, confidential documents, weights and tool-read
    values in what an answer sends to destinations outside the organisation's trust."""

    type: ClassVar[str] = "exfiltration"

    class Params(DetectorParams):
        min_score: float = Field(default=0.25, ge=0, le=1, description="findings below are dropped")

    def __init__(self, params: Params) -> None:
        self.params = params

    def scan(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.calls and "](" not in ctx.exchange.output.content:
            return
        run = _Run(ctx)
        for finding in run.findings():
            if finding.score >= self.params.min_score:
                yield finding


class _Run:
    """The judgement of one exchange; trust and data-flow indexes are built once."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.trust = TrustModel(ctx)
        self.state = TransferState(memory=FileMemory.build(ctx.exchange.messages))

    @cached_property
    def asked_to_pay(self) -> bool:
        """Whether the user asked for a payment; read only when a memo needs it."""
        return bool(_PAY_REQUEST.search(self.ctx.user_text))

    @cached_property
    def flow(self) -> FlowIndex:
        return FlowIndex.build(self.ctx.tool_results, self.ctx.instruction_text)

    # ------------------------------------------------------------------ sends

    def sends(self) -> Iterator[_Send]:
        for call in self.ctx.calls:
            kinds = self.ctx.kinds(call.name)
            segs = self.ctx.call_segments(call)
            # A terminal tool the schema does not name as one still runs its command.
            if kinds & {ToolKind.SHELL, ToolKind.CODE} or (
                not kinds & _OUTBOUND and any(s.key in _SHELL_ARG_KEYS for s in segs)
            ):
                yield from self._script_sends(call, segs, kinds)
            if ToolKind.FILE_WRITE in kinds:
                yield from self._planted_sends(call, segs)
            if (
                kinds & _OUTBOUND
                or _PUBLISHING_TOOL.search(call.name)
                or _TRACKER_TOOL.search(call.name)
                or _SHARING_TOOL.search(call.name)
                or any(_PUBLIC_GRANT.match(g.clean.strip()) for g in segs)
            ):
                send = self._direct_send(call, segs, kinds)
                if send is not None:
                    yield send
        yield from self._content_sends()

    def _script_sends(
        self, call: ToolCall, segs: list[Segment], kinds: frozenset[ToolKind]
    ) -> Iterator[_Send]:
        chosen = [s for s in segs if s.key in _SCRIPT_KEYS] or segs[:1]
        for seg in chosen:
            seen: set[tuple[str, tuple[str, ...]]] = set()
            for view in seg.views():
                found = transfers(parse_script(view), self.state)
                found += powershell_transfers(view, self.state)
                if ToolKind.CODE in kinds or seg.key == "code":
                    found += embedded_transfers(view, self.state)
                for t in found:
                    key = (t.program, tuple(d.value for d in t.destinations))
                    if key not in seen:
                        seen.add(key)
                        yield _Send(
                            call, t.destinations, (seg,), seg, t, t.public, addressed=t.addressed
                        )

    def _planted_sends(self, call: ToolCall, segs: list[Segment]) -> Iterator[_Send]:
        path = next((s.raw for s in segs if s.key in ("path", "file_path", "filename", "file")), "")
        for seg in segs:
            if seg.key not in ("file_text", "new_str", "content", "text", "data", "insert_text"):
                continue
            for view in seg.views():
                text = script_lines(path, view)
                if text is None:
                    continue
                for t in transfers(parse_script(text), self.state):
                    yield _Send(call, t.destinations, (seg,), seg, t, t.public, planted=True)
                break

    def _direct_send(
        self, call: ToolCall, segs: list[Segment], kinds: frozenset[ToolKind]
    ) -> _Send | None:
        dests: list[Destination] = []
        payload: list[Segment] = []
        anchor: Segment | None = None
        public = False
        private = False
        paying = ToolKind.PAYMENT in kinds
        for seg in segs:
            key = seg.key
            if key not in DESTINATION_PARAMS and _PUBLIC_GRANT.match(seg.clean.strip()):
                public = True
                continue
            if key in _PUBLICITY_KEYS:
                said = bool(_PUBLIC_VALUE.search(seg.clean))
                negated = key in ("private", "is_private", "secret")
                public = public or (said != negated)
                private = private or (said == negated)
                continue
            if key in _REPO_KEYS and _REPO_SHAPE.match(seg.clean.strip()):
                dests.append(Destination("repo", seg.clean.strip().lower(), seg.clean))
            elif key in _PHONE_KEYS or (key in DESTINATION_PARAMS and phone_number(seg.clean)):
                number = phone_number(seg.clean)
                if number is None:
                    continue
                dests.append(Destination("phone", number, seg.clean))
            elif paying and key in _PAYEE_KEYS:
                dests.append(
                    Destination("account", re.sub(r"\s", "", seg.clean).upper(), seg.clean)
                )
            elif key == "channel":
                dests.append(Destination("channel", seg.clean.strip().lower(), seg.clean))
            elif key in _BUCKET_KEYS:
                name = re.sub(r"^[a-z0-9]+://", "", seg.clean.strip().lower()).split("/", 1)[0]
                dests.append(Destination("bucket", name, seg.clean))
            elif key in DESTINATION_PARAMS:
                found = [d for d in extract(seg.clean) if d.kind != "host" or "@" not in seg.clean]
                if found:
                    dests.extend(found)
                elif key in (
                    "to",
                    "recipient",
                    "recipients",
                    "user",
                    "username",
                    "cc",
                    "bcc",
                    "copy_to",
                ):
                    dests.append(Destination("user", seg.clean.strip().lower(), seg.clean))
                else:
                    continue
            elif key not in _NOT_PAYLOAD:
                payload.append(seg)
                continue
            else:
                continue
            anchor = anchor or seg
        publishing = public or bool(_PUBLISHING_TOOL.search(call.name))
        if not dests and payload and publishing and not private:
            dests.append(Destination("public", call.name))
            public = True
        if not dests and ToolKind.MESSAGE in kinds and payload:
            dests.append(Destination("reply", call.name))
        if not dests:
            return None
        if ToolKind.HTTP in kinds and not self._has_body(segs, payload):
            # a GET carries what is written into its URL, query and headers
            payload = [
                s
                for s in segs
                if s.key in ("url", "uri", "endpoint")
                or s.key in _AUTH_KEYS
                or (s.argument or "").split(".", 1)[0].lower() in _REQUEST_PARTS
            ]
            anchor = anchor or segs[0]
            return _Send(call, tuple(dests), tuple(payload), anchor, None, public, addressed=True)
        return _Send(call, tuple(dests), tuple(payload), anchor or segs[0], None, public)

    @staticmethod
    def _has_body(segs: list[Segment], payload: list[Segment]) -> bool:
        method = next((s.clean.upper() for s in segs if s.key == "method"), "")
        if method in ("GET", "HEAD", "OPTIONS"):
            return False
        return bool(payload) or method in ("POST", "PUT", "PATCH")

    def _content_sends(self) -> Iterator[_Send]:
        # Markdown images are fetched by the client the moment the answer renders.
        for seg in self.ctx.segments:
            if seg.tool is not None:
                continue
            for m in re.finditer(r"!\[[^\]]*\]\(\s*(\S+?)\s*\)", seg.clean):
                url = m.group(1)
                if "?" not in url and len(url) < 80:
                    continue
                dests = tuple(d for d in extract(url) if d.kind in ("host", "ip"))
                if dests:
                    piece = Segment(replace(seg.location, span=m.span(1)), url)
                    yield _Send(None, dests, (piece,), seg)

    # ------------------------------------------------------------------ judgement

    def findings(self) -> Iterator[Finding]:
        outbound: list[Segment] = []
        for send in self.sends():
            verdicts = [(d, self.trust.judge(d)) for d in send.destinations]
            dest, verdict = max(verdicts, key=lambda dv: dv[1].trust)
            if send.public and not verdict.public:
                verdict = replace(verdict, public=True)
            if verdict.trust is Trust.INTERNAL and not verdict.public:
                continue
            if verdict.trust is not Trust.INTERNAL:
                outbound.extend(send.payload)
            best = self._best(send, dest, verdict)
            if best is not None:
                yield self._finding(best, send, dest, verdict)
        yield from self._split_secrets(outbound)

    def _best(self, send: _Send, dest: Destination, verdict: Verdict) -> _Evidence | None:
        evidence = list(self._evidence(send, dest, verdict))
        if not evidence:
            return None
        evidence.sort(key=lambda e: e.score, reverse=True)
        top = evidence[0]
        others = {e.rule for e in evidence[1:] if e.score >= 0.25 and e.rule != top.rule}
        bonus = 0.05 * len(others)
        if _DROP_HOST.search(dest.value) or drop_family(dest.value):
            bonus += 0.1
        return replace(top, score=min(1.0, top.score + bonus)) if bonus else top

    def _evidence(self, send: _Send, dest: Destination, verdict: Verdict) -> Iterator[_Evidence]:
        hosts = [d.value for d in send.destinations if d.kind in ("host", "ip")]
        hosts += [d.value.rsplit("@", 1)[-1] for d in send.destinations if d.kind == "email"]
        for seg in send.payload:
            text = send.transfer.text if send.transfer and not send.planted else None
            views = [text] if text else list(seg.views())
            for view in views:
                on_address = send.transfer is not None or seg.key in ("url", "uri", "endpoint")
                if send.addressed and on_address and self._quoted_address(view):
                    continue
                yield from self._value_evidence(seg, view, send, hosts, verdict)
            if seg.key in _FILE_KEYS:
                src = self.state.classify(seg.clean)
                if src is not None:
                    yield self._ev(
                        src.kind.value,
                        src.weight,
                        verdict,
                        seg,
                        seg.clean,
                        None,
                        seg.clean,
                        False,
                        src.label,
                    )
        if send.transfer is not None:
            for src in send.transfer.sources:
                if src.label == "secret variable" and _variable_names(src.what, dest):
                    continue  # $GITHUB_TOKEN to api.github.com authenticates
                yield self._ev(
                    src.kind.value,
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
        if send.call is not None and ToolKind.PAYMENT in self.ctx.kinds(send.call.name):
            yield from self._memo_evidence(send, dest, verdict)

    def _quoted_address(self, view: str) -> bool:
        """Whether an address-borne payload (URL, DNS names) was written as-is by others:
        following a link or looking up a host from a tool result sends nothing new."""
        known = self.ctx.tool_result_text + "\n" + self.ctx.instruction_text
        parts = [p for p in view.split() if len(p) >= 8]
        return bool(parts) and all(p in known for p in parts)

    def _value_evidence(
        self, seg: Segment, view: str, send: _Send, hosts: list[str], verdict: Verdict
    ) -> Iterator[_Evidence]:
        found = find_sensitive(view)
        hits = [h for h in found if not self._belongs(h, seg, view, hosts, verdict, send)]
        # Credentials the recognisers judged (sent where they belong, or not) decide alone.
        judged = [h.value for h in found if h.kind is Kind.CREDENTIAL]
        for h in hits:
            why = h.label.replace("_", " ")
            yield self._ev(
                h.kind.value, h.weight, verdict, seg, view, (h.start, h.end), h.value, h.secret, why
            )
        flows = self.flow.find(view) if self.ctx.tool_results else []
        own = self._destination_records(send)
        records: dict[int, list[str]] = {}
        for f in flows:
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
            elif f.value.record not in own:
                records.setdefault(f.value.record, []).append(f.value.text)
        if records:
            yield from self._record_evidence(seg, view, records, verdict)
        if self.ctx.tool_results and verdict.trust >= Trust.UNKNOWN and send.transfer is None:
            count, share = self.flow.quoted_share(view)
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

    def _query_evidence(self, seg: Segment, view: str, verdict: Verdict) -> Iterator[_Evidence]:
        """A query over personal tables handed to an outsider asks for the rows themselves."""
        m = _SQL_PULL.search(view)
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

    def _destination_records(self, send: _Send) -> set[int]:
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
        self, hit: Hit, seg: Segment, view: str, hosts: list[str], verdict: Verdict, send: _Send
    ) -> bool:
        """A credential going to its own service, an address that is the recipient itself."""
        if hit.kind is Kind.CREDENTIAL:
            service = hit.service or service_of(hit.value.split()[-1])  # "Bearer sk_live_..."
            if service and any(h == service or h.endswith("." + service) for h in hosts):
                return True
            if hit.label == "conn" and any(h in hit.value for h in hosts):
                return True
            authish = seg.key in _AUTH_KEYS or _AUTH_BEFORE.search(
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
    def _authenticates(seg: Segment, view: str, start: int) -> bool:
        """Whether text at ``start`` sits where a request carries its own credentials."""
        return seg.key in _AUTH_KEYS or bool(_AUTH_BEFORE.search(view[max(0, start - 40) : start]))

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

    def _bulk_evidence(self, seg: Segment, view: str, verdict: Verdict) -> Iterator[_Evidence]:
        lines = [ln for ln in view.splitlines() if ln.strip()]
        rows = 0
        if len(lines) >= 3:
            for sep in _ROW_SEP:
                counts = [ln.count(sep) for ln in lines]
                rows = max(rows, sum(1 for c in counts if c >= 2 and abs(c - counts[0]) <= 1))
        counted = bool(_BULK_COUNT.search(view))
        if rows >= 3 or (counted and rows >= 2):
            weight = 0.6 + (0.1 if _BULK_WORDS.search(view) else 0.0) + (0.05 if counted else 0.0)
            yield self._ev(
                "bulk_dump", weight, verdict, seg, view, None, view[:24], True, f"{rows} records"
            )

    def _memo_evidence(
        self, send: _Send, dest: Destination, verdict: Verdict
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
        return _Evidence(
            rule, self._adjust(rule, weight, verdict), seg, view, span, value, secret, why
        )

    @staticmethod
    def _adjust(rule: str, weight: float, verdict: Verdict) -> float:
        """How much a datum of this kind matters at this destination."""
        if verdict.trust is Trust.INTERNAL:
            return weight * 0.7 if rule == "credential" and verdict.public else 0.0
        bonus = (0.1 if verdict.public else 0.0) + (0.1 if verdict.lookalike_of else 0.0)
        if verdict.trust is Trust.TASK:
            # personal data is the point of many named recipients; not of a public page
            personal = 0.8 if verdict.public else 0.3
            factor = {"personal_data": personal, "dataflow": 0.9}.get(rule, 0.9)
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

    def _finding(self, ev: _Evidence, send: _Send, dest: Destination, verdict: Verdict) -> Finding:
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
