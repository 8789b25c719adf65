"""The change log of a market: spend policies, proposed change plans and the append-only audit log.

The MCP servers' propose -> commit protocol keeps its state here, in the same database as the
market, so that applying a plan and recording it happen in one transaction (`atomically`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from market.errors import InvalidInput, NotFound
from market.store import Store
from market.types.policy import SpendPolicy

__all__ = ["ChangeLog"]


class ChangeLog:
    def __init__(self, store: Store) -> None:
        self._store = store

    @contextmanager
    def atomically(self) -> Iterator[None]:
        """Everything inside (backend writes included) commits together or not at all."""
        with self._store.transaction():
            yield

    def now(self) -> int:
        return self._store.current_step()

    def new_plan_id(self) -> str:
        with self._store.transaction():
            return self._store.new_id("prp")

    # ---- policy (operator channel only) ---------------------------------------------------

    def spend_policy(self, shop_id: str) -> SpendPolicy:
        row = self._store.spend_policy_row(shop_id)
        return SpendPolicy() if row is None else SpendPolicy.model_validate(row)

    def set_spend_policy(self, shop_id: str, policy: SpendPolicy, operator: str) -> None:
        if not self._store.exists("shops", shop_id):
            raise NotFound(f"shop {shop_id!r} not found")
        with self._store.transaction():
            before = self.spend_policy(shop_id)
            self._store.put_spend_policy(shop_id, policy.model_dump(), operator)
            self.audit(shop_id, operator, "policy_changed", None, None,
                       {"before": before.model_dump(), "after": policy.model_dump()})

    # ---- plans ---------------------------------------------------------------------------

    def save_plan(self, plan: dict[str, Any]) -> None:
        with self._store.transaction():
            self._store.insert_plan(plan)

    def plan(self, shop_id: str, plan_id: str) -> dict[str, Any]:
        row = self._store.plan_row(shop_id, plan_id)
        if row is None:
            raise NotFound(f"plan {plan_id!r} not found", hint="propose the change again to get a plan id")
        return row

    def plan_by_key(self, shop_id: str, key: str) -> dict[str, Any] | None:
        return self._store.plan_by_key(shop_id, key)

    def plans(self, shop_id: str, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        if not 1 <= limit <= 200:
            raise InvalidInput("limit must be 1..200")
        return self._store.plan_rows(shop_id, status, limit, offset)

    def update_plan(self, plan_id: str, changes: dict[str, Any]) -> None:
        self._store.set_plan(plan_id, changes)

    # ---- audit ---------------------------------------------------------------------------

    def audit(self, shop_id: str, actor: str, event: str, plan_id: str | None, target_id: str | None,
              details: dict[str, Any]) -> int:
        return self._store.append_audit(shop_id, self._store.current_step(), actor, event, plan_id, target_id, details)

    def audit_log(self, shop_id: str, *, after_id: int = 0, limit: int = 50) -> list[dict[str, Any]]:
        if not 1 <= limit <= 200:
            raise InvalidInput("limit must be 1..200")
        return self._store.audit_rows(shop_id, after_id, limit)

    # ---- exposure, for policy checks -------------------------------------------------------

    def active_budget_total(self, shop_id: str, exclude_id: str | None = None) -> int:
        return self._store.active_budget_total(shop_id, exclude_id)

    def coupon_liability(self, shop_id: str, exclude_id: str | None = None) -> int:
        return self._store.coupon_liability(shop_id, exclude_id)
