"""Invariants over a simulated week: budgets, ledger = reports, stock, balances, append-only."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

import pytest

from market import SimMarket
from market.clock import STEPS_PER_DAY
from market.types import LEDGER_KINDS


@pytest.fixture
def week(tiny: SimMarket) -> SimMarket:
    shop = tiny.list_shops()[0].id
    # Tight budgets so that the budget cut really happens, and an overall plan over every product.
    for c in tiny.list_campaigns(shop):
        tiny.update_campaign(shop, c.id, {"daily_budget_fen": 3000})
    plan = tiny.create_overall_plan(shop, {"name": "全店全域", "product_ids": [p.id for p in tiny.list_products(shop)],
                                           "roi_goal": 2.0, "daily_budget_fen": 5000, "status": "active"})
    assert plan.status == "active"
    tiny.advance(3 * STEPS_PER_DAY)
    return tiny


def test_no_campaign_spends_over_its_daily_budget(week: SimMarket) -> None:
    shop = week.list_shops()[0].id
    budgets = {c.id: c.daily_budget_fen for c in week.list_campaigns(shop)}
    budgets |= {p.id: p.daily_budget_fen for p in week.list_overall_plans(shop)}
    start = week.now().step - 3 * STEPS_PER_DAY
    capped = 0
    for row in week.store.ad_spend_by_campaign_day():
        if row["day"] * STEPS_PER_DAY >= start:
            assert row["spend_fen"] <= budgets[row["campaign_id"]], row
            capped += row["spend_fen"] >= 0.9 * budgets[row["campaign_id"]]
    assert capped > 0, "budgets this tight should bind on some day"


def test_the_ledger_sums_equal_the_reports(week: SimMarket) -> None:
    shop = week.list_shops()[0].id
    totals: dict[str, int] = defaultdict(int)
    offset = 0
    while batch := week.ledger(shop, limit=200, offset=offset):
        for e in batch:
            totals[e.kind] += e.amount_fen
        offset += len(batch)
    assert set(totals) <= set(LEDGER_KINDS)
    whole = week.report(shop)[0]
    assert whole.gmv_fen == totals["gmv"] and whole.refund_fen == totals["refund"]
    assert whole.ad_spend_fen == totals["ad_spend"] and whole.coupon_fen == totals["coupon"]
    assert whole.total_marketing_cost_fen == sum(
        totals[k] for k in ("ad_spend", "coupon", "creator_fee", "creator_commission")
    )
    assert whole.net_profit_fen == (
        totals["gmv"] - totals["refund"] - whole.total_marketing_cost_fen - totals["platform_fee"] - totals["cogs"]
    )
    for group in ("day", "product", "channel", "campaign", "lever"):
        rows = week.report(shop, group_by=[group])
        for field in ("gmv_fen", "refund_fen", "ad_spend_fen", "coupon_fen", "creator_fee_fen",
                      "creator_commission_fen", "platform_fee_fen", "cogs_fen", "net_profit_fen", "orders"):
            assert sum(getattr(r, field) for r in rows) == getattr(whole, field), (group, field)
    # Ad spend in the ledger equals the per-step delivery statistics.
    by_creative = week.report(shop, group_by=["creative"])
    assert sum(r.ad_spend_fen for r in by_creative) == whole.ad_spend_fen
    assert whole.overall_roi == round(whole.gmv_fen / whole.total_marketing_cost_fen, 3)


def test_stock_and_balances_never_negative(week: SimMarket) -> None:
    shop = week.list_shops()[0]
    assert all(p.stock >= 0 for p in week.list_products(shop.id))
    spent = week.report(shop.id)[0].ad_spend_fen
    assert shop.balance_fen == week.config.balance_fen - spent


def test_stock_runs_out_and_sales_stop(tiny: SimMarket) -> None:
    shop = tiny.list_shops()[0].id
    busiest = max(tiny.report(shop, group_by=["product"]), key=lambda r: (r.orders, str(r.group["product"])))
    product = tiny.get_product(shop, str(busiest.group["product"]))
    tiny.update_product(shop, product.id, {"stock": 3})
    start = tiny.now().step
    tiny.advance(STEPS_PER_DAY)
    assert tiny.get_product(shop, product.id).stock == 0
    sold = [r for r in tiny.report(shop, start_step=start, group_by=["product"]) if r.group["product"] == product.id]
    units = tiny.store.scalar(
        "SELECT COALESCE(SUM(qty), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id"
        " WHERE l.product_id = ? AND o.created_step >= ?", (product.id, start))
    assert units == 3 and sold[0].orders >= 1


def test_the_ledger_is_append_only(week: SimMarket) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        week.store.execute("UPDATE ledger SET amount_fen = 0")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        week.store.execute("DELETE FROM ledger")


def test_orders_move_through_their_life(week: SimMarket) -> None:
    shop = week.list_shops()[0].id
    statuses = dict(week.store.execute(
        "SELECT status, COUNT(*) FROM orders WHERE shop_id = ? GROUP BY status", (shop,)).fetchall())
    assert statuses.get("delivered", 0) + statuses.get("completed", 0) > 0
    assert statuses.get("shipped", 0) > 0
    order_id = week.store.scalar("SELECT id FROM orders WHERE status IN ('delivered', 'completed') LIMIT 1")
    detail = week.get_order(shop, order_id)
    kinds = [e.status for e in detail.logistics]
    assert kinds[0] == "collected" and "delivered" in kinds
    steps = [e["step"] for e in detail.events]
    assert steps == sorted(steps) and detail.events[0]["status"] == "paid"
    assert detail.order.paid_fen == detail.order.total_fen - detail.order.discount_fen


def test_total_of_rows_equals_the_ungrouped_report(week: SimMarket) -> None:
    from market.reports import total_of

    shop = week.list_shops()[0].id
    whole = week.report(shop)[0]
    for group in ("day", "product", "channel", "campaign", "lever"):
        assert total_of(week.report(shop, group_by=[group])) == whole, group
