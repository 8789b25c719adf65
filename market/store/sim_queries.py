"""The queries the simulation engine runs each step (SQL stays inside `market.store`)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from market.types import Coupon, MarketEvent

if TYPE_CHECKING:
    from market.store.store import Store

__all__ = ["SimQueries"]

# Rivals pace within a narrower band than max-delivery plans: they have their own ROI to keep.
_PACING_BOUNDS = {"competitors": (0.4, 2.5), "campaigns": (0.2, 5.0), "overall_plans": (0.2, 5.0)}


class SimQueries:
    """Mixed into Store: reads and writes of one simulated step."""

    # ---- clock and static tables ----------------------------------------------------------

    def current_step(self: Store) -> int:
        return int(self.meta("step", "0") or 0)

    def set_step(self: Store, step: int) -> None:
        self.set_meta("step", str(step))

    def categories(self: Store) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM categories ORDER BY idx")

    def segments(self: Store) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM segments ORDER BY idx", table="segments")

    def return_policies(self: Store) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM return_policies ORDER BY category", table="return_policies")

    def buyer_ids_by_segment(self: Store) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for r in self.conn.execute("SELECT segment, id FROM buyers ORDER BY id"):
            out[r[0]].append(r[1])
        return dict(out)

    def category_mean_prices(self: Store) -> dict[str, float]:
        return {
            r[0]: float(r[1])
            for r in self.conn.execute("SELECT category, AVG(ref_price_fen) FROM products GROUP BY category")
        }

    # ---- state read each step ---------------------------------------------------------------

    def products_all(self: Store) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM products ORDER BY id", table="products")

    def products_for_sim(self: Store) -> list[dict[str, Any]]:
        """Only the columns a step needs (skips decoding titles, attributes and FAQ every step)."""
        rows = self.rows(
            "SELECT id, shop_id, category, price_fen, ref_price_fen, unit_cost_fen, stock, appeal, status, variants"
            " FROM products ORDER BY id"
        )
        for r in rows:
            r["variants"] = json.loads(r["variants"])
        return rows

    def shops_raw(self: Store) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM shops ORDER BY id")

    def events_starting(self: Store, step: int) -> list[MarketEvent]:
        return [
            MarketEvent.model_validate(r)
            for r in self.rows("SELECT * FROM events WHERE start_step = ? ORDER BY id", (step,), table="events")
        ]

    def active_events(self: Store, step: int) -> list[MarketEvent]:
        rows = self.rows(
            "SELECT * FROM events WHERE start_step <= ? AND (end_step IS NULL OR end_step > ?) ORDER BY id",
            (step, step),
            table="events",
        )
        return [MarketEvent.model_validate(r) for r in rows]

    def active_coupons(self: Store, step: int) -> list[Coupon]:
        from market.store.store import to_model

        rows = self.rows(
            "SELECT * FROM coupons WHERE status = 'active' AND claim_start_step <= ? AND claim_end_step > ?"
            " AND stock > 0 ORDER BY id",
            (step, step),
            table="coupons",
        )
        return [to_model(Coupon, r) for r in rows]

    def active_creatives_by_product(self: Store) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self.rows("SELECT * FROM creatives WHERE status = 'active' ORDER BY id", table="creatives"):
            out[r["product_id"]].append(r)
        return dict(out)

    def spent_on_day(self: Store, day: int) -> dict[str, float]:
        """Each bidder's spend so far on a simulated day (kept per day so a step reads a few rows)."""
        return {
            r[0]: float(r[1])
            for r in self.conn.execute("SELECT bidder_id, spend_fen FROM bidder_days WHERE day = ?", (day,))
        }

    def add_day_spend(self: Store, day: int, spend: dict[str, int]) -> None:
        self.conn.executemany(
            "INSERT INTO bidder_days (bidder_id, day, spend_fen) VALUES (?, ?, ?)"
            " ON CONFLICT(bidder_id, day) DO UPDATE SET spend_fen = spend_fen + excluded.spend_fen",
            [(b, day, v) for b, v in sorted(spend.items())],
        )

    def active_rivals(self: Store, step: int) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT c.* FROM competitors c LEFT JOIN events e ON e.id = c.event_id"
            " WHERE c.entered_step <= ? AND (e.end_step IS NULL OR e.end_step > ?) ORDER BY c.id",
            (step, step),
        )

    def rival_budget(self: Store, rival_id: str) -> float:
        return float(self.scalar("SELECT daily_budget_fen FROM competitors WHERE id = ?", (rival_id,)) or 0)

    def _live(self: Store, table: str, step: int) -> list[dict[str, Any]]:
        out = []
        for r in self.rows(f"SELECT * FROM {table} WHERE status = 'active' ORDER BY id", table=table):
            sched = r["schedule"]
            if sched["start_step"] <= step and (sched.get("end_step") is None or step < sched["end_step"]):
                out.append(r)
        return out

    def live_campaigns(self: Store, step: int) -> list[dict[str, Any]]:
        return self._live("campaigns", step)

    def live_plans(self: Store, step: int) -> list[dict[str, Any]]:
        return self._live("overall_plans", step)

    # ---- state written each step ------------------------------------------------------------

    def adjust_pacing(self: Store, bidder_id: str, kind: str, factor: float) -> None:
        table = {"rival": "competitors", "campaign": "campaigns", "plan": "overall_plans"}[kind]
        low, high = _PACING_BOUNDS[table]
        self.conn.execute(
            f"UPDATE {table} SET pacing = MIN(?, MAX(?, pacing * ?)) WHERE id = ?", (high, low, factor, bidder_id)
        )

    def update_creatives_fatigue(self: Store, updates: list[tuple[float, int, str]]) -> None:
        self.conn.executemany(
            "UPDATE creatives SET fatigue = ?, exposures = exposures + ? WHERE id = ?", updates
        )

    def add_conversions(self: Store, by_bidder: dict[str, int]) -> None:
        for bid, n in sorted(by_bidder.items()):
            table = "campaigns" if bid.startswith("cmp_") else "overall_plans"
            self.conn.execute(f"UPDATE {table} SET conversions_total = conversions_total + ? WHERE id = ?", (n, bid))

    def charge_balances(self: Store, by_shop: dict[str, int]) -> None:
        for shop, fen in sorted(by_shop.items()):
            self.conn.execute("UPDATE shops SET balance_fen = MAX(0, balance_fen - ?) WHERE id = ?", (fen, shop))

    def set_stock(self: Store, product_id: str, stock: int) -> None:
        self.conn.execute("UPDATE products SET stock = ? WHERE id = ?", (stock, product_id))

    def set_stocks(self: Store, stocks: dict[str, int]) -> None:
        self.conn.executemany(
            "UPDATE products SET stock = ? WHERE id = ? AND stock != ?",
            [(v, k, v) for k, v in sorted(stocks.items())],
        )

    def restock(self: Store, product_id: str, qty: int) -> None:
        self.conn.execute("UPDATE products SET stock = stock + ? WHERE id = ?", (qty, product_id))

    def use_coupons(self: Store, used: dict[str, int]) -> None:
        self.conn.executemany(
            "UPDATE coupons SET stock = stock - ?, issued = issued + ?, used = used + ? WHERE id = ?",
            [(n, n, n, cid) for cid, n in sorted(used.items())],
        )

    def has_ordered(self: Store, shop_id: str, buyer_id: str) -> bool:
        return self.scalar("SELECT 1 FROM orders WHERE shop_id = ? AND buyer_id = ? LIMIT 1", (shop_id, buyer_id)) is not None

    def coupon_claims_of(self: Store, coupon_id: str, buyer_id: str) -> int:
        return int(
            self.scalar("SELECT COUNT(*) FROM coupon_claims WHERE coupon_id = ? AND buyer_id = ?", (coupon_id, buyer_id))
            or 0
        )

    # ---- order lifecycle --------------------------------------------------------------------

    def orders_due(self: Store, what: str, step: int) -> list[dict[str, Any]]:
        if what == "ship":
            sql = "SELECT o.* FROM orders o WHERE o.status = 'paid' AND o.plan_ship_step <= ? ORDER BY o.id"
        elif what == "transit":
            sql = "SELECT o.* FROM orders o WHERE o.status = 'shipped' AND o.plan_transit_step = ? ORDER BY o.id"
        elif what == "deliver":
            sql = (
                "SELECT o.*, b.city FROM orders o JOIN buyers b ON b.id = o.buyer_id"
                " WHERE o.status = 'shipped' AND o.plan_deliver_step <= ? ORDER BY o.id"
            )
        elif what == "return_request":
            sql = (
                "SELECT o.*, p.category, p.variants, l.variant FROM orders o"
                " JOIN order_lines l ON l.order_id = o.id AND l.line_no = 1"
                " JOIN products p ON p.id = l.product_id"
                " WHERE o.status = 'delivered' AND o.plan_return_step <= ?"
                " AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id) ORDER BY o.id"
            )
        else:
            raise ValueError(f"unknown lifecycle query {what!r}")
        rows = self.rows(sql, (step,))
        for r in rows:
            if "variants" in r:
                r["variants"] = json.loads(r["variants"])
        return rows

    def mark_order(self: Store, order_id: str, status: str, step: int, note: str) -> None:
        extra = {"shipped": ", shipped_step = ?", "delivered": ", delivered_step = ?"}.get(status, "")
        params: tuple[Any, ...] = (status, step, order_id) if extra else (status, order_id)
        self.conn.execute(f"UPDATE orders SET status = ?{extra} WHERE id = ?", params)
        self.conn.execute(
            "INSERT INTO order_events (order_id, step, status, note) VALUES (?, ?, ?, ?)", (order_id, step, status, note)
        )

    def mark_orders(self: Store, order_ids: list[str], status: str, step: int, note: str) -> None:
        """mark_order for many orders at once (the per-step lifecycle moves hundreds)."""
        if not order_ids:
            return
        extra = {"shipped": ", shipped_step = ?", "delivered": ", delivered_step = ?"}.get(status, "")
        params = [(status, step, oid) if extra else (status, oid) for oid in order_ids]
        self.conn.executemany(f"UPDATE orders SET status = ?{extra} WHERE id = ?", params)
        self.conn.executemany(
            "INSERT INTO order_events (order_id, step, status, note) VALUES (?, ?, ?, ?)",
            [(oid, step, status, note) for oid in order_ids],
        )

    def add_logistics_many(self: Store, rows: list[tuple[str, int, str, str, str]]) -> None:
        self.conn.executemany(
            "INSERT INTO logistics_events (order_id, step, status, location, description) VALUES (?, ?, ?, ?, ?)",
            rows,
        )

    def add_logistics(self: Store, order_id: str, step: int, status: str, location: str, description: str) -> None:
        self.conn.execute(
            "INSERT INTO logistics_events (order_id, step, status, location, description) VALUES (?, ?, ?, ?, ?)",
            (order_id, step, status, location, description),
        )

    def returns_due(self: Store, step: int) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT r.*, p.category, p.return_exception FROM returns r"
            " JOIN order_lines l ON l.order_id = r.order_id AND l.line_no = 1"
            " JOIN products p ON p.id = l.product_id"
            " WHERE r.status IN ('requested', 'approved') AND r.due_step <= ? ORDER BY r.id",
            (step,),
        )

    def decide_return(
        self: Store,
        return_id: str,
        status: str,
        step: int,
        note: str,
        *,
        due_step: int | None = None,
        refund_fen: int | None = None,
    ) -> None:
        sets = ["status = ?", "note = ?"]
        params: list[Any] = [status, note]
        if due_step is not None:
            sets.append("due_step = ?")
            params.append(due_step)
        if status in ("rejected", "refunded", "exchanged", "cancelled"):
            sets.append("resolved_step = ?")
            params.append(step)
        if refund_fen is not None:
            sets.append("refund_fen = ?")
            params.append(refund_fen)
        self.conn.execute(f"UPDATE returns SET {', '.join(sets)} WHERE id = ?", (*params, return_id))

    def order_for_refund(self: Store, return_id: str) -> dict[str, Any]:
        row = self.one(
            "SELECT o.*, l.product_id, l.qty FROM returns r JOIN orders o ON o.id = r.order_id"
            " JOIN order_lines l ON l.order_id = o.id AND l.line_no = 1 WHERE r.id = ?",
            (return_id,),
        )
        if row is None:
            raise KeyError(return_id)
        return row

    def complete_orders(self: Store, delivered_before: int, step: int) -> None:
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT o.id FROM orders o WHERE o.status = 'delivered' AND o.delivered_step <= ?"
                " AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id"
                " AND r.status IN ('requested', 'approved', 'received'))"
                " AND (o.plan_return_step IS NULL OR o.plan_return_step < ?"
                " OR EXISTS (SELECT 1 FROM returns r2 WHERE r2.order_id = o.id)) ORDER BY o.id",
                (delivered_before, step),
            )
        ]
        self.mark_orders(ids, "completed", step, "交易完成")

    # ---- creators ---------------------------------------------------------------------------

    def collaborations_due(self: Store, step: int) -> list[dict[str, Any]]:
        rows = self.rows(
            "SELECT * FROM collaborations WHERE (status = 'proposed' AND decide_step <= ?)"
            " OR (status = 'accepted' AND publish_step <= ?) OR status = 'published' ORDER BY id",
            (step, step),
        )
        if rows:
            ids = sorted({r["creator_id"] for r in rows})
            marks = ",".join("?" for _ in ids)
            creators = {
                c["id"]: c
                for c in self.rows(f"SELECT * FROM creators WHERE id IN ({marks})", ids, table="creators")
            }
            for r in rows:
                r["creator"] = creators[r["creator_id"]]
        return rows

    def update_collaboration(self: Store, col_id: str, changes: dict[str, Any]) -> None:
        self.update("collaborations", col_id, changes)

    def add_collaboration_traffic(self: Store, col_id: str, views: int, clicks: int, fee_fen: int) -> None:
        self.conn.execute(
            "UPDATE collaborations SET impressions = impressions + ?, clicks = clicks + ?,"
            " fee_paid_fen = fee_paid_fen + ? WHERE id = ?",
            (views, clicks, fee_fen, col_id),
        )

    def add_collaboration_sale(self: Store, col_id: str, gmv_fen: int, commission_fen: int) -> None:
        self.conn.execute(
            "UPDATE collaborations SET orders = orders + 1, gmv_fen = gmv_fen + ?,"
            " commission_fen = commission_fen + ? WHERE id = ?",
            (gmv_fen, commission_fen, col_id),
        )

    def active_commission_plans(self: Store) -> list[dict[str, Any]]:
        plans = self.rows(
            "SELECT * FROM commission_plans WHERE status = 'active' ORDER BY id", table="commission_plans"
        )
        for p in plans:
            ids = p["creator_ids"]
            if ids:
                marks = ",".join("?" for _ in ids)
                p["creator_followers"] = int(
                    self.scalar(f"SELECT COALESCE(SUM(followers), 0) FROM creators WHERE id IN ({marks})", ids) or 0
                )
            else:
                p["creator_followers"] = 0
        return plans
