"""Secrets and people's records that code reads and hands to a network call, in any
common language.

Code an agent plants or runs (a Go ``init()``, an npm ``postinstall`` hook, a Python
``sitecustomize``, a Ruby initializer) runs wherever the project builds or boots. When
it reads what holds credentials — the whole environment (``os.Environ()``,
``process.env``, ``ENV.to_h``), a credential file (``~/.npmrc``, ``~/.aws/credentials``,
``filepath.Join(home, ".ssh", "id_rsa")``), a variable named as a secret, or a query for
people's details (``"SELECT ssn, dob FROM kyc"``) — and that value reaches a network call,
the host the code names receives it.

"Reaches" is followed by names, not guessed from co-occurrence: a value is tainted where a
source is written, an assignment whose right side holds tainted text taints its names
(``b, _ := json.Marshal(os.Environ())``), and a network call (``http.Post(...)``) or a
method of an object one returned (``req.end(payload)``) that holds tainted text sends it.
A secret named variable used as the call's own credentials (an ``Authorization`` header)
is how clients log in, and is left to the destination's trust.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guardrail.destinations import Destination, extract
from guardrail.sensitive import Kind, classify_path
from guardrail.sql_rows import people_rows

__all__ = ["SecretFlow", "code_destinations", "secret_flows"]

# The whole environment, per language: every CI and cloud secret at once.
_WHOLE_ENV = re.compile(
    r"\bos\.environ\b(?!\s*\[|\s*\.\s*(?:get|setdefault|pop)\b)|\bos\.environb\b|"  # Python
    r"\bprocess\.env\b(?!\s*(?:\.|\[|\?\.))|"  # Node
    r"\bDeno\.env\.toObject\(\)|\bBun\.env\b(?!\s*[.\[])|"  # Deno, Bun
    r"\b(?:os|syscall)\.Environ\(\)|"  # Go
    r"\bSystem\.getenv\(\s*\)|\bSystem\.getProperties\(\s*\)|"  # Java, Kotlin
    r"\bEnvironment\.GetEnvironmentVariables\(\s*\)|"  # C#
    r"\bENV\.(?:to_h|to_hash|to_a|each\w*|map|inspect|to_s|select|filter\w*|to_json)\b|"  # Ruby
    r"(?<![\w$])ENV(?=\s*[,)}\]])|"
    r"\bgetenv\(\s*\)|\$_ENV\b(?!\s*\[)|\$_SERVER\b(?!\s*\[)|"  # PHP
    r"\benv::vars(?:_os)?\(\)|"  # Rust
    r"%ENV\b|"  # Perl
    r"/proc/(?:self|\d+)/environ"
)
# One variable looked up by a name that says it is a secret.
_SECRET_NAME = r"[A-Za-z0-9_]*(?:SECRET|TOKEN|PASS(?:WORD|WD)?|API_?KEY|PRIVATE|CREDENTIALS?|AUTH)[A-Za-z0-9_]*"
_SECRET_LOOKUP = re.compile(
    r"(?:\bos\.environ(?:\.get)?\s*[\[(]|\b(?:os\.)?getenv\(|\bos\.Getenv\(|\bos\.LookupEnv\(|"
    r"\bSystem\.getenv\(|\bEnvironment\.GetEnvironmentVariable\(|\bENV(?:\.fetch\(|\[)|"
    r"\$_ENV\[|\benv::var\(|\bDeno\.env\.get\(|\bprocess\.env\[)\s*['\"]"
    rf"(?P<a>{_SECRET_NAME})['\"]|"
    rf"\b(?:process|Bun)\.env\.(?P<b>{_SECRET_NAME})\b|\$ENV\{{(?P<c>{_SECRET_NAME})\}}"
)
# Calls that open a connection or send a request, per language.
_NETWORK_CALL = re.compile(
    # Python
    r"\brequests\.(?:post|put|patch|get|request|Session)\b|\bhttpx\.(?:post|put|patch|get|request|"
    r"Client|AsyncClient)\b|\burlopen\(|\burllib\.request\.Request\(|\bHTTPS?Connection\(|"
    r"\baiohttp\.ClientSession\(|\bsmtplib\.SMTP|\bsocket\.(?:socket|create_connection)\(|"
    r"\bftplib\.FTP|\bparamiko\.|\bpycurl\.|"
    # JavaScript, TypeScript
    r"\bfetch\(|\baxios(?:\.(?:post|put|patch|get|request|create))?\(|\bhttps?\.(?:request|get)\(|"
    r"\bgot(?:\.(?:post|put|patch))?\(|\bneedle\(|\bsuperagent\b|\bsendBeacon\(|\bnew\s+WebSocket\(|"
    r"\bXMLHttpRequest\b|\b(?:net|tls)\.(?:connect|createConnection)\(|\bundici\.\w+\(|"
    # Go
    r"\bhttp\.(?:Post|PostForm|Get|Head|NewRequest|NewRequestWithContext)\(|\bnet\.Dial\w*\(|"
    r"\bgrpc\.Dial\(|"
    # Java, Kotlin, C#
    r"\bHttpClient\b|\bHttpRequest\.newBuilder\(|\bHttpURLConnection\b|\bopenConnection\(|"
    r"\bOkHttpClient\b|\bRestTemplate\b|\bWebClient\b|\b(?:Post|Put|Send)Async\(|"
    r"\bUpload(?:String|Data|File)\(|\bHttpWebRequest\b|"
    # Ruby
    r"\bNet::HTTP\b|\bHTTParty\.|\bFaraday\.|\bRestClient\.|\bTCPSocket\.new\b|"
    # PHP
    r"\bcurl_(?:init|exec|setopt)\(|\bstream_context_create\(|\bwp_remote_(?:post|get)\(|"
    r"\bfsockopen\(|"
    # Rust, Perl
    r"\breqwest::|\bureq::|\bTcpStream::connect\(|\bLWP::UserAgent\b|\bHTTP::Tiny\b|"
    r"\bIO::Socket\b"
)
# ``name = ...``, ``const name = ...``, ``a, _ := ...``, ``my $name = ...``, ``var x = ...``.
_ASSIGN = re.compile(
    r"(?m)(?:^|[;{(]|\b(?:const|let|var|my|our|local|final|val|auto|def)\b)\s*"
    r"(?:[A-Za-z_][\w<>\[\].?]*\s+)?"  # a declared type: ``String all = ...``
    # one or more names, or names unpacked from an object or list: ``{ rows }``, ``[a, b]``
    r"[{\[]?\s*(?P<names>[$@%]?[A-Za-z_][\w$]*(?:\s*,\s*[$@%]?[A-Za-z_][\w$]*)*)\s*[}\]]?\s*"
    r"(?::[\w<>\[\]., ]+)?(?::=|(?<![=!<>])=(?![=>]))"
)
# ``with open(...) as fh:`` and ``foreach (... as $x)``: a name bound to tainted text.
_BOUND_AS = re.compile(r"\bas\s+([$]?[A-Za-z_]\w*)")
# Literals: the pieces of a path written apart (``path.join(home, '.aws', 'credentials')``).
_LITERAL = re.compile(r"""'([^'\\\n]{1,200})'|"([^"\\\n]{1,200})"|`([^`\\\n]{1,200})`""")
# Multi-line literals where queries are written: triple-quoted strings, template strings.
_LONG_LITERAL = re.compile(r"(?s)(\"\"\"|\'\'\'|`)(.{1,4000}?)\1")
_JOINED_BY = re.compile(r"\s*(?:[,+/]|\.\s*)\s*")
# Where a secret-named variable is the call's own login, not its payload.
_AUTH_USE = re.compile(
    r"(?i)(?:authorization|bearer|x-api-key|\bauth\s*=|\bheaders?\b\W{0,4}[=:(\[{]|"
    r"set_?header|basic_?auth|setRequestProperty)[^\n]{0,60}$"
)
_MAX_CODE = 200_000
_MAX_STATEMENT = 2_000


