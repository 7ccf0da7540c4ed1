"""A light PowerShell tokenizer: statements to cmdlet names, parameters and arguments.

Enough to see that ``spsv Sysmon64 -Force; wevtutil cl Security`` stops a service and
clears a log: aliases resolve to their cmdlets, ``-EncodedCommand`` (UTF-16LE base64) and
``Invoke-Expression 'string'`` are decoded and parsed in turn.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["PsCommand", "parse_powershell"]

_MAX_DEPTH = 4

ALIASES: Mapping[str, str] = {
    "spsv": "stop-service", "sasv": "start-service", "gsv": "get-service",
    "kill": "stop-process", "spps": "stop-process", "rm": "remove-item", "del": "remove-item",
    "erase": "remove-item", "rd": "remove-item", "rmdir": "remove-item", "ri": "remove-item",
    "mv": "move-item", "move": "move-item", "mi": "move-item", "cp": "copy-item",
    "copy": "copy-item", "cpi": "copy-item", "sc": "set-content", "ac": "add-content",
    "clc": "clear-content", "ni": "new-item", "iex": "invoke-expression",
    "iwr": "invoke-webrequest", "irm": "invoke-restmethod", "curl": "invoke-webrequest",
    "wget": "invoke-webrequest", "ren": "rename-item", "rni": "rename-item",
    "sp": "set-itemproperty", "rp": "remove-itemproperty", "echo": "write-output",
    "cat": "get-content", "gc": "get-content", "type": "get-content", "ls": "get-childitem",
    "dir": "get-childitem", "gci": "get-childitem", "sls": "select-string",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PsCommand:
    """One command: ``name`` lower-cased (aliases resolved, ``.exe`` dropped)."""

    name: str
    args: tuple[str, ...]  # positional arguments
    params: Mapping[str, str] = field(default_factory=dict)  # -Name value (lower-cased keys)
    text: str = ""
    words: tuple[str, ...] = ()  # every word after the name, in order

    def param(self, *names: str) -> str | None:
        """The value of the first parameter given by any of ``names`` (prefixes accepted)."""
        for want in names:
            for key, value in self.params.items():
                if key == want or (len(key) >= 3 and want.startswith(key)):
                    return value
        return None


def parse_powershell(text: str, _depth: int = 0) -> list[PsCommand]:
    """Every command in ``text``, nested encoded or ``iex`` scripts included."""
    out: list[PsCommand] = []
    variables: dict[str, str] = {}
    text = fold_constants(text)
    if _depth < _MAX_DEPTH:
        for b64 in _FROM_B64.finditer(text):
            decoded = _utf16_b64(b64.group(1))
            if decoded:
                out.extend(parse_powershell(decoded, _depth + 1))
    for stmt in _statements(text):
        words = _words(stmt, variables)
        if not words:
            continue
        m = re.fullmatch(r"\$([\w:]+)\s*=\s*(.+)", stmt.strip(), re.S)
        if m:
            value = _words(m.group(2), variables)
            variables[m.group(1).lower()] = " ".join(value)
            continue
        while words and words[0] in ("&", "."):
            words = words[1:]
        if not words:
            continue
        cmd = _command(words, stmt)
        out.append(cmd)
        if _depth < _MAX_DEPTH:
            for inner in _inner(cmd):
                out.extend(parse_powershell(inner, _depth + 1))
    return out


_NUM = r"(?:0x[0-9a-fA-F]+|\d+)"
_CHAR_ARRAY = re.compile(
    rf"(?:-join\s*|\[string\]::join\(\s*(?:''|\"\")\s*,\s*)?"
    rf"\[char\[\]\]\s*\(\s*({_NUM}(?:\s*,\s*{_NUM})*)\s*\)(?:\s*\))?", re.I)
_CHAR_SUM = re.compile(rf"\[char\]\s*\(?\s*{_NUM}\s*\)?(?:\s*\+\s*\[char\]\s*\(?\s*"
                       rf"{_NUM}\s*\)?)*", re.I)
_STR = r"'(?:[^']|'')*'"
_CONCAT = re.compile(rf"({_STR})\s*\+\s*({_STR})")
_PAREN = re.compile(rf"\(\s*({_STR})\s*\)")
_JOIN_LIST = re.compile(rf"-join\s*\(\s*({_STR}(?:\s*,\s*{_STR})+)\s*\)", re.I)
_FORMAT = re.compile(rf"(?:\(\s*)?(\"[^\"]*\"|{_STR})\s*-f\s*({_STR}(?:\s*,\s*{_STR})*)"
                     rf"(?:\s*\))?", re.I)


def fold_constants(text: str) -> str:
    """Constant string expressions written out as the string they make.

    ``-join [char[]](83,116,111,112)``, ``[char]83+[char]116``, ``'Sto'+'p-Service'``,
    ``-join ('a','b')`` and ``"{1}{0}" -f 'Service','Stop-'`` all build a name at run time
    so that no cmdlet name appears in the source; each becomes one quoted literal.
    """
    if "[char" not in text.lower() and "+" not in text and "-f" not in text.lower() and (
            "-join" not in text.lower()):
        return text
    text = _CHAR_ARRAY.sub(lambda m: _quote("".join(
        chr(_int(n)) for n in m.group(1).split(","))), text)
    text = _CHAR_SUM.sub(lambda m: _quote("".join(
        chr(_int(n)) for n in re.findall(_NUM, re.sub(r"\[char\]", "", m.group(0), flags=re.I)))),
        text)
    for _ in range(32):
        folded = _CONCAT.sub(lambda m: _quote(_unquote(m.group(1)) + _unquote(m.group(2))), text)
        folded = _JOIN_LIST.sub(lambda m: _quote("".join(
            _unquote(q) for q in re.findall(_STR, m.group(1)))), folded)
        folded = _FORMAT.sub(_format, folded)
        folded = _PAREN.sub(r"\1", folded)
        if folded == text:
            break
        text = folded
    return text


def _format(m: re.Match[str]) -> str:
    fmt = m.group(1)[1:-1]
    values = [_unquote(q) for q in re.findall(_STR, m.group(2))]
    try:
        return _quote(re.sub(r"\{(\d+)\}", lambda e: values[int(e.group(1))], fmt))
    except IndexError:
        return m.group(0)


def _int(text: str) -> int:
    text = text.strip()
    value = int(text, 16) if text.lower().startswith("0x") else int(text)
    return value if 0 < value < 0x110000 else 0x3F


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _unquote(text: str) -> str:
    return text[1:-1].replace("''", "'")


def _statements(text: str) -> list[str]:
    """Split on ``;``, ``|`` and newlines outside quotes and braces (brace bodies recurse)."""
    parts: list[str] = []
    buf: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            buf.append(c)
            if c == "`" and i + 1 < len(text):
                buf.append(text[i + 1])
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
            buf.append(c)
        elif c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif c in ";|\n{}()":
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(c)
        i += 1
    parts.append("".join(buf))
    return [p for p in (s.strip() for s in parts) if p]


_SC_VERBS = frozenset("stop delete config start query pause failure sdset".split())
_FROM_B64 = re.compile(r"FromBase64String\(\s*['\"]([A-Za-z0-9+/=]{8,})['\"]")
_WORD = re.compile(r"""'(?:[^']|'')*'|"(?:[^"`]|`.)*"|[^\s'"]+""", re.S)


