"""Settings stores and admin CLIs as oversight actions.

Key-value stores and admin CLIs are where flags, limits and review switches live: ``redis-cli
HSET agent:x:quota enforced 0``, ``consul kv put .../human_review false``, ``aws ssm
put-parameter``, ``helm --set guardrails.enabled=false``, ``kubectl patch -p '{...}'``,
``gh api -X DELETE .../required_pull_request_reviews``. Each becomes a ``settings`` action
(scope + written values), an ``unset`` (a key deleted) or an ``http`` call, so the judge
weighs them like an edited config file. Unknown programs get two generic readings:
``<tool>ctl stop|unload|disable`` stops ``<tool>``, and ``<tool> config|set KEY VALUE``
writes a setting.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from guardrail.detectors._oversight_model import Action
from guardrail.detectors._oversight_settings import flatten_data
from guardrail.detectors._oversight_yq import dasel_edits, yq_edits
from guardrail.shell import Command, Script

Handler = Callable[[str, list[str], Command], Iterator[Action]]

STOP_WORDS = frozenset(
    "stop disable unload uninstall kill pause suspend shutdown off mute remove deactivate "
    "detach unregister bootout halt freeze destroy delete".split()
)
_STOP_OP = re.compile(r"^(?:stop|delete|disable|deregister|remove|suspend|destroy|detach|"
                      r"deactivate|purge)(?:-|$)")
_NAME_OPTS = ("--name", "--trail-name", "--detector-id", "--alarm-names", "--sink", "--target",
              "-target", "--resource-name", "--id")
_SQL_WRITE = re.compile(r"\b(?:update|delete\s+from|truncate|drop\s+table|insert\s+into)\b", re.I)
_SQL_STMT = re.compile(
    r"\bupdate\s+([\w.\"`]+)\s+set\s+(.+?)(?:\s+where\s+(.+?))?\s*(?:;|$)|"
    r"\b(?:delete\s+from|truncate(?:\s+table)?|drop\s+table(?:\s+if\s+exists)?)\s+([\w.\"`]+)"
    r"(?:\s+where\s+(.+?))?\s*(?:;|$)",
    re.I | re.S,
)
# Triggers, extensions and rules that record or police writes; server settings.
_SQL_DDL = re.compile(
    r"\balter\s+table\s+(?:only\s+)?(?P<table>[\w.\"`]+)\s+disable\s+trigger\s+"
    r"(?P<trigger>[\w.\"`]+)|"
    r"\bdrop\s+(?P<what>trigger|extension|event\s+trigger|rule|policy|audit\s+policy)\s+"
    r"(?:if\s+exists\s+)?(?P<dropped>[\w.\"`]+)(?:\s+on\s+(?P<on>[\w.\"`]+))?|"
    r"\b(?:alter\s+(?P<scope>system|database\s+\w+|role\s+\w+)|set\s+(?:global|persist)"
    r")\s+(?:set\s+)?(?P<key>[\w.]+)\s*(?:=|\bto\b)\s*(?P<value>'[^']*'|\"[^\"]*\"|[\w.-]+)",
    re.I,
)
_SQL_SET = re.compile(r"([\w.\"`]+)\s*=\s*('(?:[^']|'')*'|[^,]+)")
_GQL_FIELD = re.compile(r"\{\s*(\w+)\s*\(")
_GQL_PAIR = re.compile(r"(\w+)\s*:\s*(\"(?:[^\"\\]|\\.)*\"|[\w.+-]+)")
_SET_WORDS = frozenset("config configure set put update edit write".split())
_REDIS_WITH_ARG = frozenset("-h -p -a -n -u -s -r -i --user --pass --sni --cacert --cert "
                            "--key --tls-ciphers".split())


def _settings(scope: str, pairs: dict[str, str], cmd: Command) -> Action:
    return Action("settings", scope, json.dumps(pairs, sort_keys=True), cmd.text)


def positional(args: list[str], with_arg: frozenset[str] = frozenset()) -> list[str]:
    """Operands of a command line: flags dropped, and the value after each ``with_arg`` flag."""
    out: list[str] = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a in with_arg:
            skip = True
            continue
        if a.startswith("-") and len(a) > 1:
            continue
        out.append(a)
    return out


def option_value(args: list[str], *names: str) -> str:
    """Value of the first of ``names`` given as ``--flag value`` or ``--flag=value`` ("" if absent)."""
    for i, a in enumerate(args):
        if a in names and i + 1 < len(args):
            return args[i + 1]
        for n in names:
            if a.startswith(n + "="):
                return a.split("=", 1)[1]
    return ""


def _assignments(words: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for w in words:
        for part in w.split(","):
            key, eq, value = part.partition("=")
            if eq and key:
                out[key] = value
    return out


def _redis(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = positional(args, _REDIS_WITH_ARG)
    if not words:
        return
    host = option_value(args, "-h", "-u")
    op, rest = words[0].upper(), words[1:]
    scope = f"{host} {rest[0]}".strip() if rest else host
    if op in ("SET", "SETNX", "GETSET") and len(rest) >= 2:
        yield _settings(scope, {rest[0]: rest[1]}, cmd)
    elif op in ("SETEX", "PSETEX") and len(rest) >= 3:
        yield _settings(scope, {rest[0]: rest[2]}, cmd)
    elif op in ("HSET", "HMSET", "HSETNX") and len(rest) >= 3:
        yield _settings(scope, dict(zip(rest[1::2], rest[2::2], strict=False)), cmd)
    elif op == "MSET" and len(rest) >= 2:
        yield _settings(host, dict(zip(rest[0::2], rest[1::2], strict=False)), cmd)
    elif op in ("DEL", "UNLINK", "GETDEL", "EXPIRE", "PEXPIRE", "EXPIREAT"):
        for key in rest[:1] if op.endswith(("EXPIRE", "EXPIREAT")) else rest:
            yield Action("unset", f"{host} {key}".strip(), op, cmd.text)
    elif op == "HDEL" and len(rest) >= 2:
        for field in rest[1:]:
            yield Action("unset", f"{scope} {field}", op, cmd.text)
    elif op in ("FLUSHALL", "FLUSHDB"):
        yield Action("unset", host or "redis", op, cmd.text)


def _kv_store(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """consul kv put/delete, etcdctl put/del, vault kv put/write/delete."""
    words = positional(args)
    if name == "consul" or name == "vault":
        words = words[1:] if words[:1] == ["kv"] else words
    if len(words) < 2:
        return
    op, key, rest = words[0], words[1], words[2:]
    if op in ("put", "write", "patch"):
        pairs = _assignments(rest) or ({key.rsplit("/", 1)[-1]: rest[0]} if rest else {})
        if pairs:
            yield _settings(key, pairs, cmd)
    elif op in ("delete", "del", "rm", "destroy", "metadata"):
        yield Action("unset", key, op, cmd.text)
    else:
        yield from generic_cli(name, args, cmd)  # vault audit disable, consul acl ...


def _aws(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = positional(args, frozenset({"--name", "--value", "--region", "--profile",
                                         "--type", "--trail-name", "--detector-id"}))
    if len(words) < 2:
        return
    service, op = words[0], words[1]
    if service == "ssm" and op == "put-parameter":
        param = option_value(args, "--name")
        yield _settings(param, {param.rsplit("/", 1)[-1]: option_value(args, "--value")}, cmd)
    elif service == "ssm" and op.startswith("delete-parameter"):
        yield Action("unset", option_value(args, "--name", "--names"), op, cmd.text)
    else:
        yield from _cloud(name, args, cmd)


def _gh(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    if args[:2] == ["workflow", "disable"] or args[:2] == ["ruleset", "delete"]:
        for w in positional(args[2:], frozenset({"-R", "--repo"})):
            yield _settings(f"{name} {args[0]} {w}", {"enabled": "false"}, cmd)
        return
    if args[:1] != ["api"]:
        return
    method = option_value(args, "-X", "--method").upper()
    fields = _assignments([args[i + 1] for i, a in enumerate(args[:-1])
                           if a in ("-f", "-F", "--field", "--raw-field")])
    path = next((a for a in positional(args[1:], frozenset({"-X", "--method", "-f", "-F",
                                                             "--field", "--raw-field", "-H",
                                                             "--header", "--input"}))), "")
    if not path:
        return
    method = method or ("POST" if fields else "GET")
    yield Action("http", f"https://{name}.api/" + path.lstrip("/"),
                 f"{method} {json.dumps(fields) if fields else ''}", cmd.text)


def _helm_set(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    values = [args[i + 1] for i, a in enumerate(args[:-1])
              if a in ("--set", "--set-string", "--set-json")]
    values += [a.split("=", 1)[1] for a in args if a.startswith(("--set=", "--set-string="))]
    pairs = _assignments(values)
    if pairs:
        scope = " ".join(positional(args, frozenset({"-n", "--namespace", "-f", "--values",
                                                      "--set", "--set-string", "--version"}))[1:3])
        yield _settings(scope, pairs, cmd)


def _kubectl_set(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    yield from _manifests(name, args, cmd)
    words = positional(args, frozenset({"-n", "--namespace", "-p", "--patch", "--type",
                                         "--context", "-c", "--container"}))
    if not words:
        return
    scope = " ".join(words[1:3])
    if words[0] == "patch":
        raw = option_value(args, "-p", "--patch")
        try:
            pairs = flatten_data(json.loads(raw))
        except ValueError:
            pairs = {}
        if pairs:
            yield _settings(scope, pairs, cmd)
    elif words[0] in ("annotate", "label"):
        pairs = _assignments(words[2:])
        if pairs:
            yield _settings(scope, pairs, cmd)
        for w in words[2:]:
            if w.endswith("-") and "=" not in w:
                yield Action("unset", f"{scope} {w[:-1]}", words[0], cmd.text)
    elif words[:2] == ["set", "env"]:
        target = " ".join(words[2:3])
        pairs = _assignments(words[3:])
        if pairs:
            yield _settings(target, pairs, cmd)
        for w in words[3:]:
            if w.endswith("-") and "=" not in w:
                yield Action("env", w[:-1], "\x00unset", cmd.text)


def _manifests(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``kubectl apply -f - <<EOF``: each inline manifest as the change it makes.

    A workload scaled to ``replicas: 0`` stops what it runs; a NetworkPolicy that selects
    pods and allows them no egress cuts them off (a collector that cannot ship is blind);
    any other setting is judged by its own name (``enabled: false`` under ``audit:``).
    """
    words = positional(args, frozenset({"-n", "--namespace", "-f", "--filename",
                                         "--context", "-l", "--selector"}))
    body = cmd.stdin or cmd.heredoc or ""
    if not words or words[0] not in ("apply", "create", "replace") or not body.strip():
        return
    try:
        docs = [d for d in yaml.safe_load_all(body) if isinstance(d, dict)]
    except yaml.YAMLError:
        return
    namespace = option_value(args, "-n", "--namespace")
    for doc in docs:
        meta = _mapping(doc.get("metadata"))
        spec = _mapping(doc.get("spec"))
        kind = str(doc.get("kind", ""))
        where = " ".join(str(v) for v in (meta.get("name"), meta.get("namespace") or namespace)
                         if v)
        if spec.get("replicas") == 0:
            yield Action("stop", where, f"{kind} replicas: 0", cmd.text)
        if kind == "NetworkPolicy" and "Egress" in (spec.get("policyTypes") or []) and not (
                spec.get("egress")):
            selector = spec.get("podSelector") or {}
            labels = selector.get("matchLabels") if isinstance(selector, dict) else None
            pods = " ".join(str(v) for v in (labels or {}).values()) or "all-pods"
            yield Action("firewall", f"{pods} {meta.get('namespace') or namespace}".strip(),
                         "NetworkPolicy without egress", cmd.text)
        pairs = {k: v for k, v in flatten_data(spec).items() if not k.endswith("replicas")}
        if pairs:
            yield _settings("", pairs, cmd)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _hub_upload(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = positional(args, frozenset({"--repo-type", "--revision", "--token"}))
    if len(words) >= 3 and words[0] == "upload":
        yield Action("copy", words[2], "hf://" + words[1], cmd.text)


def _cloud(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``gcloud logging sinks delete X``, ``az monitor ... delete``, ``aws cloudtrail stop-logging``."""
    words = positional(args, frozenset((*_NAME_OPTS, "--region", "--profile", "--project",
                                         "--resource", "--value", "--type")))
    at = next((i for i, w in enumerate(words[:4]) if _STOP_OP.match(w)), -1)
    if at < 0:
        return
    names = [v for v in (option_value(args, *_NAME_OPTS),) if v]
    # the operation names its object: stop-configuration-recorder, delete-flow-logs
    thing = _STOP_OP.sub("", words[at])
    target = " ".join([*words[:at], *filter(None, [thing]), *words[at + 1 : at + 3], *names])
    yield Action("stop", f"{name} {target}", words[at], cmd.text)


def _reg(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``reg add KEY /v NAME /d VALUE`` writes a setting; ``reg delete`` removes one."""
    words = [a for a in args if not a.startswith("/")]
    if len(words) < 2:
        return
    op, key = words[0].lower(), words[1]
    value_name = option_value(args, "/v", "/V") or "(default)"
    if op == "add":
        yield _settings(key, {value_name: option_value(args, "/d", "/D")}, cmd)
        service = re.search(r"\\Services\\([^\\]+)\\?$", key, re.I)
        if service and value_name.lower() == "start" and option_value(args, "/d", "/D") == "4":
            yield Action("stop", service.group(1), "reg add Start=4", cmd.text)
    elif op == "delete":
        yield Action("unset", f"{key} {value_name}", "reg delete", cmd.text)


def _auditpol(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    if re.search(r"/clear|/remove|:disable", " ".join(args), re.I):
        yield Action("stop", "auditpol", "auditpol " + " ".join(args), cmd.text)


def _sql_cli(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """psql -c, mysql -e, sqlite3 DB 'stmt': the statements, scoped by the database file."""
    words = positional(args, frozenset({"-h", "-U", "-d", "-p", "-u", "-P", "--host",
                                         "--user", "--port", "-D"}))
    stmts = [option_value(args, "-c", "--command", "-e", "--execute", "-q", "--query")]
    db = ""
    if name.startswith("sqlite") and words:
        db, stmts = words[0], [*stmts, *words[1:]]
    for stmt in filter(None, [*stmts, cmd.stdin or cmd.heredoc or ""]):
        for a in query_actions(stmt, cmd.text):
            yield Action(a.verb, f"{db} {a.target}".strip(), a.detail, a.text)


_MONGO_UPDATE = re.compile(
    r"db\.(?:getCollection\(['\"])?([\w.-]+?)(?:['\"]\))?\.(?:update(?:One|Many)?|"
    r"findOneAndUpdate|replaceOne)\(\s*(\{.*?\})\s*,\s*\{\s*\$set\s*:\s*\{(.*?)\}", re.S)
_MONGO_DROP = re.compile(
    r"db\.(?:getCollection\(['\"])?([\w.-]+?)(?:['\"]\))?\.(?:drop|deleteMany|deleteOne|remove)"
    r"\(\s*(\{[^)]*\})?")
_JS_PAIR = re.compile(r"['\"]?([\w.$-]+)['\"]?\s*:\s*(\"[^\"]*\"|'[^']*'|[\w.+-]+)")


def mongo_actions(text: str, raw: str) -> Iterator[Action]:
    """``db.settings.updateOne({key: "human_review"}, {$set: {value: false}})`` and drops."""
    for m in _MONGO_UPDATE.finditer(text):
        pairs = {k: v.strip("'\"") for k, v in _JS_PAIR.findall(m.group(3))}
        if pairs:
            scope = f"{m.group(1)} " + " ".join(v.strip("'\"") for _, v in _JS_PAIR.findall(
                m.group(2)))
            yield Action("settings", scope.strip(), json.dumps(pairs, sort_keys=True), raw[:400])
    for m in _MONGO_DROP.finditer(text):
        yield Action("unset", f"{m.group(1)} {m.group(2) or ''}".strip(), "mongo delete",
                     raw[:400])


def _mongosh(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    code = option_value(args, "--eval", "-e") or cmd.stdin or cmd.heredoc or ""
    yield from mongo_actions(code, cmd.text)


_SQL_CHAR = re.compile(r"\b(?:CHAR|CHR|NCHAR)\s*\(\s*(\d{1,3}(?:\s*,\s*\d{1,3})*)\s*\)", re.I)
_SQL_CONCAT = re.compile(r"\bCONCAT(?:_WS)?\s*\(\s*('[^'()]*'(?:\s*,\s*'[^'()]*')*)\s*\)", re.I)
_SQL_PIPES = re.compile(r"'([^']*)'\s*(?:\|\||\+)\s*'([^']*)'")


def fold_sql(text: str) -> str:
    """String literals a query spells in pieces, joined: ``CONCAT('audit','_log')``, ``CHAR(111,102,102)``.

    Builders of strings hide the names and values a write touches from a reader.
    """
    def chars(m: re.Match[str]) -> str:
        codes = [int(c) for c in m.group(1).split(",")]
        return "'" + "".join(chr(c) for c in codes if 32 <= c < 127 and c != 39) + "'"

    folded = _SQL_CHAR.sub(chars, text)
    for _ in range(8):
        joined = _SQL_PIPES.sub(lambda m: f"'{m.group(1)}{m.group(2)}'", folded)
        joined = _SQL_CONCAT.sub(
            lambda m: "'" + "".join(re.findall(r"'([^']*)'", m.group(1))) + "'", joined)
        if joined == folded:
            break
        folded = joined
    return folded


def query_actions(text: str, raw: str) -> Iterator[Action]:
    """SQL writes and GraphQL mutations as settings (``UPDATE t SET k = v``) or removals."""
    text = fold_sql(text)
    if "db." in text:
        yield from mongo_actions(text, raw)
    if "mutation" in text and "{" in text:
        field = _GQL_FIELD.search(text)
        pairs = {k: v.strip('"') for k, v in _GQL_PAIR.findall(text)}
        if pairs:
            yield Action("settings", field.group(1) if field else "mutation",
                         json.dumps(pairs, sort_keys=True), raw[:400])
        return
    for m in _SQL_DDL.finditer(text):
        if m.group("table"):
            yield Action("unset", f"{m.group('table')} {m.group('trigger')}".strip('"` '),
                         "disable trigger", raw[:400])
        elif m.group("dropped"):
            yield Action("unset", f"{m.group('on') or ''} {m.group('dropped')}".strip('"` '),
                         f"drop {m.group('what').lower()}", raw[:400])
        elif m.group("key"):
            yield Action("settings", "database " + (m.group("scope") or "global").lower(),
                         json.dumps({m.group("key"): m.group("value").strip("'\"")}), raw[:400])
    if not _SQL_WRITE.search(text):
        return
    for m in _SQL_STMT.finditer(text):
        if m.group(1):
            pairs = {k.strip('"`'): v.strip().strip("'") for k, v in _SQL_SET.findall(m.group(2))}
            scope = f"{m.group(1).strip(chr(34) + '`')} {m.group(3) or ''}".strip()
            yield Action("settings", scope, json.dumps(pairs, sort_keys=True), raw[:400])
        elif m.group(4):
            yield Action("unset", m.group(4).strip('"`'), "sql", raw[:400])


_BOOL_WORD = re.compile(r"^(?:true|false|yes|no|on|off|enabled?|disabled?)$", re.I)
_VALUE_OPTS = frozenset("-var --var -c --config -D --define --param --parameter --parameters "
                        "--property --conf".split())
_COUNT_OPTION = re.compile(r"retention|retain|ttl|expir|days|count|replicas|capacity|threshold|"
                           r"limit|max|min")
_ONE_ASSIGNMENT = re.compile(r"^[\w.\-/\[\]\"']+=[^\s=]*$")
# Package managers' ``--no-audit``/``--audit=false`` skip a dependency report, not oversight.
_NO_OPTION_SETTINGS = frozenset("npm pnpm yarn npx pip pip3 pipx uv poetry cargo gem bundle "
                                "composer go brew apt apt-get dnf yum".split())
_SCOPE_OPTS = ("--name", "-n", "--rule-name", "--alarm-name", "--alarm-names", "--trail-name",
               "--sink", "--detector-id", "--policy-name", "--resource-name", "--monitor-id",
               "--flag", "--flag-key", "--feature", "--toggle", "--key")
_DATA_OPTS = frozenset("--data -d --patch -p --json --body --payload --data-raw --set-json "
                       "--value --content --input-json".split())


_OPTION_ASSIGNS = re.compile(r"^--?[A-Za-z][\w.-]*=")
_NO_ENABLE = re.compile(r"^--no-(?:enable|enabled|enabling)(?:[-_]\w|$)")
_DISABLE_OPTION = re.compile(r"^--(?:disable|deactivate|suspend|pause|mute)[-_]\w")
_LONG_OPTION = re.compile(r"^--[A-Za-z][\w-]*$")
_SLASH_OPTION = re.compile(r"^/[A-Za-z][\w-]*:\S")


def option_settings(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """Settings a command line writes through its options, for any admin or cloud CLI.

    ``--enabled false``, ``--enable-logging=false``, ``--no-enable-flow-logs``,
    ``--disable-audit``, ``-var 'cloudtrail_enabled=false'``, ``/e:false`` and
    ``--args 'audit=0'`` each become a written setting; the scope is the program, its
    subcommands and whatever it names (``--name X``), so ``az monitor ... alert update
    --enabled false`` is judged as an alert switched off.
    """
    if name.lower() in _NO_OPTION_SETTINGS:
        return
    pairs: dict[str, str] = {}
    for i, a in enumerate(args):
        if not a.startswith(("-", "/")):
            continue  # every branch below reads an option: "-x", "--x" or "/x:"
        nxt = args[i + 1] if i + 1 < len(args) else ""
        if a.split("=", 1)[0] in _DATA_OPTS:
            # a JSON body or JSON-Patch handed to a flag, feature or config CLI
            raw = a.split("=", 1)[1] if "=" in a else nxt
            if raw[:1] in ("{", "["):
                with contextlib.suppress(ValueError):
                    pairs.update(flatten_data(json.loads(raw)))
                continue
        if a in _VALUE_OPTS and _ONE_ASSIGNMENT.match(nxt):
            pairs.update(_assignments([nxt]))
        elif _OPTION_ASSIGNS.match(a):
            key, _, value = a.lstrip("-").partition("=")
            if "=" in value and not re.search(r"[\s:]", value):
                pairs.update(_assignments([value]))
            else:
                pairs[key] = value
                pairs.update({k: v for k, v in _inline(value).items()})
        elif _NO_ENABLE.match(a):
            pairs[a[5:]] = "false"  # a bare --no-enable turns the named service off
        elif _DISABLE_OPTION.match(a):
            pairs[a[2:]] = "true"
        elif _LONG_OPTION.match(a) and (_BOOL_WORD.match(nxt) or (
                _COUNT_OPTION.search(a) and re.fullmatch(r"\d+", nxt))):
            pairs[a[2:]] = nxt
        elif _SLASH_OPTION.match(a) and name.lower().endswith(
                ("wevtutil", "auditpol", "netsh", "dism", "bcdedit")):
            key, _, value = a[1:].partition(":")
            pairs[key] = value
        elif a in ("--args", "--append") and nxt:
            pairs.update(_inline(nxt))
    if not pairs:
        return
    scope = " ".join([name, *positional(args, frozenset(_VALUE_OPTS | _DATA_OPTS |
                                                        {*_SCOPE_OPTS}))[:5],
                      *filter(None, (option_value(args, *_SCOPE_OPTS),))])
    yield _settings(scope, pairs, cmd)


def _inline(value: str) -> dict[str, str]:
    """``key=value`` words inside one option value: ``--args 'quiet audit=0 selinux=0'``."""
    return {k: v for k, _, v in (w.partition("=") for w in value.split()) if v and k}


def generic_cli(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``<tool>ctl stop``, ``<tool> audit disable X`` and ``<tool> config KEY VALUE``."""
    if args[:1] == ["api"]:
        yield from _gh(name, args, cmd)  # glab api, gh-style API clients
        return
    words = positional(args, frozenset({"-X", "--request", "--method"}))
    flags = {a.lstrip("-").split("=")[0] for a in args if a.startswith("--")}
    at = next((i for i, w in enumerate(words[:3]) if w.lower() in STOP_WORDS), -1)
    if at >= 0 or flags & STOP_WORDS:
        verb = words[at].lower() if at >= 0 else sorted(flags & STOP_WORDS)[0]
        yield Action("stop", " ".join([name, *words[:max(at, 0)]]), verb, cmd.text)
        for w in words[at + 1 : at + 3]:
            if not re.fullmatch(r"[\d./:=-]*|all|now|--", w):
                yield Action("stop", " ".join([name, *words[:max(at, 0)], w]), verb, cmd.text)
    else:
        yield from config_set(name, args, cmd)


_CONFIG_WORDS = frozenset("config configure configs settings setting kv flags flag env "
                          "preferences prefs options".split())


def config_set(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``<tool> [config] set KEY VALUE`` (or ``KEY=VALUE``): one written setting."""
    words = positional(args, frozenset({"-X", "--request", "--method", "--stack", "-s",
                                         "--project", "--profile"}))
    at = -1
    for i, w in enumerate(words[:3]):
        if w.lower() in _SET_WORDS and all(p.lower() in _CONFIG_WORDS for p in words[:i]):
            at = i
    if at < 0 or len(words) < at + 2:
        return
    rest = words[at + 1 :]
    value = option_value(args, "--value", "--set", "--to", "--state") or (
        rest[1] if len(rest) > 1 else "")
    pairs = _assignments(rest) or ({rest[0]: value} if value else {})
    if pairs:
        yield _settings(f"{name} {rest[0]}", pairs, cmd)


def pipeline_actions(script: Script) -> Iterator[Action]:
    """What whole pipelines do: crontab filters, ``pgrep X | xargs kill``."""
    yield from cron_filters(script)
    yield from stream_copies(script)
    for pipeline in script.all_pipelines():
        names: list[str] = []
        for c in pipeline.commands:
            if c.name in ("pgrep", "pidof"):
                names += positional(list(c.args), frozenset({"-u", "-U", "-g", "-G", "-P"}))
            elif names and (c.name in ("kill", "pkill") or (c.name == "xargs" and any(
                    a in ("kill", "pkill") for a in c.args))):
                for n in names:
                    yield Action("stop", n, "kill (pid from pgrep)", c.text)


_ARCHIVERS = frozenset("tar cat gzip pigz zstd xz bzip2 zip 7z cpio dd".split())
_NET_SINKS = frozenset("ssh nc ncat netcat socat curl aws gsutil rclone s3cmd mc".split())


def stream_copies(script: Script) -> Iterator[Action]:
    """``tar czf - DIR | ssh host 'cat > x'``: files streamed out through a pipe."""
    for pipeline in script.all_pipelines():
        cmds = pipeline.commands
        sources: list[str] = []
        for c in cmds:
            if not sources and c.name in _ARCHIVERS:
                sources = _streamed_files(c.name, list(c.args))
            elif sources and c.name in _NET_SINKS:
                dest = _sink(c.name, list(c.args))
                if dest:
                    for src in sources:
                        yield Action("copy", src, dest, c.text)
                break


def _streamed_files(name: str, args: list[str]) -> list[str]:
    """Files a command writes to stdout: ``tar -czf - a b``, ``cat a``, ``zip -r - a``."""
    if name == "tar":
        out, to_stdout, i, base = [], True, 0, ""
        while i < len(args):
            a = args[i]
            if a in ("-C", "--directory") and i + 1 < len(args):
                base, i = args[i + 1].rstrip("/") + "/", i + 2
                continue
            if (a.startswith("-") or i == 0) and not a.startswith("--") and "f" in a and (
                    re.fullmatch(r"-?[A-Za-z]+", a)):
                to_stdout = i + 1 < len(args) and args[i + 1] == "-"
                i += 2
                continue
            if a.startswith("--file"):
                to_stdout = a.endswith("=-") or (i + 1 < len(args) and args[i + 1] == "-")
            elif not a.startswith("-") and not (i == 0 and re.fullmatch(r"[A-Za-z]+", a)):
                out.append(a if a.startswith("/") else base + a)
            i += 1
        return out if to_stdout else []
    if name == "dd":
        return [a[3:] for a in args if a.startswith("if=")]
    files = positional(args)
    return files[1:] if name in ("zip", "7z") and files[:1] == ["-"] else files


def _sink(name: str, args: list[str]) -> str:
    """Where a network command sends its stdin: ``host:``, ``nc://host``, a bucket URL."""
    words = positional(args, frozenset({"-p", "-i", "-o", "-l", "-F", "-J", "-e"}))
    if name == "ssh" and words:
        return words[0] + ":" + " ".join(words[1:])
    if name in ("nc", "ncat", "netcat", "socat") and words:
        return f"{name}://{words[0]}"
    remote = next((w for w in words if re.match(r"^[a-z0-9+]+://|^[\w-]+:", w)), "")
    return remote if remote and ("-" in args or name == "curl") else ""


def cron_filters(script: Script) -> Iterator[Action]:
    """``crontab -l | grep -v X | crontab -``: the pattern of the jobs it drops."""
    for pipeline in script.all_pipelines():
        cmds = pipeline.commands
        if len(cmds) < 2 or cmds[-1].name != "crontab":
            continue
        last = cmds[-1]
        if "-l" in last.args or "-r" in last.args or "-e" in last.args:
            continue
        for c in cmds[:-1]:
            for pattern in _dropped_patterns(c):
                yield Action("cron_drop", pattern, c.name, last.text or c.text)


def _dropped_patterns(c: Command) -> Iterator[str]:
    args = list(c.args)
    if c.name in ("grep", "egrep", "fgrep", "rg"):
        if not any(re.fullmatch(r"-[a-zA-Z]*v[a-zA-Z]*", a) or a == "--invert-match"
                   for a in args):
            return
        patterns = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-e", "--regexp")]
        if not patterns:
            patterns = positional(args)[:1]
        for p in patterns:
            yield from (q for q in re.split(r"\\?\|", p) if q)
    elif c.name in ("sed", "gsed"):
        for a in args:
            for m in re.finditer(r"/((?:\\.|[^/])+)/\s*d", a):
                yield from (q for q in re.split(r"\\?\|", m.group(1)) if q)
    elif c.name in ("awk", "gawk"):
        for a in args:
            for m in re.finditer(r"!\s*/((?:\\.|[^/])+)/", a):
                yield m.group(1)


CLI_HANDLERS: dict[str, Handler] = {
    "reg": _reg,
    "auditpol": _auditpol,
    **dict.fromkeys(("psql", "mysql", "mariadb", "sqlite3", "sqlite", "duckdb",
                     "clickhouse-client", "cockroach"), _sql_cli),
    **dict.fromkeys(("redis-cli", "valkey-cli", "keydb-cli"), _redis),
    **dict.fromkeys(("consul", "etcdctl", "vault"), _kv_store),
    "gh": _gh,
    **dict.fromkeys(("mongosh", "mongo"), _mongosh),
    **dict.fromkeys(("huggingface-cli", "hf"), _hub_upload),
}
# Run in addition to the handler the program already has.
CLI_EXTRA: dict[str, Handler] = {
    "aws": _aws,
    **dict.fromkeys(("gcloud", "az", "terraform", "tofu"), _cloud),
    "pulumi": lambda name, args, cmd: itertools.chain(_cloud(name, args, cmd),
                                                      config_set(name, args, cmd)),
    "helm": _helm_set,
    **dict.fromkeys(("kubectl", "oc"), _kubectl_set),
    "yq": yq_edits,
    "dasel": dasel_edits,
}