@dataclass(frozen=True, slots=True)
class SecretFlow:
    """A secret source whose value reaches a network call: ``label`` says what it is."""

    kind: Kind
    label: str
    weight: float
    what: str


def secret_flows(code: str) -> list[SecretFlow]:
    """The secrets ``code`` reads that reach one of its network calls, strongest first."""
    if len(code) > _MAX_CODE or not _NETWORK_CALL.search(code):
        return []
    sources = _sources(code)
    if not sources:
        return []
    tainted: dict[str, SecretFlow] = {}
    sent: dict[str, SecretFlow] = {}
    # two passes: a name tainted further down (a helper defined late) still counts
    for _ in range(2):
        for m in _ASSIGN.finditer(code):
            end = _statement_end(code, m.end())
            flow = _carried(code, m.end(), end, sources, tainted)
            if flow is None or _NETWORK_CALL.search(code, m.end(), end):
                continue
            for name in re.split(r"\s*,\s*", m.group("names")):
                if name not in ("_", "err"):
                    tainted.setdefault(name.lstrip("$@%"), flow)
        for _, end, flow in sources:
            line_end = code.find("\n", end)
            bound = _BOUND_AS.search(code, end, line_end if line_end >= 0 else len(code))
            if bound:
                tainted.setdefault(bound.group(1).lstrip("$"), flow)
    for start, end in _sending_statements(code):
        flow = _carried(code, start, end, sources, tainted, in_call=True)
        if flow is not None:
            sent.setdefault(flow.what, flow)
    return sorted(sent.values(), key=lambda f: -f.weight)


