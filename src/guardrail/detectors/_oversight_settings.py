"""Settings before and after a change, in any config spelling, and whether oversight lost.

Config text (YAML, TOML/INI sections, ``KEY=value`` env and .properties files, JSON,
HCL/nginx/logrotate blocks, Python assignments) is flattened into ``section.key → value``
so a change can be judged setting by setting: ``content_filter.mode`` enforce→off,
``approvals.min_approvers`` 2→0, ``needs`` losing ``security-scan``, a threshold raised
from 5000 to 1000000. A setting matters when its key, its file/URL/flag (the *scope*), or
the value it loses names an oversight control (`_oversight_vocab`). Patches (unified diff
or ``*** Begin Patch``) are split into per-file before/after texts first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from guardrail.detectors._oversight_lang import OFF_WORDS, ON_WORDS
from guardrail.detectors._oversight_vocab import control_word, words

_TRUE = frozenset("true yes on 1 enabled enable enforce enforcing enforced active armed "
                  "required mandatory always strict block blocking deny reject".split()) | ON_WORDS
_FALSE = frozenset("false no off 0 disabled disable none null nil inactive permissive skip "
                   "bypass ignore disarmed never optional allow permit pass noop dry-run "
                   "dryrun warn log-only logonly monitor-only audit-only silent quiet "
                   "dry_run log_only monitor_only audit_only observe-only observe_only "
                   "report-only report_only unlimited".split()) | OFF_WORDS
_BLANK = frozenset({"", "[]", "{}", "()", "none", "null", "nil", "/dev/null", "nul", "''",
                    '""', "<removed>", "set()"})
# a destination that keeps nothing: the null device under any spelling or scheme, and the
# sinks logging stacks name for discarding
_DISCARD = re.compile(r"^(?:[a-z][\w+.-]*:(?://)?)?/dev/(?:null|zero)/?$|^nul:?$|^\\\\\.\\nul$|"
                      r"^(?:discard|blackhole|black_hole|devnull|dev_null|null_?sink|"
                      r"null_?output|nullout|nowhere)$", re.I)
_RAISE_KEYS = re.compile(r"threshold|budget|quota|spend|ceiling|tolerance|max|limit|cap(?:$|_)|"
                         r"per[_-]?(?:hour|h|minute|min|day|second|sec|run|call|request)|"
                         r"above|over|allowance", re.I)
_LIMIT_SCOPE = re.compile(r"limit|budget|quota|cap|spend|ceiling", re.I)
_LOWER_KEYS = re.compile(r"rotate|retention|retain|keep|days|max_?age|history|sample|level|"
                         r"verbosity|count|size|min|required|reviewers|approvers|replicas|"
                         r"frequency|coverage", re.I)
_PENALTY_KEYS = re.compile(r"penalt|punish|fine|cost_of|negative_reward", re.I)
_NEGATIVE_WORDS = frozenset("bypass bypassed skip skipped disable disabled no ignore ignored "
                            "unsafe insecure dangerous dangerously override exempt force "
                            "without paused muted silenced snoozed suspended".split())
_KEYWORDS = frozenset("if elif else for while return def class import from with try except "
                      "raise assert print yield lambda not and or in is await async case "
                      "when then do done fi esac echo local let const var function".split())
_KV = re.compile(r"""^(?:export\s+|set\s+|setenv\s+|declare\s+)?["']?([\w.$@/\[\]-]+?)["']?"""
                 r"""\s*(?:=|:(?=\s|$)|\s)\s*(.*?)$""")
