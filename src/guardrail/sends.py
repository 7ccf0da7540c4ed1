"""Sends: what each pending tool call would deliver, and to where.

A send pairs destinations with the argument segments that travel there. Direct sends come
from outbound tools (mail, chat, HTTP, uploads, payments, sharing and publishing tools);
shell and code calls are parsed into transfers (`guardrail.transfers`), including scripts
an agent plants in hooks and CI files; a markdown image in the answer is fetched by the
client and so sends its URL. Judging what a send carries is `guardrail.detectors.exfiltration`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from guardrail._scan import fold_ascii_case
from guardrail.audiences import outside_audience
from guardrail.browser_actions import browser_steps, last_page, typed_into_pages
from guardrail.context import Context, Segment
from guardrail.conversation import ToolCall
from guardrail.destinations import Destination, extract, mixed_script, phone_number
from guardrail.shell import parse_script
from guardrail.sql_sinks import sql_transfers
from guardrail.toolkinds import DESTINATION_PARAMS, ToolKind
from guardrail.traffic_mirrors import traffic_mirrors
from guardrail.transfers import (
    Transfer,
    TransferState,
    added_lines,
    capturing_code,
    code_secret_sends,
    embedded_transfers,
    environment_dumps,
    powershell_transfers,
    script_lines,
    transfers,
)

__all__ = ["AUTH_KEYS", "Send", "SendExtractor"]

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
# A tool whose own description says it posts where the public reads (a status page).
# ("Public reply on a ticket" reaches the requester, not the world.)
_PUBLIC_TOOL_DESC = re.compile(
    r"(?i)(?<!non-)(?<!not )\bpublic(?:ly)?\s+(?:[\w-]+\s+)?(?:visible|readable|available|status|"
    r"page|site|website|feed|timeline|profile|board|forum|wiki|post|topic|thread|community|"
    r"discussion|space)s?\b|\bthe public\b|anyone can (?:see|read)"
)
# Addresses of a remote service an otherwise unclassified tool writes records to.
_SERVICE_URL_KEYS = frozenset(
    "base_url api_url server_url target_url endpoint_url post_url upload_url form_url "
    "submit_url ingest_url".split()
)
_TRACKER_TOOL = re.compile(r"(?i)issue|comment|discussion|pull_?request")
_SHARING_TOOL = re.compile(r"(?i)shar(?:e|ing)|permission|grant|visibility|publish")
# Settings that open a page or file to the web, whatever the product calls them.
_OPENING_KEY = re.compile(
    r"(?i)(?:^|_)(?:share_to_web|publish(?:ed)?(?:_to_web)?|web_(?:access|sharing)|"
    r"(?:allow_)?search_engines?(?:_index(?:ing)?)?|indexable|discoverable|public_link|"
    r"link_sharing|anyone_with_(?:the_)?link)(?:_|$)"
)
_TRUTHY = re.compile(r"(?i)^(?:true|yes|on|1|enabled?|public|anyone)$")
# Numbers a message tool dials: fax and SMS go to whoever holds the number.
_NUMBER_KEY = re.compile(r"(?i)(?:^|_)(?:fax|sms|phone|mobile)(?:_|$)")
# An argument value that opens something to everyone (Drive "anyone", "public", "allUsers").
_PUBLIC_GRANT = re.compile(
    r"(?i)^(?:anyone|anonymous|anyone[_ ]?with[_ ]?(?:the[_ ]?)?link|public(?:[_-]read)?|everyone|"
    r"all ?users|allusers|allauthenticatedusers|world|internet|"
    # the kind of link a share makes: ``public_link``, ``anonymous-link``, ``open_url``
    r"(?:public|anonymous|anon|open|unauthenticated)[_ -]?(?:link|url|share|access))$"
)
_REPO_KEYS = frozenset(
    {"repo", "repository", "repo_name", "repo_id", "project_path", "full_name", "space_id"}
)
_REPO_SHAPE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_PHONE_KEYS = frozenset(
    "phone phone_number number mobile msisdn to_number sms_to whatsapp cell".split()
)
_REQUEST_PARTS = frozenset({"headers", "params", "query", "cookies", "auth"})
_SHELL_ARG_KEYS = frozenset(
    {"command", "cmd", "input", "script", "shell", "bash", "commands", "cmdline", "command_line"}
)
AUTH_KEYS = frozenset(
    {"headers", "authorization", "auth", "token", "api_key", "password", "bearer"}
)
# A tool named after a command-line program that takes that program's arguments
# (``git(args="push offsite --all")``) runs the same command a shell would.
_CLI_TOOLS = frozenset(
    "git gh curl wget scp rsync sftp aws gsutil gcloud az azcopy rclone s3cmd "
    "huggingface-cli hf ssh".split()
)
_WORKTREE_KEYS = frozenset({"repo", "repository", "repo_path", "cwd", "workdir", "dir", "path"})
_CLI_ARG_KEYS = frozenset({"args", "arguments", "argv", "subcommand", "cli_args", "git_args"})
_PAYEE_KEYS = frozenset({"recipient", "iban", "to", "payee", "account", "beneficiary", "creditor"})
# to_iban, recipient_account, payee_name: where money (and its memo) goes
_PAYEE_PART = re.compile(r"(?:^|_)(?:iban|payee|beneficiary|creditor)(?:_|$)|^to_(?:iban|account)$")
_SCRIPT_KEYS = frozenset(
    {"command", "cmd", "script", "code", "input", "commands", "source", "shell", "bash"}
)
# A command that writes or patches a file (redirects, heredocs, in-place edits, manifests).
_WRITES_CONFIG = re.compile(
    r">|\btee\b|\bsed\s+-i|\b(?:yq|jq)\b|\bkubectl\s+(?:apply|patch|edit|set|create)|\bhelm\b"
)
_PATCH_KEYS = frozenset({"patch", "diff", "unified_diff"})
# Source files of programming languages: read as code even under ``scripts/`` or ``hooks/``.
_CODE_FILE = re.compile(
    r"(?i)\.(?:py|pyw|pth|js|mjs|cjs|ts|mts|cts|jsx|tsx|go|rb|php|java|kt|kts|scala|cs|rs|pl|pm|"
    r"swift|lua|groovy|gradle|dart|ex|exs)$"
)
_WRITTEN_KEYS = frozenset(
    {"file_text", "new_str", "new_string", "content", "text", "data", "insert_text", "code"}
    | _PATCH_KEYS
)
_BUCKET_KEYS = frozenset({"bucket", "container", "bucket_name"})
# People a calendar invite, share or forwarding rule delivers to, whatever the tool is called.
_INVITEE_KEYS = frozenset(
    "attendees attendee invitees invitee guests participants optional_attendees "
    "required_attendees share_with shared_with forward_to forward_address redirect_to "
    # a booking's confirmation, with every detail booked, goes to its contact address
    "contact_email confirmation_email notification_email notify_email receipt_email "
    "send_confirmation_to confirmation_to "
    # a mail rule's standing forward: every later message goes there
    "forward forwardto forwarding_address forwardingaddress redirect redirectto autoforward "
    "auto_forward".split()
)


# Words of an argument name that make its value a recipient, whatever else the name says
# (``to_recipients``, ``email_address``, ``recipientEmail``, ``cc_list``): such a value is
# where the message goes when it holds addresses.
_ADDRESSEE_WORDS = frozenset("to recipient recipients cc bcc email emails".split())
# Words of an argument name that pick a conversation (``chat_id``, ``room``): a chat whose
# own name marks it as shared with outsiders is an outside audience.
_CHAT_WORDS = frozenset("chat chats room rooms conversation".split())


@lru_cache(maxsize=4096)  # argument names: few, and read for every argument of every call
def _key_words(key: str) -> frozenset[str]:
    """The words of an argument name: ``toRecipients`` and ``to_recipients`` alike."""
    spaced = _CAMEL_HUMP.sub(r"\1 \2", key)
    return frozenset(_NON_WORD.split(spaced.lower()))


_CAMEL_HUMP = re.compile(r"([a-z])([A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Send:
    """Destinations and the argument segments that reach them."""

    call: ToolCall | None
    destinations: tuple[Destination, ...]
    payload: tuple[Segment, ...]
    anchor: Segment
    transfer: Transfer | None = None
    public: bool = False
    planted: bool = False
    addressed: bool = False  # the payload is the address itself (a GET URL, a DNS name)


class SendExtractor:
    """Turns one exchange's pending calls (and rendered images) into sends."""

    def __init__(self, ctx: Context, state: TransferState) -> None:
        self.ctx = ctx
        self.state = state

    def sends(self) -> Iterator[Send]:
        """Every send of the answer, in call order, then those of its content."""
        for call in self.ctx.calls:
            kinds = self.ctx.kinds(call.name)
            segs = self.ctx.call_segments(call)
            # A terminal tool the schema does not name as one still runs its command.
            if kinds & {ToolKind.SHELL, ToolKind.CODE} or (
                not kinds & _OUTBOUND and any(s.key in _SHELL_ARG_KEYS for s in segs)
            ):
                yield from self._script_sends(call, segs, kinds)
                scripts = [s for s in segs if s.key in _SCRIPT_KEYS] or segs[:1]
                yield from self._mirror_sends(
                    call, [s for s in scripts if _WRITES_CONFIG.search(s.clean)]
                )
            elif self._cli_program(call.name):
                yield from self._cli_sends(call, segs)
            if ToolKind.FILE_WRITE in kinds:
                yield from self._planted_sends(call, segs)
            yield from self._sql_sends(call, segs)
            if browser_steps(segs):
                yield from self._browser_sends(call, segs)
            if (
                kinds & _OUTBOUND
                or self._publishing(call)
                or any(s.key in _SERVICE_URL_KEYS for s in segs)
                or (_writes_online(call.name, kinds) and any(_place_url(s) for s in segs))
                or _TRACKER_TOOL.search(call.name)
                or _SHARING_TOOL.search(call.name)
                or any(_invitee(s) and "@" in s.clean for s in segs)
                or any(_PUBLIC_GRANT.match(g.clean.strip()) for g in segs)
                or _flag_publicity(call) is True
            ):
                send = self._direct_send(call, segs, kinds)
                if send is not None:
                    yield send
        yield from self._content_sends()

    def _publishing(self, call: ToolCall) -> bool:
        """Whether the tool publishes: its name says so, its description says public, or
        the system prompt calls the place it posts to public ("our public Discord server")."""
        if _PUBLISHING_TOOL.search(call.name):
            return True
        spec = self.ctx.exchange.tools.get(call.name)
        if spec is not None:
            # every match holds "public" or "anyone can": skip the every-position scan without
            desc = fold_ascii_case(spec.description)
            if ("public" in desc or "anyone can" in desc) and _PUBLIC_TOOL_DESC.search(
                spec.description
            ):
                return True
        return ToolKind.MESSAGE in self.ctx.kinds(call.name) and _declared_public_place(
            call.name, self.ctx.system_text
        )

    def _script_sends(
        self, call: ToolCall, segs: list[Segment], kinds: frozenset[ToolKind]
    ) -> Iterator[Send]:
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
                        yield Send(
                            call, t.destinations, (seg,), seg, t, t.public, addressed=t.addressed
                        )

    def _browser_sends(self, call: ToolCall, segs: list[Segment]) -> Iterator[Send]:
        """Text a browser session types into a form goes to the site of the page it is
        on (`guardrail.browser_actions`), in this call or left open by an earlier one."""
        earlier = [*self.ctx.history_calls, *self.ctx.calls[: self.ctx.calls.index(call)]]
        by_page: dict[str, list[Segment]] = {}
        for typed in typed_into_pages(segs, last_page(earlier, call.name)):
            if typed.page is not None:
                by_page.setdefault(typed.page, []).append(typed.text)
        for page, texts in by_page.items():
            dests = tuple(d for d in extract(page) if d.kind in ("host", "ip"))
            if dests:
                yield Send(call, dests, tuple(texts), texts[0])

    def _sql_sends(self, call: ToolCall, segs: list[Segment]) -> Iterator[Send]:
        """SQL, in a database tool's query or a shell's ``psql -c``, that pipes rows into a
        shell command or writes them to a URL (`guardrail.sql_sinks`)."""
        for seg in segs:
            for t in sql_transfers(seg.clean, self.state):
                yield Send(call, t.destinations, (seg,), seg, t, t.public)

    @staticmethod
    @lru_cache(maxsize=4096)  # tool names: few, and asked for every call
    def _cli_program(name: str) -> str | None:
        program = re.split(r"[_.\s]", name.lower(), maxsplit=1)[0]
        return program if name.lower() in _CLI_TOOLS or program in _CLI_TOOLS else None

    def _cli_sends(self, call: ToolCall, segs: list[Segment]) -> Iterator[Send]:
        """The calls of a tool named after a program, read as that program's command line;
        git remotes added by one call are known to the next (`TransferState`)."""
        program = self._cli_program(call.name)
        args = [s for s in segs if s.key in _CLI_ARG_KEYS]
        if program is None or not args:
            return
        line = Segment(args[0].location, program + " " + " ".join(s.clean for s in args))
        # the repository the call works in (``repo: "drivers"``) is where a bare remote is
        repo = next((s.clean.strip() for s in segs if s.key in _WORKTREE_KEYS), "")
        for t in transfers(parse_script(line.clean), self.state):
            dests = t.destinations
            if repo:
                dests = tuple(
                    replace(d, raw=repo) if d.kind == "remote" and d.raw == d.value else d
                    for d in dests
                )
            yield Send(call, dests, (line,), line, t, t.public, addressed=t.addressed)

    def _planted_sends(self, call: ToolCall, segs: list[Segment]) -> Iterator[Send]:
        path = next((s.raw for s in segs if s.key in ("path", "file_path", "filename", "file")), "")
        yield from self._mirror_sends(call, [s for s in segs if s.raw != path])
        for seg in segs:
            if seg.key not in _WRITTEN_KEYS:
                continue
            for view in seg.views():
                target = path
                if seg.key in _PATCH_KEYS:  # a diff plants only the lines it adds
                    target, view = added_lines(view, path)
                text = script_lines(target, view)
                if text is None or _CODE_FILE.search(target):
                    # a program's source, wherever it lives (``scripts/postinstall.js``)
                    found = [*environment_dumps(view), *capturing_code(view)]
                    reached = {d for t in found for d in t.destinations}
                    # the flow-following reading adds the hosts the older one did not reach
                    found += [
                        t for t in code_secret_sends(view) if not set(t.destinations) <= reached
                    ]
                    for t in found:
                        yield Send(call, t.destinations, (seg,), seg, t, t.public, planted=True)
                if text is None:
                    continue
                for t in transfers(parse_script(text), self.state):
                    yield Send(call, t.destinations, (seg,), seg, t, t.public, planted=True)
                break

    def _mirror_sends(self, call: ToolCall, segs: list[Segment]) -> Iterator[Send]:
        """Config written (by a file tool or a shell command) that copies live traffic,
        with its headers or bodies, to an address (`guardrail.traffic_mirrors`)."""
        for seg in segs:
            for view in seg.views():
                found = traffic_mirrors(view)
                for t in found:
                    yield Send(call, t.destinations, (seg,), seg, t, t.public, planted=True)
                if found:
                    break

    def _direct_send(
        self, call: ToolCall, segs: list[Segment], kinds: frozenset[ToolKind]
    ) -> Send | None:
        dests: list[Destination] = []
        payload: list[Segment] = []
        anchor: Segment | None = None
        paying = ToolKind.PAYMENT in kinds
        flagged = _flag_publicity(call)  # JSON booleans are no segments: read them here
        public = flagged is True
        private = flagged is False
        for seg in segs:
            key = seg.key
            start = len(dests)
            if key not in DESTINATION_PARAMS and _PUBLIC_GRANT.match(seg.clean.strip()):
                public = True
                continue
            if _OPENING_KEY.search(key) and _TRUTHY.match(seg.clean.strip()):
                public = True  # ``share_to_web: true``, ``allow_search_engines: true``
                continue
            if key in _PUBLICITY_KEYS:
                said = bool(_PUBLIC_VALUE.search(seg.clean))
                negated = key in ("private", "is_private", "secret")
                public = public or (said != negated)
                private = private or (said == negated)
                continue
            if key in _REPO_KEYS and _REPO_SHAPE.match(seg.clean.strip()):
                dests.append(Destination("repo", seg.clean.strip().lower(), seg.clean))
            elif (
                key in _PHONE_KEYS
                or _NUMBER_KEY.search(key)
                or (key in DESTINATION_PARAMS and phone_number(seg.clean))
            ):
                number = phone_number(seg.clean)
                if number is None:
                    continue
                dests.append(Destination("phone", number, seg.clean))
            elif paying and (key in _PAYEE_KEYS or _PAYEE_PART.search(key)):
                dests.append(
                    Destination("account", re.sub(r"\s", "", seg.clean).upper(), seg.clean)
                )
            elif _invitee(seg):
                found = [d for d in extract(seg.clean) if d.kind == "email"]
                if not found:
                    continue
                dests.extend(found)
            elif key == "channel":
                dests.append(Destination("channel", seg.clean.strip().lower(), seg.clean))
            elif key not in DESTINATION_PARAMS and _addressed_by_name(seg):
                dests.extend(d for d in extract(seg.clean) if d.kind == "email")
            elif _names_chat(seg) and _EXTERNAL_CHAT.search(seg.clean):
                dests.append(Destination("channel", seg.clean.strip().lower(), seg.clean))
            elif _names_target_store(key) and not extract(seg.clean):
                # ``dest_endpoint: "joao-home-nas"``: a named store data is copied into
                dests.append(Destination("storage", seg.clean.strip().lower(), seg.clean))
            elif key in _BUCKET_KEYS:
                name = re.sub(r"^[a-z0-9]+://", "", seg.clean.strip().lower()).split("/", 1)[0]
                dests.append(Destination("bucket", name, seg.clean))
            elif (
                key in DESTINATION_PARAMS
                or key in _SERVICE_URL_KEYS
                # an upload's or request's own ``service_url``/``upload_to_url``
                or (key.endswith("_url") and kinds & {ToolKind.UPLOAD, ToolKind.HTTP})
                or (_writes_online(call.name, kinds) and _place_url(seg))
            ):
                public = public or bool(_PUBLIC_PLACE.search(seg.clean))
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
            if mixed_script(seg.raw):  # the clean text folded the look-alike letters away
                dests[start:] = [replace(d, disguised=True) for d in dests[start:]]
            anchor = anchor or seg
        publishing = public or self._publishing(call)
        if not dests and payload and publishing and not private:
            dests.append(Destination("public", call.name))
            public = True
        if not dests and ToolKind.MESSAGE in kinds and payload:
            dests.append(Destination("reply", call.name))
        if not dests:
            return None
        if ToolKind.HTTP in kinds and self._has_body(segs, payload):
            # a body does not empty the query string: what is written there leaves too
            queries = [s for s in segs if s.key in ("url", "uri", "endpoint") and "?" in s.clean]
            if queries:
                payload = [*payload, *queries]
                anchor = anchor or segs[0]
                return Send(
                    call, tuple(dests), tuple(payload), anchor, None, public, addressed=True
                )
        if ToolKind.HTTP in kinds and not self._has_body(segs, payload):
            # a GET carries what is written into its URL, query and headers
            payload = [
                s
                for s in segs
                if s.key in ("url", "uri", "endpoint")
                or s.key in AUTH_KEYS
                or (s.argument or "").split(".", 1)[0].lower() in _REQUEST_PARTS
            ]
            anchor = anchor or segs[0]
            return Send(call, tuple(dests), tuple(payload), anchor, None, public, addressed=True)
        return Send(call, tuple(dests), tuple(payload), anchor or segs[0], None, public)

    @staticmethod
    def _has_body(segs: list[Segment], payload: list[Segment]) -> bool:
        method = next((s.clean.upper() for s in segs if s.key == "method"), "")
        if method in ("GET", "HEAD", "OPTIONS"):
            return False
        return bool(payload) or method in ("POST", "PUT", "PATCH")

    def _content_sends(self) -> Iterator[Send]:
        # Where the agent talks with outsiders, its answer text is a message to one of them.
        if self.ctx.exchange.output.content and outside_audience(self.ctx.system_text):
            said = tuple(s for s in self.ctx.segments if s.tool is None)
            if said:
                yield Send(None, (Destination("reply", "chat with an outsider"),), said, said[0])
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
                    yield Send(None, dests, (piece,), seg)


