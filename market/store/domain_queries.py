"""Reads and writes behind the Backend's operations on shops, ads, coupons, creators and orders."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from market.store.store import Store

__all__ = ["DomainQueries"]

_SCOPED = {
    "products", "campaigns", "overall_plans", "creatives", "coupons", "collaborations",
    "commission_plans", "orders", "returns", "knowledge",
}


class DomainQueries:
    def shop_rows(self: Store, table: str, shop_id: str, *, filters: dict[str, Any] | None = None,
                  limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Rows of one shop, optionally filtered by equality on named columns, ordered by id."""
        if table not in _SCOPED:
            raise ValueError(f"{table} is not a shop-scoped table")
        sql = f"SELECT * FROM {table} WHERE shop_id = ?"
        params: list[Any] = [shop_id]
        for col, value in sorted((filters or {}).items()):
            if not col.isidentifier():
                raise ValueError(f"bad column {col!r}")
            sql += f" AND {col} = ?"
            params.append(value)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return self.rows(sql, params, table=table)

    def exists(self: Store, table: str, id_: str) -> bool:
        if not table.isidentifier():
            raise ValueError(f"bad table {table!r}")
        return self.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (id_,)) is not None

    def order_row(self: Store, shop_id: str, order_id: str) -> dict[str, Any] | None:
        return self.one("SELECT * FROM orders WHERE id = ? AND shop_id = ?", (order_id, shop_id))

    def count_shop_rows(self: Store, table: str, shop_id: str) -> int:
        if table not in _SCOPED:
            raise ValueError(f"{table} is not a shop-scoped table")
        return int(self.scalar(f"SELECT COUNT(*) FROM {table} WHERE shop_id = ?", (shop_id,)) or 0)

    def search_creator_rows(self: Store, category: str | None, min_followers: int | None,
                            max_followers: int | None, max_fee: int | None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM creators WHERE 1"
        params: list[Any] = []
        if category:
            sql += " AND category = ?"
            params.append(category)
        if min_followers is not None:
            sql += " AND followers >= ?"
            params.append(min_followers)
        if max_followers is not None:
            sql += " AND followers <= ?"
            params.append(max_followers)
        if max_fee is not None:
            sql += " AND fee_fen <= ?"
            params.append(max_fee)
        return self.rows(sql + " ORDER BY id", params, table="creators")

    def buyer_of_shop(self: Store, shop_id: str, *, phone: str | None = None, email: str | None = None,
                      order_id: str | None = None) -> dict[str, Any] | None:
        """A buyer who has ordered from this shop, found by phone, email or one of their order ids."""
        if order_id:
            return self.one(
                "SELECT b.* FROM buyers b JOIN orders o ON o.buyer_id = b.id WHERE o.id = ? AND o.shop_id = ?",
                (order_id, shop_id), table="buyers",
            )
        col, value = ("phone", phone) if phone else ("email", email)
        return self.one(
            f"SELECT b.* FROM buyers b WHERE b.{col} = ? AND EXISTS"
            " (SELECT 1 FROM orders o WHERE o.buyer_id = b.id AND o.shop_id = ?)",
            (value, shop_id), table="buyers",
        )

    def order_lines_of(self: Store, order_id: str) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no", (order_id,))

    def order_events_of(self: Store, order_id: str) -> list[dict[str, Any]]:
        return self.rows("SELECT step, status, note FROM order_events WHERE order_id = ? ORDER BY id", (order_id,))

    def logistics_of(self: Store, order_id: str) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT order_id, step, status, location, description FROM logistics_events WHERE order_id = ? ORDER BY id",
            (order_id,),
        )

    def buyer_orders(self: Store, shop_id: str, buyer_id: str, limit: int, offset: int) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT * FROM orders WHERE shop_id = ? AND buyer_id = ? ORDER BY created_step DESC, id LIMIT ? OFFSET ?",
            (shop_id, buyer_id, limit, offset),
        )

    def coupon_usage(self: Store, coupon_id: str) -> dict[str, int]:
        row = self.one(
            "SELECT COUNT(*) AS claims, COUNT(DISTINCT buyer_id) AS buyers, COALESCE(SUM(discount_fen), 0) AS discount_fen"
            " FROM coupon_claims WHERE coupon_id = ?",
            (coupon_id,),
        )
        gmv = self.scalar("SELECT COALESCE(SUM(paid_fen), 0) FROM orders WHERE coupon_id = ?", (coupon_id,))
        return {**(row or {}), "paid_fen": int(gmv or 0)}

    def knowledge_rows(self: Store, shop_id: str) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM knowledge WHERE shop_id = ? ORDER BY id", (shop_id,))

    def events_all(self: Store) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM events ORDER BY start_step, id", table="events")
