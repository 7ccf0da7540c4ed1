"""Classify an agent's tools by what they can do, from their schema alone.

Policies speak of "tools that send messages" or "tools that run shell commands", not of
``email_send`` or ``bash``. The operator may name tools explicitly; every other tool is
classified from its name, description and parameter names, so an agent guardrail has
never seen is still covered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum

from guardrail.conversation import ToolSpec


class ToolKind(StrEnum):
    """What a tool can do that matters to a policy."""

    MESSAGE = "message"  # sends text to people: email, chat, DM, SMS, posts, replies
    HTTP = "http"  # makes requests to URLs
    UPLOAD = "upload"  # puts files or objects into storage
    SHELL = "shell"  # runs a shell / terminal / script command
    CODE = "code"  # runs code (python, js)
    FILE_WRITE = "file_write"  # creates, edits, moves or deletes files
    PAYMENT = "payment"  # moves money; memo fields carry text out
    ALERT = "alert"  # acknowledges, closes or silences alerts and incidents
    CONTROL = "control"  # writes industrial / device control values
    ADMIN = "admin"  # changes settings of a service through an API


_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def _tokens(text: str) -> set[str]:
    # split snake_case, kebab-case and camelCase
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return set(_TOKEN.findall(spaced.lower()))


_NAME_WORDS: dict[ToolKind, frozenset[str]] = {
    ToolKind.MESSAGE: frozenset(
        "email mail send message msg post reply respond chat dm whisper sms text notify "
        "slack teams mattermost discord telegram whatsapp tweet linkedin comment forward "
        "publish broadcast announce invite share".split()
    ),
    ToolKind.HTTP: frozenset(
        "http https fetch request url curl webhook api get post put browse web webpage".split()
    ),
    ToolKind.UPLOAD: frozenset(
        "upload s3 gcs bucket blob object storage drive dropbox ftp sftp put sync".split()
    ),
    ToolKind.SHELL: frozenset(
        "shell bash sh zsh terminal command cmd exec execute run powershell pwsh console "
        "ssh kubectl".split()
    ),
    ToolKind.CODE: frozenset("python ipython code jupyter notebook eval javascript node".split()),
    ToolKind.FILE_WRITE: frozenset(
        "write edit editor create delete remove move rename file files str replace save "
        "patch apply append truncate".split()
    ),
    ToolKind.PAYMENT: frozenset(
        "money payment pay transfer transaction wire iban invoice refund".split()
    ),
    ToolKind.ALERT: frozenset(
        "alert alarm alarms incident page pager opsgenie pagerduty acknowledge ack silence "
        "resolve mute snooze shelve unshelve downtime downtimes blackout".split()
    ),
    ToolKind.CONTROL: frozenset("plant control plc scada tag setpoint actuator valve".split()),
    ToolKind.ADMIN: frozenset("admin settings config configure policy rule rules".split()),
}

# Parameter names that reveal a capability even when the tool's name does not.
_PARAM_KINDS: dict[str, ToolKind] = {
    "to": ToolKind.MESSAGE,
    "recipient": ToolKind.MESSAGE,
    "recipients": ToolKind.MESSAGE,
    "cc": ToolKind.MESSAGE,
    "bcc": ToolKind.MESSAGE,
    "copy_to": ToolKind.MESSAGE,
    "channel": ToolKind.MESSAGE,
    "subject": ToolKind.MESSAGE,
    "email": ToolKind.MESSAGE,
    "user_email": ToolKind.MESSAGE,
    "phone": ToolKind.MESSAGE,
    "username": ToolKind.MESSAGE,
    "profile_url": ToolKind.MESSAGE,
    "url": ToolKind.HTTP,
    "uri": ToolKind.HTTP,
    "endpoint": ToolKind.HTTP,
    "webhook": ToolKind.HTTP,
    "host": ToolKind.HTTP,
    "bucket": ToolKind.UPLOAD,
    "command": ToolKind.SHELL,
    "cmd": ToolKind.SHELL,
    "script": ToolKind.SHELL,
    "code": ToolKind.CODE,
    "file_text": ToolKind.FILE_WRITE,
    "new_str": ToolKind.FILE_WRITE,
    "old_str": ToolKind.FILE_WRITE,
    "content": ToolKind.FILE_WRITE,
    "iban": ToolKind.PAYMENT,
    "amount": ToolKind.PAYMENT,
    "alert_id": ToolKind.ALERT,
    "incident_id": ToolKind.ALERT,
    "incident": ToolKind.ALERT,
    "alert": ToolKind.ALERT,
}

_READ_ONLY_PREFIX = frozenset(
    "get read list fetch search find view show lookup query describe".split()
)

# Argument names whose value is where data goes.
DESTINATION_PARAMS = frozenset(
    "to recipient recipients cc bcc copy_to channel url uri endpoint webhook host server "
    "bucket destination dest target user_email email address username profile_url "
    "remote iban account phone webhook_url callback".split()
)
# Argument names whose value is the text that goes out.
BODY_PARAMS = frozenset(
    "body message text content subject title note summary memo description data payload "
    "comment reply markdown html file_text new_str value caption".split()
)


# Parameter words of a tool that moves files between places, and of one that moves money.
_FILE_MOVE_WORDS = frozenset(
    "endpoint endpoints path paths items files file folder folders directory dir recursive "
    "src dst source_path dest_path collection".split()
)
_MONEY_WORDS = frozenset(
    "amount currency iban payee beneficiary creditor bic swift sort memo reference".split()
)


def _moves_files(name_tokens: set[str], params: list[str]) -> bool:
    """Whether a tool the name calls a transfer moves files rather than money: its name has
    no other payment word and its parameters name paths or endpoints, not amounts."""
    if name_tokens & (_NAME_WORDS[ToolKind.PAYMENT] - {"transfer"}):
        return False
    words = {w for p in params for w in re.split(r"[^a-z0-9]+", p)} | set(params)
    return bool(words & _FILE_MOVE_WORDS) and not words & _MONEY_WORDS


def classify(spec: ToolSpec | None, name: str) -> frozenset[ToolKind]:
    """Kinds of a tool judged from its name, description and parameters."""
    name_tokens = _tokens(name)
    params = [p.lower() for p in (spec.parameters if spec else ())]
    desc_tokens = _tokens(spec.description) if spec else set()
    kinds: set[ToolKind] = set()
    for kind, words in _NAME_WORDS.items():
        if name_tokens & words:
            kinds.add(kind)
    for p in params:
        param_kind = _PARAM_KINDS.get(p)
        if param_kind is not None:
            kinds.add(param_kind)
    if not kinds:
        for kind, words in _NAME_WORDS.items():
            if len(desc_tokens & words) >= 2:
                kinds.add(kind)
    if ToolKind.PAYMENT in kinds and _moves_files(name_tokens, params):
        # ``globus_transfer(source_endpoint, dest_endpoint, items)`` moves data, not money
        kinds.discard(ToolKind.PAYMENT)
        kinds.add(ToolKind.UPLOAD)
    first = next(iter(re.findall(r"[a-z]+", name.lower())), "")
    if first in _READ_ONLY_PREFIX and ToolKind.SHELL not in kinds:
        # get_webpage / read_inbox / fetch_url(GET) read; they do not send or write by name.
        kinds.discard(ToolKind.MESSAGE)
        kinds.discard(ToolKind.FILE_WRITE)
        kinds.discard(ToolKind.UPLOAD)
        kinds.discard(ToolKind.ADMIN)
        kinds.discard(ToolKind.ALERT)
        if "url" in params or "uri" in params:
            kinds.add(ToolKind.HTTP)
    editor_params = {"path", "file_text", "new_str", "old_str"} & set(params)
    if ToolKind.SHELL in kinds and ToolKind.FILE_WRITE in kinds and editor_params:
        # str_replace_editor has a "command" parameter (view/create/...), not a shell
        kinds.discard(ToolKind.SHELL)
    return frozenset(kinds)


class ToolClassifier:
    """Tool kinds with operator overrides applied; built once per policy set."""

    def __init__(self, overrides: Mapping[ToolKind, Iterable[str]] | None = None) -> None:
        self._overrides: dict[str, set[ToolKind]] = {}
        for kind, names in (overrides or {}).items():
            for n in names:
                self._overrides.setdefault(n, set()).add(kind)

    def kinds(self, name: str, spec: ToolSpec | None) -> frozenset[ToolKind]:
        forced = self._overrides.get(name)
        if forced is not None:
            return frozenset(forced)
        return classify(spec, name)
