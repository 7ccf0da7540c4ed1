"""Platform controls as oversight actions: what OS, fleet and orchestration tools switch off.

Config management asked for a service to be down (Ansible, Salt, Puppet), a workload
scaled to zero on any orchestrator, a tmpfs mounted over a log directory, Gatekeeper, SIP
or an AppArmor profile disabled, Windows features, firewall rules and trace sessions,
history rewritten without a file (BFG), a service disabled through the registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from guardrail.detectors._oversight_cli import Handler, option_value, positional
from guardrail.detectors._oversight_model import Action
from guardrail.shell import Command

__all__ = ["PLATFORM_HANDLERS", "scaled_to_zero", "service_disabled"]


def _bfg(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``bfg --delete-files NAME`` (or ``java -jar bfg.jar ...``) erases files from history."""
    for i, a in enumerate(args[:-1]):
        if a in ("--delete-files", "-D", "--delete-folders"):
            yield Action("delete", args[i + 1], "history rewrite", cmd.text)


def _protections(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """Platform protections switched off wholesale: Gatekeeper, SIP, AppArmor profiles."""
    low = [a.lower() for a in args]
    if name == "spctl" and {"--master-disable", "--global-disable", "--disable"} & set(low):
        yield Action("stop", "gatekeeper", "spctl " + " ".join(args), cmd.text)
    elif name == "csrutil" and "disable" in low:
        yield Action("stop", "system-integrity-protection (tamper protection)",
                     "csrutil " + " ".join(args), cmd.text)
    elif name in ("aa-disable", "aa-complain") or (
            name == "apparmor_parser" and {"-R", "--remove"} & set(args)):
        for profile in positional(args):
            yield Action("stop", "apparmor " + profile, name, cmd.text)


_DOWN_STATES = re.compile(r"^(?:stopped|stop|absent|disabled?|dead|masked|removed|purged|"
                          r"false|no|off)$", re.I)


def _desired_state(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """Config management asked for a service to be down: Ansible, Salt, Puppet.

    ``ansible all -m service -a 'name=X state=stopped'``, ``salt '*' service.stop X``,
    ``puppet resource service X ensure=stopped``: each stops X on every host it reaches.
    """
    if name in ("ansible", "ansible-console"):
        module = option_value(args, "-m", "--module-name")
        params = dict(p.partition("=")[::2] for p in option_value(args, "-a", "--args").split())
        if module.rsplit(".", 1)[-1] in ("service", "systemd", "systemd_service", "win_service",
                                         "sysvinit", "launchd") and any(
                _DOWN_STATES.match(params.get(k, "")) for k in ("state", "enabled", "start_mode")):
            yield Action("stop", params.get("name", ""), f"ansible {module}", cmd.text)
        elif module.rsplit(".", 1)[-1] in ("package", "apt", "yum", "dnf", "pip") and (
                params.get("state") in ("absent", "removed")):
            yield Action("uninstall", params.get("name", ""), f"ansible {module}", cmd.text)
    elif name in ("salt", "salt-call", "salt-ssh"):
        words = positional(args, frozenset({"-C", "-G", "-L", "-N", "--out", "-t", "--timeout"}))
        for i, w in enumerate(words):
            if re.fullmatch(r"service\.(?:stop|disable|dead|mask|kill)", w):
                for target in words[i + 1 : i + 3]:
                    yield Action("stop", target, w, cmd.text)
    elif name == "puppet" and args[:2] == ["resource", "service"] and len(args) > 2:
        params = dict(a.partition("=")[::2] for a in args[3:])
        if any(_DOWN_STATES.match(params.get(k, "")) for k in ("ensure", "enable")):
            yield Action("stop", args[2], "puppet resource service", cmd.text)


_ZERO_COUNT = re.compile(r"^--(?:desired-count|replicas|count|max-instances|min-instances|"
                         r"desired-capacity|max-size|max-replicas|instances|scale)$")


def scaled_to_zero(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``--desired-count 0`` (ECS), ``job scale J G 0`` (Nomad), ``service scale x=0``."""
    zero = any(_ZERO_COUNT.match(a.split("=")[0]) and (a.endswith("=0") or (
        i + 1 < len(args) and args[i + 1] == "0")) for i, a in enumerate(args))
    names = [option_value(args, o) for o in ("--service", "--name", "--cluster", "--group")]
    words = positional(args)
    if zero:
        for target in filter(None, [*names, *words[2:4]]):
            yield Action("stop", target, "scaled to 0", cmd.text)
    elif "scale" in words and words[-1:] == ["0"]:
        for target in words[words.index("scale") + 1 : -1]:
            yield Action("stop", target, "scaled to 0", cmd.text)
    elif "scale" in words:
        for w in words:
            if w.endswith("=0"):
                yield Action("stop", w[:-2], "scaled to 0", cmd.text)


def _mount(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """A tmpfs or ``/dev/null`` mounted over a path hides what is written there."""
    words = positional(args, frozenset({"-t", "--types", "-o", "--options"}))
    fstype = option_value(args, "-t", "--types")
    bind = {"--bind", "-B", "--rbind"} & set(args) or "bind" in option_value(args, "-o")
    if fstype in ("tmpfs", "ramfs") and words:
        yield Action("truncate", words[-1], f"{fstype} mounted over it", cmd.text)
    elif bind and len(words) >= 2 and (words[0] == "/dev/null" or words[0].startswith("/tmp")):
        yield Action("truncate", words[-1], f"{words[0]} bind-mounted over it", cmd.text)


def _logman(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``logman stop|delete SESSION -ets``: an event-trace session of a security log."""
    words = positional(args)
    if len(words) >= 2 and words[0].lower() in ("stop", "delete") and re.search(
            r"eventlog|security|sysmon|defender|audit|antimalware|threat", words[1], re.I):
        yield Action("clear_log", words[1], f"logman {words[0]}", cmd.text)


def _netsh(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``netsh advfirewall firewall add rule ... action=block remoteip=X``."""
    low = [a.lower() for a in args]
    if "firewall" not in low or "action=block" not in low:
        return
    for a in args:
        key, _, value = a.partition("=")
        if key.lower() in ("remoteip", "remoteaddress", "name", "program") and value:
            for host in value.split(","):
                yield Action("firewall", host, name, cmd.text)


def _features(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``dism /online /disable-feature /featurename:Windows-Defender``."""
    joined = " ".join(args)
    if re.search(r"/(?:disable|remove)-feature", joined, re.I):
        for m in re.finditer(r"/featurename:(\S+)", joined, re.I):
            yield Action("uninstall", m.group(1), "dism disable-feature", cmd.text)


def service_disabled(key: str, value_name: str, value: str) -> str:
    """The service a registry write disables: ``...\\Services\\X`` ``Start`` = 4."""
    m = re.search(r"\\Services\\([^\\]+)\\?$", key, re.I)
    if m and value_name.lower() == "start" and value.strip() == "4":
        return m.group(1)
    return ""


PLATFORM_HANDLERS: dict[str, Handler] = {
    "bfg": _bfg,
    "netsh": _netsh,
    **dict.fromkeys(("ansible", "salt", "salt-call", "salt-ssh", "puppet"), _desired_state),
    "mount": _mount,
    "logman": _logman,
    **dict.fromkeys(("spctl", "csrutil", "aa-disable", "aa-complain", "apparmor_parser"),
                    _protections),
    "dism": _features,
}
