"""Turn parsed commands into a small vocabulary of actions the oversight detector judges.

``rm``, ``shred``, ``Remove-Item`` and ``os.remove`` all become ``Action("delete",
path)``; ``systemctl stop``, ``launchctl unload``, ``kill -STOP`` and ``Stop-Service``
all become ``Action("stop", name)``. Judging then needs one rule per verb, not one per
tool.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator

from guardrail.detectors._oversight_cli import (
    CLI_EXTRA,
    CLI_HANDLERS,
    generic_cli,
    option_settings,
    option_value,
    pipeline_actions,
    positional,
)
from guardrail.detectors._oversight_cmdlets import switched_off
from guardrail.detectors._oversight_model import Action
from guardrail.detectors._oversight_platform import (
    PLATFORM_HANDLERS,
    scaled_to_zero,
    service_disabled,
)
from guardrail.detectors._oversight_privilege import PRIVILEGE_PROGRAMS, grant_actions
from guardrail.detectors._oversight_settings import parse_patch
from guardrail.detectors._oversight_standins import links, standin_actions, through_links
from guardrail.powershell import PsCommand, parse_powershell
from guardrail.shell import Command, Script, parse_script
from guardrail.snippets import Effect, code_effects, snippet_of

__all__ = ["Action", "code_actions", "patch_actions", "ps_actions", "shell_actions"]


_ORCHESTRATORS = frozenset("aws gcloud az nomad docker podman ecs-cli copilot fly flyctl "
                           "heroku doctl kubectl oc".split())
_DESTROY_SIGNALS = re.compile(r"^-(?:s\s*)?(?:9|15|19|17|23|kill|term|stop|tstp|int|quit|abrt|"
                              r"sigkill|sigterm|sigstop|sigtstp|sigint|sigquit|sigabrt)$", re.I)
_HARMLESS_SIGNALS = re.compile(r"^-(?:0|1|hup|sighup|cont|sigcont|usr1|sigusr1|usr2|sigusr2|"
                               r"l|s\s*0)$", re.I)
_PKG = {"pip", "pip3", "pipx", "apt", "apt-get", "yum", "dnf", "zypper", "brew", "npm", "pnpm",
        "yarn", "snap", "gem", "cargo", "choco", "winget", "port", "apk", "pacman", "rpm", "dpkg"}
_PKG_REMOVE = {"uninstall", "remove", "purge", "erase", "autoremove", "rm", "-e", "-r", "-P",
               "-R", "-Rns", "del"}
_REMOTE = re.compile(r"^(?:[a-z0-9+]+://|[\w.-]+@[\w.-]+:|[\w-]+(?:\.[\w-]+)+:|[\w-]+:(?!/))",
                     re.I)


def patch_actions(patch: str, text: str) -> Iterator[Action]:
    """A unified diff or ``*** Begin Patch`` block as one action per file it changes."""
    for change in parse_patch(patch):
        if change.mode == "delete":
            yield Action("delete", change.path, "", text)
        elif change.mode == "add":
            yield Action("write", change.path, change.new, text)
        else:
            yield Action("edit", change.path, f"{change.old}\x00{change.new}", text)


def shell_actions(script: Script) -> Iterator[Action]:
    aliases = links(script) if any(c.name == "ln" for c in script.commands()) else {}
    # a file rewritten by a transform whose edit is known: its opaque "write" says less
    edits = list(standin_actions(script))
    explained = {a.target for a in edits}
    for cmd in script.commands():
        for a in through_links(_command(cmd), aliases) if aliases else _command(cmd):
            if not (a.verb == "write" and not a.detail and a.target in explained):
                yield a
    yield from pipeline_actions(script)
    yield from edits


def _command(cmd: Command) -> Iterator[Action]:
    name = cmd.name
    args = [a for a in cmd.args]
    text = cmd.text
    content = _produced(cmd)
    for r in cmd.redirects:
        op = r.op.lstrip("0123456789")
        if op in (">", ">|", "&>") and r.target not in ("/dev/null", "/dev/stderr", "&1"):
            verb = "truncate" if not name or name in (":", "true") else "write"
            yield Action(verb, r.target, content, text)
        elif op in (">>", "&>>") and r.target != "/dev/null":
            yield Action("append", r.target, content, text)
    wrappers = cmd.argv[: cmd.program_index]
    for i, a in enumerate(wrappers):
        m = re.match(r"^([A-Za-z_]\w*)=(.*)$", a, re.S)
        if m:
            yield Action("env", m.group(1), m.group(2), text)
        elif a in ("-u", "--unset") and i + 1 < len(wrappers):
            yield Action("env", wrappers[i + 1], "\x00unset", text)
    if not name:
        return
    key = name.lower().removesuffix(".exe")
    if key in ("powershell", "pwsh"):
        # ``powershell.exe -EncodedCommand ...`` from a POSIX shell: its script is PowerShell
        yield from ps_actions(parse_powershell(text))
        return
    handler = _HANDLERS.get(key)
    extra = CLI_EXTRA.get(key)
    if handler is not None:
        yield from handler(name, args, cmd)
    if extra is not None:
        yield from extra(name, args, cmd)
    if handler is None and extra is None:
        yield from generic_cli(name, args, cmd)
    yield from option_settings(key, args, cmd)
    if key in PRIVILEGE_PROGRAMS:
        yield from grant_actions(key, args, cmd)
    if key in _ORCHESTRATORS:
        yield from scaled_to_zero(key, args, cmd)
    body = cmd.heredoc or cmd.stdin
    if body and (name in ("patch", "apply_patch", "applypatch") or (args[:1] == ["apply"] and
                 name == "git")):
        yield from patch_actions(body, text)
    snippet = snippet_of(name, cmd.args, cmd.heredoc or cmd.stdin)
    if snippet is not None:
        yield from code_actions(code_effects(snippet[1], snippet[0]), text)


def _produced(cmd: Command) -> str:
    """Text a command writes to stdout, for redirections: echo/printf/cat heredoc."""
    if cmd.name in ("echo", "printf"):
        text = " ".join(a for a in cmd.args if not re.fullmatch(r"-[neE]+", a))
        # printf always, echo -e, turn "\n" and "\t" into the lines and tabs written
        if cmd.name == "printf" or any(re.fullmatch(r"-\w*e\w*", a) for a in cmd.args):
            text = text.replace("\\n", "\n").replace("\\t", "\t")
        return text
    if cmd.name in ("cat", "tee") and cmd.heredoc is not None:
        return cmd.heredoc
    return cmd.stdin or ""


def _rm(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    for f in positional(args, frozenset({"-n", "--iterations", "-s", "--size"})):
        yield Action("delete", f, "", cmd.text)


def _truncate(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    for f in positional(args, frozenset({"-s", "--size", "-r", "--reference"})):
        yield Action("truncate", f, "", cmd.text)


def _tee(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    verb = "append" if {"-a", "--append"} & set(args) else "write"
    for f in positional(args):
        yield Action(verb, f, cmd.stdin or cmd.heredoc or "", cmd.text)


def _sed(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    inplace = any(a.startswith("-i") or a == "--in-place" or a.startswith("--in-place=")
                  or (re.fullmatch(r"-[a-zA-Z]*i[a-zA-Z]*", a) is not None) for a in args)
    if name == "perl":
        inplace = any(re.fullmatch(r"-[a-zA-Z]*i\S*", a) for a in args)
    if not inplace:
        return
    scripts: list[str] = []
    files: list[str] = []
    i = 0
    expect_script = True
    while i < len(args):
        a = args[i]
        if a in ("-e", "--expression") and i + 1 < len(args):
            scripts.append(args[i + 1])
            expect_script = False
            i += 2
            continue
        if re.fullmatch(r"-[a-zA-Z]*e", a) and name == "perl" and i + 1 < len(args):
            scripts.append(args[i + 1])
            expect_script = False
            i += 2
            continue
        if a.startswith("-"):
            i += 1
            continue
        if expect_script and not scripts:
            scripts.append(a)
            expect_script = False
        else:
            files.append(a)
        i += 1
    detail = "\x01".join(_sed_pairs(s) for s in scripts)
    for f in files:
        yield Action("edit", f, detail, cmd.text)


def _sed_pairs(script: str) -> str:
    """``s/old/new/`` and ``/pat/d`` as ``old\\x00new`` pairs joined by ``\\x01``."""
    pairs: list[str] = []
    for m in re.finditer(r"s([^\w\s\\])((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1", script):
        pairs.append(_unregex(m.group(2)) + "\x00" + _unregex(m.group(3)))
    for m in re.finditer(r"(?:^|;|\s)/((?:\\.|[^/])*)/\s*d", script):
        pairs.append(_unregex(m.group(1)) + "\x00")
    if not pairs:
        pairs.append("\x00?")
    return "\x01".join(pairs)


def _unregex(text: str) -> str:
    text = re.sub(r"^\^|\$$", "", text)
    text = re.sub(r"\\([^\w])", r"\1", text)
    return text.replace(".*", "").replace("\\s*", " ").replace("\\s+", " ")


def _mv(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    files = positional(args, frozenset({"-t", "--target-directory", "-S", "--suffix"}))
    if len(files) >= 2:
        for src in files[:-1]:
            yield Action("move", src, files[-1], cmd.text)
            yield Action("write", files[-1], "", cmd.text)


_STORE_DELETE = frozenset("rm rb del delete deletefile purge rmdir remove".split())


def _copy(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    rest = args
    if name in ("gsutil", "gcloud", "aws", "rclone", "azcopy", "s3cmd", "mc", "hdfs"):
        verbs = {"cp", "copy", "sync", "mv", "rsync", "put", "copyto", "moveto", "upload"}
        idx = next((i for i, a in enumerate(args) if a in verbs), -1)
        gone = next((i for i, a in enumerate(args[:3]) if a in _STORE_DELETE), -1)
        if idx < 0 and gone >= 0:
            # ``gsutil -m rm -r gs://b/x/``, ``aws s3 rm``, ``rclone purge``: objects deleted
            for obj in positional(args[gone + 1:], frozenset({"--profile", "--region"})):
                yield Action("delete", obj, "object store", cmd.text)
        if idx < 0:
            return
        rest = _without_flag_values(args[idx + 1 :])
    files = positional(rest, frozenset({"-e", "-i", "-P", "-p", "-o", "-F", "--exclude", "--include",
                                        "-t", "--profile", "--region", "-S", "--suffix"}))
    if len(files) >= 2:
        for src in files[:-1]:
            yield Action("copy", src, files[-1], cmd.text)
        if not _REMOTE.match(files[-1]):
            yield Action("write", files[-1], "", cmd.text)
    if name == "rsync" and "--delete" in " ".join(args) and files:
        yield Action("delete", files[-1], "", cmd.text)


# a bare word or number: what a long flag takes (``--transfers 8``, ``--storage-class
# COLDLINE``), never a local path or a remote (those hold "/", ":" or ".")
_FLAG_VALUE = re.compile(r"[\w-]+")


_SWITCHES = frozenset(
    "--dry-run --recursive --progress --verbose --quiet --checksum --update --ignore-existing "
    "--no-traverse --no-check-dest --copy-links --links --size-only --immutable --interactive "
    "--create-empty-src-dirs --metadata --no-progress --only-show-errors --follow-symlinks "
    "--no-clobber --delete-after --delete-before --delete-during --fast-list --no-sign-request "
    "--force --overwrite --check-md5 --preserve-posix".split())


def _without_flag_values(args: list[str]) -> list[str]:
    """Object-store arguments with each long flag's separate value dropped: the tools take
    flags after the paths, and no table of their flags is ever complete."""
    out: list[str] = []
    skip = False
    for a in args:
        if skip and _FLAG_VALUE.fullmatch(a):
            skip = False
            continue
        skip = a.startswith("--") and "=" not in a and a not in _SWITCHES
        out.append(a)
    return out


def _dd(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    for a in args:
        if a.startswith("of="):
            yield Action("write", a[3:], "", cmd.text)


def _ln(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    files = positional(args)
    if len(files) >= 2 and files[0] == "/dev/null":
        yield Action("truncate", files[-1], "", cmd.text)


def _chmod(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    files = positional(args)
    if name == "chattr" or name == "setfacl":
        mode = " ".join(a for a in args if a.startswith(("+", "-")))
        files = [f for f in files if not f.startswith("+")]
    else:
        # symbolic modes may start with "-": chmod -x /usr/bin/osqueryd
        modes = [a for a in args if re.fullmatch(r"[ugoa]*[-+=][rwxXst]+|[0-7]{3,4}", a)]
        mode = modes[0] if modes else (files[0] if files else "")
        files = [f for f in files if f != mode]
    for f in files:
        yield Action("chmod", f, mode, cmd.text)


def _found_glob(args: list[str]) -> list[str]:
    """What ``find ROOT... -name PAT`` reaches, as globs: ``/opt/**/w*d?g.sh``. With no
    ``-maxdepth 1`` the name may sit at any depth below the root."""
    roots = []
    for a in args:
        if a.startswith("-") or a in ("(", ")", "!"):
            break
        roots.append(a)
    names = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-name", "-iname", "-path")]
    depth = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "-maxdepth"), "")
    below = "/" if depth == "1" else "/**/"
    return [root.rstrip("/") + (below + names[0] if names else "/*") for root in roots or ["."]]


def _find_exec(args: list[str]) -> Iterator[Action]:
    r"""``find ... -exec CMD {} \;``: CMD run on what the find reaches. ``sh -c 'S' _ {}``
    runs S with ``$1`` bound to each file, so ``> "$1"`` overwrites the found file."""
    for i, a in enumerate(args):
        if a not in ("-exec", "-execdir", "-ok", "-okdir"):
            continue
        end = next((j for j in range(i + 1, len(args)) if args[j] in (";", "\\;", "+")),
                   len(args))
        argv = args[i + 1:end]
        for found in _found_glob(args):
            filled = [found if x == "{}" else x.replace("{}", found) for x in argv]
            if len(filled) >= 3 and filled[0].rsplit("/", 1)[-1] in ("sh", "bash", "dash",
                                                                      "zsh") and filled[1] == "-c":
                bound = {str(k): v for k, v in enumerate(filled[3:])}
                bound["@"] = " ".join(filled[4:])
                yield from shell_actions(parse_script(filled[2], bound))
            elif filled and filled[0].rsplit("/", 1)[-1] not in ("rm", "shred", "unlink",
                                                                 "truncate", "srm"):
                yield from shell_actions(parse_script(shlex.join(filled)))


def _find(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    if "-exec" in args or "-execdir" in args or "-ok" in args or "-okdir" in args:
        yield from _find_exec(args)
    removes = "-delete" in args or any(
        a in ("-exec", "-execdir", "-ok") and i + 1 < len(args)
        and args[i + 1].rsplit("/", 1)[-1] in ("rm", "shred", "unlink", "truncate", "srm")
        for i, a in enumerate(args)
    )
    if not removes:
        return
    roots = []
    for a in args:
        if a.startswith("-") or a in ("(", ")", "!"):
            break
        roots.append(a)
    pattern = ""
    if "-name" in args and args.index("-name") + 1 < len(args):
        pattern = args[args.index("-name") + 1]
    keeps = _age_kept(args)
    for root in roots or ["."]:
        yield Action("delete", root.rstrip("/") + ("/" + pattern if pattern else "/*"),
                     "", cmd.text, keeps)


_UNIT_DAYS = {"s": 1 / 86400, "sec": 1 / 86400, "m": 1 / 1440, "min": 1 / 1440, "h": 1 / 24,
              "d": 1.0, "day": 1.0, "w": 7.0, "week": 7.0, "month": 30.0, "y": 365.0,
              "year": 365.0}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(months?|years?|weeks?|days?|min|sec|[smhdwy])?s?$",
                       re.I)


def _age_kept(args: list[str]) -> float:
    """Days of newest files a ``find`` deletion spares: ``-mtime +30`` spares 30.

    Only a plain conjunction counts; with ``-o`` or ``!`` the age test may not guard
    every file the command deletes.
    """
    if any(a in ("-o", "-or", "!", "-not") for a in args):
        return 0.0
    kept = 0.0
    for i, a in enumerate(args[:-1]):
        value = args[i + 1]
        if a in ("-mtime", "-ctime", "-atime") and re.fullmatch(r"\+\d+", value):
            kept = max(kept, float(value[1:]))
        elif a in ("-mmin", "-cmin", "-amin") and re.fullmatch(r"\+\d+", value):
            kept = max(kept, float(value[1:]) / 1440)
    return kept


def duration_days(text: str) -> float:
    """``30d``, ``2weeks``, ``1h``, ``90`` (seconds, as journald reads a bare number) in days."""
    m = _DURATION.match(text.strip())
    if not m:
        return 0.0
    unit = (m.group(2) or "s").lower()
    unit = unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit
    return float(m.group(1)) * _UNIT_DAYS.get(unit, 0.0)


_HOOKED = frozenset("commit push merge am rebase cherry-pick revert".split())


def _git(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    if not args:
        return
    sub = args[0]
    rest = args[1:]
    if sub == "rm":
        for f in positional(rest):
            yield Action("delete", f, "", cmd.text)
    elif sub == "mv":
        yield from _mv("mv", rest, cmd)
    elif sub == "revert" or (sub == "reset" and "--hard" in rest):
        yield Action("revert", " ".join(rest), sub, cmd.text)
    elif sub == "config" and len(positional(rest)) >= 2 and not {"--get", "--list", "-l",
                                                             "--get-all"} & set(rest):
        key, value = positional(rest)[:2]
        yield Action("settings", f"git config {key}", json.dumps({key: value}), cmd.text)
    elif sub in _HOOKED and ("--no-verify" in rest or (sub == "commit" and any(
            re.fullmatch(r"-[a-zA-Z]*n[a-zA-Z]*", a) for a in rest))):
        # the hooks run the secret scanner and policy checks; skipping them skips review
        yield Action("skip_hooks", f"git {sub}", "--no-verify", cmd.text)
    elif (sub == "push" and ({"--delete", "-d"} & set(rest) or any(
            a.startswith(":") and len(a) > 1 for a in rest))) or (
            sub == "branch" and {"-D", "--delete --force"} & {*rest, " ".join(rest[:2])}):
        # a branch deleted unmerged is a change that will never land (``branch -d`` refuses
        # to delete an unmerged branch, so only the forced form counts)
        pos = [a.lstrip(":") for a in positional(rest)]
        for branch in pos[1:] if sub == "push" and len(pos) > 1 else pos:
            yield Action("drop_change", branch, sub, cmd.text)
    elif sub == "filter-repo" and "--invert-paths" in rest:
        # history rewritten without these paths: every past version of them is gone
        for i, a in enumerate(rest[:-1]):
            if a in ("--path", "--path-glob", "--path-regex"):
                yield Action("delete", rest[i + 1], "history rewrite", cmd.text)
    elif sub == "filter-branch":
        for i, a in enumerate(rest[:-1]):
            if a in ("--index-filter", "--tree-filter", "--commit-filter"):
                yield from shell_actions(parse_script(rest[i + 1]))
    elif sub in ("checkout", "restore") and ("--" in rest or "--source" in " ".join(rest)):
        files = rest[rest.index("--") + 1 :] if "--" in rest else positional(rest)
        for f in files:
            yield Action("revert", f, sub, cmd.text)


_EXEC_WITH_ARG = frozenset("-n --namespace -c --container -u --user -e --env -w --workdir "
                           "--context".split())


def _stop_service(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    stop_verbs = {"stop", "disable", "mask", "kill", "unload", "bootout", "remove", "delete",
                  "rm", "purge", "scale", "uninstall", "destroy", "undeploy", "pause", "down",
                  "off", "del", "reset-failed", "freeze", "suspend", "drain", "unregister"}
    words = [a for a in args if not a.startswith("-")]
    if name in ("service", "rc-service", "invoke-rc.d"):
        if len(words) >= 2 and words[1] in stop_verbs:
            yield Action("stop", words[0], words[1], cmd.text)
        return
    if name in ("chkconfig", "update-rc.d", "sysv-rc-conf"):
        if len(words) >= 2 and words[1] in ("off", "disable", "remove"):
            yield Action("stop", words[0], words[1], cmd.text)
        return
    if name in ("kubectl", "oc", "helm") and "scale" in words:
        if any(a in ("--replicas=0", "0") for a in args):
            for w in words[1:]:
                if w not in ("scale", "0"):
                    yield Action("stop", w, "scale 0", cmd.text)
        return
    if name in ("kubectl", "oc") and "patch" in words[:3] and "nodeSelector" in " ".join(args):
        ns = option_value(args, "-n", "--namespace")
        objects = [w for w in words[words.index("patch") + 1 :] if w != ns and "{" not in w]
        yield Action("stop", " ".join([*objects, ns]).strip(), "patch", cmd.text)
        return
    if words[:1] == ["exec"]:
        # killing pid 1 inside a container stops the container itself
        inner = " ".join(args[args.index("--") + 1 :] if "--" in args else args[1:])
        pod = positional(args[args.index("exec") + 1 :], _EXEC_WITH_ARG)[:1]
        if re.search(r"\bkill(?:all)?\b[^;&|]*\s1\b", inner) and pod:
            yield Action("stop", pod[0], "kill 1 in container", cmd.text)
        return
    verb_at = next((i for i, w in enumerate(words) if w in stop_verbs), -1)
    if verb_at < 0:
        return
    targets = [w for w in words[verb_at + 1 :] if w not in ("job", "service", "daemonset",
                                                            "deployment", "pod", "container")]
    if name in ("kubectl", "oc", "helm"):
        yield from _cluster_stops(name, args, cmd, stop_verbs)
        return
    if not targets:
        targets = [a for a in args if not a.startswith("-") and a != words[verb_at]]
    for t in targets:
        yield Action("stop", t, words[verb_at], cmd.text)


_CLUSTER_WITH_ARG = frozenset("-n --namespace --context --kube-context -l --selector -f "
                              "--filename -o --output --timeout --grace-period -c "
                              "--container".split())
# Objects that are themselves policy engines: deleting one lets everything through.
_ADMISSION_KINDS = re.compile(r"^(?:cluster)?polic(?:y|ies)(?:\.kyverno\.io)?$|"
                              r"^validating(?:webhookconfiguration|admissionpolic(?:y|ies))s?$|"
                              r"^constraint(?:template)?s?$|^k8s\w+$|^podsecuritypolic(?:y|ies)$",
                              re.I)


def _cluster_stops(name: str, args: list[str], cmd: Command,
                   stop_verbs: set[str]) -> Iterator[Action]:
    """``kubectl -n X delete KIND NAME``, ``helm uninstall R -n X``: one action per object.

    The namespace travels with each object ("falcosidekick security"), so a request that
    names the release also covers the namespace it lives in.
    """
    words = positional(args, _CLUSTER_WITH_ARG)
    verb_at = next((i for i, w in enumerate(words) if w in stop_verbs), -1)
    if verb_at < 0:
        return
    objects = words[verb_at + 1 :]
    ns = option_value(args, "-n", "--namespace")
    kind = objects[0].split("/")[0] if objects else ""
    tag = "policy-engine " if _ADMISSION_KINDS.match(kind) else ""
    if tag and len(objects) > 1:
        objects = objects[1:]
    for obj in objects or [""]:
        target = f"{tag}{obj} {ns}".strip()
        if target:
            yield Action("stop", target, words[verb_at], cmd.text)


def _kill(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    signal = "TERM"
    targets: list[str] = []
    skip = False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a in ("-s", "--signal", "-n") and i + 1 < len(args):
            signal = args[i + 1]
            skip = True
            continue
        if a.startswith("-") and len(a) > 1:
            if _HARMLESS_SIGNALS.match(a):
                return
            if _DESTROY_SIGNALS.match(a) or re.fullmatch(r"-[A-Z0-9]+", a):
                signal = a.lstrip("-")
            continue
        targets.append(a)
    if re.fullmatch(r"(?:SIG)?(?:HUP|CONT|USR1|USR2|0)", signal.upper()):
        return
    for t in targets:
        yield Action("stop", t, f"kill {signal}", cmd.text)


def _taskkill(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    for i, a in enumerate(args):
        if a.lower() in ("/im", "/pid", "-im", "-pid") and i + 1 < len(args):
            yield Action("stop", args[i + 1], "taskkill", cmd.text)


def _launchctl(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = [a for a in args if not a.startswith("-")]
    if words and words[0] in ("unload", "bootout", "remove", "disable", "stop", "kill"):
        if words[0] == "kill" and len(words) > 1 and words[1].upper() in ("HUP", "SIGHUP", "CONT"):
            return
        for t in words[1:]:
            yield Action("stop", t, words[0], cmd.text)


def _packages(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = [a for a in args if not (a.startswith("-") and a not in _PKG_REMOVE)]
    if not words or words[0] not in _PKG_REMOVE:
        return
    for pkg in words[1:]:
        if not pkg.startswith("-"):
            yield Action("uninstall", pkg, name, cmd.text)


def _firewall(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    joined = " ".join(args)
    if name in ("iptables", "ip6tables", "nft", "firewall-cmd", "pfctl"):
        if not re.search(r"DROP|REJECT|drop|reject|block", joined):
            return
        for i, a in enumerate(args):
            if a in ("-d", "--destination", "-s", "--source", "daddr", "saddr") and i + 1 < len(args):
                yield Action("firewall", args[i + 1], name, cmd.text)
        for m in re.finditer(r"(?:destination|address)=\"?([\w.:/-]+)", joined):
            yield Action("firewall", m.group(1), name, cmd.text)
    elif name == "ufw":
        if re.search(r"\b(?:deny|reject)\b", joined):
            words = [a for a in args if a not in ("deny", "reject", "out", "in", "to", "from",
                                                  "any", "insert", "1", "proto", "tcp", "udp",
                                                  "port")]
            for w in words:
                yield Action("firewall", w, name, cmd.text)
        elif args[:1] == ["disable"]:
            yield Action("stop", "ufw firewall", "disable", cmd.text)
    elif name in ("route", "ip") and re.search(r"blackhole|unreachable|prohibit|reject", joined):
        for w in args:
            if re.match(r"[\w-]+(\.[\w-]+)+", w):
                yield Action("firewall", w, name, cmd.text)


def _crontab(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    if "-r" in args:
        yield Action("delete", "crontab", "crontab -r", cmd.text)
    elif "-" in args or positional(args, frozenset({"-u"})):
        yield Action("write", "crontab", cmd.stdin or cmd.heredoc or "", cmd.text)


_SIZE = re.compile(r"--vacuum-size[=\s]+(\d+(?:\.\d+)?)\s*([KMGT]?)", re.I)


def _megabytes(number: str, unit: str) -> float:
    """``300``, ``M`` -> 300.0: a journald size (bytes, K, M, G, T) in megabytes."""
    return float(number) * {"": 1e-6, "K": 1e-3, "M": 1.0, "G": 1e3, "T": 1e6}[unit.upper()]


def _logs(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    joined = " ".join(args)
    if name == "journalctl" and re.search(r"--vacuum|--rotate|--flush", joined):
        if "--vacuum" in joined:
            age = re.search(r"--vacuum-time[=\s]+(\S+)", joined)
            # a file-count bound spares nothing by age; a time bound does, and so does a size
            # bound of a hundred megabytes or more: vacuuming drops the oldest archives first,
            # so the day's entries outlive it on any host (a "1K" bound keeps nothing)
            keeps = duration_days(age.group(1)) if age and "--vacuum-size" not in joined and (
                "--vacuum-files" not in joined) else 0.0
            size = _SIZE.search(joined)
            if size and not age and "--vacuum-files" not in joined and "--rotate" not in joined:
                keeps = 1.0 if _megabytes(size.group(1), size.group(2)) >= 100 else 0.0
            yield Action("clear_log", "/var/log/journal", joined, cmd.text, keeps)
    elif name == "auditctl":
        if "-D" in args or re.search(r"-e\s*0", joined):
            yield Action("stop", "auditd", "auditctl " + joined, cmd.text)
        elif re.search(r"-[aA]\s*(?:never,|\w+,never\b)", joined):
            # a "never" rule takes whatever its fields match out of the audit log
            for field in re.findall(r"-F\s*((?:exe|path|dir|comm|uid|auid|pid)\s*=\s*\S+)", joined):
                yield Action("exclude", field.split("=", 1)[1], "auditd", cmd.text)
    elif name == "history" and "-c" in args:
        yield Action("clear_log", "~/.bash_history", "history -c", cmd.text)
    elif name == "unset":
        for var in args:
            if var == "HISTFILE":
                yield Action("clear_log", "~/.bash_history", "unset HISTFILE", cmd.text)
            elif not var.startswith("-"):
                yield Action("env", var, "\x00unset", cmd.text)
    elif name == "setenforce" and args[:1] in (["0"], ["Permissive"], ["permissive"]):
        yield Action("stop", "selinux", "setenforce 0", cmd.text)
    elif name == "wevtutil" and len(args) > 1 and args[0].lower() in ("cl", "clear-log"):
        yield Action("clear_log", args[1], "wevtutil " + args[0], cmd.text)
    elif name == "wevtutil" and len(args) > 1 and args[0].lower() in ("sl", "set-log") and any(
            re.fullmatch(r"/e(?:nabled)?:(?:false|0)", a, re.I) for a in args):
        yield Action("clear_log", args[1], "wevtutil sl /e:false (channel disabled)", cmd.text)


def _declare(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    for a in args:
        m = re.match(r"^([A-Za-z_]\w*)=(.*)$", a, re.S)
        if m:
            yield Action("env", m.group(1), m.group(2), cmd.text)


def _curl(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    method = option_value(args, "-X", "--request").upper()
    data = " ".join(filter(None, (option_value(args, flag) for flag in
                                  ("-d", "--data", "--data-raw", "--data-binary", "--json"))))
    if name in ("http", "https", "xh") and args:
        method = args[0].upper() if args[0].isalpha() else method
    urls = [a for a in args if re.match(r"https?://", a)] or [
        a for a in args if re.match(r"[\w.-]+(?::\d+)?/", a)]
    if data and not method:
        method = "POST"
    upload = option_value(args, "-T", "--upload-file") or (
        option_value(args, "-F", "--form").partition("@")[2])
    for url in urls:
        if method in ("PUT", "POST", "PATCH", "DELETE"):
            yield Action("http", url, f"{method} {data}", cmd.text)
        if upload:
            yield Action("copy", upload.split(";")[0], url, cmd.text)


def _nomad(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    words = [a for a in args if not a.startswith("-")]
    if len(words) >= 3 and words[0] in ("job", "alloc") and words[1] in ("stop", "purge"):
        yield Action("stop", words[2], "nomad stop", cmd.text)
    elif len(words) >= 2 and words[0] == "stop":
        yield Action("stop", words[1], "nomad stop", cmd.text)


def _alerts(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    joined = " ".join(args).lower()
    if re.search(r"\b(?:close|ack|acknowledge|resolve|silence|mute|snooze|suppress|dismiss|"
                 r"delete|expire|disable)\b", joined):
        yield Action("alert", " ".join(args), name, cmd.text)


_HANDLERS = {
    **dict.fromkeys(("rm", "unlink", "shred", "srm", "wipe", "rmdir"), _rm),
    "truncate": _truncate,
    "tee": _tee,
    "sed": _sed,
    "gsed": _sed,
    "perl": _sed,
    "mv": _mv,
    **dict.fromkeys(("cp", "rsync", "scp", "gsutil", "gcloud", "aws", "rclone", "azcopy",
                     "s3cmd", "mc", "install", "sftp"), _copy),
    "dd": _dd,
    "ln": _ln,
    **dict.fromkeys(("chmod", "chown", "chattr", "setfacl", "chgrp"), _chmod),
    "find": _find,
    "git": _git,
    **dict.fromkeys(("systemctl", "service", "rc-service", "invoke-rc.d", "chkconfig",
                     "update-rc.d", "kubectl", "oc", "helm", "docker", "podman", "nerdctl",
                     "supervisorctl", "pm2", "sc", "net", "rc-update", "launchd", "svc",
                     "s6-svc", "monit", "salt", "ansible", "docker-compose", "compose",
                     "crictl", "k3s", "minikube"), _stop_service),
    **dict.fromkeys(("kill", "pkill", "killall", "skill", "pgrep-kill"), _kill),
    "taskkill": _taskkill,
    "launchctl": _launchctl,
    **dict.fromkeys(tuple(_PKG), _packages),
    **dict.fromkeys(("iptables", "ip6tables", "nft", "firewall-cmd", "pfctl", "ufw", "route",
                     "ip"), _firewall),
    "crontab": _crontab,
    **dict.fromkeys(("journalctl", "auditctl", "history", "unset", "setenforce", "wevtutil"),
                    _logs),
    **dict.fromkeys(("export", "declare", "typeset", "setenv", "launchctl-setenv"), _declare),
    **dict.fromkeys(("curl", "wget", "http", "https", "xh"), _curl),
    "nomad": _nomad,
    **dict.fromkeys(("amtool", "opsgenie", "pd", "pagerduty", "lacework", "datadog", "dog",
                     "alertmanager"), _alerts),
}


def _brew_services(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    if args[:2] == ["services", "stop"] and len(args) > 2:
        yield Action("stop", args[2], "brew services stop", cmd.text)


def _brew(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    yield from _packages(name, args, cmd)
    yield from _brew_services(name, args, cmd)


_HANDLERS["brew"] = _brew
_HANDLERS.update(CLI_HANDLERS)
_HANDLERS.update(PLATFORM_HANDLERS)


# --------------------------------------------------------------------------- code snippets


_CODE_SET = re.compile(r"""\[\s*['"]([\w.-]+)['"]\s*\]\s*=(?!=)\s*([^\n;]+)""")
_CODE_DROP = re.compile(r"""(?:\.pop\(\s*|\bdel\s+\w+(?:\[[^\]]*\])*\[\s*)['"]([\w.-]+)['"]""")


# a string spelt as code points: ``''.join(map(chr, [101, 110]))``, ``chr(116)+'rue'``
_CHR_JOIN = re.compile(r"""(?:''|"")\.join\(\s*map\(\s*chr\s*,\s*[\[(]([\d\s,]+)[\])]\s*\)\s*\)""")
_CHR_ONE = re.compile(r"""\bchr\(\s*(\d{1,6})\s*\)(?:\s*\+\s*(['"])([^'"\n]*)\2)?""")


def _spelt_out(text: str) -> str:
    """``text`` with strings built from code points written as the literals they make,
    so a key set through ``d[''.join(map(chr, [...]))] = False`` reads as ``d['...']``."""
    if "chr" not in text:
        return text

    def join(m: re.Match[str]) -> str:
        codes = [int(c) for c in re.findall(r"\d+", m.group(1))]
        return repr("".join(chr(c) for c in codes if c < 0x110000))

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1))
        return repr((chr(code) if code < 0x110000 else "") + (m.group(3) or ""))

    return _CHR_ONE.sub(one, _CHR_JOIN.sub(join, text))


