"""Shell source that a command runs in turn: ``bash -c``, ``eval``, ``ssh host 'cmd'``...

`guardrail.shell` parses each source it finds here as a nested script, so a command
hidden one or more wrappers deep is seen like any other.
"""

from __future__ import annotations

import re
import shlex

SHELLS = frozenset(["sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "fish", "busybox-sh", "rbash"])


def inner_sources(argv: list[str], idx: int, heredoc: str | None,
                   herestring: str | None) -> list[str]:
    """Shell source that this command runs in turn (``bash -c``, ``eval``, ``ssh``...)."""
    if idx >= len(argv):
        return []
    name = argv[idx].rsplit("/", 1)[-1]
    args = argv[idx + 1 :]
    if name in SHELLS or (name == "busybox" and args and args[0] in SHELLS):
        return _shell_sources(args[1:] if name == "busybox" else args, heredoc, herestring)
    if name == "eval":
        return [" ".join(args)] if args else []
    if name in ("su", "runuser", "script"):
        return _option_value(args, {"-c", "--command"}, combined="c")
    if name in ("ssh", "autossh"):
        return _ssh(args)
    if name in ("kubectl", "oc") and "exec" in args:
        return _after_dashdash(args)
    if name in ("docker", "podman", "nerdctl") and args and args[0] == "exec":
        return _docker_exec(args[1:])
    if name == "xargs":
        return _xargs(args)
    if name == "find":
        return _find_exec(args)
    if name == "watch":
        rest = _skip_options(args, {"-n", "--interval", "-d", "--differences"})
        return [" ".join(rest)] if rest else []
    if name in ("at", "batch") and (heredoc or herestring):
        return [heredoc or herestring or ""]
    if name in ("ansible", "ansible-console") and re.search(
            r"(?:^|\.)(?:shell|command|raw|win_shell)$", " ".join(_option_value(args, {"-m"}, "m"))):
        return _option_value(args, {"-a", "--args"}, combined="a")
    if name in ("salt", "salt-call", "salt-ssh"):
        return [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("cmd.run", "cmd.shell")]
    if name in ("nsenter", "chroot", "flock", "parallel", "systemd-run") and args:
        rest = _after_dashdash(args) or []
        return rest
    return []


def _shell_sources(args: list[str], heredoc: str | None, herestring: str | None) -> list[str]:
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            i += 1
            break
        if (a.startswith("-") and len(a) > 1) or a.startswith("+"):
            if a.startswith("-") and not a.startswith("--") and "c" in a[1:]:
                return [args[i + 1]] if i + 1 < len(args) else []
            if a == "--command" or a == "-Command":
                return [args[i + 1]] if i + 1 < len(args) else []
            if a in ("-o", "+o", "--rcfile", "--init-file"):
                i += 1
            i += 1
            continue
        break
    if i < len(args):
        return []  # a script file we cannot see
    if heredoc is not None:
        return [heredoc]
    if herestring is not None:
        return [herestring]
    return []


def _option_value(args: list[str], names: set[str], combined: str) -> list[str]:
    for i, a in enumerate(args):
        if a in names and i + 1 < len(args):
            return [args[i + 1]]
        if a.startswith("--command="):
            return [a.split("=", 1)[1]]
        if (a.startswith("-") and not a.startswith("--") and a.endswith(combined)
                and len(a) > 2 and i + 1 < len(args)):
            return [args[i + 1]]
    return []


_SSH_WITH_ARG = frozenset(["-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o", "-p", "-Q", "-R", "-S", "-W", "-w", "-B", "-P"])


def _ssh(args: list[str]) -> list[str]:
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            i += 1
            break
        if a.startswith("-") and len(a) > 1:
            i += 2 if a in _SSH_WITH_ARG else 1
            continue
        break
    rest = args[i + 1 :]  # after the host
    return [" ".join(rest)] if rest else []


def _after_dashdash(args: list[str]) -> list[str]:
    if "--" in args:
        rest = args[args.index("--") + 1 :]
        return [shlex.join(rest)] if rest else []
    return []


_DOCKER_WITH_ARG = frozenset(
    ["-u", "--user", "-e", "--env", "-w", "--workdir", "--env-file", "--detach-keys"]
)


def _docker_exec(args: list[str]) -> list[str]:
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] in _DOCKER_WITH_ARG else 1
    rest = args[i + 1 :]
    return [shlex.join(rest)] if rest else []


def _skip_options(args: list[str], with_arg: set[str]) -> list[str]:
    i = 0
    while i < len(args) and args[i].startswith("-") and len(args[i]) > 1:
        if args[i] == "--":
            i += 1
            break
        i += 2 if args[i] in with_arg else 1
    return args[i:]


_XARGS_WITH_ARG = {"-I", "-i", "-n", "-P", "-L", "-l", "-d", "-a", "-E", "-e", "-s",
                   "--max-args", "--max-procs", "--delimiter", "--arg-file", "--replace"}


def _xargs(args: list[str]) -> list[str]:
    rest = _skip_options(args, _XARGS_WITH_ARG)
    return [shlex.join(rest)] if rest else []


def xargs_lines(args: list[str], data: str) -> list[str]:
    """The commands ``xargs`` runs for the words piped into it (``-I{}`` or appended)."""
    items = data.split()[:32]
    if not items:
        return []
    token = _option_value(args, {"-I", "--replace"}, combined="I")
    glued = next((a[2:] for a in args if a.startswith("-I") and len(a) > 2), "")
    replace = glued or (token[0] if token else ("{}" if "-i" in args else ""))
    rest = _skip_options(args, _XARGS_WITH_ARG)
    if not rest:
        rest = ["echo"]
    if replace:
        return [shlex.join(a.replace(replace, item) for a in rest) for item in items]
    return [shlex.join([*rest, *items])]


def _find_exec(args: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(args):
        if args[i] in ("-exec", "-execdir", "-ok", "-okdir"):
            j = i + 1
            while j < len(args) and args[j] not in (";", "+", "\\;"):
                j += 1
            if j > i + 1:
                out.append(shlex.join(args[i + 1 : j]))
            i = j
        i += 1
    return out


def reads_script_from_stdin(argv: list[str], idx: int) -> bool:
    if idx >= len(argv):
        return False
    name = argv[idx].rsplit("/", 1)[-1]
    args = argv[idx + 1 :]
    if name in ("source", "."):
        return bool(args) and args[0] in ("/dev/stdin", "-", "/proc/self/fd/0")
    if name not in SHELLS:
        return False
    for a in args:
        if a.startswith("-") and not a.startswith("--") and "c" in a[1:]:
            return False
        if not a.startswith("-") and not a.startswith("+"):
            return a in ("/dev/stdin", "-")
    return True