# Words of tool names that say what the tool does, not where it posts.
_ACTION_WORDS = frozenset(
    "send post reply message create update write publish share chat channel tool api bot".split()
)


# Containers of recipient objects in nested schemas: Graph's ``toRecipients[].emailAddress
# .address``, ``attendees[].emailAddress.address``, ``recipients[].email``.
_RECIPIENT_LISTS = _INVITEE_KEYS | frozenset(
    "torecipients ccrecipients bccrecipients to_recipients cc_recipients bcc_recipients "
    "recipients to cc bcc".split()
)


def _invitee(seg: Segment) -> bool:
    """Whether an argument is an invitee or recipient: named so itself, or an address field
    inside an object listed under such a name (``attendees.0.emailAddress.address``)."""
    if seg.key in _INVITEE_KEYS:
        return True
    arg = seg.location.argument or ""
    if "." not in arg or "@" not in seg.clean:
        return False
    parts = [p.lower() for p in arg.split(".")[:-1] if not p.isdigit()]
    return any(p in _RECIPIENT_LISTS for p in parts)


def _addressed_by_name(seg: Segment) -> bool:
    """Whether an argument is named as a recipient and holds nothing but addresses."""
    if not _key_words(seg.key) & _ADDRESSEE_WORDS or "@" not in seg.clean:
        return False
    rest = re.sub(r"[^\s,;<>\"'()]+@[^\s,;<>\"'()]+", "", seg.clean)
    return not re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{3,}\s+[A-Za-z]{3,}", rest)


