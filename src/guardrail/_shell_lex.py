"""The shell lexer behind `guardrail.shell`: source text to words, operators and redirections.

Words keep their pieces (literal, quoted, ``$VAR``, ``$(...)``) unexpanded, because
expansion depends on assignments the parser meets later in the script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(slots=True)
class Lit:
    text: str
    quoted: bool


@dataclass(slots=True)
class Var:
    name: str
    op: str
    arg: str
    quoted: bool
    raw: str


@dataclass(slots=True)
class Sub:
    source: str
    quoted: bool
    raw: str
    process: bool = False


Piece = Lit | Var | Sub


@dataclass(slots=True)
class Word:
    pieces: list[Piece]
    start: int
    end: int


@dataclass(slots=True)
class Op:
    op: str
    start: int
    end: int


@dataclass(slots=True)
class Redir:
    op: str
    start: int
    end: int
    heredoc: str | None = None
    quoted_delim: bool = False


Token = Word | Op | Redir

_OPS = ("&&", "||", "|&", ";;", ";&", ";", "&", "|", "(", ")")
_REDIR = re.compile(r"(\d*|&)(<<<|<<-|<<|<>|<&|>&|>>|>\||<|>)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACE_OP = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*|\d+|[@*#?$!-])(:-|:=|:\+|:\?|//|/|##|#|%%|%|:|-|=|\+|\?)?(.*)$", re.S)
_SIMPLE_ESC = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
               "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}
_WORD_END = frozenset(" \t\n;&|()<>")
# Characters an unquoted word (or a double-quoted string) takes as they are.
_PLAIN_RUN = re.compile(r"[^ \t\n;&|()<>\\'\"$`]+")
_DQUOTE_RUN = re.compile(r'[^"\\$`]+')


def ansi_c(body: str, keep_unknown: bool = True) -> str:
    """Decode ``$'...'`` escapes: ``\\n``, ``\\xHH``, ``\\NNN``, ``\\uXXXX``, ``\\UXXXXXXXX``."""
    out = bytearray()
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c != "\\" or i + 1 >= n:
            out += c.encode("utf-8", "surrogatepass")
            i += 1
            continue
        e = body[i + 1]
        if e in _SIMPLE_ESC:
            out += _SIMPLE_ESC[e].encode()
            i += 2
        elif e == "x":
            m = re.match(r"[0-9A-Fa-f]{1,2}", body[i + 2 : i + 4])
            if m:
                out.append(int(m.group(0), 16))
                i += 2 + len(m.group(0))
            else:
                out += b"\\x"
                i += 2
        elif e in "uU":
            width = 4 if e == "u" else 8
            m = re.match(rf"[0-9A-Fa-f]{{1,{width}}}", body[i + 2 : i + 2 + width])
            if m and int(m.group(0), 16) < 0x110000:
                out += chr(int(m.group(0), 16)).encode("utf-8", "surrogatepass")
                i += 2 + len(m.group(0))
            else:
                out += ("\\" + e).encode()
                i += 2
        elif e in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[i + 1 : i + 4])
            octal = digits.group(0) if digits else e
            out.append(int(octal, 8) & 0xFF)
            i += 1 + len(octal)
        elif e == "c" and i + 2 < n:
            out.append(ord(body[i + 2]) & 0x1F)
            i += 3
        else:
            out += (("\\" + e) if keep_unknown else e).encode("utf-8", "surrogatepass")
            i += 2
    return out.decode("utf-8", errors="replace")


class _Lexer:
    def __init__(self, src: str) -> None:
        self.s = src
        self.n = len(src)
        self.i = 0
        self.tokens: list[Token] = []
        self.pending: list[tuple[Redir, str, bool, bool]] = []

    def run(self) -> list[Token]:
        s = self.s
        while self.i < self.n:
            c = s[self.i]
            if c in " \t\r":
                self.i += 1
            elif c == "\\" and s.startswith("\\\n", self.i):
                self.i += 2
            elif c == "\n":
                self.tokens.append(Op("\n", self.i, self.i + 1))
                self.i += 1
                self._heredoc_bodies()
            elif c == "#":
                end = s.find("\n", self.i)
                self.i = self.n if end < 0 else end
            elif c in "<>" and s.startswith("(", self.i + 1):
                self.tokens.append(self._word())
            elif (m := _REDIR.match(s, self.i)) and (m.group(1) != "&" or m.group(2)[0] == ">"):
                self._redirect(m)
            elif c in ";&|()":
                op = next(o for o in _OPS if s.startswith(o, self.i))
                self.tokens.append(Op(op, self.i, self.i + len(op)))
                self.i += len(op)
            else:
                self.tokens.append(self._word())
        if self.pending:
            self._heredoc_bodies()
        return self.tokens

    def _redirect(self, m: re.Match[str]) -> None:
        op = m.group(1) + m.group(2)
        redir = Redir(op, m.start(), m.end())
        self.tokens.append(redir)
        self.i = m.end()
        if m.group(2) in ("<<", "<<-"):
            while self.i < self.n and self.s[self.i] in " \t":
                self.i += 1
            if self.i < self.n and self.s[self.i] not in _WORD_END:
                delim_word = self._word()
                self.tokens.append(delim_word)
                raw = self.s[delim_word.start : delim_word.end]
                quoted = any(q in raw for q in "'\"\\")
                delim = "".join(p.text if isinstance(p, Lit) else p.raw
                                for p in delim_word.pieces)
                self.pending.append((redir, delim, m.group(2) == "<<-", quoted))

    def _heredoc_bodies(self) -> None:
        for redir, delim, strip_tabs, quoted in self.pending:
            lines: list[str] = []
            while self.i < self.n:
                end = self.s.find("\n", self.i)
                line = self.s[self.i : self.n if end < 0 else end]
                self.i = self.n if end < 0 else end + 1
                check = line.lstrip("\t") if strip_tabs else line
                if check.rstrip("\r") == delim:
                    break
                lines.append(check)
            redir.heredoc = "\n".join(lines) + ("\n" if lines else "")
            redir.quoted_delim = quoted
        self.pending = []

    def _word(self) -> Word:
        s = self.s
        start = self.i
        pieces: list[Piece] = []
        buf: list[str] = []

        def flush() -> None:
            if buf:
                pieces.append(Lit("".join(buf), False))
                buf.clear()

        if s[self.i] in "<>" and s.startswith("(", self.i + 1):
            end = _match_paren(s, self.i + 2)
            pieces.append(Sub(s[self.i + 2 : end], False, s[self.i : end + 1], process=True))
            self.i = end + 1
        while self.i < self.n:
            c = s[self.i]
            if c in _WORD_END:
                break
            if c == "\\":
                if self.i + 1 < self.n and s[self.i + 1] != "\n":
                    flush()
                    pieces.append(Lit(s[self.i + 1], True))
                self.i += 2
            elif c == "'":
                end = s.find("'", self.i + 1)
                end = self.n if end < 0 else end
                flush()
                pieces.append(Lit(s[self.i + 1 : end], True))
                self.i = end + 1
            elif c == '"':
                flush()
                self._dquote(pieces)
            elif c == "$":
                flush()
                self._dollar(pieces, quoted=False)
            elif c == "`":
                flush()
                self._backtick(pieces, quoted=False)
            else:  # a run of plain characters at once: c is one of them
                m = _PLAIN_RUN.match(s, self.i)
                run = c if m is None else m.group()
                buf.append(run)
                self.i += len(run)
        flush()
        if self.i == start:  # a lone metacharacter we did not expect: consume it
            self.i += 1
            pieces.append(Lit(s[start], False))
        return Word(pieces, start, min(self.i, self.n))

    def _dquote(self, pieces: list[Piece]) -> None:
        s = self.s
        self.i += 1
        buf: list[str] = []

        def flush() -> None:
            pieces.append(Lit("".join(buf), True))
            buf.clear()

        while self.i < self.n:
            c = s[self.i]
            if c == '"':
                self.i += 1
                break
            if c == "\\" and self.i + 1 < self.n:
                nxt = s[self.i + 1]
                if nxt == "\n":
                    pass
                elif nxt in '$`"\\':
                    buf.append(nxt)
                else:
                    buf.append(c + nxt)
                self.i += 2
            elif c == "$" and self.i + 1 < self.n and s[self.i + 1] not in '"':
                flush()
                self._dollar(pieces, quoted=True)
            elif c == "`":
                flush()
                self._backtick(pieces, quoted=True)
            else:
                # a run of plain characters at once; a trailing "\\" or "$" stands alone
                m = _DQUOTE_RUN.match(s, self.i)
                run = c if m is None else m.group()
                buf.append(run)
                self.i += len(run)
        flush()

    def _dollar(self, pieces: list[Piece], quoted: bool) -> None:
        s = self.s
        i = self.i
        nxt = s[i + 1] if i + 1 < self.n else ""
        if nxt == "'" and not quoted:
            j = i + 2
            while j < self.n and s[j] != "'":
                j += 2 if s[j] == "\\" else 1
            pieces.append(Lit(ansi_c(s[i + 2 : min(j, self.n)]), True))
            self.i = j + 1
        elif nxt == '"' and not quoted:
            self.i += 1
            self._dquote(pieces)
        elif s.startswith("((", i + 1):
            end = _match_paren(s, i + 2)
            end = _match_paren(s, end + 1) if end + 1 < self.n and s[end + 1] == ")" else end
            raw = s[i : min(end + 1, self.n)]
            pieces.append(Lit(raw, quoted))
            self.i = end + 1
        elif nxt == "(":
            end = _match_paren(s, i + 2)
            pieces.append(Sub(s[i + 2 : end], quoted, s[i : end + 1]))
            self.i = end + 1
        elif nxt == "{":
            end = s.find("}", i + 2)
            end = self.n if end < 0 else end
            inner = s[i + 2 : end]
            raw = s[i : end + 1]
            self.i = end + 1
            if inner.startswith("#") and _NAME.fullmatch(inner[1:]):
                pieces.append(Var(inner[1:], "#len", "", quoted, raw))
                return
            m = _BRACE_OP.match(inner)
            if not m:
                pieces.append(Lit(raw, quoted))
                return
            arg = m.group(3)
            op = m.group(2) or ""
            if not op and arg:
                pieces.append(Lit(raw, quoted))
                return
            pieces.append(Var(m.group(1), op, _strip_quotes(arg), quoted, raw))
        else:
            m = _NAME.match(s, i + 1)
            if m:
                pieces.append(Var(m.group(0), "", "", quoted, s[i : m.end()]))
                self.i = m.end()
            elif nxt and (nxt.isdigit() or nxt in "@*#?$!-"):
                pieces.append(Var(nxt, "", "", quoted, s[i : i + 2]))
                self.i = i + 2
            else:
                pieces.append(Lit("$", quoted))
                self.i = i + 1

    def _backtick(self, pieces: list[Piece], quoted: bool) -> None:
        s = self.s
        j = self.i + 1
        buf: list[str] = []
        while j < self.n and s[j] != "`":
            if s[j] == "\\" and j + 1 < self.n and s[j + 1] in "`$\\":
                buf.append(s[j + 1])
                j += 2
                continue
            buf.append(s[j])
            j += 1
        pieces.append(Sub("".join(buf), quoted, s[self.i : j + 1]))
        self.i = j + 1


def _strip_quotes(arg: str) -> str:
    if len(arg) >= 2 and arg[0] == arg[-1] and arg[0] in "'\"":
        return arg[1:-1]
    return arg


def _match_paren(s: str, i: int) -> int:
    """Index of the ``)`` closing the ``(`` just before ``i`` (quote-aware), or ``len(s)``."""
    depth = 1
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            end = s.find("'", i + 1)
            i = n if end < 0 else end + 1
            continue
        if c == '"':
            j = i + 1
            while j < n and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def lex(src: str) -> list[Token]:
    """Tokens of ``src``; heredoc bodies are attached to their ``<<`` redirection."""
    return _Lexer(src).run()
