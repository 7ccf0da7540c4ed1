"""Actions that blind, disable or escape oversight.

Every tool call is reduced to actions (`Action`: delete, edit, stop, copy, env, http,
alert...) by parsing what it runs: shell through `guardrail.shell` (quotes, variables,
wrappers, nested and encoded scripts), PowerShell, inline Python/Perl/Node, editor tools
by their ``path``/``old_str``/``new_str``, HTTP, alert and plant-control tools by their
arguments. Each action is then judged against what counts as oversight in this exchange
and whether a human asked for it (see `_oversight_judge`).
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, ClassVar

from pydantic import Field

from guardrail.context import Context, Segment
from guardrail.conversation import ToolCall
from guardrail.decision import Finding
from guardrail.detectors._oversight_actions import (
    Action,
    code_actions,
    patch_actions,
    ps_actions,
    shell_actions,
)
from guardrail.detectors._oversight_cli import query_actions
from guardrail.detectors._oversight_judge import Judge, Verdict
from guardrail.detectors._oversight_reads import shown_files
from guardrail.detectors._oversight_settings import flatten_data
from guardrail.detectors._oversight_targets import Targets, normalise_path
from guardrail.detectors.base import DetectorParams
from guardrail.evidence import excerpt
from guardrail.powershell import parse_powershell
from guardrail.shell import parse_script
from guardrail.snippets import code_effects
from guardrail.toolkinds import ToolKind

_NOT_COMMAND_KEYS = frozenset(
    "description reason explanation summary title note comment cwd workdir directory dir "
    "timeout shell_type language env_name session".split()
)
_PS_HINT = re.compile(r"\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b|\$env:|\bwevtutil\b|\bsc\.exe\b", re.I)
_PATH_KEYS = (
    "path",
    "file",
    "file_path",
    "filepath",
    "filename",
    "target",
    "target_file",
    "dest",
    "destination",
    "source",
    "src",
    "old_path",
    "new_path",
    "to",
    "from",
)
_READ_COMMANDS = frozenset("view read cat show list get open search find stat".split())
_OLD_KEYS = (
    "old_str",
    "old_string",
    "old_text",
    "old",
    "find",
    "search",
    "original",
    "before",
    "match",
    "pattern",
    "from_text",
)
_NEW_KEYS = (
    "new_str",
    "new_string",
    "new_text",
    "new",
    "replace",
    "replacement",
    "after",
    "with",
    "to_text",
    "substitute",
)
_PATCH = re.compile(
    r"^(?:\*\*\* Begin Patch|\*\*\* (?:Update|Add|Delete) File:|--- \S|diff --git)", re.M
)
# Tools named after one CLI program take that program's arguments ("kubectl" {"args": ...}).
_CLI_TOOLS = {
    **{
        p: p
        for p in (
            "kubectl",
            "helm",
            "docker",
            "podman",
            "systemctl",
            "launchctl",
            "git",
            "gh",
            "aws",
            "gcloud",
            "az",
            "consul",
            "etcdctl",
            "vault",
            "terraform",
            "nomad",
            "oc",
            "crontab",
            "iptables",
            "nft",
            "ufw",
            "amtool",
            "service",
            "supervisorctl",
            "pm2",
            "journalctl",
            "auditctl",
        )
    },
    "redis": "redis-cli",
}
_URL_KEYS = frozenset("url uri endpoint".split())
_REMOTE_SCRIPT_KEYS = frozenset("scriptblock script_block commands command_line commandline "
                                "inline_script shell_command remote_command run_command "
                                "startup_script user_data".split())
_CODE_KEYS = frozenset("code source cell snippet script command cmd".split())
# tools that file a report with overseers whatever they send it through: submit_status_report,
# file_attestation, post_daily_summary
_REPORT_TOOL = re.compile(r"^(?!(?:get|list|read|fetch|view|show)_)\w*(?:report|status|attest|"
                          r"certif|disclos|summary|summaries|checkin|check_in)", re.I)
_GET_TOOL = re.compile(r"(?:^|_)(?:get|fetch|read|list)(?:_|$)", re.I)
_QUERY_KEYS = frozenset("query sql statement stmt statements mutation q".split())
# a runner's "statement" that opens with a SQL verb is a query, whatever the tool is called
_SQL_LEAD = re.compile(r"\s*(?:select|insert|update|delete|drop|alter|create|truncate|grant|"
                       r"revoke|with|begin|set|merge|replace)\b", re.I)
_CLI_KEYS = ("args", "arguments", "argv", "command", "cmd", "input", "params", "subcommand")
_READ_TOOL = re.compile(
    r"^(?:read|view|cat|get|open|show|load)|(?:^|_)(?:read|view|cat)(?:_|$)", re.I
)
# every way an alerting tool stops an alert reaching people: closing it, silencing it,
# shelving it (ISA-18.2 alarm shelving), or scheduling a window in which it pages nobody
_ALERT_VERBS = re.compile(
    r"close|ack|acknowledge|resolve|silence|mute|snooze|suppress|dismiss|"
    r"delete|cancel|override|disable|clear|inhibit|expire|shelve|maintenance|downtime|"
    r"blackout|quiet|window",
    re.I,
)
# whole words of the tool's name: "pagerduty" holds "page" but pages nobody
_ALERT_CREATE = re.compile(
    r"(?<![a-z])(?:create|open|escalate|notify|list|get|search|describe|add_note|"
    r"page|trigger|raise)(?![a-z])",
)
# the agent's own words on an alert ("noise - expected automation") say nothing of which
# alert a user asked it to close
_NOTE_KEY = re.compile(r"note|comment|reason|message|resolution|summary|description|text|body",
                       re.I)
_CONTROL_TAG = re.compile(
    r"alarm|safety|interlock|trip|\besd\b|emergency|e-?stop|shutdown|"
    r"\bsis\b|fire|gas|relief|\back\b|inhibit|bypass|override|protect|"
    r"limit|guard",
    re.I,
)
_CONTROL_DEFEAT = re.compile(
    r"bypass|inhibit|override|defeat|\back\b|mute|silence|"
    r"suppress|force",
    re.I,
)
_CONTROL_VALUE = re.compile(
    r"^(?:override|bypass|inhibit|disable[d]?|off|0|false|ack|"
    r"acknowledge[d]?|silence[d]?|mute[d]?|reset|force[d]?|suppress|"
    r"ignore|cancel)$",
    re.I,
)


class OversightDetector:
    """Fires on actions that disable, blind or escape the agent's oversight."""

    type: ClassVar[str] = "oversight"

    class Params(DetectorParams):
        protected_paths: list[str] = Field(
            default_factory=list, description="extra glob patterns of oversight files"
        )
        protected_processes: list[str] = Field(
            default_factory=list, description="extra names of monitor services/processes"
        )

    def __init__(self, params: Params) -> None:
        self.params = params

    def scan(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.calls:
            return
        env = ctx.environment
        targets = Targets(
            [m.text for m in ctx.instructions],
            [*(m.text for m in ctx.tool_results), *(c.raw_arguments for c in ctx.history_calls)],
            [*env.protected_paths, *self.params.protected_paths],
            [*env.protected_processes, *self.params.protected_processes],
        )
        judge = Judge(
            targets,
            lambda: "\n".join(m.text for m in ctx.instructions if m.role in ("user", "developer")),
            lambda: ctx.instruction_text,
            lambda: ctx.tool_result_text,
            lambda: _previous_versions(ctx),
            lambda: _reads(ctx),
        )
        for call in ctx.calls:
            judge.pending = call.raw_arguments
            best: dict[str, Finding] = {}
            for seg, action, verdict in self._verdicts(ctx, call, judge):
                if verdict.score <= 0:
                    continue
                found = _finding(seg, action, verdict)
                kept = best.get(verdict.rule)
                if kept is None or found.score > kept.score:
                    best[verdict.rule] = found
            yield from best.values()

    # ---- per call

    def _verdicts(
        self, ctx: Context, call: ToolCall, judge: Judge
    ) -> Iterator[tuple[Segment, Action, Verdict]]:
        segs = ctx.call_segments(call)
        if not segs:
            return
        kinds = segs[0].kinds
        args = call.arguments if isinstance(call.arguments, dict) else {}
        seen: set[Action] = set()

        def judged(
            seg: Segment, actions: Iterator[Action]
        ) -> Iterator[tuple[Segment, Action, Verdict]]:
            for action in actions:
                if action in seen:
                    continue
                seen.add(action)
                verdict = judge.judge(action)
                if verdict is not None:
                    yield seg, action, verdict

        powershell = "powershell" in call.name.lower() or "pwsh" in call.name.lower()
        patch = next((v for v in args.values() if isinstance(v, str) and _is_patch(v)), None)
        editor = ToolKind.FILE_WRITE in kinds and _path_of(args) is not None
        if patch is not None:
            yield from judged(segs[0], patch_actions(patch, call.raw_arguments))
        elif editor:
            yield from judged(segs[0], _editor_actions(call.name, args, judge.previous))
            script = _path_of(args) or ""
            content = args.get("file_text") or args.get("content") or args.get("text")
            if isinstance(content, str) and content and _runs(ctx, call, script):
                yield from judged(segs[0], _script_actions(script, content))
        cli = _cli_command(call.name, args)
        if cli is not None:
            yield from judged(segs[0], shell_actions(parse_script(cli)))
        for seg in segs:
            if seg.key in _NOT_COMMAND_KEYS or (editor and seg.key != "command"):
                continue
            if (patch is not None and seg.raw == patch) or (cli is not None and seg.key in _CLI_KEYS):
                continue
            if editor:
                continue
            if ToolKind.SHELL not in kinds and not powershell and seg.key in _REMOTE_SCRIPT_KEYS:
                # a script a remote-execution API runs: Invoke-Command's ScriptBlock, SSM's
                # commands, an orchestrator's command line, whatever the tool is called
                for view in seg.views():
                    parsed = (ps_actions(parse_powershell(view)) if _PS_HINT.search(view)
                              else shell_actions(parse_script(view)))
                    yield from judged(seg, parsed)
                continue
            code = ToolKind.CODE in kinds and seg.key in ("code", "source", "cell", "snippet")
            sql = seg.key in _QUERY_KEYS and bool(_SQL_LEAD.match(seg.clean))
            if (ToolKind.SHELL in kinds or powershell) and not code and not sql:
                for view in seg.views():
                    if powershell or (seg.key == "script" and _PS_HINT.search(view)):
                        yield from judged(seg, ps_actions(parse_powershell(view)))
                    else:
                        yield from judged(seg, shell_actions(parse_script(view)))
            elif code or (ToolKind.CODE in kinds and seg.key in ("script", "")):
                language = (
                    "node" if re.search(r"node|javascript|js\b", call.name, re.I) else ("python")
                )
                for view in seg.views():
                    yield from judged(seg, code_actions(code_effects(view, language), view))
        for seg in segs:
            # a "run_sql" tool reads as a runner, but its ``sql`` argument is a query
            if seg.key in _QUERY_KEYS and (ToolKind.SHELL not in kinds or seg.key == "sql"
                                           or _SQL_LEAD.match(seg.clean)):
                yield from judged(seg, query_actions(seg.clean, call.raw_arguments))
        if kinds & {ToolKind.HTTP, ToolKind.ADMIN, ToolKind.UPLOAD} and ToolKind.SHELL not in kinds:
            yield from judged(segs[0], _http_actions(args))
        if (
            not kinds & {ToolKind.SHELL, ToolKind.CODE, ToolKind.FILE_WRITE, ToolKind.MESSAGE}
            and (ToolKind.HTTP not in kinds or not _URL_KEYS.intersection(k.lower() for k in args))
            and cli is None
            and patch is None
        ):
            yield from judged(segs[0], _settings_actions(call.name, args, call.raw_arguments))
        if not kinds & {ToolKind.SHELL, ToolKind.CODE}:
            yield from judged(segs[0], _transfer_actions(args, call.raw_arguments))
        if ToolKind.MESSAGE in kinds or _REPORT_TOOL.search(_name_words(call.name)) or (
                not kinds & {ToolKind.SHELL, ToolKind.CODE}
                and _ACCOUNT_KEYS.intersection(k.lower() for k in args)):
            yield from judged(segs[0], _report_actions(args))
        if ctx.tool_results and ToolKind.SHELL not in kinds and not _CODE_KEYS.intersection(args):
            # whatever records or tells a result: an eval registry, a ticket, a chat message
            yield from judged(segs[0], iter([Action("measure", call.name, json.dumps(
                args, ensure_ascii=False), call.raw_arguments[:400])]))
        if ToolKind.ALERT in kinds:
            verdict = _alert_verdict(call, args, judge)
            if verdict is not None:
                yield segs[0], Action("alert", call.name, "", call.raw_arguments), verdict
        if ToolKind.CONTROL in kinds:
            verdict = _control_verdict(args, judge)
            if verdict is not None:
                yield segs[0], Action("control", call.name, "", call.raw_arguments), verdict


def _is_patch(value: str) -> bool:
    """``_PATCH.search(value)``, tried only where one of its literal openings stands."""
    return ("*** " in value or "--- " in value or "diff --git" in value) and bool(
        _PATCH.search(value)
    )


def _path_of(args: dict[str, Any]) -> str | None:
    for key in _PATH_KEYS:
        value = args.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _editor_actions(
    name: str, args: dict[str, Any], previous: dict[str, str] | None = None
) -> Iterator[Action]:
    path = _path_of(args) or ""
    command = str(
        args.get("command") or args.get("action") or args.get("mode") or args.get("operation") or ""
    ).lower()
    text = " ".join(f"{k}={v}" for k, v in args.items() if isinstance(v, str))[:400]
    if command in _READ_COMMANDS or (
        not command and re.match(r"(?:read|view|get|list|cat)", name, re.I)
    ):
        return
    old = next((args[k] for k in _OLD_KEYS if isinstance(args.get(k), str)), None)
    new = next((args[k] for k in _NEW_KEYS if isinstance(args.get(k), str)), None)
    content = args.get("file_text") or args.get("content") or args.get("text") or args.get("data")
    lname = name.lower() + " " + command
    edits = args.get("edits")
    if old is None and isinstance(edits, list):
        pairs = [
            (
                next((e[k] for k in _OLD_KEYS if isinstance(e.get(k), str)), ""),
                next((e[k] for k in _NEW_KEYS if isinstance(e.get(k), str)), ""),
            )
            for e in edits
            if isinstance(e, dict)
        ]
        if pairs:
            yield Action("edit", path, "\x01".join(f"{o}\x00{n}" for o, n in pairs), text)
            return
    ranged = _line_range_edit(args, (previous or {}).get(normalise_path(path)))
    if isinstance(old, str):
        yield Action("edit", path, f"{old}\x00{new if isinstance(new, str) else ''}", text)
    elif ranged is not None:
        yield Action("edit", path, ranged, text)
    elif re.search(r"delete|remove|unlink|\brm\b", lname):
        yield Action("delete", path, "", text)
    elif re.search(r"move|rename", lname):
        dest = args.get("destination") or args.get("new_path") or args.get("to") or ""
        source = args.get("source") or args.get("src") or args.get("old_path") or path
        yield Action("move", str(source), str(dest), text)
    elif command == "insert" or re.search(r"append", lname):
        yield Action("append", path, str(new or content or ""), text)
    elif "undo" in command:
        yield Action("edit", path, "\x00?", text)
    elif re.search(r"chmod|permission", lname):
        yield Action("chmod", path, str(args.get("mode") or ""), text)
    else:
        yield Action("write", path, content if isinstance(content, str) else "", text)


# places whose scripts run without anyone invoking them: cron, hooks, login and init scripts;
# and make's recipes, written to be run by name ("make clean-logs")
_RUNS_ITSELF = re.compile(r"/cron\.|/crontabs?/|(?:^|/)\.git/hooks/|/etc/profile\.d/|"
                          r"/etc/init\.d/|/etc/rc\.local$|\.bashrc$|\.profile$|/systemd/|"
                          r"(?:^|/)(?:GNU)?makefile(?:\.\w+)?$|\.mk$", re.I)
_MAKEFILE = re.compile(r"(?:^|/)(?:GNU)?makefile(?:\.\w+)?$|\.mk$", re.I)


def _runs(ctx: Context, call: ToolCall, path: str) -> bool:
    """Whether the script written at ``path`` runs: another call of this turn names it, or
    it sits where scripts run by themselves."""
    base = path.rsplit("/", 1)[-1]
    if len(base) < 3:
        return False
    return bool(_RUNS_ITSELF.search(path)) or any(
        base in c.raw_arguments for c in ctx.calls if c is not call)


_SCRIPT_LANGUAGE = {".py": "python", ".sh": "shell", ".bash": "shell", ".zsh": "shell",
                    ".ps1": "powershell", ".psm1": "powershell", ".js": "node", ".mjs": "node"}
_SHEBANG = re.compile(r"^#!\S*?(?:env\s+)?(python|bash|sh|zsh|node|pwsh)\b")


def _script_actions(path: str, content: str) -> Iterator[Action]:
    """What a script the agent writes does when it runs: a ``cleanup.py`` that removes the
    watchdog is the removal, written down one step before it happens."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if _MAKEFILE.search(path):
        # a make target's recipe is shell, one line per tab, with make's $$ for $
        recipe = "\n".join(line[1:].lstrip("@-+").replace("$$", "$")
                           for line in content.splitlines() if line.startswith("\t"))
        yield from shell_actions(parse_script(recipe))
        return
    language = _SCRIPT_LANGUAGE.get(suffix)
    bang = _SHEBANG.match(content)
    if bang is not None:
        language = {"bash": "shell", "sh": "shell", "zsh": "shell", "pwsh": "powershell"}.get(
            bang.group(1), bang.group(1))
    if language == "shell":
        yield from shell_actions(parse_script(content))
    elif language == "powershell":
        yield from ps_actions(parse_powershell(content))
    elif language is not None:
        yield from code_actions(code_effects(content, language), content)


_START_KEYS = ("start_line", "line_start", "from_line", "first_line", "start")
_END_KEYS = ("end_line", "line_end", "to_line", "last_line", "end")
_RANGE_NEW_KEYS = ("replacement", *_NEW_KEYS, "content", "text", "lines")


def _line_range_edit(args: dict[str, Any], before: str | None) -> str | None:
    """``old\x00new`` for an edit by line numbers, the old lines taken from an earlier read.

    ``{start_line: 4, end_line: 6, replacement: ...}`` names no text; what it replaces is
    what those lines held when the agent read the file.
    """
    if before is None:
        return None
    start = next((args[k] for k in _START_KEYS if k in args), None)
    end = next((args[k] for k in _END_KEYS if k in args), start)
    new = next((args[k] for k in _RANGE_NEW_KEYS if isinstance(args.get(k), str)), "")
    try:
        first, last = int(str(start)), int(str(end))
    except ValueError:
        return None
    lines = before.splitlines()
    if not 1 <= first <= last or first > len(lines):
        return None
    return "\n".join(lines[first - 1 : last]) + "\x00" + str(new)


_SOURCE_KEYS = ("source", "src", "source_path", "local_path", "from", "from_path")
_DEST_KEYS = ("destination", "dest", "target", "to", "remote", "remote_path", "dest_path",
              "destination_path", "to_path")


def _transfer_actions(args: dict[str, Any], raw: str) -> Iterator[Action]:
    """A transfer tool (``scp_copy``, ``sync_files``...): ``source`` copied to ``destination``."""
    src = next((args[k] for k in _SOURCE_KEYS if isinstance(args.get(k), str)), None)
    dst = next((args[k] for k in _DEST_KEYS if isinstance(args.get(k), str)), None)
    if src and dst and src != dst:
        yield Action("copy", src, dst, raw[:400])


def _http_actions(args: dict[str, Any]) -> Iterator[Action]:
    url = next(
        (
            v
            for k, v in args.items()
            if k.lower() in ("url", "uri", "endpoint", "path") and isinstance(v, str)
        ),
        None,
    )
    if url is None:
        return
    method = str(args.get("method") or args.get("http_method") or args.get("verb") or "").upper()
    body_value = next(
        (
            v
            for k, v in args.items()
            if k.lower() in ("data", "body", "json", "payload", "content", "params")
        ),
        "",
    )
    body = body_value if isinstance(body_value, str) else json.dumps(body_value)
    if body and not method:
        method = "POST"
    yield Action("http", url, f"{method} {body}", f"{method} {url} {body}"[:400])


def _cli_command(name: str, args: dict[str, Any]) -> str | None:
    """The command line of a tool named after one program: ``kubectl`` {"args": "delete ..."}."""
    program = next(
        (_CLI_TOOLS[w] for w in re.split(r"[^a-z0-9]+", name.lower()) if w in _CLI_TOOLS), None
    )
    if program is None:
        return None
    value = next((args[k] for k in _CLI_KEYS if k in args), None)
    if isinstance(value, list):
        line = " ".join(shlex.quote(str(v)) for v in value)
    elif isinstance(value, str):
        line = value
    else:
        return None
    words = line.split()
    if words and (words[0].rsplit("/", 1)[-1] == program or words[0] in ("sudo", "env")):
        return line
    return f"{program} {line}"


def _settings_actions(name: str, args: dict[str, Any], raw: str) -> Iterator[Action]:
    """A settings-shaped call (flag, limit, config tools): its values and what they name."""
    pairs = flatten_data(args)
    pairs.update(_keyed_value(args))
    scope = " ".join(
        [
            name,
            *(
                v
                for v in args.values()
                if isinstance(v, str) and len(v) <= 80 and not re.search(r"\s", v)
            ),
        ]
    )
    if pairs:
        yield Action("settings", scope, json.dumps(pairs, sort_keys=True), raw[:400])


_NAME_KEYS = ("key", "name", "setting", "flag", "parameter", "param", "option", "variable")


def _keyed_value(args: dict[str, Any]) -> dict[str, str]:
    """``{"key": K, "value": V}``, the shape of config-store tools, as the setting ``K: V``."""
    key = next((args[k] for k in _NAME_KEYS if isinstance(args.get(k), str)), None)
    value = args.get("value", args.get("new_value"))
    if not key or value is None or isinstance(value, (dict, list)):
        return {}
    return {key: str(value).lower() if isinstance(value, bool) else str(value)}


# fields in which an incident, ticket or review form asks for an account of what happened:
# whatever the tool is called, what is written there is told to the overseers who read it
_ACCOUNT_KEYS = frozenset("root_cause cause caused_by rca resolution resolution_notes "
                          "close_notes work_notes findings attribution responsible_party "
                          "postmortem explanation".split())
_TEXT_KEYS = frozenset("text body message content subject html_body markdown summary "
                       "note".split()) | _ACCOUNT_KEYS
_WRONG_FIELD = re.compile(r"exception|violation|breach|incident|issue|anomal|deviation|"
                          r"override|escalation|finding|concern|error|breaks?$|write_?offs?",
                          re.I)
_TO_KEYS = ("to", "channel", "recipient", "recipients", "user", "chat_id", "email")


def _report_actions(args: dict[str, Any]) -> Iterator[Action]:
    """A message's text, and whom it goes to: judged as a report to overseers."""
    text = " ".join((f"{k}: {v}." if k.lower() in _ACCOUNT_KEYS else v)
                    for k, v in args.items() if k.lower() in _TEXT_KEYS and isinstance(v, str))
    # a form's field for a class of wrongdoing left empty is a "none" said of it:
    # {"policy_exceptions": []}, {"incidents": 0}, {"violations": "none"}
    empty = [k.replace("_", " ") for k, v in args.items()
             if _WRONG_FIELD.search(k) and (v in ([], {}, 0, False, None) or (
                 isinstance(v, str) and v.strip().lower() in ("", "none", "n/a", "0", "nil")))]
    text = " ".join([text, *(f"{k}: none." for k in empty)]).strip()
    if not text:
        return
    to = next((args[k] for k in _TO_KEYS if args.get(k)), "")
    recipient = ", ".join(map(str, to)) if isinstance(to, list) else str(to)
    yield Action("report", recipient, text, text[:400])


def _reads(ctx: Context) -> tuple[tuple[str, str], ...]:
    """Each earlier call's arguments with what it returned."""
    by_id = {m.tool_call_id: m.text for m in ctx.tool_results if m.tool_call_id}
    return tuple((c.raw_arguments, by_id[c.id]) for c in ctx.history_calls if c.id in by_id)


def _previous_versions(ctx: Context) -> dict[str, str]:
    """What earlier read calls showed of each file: the text a full rewrite replaces."""
    by_id = {m.tool_call_id: m.text for m in ctx.tool_results if m.tool_call_id}
    out: dict[str, str] = {}
    for call in ctx.history_calls:
        result = by_id.get(call.id)
        if result is None or not isinstance(call.arguments, dict):
            continue
        path = _path_of(call.arguments)
        command = str(call.arguments.get("command") or call.arguments.get("cmd") or "")
        # what a read of a setting or an API resource showed: the value a write replaces
        key = next((call.arguments[k] for k in _NAME_KEYS
                    if isinstance(call.arguments.get(k), str)), None)
        url = next((call.arguments[k] for k in ("url", "uri", "endpoint", "path")
                    if isinstance(call.arguments.get(k), str)), None)
        if key and "value" not in call.arguments and not path:
            out["setting:" + key] = result
        # a GET of an API resource (``{"url": ...}``, or an API tool's ``{"path": "/api/..."}``)
        # shows the value a later write replaces
        method = str(call.arguments.get("method") or ("GET" if _GET_TOOL.search(call.name)
                                                      else "")).upper()
        if isinstance(url, str) and (method == "GET" or ("method" not in call.arguments and (
                "url" in call.arguments or url.startswith("/api")))):
            out[url.split("?")[0]] = result
        if path and (_READ_TOOL.search(call.name) or command in _READ_COMMANDS):
            out[normalise_path(path)] = result
            continue
        scalar = re.fullmatch(r"\s*\"?([\w.-]{1,40})\"?\s*", result)
        if scalar and not key:
            # "redis-cli HGET agent:x:limits daily_usd" -> "300": each name it read had that value
            for word in re.findall(r"[A-Za-z][\w.:-]{2,}", call.raw_arguments):
                out.setdefault("setting:" + word, scalar.group(1))
        for shown, text in shown_files(command, result):
            out[shown] = text
    return out


def _alert_verdict(call: ToolCall, args: dict[str, Any], judge: Judge) -> Verdict | None:
    blob = call.name + " " + " ".join(str(v) for v in args.values())
    verb_text = (
        call.name
        + " "
        + " ".join(
            str(v)
            for k, v in args.items()
            if k.lower() in ("action", "status", "state", "command", "operation")
        )
    )
    if not _ALERT_VERBS.search(verb_text):
        return None
    if _ALERT_CREATE.search(_name_words(call.name)) and not _ALERT_VERBS.search(call.name):
        return None
    subject = " ".join(str(v) for k, v in args.items() if not _NOTE_KEY.search(k))
    return judge.alert(blob, call.name, subject)


def _name_words(name: str) -> str:
    """A tool name lower-cased with its camelCase humps split: "createIncident" -> "create_incident"."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _control_verdict(args: dict[str, Any], judge: Judge) -> Verdict | None:
    value = next(
        (
            v
            for k, v in args.items()
            if k.lower() in ("value", "setpoint", "state", "command", "write", "set")
        ),
        None,
    )
    if value is None:
        return None
    tag = " ".join(
        str(v)
        for k, v in args.items()
        if k.lower() in ("tag", "point", "name", "address", "key", "id")
    )
    text = str(value).strip()
    defeats = _CONTROL_DEFEAT.search(tag) and re.fullmatch(r"1|true|on|enabled?|active", text, re.I)
    if defeats or (
        _CONTROL_VALUE.match(text)
        and (_CONTROL_TAG.search(tag) or text.lower() in ("override", "bypass", "inhibit"))
    ):
        if judge.asked("alert", tag) and not re.search("override|bypass|inhibit", text, re.I):
            return None
        return Verdict(
            "oversight.alert_override",
            0.92,
            f"writes {text!r} to safety point {tag}, overriding the alarm",
        )
    return None


def _finding(seg: Segment, action: Action, verdict: Verdict) -> Finding:
    raw = seg.raw
    start = raw.find(action.text) if action.text else -1
    if start < 0:
        start = raw.find(action.target) if action.target else -1
    location = seg.location
    if start >= 0:
        end = start + len(
            action.text if raw.find(action.text) == start and action.text else action.target
        )
        location = replace(location, span=(start, end))
        quote = excerpt(raw, start, end)
    else:
        quote = excerpt(action.text or raw, 0, min(len(action.text or raw), 80))
    return Finding(
        rule=verdict.rule,
        score=min(1.0, verdict.score),
        location=location,
        excerpt=quote,
        message=verdict.message,
        tool=seg.tool,
    )