def code_actions(effects: list[Effect], text: str) -> Iterator[Action]:
    replaces = "\x01".join(e.detail for e in effects if e.kind == "replace")
    text = _spelt_out(text)
    # ``c = json.load(f); c["human_review"] = False; json.dump(c, f)``: the keys it sets
    sets = {m.group(1): m.group(2).strip() for m in _CODE_SET.finditer(text)}
    drops = [m.group(1) for m in _CODE_DROP.finditer(text)]
    for e in effects:
        if e.kind in ("write", "append") and (sets or drops):
            if sets:
                yield Action("settings", e.target, json.dumps(sets, sort_keys=True), text)
            for key in drops:
                yield Action("unset", f"{e.target} {key}", "del", text)
        if e.kind in ("write", "append"):
            yield Action("edit" if replaces else e.kind, e.target, replaces, text)
        elif e.kind == "delete":
            yield Action("delete", e.target, "", text)
        elif e.kind == "move":
            yield Action("move", e.target, e.detail, text)
        elif e.kind == "copy":
            yield Action("copy", e.target, e.detail, text)
        elif e.kind == "chmod":
            yield Action("chmod", e.target, "", text)
        elif e.kind == "exec":
            yield from shell_actions(parse_script(e.target))
        elif e.kind == "kill":
            if not re.search(r"SIG(?:HUP|CONT|USR)|^0$", e.detail):
                yield Action("stop", e.target, "kill " + e.detail, text)
        elif e.kind == "http":
            yield Action("http", e.target, e.detail, text)


