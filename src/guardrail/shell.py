"""A POSIX shell parser, so detectors judge what a command does rather than how it is spelt.

Agents hide intent in quoting (``r''m``, ``$'\\x72m'``), variables (``F=/etc/x; rm $F``),
wrappers (``sudo nice -n5 env X=1 rm``), nested shells (``bash -c``, ``eval``, ``ssh
host 'cmd'``, ``kubectl exec -- cmd``) and encoded pipelines (``echo B64 | base64 -d |
sh``). `parse_script` undoes all of that into plain argv lists, and never raises: odd
input degrades to best-effort word splitting. Lexing lives in `_shell_lex`, the sources a
command runs in turn in `_shell_nesting`, and what data-only commands print in
`_shell_data`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from guardrail._shell_data import run_data_command, text_of, unescape_echo
from guardrail._shell_lex import Lit, Op, Piece, Redir, Sub, Var, Word, lex
from guardrail._shell_nesting import inner_sources, reads_script_from_stdin, xargs_lines

__all__ = ["Command", "Pipeline", "Redirect", "Script", "parse_script", "unescape_echo"]

MAX_DEPTH = 6
MAX_SOURCE = 100_000


@dataclass(frozen=True, slots=True)
class Redirect:
    """One redirection: ``op`` as written (with any fd: ``2>``, ``2>&``), ``target`` expanded."""

    op: str
    target: str


@dataclass(frozen=True, slots=True)
class Command:
    """One simple command after quote removal and expansion of the variables known so far."""

    argv: tuple[str, ...]
    redirects: tuple[Redirect, ...] = ()
    heredoc: str | None = None
    nested: tuple[Script, ...] = ()
    text: str = ""
    program_index: int = 0
    stdin: str | None = None  # what a pipe or here-string feeds in, when it can be computed

    @property
    def name(self) -> str:
        """Basename of the real program, wrappers (sudo, env, nice, timeout...) stripped."""
        if self.program_index >= len(self.argv):
            return ""
        return self.argv[self.program_index].rsplit("/", 1)[-1]

    @property
    def args(self) -> tuple[str, ...]:
        return self.argv[self.program_index + 1 :]

    @property
    def writes(self) -> tuple[str, ...]:
        """Files this command's output redirections write or truncate."""
        return tuple(
            r.target for r in self.redirects if r.op.lstrip("0123456789&").startswith(">")
            and not r.op.endswith("&")
        )


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Commands joined by ``|``."""

    commands: tuple[Command, ...]


@dataclass(frozen=True, slots=True)
class Script:
    """Pipelines in source order (split on ``;``, ``&&``, ``||``, ``&`` and newlines)."""

    pipelines: tuple[Pipeline, ...] = ()
    source: str = ""

    def commands(self) -> Iterator[Command]:
        """Every simple command, nested ones right after the command holding them."""
        for pipeline in self.pipelines:
            for cmd in pipeline.commands:
                yield cmd
                for inner in cmd.nested:
                    yield from inner.commands()

    def all_pipelines(self) -> Iterator[Pipeline]:
        for pipeline in self.pipelines:
            yield pipeline
            for cmd in pipeline.commands:
                for inner in cmd.nested:
                    yield from inner.all_pipelines()


def parse_script(text: str, variables: Mapping[str, str] | None = None) -> Script:
    """Parse ``text``; ``variables`` seeds the values ``$NAME`` expands to."""
    if not variables:
        return _parse_unseeded(text)
    return _parse(text, dict(variables), 0)


@lru_cache(maxsize=1024)
def _parse_unseeded(text: str) -> Script:
    # Scripts are immutable, so the detectors that read the same command (exfiltration
    # and oversight both do) share one parse.
    return _parse(text, {}, 0)


def _parse(text: str, env: dict[str, str], depth: int) -> Script:
    if depth > MAX_DEPTH:
        return Script((), text)
    text = text[:MAX_SOURCE]
    try:
        tokens = lex(text)
        return _Parser(text, tokens, env, depth).parse()
    except (RecursionError, ValueError, IndexError):
        words = text.split()
        return Script((Pipeline((Command(tuple(words), text=text),)),), text)


# --------------------------------------------------------------------------- wrappers

_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?)=(.*)$", re.S)

# wrapper -> (short/long options taking a separate argument, positional args to skip)
_WRAPPERS: dict[str, tuple[frozenset[str], int]] = {
    "sudo": (frozenset(["-u", "-g", "-p", "-C", "-r", "-t", "-U", "-D", "-R", "-T", "--user", "--group", "--prompt", "--chdir", "--role", "--type", "--other-user", "--close-from"]), 0),
    "doas": (frozenset({"-u", "-C"}), 0),
    "env": (frozenset({"-u", "-C", "--unset", "--chdir", "-P"}), 0),
    "nice": (frozenset({"-n", "--adjustment"}), 0),
    "nohup": (frozenset(), 0),
    "timeout": (frozenset({"-s", "-k", "--signal", "--kill-after"}), 1),
    "command": (frozenset(), 0),
    "builtin": (frozenset(), 0),
    "exec": (frozenset({"-a"}), 0),
    "stdbuf": (frozenset({"-i", "-o", "-e", "--input", "--output", "--error"}), 0),
    "time": (frozenset({"-o", "-f", "--output", "--format"}), 0),
    "ionice": (frozenset({"-c", "-n", "-p", "--class", "--classdata"}), 0),
    "setsid": (frozenset(), 0),
    "unbuffer": (frozenset(), 0),
    "busybox": (frozenset(), 0),
    "runas": (frozenset(), 0),
    "caffeinate": (frozenset({"-t", "-w"}), 0),
}


def program_index(argv: tuple[str, ...]) -> int:
    """Index of the real program in ``argv``: leading assignments and wrappers skipped."""
    i = 0
    n = len(argv)
    while i < n:
        word = argv[i]
        if _ASSIGN.match(word):
            i += 1
            continue
        base = word.rsplit("/", 1)[-1]
        spec = _WRAPPERS.get(base)
        if spec is None:
            return i
        with_arg, positional = spec
        i += 1
        while i < n:
            a = argv[i]
            if a == "--":
                i += 1
                break
            if base == "env" and _ASSIGN.match(a):
                i += 1
                continue
            if a.startswith("-") and len(a) > 1 and not (base == "command" and a == "-"):
                i += 1
                if a in with_arg:
                    i += 1
                continue
            break
        i += positional
    return min(i, n)


def _split_env_s(argv: list[str]) -> list[str]:
    """``env -S 'rm -rf x'`` splits its string into words: do the same."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-S", "--split-string") and i + 1 < len(argv) and out and _is_env(out):
            out.extend(_safe_split(argv[i + 1]))
            i += 2
            continue
        if a.startswith("--split-string=") and out and _is_env(out):
            out.extend(_safe_split(a.split("=", 1)[1]))
            i += 1
            continue
        if a.startswith("-S") and len(a) > 2 and out and _is_env(out):
            out.extend(_safe_split(a[2:]))
            i += 1
            continue
        out.append(a)
        i += 1
    return out