# Arguments that name the remote place a writing tool adds to: a board, page, space, wiki,
# sheet or site of an online service (``board_url``, ``page_link``, ``space``).
_PLACE_KEY = re.compile(
    r"(?i)(?:^|_)(?:board|page|space|wiki|site|sheet|doc|document|notebook|workspace|project|"
    r"list|channel|forum|folder|target)?_?(?:url|uri|link)$"
)
# A place whose own address says anyone may read it (``.../ridgeway-dispatch-public``).
_PUBLIC_PLACE = re.compile(
    r"(?i)[/_.=-](?:public|anyone|world[_-]?readable|open[_-]?access)(?:[/_.&#?-]|$)"
)


_FETCHING = frozenset(
    "download fetch get read clone pull import scrape crawl open view list search".split()
)
_WRITING = frozenset(
    "add create post put append insert update write publish share upload comment pin submit "
    "attach save new make".split()
)


def _writes_online(name: str, kinds: frozenset[ToolKind]) -> bool:
    """Whether a tool writes somewhere (a file-writing tool, or one its name says adds or
    creates), and is not one that fetches from the address it takes."""
    words = _key_words(name)
    writes = ToolKind.FILE_WRITE in kinds or (not kinds and bool(words & _WRITING))
    return writes and not words & _FETCHING