def code_destinations(code: str) -> tuple[Destination, ...]:
    """Hosts and addresses code writes as literals (``"https://x/ingest"``,
    ``hostname: 'x.example'``): identifiers such as ``fs.readFileSync`` are not hosts."""
    found: dict[str, Destination] = {}
    for m in _LITERAL.finditer(code):
        text = m.group(1) or m.group(2) or m.group(3)
        if text.startswith(("/", "~", ".")):
            continue
        for d in extract(text):
            if d.kind not in ("host", "ip", "email", "bucket"):
                continue
            whole = "://" in text or "@" in text or text.strip().lower() == d.value
            if whole:
                found.setdefault(d.value, d)
    return tuple(found.values())


def _sources(code: str) -> list[tuple[int, int, SecretFlow]]:
    """Where ``code`` reads a secret: the whole environment, a credential file, a variable
    named as a secret (unless that use is a login header)."""
    out: list[tuple[int, int, SecretFlow]] = []
    for m in _WHOLE_ENV.finditer(code):
        flow = SecretFlow(Kind.CREDENTIAL, "the whole environment", 0.85, m.group(0))
        out.append((m.start(), m.end(), flow))
    for start, end, path in _literal_paths(code):
        hit = classify_path(path)
        if hit is not None and hit[0] is Kind.CREDENTIAL:
            out.append((start, end, SecretFlow(hit[0], hit[1], hit[2], path)))
    for m in [*_LITERAL.finditer(code), *_LONG_LITERAL.finditer(code)]:
        rows = people_rows(m.group(0)) if "elect" in m.group(0).lower() else None
        if rows is not None and rows[0] is Kind.PERSONAL:
            # a query for people's details: what it fetches is what the code may send
            out.append((m.start(), m.end(), SecretFlow(*rows)))
    for m in _SECRET_LOOKUP.finditer(code):
        name = m.group("a") or m.group("b") or m.group("c")
        out.append((m.start(), m.end(), SecretFlow(Kind.CREDENTIAL, "secret variable", 0.75, name)))
    return out


