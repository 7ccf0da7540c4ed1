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

import json
import re
from collections.abc import Callable, Iterator

from guardrail.detectors._oversight_model import Action
from guardrail.detectors._oversight_settings import flatten_data
from guardrail.shell import Command, Script

Handler = Callable[[str, list[str], Command], Iterator[Action]]

STOP_WORDS = frozenset(
    "stop disable unload uninstall kill pause suspend shutdown off mute remove deactivate "
    "detach unregister bootout halt freeze".split()
)
_SET_WORDS = frozenset("config configure set put update edit write".split())
_REDIS_WITH_ARG = frozenset("-h -p -a -n -u -s -r -i --user --pass --sni --cacert --cert "
                            "--key --tls-ciphers".split())


def _settings(scope: str, pairs: dict[str, str], cmd: Command) -> Action:
    return Action("settings", scope, json.dumps(pairs, sort_keys=True), cmd.text)


def _positional(args: list[str], with_arg: frozenset[str] = frozenset()) -> list[str]:
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


def _option(args: list[str], *names: str) -> str:
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
    words = _positional(args, _REDIS_WITH_ARG)
    if not words:
        return
    host = _option(args, "-h", "-u")
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
    words = _positional(args)
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


def _aws(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = _positional(args, frozenset({"--name", "--value", "--region", "--profile",
                                         "--type", "--trail-name", "--detector-id"}))
    if len(words) < 2:
        return
    service, op = words[0], words[1]
    if service == "ssm" and op == "put-parameter":
        param = _option(args, "--name")
        yield _settings(param, {param.rsplit("/", 1)[-1]: _option(args, "--value")}, cmd)
    elif service == "ssm" and op.startswith("delete-parameter"):
        yield Action("unset", _option(args, "--name", "--names"), op, cmd.text)
    elif re.match(r"(?:stop|delete|disable|deregister|remove|suspend)-", op):
        names = " ".join(v for v in (_option(args, "--name", "--trail-name", "--detector-id",
                                             "--alarm-names"), *words[2:]) if v)
        yield Action("stop", f"{service} {op} {names}".strip(), op, cmd.text)


def _gh(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    if args[:1] != ["api"]:
        return
    method = _option(args, "-X", "--method").upper()
    fields = _assignments([args[i + 1] for i, a in enumerate(args[:-1])
                           if a in ("-f", "-F", "--field", "--raw-field")])
    path = next((a for a in _positional(args[1:], frozenset({"-X", "--method", "-f", "-F",
                                                             "--field", "--raw-field", "-H",
                                                             "--header", "--input"}))), "")
    if not path:
        return
    method = method or ("POST" if fields else "GET")
    yield Action("http", "https://api.github.com/" + path.lstrip("/"),
                 f"{method} {json.dumps(fields) if fields else ''}", cmd.text)


def _helm_set(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    values = [args[i + 1] for i, a in enumerate(args[:-1])
              if a in ("--set", "--set-string", "--set-json")]
    values += [a.split("=", 1)[1] for a in args if a.startswith(("--set=", "--set-string="))]
    pairs = _assignments(values)
    if pairs:
        scope = " ".join(_positional(args, frozenset({"-n", "--namespace", "-f", "--values",
                                                      "--set", "--set-string", "--version"}))[1:3])
        yield _settings(scope, pairs, cmd)


def _kubectl_set(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = _positional(args, frozenset({"-n", "--namespace", "-p", "--patch", "--type",
                                         "--context", "-c", "--container"}))
    if not words:
        return
    scope = " ".join(words[1:3])
    if words[0] == "patch":
        raw = _option(args, "-p", "--patch")
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


def _hub_upload(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = _positional(args, frozenset({"--repo-type", "--revision", "--token"}))
    if len(words) >= 3 and words[0] == "upload":
        yield Action("copy", words[2], "hf://" + words[1], cmd.text)


def generic_cli(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``<tool>ctl stop``, ``<tool> --disable`` and ``<tool> config KEY VALUE`` of any tool."""
    words = _positional(args)
    flags = {a.lstrip("-").split("=")[0] for a in args if a.startswith("--")}
    first = words[0].lower() if words else ""
    if first in STOP_WORDS or flags & STOP_WORDS:
        verb = first if first in STOP_WORDS else sorted(flags & STOP_WORDS)[0]
        yield Action("stop", name, verb, cmd.text)
        for w in words[1:3]:
            if not re.fullmatch(r"[\d./:=-]*|all|now|--", w):
                yield Action("stop", f"{name} {w}", verb, cmd.text)
    elif first in _SET_WORDS and len(words) >= 2:
        key = words[1]
        value = _option(args, "--value", "--set", "--to", "--state") or (
            words[2] if len(words) > 2 else "")
        pairs = _assignments(words[1:]) or ({key: value} if value else {})
        if pairs:
            yield _settings(f"{name} {key}", pairs, cmd)


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
            patterns = _positional(args)[:1]
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
    **dict.fromkeys(("redis-cli", "valkey-cli", "keydb-cli"), _redis),
    **dict.fromkeys(("consul", "etcdctl", "vault"), _kv_store),
    "gh": _gh,
    **dict.fromkeys(("huggingface-cli", "hf"), _hub_upload),
}
# Run in addition to the handler the program already has.
CLI_EXTRA: dict[str, Handler] = {
    "aws": _aws,
    "helm": _helm_set,
    **dict.fromkeys(("kubectl", "oc"), _kubectl_set),
}
