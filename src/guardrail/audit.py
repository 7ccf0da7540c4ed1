"""The audit trail: append-only, hash-chained intervention records in SQLite (WAL).

Deleting or editing logs is one of the behaviours guardrail blocks, so its own record
must show tampering. Each record's hash covers its sequence number, its content and
the previous record's hash; `verify` walks the chain and names the first record that
was edited, deleted or moved. With a ``key`` the hashes are HMACs, so rewriting the
chain consistently needs the key too. A head row, updated in the same transaction as
every append, reveals records cut off the end.

Writes never block the event loop: `SQLiteAuditStore.append` puts the record on a
queue and a background thread writes batches, each in one transaction (so several
worker processes sharing one file still form one chain). A write that fails is
reported through ``on_failure``; the record is lost, never silently.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import json
import queue
import re
import sqlite3
import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from guardrail.decision import Violation
from guardrail.errors import AuditError

__all__ = [
    "GENESIS",
    "AuditPage",
    "AuditRecord",
    "AuditStore",
    "MemoryAuditStore",
    "SQLiteAuditStore",
    "StoredRecord",
    "VerifyReport",
    "parse_since",
    "verify_chain",
]

GENESIS = "0" * 64
Problem = Literal["edited", "deleted", "reordered"]
FailureHook = Callable[[Sequence["AuditRecord"], Exception], None]
WrittenHook = Callable[[int], None]

_FIELDS = (
    "ts", "request_id", "model", "source", "policy", "category", "action", "mode", "rule",
    "tool", "location", "excerpt", "fingerprints",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One intervention as the audit trail keeps it: a redacted excerpt and keyed
    fingerprints of caught values, never the values themselves."""

    ts: float
    request_id: str
    model: str
    source: str
    policy: str
    category: str
    action: str
    mode: str
    rule: str
    tool: str | None
    location: str
    excerpt: str
    fingerprints: tuple[str, ...]

    @classmethod
    def from_violation(
        cls, v: Violation, *, ts: float, request_id: str, model: str, source: str
    ) -> AuditRecord:
        return cls(
            ts=ts,
            request_id=request_id,
            model=model,
            source=source,
            policy=v.policy,
            category=v.category,
            action=intervention_action(v),
            mode=v.mode.value,
            rule=v.rule,
            tool=v.tool,
            location=str(v.location),
            excerpt=v.excerpt,
            fingerprints=v.fingerprints,
        )