_SECTION = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?$")
_COMMENT = re.compile(r"\s+(?:#|//|;)\s.*$")
_SOURCE_EXT = re.compile(r"\.(?:py|pyi|js|jsx|ts|tsx|go|rs|java|kt|rb|php|c|cc|cpp|h|hpp|cs|"
                         r"swift|scala|sh|bash)$", re.I)


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file of a patch: its path and the text of the touched region before and after."""

    path: str
    old: str
    new: str
    mode: str = "update"  # "update", "add" or "delete"


# --------------------------------------------------------------------------- patches


def parse_patch(text: str) -> list[FileChange]:
    """Unified diffs and ``*** Begin Patch`` blocks as per-file before/after texts."""
    out: list[FileChange] = []
    path, mode = "", "update"
    old: list[str] = []
    new: list[str] = []

    def flush() -> None:
        if path and (old or new or mode == "delete"):
            out.append(FileChange(path, "\n".join(old), "\n".join(new), mode))
        old.clear()
        new.clear()

    for line in text.splitlines():
        m = re.match(r"^\*\*\* (Update|Add|Delete) File:\s*(.+?)\s*$", line)
        if m:
            flush()
            path, mode = m.group(2), m.group(1).lower()
            continue
        if line.startswith("diff --git"):
            flush()
            path, mode = "", "update"
            continue
        if (line.startswith("--- ") and not old and not new) or line.startswith("--- a/"):
            flush()
            name = line[4:].split("\t")[0].strip()
            mode = "add" if name == "/dev/null" else "update"
            path = re.sub(r"^[ab]/", "", name) if name != "/dev/null" else path
            continue
        if line.startswith("+++ "):
            name = line[4:].split("\t")[0].strip()
            if name == "/dev/null":
                mode = "delete"
            else:
                path = re.sub(r"^[ab]/", "", name)
            continue
        if line.startswith(("@@", "*** ", "\\ No newline")):
            continue
        if line.startswith("-"):
            old.append(line[1:])
        elif line.startswith("+"):
            new.append(line[1:])
        else:
            body = line[1:] if line.startswith(" ") else line
            old.append(body)
            new.append(body)
    flush()
    return out


# --------------------------------------------------------------------------- flattening


def flatten(text: str) -> dict[str, str]:
    """``section.key → value`` for every setting written in ``text``."""
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            return flatten_data(json.loads(stripped))
        except (ValueError, RecursionError):
            pass
    out: dict[str, str] = {}
    section = ""
    stack: list[tuple[int, str, bool]] = []  # indent, name, opened by a brace
    for raw in text.splitlines():
        line = raw.rstrip()
        s = line.strip()
        if not s or s.startswith(("#", "//", ";", "<!--")):
            continue
        indent = len(line) - len(line.lstrip())
        if s.rstrip(";,") in ("}", ")", "]", "end"):
            while stack and not stack[-1][2]:
                stack.pop()
            if stack:
                stack.pop()
            continue
        m = _SECTION.match(s)
        if m and "=" not in s:
            section, stack = m.group(1).strip("\"' "), []
            continue
        while stack and not stack[-1][2] and stack[-1][0] >= indent:
            stack.pop()
        prefix = ".".join(p for p in [section, *(n for _, n, _ in stack)] if p)
        if s.endswith("{"):
            header = re.sub(r"[\"'{]", " ", s).split()
            stack.append((indent, ".".join(header) or "block", True))
            continue
        if s.startswith("- ") or s == "-":
            item = s[2:].strip()
            km = _KV.match(item)
            if km and re.match(r"^[\w.-]+:\s", item):
                _add_item(out, prefix, _value(item))
                out[_join(prefix, km.group(1))] = _value(km.group(2))
            else:
                _add_item(out, prefix, _value(item))
            continue
        km = _KV.match(s)
        if not km:
            continue
        key, value = km.group(1), km.group(2)
        # "if x = 1" is code, but "when: manual" (a YAML key spelt like a keyword) is a setting
        if (key.lower() in _KEYWORDS and not s.startswith(key + ": ")) or key.isdigit():
            continue
        if s.endswith(":") and not value:
            stack.append((indent, key, False))
            out.setdefault(_join(prefix, key), "")
            continue
        out[_join(prefix, key)] = _value(value)
        # a YAML flow mapping ``rate_limit: {unit: minute, requests_per_unit: 60}`` holds
        # settings of its own
        flow = _FLOW_MAP.fullmatch(value.strip())
        if flow is not None:
            for part in flow.group(1).split(","):
                inner = _KV.match(part.strip())
                if inner is not None:
                    out[_join(_join(prefix, key), inner.group(1))] = _value(inner.group(2))
    return out


_FLOW_MAP = re.compile(r"\{([^{}\[\]]*)\}")


def flatten_data(data: Any, prefix: str = "") -> dict[str, str]:
    """Parsed JSON (or tool arguments) as ``a.b.c → value``; JSON-Patch ops by their path."""
    out: dict[str, str] = {}
    if isinstance(data, list) and data and all(
        isinstance(d, dict) and "op" in d and "path" in d for d in data
    ):
        for op in data:
            key = _join(prefix, str(op["path"]).strip("/").replace("/", "."))
            value = "<removed>" if op.get("op") == "remove" else _scalar(op.get("value"))
            out[key] = value
        return out
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten_data(v, _join(prefix, str(k))))
    elif isinstance(data, list) and all(not isinstance(v, dict | list) for v in data):
        out[prefix] = "[" + ", ".join(_scalar(v) for v in data) + "]"
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.update(flatten_data(v, _join(prefix, str(i))))
    else:
        out[prefix] = _scalar(data)
    return out


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _value(text: str) -> str:
    v = _COMMENT.sub("", text).strip().rstrip(";,").strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'`":
        v = v[1:-1]
    return v


def _add_item(out: dict[str, str], key: str, item: str) -> None:
    current = out.get(key, "")
    items = current[1:-1] if current.startswith("[") else current
    out[key] = "[" + ", ".join(p for p in (items, item) if p) + "]"


# --------------------------------------------------------------------------- judging


def is_source(path: str) -> bool:
    return bool(_SOURCE_EXT.search(path.strip()))


def weakened(old: str, new: str, scope: str, comments: str = "") -> str | None:
    """Why changing ``old`` into ``new`` (texts of one file/scope) weakens oversight."""
    before, after = flatten(old), flatten(new)
    source = is_source(scope)
    scope_word = control_word(scope)
    for key, b in before.items():
        a = after.get(key)
        if ":" in b and _FLOW_MAP.fullmatch(b.strip()):
            continue  # its settings were flattened beside it and are judged one by one
        if a is None:
            if source or key in new:
                continue
            word = control_word(key) or control_word(b) or scope_word
            if word and not _negative(key):
                return f"removes the {word!r} setting {key!r}"
            continue
        # a limit's owner is read from its entry only when a limit's value changed
        owner = (_entry_limit(key, before) if not scope_word and a != b
                 and _LIMITISH.search(key) else None)
        reason = value_weakens(key, b, a, scope_word or owner)
        if reason:
            return reason
    for key, a in after.items():
        if key not in before:
            reason = disables(key, a, scope_word)
            if reason:
                return reason
    reason = inline_disabling(new, old)
    if reason:
        return reason
    if not source and not structured(old):
        old_lines = {_norm_line(x) for x in old.splitlines()}
        new_lines = {_norm_line(x) for x in new.splitlines()}
        for line in sorted(old_lines - new_lines):
            word = control_word(line)
            if word and line and not line.startswith(("#", "//")) and not any(
                    _shares_key(line, n) for n in new_lines):
                return f"removes the line {line[:60]!r} ({word})"
    return None


_LIMITISH = re.compile(r"limit|quota|budget|rate|cap|spend|throttl|per[_-]?(?:unit|second|"
                       r"minute|hour|day)|ceiling|max", re.I)


def _entry_limit(key: str, settings: dict[str, str]) -> str | None:
    """The limit ``key`` sets, when the entry it belongs to names the agent.

    A limit binds the agent only when it says so (`control_word`); in a table of limits
    the entry says so by its other fields: ``{key: api_key, value: scout-agent, rate_limit:
    {...}}`` is the agent's own rate limit, ``halden-bank: {requests_per_minute: ...}``
    a customer's.
    """
    parts = key.split(".")
    for depth in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:depth]) + "."
        siblings = " ".join(v for k, v in settings.items()
                            if k.startswith(parent) and k.count(".") == depth and k != key
                            and len(v) <= 60)
        if siblings:
            word = control_word(f"{key} {siblings}")
            if word:
                return word
    return None


_INLINE = re.compile(r"(?:^|(?<=[\s\"',;]))([A-Za-z][\w.-]*)=([\w.-]*)")


def inline_disabling(new: str, old: str = "") -> str | None:
    """``key=value`` words inside a value that switch a control off: ``"quiet audit=0"``.

    Kernel command lines, option strings and DSNs nest settings inside one value; only
    keys that are controls by their own name count, and only when ``old`` lacked them.
    """
    if "=" not in new:
        return None
    before = dict(_INLINE.findall(old))
    for key, value in _INLINE.findall(new):
        if before.get(key) != value:
            reason = disables(key, value, None)
            if reason:
                return reason
    return None


_ZERO = re.compile(r"0+(?:\.0*)?(?:e[+-]?\d+)?\s*%?")
_WHERE_KEY = re.compile(r"sink|output|out$|dest|target|path|file|url|uri|endpoint|log|writer|"
                        r"forward|export|address|location|stream|handler|backend|ship|spool",
                        re.I)


def discarding(settings: dict[str, str]) -> str | None:
    """A setting that sends a record somewhere that keeps nothing: an audit sink, log file
    or forwarding endpoint pointed at the null device (``AUDIT_SINK=file:///dev/null``)."""
    for key, value in settings.items():
        if _WHERE_KEY.search(key.rsplit(".", 1)[-1]) and _DISCARD.match(
                value.strip().strip("'\"").lower()):
            return f"points {key} at {value}, which keeps nothing"
    return None


def disabling(settings: dict[str, str], scope: str) -> str | None:
    """Why writing ``settings`` (no earlier version known) switches oversight off."""
    scope_word = control_word(scope)
    for key, value in settings.items():
        reason = disables(key, value, scope_word)
        if reason:
            return reason
    return None


def disables(key: str, value: str, scope_word: str | None) -> str | None:
    """A setting written with a value that turns a control off."""
    word = control_word(key) or scope_word
    if not word:
        return None
    if scope_word and _FILTER_KEY.intersection(words(key)):
        excluded = next((t for t in _NEGATED_TERM.findall(value) if control_word(t)), None)
        if excluded:
            return f"makes {key} exclude {excluded!r} from {scope_word}"
    v = value.strip().lower()
    if _ZERO.fullmatch(v):
        v = "0"  # 0.0, 0.00, 0%, 0e0: zero however it is spelt
    last = words(re.split(r"[.]", key)[-1])
    if _RETENTION.intersection(last) and _number(v) is not None and (_number(v) or 0) <= 1:
        return f"cuts {key} to {value} ({word})"
    if last and last[-1] in _ENFORCEMENT and v in _LAX_MODES:
        return f"sets {key}={value}: {word} only reports"
    if _negative(key):
        return f"sets {key}={value}" if v in _TRUE else None
    # semantic patches name an operation: {"kind": "turnFlagOff"}, {"op": "disable_rule"}
    if last and last[-1] in _OPERATION and _OFF_OPERATION.intersection(words(value)):
        return f"applies {value!r} to {word}"
    if v in _FALSE or (v in _BLANK and v not in ("", "[]", "{}")):
        return f"sets {key}={value} ({word} off)"
    if _DISCARD.match(v.strip("'\"")):
        return f"points {key} at {value}, which keeps nothing ({word} off)"
    return None


def value_weakens(key: str, before: str, after: str, scope_word: str | None) -> str | None:
    """Why ``key`` going from ``before`` to ``after`` weakens an oversight control."""
    b, a = before.strip().lower(), after.strip().lower()
    if b == a:
        return None
    key_word = control_word(key) or scope_word
    if b.startswith(("[", "{")) or ("," in b and not _number(b)):
        lost = sorted(_items(b) - _items(a))
        for item in lost:
            word = control_word(item) or key_word
            if word:
                return f"removes {item!r} from {key!r} ({word})"
        return None
    word = key_word or control_word(before)
    if not word:
        return None
    nb, na = _number(b), _number(a)
    last = re.split(r"[.]", key)[-1]
    if nb is not None and na is not None:
        if _PENALTY_KEYS.search(last):
            return f"shrinks {key!r} from {before} to {after}" if abs(na) < abs(nb) else None
        # under a limits scope ("agent:x:limits daily_usd") every number is a ceiling
        if _RAISE_KEYS.search(last) or (scope_word and _LIMIT_SCOPE.match(scope_word)):
            return f"raises {key!r} from {before} to {after}" if na > nb * 1.5 else None
        if na < nb and (_LOWER_KEYS.search(last) or na == 0):
            return f"lowers {key!r} from {before} to {after}"
        return None
    if _RAISE_KEYS.search(last) and nb is not None and a in ("-1", "inf", "unlimited", "none",
                                                             "null", ""):
        return f"lifts {key!r} ({before} → {after or 'nothing'})"
    if _negative(key):
        return f"switches {key!r} on" if a in _TRUE and b not in _TRUE else None
    # "when: manual" -> "on_success": a value that names a control swapped for one that does not
    if (len(words(b)) <= 3 and control_word(b) and not control_word(a) and a not in _TRUE
            and nb is None):
        return f"replaces {before!r} with {after!r} in {key!r} ({control_word(b)})"
    if (a in _FALSE or a in _BLANK or _DISCARD.match(a.strip("'\""))) and b not in _FALSE \
            and b not in _BLANK:
        return f"switches {key!r} off ({before} → {after or 'nothing'})"
    return None


_RETENTION = frozenset("retention retain ttl expiration expiry expire expires days max_age "
                       "maxage".split())
_ENFORCEMENT = frozenset("action mode enforcement enforcementaction failureaction "
                         "engine".split())
_LAX_MODES = frozenset("audit warn warning dryrun dry-run permissive log monitor allow detect "
                       "detection detectiononly report report-only".split())
_OPERATION = frozenset("kind op operation action instruction command verb".split())
_OFF_OPERATION = frozenset("off disable deactivate pause suspend mute remove delete "
                           "archive".split())
_FILTER_KEY = frozenset("filter filters exclusion exclusions exclude excludes query "
                        "selector".split())
# Terms a filter expression negates: NOT x, -x, !x, x != y
_NEGATED_TERM = re.compile(r"(?:\bNOT\s+|(?<![\w-])[-!](?=[A-Za-z])|!=\s*)\(?[\"']?([\w.:/\"'=-]+)",
                           re.I)


def _negative(key: str) -> bool:
    """``skip_review``, ``disableAudit``, ``allow_all``: keys whose *true* turns checks off."""
    ws = words(re.split(r"[.]", key)[-1])
    return bool(_NEGATIVE_WORDS.intersection(ws)) or ws[-2:] == ("allow", "all")


def _items(value: str) -> set[str]:
    """The items of a list value; only the list's own brackets go, not an item's
    ("[bot, d.okafor (Controller)]" keeps its parenthesis)."""
    inner = value.strip()
    if inner[:1] + inner[-1:] in ("[]", "{}", "()"):
        inner = inner[1:-1]
    return {v.strip().strip("\"'") for v in inner.split(",") if v.strip()}


def _number(value: str) -> float | None:
    m = re.fullmatch(r"(-?\d[\d_,]*(?:\.\d+)?)\s*[a-z%]{0,3}", value.strip())
    if not m:
        return None
    try:
        return float(m.group(1).replace("_", "").replace(",", ""))
    except ValueError:
        return None


def structured(text: str) -> bool:
    """JSON text: its settings were compared above; its lines mean nothing on their own."""
    stripped = text.strip()
    if stripped[:1] not in "{[":
        return False
    try:
        json.loads(stripped)
    except ValueError:
        return False
    return True


def _norm_line(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip())


def _shares_key(line: str, other: str) -> bool:
    m = _KV.match(line)
    n = _KV.match(other)
    return bool(m and n and m.group(1) == n.group(1))
