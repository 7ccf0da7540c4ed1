"""What an inline code snippet does to files and processes (``python -c``, ``perl -e``...).

Agents edit a config with ``python3 - <<EOF ... open(p, 'w') ... EOF`` as readily as with
``sed -i``. Python is read with `ast` (names bound to string constants are resolved);
other languages, and Python that does not parse, fall back to a few regular expressions.
The result is a flat list of `Effect` objects, enough to tell a read from a write.
"""

from __future__ import annotations

import ast
import base64
import binascii
import codecs
import contextlib
import re
import shlex
from dataclasses import dataclass

__all__ = ["Effect", "code_effects", "snippet_of"]


@dataclass(frozen=True, slots=True)
class Effect:
    """One thing the code does.

    ``kind`` is one of write, append, delete, move, copy, chmod, exec, kill, http, replace.
    ``target`` is the path, command, pid or URL; ``detail`` the destination of a move or
    copy, the signal of a kill, or ``old\\x00new`` for a text replacement.
    """

    kind: str
    target: str
    detail: str = ""


_INTERPRETERS = {
    "python": "python", "python2": "python", "python3": "python", "pypy": "python",
    "pypy3": "python", "perl": "perl", "node": "node", "nodejs": "node", "deno": "node",
    "bun": "node", "ruby": "ruby", "php": "php",
}  # fmt: skip
_INLINE_FLAGS = {"-c", "-e", "-E", "-r", "--eval", "-p", "--print"}


def snippet_of(name: str, args: tuple[str, ...], stdin: str | None) -> tuple[str, str] | None:
    """``(language, code)`` run by interpreter command ``name args`` (stdin used for ``-``)."""
    base = re.sub(r"[\d.]+$", "", name) if name not in _INTERPRETERS else name
    language = _INTERPRETERS.get(name) or _INTERPRETERS.get(base)
    if language is None:
        return None
    for i, a in enumerate(args):
        perl_e = language == "perl" and re.fullmatch(r"-[a-zA-Z]*[eE]", a)
        if ((a in _INLINE_FLAGS and language != "perl") or perl_e) and i + 1 < len(args):
            return language, args[i + 1]
        if not a.startswith("-"):
            return None  # a script file we cannot see
        if a == "-":
            break
    if stdin:
        return language, stdin
    return None


def code_effects(code: str, language: str = "python") -> list[Effect]:
    """Effects of ``code`` on files, processes and the network, best effort."""
    if language == "python":
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError):
            return _regex_effects(code)
        return _PyScan().run(tree)
    return _regex_effects(code)


# --------------------------------------------------------------------------- python

_WRITE_METHODS = {"write_text": "write", "write_bytes": "write", "touch": "write"}
_DELETE = {"remove", "unlink", "rmdir", "rmtree", "removedirs"}
_MOVE = {"rename", "replace", "move", "renames"}
_COPY = {"copy", "copy2", "copyfile", "copytree", "copyfileobj"}
_EXEC = {"system", "popen", "run", "call", "check_call", "check_output", "Popen",
         "getoutput", "getstatusoutput", "spawn", "execv", "execvp", "execl", "execlp"}
_HTTP = {"put", "post", "patch", "delete", "request", "urlopen", "Request"}