def _words(stmt: str, variables: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for m in _WORD.finditer(stmt):
        w = m.group(0)
        if w.startswith("'"):
            out.append(w[1:-1].replace("''", "'"))
        elif w.startswith('"'):
            body = re.sub(r"`(.)", lambda e: {"n": "\n", "t": "\t", "0": ""}.get(e.group(1),
                                                                                e.group(1)),
                          w[1:-1])
            out.append(_expand(body, variables))
        else:
            w = re.sub(r"`(.)", r"\1", w)
            out.append(_expand(w, variables))
    return out


def _expand(word: str, variables: Mapping[str, str]) -> str:
    return re.sub(r"\$\{?([\w:]+)\}?",
                  lambda m: variables.get(m.group(1).lower(), m.group(0)), word)


def _command(words: list[str], stmt: str) -> PsCommand:
    raw = words[0]
    name = raw.rsplit("\\", 1)[-1].rsplit("/", 1)[-1].lower()
    native_sc = name == "sc" and len(words) > 1 and words[1].lower() in _SC_VERBS
    if name.endswith(".exe"):
        name = name[:-4]
    elif not native_sc:
        name = ALIASES.get(name, name)
    args: list[str] = []
    params: dict[str, str] = {}
    rest = words[1:]
    i = 0
    while i < len(rest):
        w = rest[i]
        if re.fullmatch(r"-[A-Za-z][\w-]*:?.*", w) and not _native(name):
            key, _, inline = w[1:].partition(":")
            key = key.lower()
            if inline:
                params[key] = inline
            elif i + 1 < len(rest) and not re.fullmatch(r"-[A-Za-z][\w-]*", rest[i + 1]):
                params[key] = rest[i + 1]
                i += 1
            else:
                params[key] = "$true"
        else:
            args.append(w)
        i += 1
    return PsCommand(name, tuple(args), params, stmt, tuple(rest))


def _native(name: str) -> bool:
    """Native programs (sc, wevtutil, net) take their own flags, not PowerShell parameters."""
    return "-" not in name


def _inner(cmd: PsCommand) -> list[str]:
    found: list[str] = []
    if cmd.name in ("powershell", "pwsh"):
        words = list(cmd.words)
        for i, w in enumerate(words):
            lw = w.lower()
            if lw in ("-e", "-ec", "-enc", "-encodedcommand") and i + 1 < len(words):
                decoded = _utf16_b64(words[i + 1])
                if decoded:
                    found.append(decoded)
            elif lw in ("-c", "-command") and i + 1 < len(words):
                found.append(" ".join(words[i + 1 :]))
    elif cmd.name == "invoke-expression":
        found.append(cmd.param("command") or " ".join(cmd.args))
    elif cmd.name in ("start-process", "saps", "start") and cmd.args:
        arglist = cmd.param("argumentlist") or " ".join(cmd.args[1:])
        found.append(f"{cmd.args[0]} {arglist}")
    return found


def _utf16_b64(text: str) -> str | None:
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    for enc in ("utf-16-le", "utf-8"):
        try:
            decoded = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if decoded.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in decoded):
            return decoded
    return None
