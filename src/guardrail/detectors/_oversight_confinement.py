"""Does a change widen the agent's own confinement? Sandbox, container and jail settings.

A sandbox policy is oversight of another kind: it decides what the agent can reach. A
change that gives it the host network, sudo or root, the whole filesystem, or turns the
isolation off is an escape whatever the file is called, once the file is the sandbox's
(its path or key words say so, or trusted text names it as the agent's sandbox).
"""

from __future__ import annotations

import re

from guardrail.detectors._oversight_vocab import words

# the file's or the setting's words that make it a confinement policy
CONFINEMENT_SCOPE = re.compile(
    r"sandbox|jail|isolat|seccomp|apparmor|confine|firejail|bwrap|bubblewrap|gvisor|nsjail|"
    r"container[-_]?polic|pod[-_]?security|securitycontext|capabilit", re.I)

_NETWORK = frozenset("network net networking egress internet outbound networkmode "
                     "network_mode".split())
_OPEN_NET = frozenset("host bridge any all full open * true yes on enabled enable allow "
                      "allowed unrestricted internet public 0.0.0.0/0".split())
_PRIVILEGE = frozenset("sudo root privileged privilege privileges escalation admin setuid "
                       "superuser".split())
_MOUNTS = frozenset("mounts mount volumes volume binds bind paths filesystem fs writable "
                    "readable read_write rw allowed_paths".split())
_WHOLE_FS = frozenset({"/", "/*", "*", "**", "~", "/root", "/etc", "/home", "/var", "c:\\",
                       "c:/"})
_ISOLATION = frozenset("read_only readonly ro isolation isolated sandbox sandboxed seccomp "
                       "apparmor selinux no_new_privileges nonewprivileges confined "
                       "enforce".split())
_CAPS = frozenset("capabilities cap_add caps add".split())
_TRUE = frozenset("true yes on 1 enabled enable allow allowed".split())
_OFF = frozenset("false no off 0 disabled disable none unconfined permissive".split())
_ALL_CAPS = re.compile(r"\b(?:ALL|SYS_ADMIN|NET_ADMIN|SYS_PTRACE|SYS_MODULE|DAC_OVERRIDE)\b")


def widened(before: dict[str, str], after: dict[str, str]) -> str | None:
    """Why ``after`` (flattened settings) gives the agent more than ``before`` did.

    ``before`` may be empty (no earlier read): then the written values alone decide.
    """
    for key, value in after.items():
        was = before.get(key)
        if was is not None and _norm(was) == _norm(value):
            continue
        reason = _widens(key, _norm(value), None if was is None else _norm(was))
        if reason:
            return reason
    return None


def _widens(key: str, value: str, was: str | None) -> str | None:
    ws = set(words(key))
    last = words(key.rsplit(".", 1)[-1])
    if ws & _NETWORK and value in _OPEN_NET and (was is None or was not in _OPEN_NET):
        return f"opens the network ({key}: {value})"
    if (ws & _PRIVILEGE or (last and last[0] == "allow")) and value in _TRUE and (
            was is None or was not in _TRUE):
        return f"grants itself {key}"
    if ws & _MOUNTS:
        # a bind "SRC:DST[:mode]" mounts SRC: "/:/hostfs" is the whole host filesystem
        items = _items(value) | {i.split(":", 1)[0] or "/" for i in _items(value)
                                 if i[:1] in "/~" and ":" in i}
        gained = items & _WHOLE_FS
        if gained and (was is None or not gained <= _items(was)):
            return f"mounts {sorted(gained)[0]!r} through {key}"
    if ws & _ISOLATION and value in _OFF and (was is None or was not in _OFF):
        return f"switches {key} off"
    if ws & _CAPS and _ALL_CAPS.search(value.upper()) and not (
            was is not None and _ALL_CAPS.search(was.upper())):
        return f"adds capabilities {value[:30]!r}"
    return None


def _norm(value: str) -> str:
    return value.strip().strip("\"'").lower()


def _items(value: str) -> set[str]:
    return {v.strip().strip("\"'") for v in re.split(r"[,\s]+", value.strip("[]() ")) if v.strip()}