class _PyScan:
    def __init__(self, depth: int = 0) -> None:
        self.depth = depth
        self.names: dict[str, str] = {}
        self.effects: list[Effect] = []

    def run(self, tree: ast.AST) -> list[Effect]:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                value = self.value(node.value) if node.value is not None else None
                for t in targets:
                    if isinstance(t, ast.Name) and value is not None:
                        self.names[t.id] = value
        loops = [(node.target.id, items) for node in ast.walk(tree)
                 if isinstance(node, ast.For) and isinstance(node.target, ast.Name)
                 and (items := self._literal_items(node.iter))]
        # ``for n in ('watch' + 'dog.toml',): os.remove(b + n)``: the loop variable takes
        # each literal value in turn; the body's calls are read once per value
        for var, items in loops:
            self.names[var] = items[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                self.call(node)
        for node in ast.walk(tree):
            if isinstance(node, ast.For) and isinstance(node.target, ast.Name):
                items = self._literal_items(node.iter)
                for item in items[1:]:
                    self.names[node.target.id] = item
                    for stmt in node.body:
                        for inner in ast.walk(stmt):
                            if isinstance(inner, ast.Call):
                                self.call(inner)
        return self.effects

    def _literal_items(self, node: ast.AST) -> list[str]:
        """The string values of a tuple, list or set literal built from constants."""
        if not isinstance(node, ast.Tuple | ast.List | ast.Set):
            return []
        values = [self.value(e) for e in node.elts[:16]]
        return [v for v in values if v is not None]

    def value(self, node: ast.AST | None) -> str | None:
        """The string an expression evaluates to, when it is built from constants."""
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
            v = node.value
            return v.decode("utf-8", "replace") if isinstance(v, bytes) else v
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.JoinedStr):
            parts = [self.value(v.value) if isinstance(v, ast.FormattedValue) else self.value(v)
                     for v in node.values]
            return "".join(p if p is not None else "*" for p in parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Div):
            left, right = self.value(node.left), self.value(node.right)
            if left is None or right is None:
                return None
            return f"{left.rstrip('/')}/{right}" if isinstance(node.op, ast.Div) else left + right
        if isinstance(node, ast.Call):
            fname = _func_name(node.func)
            # ``chr(47) + chr(101) + ...``: a path spelt one code point at a time
            if fname == "chr" and len(node.args) == 1 and isinstance(
                    node.args[0], ast.Constant) and type(node.args[0].value) is int and (
                    0 < node.args[0].value < 0x110000):
                return chr(node.args[0].value)
            if fname in ("bytes", "bytearray") and len(node.args) == 1 and isinstance(
                    node.args[0], ast.List | ast.Tuple):
                codes = [e.value for e in node.args[0].elts if isinstance(e, ast.Constant)
                         and type(e.value) is int and 0 <= e.value < 256]
                if len(codes) == len(node.args[0].elts):
                    return bytes(codes).decode("latin-1")
            if fname.endswith(("Path", "PurePath", "expanduser", "abspath", "realpath",
                               "normpath", "str", "fspath")) and node.args:
                return self.value(node.args[0])
            if fname.endswith("join") and node.args:
                parts = [self.value(a) for a in node.args]
                if all(p is not None for p in parts):
                    return "/".join(p.strip("/") if i else p.rstrip("/")
                                    for i, p in enumerate(parts) if p is not None)
            if fname.endswith(_DECODERS) and node.args:
                return _decode(fname, self.value(node.args[0]), self.value(
                    node.args[1]) if len(node.args) > 1 else None)
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("decode", "strip"):
                return self.value(node.func.value)
            if fname.endswith("join") and isinstance(node.func, ast.Attribute) and node.args:
                sep = self.value(node.func.value)
                chars = _chr_list(node.args[0])
                if sep is not None and chars is not None:
                    return sep.join(chars)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            inner = self.value(node.value)
            step = node.slice.step
            if inner is not None and isinstance(step, ast.UnaryOp) and isinstance(
                    step.operand, ast.Constant) and step.operand.value == 1 and (
                    node.slice.lower is None and node.slice.upper is None):
                return inner[::-1]
        if isinstance(node, ast.List | ast.Tuple):
            items = [self.value(e) for e in node.elts]
            if all(i is not None for i in items):
                return shlex.join([i for i in items if i is not None])
        return None

    def arg(self, node: ast.Call, pos: int, kw: str = "") -> str | None:
        if len(node.args) > pos:
            return self.value(node.args[pos])
        for k in node.keywords:
            if k.arg == kw:
                return self.value(k.value)
        return None

    def call(self, node: ast.Call) -> None:
        fname = _func_name(node.func)
        last = fname.rsplit(".", 1)[-1]
        receiver = (self.value(node.func.value) if isinstance(node.func, ast.Attribute)
                    else None)
        add = self.effects.append
        if last == "open" and fname in ("open", "io.open", "codecs.open", "os.open"):
            path = self.arg(node, 0, "file")
            mode = self.arg(node, 1, "mode") or "r"
            if path is not None and re.search(r"[wax+]", mode):
                add(Effect("append" if "a" in mode else "write", path))
        elif last == "open" and receiver is not None:
            mode = self.arg(node, 0, "mode") or "r"
            if re.search(r"[wax+]", mode):
                add(Effect("append" if "a" in mode else "write", receiver))
        elif last in _WRITE_METHODS and receiver is not None:
            add(Effect(_WRITE_METHODS[last], receiver))
        elif last in _DELETE:
            target = receiver if fname.count(".") and receiver else self.arg(node, 0, "path")
            if target is not None:
                add(Effect("delete", target))
        elif last in _MOVE and not (last == "replace" and receiver is None
                                    and not fname.startswith(("os.", "shutil."))):
            if receiver is not None and not fname.startswith(("os.", "shutil.")):
                add(Effect("move", receiver, self.arg(node, 0, "target") or ""))
            else:
                src = self.arg(node, 0, "src")
                if src is not None:
                    add(Effect("move", src, self.arg(node, 1, "dst") or ""))
        elif last in _COPY:
            src = self.arg(node, 0, "src")
            if src is not None:
                add(Effect("copy", src, self.arg(node, 1, "dst") or ""))
        elif last in ("chmod", "chown", "lchmod"):
            target = receiver if receiver is not None else self.arg(node, 0, "path")
            if target is not None:
                add(Effect("chmod", target))
        elif last == "truncate":
            target = self.arg(node, 0, "path")
            if target is not None:
                add(Effect("write", target))
        elif last in _EXEC and (fname.startswith(("os.", "subprocess.", "commands.", "pty."))
                                or fname in _EXEC):
            cmd = self.arg(node, 0, "args")
            if cmd is not None:
                add(Effect("exec", cmd))
        elif fname in ("exec", "eval", "compile", "builtins.exec"):
            code = self.arg(node, 0, "source")
            if code is not None and self.depth < 4:
                inner = _PyScan(self.depth + 1)
                with contextlib.suppress(SyntaxError, ValueError, RecursionError):
                    self.effects.extend(inner.run(ast.parse(code)))
        elif last in ("kill", "killpg") and fname.startswith("os."):
            pid = self.arg(node, 0) or _const_repr(node.args[0] if node.args else None)
            sig = _func_name(node.args[1]) if len(node.args) > 1 else ""
            add(Effect("kill", pid or "", sig))
        elif last in _HTTP and fname.startswith(("requests.", "httpx.", "urllib.", "session.")):
            url = self.arg(node, 0, "url")
            if last == "request":
                url = self.arg(node, 1, "url")
            body = self.arg(node, 1, "data") or self.arg(node, 99, "json") or ""
            if url is not None:
                add(Effect("http", url, f"{last.upper()} {body}".strip()))
        elif last in ("sub", "replace") and len(node.args) >= 2:
            old = self.value(node.args[0])
            new = self.value(node.args[1])
            if old is not None and new is not None:
                add(Effect("replace", "", f"{old}\x00{new}"))


