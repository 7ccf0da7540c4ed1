"""What the rows a SQL query selects are about: columns that describe people.

Shared by readers of SQL wherever it is written: statements a database tool runs
(`guardrail.sql_sinks`) and queries embedded in code an agent writes
(`guardrail.code_secrets`).
"""

from __future__ import annotations

import re

from guardrail.sensitive import Kind, classify_path

__all__ = ["people_rows"]

_SELECT = re.compile(r"(?is)\bselect\s+(.{1,400}?)\s+from\s+([\w.\"`\[\]]+)")
_PEOPLE_COLUMN = re.compile(
    r"(?i)^(?:(?:full_?|first_?|last_?|sur)?name|e-?mail\w*|phone\w*|mobile|ssn|sin|nin|dob|"
    r"birth\w*|date_of_birth|\w*address\w*|mrn|salary|iban|passport\w*|diagnos\w*|dx|"
    r"card_?(?:number|no)|national_id|tax_id)$"
)


def people_rows(query: str) -> tuple[Kind, str, float, str] | None:
    """``(kind, label, weight, what)`` of the rows a query selects: people's details when
    two or more columns are about people, or all columns of a table named for people;
    other rows are bulk data. None when the text selects nothing."""
    m = _SELECT.search(query)
    if m is None:
        return None
    columns = [c.strip().strip('"`[]').split(".")[-1].split()[-1] for c in m.group(1).split(",")]
    people = [c for c in columns if _PEOPLE_COLUMN.match(c)]
    if len(people) >= 2:
        return Kind.PERSONAL, "rows of personal columns", 0.85, ", ".join(people[:4])
    if columns == ["*"]:
        return table_rows(m.group(2).strip('"`[]'))
    return Kind.BULK, "database rows", 0.6, m.group(2)


def table_rows(name: str) -> tuple[Kind, str, float, str]:
    """A whole table: personal when its name says whom it lists."""
    hit = classify_path("/" + name.split(".")[-1].lower())
    if hit is not None and hit[0] is Kind.PERSONAL:
        return Kind.PERSONAL, "a table of people", 0.8, name
    return Kind.BULK, "database rows", 0.6, name
