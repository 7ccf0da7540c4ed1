"""The audit trail: append-only, hash-chained, written off the event loop, tamper-evident."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from guardrail.audit import (
    AuditRecord,
    MemoryAuditStore,
    SQLiteAuditStore,
    chain_hash,
    parse_since,
)
from guardrail.errors import AuditError


def record(i: int, *, policy: str = "blackmail-coercion", category: str = "blackmail",
           ts: float = 1_700_000_000.0) -> AuditRecord:
    return AuditRecord(
        ts=ts + i,
        request_id=f"req-{i}",
        model="agent-model",
        source="proxy",
        policy=policy,
        category=category,
        action="block",
        mode="enforce",
        rule="conditional_threat",
        tool="send_email" if i % 2 else None,
        location=f"output.tool_calls.0.arguments.body:{i}-{i + 10}",
        excerpt=f"unless you comply ({i})",
        fingerprints=(f"fp:{i:016x}",),
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "audit.db"


@pytest.fixture
def store(db: Path) -> Iterator[SQLiteAuditStore]:
    s = SQLiteAuditStore(db)
    yield s
    s.close()


def fill(store: SQLiteAuditStore, n: int) -> None:
    for i in range(1, n + 1):
        store.append(record(i))
    assert store.flush(timeout=10)


def tamper(db: Path, *statements: str) -> None:
    """What an attacker with file access does: drop the append-only triggers, then edit."""
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_records_no_update")
    conn.execute("DROP TRIGGER audit_records_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_records_round_trip_in_order_and_verify(store: SQLiteAuditStore) -> None:
    """What goes in comes back unchanged, ids from 1, and the untouched chain verifies."""
    fill(store, 25)
    page = store.query(limit=100)
    assert [r.id for r in page.records] == list(range(1, 26))
    assert [r.record for r in page.records] == [record(i) for i in range(1, 26)]
    assert page.next_cursor is None
    report = store.verify()
    assert report.ok and report.checked == 25
    assert report.head == page.records[-1].hash


def test_chain_continues_across_reopen(db: Path) -> None:
    """A restarted proxy links its first record to the last one already on disk."""
    first = SQLiteAuditStore(db)
    fill(first, 3)
    first.close()
    second = SQLiteAuditStore(db)
    for i in range(4, 7):
        second.append(record(i))
    second.close()
    rows = second.query().records
    assert [r.id for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[3].prev_hash == rows[2].hash
    assert second.verify().ok


def test_two_writers_on_one_file_form_one_chain(db: Path) -> None:
    """Worker processes sharing a file each append in a transaction, so the chain never forks."""
    a, b = SQLiteAuditStore(db, batch_size=7), SQLiteAuditStore(db, batch_size=5)

    def push(s: SQLiteAuditStore, start: int) -> None:
        for i in range(start, start + 200):
            s.append(record(i))

    threads = [threading.Thread(target=push, args=(a, 0)),
               threading.Thread(target=push, args=(b, 1000))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.close()
    b.close()
    report = a.verify()
    assert report.ok, str(report)
    assert report.checked == 400


def test_append_does_not_wait_for_the_disk(db: Path) -> None:
    """While another connection holds the write lock, append still returns at once."""
    s = SQLiteAuditStore(db)
    fill(s, 1)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        for i in range(2, 202):
            s.append(record(i))
        elapsed = time.perf_counter() - started
        assert elapsed < 0.5
        assert not s.flush(timeout=0.3)  # the writer is stuck behind the lock
        assert s.pending > 0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert s.flush(timeout=10)
    s.close()
    assert s.verify().checked == 201


def test_unwritable_store_reports_every_lost_record(tmp_path: Path) -> None:
    """A store that cannot be written calls on_failure with each record; append never raises."""
    lost: list[AuditRecord] = []
    errors: list[Exception] = []

    def on_failure(records: Sequence[AuditRecord], err: Exception) -> None:
        lost.extend(records)
        errors.append(err)

    s = SQLiteAuditStore(tmp_path / "missing-dir" / "audit.db", on_failure=on_failure)
    for i in range(1, 11):
        s.append(record(i))
    assert s.flush(timeout=10)
    s.close()
    assert [r.request_id for r in lost] == [f"req-{i}" for i in range(1, 11)]
    assert all(isinstance(e, sqlite3.Error) for e in errors)


def test_backlog_limit_raises_audit_error(db: Path) -> None:
    """A full queue refuses with AuditError instead of growing without bound."""
    s = SQLiteAuditStore(db, max_pending=5)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("PRAGMA journal_mode = WAL")
    blocker.execute("CREATE TABLE IF NOT EXISTS t (x)")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(AuditError, match="pending"):
            for i in range(1, 50):
                s.append(record(i))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    s.close()


def test_closed_store_refuses_appends(store: SQLiteAuditStore) -> None:
    store.close()
    with pytest.raises(AuditError, match="closed"):
        store.append(record(1))


def test_plain_update_and_delete_are_refused(store: SQLiteAuditStore, db: Path) -> None:
    """The table is append-only: an UPDATE or DELETE without dropping the triggers fails."""
    fill(store, 2)
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_records SET excerpt = 'nothing' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_records WHERE id = 2")
    conn.close()


def test_verify_names_an_edited_record(store: SQLiteAuditStore, db: Path) -> None:
    fill(store, 10)
    tamper(db, "UPDATE audit_records SET policy = 'none' WHERE id = 4")
    report = store.verify()
    assert not report.ok
    assert (report.bad_id, report.problem) == (4, "edited")
    assert report.checked == 3


def test_verify_names_a_record_edited_with_its_hash_recomputed(
    store: SQLiteAuditStore, db: Path
) -> None:
    """Rewriting the hash too moves the break to the next link, which still names record 4."""
    fill(store, 10)
    row = next(r for r in store.query().records if r.id == 4)
    forged = replace(row.record, excerpt="harmless")
    new_hash = chain_hash(forged, 4, row.prev_hash, None)
    tamper(db, f"UPDATE audit_records SET excerpt = 'harmless', hash = '{new_hash}' WHERE id = 4")
    report = store.verify()
    assert (report.ok, report.bad_id, report.problem) == (False, 4, "edited")


def test_keyed_chain_cannot_be_rewritten_without_the_key(db: Path) -> None:
    """With an HMAC key, a hash recomputed without it fails the content check itself."""
    s = SQLiteAuditStore(db, key=b"operator-secret")
    fill(s, 5)
    s.close()
    row = s.query().records[2]
    forged = replace(row.record, excerpt="harmless")
    tamper(db, "UPDATE audit_records SET excerpt = 'harmless', "
               f"hash = '{chain_hash(forged, 3, row.prev_hash, None)}' WHERE id = 3")
    report = s.verify()
    assert (report.bad_id, report.problem) == (3, "edited")
    assert not SQLiteAuditStore(db).verify().ok  # the wrong key never verifies


def test_verify_names_a_deleted_record(store: SQLiteAuditStore, db: Path) -> None:
    fill(store, 10)
    tamper(db, "DELETE FROM audit_records WHERE id = 6")
    report = store.verify()
    assert (report.ok, report.bad_id, report.problem) == (False, 6, "deleted")


def test_verify_notices_records_cut_off_the_end(store: SQLiteAuditStore, db: Path) -> None:
    fill(store, 10)
    tamper(db, "DELETE FROM audit_records WHERE id >= 9")
    report = store.verify()
    assert (report.ok, report.bad_id, report.problem) == (False, 9, "deleted")


def test_appending_after_a_deletion_keeps_it_visible(db: Path) -> None:
    """New records chain on the head, so a deleted tail stays a gap rather than vanishing."""
    s = SQLiteAuditStore(db)
    fill(s, 5)
    tamper(db, "DELETE FROM audit_records WHERE id = 5")
    s.append(record(6))
    s.close()
    report = s.verify()
    assert (report.bad_id, report.problem) == (5, "deleted")


def test_verify_names_swapped_records_as_reordered(store: SQLiteAuditStore, db: Path) -> None:
    fill(store, 10)
    tamper(
        db,
        "UPDATE audit_records SET id = -3 WHERE id = 3",
        "UPDATE audit_records SET id = 3 WHERE id = 7",
        "UPDATE audit_records SET id = 7 WHERE id = -3",
    )
    report = store.verify()
    assert (report.ok, report.bad_id, report.problem) == (False, 3, "reordered")


def test_query_filters_and_pages_without_gaps_or_repeats(store: SQLiteAuditStore) -> None:
    for i in range(1, 31):
        pol, cat = (("exfil", "exfiltration") if i % 3 == 0 else ("blackmail-coercion", "blackmail"))
        store.append(record(i, policy=pol, category=cat))
    assert store.flush(timeout=10)
    seen: list[int] = []
    cursor = None
    while True:
        page = store.query(category="blackmail", limit=7, cursor=cursor)
        seen.extend(r.id for r in page.records)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [i for i in range(1, 31) if i % 3]
    newest = store.query(policy="exfil", limit=3, newest_first=True)
    assert [r.id for r in newest.records] == [30, 27, 24]
    after = store.query(policy="exfil", limit=3, newest_first=True, cursor=newest.next_cursor)
    assert [r.id for r in after.records] == [21, 18, 15]
    recent = store.query(since=1_700_000_000.0 + 28)
    assert [r.id for r in recent.records] == [28, 29, 30]


def test_reading_a_missing_store_is_an_audit_error(tmp_path: Path) -> None:
    with pytest.raises(AuditError, match="no audit store"):
        SQLiteAuditStore(tmp_path / "nope.db").verify()


def test_memory_store_keeps_the_same_chain_as_sqlite(store: SQLiteAuditStore) -> None:
    """Both implementations hash the same records to the same chain."""
    mem = MemoryAuditStore()
    for i in range(1, 8):
        mem.append(record(i))
        store.append(record(i))
    assert store.flush(timeout=10)
    assert mem.verify().ok
    assert mem.verify().head == store.verify().head
    assert [r.id for r in mem.query(limit=3, cursor=3).records] == [4, 5, 6]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15m", 10_000 - 900),
        ("2h", 10_000 - 7200),
        ("1d", 10_000 - 86400),
        ("1700000000", 1_700_000_000),
        ("2023-11-14T22:13:20Z", 1_700_000_000),
        ("2023-11-14T22:13:20", 1_700_000_000),
        ("2023-11-14T23:13:20+01:00", 1_700_000_000),
    ],
)
def test_parse_since(text: str, expected: float) -> None:
    assert parse_since(text, now=10_000) == expected


def test_parse_since_names_what_it_expected() -> None:
    with pytest.raises(ValueError, match="expected a duration like 15m"):
        parse_since("yesterday", now=0)