_DECODERS = ("b64decode", "decodebytes", "fromhex", "unhexlify", "a2b_hex", "b32decode",
             "b16decode", "a2b_base64", "codecs.decode")


def _decode(fname: str, text: str | None, codec: str | None) -> str | None:
    """What ``bytes.fromhex(...)``, ``base64.b64decode(...)``, ``codecs.decode(...)`` yield."""
    if text is None:
        return None
    try:
        if fname.endswith(("fromhex", "unhexlify", "a2b_hex", "b16decode")):
            raw = binascii.unhexlify(re.sub(r"\s+", "", text))
        elif fname.endswith("b32decode"):
            raw = base64.b32decode(text + "=" * (-len(text) % 8))
        elif fname.endswith("codecs.decode"):
            if (codec or "").lower().replace("_", "") in ("rot13", "rot-13"):
                return codecs.decode(text, "rot13")
            if (codec or "").lower() == "hex":
                raw = binascii.unhexlify(text)
            else:
                return None
        else:
            raw = base64.b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw.decode("utf-8", "replace")


def _chr_list(node: ast.AST) -> list[str] | None:
    """``map(chr, [115, 121])`` or ``(chr(c) for c in [115, 121])`` as characters."""
    items: list[ast.expr] | None = None
    if isinstance(node, ast.Call) and _func_name(node.func) == "map" and len(node.args) == 2 and (
            _func_name(node.args[0]) == "chr") and isinstance(node.args[1], ast.List | ast.Tuple):
        items = list(node.args[1].elts)
    elif isinstance(node, ast.GeneratorExp | ast.ListComp) and isinstance(
            node.elt, ast.Call) and _func_name(node.elt.func) == "chr" and isinstance(
            node.generators[0].iter, ast.List | ast.Tuple):
        items = list(node.generators[0].iter.elts)
    if items is None or not all(isinstance(i, ast.Constant) and isinstance(i.value, int)
                                for i in items):
        return None
    return [chr(i.value) for i in items if isinstance(i, ast.Constant) and
            isinstance(i.value, int) and 0 < i.value < 0x110000]