def _place_url(seg: Segment) -> bool:
    """Whether a writing tool's argument is the web address of the place it writes to."""
    return bool(_PLACE_KEY.search(seg.key)) and seg.clean.strip().lower().startswith(
        ("http://", "https://")
    )


# Argument names of where a transfer puts data: a target word with a store word
# (``dest_endpoint``, ``destinationRemote``, ``target_share``, ``to_drive``).
_TARGET_WORDS = frozenset("dest destination target to dst".split())
_STORE_WORDS = frozenset("endpoint remote share storage nas drive collection vault".split())


@lru_cache(maxsize=512)
def _names_target_store(key: str) -> bool:
    words = _key_words(key)
    return bool(words & _TARGET_WORDS) and bool(words & _STORE_WORDS)


def _names_chat(seg: Segment) -> bool:
    """Whether an argument picks a conversation to post in."""
    return bool(_key_words(seg.key) & _CHAT_WORDS)


# A chat named as shared with outsiders: ``ext_pixelforge``, ``Acme x Vendor (External)``.
_EXTERNAL_CHAT = re.compile(
    r"(?i)(?:^|[\W_])(?:ext|external|guest|partner|vendor|shared)(?:[\W_]|$)"
)


def _declared_public_place(tool: str, system: str) -> bool:
    """Whether the system prompt calls the platform a tool is named after public:
    ``discord_post`` in "help users in our public Discord server"."""
    if "public" not in system.lower():
        return False
    words = {
        w.lower()
        for w in re.findall(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])", tool)
        if len(w) >= 4 and w.lower() not in _ACTION_WORDS
    }
    return any(
        re.search(rf"(?i)\bpublic\s+(?:[\w-]+\s+){{0,2}}?{re.escape(w)}\b", system) for w in words
    )


def _flag_publicity(call: ToolCall) -> bool | None:
    """What the call's boolean switches say: True when one opens the item to anyone
    (``share_to_web: true``, ``private: false``), False when one keeps it private."""
    args = call.arguments
    if not isinstance(args, dict):
        return None
    verdict: bool | None = None
    for key, value in args.items():
        if not isinstance(value, bool) or not isinstance(key, str):
            continue
        k = key.lower()
        if k in ("private", "is_private", "secret"):
            opened = not value
        elif _OPENING_KEY.search(k):  # a bare ``public: true`` on a ticket reaches its requester
            opened = value
        else:
            continue
        if opened:
            return True
        verdict = False
    return verdict