# --------------------------------------------------------------------------- powershell

def ps_actions(commands: list[PsCommand]) -> Iterator[Action]:
    for c in commands:
        n = c.name
        target = c.param("name", "path", "literalpath", "displayname", "id", "processname",
                         "logname", "filepath") or (c.args[0] if c.args else "")
        if n in ("stop-service", "suspend-service", "stop-process", "remove-service"):
            yield Action("stop", target, n, c.text)
        elif n == "set-service":
            state = (c.param("startuptype") or "") + (c.param("status") or "")
            if re.search(r"disabled|stopped|manual", state, re.I):
                yield Action("stop", target, n + " " + state, c.text)
        elif n in ("remove-item",):
            for t in [target, *c.args[1:]]:
                yield Action("delete", t, "", c.text)
        elif n in ("clear-content",):
            yield Action("truncate", target, "", c.text)
        elif n in ("set-content", "out-file", "add-content"):
            value = c.param("value", "inputobject") or " ".join(c.args[1:])
            verb = "append" if n == "add-content" or c.param("append") else "write"
            yield Action(verb, target, value, c.text)
        elif n in ("move-item", "rename-item"):
            yield Action("move", target, c.param("destination", "newname") or "", c.text)
        elif n == "copy-item":
            yield Action("copy", target, c.param("destination") or
                         (c.args[1] if len(c.args) > 1 else ""), c.text)
        elif n in ("clear-eventlog", "remove-eventlog", "limit-eventlog"):
            yield Action("clear_log", target or "eventlog", n, c.text)
        elif n == "wevtutil":
            yield from _logs(n, list(c.words), Command(argv=(n, *c.words), text=c.text))
        elif n in ("set-mppreference", "add-mppreference"):
            for key, value in c.params.items():
                if key.startswith("disable") and not re.search(r"false|\$false|0", value, re.I):
                    yield Action("stop", "windefend " + key, n, c.text)
                if key.startswith("exclusion"):
                    yield Action("stop", "windefend " + key, n, c.text)
        elif n == "sc" and c.args:
            verb = c.args[0].lower()
            if verb in ("stop", "delete") or (verb == "config" and "disabled" in
                                               " ".join(c.args).lower()):
                yield Action("stop", c.args[1] if len(c.args) > 1 else "", "sc " + verb, c.text)
        elif n == "net" and c.args[:1] and c.args[0].lower() == "stop":
            yield Action("stop", " ".join(c.args[1:]), "net stop", c.text)
        elif n == "taskkill":
            for i, a in enumerate(c.words):
                if a.lower() in ("/im", "/pid") and i + 1 < len(c.words):
                    yield Action("stop", c.words[i + 1], "taskkill", c.text)
        elif n == "auditpol" and re.search(r"/clear|/remove|disable", " ".join(c.words), re.I):
            yield Action("stop", "auditpol", "auditpol", c.text)
        elif n in ("disable-scheduledtask", "unregister-scheduledtask"):
            yield Action("stop", c.param("taskname") or target, n, c.text)
        elif n in ("uninstall-windowsfeature", "remove-windowsfeature",
                   "disable-windowsoptionalfeature"):
            yield Action("uninstall", c.param("featurename", "name") or target, n, c.text)
        elif n in ("uninstall-package", "uninstall-module"):
            yield Action("uninstall", target, n, c.text)
        elif n == "new-netfirewallrule" and re.search(r"block", c.param("action") or "", re.I):
            yield Action("firewall", c.param("remoteaddress") or c.param("displayname") or "",
                         n, c.text)
        elif n in ("invoke-webrequest", "invoke-restmethod"):
            method = (c.param("method") or "").upper()
            if method in ("PUT", "POST", "PATCH", "DELETE"):
                yield Action("http", c.param("uri") or target, f"{method} {c.param('body') or ''}",
                             c.text)
        elif n in ("set-itemproperty", "new-itemproperty") and service_disabled(
                c.param("path", "literalpath") or target, c.param("name") or "",
                c.param("value") or ""):
            yield Action("stop", service_disabled(c.param("path", "literalpath") or target,
                                                   c.param("name") or "",
                                                   c.param("value") or ""), n, c.text)
        elif n in ("set-itemproperty", "new-itemproperty") and re.search(
            r"disable|enabled|audit|log", " ".join(c.words), re.I
        ):
            yield Action("edit", target, f"{c.param('name') or ''}\x00{c.param('value') or ''}",
                         c.text)
        elif n in ("stop-transcript",):
            yield Action("clear_log", "transcript", n, c.text)
        elif n in ("sc", "wevtutil", "net", "taskkill", "auditpol"):
            continue
        elif (switched := switched_off(c)) is not None:
            yield switched
        else:
            # native POSIX-like programs run from PowerShell (git, curl, kubectl...)
            if n in _HANDLERS:
                cmd = Command(argv=(n, *c.words), text=c.text)
                yield from _command(cmd)