def _is_env(prefix: list[str]) -> bool:
    return any(w.rsplit("/", 1)[-1] == "env" for w in prefix)


def _safe_split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


# --------------------------------------------------------------------------- parser

_KEYWORDS = frozenset(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac", "function"])


@dataclass(slots=True)
class _Build:
    words: list[Word] = field(default_factory=list)
    redirs: list[tuple[Redir, Word | None]] = field(default_factory=list)
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class _Built:
    argv: list[str]
    redirects: list[Redirect]
    heredoc: str | None
    herestring: str | None
    nested: list[Script]
    text: str


class _Parser:
    def __init__(self, src: str, tokens: list[Word | Op | Redir], env: dict[str, str],
                 depth: int) -> None:
        self.src = src
        self.tokens = tokens
        self.env = env
        self.depth = depth

    def parse(self) -> Script:
        pipelines: list[Pipeline] = []
        current: list[_Built] = []
        build = _Build()
        i = 0
        toks = self.tokens
        while i < len(toks):
            tok = toks[i]
            if isinstance(tok, Word):
                if build.start < 0:
                    build.start = tok.start
                build.words.append(tok)
                build.end = tok.end
            elif isinstance(tok, Redir):
                target = toks[i + 1] if i + 1 < len(toks) else None
                if isinstance(target, Word):
                    i += 1
                else:
                    target = None
                if build.start < 0:
                    build.start = tok.start
                build.redirs.append((tok, target))
                build.end = target.end if target else tok.end
            else:
                built = self._finish(build)
                if built is not None:
                    current.append(built)
                build = _Build()
                if tok.op not in ("|", "|&"):
                    if current:
                        pipelines.append(self._pipeline(current))
                    current = []
            i += 1
        built = self._finish(build)
        if built is not None:
            current.append(built)
        if current:
            pipelines.append(self._pipeline(current))
        return Script(tuple(pipelines), self.src)

    # ---- one simple command

    def _finish(self, build: _Build) -> _Built | None:
        if build.start < 0:
            return None
        nested: list[Script] = []
        words = list(build.words)
        # leading keywords (if/then/do/!/{) carry no action
        while words and _literal(words[0]) in _KEYWORDS:
            words.pop(0)
        if words and _literal(words[0]) == "for":
            self._for_loop(words, nested)
            return _Built([], [], None, None, nested, "") if nested else None
        if words and _literal(words[0]) == "case":
            return None
        assigns: list[tuple[str, str]] = []
        argv: list[str] = []
        for w in words:
            if not argv:
                assign = self._assignment(w, nested)
                if assign is not None:
                    assigns.append(assign)
                    argv_word = f"{assign[0]}={assign[1]}"
                    argv.append(argv_word)
                    continue
            argv.extend(self._fields(w, nested))
        redirects: list[Redirect] = []
        heredoc: str | None = None
        herestring: str | None = None
        for redir, target in build.redirs:
            value = self._join(target, nested) if target else ""
            if redir.op.endswith("<<<"):
                herestring = value
            elif redir.op.endswith("<<") or redir.op.endswith("<<-"):
                heredoc = redir.heredoc or ""
                if not redir.quoted_delim:
                    heredoc = self._expandtext_of(heredoc, nested)
            redirects.append(Redirect(redir.op, value))
        for name, value in assigns:
            self.env[name] = value
        if not argv and not redirects and not nested:
            return None
        argv = _split_env_s(argv)
        idx = program_index(tuple(argv))
        self._declarations(argv, idx, herestring)
        text = self.src[build.start : build.end]
        built = _Built(argv, redirects, heredoc, herestring, nested, text)
        for inner in inner_sources(argv, idx, heredoc, herestring):
            nested.append(_parse(inner, dict(self.env), self.depth + 1))
        return built

    def _for_loop(self, words: list[Word], nested: list[Script]) -> None:
        """``for f in a b`` binds ``f`` to the items, so ``rm $f`` later sees them."""
        if len(words) < 2:
            return
        name = _literal(words[1])
        items: list[str] = []
        if len(words) > 3 and _literal(words[2]) == "in":
            for w in words[3:]:
                items.extend(self._fields(w, nested))
        if name:
            self.env[name] = " ".join(items)

    def _declarations(self, argv: list[str], idx: int, herestring: str | None) -> None:
        if idx >= len(argv):
            return
        name = argv[idx]
        rest = argv[idx + 1 :]
        if name in ("export", "declare", "local", "readonly", "typeset", "setenv"):
            for a in rest:
                m = _ASSIGN.match(a)
                if m:
                    self.env[m.group(1)] = m.group(4)
            if name == "setenv" and len(rest) >= 2:
                self.env[rest[0]] = rest[1]
        elif name == "read" and herestring is not None:
            names = [a for a in rest if not a.startswith("-")]
            if names:
                self.env[names[-1]] = herestring

    def _assignment(self, w: Word, nested: list[Script]) -> tuple[str, str] | None:
        first = w.pieces[0] if w.pieces else None
        if not isinstance(first, Lit) or first.quoted:
            return None
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?=", first.text)
        if not m:
            return None
        head = Lit(first.text[m.end() :], False)
        value = "".join(t for t, _ in self._expand(w.pieces[1:] if head.text == "" else
                                                   [head, *w.pieces[1:]], nested))
        if first.text[m.end() - 2 : m.end()] == "+=":
            value = self.env.get(m.group(1), "") + value
        return m.group(1), value

    # ---- expansion

    def _expand(self, pieces: list[Piece], nested: list[Script]) -> list[tuple[str, str]]:
        """Pieces as ``(text, kind)``: kind "lit" (unquoted), "q" (quoted), "split"."""
        out: list[tuple[str, str]] = []
        for p in pieces:
            if isinstance(p, Lit):
                out.append((p.text, "q" if p.quoted else "lit"))
            elif isinstance(p, Var):
                # ``cmd${IFS}arg``: an unset IFS still splits on blanks
                value = _var_value(p, self.env) if p.name != "IFS" or "IFS" in self.env else " "
                if value is None:
                    out.append((p.raw, "lit"))
                else:
                    out.append((value, "q" if p.quoted else "split"))
            else:
                out.append(self._substitute(p, nested))
        return out

    def _substitute(self, p: Sub, nested: list[Script]) -> tuple[str, str]:
        inner = _parse(p.source, dict(self.env), self.depth + 1)
        nested.append(inner)
        if p.process:
            return p.raw, "lit"
        produced = _script_output(inner)
        if produced is None:
            return p.raw, "lit"
        return produced.rstrip("\n"), "q" if p.quoted else "split"

    def _fields(self, w: Word, nested: list[Script]) -> list[str]:
        parts = self._expand(w.pieces, nested)
        fields: list[str] = []
        cur = ""
        have = False
        for text, kind in parts:
            if kind != "split":
                cur += text
                have = have or kind == "q" or bool(text)
                continue
            ifs = self.env.get("IFS", " \t\n")
            chunks = re.split(f"[{re.escape(ifs)}]+", text) if ifs else [text]
            for j, chunk in enumerate(chunks):
                if j > 0 and (have or cur):
                    fields.append(cur)
                    cur, have = "", False
                cur += chunk
                have = have or bool(chunk)
        if have or cur:
            fields.append(cur)
        if all(kind == "lit" for _, kind in parts) and "{" in "".join(t for t, _ in parts):
            return [x for f in fields for x in _braces(f)]
        return fields

    def _join(self, w: Word, nested: list[Script]) -> str:
        return "".join(t for t, _ in self._expand(w.pieces, nested))

    def _expandtext_of(self, text: str, nested: list[Script]) -> str:
        """Expand ``$VAR`` / ``$(...)`` inside an unquoted heredoc body."""
        if "$" not in text and "`" not in text:
            return text
        try:
            words = lex('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
        except (ValueError, IndexError):
            return text
        if len(words) == 1 and isinstance(words[0], Word):
            return self._join(words[0], nested)
        return text

    # ---- pipelines: compute what flows through, feed decoded scripts to shells

    def _pipeline(self, built: list[_Built]) -> Pipeline:
        data: bytes | None = None
        stdins: list[str | None] = []
        for i, b in enumerate(built):
            feed = data if i > 0 else None
            if b.herestring is not None:
                feed = (b.herestring + "\n").encode()
            elif b.heredoc is not None:
                feed = b.heredoc.encode()
            stdins.append(text_of(feed) if feed is not None and i > 0 else None)
            idx = program_index(tuple(b.argv))
            if i > 0 and feed is not None and reads_script_from_stdin(b.argv, idx):
                script = text_of(feed)
                if script and b.heredoc is None and b.herestring is None:
                    b.nested.append(_parse(script, dict(self.env), self.depth + 1))
            if i > 0 and feed is not None and idx < len(b.argv) and b.argv[idx] == "xargs":
                for line in xargs_lines(b.argv[idx + 1 :], text_of(feed)):
                    b.nested.append(_parse(line, dict(self.env), self.depth + 1))
            data = run_data_command(b.argv, idx, feed)
        commands = tuple(
            Command(
                argv=tuple(b.argv),
                redirects=tuple(b.redirects),
                heredoc=b.heredoc,
                nested=tuple(b.nested),
                text=b.text,
                program_index=program_index(tuple(b.argv)),
                stdin=stdins[i] if stdins[i] is not None else b.herestring,
            )
            for i, b in enumerate(built)
        )
        return Pipeline(commands)


def _literal(w: Word) -> str:
    """A word's text when it is entirely literal, else ""."""
    if all(isinstance(p, Lit) for p in w.pieces):
        return "".join(p.text for p in w.pieces if isinstance(p, Lit))
    return ""


def _var_value(p: Var, env: Mapping[str, str]) -> str | None:
    value = env.get(p.name)
    op, arg = p.op, p.arg
    if op in (":-", "-", ":=", "="):
        if value is None or (op.startswith(":") and value == ""):
            return arg
        return value
    if value is None:
        return None
    if op == ":+":
        return arg if value else ""
    if op == "#len":
        return str(len(value))
    if op in ("/", "//"):
        pat, _, rep = arg.partition("/")
        if not pat:
            return value
        return value.replace(pat, rep) if op == "//" else value.replace(pat, rep, 1)
    if op in ("#", "##"):
        return value[len(arg) :] if arg and value.startswith(arg) else value
    if op in ("%", "%%"):
        return value[: -len(arg)] if arg and value.endswith(arg) else value
    if op == ":":
        return _substring(value, arg)
    return value


def _substring(value: str, arg: str) -> str:
    off, _, length = arg.partition(":")
    try:
        start = int(off.strip() or 0)
        if start < 0:
            start += len(value)
        if length.strip():
            n = int(length)
            return value[start : start + n] if n >= 0 else value[start:n]
        return value[start:]
    except ValueError:
        return value


def _braces(word: str, limit: int = 64) -> list[str]:
    m = re.search(r"\{([^{}]*,[^{}]*)\}", word)
    if not m:
        return [word]
    out: list[str] = []
    for alt in m.group(1).split(","):
        out.extend(_braces(word[: m.start()] + alt + word[m.end() :], limit))
        if len(out) >= limit:
            break
    return out[:limit]


def _script_output(script: Script) -> str | None:
    """What ``$(...)`` yields when its last pipeline can be computed (echo, decoders)."""
    if not script.pipelines:
        return None
    last = script.pipelines[-1]
    data: bytes | None = None
    for i, cmd in enumerate(last.commands):
        feed = data if i > 0 else None
        if cmd.stdin is not None:
            feed = cmd.stdin.encode()
        elif cmd.heredoc is not None:
            feed = cmd.heredoc.encode()
        data = run_data_command(list(cmd.argv), cmd.program_index, feed)
    return None if data is None else text_of(data)
