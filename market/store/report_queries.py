"""Report, ledger and auction-insight queries (the 一本账 roll-ups)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from market.clock import STEPS_PER_DAY

if TYPE_CHECKING:
    from market.store.store import Store

__all__ = ["GROUP_SQL", "ReportQueries"]

GROUP_SQL = {
    "day": f"(step / {STEPS_PER_DAY})",
    "product": "product_id",
    "channel": "channel",
    "campaign": "campaign_id",
    "lever": "lever",
    "creative": "creative_id",
}


class ReportQueries:
    def ledger_sums(
        self: Store, shop_id: str, start: int, end: int, group_by: list[str]
    ) -> dict[tuple[Any, ...], dict[str, int]]:
        """Ledger amounts per group and kind over steps [start, end)."""
        cols = [GROUP_SQL[g] for g in group_by]
        select = ", ".join(cols + ["kind", "SUM(amount_fen)"])
        group = ", ".join(cols + ["kind"])
        out: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in self.conn.execute(
            f"SELECT {select} FROM ledger WHERE shop_id = ? AND step >= ? AND step < ? GROUP BY {group}",
            (shop_id, start, end),
        ):
            out[tuple(r[: len(cols)])][r[len(cols)]] += int(r[len(cols) + 1])
        return out

    def ad_sums(
        self: Store, shop_id: str, start: int, end: int, group_by: list[str]
    ) -> dict[tuple[Any, ...], dict[str, int]]:
        """Ad delivery per group from the per-step stats (lever is always 'ads' there)."""
        cols = [("'ads'" if g == "lever" else GROUP_SQL[g]) for g in group_by]
        select = ", ".join(
            cols + ["SUM(impressions)", "SUM(clicks)", "SUM(conversions)", "SUM(orders)", "SUM(spend_fen)", "SUM(gmv_fen)"]
        )
        group = ", ".join(cols) if cols else "shop_id"
        out: dict[tuple[Any, ...], dict[str, int]] = {}
        names = ("impressions", "clicks", "conversions", "orders", "spend_fen", "gmv_fen")
        for r in self.conn.execute(
            f"SELECT {select} FROM ad_stats WHERE shop_id = ? AND step >= ? AND step < ? GROUP BY {group}",
            (shop_id, start, end),
        ):
            out[tuple(r[: len(cols)])] = {n: int(v or 0) for n, v in zip(names, r[len(cols) :], strict=True)}
        return out

    def order_counts(
        self: Store, shop_id: str, start: int, end: int, group_by: list[str]
    ) -> dict[tuple[Any, ...], int]:
        mapping = {
            "day": f"(o.created_step / {STEPS_PER_DAY})",
            "product": "l.product_id",
            "channel": "o.channel",
            "campaign": "o.campaign_id",
            "lever": "o.lever",
        }
        cols = [mapping[g] for g in group_by]
        select = ", ".join(cols + ["COUNT(*)"])
        group = (" GROUP BY " + ", ".join(cols)) if cols else ""
        return {
            tuple(r[: len(cols)]): int(r[len(cols)])
            for r in self.conn.execute(
                f"SELECT {select} FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.line_no = 1"
                f" WHERE o.shop_id = ? AND o.created_step >= ? AND o.created_step < ?{group}",
                (shop_id, start, end),
            )
        }

    def ledger_entries(
        self: Store, shop_id: str, start: int, end: int, kinds: list[str] | None, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        sql = "SELECT * FROM ledger WHERE shop_id = ? AND step >= ? AND step < ?"
        params: list[Any] = [shop_id, start, end]
        if kinds:
            sql += f" AND kind IN ({','.join('?' for _ in kinds)})"
            params += kinds
        sql += " ORDER BY id LIMIT ? OFFSET ?"
        return self.rows(sql, [*params, limit, offset])

    def bidder_history(self: Store, bidder_id: str, start: int, end: int) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT step, channel, bid_k, budget_left_fen, eligible, won, shown, dropped, spend_fen, landscape"
            " FROM bidder_steps WHERE bidder_id = ? AND step >= ? AND step < ? ORDER BY step, channel",
            (bidder_id, start, end),
            table="bidder_steps",
        )

    def bidders_at(self: Store, step: int, channel: str) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT bidder_id, shop_id, bid_k, budget_left_fen, won, shown, spend_fen, ctx_ecpm, ctx_product"
            " FROM bidder_steps WHERE step = ? AND channel = ? ORDER BY bidder_id",
            (step, channel),
        )

    def traffic_at(self: Store, step: int, channel: str) -> int:
        return int(
            self.scalar("SELECT impressions FROM traffic_steps WHERE step = ? AND channel = ?", (step, channel)) or 0
        )

    def ad_spend_by_campaign_day(self: Store) -> list[dict[str, Any]]:
        return self.rows(
            f"SELECT campaign_id, step / {STEPS_PER_DAY} AS day, SUM(spend_fen) AS spend_fen FROM ad_stats"
            " GROUP BY campaign_id, day ORDER BY campaign_id, day"
        )