def _literal_paths(code: str) -> list[tuple[int, int, str]]:
    """Paths written as one literal, or as literals joined by ``,`` ``+`` ``/`` (a path join):
    ``'.aws', 'credentials'`` is ``.aws/credentials`` under some home directory."""
    lits = [
        (m.start(), m.end(), m.group(1) or m.group(2) or m.group(3))
        for m in _LITERAL.finditer(code)
    ]
    out: list[tuple[int, int, str]] = []
    for i, (start, end, text) in enumerate(lits):
        if "/" in text or text.startswith(".") or text.startswith("~"):
            out.append((start, end, text if text.startswith(("/", "~")) else "~/" + text))
        parts = [text]
        last = end
        for nstart, nend, ntext in lits[i + 1 : i + 4]:
            if not _JOINED_BY.fullmatch(code[last:nstart]):
                break
            parts.append(ntext)
            last = nend
            if parts[0].startswith("."):
                out.append((start, last, "~/" + "/".join(p.strip("/") for p in parts)))
    return out


def _statement_end(code: str, start: int) -> int:
    """Where the statement from ``start`` ends: a newline or ``;`` outside brackets and
    quotes, or a bracket closing one opened before it."""
    depth = 0
    quote = ""
    end = min(len(code), start + _MAX_STATEMENT)
    i = start
    while i < end:
        ch = code[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                break
        elif ch in ";\n" and depth <= 0:
            break
        i += 1
    return i


def _sending_statements(code: str) -> list[tuple[int, int]]:
    """Spans of each network call with its arguments (from the start of its line), and of
    each method call on an object one returned (``req.end(payload)``, ``client.Do(req)``)."""
    out: list[tuple[int, int]] = []
    handles: set[str] = set()
    for m in _NETWORK_CALL.finditer(code):
        line_start = code.rfind("\n", 0, m.start()) + 1
        out.append((line_start, _statement_end(code, m.start())))
    for m in _ASSIGN.finditer(code):
        if _NETWORK_CALL.search(code, m.end(), _statement_end(code, m.end())):
            handles.update(n.lstrip("$@%") for n in re.split(r"\s*,\s*", m.group("names")))
    handles -= {"_", "err"}
    if handles:
        names = "|".join(re.escape(h) for h in sorted(handles))
        for m in re.finditer(rf"(?<![\w.$])\$?(?:{names})\s*(?:\.|->)\s*\w+\s*\(", code):
            out.append((m.start(), _statement_end(code, m.start())))
    return out


def _carried(
    code: str,
    start: int,
    end: int,
    sources: list[tuple[int, int, SecretFlow]],
    tainted: dict[str, SecretFlow],
    in_call: bool = False,
) -> SecretFlow | None:
    """The strongest secret ``code[start:end]`` holds: a source written in it, or a name
    tainted earlier."""
    text = code[start:end]
    best: SecretFlow | None = None
    for s_start, s_end, flow in sources:
        if start <= s_start and s_end <= end and (best is None or flow.weight > best.weight):
            if in_call and flow.label == "secret variable" and _auth_only(text, flow.what):
                continue
            best = flow
    for name, flow in tainted.items():
        if best is not None and flow.weight <= best.weight:
            continue
        uses = [m.start() for m in re.finditer(rf"(?<![\w.$])\$?{re.escape(name)}(?![\w$])", text)]
        if uses and not (in_call and flow.label == "secret variable" and _auth_at(text, uses)):
            best = flow
    return best


def _auth_only(text: str, name: str) -> bool:
    """Whether every use of a secret variable in a call is in a login position."""
    return _auth_at(text, [m.start() for m in re.finditer(re.escape(name), text)])


def _auth_at(text: str, uses: list[int]) -> bool:
    """Whether every one of these positions of a call is where it carries its own login
    (an ``Authorization`` header, ``auth=``): a key sent that way logs in, it is not data."""
    return bool(uses) and all(_AUTH_USE.search(text[max(0, i - 80) : i]) for i in uses)