def intervention_action(v: Violation) -> str:
    """The action an intervention is filed under: ``fail_closed`` when the guard broke."""
    return "fail_closed" if v.rule == "guard_fault" else v.action.value


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """An `AuditRecord` as kept: with its sequence number and chain hashes."""

    id: int
    record: AuditRecord
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        return {
            "id": self.id,
            "time": datetime.fromtimestamp(r.ts, UTC).isoformat(timespec="milliseconds"),
            **{name: getattr(r, name) for name in _FIELDS},
            "fingerprints": list(r.fingerprints),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of a query; pass ``next_cursor`` back to get the next one."""

    records: tuple[StoredRecord, ...]
    next_cursor: int | None


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The outcome of walking the chain. ``bad_id`` is the first record that fails."""

    ok: bool
    checked: int
    head: str
    bad_id: int | None = None
    problem: Problem | None = None
    detail: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"ok: {self.checked} records, chain head {self.head}"
        where = f"record {self.bad_id}" if self.bad_id is not None else "audit store"
        return f"TAMPERED: {where} {self.problem}: {self.detail}"


class AuditStore(Protocol):
    """What the proxy, the CLI and the interventions endpoint need from a store."""

    def append(self, record: AuditRecord) -> None: ...
    def flush(self, timeout: float | None = None) -> bool: ...
    def close(self) -> None: ...
    def query(
        self,
        *,
        since: float | None = None,
        policy: str | None = None,
        category: str | None = None,
        limit: int = 100,
        cursor: int | None = None,
        newest_first: bool = False,
    ) -> AuditPage: ...
    def verify(self) -> VerifyReport: ...


def chain_hash(record: AuditRecord, record_id: int, prev_hash: str, key: bytes | None) -> str:
    """The hash of one link: sequence number, content and the previous hash."""
    body = {name: getattr(record, name) for name in _FIELDS}
    body["ts"] = float(record.ts)  # SQLite gives back a REAL: hash what it will return
    body["fingerprints"] = list(record.fingerprints)
    body["id"] = record_id
    body["prev"] = prev_hash
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    if key:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def verify_chain(
    rows: Iterable[StoredRecord],
    head: tuple[int, str] | None,
    *,
    key: bytes | None = None,
    find_hash: Callable[[str], int | None] = lambda _h: None,
) -> VerifyReport:
    """Walk ``rows`` in id order and report the first broken link.

    Links are checked before content, so a moved record reads as reordered rather than
    edited. ``find_hash`` looks a hash up among all records (only used on a break).
    """
    expected_id, prev, checked = 1, GENESIS, 0

    def bad(rid: int | None, problem: Problem, detail: str) -> VerifyReport:
        return VerifyReport(False, checked, prev, rid, problem, detail)

    for row in rows:
        if row.id != expected_id:
            if row.id < expected_id:
                return bad(row.id, "reordered", f"id {row.id} appears after {expected_id - 1}")
            gap = f"{expected_id}" if row.id == expected_id + 1 else f"{expected_id}..{row.id - 1}"
            return bad(expected_id, "deleted", f"record(s) {gap} missing before record {row.id}")
        if row.prev_hash != prev:
            linked = find_hash(row.prev_hash)
            if linked is not None and linked != row.id - 1:
                return bad(
                    row.id, "reordered", f"it links to record {linked} but follows {row.id - 1}"
                )
            if row.id > 1:
                return bad(
                    row.id - 1,
                    "edited",
                    f"record {row.id} no longer links to it (content and hash rewritten)",
                )
            return bad(row.id, "edited", "the first record does not start the chain")
        if chain_hash(row.record, row.id, row.prev_hash, key) != row.hash:
            return bad(row.id, "edited", "its content no longer matches its hash")
        prev, expected_id, checked = row.hash, row.id + 1, checked + 1
    last_id = expected_id - 1
    if head is None:
        if last_id > 0:
            return bad(None, "edited", "the chain head row is missing")
    elif head[0] > last_id:
        return bad(last_id + 1, "deleted", f"records after {last_id} missing (head is {head[0]})")
    elif head != (last_id, prev):
        return bad(last_id or None, "edited", "the chain head does not match the last record")
    return VerifyReport(True, checked, prev)


_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(value: str, now: float) -> float:
    """``15m``/``2h``/``7d`` ago, an ISO 8601 time (UTC unless zoned) or epoch seconds."""
    m = _RELATIVE.match(value)
    if m:
        return now - float(m.group(1)) * _UNIT_S[m.group(2)]
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"since={value!r}: expected a duration like 15m, 2h, 7d, an ISO 8601 time "
            "or epoch seconds"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


# --------------------------------------------------------------------------- querying


@dataclass(frozen=True)
class _Filter:
    """One query's filters, so the list and the SQLite store select by the same rules."""

    since: float | None
    policy: str | None
    category: str | None
    cursor: int | None
    newest_first: bool

    def matches(self, r: StoredRecord) -> bool:
        """Whether ``r`` passes every given filter (the cursor counts in reading order)."""
        return (
            (self.since is None or r.record.ts >= self.since)
            and (self.policy is None or r.record.policy == self.policy)
            and (self.category is None or r.record.category == self.category)
            and (self.cursor is None
                 or (r.id < self.cursor if self.newest_first else r.id > self.cursor))
        )

    def sql(self) -> tuple[str, list[Any]]:
        """The same filters as a WHERE clause ("" for none) and its parameters."""
        where: list[str] = []
        params: list[Any] = []
        for clause, value in (
            ("ts >= ?", self.since),
            ("policy = ?", self.policy),
            ("category = ?", self.category),
            ("id < ?" if self.newest_first else "id > ?", self.cursor),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        return " AND ".join(where), params


class _PagedQuery(ABC):
    """`AuditStore.query` written once; each store only selects the matching rows."""

    def query(
        self,
        *,
        since: float | None = None,
        policy: str | None = None,
        category: str | None = None,
        limit: int = 100,
        cursor: int | None = None,
        newest_first: bool = False,
    ) -> AuditPage:
        """Records matching every given filter, oldest first unless ``newest_first``."""
        limit = max(0, limit)
        wanted = _Filter(since, policy, category, cursor, newest_first)
        rows = self._select(wanted, limit + 1)
        kept = tuple(rows[:limit])
        return AuditPage(kept, kept[-1].id if len(rows) > limit and kept else None)

    @abstractmethod
    def _select(self, wanted: _Filter, n: int) -> list[StoredRecord]:
        """At most ``n`` records passing ``wanted``, in its reading order."""


# --------------------------------------------------------------------------- in memory


class MemoryAuditStore(_PagedQuery):
    """The same chain in a list: for tests and library users who keep nothing on disk."""

    def __init__(self, *, key: bytes | None = None) -> None:
        self.key = key
        self.rows: list[StoredRecord] = []
        self._lock = threading.Lock()

    def append(self, record: AuditRecord) -> None:
        with self._lock:
            prev = self.rows[-1].hash if self.rows else GENESIS
            rid = len(self.rows) + 1
            self.rows.append(StoredRecord(rid, record, prev, chain_hash(record, rid, prev, self.key)))

    def flush(self, timeout: float | None = None) -> bool:
        return True

    def close(self) -> None:
        pass

    def _select(self, wanted: _Filter, n: int) -> list[StoredRecord]:
        with self._lock:
            rows = list(reversed(self.rows)) if wanted.newest_first else list(self.rows)
        return [r for r in rows if wanted.matches(r)][:n]

    def verify(self) -> VerifyReport:
        with self._lock:
            rows = list(self.rows)
        head = (rows[-1].id, rows[-1].hash) if rows else None
        by_hash = {r.hash: r.id for r in rows}
        return verify_chain(rows, head, key=self.key, find_hash=by_hash.get)




# --------------------------------------------------------------------------- SQLite

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_records (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    request_id TEXT NOT NULL,
    model TEXT NOT NULL,
    source TEXT NOT NULL,
    policy TEXT NOT NULL,
    category TEXT NOT NULL,
    action TEXT NOT NULL,
    mode TEXT NOT NULL,
    rule TEXT NOT NULL,
    tool TEXT,
    location TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    fingerprints TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_records_ts ON audit_records (ts);
CREATE INDEX IF NOT EXISTS audit_records_policy ON audit_records (policy, id);
CREATE INDEX IF NOT EXISTS audit_records_category ON audit_records (category, id);
CREATE TABLE IF NOT EXISTS audit_head (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    last_id INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
"""

_COLUMNS = "id, " + ", ".join(_FIELDS) + ", prev_hash, hash"
_INSERT = (
    f"INSERT INTO audit_records ({_COLUMNS}) VALUES ({', '.join('?' * (len(_FIELDS) + 3))})"
)
_STOP = object()


class SQLiteAuditStore(_PagedQuery):
    """Hash-chained records in one SQLite file (WAL), written by a background thread.

    ``on_failure(records, error)`` hears about every record that could not be written
    (the queue was full, the disk refused...); ``on_written(n)`` about every batch kept.
    Both run on the writer thread.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        key: bytes | None = None,
        on_failure: FailureHook | None = None,
        on_written: WrittenHook | None = None,
        max_pending: int = 100_000,
        batch_size: int = 500,
    ) -> None:
        self.path = Path(path)
        self.key = key
        self.on_failure = on_failure
        self.on_written = on_written
        self.max_pending = max_pending
        self.batch_size = batch_size
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._cond = threading.Condition()
        self._submitted = 0
        self._finished = 0
        self._closed = False
        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None  # started by the first append
        # the writer is a daemon thread: write what is queued before the interpreter exits
        atexit.register(_close_at_exit, weakref.ref(self))

    # ---- writing

    def append(self, record: AuditRecord) -> None:
        """Queue ``record`` for writing; raises `AuditError` if closed or backed up."""
        with self._cond:
            if self._closed:
                raise AuditError(f"audit store {self.path} is closed")
            if self._submitted - self._finished >= self.max_pending:
                raise AuditError(f"audit store {self.path}: {self.max_pending} records pending")
            self._submitted += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="guardrail-audit", daemon=True
                )
                self._thread.start()
        self._queue.put(record)

    @property
    def pending(self) -> int:
        with self._cond:
            return self._submitted - self._finished

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every record appended so far is written (or failed); False on timeout."""
        with self._cond:
            target = self._submitted
            return self._cond.wait_for(lambda: self._finished >= target, timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        """Write what is queued, stop the writer and close the file."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout)

    def _run(self) -> None:
        stop = False
        while not stop:
            batch: list[AuditRecord] = []
            item = self._queue.get()
            while True:
                if item is _STOP:
                    stop = True
                    break
                batch.append(item)
                if len(batch) >= self.batch_size:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._write_batch(batch)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _write_batch(self, batch: list[AuditRecord]) -> None:
        try:
            self._write(batch)
        except Exception as err:  # reported, never raised: the writer must keep going
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if self.on_failure is not None:
                self.on_failure(batch, err)
        else:
            if self.on_written is not None:
                self.on_written(len(batch))
        finally:
            with self._cond:
                self._finished += len(batch)
                self._cond.notify_all()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA busy_timeout = 10000")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.executescript(_SCHEMA)
            except Exception:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _write(self, batch: list[AuditRecord]) -> None:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            last_id, prev = _chain_tail(conn)
            rows = []
            for record in batch:
                last_id += 1
                digest = chain_hash(record, last_id, prev, self.key)
                rows.append((last_id, *_values(record), prev, digest))
                prev = digest
            conn.executemany(_INSERT, rows)
            conn.execute(
                "INSERT INTO audit_head (one, last_id, hash) VALUES (1, ?, ?) "
                "ON CONFLICT (one) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash",
                (last_id, prev),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # ---- reading (any thread; a fresh connection per call)

    def _reader(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise AuditError(f"no audit store at {self.path}")
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("SELECT 1 FROM audit_records LIMIT 1")
        except sqlite3.Error as err:
            raise AuditError(f"cannot read audit store {self.path}: {err}") from err
        return conn

    def _select(self, wanted: _Filter, n: int) -> list[StoredRecord]:
        where, params = wanted.sql()
        sql = f"SELECT {_COLUMNS} FROM audit_records"
        if where:
            sql += " WHERE " + where
        sql += f" ORDER BY id {'DESC' if wanted.newest_first else 'ASC'} LIMIT ?"
        with closing(self._reader()) as conn:
            return [_stored(row) for row in conn.execute(sql, [*params, n])]

    def verify(self) -> VerifyReport:
        """Walk the whole chain; see `verify_chain`."""
        with closing(self._reader()) as conn:
            head_row = conn.execute("SELECT last_id, hash FROM audit_head").fetchone()
            head = (int(head_row[0]), str(head_row[1])) if head_row else None

            def find_hash(digest: str) -> int | None:
                found = conn.execute(
                    "SELECT id FROM audit_records WHERE hash = ? LIMIT 1", (digest,)
                ).fetchone()
                return int(found[0]) if found else None

            rows = (
                _stored(row)
                for row in conn.execute(f"SELECT {_COLUMNS} FROM audit_records ORDER BY id")
            )
            return verify_chain(rows, head, key=self.key, find_hash=find_hash)


def _close_at_exit(ref: weakref.ref[SQLiteAuditStore]) -> None:
    store = ref()
    if store is not None:
        store.close(timeout=10.0)


def _chain_tail(conn: sqlite3.Connection) -> tuple[int, str]:
    """Where the next record links: the head row, else the last record, else genesis."""
    row = conn.execute("SELECT last_id, hash FROM audit_head").fetchone()
    if row is None:
        row = conn.execute("SELECT id, hash FROM audit_records ORDER BY id DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def _values(r: AuditRecord) -> tuple[Any, ...]:
    return (
        r.ts, r.request_id, r.model, r.source, r.policy, r.category, r.action, r.mode, r.rule,
        r.tool, r.location, r.excerpt, json.dumps(list(r.fingerprints)),
    )  # fmt: skip


def _stored(row: Sequence[Any]) -> StoredRecord:
    rid, ts, request_id, model, source, policy, category, action, mode, rule = row[:10]
    tool, location, excerpt, fingerprints, prev_hash, digest = row[10:]
    record = AuditRecord(
        ts=float(ts),
        request_id=str(request_id),
        model=str(model),
        source=str(source),
        policy=str(policy),
        category=str(category),
        action=str(action),
        mode=str(mode),
        rule=str(rule),
        tool=None if tool is None else str(tool),
        location=str(location),
        excerpt=str(excerpt),
        fingerprints=tuple(_fingerprints(fingerprints)),
    )
    return StoredRecord(int(rid), record, str(prev_hash), str(digest))


def _fingerprints(raw: Any) -> Iterator[str]:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        yield str(raw)  # edited into something else: keep it so the hash check fails
        return
    if isinstance(value, list):
        yield from (str(v) for v in value)
    else:
        yield str(value)
