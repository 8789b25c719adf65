"""Storage of the change governance: spend policies, proposed change plans, the audit log."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from market.store.store import Store

__all__ = ["GovernanceQueries"]

_PLAN_JSON = ("action", "diff", "result")


def _plan(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    for col in _PLAN_JSON:
        if row.get(col) is not None:
            row[col] = json.loads(row[col])
    row["needs_approval"] = bool(row["needs_approval"])
    return row


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class GovernanceQueries:
    def spend_policy_row(self: Store, shop_id: str) -> dict[str, Any] | None:
        row = self.one("SELECT policy FROM spend_policies WHERE shop_id = ?", (shop_id,))
        return None if row is None else json.loads(row["policy"])

    def put_spend_policy(self: Store, shop_id: str, policy: dict[str, Any], updated_by: str) -> None:
        self.conn.execute(
            "INSERT INTO spend_policies (shop_id, policy, updated_by) VALUES (?, ?, ?)"
            " ON CONFLICT(shop_id) DO UPDATE SET policy = excluded.policy, updated_by = excluded.updated_by",
            (shop_id, _dumps(policy), updated_by),
        )

    def insert_plan(self: Store, plan: dict[str, Any]) -> None:
        row = {k: (_dumps(v) if k in _PLAN_JSON and v is not None else v) for k, v in plan.items()}
        row["needs_approval"] = int(bool(row["needs_approval"]))
        self.insert("change_plans", row)

    def plan_row(self: Store, shop_id: str, plan_id: str) -> dict[str, Any] | None:
        return _plan(self.one("SELECT * FROM change_plans WHERE id = ? AND shop_id = ?", (plan_id, shop_id)))

    def plan_by_key(self: Store, shop_id: str, key: str) -> dict[str, Any] | None:
        return _plan(
            self.one("SELECT * FROM change_plans WHERE shop_id = ? AND idempotency_key = ?", (shop_id, key))
        )

    def plan_rows(self: Store, shop_id: str, status: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
        sql = "SELECT * FROM change_plans WHERE shop_id = ?"
        params: list[Any] = [shop_id]
        if status:
            sql += " AND status = ?"
            params.append(status)
        sql += " ORDER BY created_step DESC, id LIMIT ? OFFSET ?"
        return [p for p in (_plan(r) for r in self.rows(sql, [*params, limit, offset])) if p is not None]

    def set_plan(self: Store, plan_id: str, changes: dict[str, Any]) -> None:
        row = {k: (_dumps(v) if k in _PLAN_JSON and v is not None else v) for k, v in changes.items()}
        self.update("change_plans", plan_id, row)

    def append_audit(self: Store, shop_id: str, step: int, actor: str, event: str, plan_id: str | None,
                     target_id: str | None, details: dict[str, Any]) -> int:
        cur = self.conn.execute(
            "INSERT INTO audit_log (shop_id, step, actor, event, plan_id, target_id, details)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (shop_id, step, actor, event, plan_id, target_id, _dumps(details)),
        )
        return int(cur.lastrowid or 0)

    def audit_rows(self: Store, shop_id: str, after_id: int, limit: int) -> list[dict[str, Any]]:
        rows = self.rows(
            "SELECT * FROM audit_log WHERE shop_id = ? AND id > ? ORDER BY id LIMIT ?", (shop_id, after_id, limit)
        )
        for r in rows:
            r["details"] = json.loads(r["details"])
        return rows

    def active_budget_total(self: Store, shop_id: str, exclude_id: str | None = None) -> int:
        total = 0
        for table in ("campaigns", "overall_plans"):
            total += int(self.scalar(
                f"SELECT COALESCE(SUM(daily_budget_fen), 0) FROM {table} WHERE shop_id = ? AND status = 'active'"
                " AND id != ?", (shop_id, exclude_id or "")) or 0)
        return total

    def coupon_liability(self: Store, shop_id: str, exclude_id: str | None = None) -> int:
        """The most the shop's live and draft coupons could still cost: stock x face value."""
        rows = self.rows(
            "SELECT type, stock, discount_fen, max_discount_fen, threshold_fen, percent_off FROM coupons"
            " WHERE shop_id = ? AND status != 'ended' AND id != ?", (shop_id, exclude_id or ""))
        total = 0
        for r in rows:
            face = r["discount_fen"] if r["type"] != "percent" else (r["max_discount_fen"] or 0)
            total += int(r["stock"]) * int(face)
        return total

    def insert_escalation(self: Store, row: dict[str, Any]) -> None:
        self.insert("escalations", row)
