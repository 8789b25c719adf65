"""The market's storage: SQLite through sqlite-utils. The only module of `market` that speaks SQL.

One database file may be shared by several processes (the simulator, MCP servers): WAL mode, a
busy timeout, foreign keys on. Writes happen inside `transaction()`, which takes the write lock up
front (BEGIN IMMEDIATE), so a simulated step is applied entirely or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils
from pydantic import BaseModel

from market.errors import InvalidInput, NotFound
from market.ids import make_id
from market.store.migrations import migrate
from market.store.domain_queries import DomainQueries
from market.store.governance_queries import GovernanceQueries
from market.store.report_queries import ReportQueries
from market.store.sim_queries import SimQueries

__all__ = ["Store"]

M = TypeVar("M", bound=BaseModel)

# Columns holding JSON, and columns holding SQLite 0/1 booleans, per table.
_JSON = {
    "segments": ("interests",),
    "products": ("attributes", "selling_points_zh", "selling_points_en", "faq", "variants"),
    "campaigns": ("schedule",),
    "overall_plans": ("product_ids", "schedule"),
    "creatives": ("selling_points",),
    "coupons": ("product_ids",),
    "creators": ("audience_mix",),
    "commission_plans": ("creator_ids",),
    "events": ("params",),
    "bidder_steps": ("landscape",),
}
_BOOL = {
    "products": ("return_exception",),
    "campaigns": ("smart_coupon",),
    "overall_plans": ("smart_coupon",),
    "buyers": ("remote",),
    "return_policies": ("no_reason_allowed",),
}


def _encode(table: str, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for col in _JSON.get(table, ()):
        if col in out and not isinstance(out[col], str):
            out[col] = json.dumps(out[col], ensure_ascii=False, sort_keys=True, default=_json_default)
    for col in _BOOL.get(table, ()):
        if col in out:
            out[col] = int(bool(out[col]))
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def _decode(table: str, row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for col in _JSON.get(table, ()):
        if col in out and isinstance(out[col], str):
            out[col] = json.loads(out[col])
    for col in _BOOL.get(table, ()):
        if col in out:
            out[col] = bool(out[col])
    return out


class Store(SimQueries, ReportQueries, DomainQueries, GovernanceQueries):
    """A connection to one market database and every query the market needs."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if self.path != ":memory:":
            self.db.enable_wal()
            conn.execute("PRAGMA synchronous = NORMAL")
        migrate(self.db)
        self._depth = 0

    def close(self) -> None:
        self.conn.close()

    def copy_to(self, path: str | Path) -> None:
        """A consistent copy of the whole database (SQLite's online backup), e.g. for a fork."""
        target = sqlite3.connect(str(path))
        try:
            self.conn.backup(target)
        finally:
            target.close()

    # ---- transactions -------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing block; re-entrant (inner blocks join the outer transaction)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    # ---- generic helpers ----------------------------------------------------------------

    def insert(self, table: str, row: dict[str, Any]) -> None:
        self.insert_many(table, [row])

    def insert_many(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        cols = list(rows[0].keys())
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        encoded = (_encode(table, r) for r in rows)
        self.conn.executemany(sql, [tuple(r[c] for c in cols) for r in encoded])

    def update(self, table: str, key: str, changes: dict[str, Any], *, key_col: str = "id") -> None:
        if not changes:
            return
        enc = _encode(table, changes)
        sets = ", ".join(f"{c} = ?" for c in enc)
        cur = self.conn.execute(f"UPDATE {table} SET {sets} WHERE {key_col} = ?", (*enc.values(), key))
        if cur.rowcount != 1:
            raise NotFound(f"{key} not found in {table}")

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, params)

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = (), *, table: str = "") -> list[dict[str, Any]]:
        return [_decode(table, r) for r in self.conn.execute(sql, params)]

    def one(self, sql: str, params: Sequence[Any] = (), *, table: str = "") -> dict[str, Any] | None:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else _decode(table, row)

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def get(self, table: str, id_: str, model: type[M], *, shop_id: str | None = None) -> M:
        """Load one object as `model`; a shop-scoped lookup hides other shops' ids as not found."""
        if shop_id is None:
            row = self.one(f"SELECT * FROM {table} WHERE id = ?", (id_,), table=table)
        else:
            row = self.one(f"SELECT * FROM {table} WHERE id = ? AND shop_id = ?", (id_, shop_id), table=table)
        if row is None:
            raise NotFound(f"{id_!r} not found", hint=f"list the {table.replace('_', ' ')} to see valid ids")
        return to_model(model, row)

    def list(
        self,
        table: str,
        model: type[M],
        *,
        where: str = "1",
        params: Sequence[Any] = (),
        order: str = "id",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[M]:
        sql = f"SELECT * FROM {table} WHERE {where} ORDER BY {order}"
        args: list[Any] = list(params)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [to_model(model, r) for r in self.rows(sql, args, table=table)]

    # ---- world metadata and ids ----------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM world WHERE key = ?", (key,))
        return default if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO world (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def is_seeded(self) -> bool:
        return self.meta("seed") is not None

    def new_ids(self, prefix: str, count: int = 1) -> list[str]:
        """Reserve `count` fresh ids; call inside a transaction so a rollback returns them."""
        if count < 0:
            raise InvalidInput("count must be >= 0")
        seed = int(self.meta("seed", "0") or 0)
        start = self.scalar("SELECT n FROM id_counters WHERE prefix = ?", (prefix,)) or 0
        self.conn.execute(
            "INSERT INTO id_counters (prefix, n) VALUES (?, ?) ON CONFLICT(prefix) DO UPDATE SET n = excluded.n",
            (prefix, start + count),
        )
        return [make_id(prefix, start + i + 1, seed) for i in range(count)]

    def new_id(self, prefix: str) -> str:
        return self.new_ids(prefix, 1)[0]

    # ---- integrity ------------------------------------------------------------------------

    def digest(self) -> str:
        """A hash of every table's content in a canonical order: equal worlds, equal digests."""
        import hashlib

        h = hashlib.sha256()
        tables = sorted(
            t for t in self.db.table_names() if not t.startswith("sqlite_") and t != "_migrations"
        )
        for table in tables:
            cols = [c.name for c in self.db[table].columns]
            h.update(f"#{table}:{','.join(cols)}\n".encode())
            order = ", ".join(str(i + 1) for i in range(len(cols)))
            for row in self.conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                h.update(repr(tuple(row)).encode())
        return h.hexdigest()

    def check_integrity(self) -> list[str]:
        """SQLite's own checks plus foreign keys; an empty list means healthy."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in self.conn.execute("PRAGMA foreign_key_check")]
        return problems


def to_model(model: type[M], row: dict[str, Any]) -> M:
    """Build `model` from a decoded row, ignoring storage-only columns the model does not declare."""
    fields = model.model_fields
    return model.model_validate({k: v for k, v in row.items() if k in fields})