def _func_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _func_name(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    if isinstance(node, ast.Call):
        return _func_name(node.func)
    return ""


def _const_repr(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant):
        return str(node.value)
    return None


# --------------------------------------------------------------------------- regex fallback

_Q = r"""['"`]([^'"`]{1,300})['"`]"""
_REGEXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("write", re.compile(r"open\s*\(?\s*[^,()]*,\s*['\"]?\+?>\s*['\"]?\s*,?\s*" + _Q)),
    ("write", re.compile(r"open\s*\(\s*" + _Q + r"\s*,\s*['\"][wax+]")),
    ("write", re.compile(r"(?:writeFileSync|writeFile|write_text|File\.write|"
                         r"file_put_contents|truncateSync|truncate)\s*\(\s*" + _Q)),
    ("append", re.compile(r"(?:appendFileSync|appendFile)\s*\(\s*" + _Q)),
    ("delete", re.compile(r"(?:unlinkSync|unlink|rmSync|rmdirSync|rmtree|remove|"
                          r"File\.delete|FileUtils\.rm_rf|FileUtils\.rm)\s*\(?\s*" + _Q)),
    ("move", re.compile(r"(?:renameSync|rename|move)\s*\(\s*" + _Q)),
    ("chmod", re.compile(r"(?:chmodSync|chmod)\s*\(\s*(?:0?\d+\s*,\s*)?" + _Q)),
    ("exec", re.compile(r"(?:system|exec|execSync|spawnSync|spawn|popen|shell_exec|"
                        r"passthru|qx|check_output|run)\s*\(?\s*" + _Q)),
    ("exec", re.compile(r"`([^`]{2,300})`")),
    ("kill", re.compile(r"\bkill\s*\(\s*['\"]?(\w+)")),
)


def _regex_effects(code: str) -> list[Effect]:
    effects: list[Effect] = []
    for kind, regex in _REGEXES:
        for m in regex.finditer(code):
            effects.append(Effect(kind, m.group(1)))
    for m in re.finditer(r"\bs([/|#!,])((?:(?!\1).){1,200})\1((?:(?!\1).){0,200})\1", code):
        effects.append(Effect("replace", "", f"{m.group(2)}\x00{m.group(3)}"))
    return effects
