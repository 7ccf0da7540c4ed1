"""``guardrail audit list`` and ``guardrail audit verify`` as an operator runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from guardrail.audit import AuditRecord, SQLiteAuditStore
from guardrail.cli import main


def record(i: int, *, policy: str, category: str, ts: float) -> AuditRecord:
    return AuditRecord(
        ts=ts, request_id=f"req-{i}", model="agent-model", source="proxy", policy=policy,
        category=category, action="block", mode="enforce", rule="rule", tool=None,
        location="output.content:0-10", excerpt=f"excerpt {i}", fingerprints=(),
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store of 12 records: every third one an exfiltration, the rest blackmail, 1 min apart."""
    path = tmp_path / "audit.db"
    store = SQLiteAuditStore(path)
    for i in range(1, 13):
        pol, cat = ("exfil", "exfiltration") if i % 3 == 0 else ("coerce", "blackmail")
        store.append(record(i, policy=pol, category=cat, ts=1_700_000_000 + 60 * i))
    store.close()
    return path


def tamper(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_records_no_update")
    conn.execute("DROP TRIGGER audit_records_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_list_jsonl_filters_by_category(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "list", "--db", str(db), "--category", "exfiltration",
                 "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == [3, 6, 9, 12]
    assert {r["policy"] for r in rows} == {"exfil"}
    assert rows[0]["time"].startswith("2023-11-14T22:16:20")
    assert rows[1]["prev_hash"] != rows[0]["hash"]  # 4 and 5 sit between them


def test_list_since_and_policy(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "list", "--db", str(db), "--since", "2023-11-14T22:20:00Z",
                 "--policy", "coerce", "--format", "jsonl"]) == 0
    ids = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert ids == [7, 8, 10, 11]


def test_list_table_has_a_header_and_one_line_per_record(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "list", "--db", str(db), "--limit", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["id", "time", "(UTC)"]
    assert len(lines) == 6
    assert "coerce" in lines[1] and "'excerpt 1'" in lines[1]


def test_list_rejects_a_bad_since(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "list", "--db", str(db), "--since", "last tuesday"]) == 2
    assert "expected a duration" in capsys.readouterr().err


def test_verify_passes_on_an_untouched_store(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--db", str(db)]) == 0
    assert "ok: 12 records" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        (["UPDATE audit_records SET excerpt = 'nothing to see' WHERE id = 5"],
         "record 5 edited"),
        (["DELETE FROM audit_records WHERE id = 8"], "record 8 deleted"),
        (["UPDATE audit_records SET id = -1 WHERE id = 4",
          "UPDATE audit_records SET id = 4 WHERE id = 9",
          "UPDATE audit_records SET id = 9 WHERE id = -1"], "record 4 reordered"),
    ],
    ids=["edit", "delete", "reorder"],
)
def test_verify_names_the_first_tampered_record(
    db: Path, capsys: pytest.CaptureFixture[str], statements: list[str], named: str
) -> None:
    tamper(db, *statements)
    assert main(["audit", "verify", "--db", str(db)]) == 1
    assert f"TAMPERED: {named}" in capsys.readouterr().err


def test_verify_without_a_store_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--db", str(tmp_path / "none.db")]) == 2
    assert "no audit store" in capsys.readouterr().err
