"""The Backend operations: happy paths, shop scoping, and bad input that changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from market import Conflict, InvalidInput, MarketError, NotFound, SimMarket
from market.backend import Backend
from market.clock import STEPS_PER_DAY


def test_simulator_implements_the_backend_protocol(tiny: SimMarket) -> None:
    assert isinstance(tiny, Backend)


def _ids(m: SimMarket) -> dict[str, Any]:
    shop = m.list_shops()[0].id
    product = m.list_products(shop)[0]
    return {
        "shop": shop,
        "product": product.id,
        "campaign": m.list_campaigns(shop)[0].id,
        "campaign_type": m.list_campaigns(shop)[0].bid_type,
        "coupon": m.list_coupons(shop)[0].id,
        "creative": m.list_creatives(shop)[0].id,
        "creator": m.search_creators({"limit": 1})[0].id,
        "order": m.store.scalar("SELECT id FROM orders WHERE shop_id = ? AND status = 'paid' LIMIT 1", (shop,)),
        "now": m.now().step,
    }


BAD_CALLS: list[tuple[str, Callable[[SimMarket, dict[str, Any]], Any], type[MarketError], str]] = [
    ("unknown shop", lambda m, i: m.list_products("shp_nothere1"), NotFound, "not found"),
    ("advance negative", lambda m, i: m.advance(-1), InvalidInput, "steps"),
    ("advance not int", lambda m, i: m.advance(2.5), InvalidInput, "steps"),  # type: ignore[arg-type]
    ("limit too big", lambda m, i: m.list_campaigns(i["shop"], limit=10_000), InvalidInput, "limit"),
    ("product price zero", lambda m, i: m.update_product(i["shop"], i["product"], {"price_fen": 0}), InvalidInput, "price_fen"),
    ("product unknown field", lambda m, i: m.update_product(i["shop"], i["product"], {"colour": "red"}), InvalidInput, "colour"),
    ("negative stock", lambda m, i: m.update_product(i["shop"], i["product"], {"stock": -1}), InvalidInput, "stock"),
    ("campaign without goal", lambda m, i: m.create_campaign(i["shop"], {
        "name": "x", "product_id": i["product"], "channel": "feed", "bid_type": "roi_goal",
        "daily_budget_fen": 1000}), InvalidInput, "roi_goal"),
    ("campaign bad channel", lambda m, i: m.create_campaign(i["shop"], {
        "name": "x", "product_id": i["product"], "channel": "tv", "bid_type": "max_delivery",
        "daily_budget_fen": 1000}), InvalidInput, "channel"),
    ("campaign in the past", lambda m, i: m.create_campaign(i["shop"], {
        "name": "x", "product_id": i["product"], "channel": "feed", "bid_type": "max_delivery",
        "daily_budget_fen": 1000, "start_step": 0}), InvalidInput, "past"),
    ("campaign foreign product", lambda m, i: m.create_campaign(i["shop"], {
        "name": "x", "product_id": "prd_nothere1", "channel": "feed", "bid_type": "max_delivery",
        "daily_budget_fen": 1000}), NotFound, "not found"),
    ("budget zero", lambda m, i: m.update_campaign(i["shop"], i["campaign"], {"daily_budget_fen": 0}), InvalidInput, "daily_budget_fen"),
    ("goal of another bid type", lambda m, i: m.update_campaign(
        i["shop"], i["campaign"], {"roi_goal": 2.0} if i["campaign_type"] == "cost_cap" else {"target_cost_fen": 500}),
     InvalidInput, "applies to"),
    ("plan repeats products", lambda m, i: m.create_overall_plan(i["shop"], {
        "name": "p", "product_ids": [i["product"], i["product"]], "roi_goal": 2, "daily_budget_fen": 100}), InvalidInput, "repeat"),
    ("creative status", lambda m, i: m.set_creative_status(i["shop"], i["creative"], "deleted"), InvalidInput, "status"),
    ("coupon threshold", lambda m, i: m.create_coupon(i["shop"], {
        "name": "c", "type": "threshold", "threshold_fen": 100, "discount_fen": 500, "stock": 10}), InvalidInput, "threshold"),
    ("coupon segment", lambda m, i: m.create_coupon(i["shop"], {
        "name": "c", "type": "direct", "discount_fen": 500, "stock": 10, "target": "segment",
        "target_segment": "aliens"}), InvalidInput, "segment"),
    ("coupon stock", lambda m, i: m.add_coupon_stock(i["shop"], i["coupon"], 0), InvalidInput, "amount"),
    ("collab without fee", lambda m, i: m.create_collaboration(i["shop"], {
        "creator_id": i["creator"], "product_id": i["product"], "type": "fixed_fee"}), InvalidInput, "fee_fen"),
    ("exclusive needs one", lambda m, i: m.set_commission_plan(i["shop"], {
        "product_id": i["product"], "kind": "exclusive", "commission_rate": 0.2}), InvalidInput, "exactly one"),
    ("find buyer two keys", lambda m, i: m.find_buyer(i["shop"], phone="13800000000", email="a@b.c"), InvalidInput, "exactly one"),
    ("find buyer unknown", lambda m, i: m.find_buyer(i["shop"], phone="13800000000"), NotFound, "no buyer"),
    ("return undelivered", lambda m, i: m.request_return(i["shop"], {
        "order_id": i["order"], "kind": "return", "reason": "no_reason"}), Conflict, "delivered"),
    ("report bad group", lambda m, i: m.report(i["shop"], group_by=["planet"]), InvalidInput, "group_by"),
    ("report bad range", lambda m, i: m.report(i["shop"], start_step=-4), InvalidInput, "start_step"),
    ("knowledge empty", lambda m, i: m.search_knowledge(i["shop"], "  "), InvalidInput, "query"),
    ("insights foreign", lambda m, i: m.auction_insights(i["shop"], "cmp_nothere1"), NotFound, "not found"),
    ("creators bad query", lambda m, i: m.search_creators({"limit": 0}), InvalidInput, "limit"),
]


@pytest.mark.parametrize("name,call,error,words", BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
def test_bad_input_raises_a_clear_error_and_changes_nothing(
    tiny: SimMarket, name: str, call: Callable[[SimMarket, dict[str, Any]], Any], error: type[MarketError], words: str
) -> None:
    ids = _ids(tiny)
    before = tiny.digest()
    with pytest.raises(error) as caught:
        call(tiny, ids)
    assert words.lower() in str(caught.value).lower()
    assert caught.value.code in ("not_found", "invalid_input", "conflict")
    assert tiny.digest() == before


def test_other_shops_ids_are_not_found(two_shops: SimMarket) -> None:
    a, b = (s.id for s in two_shops.list_shops())
    theirs = two_shops.list_campaigns(b)[0]
    product = two_shops.list_products(b)[0]
    before = two_shops.digest()
    with pytest.raises(NotFound):
        two_shops.get_campaign(a, theirs.id)
    with pytest.raises(NotFound):
        two_shops.update_campaign(a, theirs.id, {"status": "paused"})
    with pytest.raises(NotFound):
        two_shops.get_product(a, product.id)
    with pytest.raises(NotFound):
        two_shops.create_campaign(a, {"name": "steal", "product_id": product.id, "channel": "feed",
                                      "bid_type": "max_delivery", "daily_budget_fen": 100})
    with pytest.raises(NotFound):
        two_shops.auction_insights(a, theirs.id)
    order = two_shops.store.scalar("SELECT id FROM orders WHERE shop_id = ? LIMIT 1", (b,))
    with pytest.raises(NotFound):
        two_shops.get_order(a, order)
    assert two_shops.digest() == before
    assert all(c.shop_id == a for c in two_shops.list_campaigns(a))


def test_campaign_lifecycle_and_delivery(tiny: SimMarket) -> None:
    shop = tiny.list_shops()[0].id
    product = tiny.list_products(shop)[0]
    c = tiny.create_campaign(shop, {"name": "新品测试", "product_id": product.id, "channel": "feed",
                                    "bid_type": "cost_cap", "target_cost_fen": product.price_fen // 2,
                                    "daily_budget_fen": 20_000})
    assert c.status == "paused" and c.created_step == tiny.now().step  # new objects start paused
    start = tiny.now().step
    tiny.advance(4)
    assert not tiny.auction_insights(shop, c.id, start_step=start)
    tiny.update_campaign(shop, c.id, {"status": "active", "bid_multiplier": 1.5})
    tiny.advance(STEPS_PER_DAY)
    rows = tiny.auction_insights(shop, c.id, start_step=start)
    assert rows and all(r["channel"] == "feed" for r in rows)
    by_day: dict[int, int] = {}
    for r in rows:
        by_day[r["step"] // STEPS_PER_DAY] = by_day.get(r["step"] // STEPS_PER_DAY, 0) + r["spend_fen"]
    assert by_day and all(v <= 20_000 for v in by_day.values())
    assert all(0.0 <= r["win_rate"] <= 1.0 and len(r["landscape"]["win_k_fen"]) == 5 for r in rows)
    ended = tiny.update_campaign(shop, c.id, {"status": "ended"})
    assert ended.status == "ended"
    with pytest.raises(Conflict):
        tiny.update_campaign(shop, c.id, {"status": "active"})


def test_coupons_are_redeemed_and_cost_money(tiny: SimMarket) -> None:
    shop = tiny.list_shops()[0].id
    c = tiny.create_coupon(shop, {"name": "全场直减5元", "type": "direct", "discount_fen": 500, "stock": 40,
                                  "status": "active", "per_buyer_limit": 1})
    start = tiny.now().step
    tiny.advance(STEPS_PER_DAY)
    stats = tiny.coupon_stats(shop, c.id)
    assert 0 < stats["used"] <= 40 and stats["stock_left"] == 40 - stats["used"]
    assert stats["discount_fen"] <= 500 * stats["used"]
    ledger_coupon = sum(e.amount_fen for e in tiny.ledger(shop, start_step=start, kinds=["coupon"], limit=200)
                        if e.ref_id == c.id)
    assert ledger_coupon == stats["discount_fen"]
    claims = tiny.store.execute("SELECT buyer_id, COUNT(*) FROM coupon_claims WHERE coupon_id = ? GROUP BY buyer_id",
                                (c.id,)).fetchall()
    assert all(n <= 1 for _, n in claims)  # the per-buyer limit holds
    ended = tiny.end_coupon(shop, c.id)
    assert ended.status == "ended"
    with pytest.raises(Conflict):
        tiny.end_coupon(shop, c.id)


def test_collaboration_publishes_and_sells(tiny: SimMarket) -> None:
    shop = tiny.list_shops()[0].id
    product = max(tiny.list_products(shop), key=lambda p: p.appeal)
    creator = max(tiny.search_creators({"category": product.category, "limit": 100}), key=lambda c: c.followers)
    col = tiny.create_collaboration(shop, {"creator_id": creator.id, "product_id": product.id,
                                           "type": "fee_plus_commission", "fee_fen": creator.fee_fen,
                                           "commission_rate": creator.commission_rate})
    assert col.status == "proposed"
    tiny.advance(5 * STEPS_PER_DAY)
    col = tiny.get_collaboration(shop, col.id)
    assert col.status == "published" and col.fee_paid_fen == creator.fee_fen
    assert col.impressions > 0 and col.orders > 0 and col.gmv_fen > 0
    fee = sum(e.amount_fen for e in tiny.ledger(shop, kinds=["creator_fee"], limit=200) if e.ref_id == col.id)
    assert fee == creator.fee_fen


def test_search_finds_creators_and_knowledge_in_both_languages(tiny: SimMarket) -> None:
    shop = tiny.list_shops()[0].id
    zh = tiny.search_creators({"query": "护肤", "limit": 5})
    en = tiny.search_creators({"query": "skincare", "limit": 5})
    assert zh and en
    assert tiny.search_knowledge(shop, "退货")[0]["source"].startswith(("policy:", "product:"))
    assert tiny.search_knowledge(shop, "return refund")
