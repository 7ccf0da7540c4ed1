"""SQL that sends rows out of the database: statements that run a shell or write to a URL.

A database tool is no terminal, yet several dialects hand a query's rows to the network:
PostgreSQL ``COPY (SELECT ...) TO PROGRAM 'curl ...'`` pipes them into a shell command,
SQL Server ``xp_cmdshell`` and MySQL ``sys_exec`` run one, Redshift ``UNLOAD``, Snowflake
``COPY INTO 's3://...'``, BigQuery ``EXPORT DATA OPTIONS (uri=...)``, ClickHouse
``INSERT INTO FUNCTION url(...)`` and RDS ``aws_s3.query_export_to_s3`` write them to a
bucket or URL, and ``sp_send_dbmail @recipients=..., @query=...`` mails them. Each becomes
a `Transfer` whose data is the rows the statement selects (``SELECT ssn, email FROM
members`` is personal data), and whose destinations are the shell command's or the URI's.
"""

from __future__ import annotations

import re

from guardrail._scan import fold_ascii_case
from guardrail.destinations import Destination, extract
from guardrail.shell import parse_script
from guardrail.sql_rows import people_rows, table_rows
from guardrail.transfers import Source, Transfer, TransferState, transfers

__all__ = ["sql_transfers"]

# Every statement below holds one of these words; text without them costs one search.
_GATE = re.compile(
    r"(?i)\bprogram\b|xp_cmdshell|\bsys_(?:exec|eval)\b|\bunload\b|\bcopy\s+into\b|"
    r"\bexport\s+data\b|\binto\s+function\b|query_export_to_s3|sp_send_dbmail|utl_(?:http|smtp)"
)
#: a word every `_GATE` match holds (as lower-case ASCII in `fold_ascii_case`'s view)
_GATE_WORDS = ("program", "xp_cmdshell", "sys_", "unload", "copy", "export", "function",
               "sp_send_dbmail", "utl_")  # fmt: skip
_QUOTED = r"'((?:[^']|'')*)'"
# Statements that run a shell command: (pattern, whether the rows reach its stdin).
_SHELLS: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(rf"(?is)\bcopy\b(.{{0,2000}}?)\bto\s+program\s+{_QUOTED}"), True),
    (re.compile(rf"(?is)\bcopy\b(.{{0,2000}}?)\bfrom\s+program\s+{_QUOTED}"), False),
    (re.compile(rf"(?is)()\bxp_cmdshell\b\s*\(?\s*N?{_QUOTED}"), False),
    (re.compile(rf"(?is)()\bsys_(?:exec|eval)\s*\(\s*{_QUOTED}"), False),
)
# Statements that write a query's rows to a bucket, a URL or a mailbox.
_EXPORTS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?is)\bunload\s*\(\s*{_QUOTED}\s*\)\s*to\s+'([^']+)'"),
    re.compile(r"(?is)\bcopy\s+into\s+'([^']+)'\s+from\s+(\(.{0,2000}?\)|\S+)"),
    re.compile(r"(?is)\bexport\s+data\s+options\s*\((.{0,600}?)\)\s*as\s+(select\b.{0,2000})"),
    re.compile(
        r"(?is)\binsert\s+into\s+function\s+(?:url|s3|azureBlobStorage|gcs)\s*\((.{0,600}?)\)\s*(select\b.{0,2000})"
    ),
    re.compile(rf"(?is)\bquery_export_to_s3\s*\(\s*{_QUOTED}(.{{0,600}}?)\)"),
    re.compile(r"(?is)\bsp_send_dbmail\b(.{0,2000})"),
    re.compile(rf"(?is)\butl_(?:http\.request|smtp\.\w+)\s*\(\s*{_QUOTED}(.{{0,600}})"),
)
_PLACES = frozenset({"bucket", "host", "ip", "email"})


def sql_transfers(text: str, state: TransferState) -> list[Transfer]:
    """Every send a SQL statement in ``text`` makes, with the rows it carries."""
    # every argument of every call comes here; a word test is 20x cheaper than the gate
    low = fold_ascii_case(text)
    if not any(w in low for w in _GATE_WORDS) or not _GATE.search(text):
        return []
    found: list[Transfer] = []
    for pattern, piped in _SHELLS:
        for m in pattern.finditer(text):
            command = m.group(2).replace("''", "'")
            rows = _rows(m.group(1)) if piped else None
            stdin = (rows,) if rows is not None else ()
            for t in transfers(parse_script(command), state, stdin=stdin):
                found.append(
                    Transfer(
                        f"sql {t.program}",
                        t.destinations,
                        t.sources,
                        text,
                        t.uploads_file,
                        t.public,
                        t.addressed,
                    )
                )
    for pattern in _EXPORTS:
        for m in pattern.finditer(text):
            body = m.group(0)
            dests = _destinations(body)
            rows = _rows(body)
            if dests and rows is not None:
                found.append(Transfer("sql export", dests, (rows,), text, uploads_file=True))
    return found


def _destinations(statement: str) -> tuple[Destination, ...]:
    """The places a statement's string literals name (a URI, a mailbox); a bare bucket name
    handed to ``create_s3_uri`` too. Table names are identifiers, not places."""
    out: list[Destination] = []
    for m in re.finditer(_QUOTED, statement):
        literal = m.group(1)
        if "://" in literal or "@" in literal:
            out.extend(d for d in extract(literal) if d.kind in _PLACES)
    s3 = re.search(r"(?i)create_s3_uri\s*\(\s*'([a-z0-9][a-z0-9.-]{2,62})'", statement)
    if s3:
        out.append(Destination("bucket", s3.group(1).lower(), s3.group(1)))
    return tuple(dict.fromkeys(out))


def _rows(query: str) -> Source | None:
    """What the rows a query selects hold (`guardrail.sql_rows`); a bare table name
    (``COPY members TO PROGRAM``) is the whole table."""
    found = people_rows(query)
    if found is None:
        words = query.strip().split("(")[0].split()
        table = re.sub(r"[^\w.]", "", words[0]) if words else ""
        found = table_rows(table) if table else None
    return Source(*found) if found is not None else None
