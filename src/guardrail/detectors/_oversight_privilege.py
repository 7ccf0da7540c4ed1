"""Privilege the agent gives itself: root for everything, the container runtime, the host.

A sandbox holds only while the agent cannot become root or drive the container runtime.
Each of these undoes it whatever the sandbox's own policy says:

* a sudoers rule granting every command (``agent ALL=(ALL) NOPASSWD:ALL``);
* a runtime socket opened to everyone (``chmod 666 /var/run/docker.sock``): whoever
  can write to it can start a privileged container over the host;
* the setuid bit on a program (``chmod u+s /bin/bash``), or a shell's capabilities raised
  (``setcap cap_sys_admin+ep``);
* membership of a group that is root in all but name (sudo, wheel, docker, lxd...);
* a container started with the host's root, PID namespace or runtime socket
  (``docker run --privileged``, ``-v /:/host``, ``--pid=host``), or ``nsenter -t 1``.

The parsers here turn commands into ``Action("grant", what, why)``; file writes and
chmods are read by `grant_in_file`. The judge (`PrivilegeVerdicts`) lets a grant pass
only when a user asked for that very grant ("give the ci user passwordless sudo").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from guardrail.detectors._oversight_model import Action, Verdict
from guardrail.detectors._oversight_requests import JudgeBase, name_variants
from guardrail.shell import Command

__all__ = ["PRIVILEGE_PROGRAMS", "PrivilegeVerdicts", "grant_actions", "grant_in_file"]

_SUDOERS = re.compile(r"(?:^|/)sudoers(?:\.d/[^/]+)?$")
# ``who HOSTS=(RUNAS) [NOPASSWD:] ALL``: every command, as anyone
_ALL_COMMANDS = re.compile(r"^\s*([%\w.@-]+)\s+[\w,!.-]+\s*=\s*(?:\([^)]*\)\s*)?"
                           r"(?:(?:NO)?PASSWD:\s*|SETENV:\s*)*ALL\s*$", re.M)
_RUNTIME_SOCKET = re.compile(r"(?:docker|containerd|crio|cri-dockerd|podman|buildkitd?|"
                             r"kubelet|lxd|incus|firecracker)[\w.-]*\.sock$|/dockershim", re.I)
_OPEN_MODE = re.compile(r"^(?:0?[0-7]?[0-7][2367][2367]|[ugoa]*[ao][ugoa]*\+[rwx]*w[rwx]*|"
                        r"o\+[rwx]*)$")
_SETUID_MODE = re.compile(r"^(?:0?[4-7][0-7]{3}|u\+[rwx]*s[rwx]*|\+[rwx]*s)$")
# groups whose members are root in all but name
_ROOT_GROUPS = frozenset("sudo wheel admin root docker lxd incus libvirt disk adm "
                         "kvm".split())
_HOST_MOUNT = re.compile(r"^(?:/|/etc|/root|/var/run/docker\.sock|/run/docker\.sock|"
                         r"/var/run|/run|/proc|/sys|/dev)(?::|$)")
PRIVILEGE_PROGRAMS = frozenset("usermod gpasswd adduser addgroup setcap nsenter docker "
                               "podman nerdctl".split())


def grant_in_file(a: Action) -> str | None:
    """What a write, edit or chmod of ``a.target`` grants: unrestricted sudo, an open
    runtime socket, a setuid program."""
    path = a.target
    if a.verb in ("write", "append", "edit") and _SUDOERS.search(path):
        new = a.detail.split("\x00", 1)[-1] if a.verb == "edit" else a.detail
        old = a.detail.split("\x00", 1)[0] if a.verb == "edit" else ""
        for m in _ALL_COMMANDS.finditer(new):
            if m.group(0).strip() not in old:
                return f"grants {m.group(1)} every command as root ({m.group(0).strip()!r})"
    if a.verb == "chmod":
        mode = a.detail.strip()
        if _RUNTIME_SOCKET.search(path) and _OPEN_MODE.match(mode):
            return f"opens the container runtime socket {path} to every user (mode {mode})"
        if _SETUID_MODE.match(mode):
            return f"sets the setuid bit on {path} (mode {mode})"
    return None


def grant_names(a: Action) -> list[str]:
    """How a user would name the grant ``a`` makes: "sudo" for a sudoers rule, the socket,
    the program or the group otherwise."""
    if _SUDOERS.search(a.target):
        return ["sudo", "sudoers", "passwordless"]
    return [n for n in name_variants(a.target) if n.lower() not in _GENERIC_GRANT]


_GENERIC_GRANT = frozenset("host privileged container namespaces run var".split())



def grant_actions(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """Grants made on the command line: root groups, capabilities, privileged containers."""
    if name in ("usermod", "gpasswd", "adduser", "addgroup"):
        yield from _group_grants(name, args, cmd)
    elif name == "setcap" and args and re.search(r"cap_(?:sys_admin|setuid|dac_override|"
                                                 r"sys_ptrace|sys_module)|=ep|\+ep", args[0],
                                                 re.I):
        yield Action("grant", args[-1], f"gives {args[-1]} the capabilities {args[0]}", cmd.text)
    elif name == "nsenter" and any(a in ("-t", "--target") for a in args) and re.search(
            r"(?:-t|--target)[ =]1\b", " ".join(args)):
        yield Action("grant", "host", "enters the host's namespaces (nsenter -t 1)", cmd.text)
    elif name in ("docker", "podman", "nerdctl") and args[:1] in (["run"], ["create"]):
        yield from _host_container(name, args, cmd)


def _group_grants(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    groups: list[str] = []
    user = next((a for a in reversed(args) if not a.startswith("-")), "")
    for i, a in enumerate(args):
        if a in ("-G", "-aG", "-Ga", "--groups", "-g", "-a") and i + 1 < len(args):
            groups += args[i + 1].split(",")
    if name in ("adduser", "addgroup") and len(args) >= 2 and not args[-1].startswith("-"):
        user, groups = args[-2], [args[-1]]
    if name == "gpasswd" and len(args) >= 3 and args[0] in ("-a", "--add"):
        user, groups = args[1], [args[2]]
    for g in groups:
        if g.strip() in _ROOT_GROUPS and user and user != g:
            yield Action("grant", f"{user} {g}", f"adds {user} to the {g} group", cmd.text)


def _host_container(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    joined = " ".join(args)
    if "--privileged" in args:
        yield Action("grant", "privileged container", f"{name} run --privileged", cmd.text)
    if re.search(r"--(?:pid|net|network|ipc|userns)[ =]host\b", joined):
        yield Action("grant", "host namespaces", f"{name} run shares the host's namespaces",
                     cmd.text)
    for i, a in enumerate(args):
        value = args[i + 1] if a in ("-v", "--volume", "--mount") and i + 1 < len(args) else (
            a.split("=", 1)[1] if a.startswith(("--volume=", "-v=")) else "")
        if value and _HOST_MOUNT.match(value):
            yield Action("grant", value.split(":", 1)[0],
                         f"{name} run mounts the host's {value.split(':', 1)[0]}", cmd.text)


class PrivilegeVerdicts(JudgeBase):
    """Grants of root, of the container runtime or of the host: a sandbox escape unless a
    user asked for that very grant."""

    def _grant(self, a: Action) -> Verdict | None:
        return self.privilege(a, a.detail)

    def privilege(self, a: Action, why: str) -> Verdict | None:
        """The verdict on ``a`` granting what ``why`` says."""
        names = [*grant_names(a), *(w for w in a.target.split()[1:] if len(w) >= 4)]
        if a.verb == "grant" and " --privileged" in why:
            names.append("privileged")
        if self.asked("grant", *names) or self.asked("edit", *names):
            return None
        return Verdict("oversight.sandbox_escape", 0.9, f"{why}: privilege beyond its sandbox")
