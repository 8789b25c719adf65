"""The coupons server through the real protocol, and the exact 凑单 search it uses (mcp_servers.cart)."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mcp import Client
from mcp.server.mcpserver import MCPServer

from market import STEPS_PER_DAY, SimMarket
from market.types import Coupon
from market.types.policy import SpendPolicy
from mcp_servers.ads import build_ads_server
from mcp_servers.cart import MAX_UNITS, CouponRule, Unit, best_split, order_discount
from mcp_servers.coupons import build_coupons_server
from mcp_servers.governance import approve_plan
from mcp_servers.runtime import ToolRuntime
from tests.mcp_servers.conftest import data, error_text

pytestmark = pytest.mark.anyio


@pytest.fixture
def srv(market: SimMarket) -> MCPServer:
    """The ads server (commit_plan lives there) with the coupon tools on it."""
    rt = ToolRuntime(market)
    s = build_ads_server(rt)
    build_coupons_server(rt, s)
    return s


def _shop(m: SimMarket) -> str:
    return m.list_shops()[0].id


def _prices(m: SimMarket) -> dict[str, int]:
    return {p.id: p.price_fen for p in m.list_products(_shop(m))}


async def _commit(c: Client, plan: dict[str, Any], key: str) -> dict[str, Any]:
    return data(await c.call_tool("commit_plan", {"plan_id": plan["plan_id"], "checksum": plan["checksum"],
                                                  "idempotency_key": key}))


async def _propose_and_commit(c: Client, tool: str, args: dict[str, Any], key: str) -> dict[str, Any]:
    return await _commit(c, data(await c.call_tool(tool, args)), key)


def _buyers(m: SimMarket) -> list[tuple[str, str | None]]:
    """(buyer_id, coupon_id) of the shop's orders."""
    rows = m.store.execute("SELECT buyer_id, coupon_id FROM orders WHERE shop_id = ? ORDER BY id", (_shop(m),))
    return [(r[0], r[1]) for r in rows]


# ---- reads -----------------------------------------------------------------------------------


async def test_list_and_stats(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    market.create_coupon(shop, {"name": "满100减10", "type": "threshold", "threshold_fen": 10_000,
                                "discount_fen": 1_000, "stock": 5})
    async with Client(srv) as c:
        ids, cursor = [], None
        while True:
            page = data(await c.call_tool("list_coupons", {"limit": 1, **({"cursor": cursor} if cursor else {})}))
            ids += [i["id"] for i in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert ids == [x.id for x in market.list_coupons(shop)] and len(ids) == 2
        drafts = data(await c.call_tool("list_coupons", {"status": "draft"}))
        assert [i["name"] for i in drafts["items"]] == ["满100减10"]
        assert "invalid cursor" in error_text(await c.call_tool("list_coupons", {"cursor": "%%%"}))
        seeded = market.list_coupons(shop, status="active")[0]
        stats = data(await c.call_tool("get_coupon_stats", {"coupon_id": seeded.id}))
        truth = market.coupon_stats(shop, seeded.id)
        assert stats["stock_left"] == seeded.stock and stats["used"] == seeded.used == truth["used"] > 0
        assert stats["discount_given_fen"] == truth["discount_fen"] == seeded.used * seeded.discount_fen
        assert stats["paid_gmv_fen"] == truth["paid_gmv_fen"] > 0 and stats["buyers"] == truth["buyers"]
        assert "[not_found]" in error_text(await c.call_tool("get_coupon_stats", {"coupon_id": "cpn_nope"}))


# ---- proposals and commits -------------------------------------------------------------------


async def test_create_commit_replay(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    before, liability = len(market.list_coupons(shop)), market.changes.coupon_liability(shop)
    async with Client(srv) as c:
        plan = data(await c.call_tool("create_coupon", {"name": "满100减10", "type": "threshold",
                                                         "threshold_fen": 10_000, "discount_fen": 1_000, "stock": 30}))
        assert plan["status"] == "ready" and plan["spend_delta_fen"] == 30_000 and plan["risk_tier"] == "medium"
        assert len(market.list_coupons(shop)) == before  # proposing changes nothing
        done = await _commit(c, plan, "cpn-1")
        again = await _commit(c, plan, "cpn-1")
    coupon = market.get_coupon(shop, done["target_id"])
    assert coupon.status == "draft" and coupon.stock == 30 and coupon.threshold_fen == 10_000  # new objects paused
    assert market.changes.coupon_liability(shop) == liability + 30_000
    assert again["replayed"] and again["result"] == done["result"] and len(market.list_coupons(shop)) == before + 1


async def test_create_active_when_the_policy_allows(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    market.changes.set_spend_policy(shop, SpendPolicy(new_objects_paused=False), "owner")
    async with Client(srv) as c:
        done = await _propose_and_commit(c, "create_coupon", {"name": "立减5元", "type": "direct",
                                                               "discount_fen": 500, "stock": 10}, "k")
    assert market.get_coupon(shop, done["target_id"]).status == "active"


async def test_create_refusals_store_nothing(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    before, liability = market.list_coupons(shop), market.changes.coupon_liability(shop)
    headroom = SpendPolicy().max_coupon_liability_fen - liability
    async with Client(srv) as c:
        over = error_text(await c.call_tool("create_coupon", {
            "name": "大额券", "type": "direct", "discount_fen": 1_000, "stock": headroom // 1_000 + 1}))
        assert "coupon liability" in over and "cap" in over
        assert "max_discount_fen" in error_text(await c.call_tool("create_coupon", {
            "name": "9折", "type": "percent", "percent_off": 0.1, "stock": 10}))
        assert "threshold_fen must exceed" in error_text(await c.call_tool("create_coupon", {
            "name": "满10减20", "type": "threshold", "threshold_fen": 1_000, "discount_fen": 2_000, "stock": 1}))
        assert "[not_found]" in error_text(await c.call_tool("create_coupon", {
            "name": "x", "type": "direct", "discount_fen": 100, "stock": 1, "product_ids": ["prd_nope"]}))
        unknown = error_text(await c.call_tool("create_coupon", {
            "name": "x", "type": "direct", "discount_fen": 100, "stock": 1, "target": "segment",
            "target_segment": "aliens"}))
        assert "unknown target_segment" in unknown and "student" in unknown
        ok = data(await c.call_tool("create_coupon", {"name": "9折", "type": "percent", "percent_off": 0.1,
                                                       "max_discount_fen": 3_000, "stock": 10}))
        assert ok["spend_delta_fen"] == 30_000  # stock x the cap
    assert market.list_coupons(shop) == before and market.changes.coupon_liability(shop) == liability


async def test_large_liability_waits_for_the_merchant(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    async with Client(srv) as c:
        plan = data(await c.call_tool("create_coupon", {"name": "满300减50", "type": "threshold",
                                                         "threshold_fen": 30_000, "discount_fen": 5_000, "stock": 100}))
        assert plan["needs_approval"] and plan["risk_tier"] == "high" and plan["spend_delta_fen"] == 500_000
        assert "approval" in error_text(await c.call_tool("commit_plan", {
            "plan_id": plan["plan_id"], "checksum": plan["checksum"], "idempotency_key": "a"}))
        approve_plan(market, shop, plan["plan_id"], "owner")
        done = await _commit(c, plan, "a")
    assert market.get_coupon(shop, done["target_id"]).stock == 100


async def test_activate_restock_end(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    draft = market.create_coupon(shop, {"name": "满100减10", "type": "threshold", "threshold_fen": 10_000,
                                        "discount_fen": 1_000, "stock": 20})
    base = market.changes.coupon_liability(shop)
    async with Client(srv) as c:
        plan = data(await c.call_tool("activate_coupon", {"coupon_id": draft.id}))
        assert plan["spend_delta_fen"] == 20_000 and plan["target_id"] == draft.id
        await _commit(c, plan, "on")
        assert market.get_coupon(shop, draft.id).status == "active"
        assert "[conflict]" in error_text(await c.call_tool("activate_coupon", {"coupon_id": draft.id}))
        plan = data(await c.call_tool("add_coupon_stock", {"coupon_id": draft.id, "amount": 15}))
        assert plan["spend_delta_fen"] == 15_000
        await _commit(c, plan, "more")
        assert market.get_coupon(shop, draft.id).stock == 35
        assert market.changes.coupon_liability(shop) == base + 15_000
        plan = data(await c.call_tool("end_coupon", {"coupon_id": draft.id}))
        assert plan["spend_delta_fen"] == -35_000 and plan["risk_tier"] == "low" and not plan["needs_approval"]
        await _commit(c, plan, "end")
        assert market.get_coupon(shop, draft.id).status == "ended"
        assert market.changes.coupon_liability(shop) == base - 20_000
        assert "[conflict]" in error_text(await c.call_tool("end_coupon", {"coupon_id": draft.id}))
        assert "[not_found]" in error_text(await c.call_tool("activate_coupon", {"coupon_id": "cpn_nope"}))
        assert "[not_found]" in error_text(await c.call_tool("add_coupon_stock", {"coupon_id": "cpn_nope",
                                                                                   "amount": 1}))


async def test_restock_over_the_cap_is_refused(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    seeded = market.list_coupons(shop, status="active")[0]
    headroom = SpendPolicy().max_coupon_liability_fen - market.changes.coupon_liability(shop)
    async with Client(srv) as c:
        text = error_text(await c.call_tool("add_coupon_stock", {
            "coupon_id": seeded.id, "amount": headroom // seeded.discount_fen + 1}))
    assert "over the cap" in text and market.get_coupon(shop, seeded.id).stock == seeded.stock


async def test_a_plan_goes_stale_when_the_coupon_changes(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    draft = market.create_coupon(shop, {"name": "满100减10", "type": "threshold", "threshold_fen": 10_000,
                                        "discount_fen": 1_000, "stock": 20})
    async with Client(srv) as c:
        plan = data(await c.call_tool("activate_coupon", {"coupon_id": draft.id}))
        market.add_coupon_stock(shop, draft.id, 5)  # someone else changed it meanwhile
        text = error_text(await c.call_tool("commit_plan", {"plan_id": plan["plan_id"], "checksum": plan["checksum"],
                                                            "idempotency_key": "late"}))
        assert "changed since" in text
        assert market.get_coupon(shop, draft.id).status == "draft"
        assert data(await c.call_tool("get_plan", {"plan_id": plan["plan_id"]}))["status"] == "stale"
        fresh = data(await c.call_tool("activate_coupon", {"coupon_id": draft.id}))
        assert fresh["spend_delta_fen"] == 25_000
        await _commit(c, fresh, "again")
    assert market.get_coupon(shop, draft.id).status == "active"


async def test_set_smart_coupon_reuses_the_campaign_change(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    camp = next(x for x in market.list_campaigns(shop) if x.smart_coupon)
    async with Client(srv) as c:
        plan = data(await c.call_tool("set_smart_coupon", {"campaign_id": camp.id, "enabled": False}))
        assert plan["spend_delta_fen"] == 0 and plan["tool"] == "set_smart_coupon"
        assert [(d["field"], d["before"], d["after"]) for d in plan["diff"]] == [("smart_coupon", True, False)]
        await _commit(c, plan, "off")
        assert "[conflict]" in error_text(await c.call_tool("set_smart_coupon", {"campaign_id": camp.id,
                                                                                  "enabled": False}))
        assert "[not_found]" in error_text(await c.call_tool("set_smart_coupon", {"campaign_id": "cmp_nope",
                                                                                   "enabled": True}))
    after = market.get_campaign(shop, camp.id)
    assert after.smart_coupon is False and after.daily_budget_fen == camp.daily_budget_fen


async def test_service_coupons(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    buyer = _buyers(market)[0][0]
    async with Client(srv) as c:
        over = error_text(await c.call_tool("issue_service_coupon", {"buyer_id": buyer, "amount_fen": 2_500,
                                                                     "reason": "late delivery"}))
        assert "cap of 2000" in over
        assert "[not_found]" in error_text(await c.call_tool("issue_service_coupon", {
            "buyer_id": "byr_nope", "amount_fen": 500, "reason": "late delivery"}))
        # Two proposals for the same buyer: the first commit makes the second stale.
        args = {"buyer_id": buyer, "amount_fen": 1_500, "reason": "late delivery"}
        first = data(await c.call_tool("issue_service_coupon", args))
        second = data(await c.call_tool("issue_service_coupon", args))
        assert first["spend_delta_fen"] == 1_500 and first["risk_tier"] == "medium"
        done = await _commit(c, first, "svc-1")
        assert "changed since" in error_text(await c.call_tool("commit_plan", {
            "plan_id": second["plan_id"], "checksum": second["checksum"], "idempotency_key": "svc-2"}))
        assert "already got service coupon" in error_text(await c.call_tool("issue_service_coupon", args))
        coupon = market.get_coupon(shop, done["target_id"])
        assert (coupon.kind, coupon.buyer_id, coupon.discount_fen, coupon.status) == ("service", buyer, 1_500,
                                                                                      "active")
        assert sum(x.kind == "service" for x in market.list_coupons(shop)) == 1
        market.advance(STEPS_PER_DAY)  # the next day another one is fine
        assert data(await c.call_tool("issue_service_coupon", args))["status"] == "ready"


# ---- 凑单 through the tool -------------------------------------------------------------------


async def test_best_price_plan_splits_the_cart(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    price = _prices(market)
    a, b, c_, d = sorted(price, key=price.__getitem__)  # 38.90, 94.90, 120.90, 200.90 yuan
    assert [price[x] for x in (a, b, c_, d)] == [3_890, 9_490, 12_090, 20_090]
    seeded = market.list_coupons(shop)[0]  # 满199减20, every product
    y = market.create_coupon(shop, {"name": "满100减15", "type": "threshold", "threshold_fen": 10_000,
                                    "discount_fen": 1_500, "stock": 5, "status": "active"})
    z = market.create_coupon(shop, {"name": "满120减12", "type": "threshold", "threshold_fen": 12_000,
                                    "discount_fen": 1_200, "stock": 5, "product_ids": [c_], "status": "active"})
    market.create_coupon(shop, {"name": "草稿", "type": "direct", "discount_fen": 9_000, "stock": 5})  # draft: unusable
    cart = [{"product_id": x, "qty": 1} for x in (d, c_, b, a)]
    async with Client(srv) as c:
        plan = data(await c.call_tool("best_price_plan", {"items": cart}))
        # By hand: one order takes at most 20.00 off (满199减20 on 455.60). Split: d alone reaches 199 (-20),
        # c_ alone reaches 120 for 满120减12 (-12), b + a = 133.80 reaches 100 (-15): every coupon, 47.00 off.
        assert plan["list_fen"] == 45_560 and plan["pay_fen"] == 40_860 and plan["saved_fen"] == 4_700
        got = {o["coupon_id"]: sorted(i["product_id"] for i in o["items"]) for o in plan["orders"]}
        assert got == {seeded.id: [d], z.id: [c_], y.id: sorted([a, b])}
        assert {o["coupon_id"]: o["pay_fen"] for o in plan["orders"]} == {
            seeded.id: 18_090, z.id: 10_890, y.id: 11_880}
        single = plan["single_order"]
        assert (single["coupon_id"], single["discount_fen"], single["pay_fen"]) == (seeded.id, 2_000, 43_560)
        assert sorted(plan["coupons_considered"]) == sorted([seeded.id, y.id, z.id])
        assert plan["explanation"].startswith("Split into 3 orders")

        # No split helps: b + a (133.80) gets 满100减15 at best, in one order.
        small = data(await c.call_tool("best_price_plan", {"items": [{"product_id": a, "qty": 1},
                                                                      {"product_id": b, "qty": 1}]}))
        assert [o["coupon_id"] for o in small["orders"]] == [y.id] and small["pay_fen"] == 13_380 - 1_500

        # The limit is on units, not lines; a full 15-unit cart runs through the exact search.
        too_many = error_text(await c.call_tool("best_price_plan", {"items": [{"product_id": a, "qty": 9},
                                                                              {"product_id": b, "qty": 7}]}))
        assert "16 units" in too_many and "at most 15" in too_many
        assert "[not_found]" in error_text(await c.call_tool("best_price_plan", {
            "items": [{"product_id": "prd_nope", "qty": 1}]}))
        full = data(await c.call_tool("best_price_plan", {"items": [{"product_id": x, "qty": n} for x, n in
                                                                    ((a, 4), (b, 4), (c_, 4), (d, 3))]}))
        assert sum(i["qty"] for o in full["orders"] for i in o["items"]) == 15
        assert full["pay_fen"] == full["list_fen"] - 4_700  # every coupon fits, each once


async def test_best_price_plan_for_a_buyer(srv: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    price = _prices(market)
    a = min(price, key=price.__getitem__)
    seeded = market.list_coupons(shop)[0]
    orders = _buyers(market)
    used_it = next(byr for byr, cpn in orders if cpn == seeded.id)
    fresh = next(byr for byr, _ in orders if all(cpn != seeded.id for b2, cpn in orders if b2 == byr))
    mine = market.issue_service_coupon(shop, fresh, 500, "late delivery")
    cart = {"items": [{"product_id": a, "qty": 6}]}  # 233.40 yuan
    async with Client(srv) as c:
        anyone = data(await c.call_tool("best_price_plan", cart))
        assert anyone["coupons_considered"] == [seeded.id] and anyone["pay_fen"] == 23_340 - 2_000
        theirs = data(await c.call_tool("best_price_plan", {**cart, "buyer_id": fresh}))
        # 满199减20 needs 6 units (5 list at 194.50); the service coupon (立减5) needs its own order: not worth it.
        assert sorted(theirs["coupons_considered"]) == sorted([seeded.id, mine.id])
        assert theirs["pay_fen"] == 23_340 - 2_000
        seven = data(await c.call_tool("best_price_plan", {"items": [{"product_id": a, "qty": 7}], "buyer_id": fresh}))
        assert seven["pay_fen"] == 7 * 3_890 - 2_500 and len(seven["orders"]) == 2
        other = data(await c.call_tool("best_price_plan", {**cart, "buyer_id": used_it}))
        assert seeded.id not in other["coupons_considered"] and mine.id not in other["coupons_considered"]
        assert other["pay_fen"] == 23_340 and other["explanation"].startswith("No usable coupon")


# ---- the exact search (mcp_servers.cart) -----------------------------------------------------


def _partitions(items: list[int]) -> list[list[list[int]]]:
    if not items:
        return [[]]
    first, out = items[0], []
    for p in _partitions(items[1:]):
        for i in range(len(p)):
            out.append(p[:i] + [[first, *p[i]]] + p[i + 1 :])
        out.append([[first], *p])
    return out


def _brute_force_pay(units: list[Unit], rules: list[CouponRule]) -> int:
    """Every set partition of the units into orders, and every way to give each order at most one coupon that
    no other order uses."""
    best = 0
    for blocks in _partitions(list(range(len(units)))):
        off = [[order_discount([units[i] for i in blk], r) for r in rules] for blk in blocks]
        # ways[used] = the largest discount over the blocks so far with exactly the coupons in `used` given out
        ways = {frozenset(): 0}
        for row in off:
            nxt = dict(ways)
            for used, total in ways.items():
                for k, d in enumerate(row):
                    if k not in used and nxt.get(used | {k}, -1) < total + d:
                        nxt[used | {k}] = total + d
            ways = nxt
        best = max(best, *ways.values())
    return sum(u.price_fen for u in units) - best


_PRODUCTS = ["p0", "p1", "p2", "p3"]


@st.composite
def _rules(draw: st.DrawFn) -> list[CouponRule]:
    out = []
    for k in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["threshold", "direct", "percent"]))
        products = frozenset(draw(st.lists(st.sampled_from(_PRODUCTS), max_size=2)))
        if kind == "threshold":
            d = draw(st.integers(1, 50)) * 100
            out.append(CouponRule(f"c{k}", "threshold", threshold_fen=d + draw(st.integers(1, 250)) * 100,
                                  discount_fen=d, product_ids=products))
        elif kind == "direct":
            out.append(CouponRule(f"c{k}", "direct", discount_fen=draw(st.integers(1, 80)) * 100, product_ids=products))
        else:
            out.append(CouponRule(f"c{k}", "percent", threshold_fen=draw(st.sampled_from([0, 5_000, 15_000])),
                                  percent_off=draw(st.sampled_from([0.05, 0.1, 0.15, 0.33])),
                                  max_discount_fen=draw(st.integers(1, 60)) * 100, product_ids=products))
    return out


@settings(max_examples=150, deadline=None)
@given(prices=st.lists(st.integers(100, 25_000), min_size=4, max_size=4),
       cart=st.lists(st.sampled_from(range(4)), max_size=7), rules=_rules())
def test_best_split_matches_brute_force(prices: list[int], cart: list[int], rules: list[CouponRule]) -> None:
    units = [Unit(_PRODUCTS[i], prices[i]) for i in cart]
    plan = best_split(units, rules)
    assert plan.pay_fen == _brute_force_pay(units, rules)
    # The plan itself is valid: a partition of the units, each coupon once, each discount by the rules.
    assert sorted(i for o in plan.orders for i in o.units) == list(range(len(units)))
    used = [o.coupon_id for o in plan.orders if o.coupon_id]
    assert len(used) == len(set(used))
    by_id = {r.coupon_id: r for r in rules}
    for o in plan.orders:
        lines = [units[i] for i in o.units]
        assert o.list_fen == sum(u.price_fen for u in lines)
        assert o.discount_fen == (order_discount(lines, by_id[o.coupon_id]) if o.coupon_id else 0)
    assert plan.pay_fen <= plan.single_order.pay_fen <= plan.list_fen


def test_best_split_matches_brute_force_when_coupons_compete() -> None:
    """Several 满减 coupons fighting over few units: where a greedy split goes wrong."""
    rng = random.Random(0)
    for _ in range(200):
        prices = [rng.randint(100, 25_000) for _ in _PRODUCTS]
        units = [Unit(_PRODUCTS[i], prices[i]) for i in (rng.randrange(4) for _ in range(rng.randint(2, 7)))]
        rules = [CouponRule(f"c{k}", "threshold", threshold_fen=rng.randint(20, 300) * 100,
                            discount_fen=rng.randint(1, 19) * 100,
                            product_ids=frozenset(rng.sample(_PRODUCTS, 2)) if rng.random() < 0.3 else frozenset())
                 for k in range(rng.randint(2, 4))]
        assert best_split(units, rules).pay_fen == _brute_force_pay(units, rules), (units, rules)


def test_rules_match_the_market_coupon() -> None:
    rng = random.Random(7)
    amounts = np.array([0, 1, 99, 5_000, 9_999, 10_000, 10_001, 15_005, 33_335, 123_456] +
                       [rng.randint(0, 200_000) for _ in range(200)], dtype=np.int64)
    for kind, kw in (("threshold", {"threshold_fen": 10_000, "discount_fen": 1_500}),
                     ("direct", {"discount_fen": 2_000}),
                     ("percent", {"threshold_fen": 10_000, "percent_off": 0.15, "max_discount_fen": 4_000}),
                     ("percent", {"percent_off": 0.05})):
        rule = CouponRule("c", kind, **kw)  # type: ignore[arg-type]
        market = Coupon(id="cpn_x", shop_id="shp_x", name="x", type=kind, stock=1, claim_start_step=0,
                        claim_end_step=1, use_end_step=1, created_step=0, **kw)
        vector = rule.discounts(amounts)
        scalar = [rule.discount(int(x)) for x in amounts]
        assert scalar == [market.discount_for(int(x)) for x in amounts] == vector.tolist()


def test_fifteen_units_and_six_coupons() -> None:
    rng = random.Random(3)
    products = [f"p{i}" for i in range(15)]
    units = [Unit(p, rng.randint(2_000, 30_000)) for p in products]
    rules = [CouponRule("t1", "threshold", threshold_fen=19_900, discount_fen=2_000),
             CouponRule("t2", "threshold", threshold_fen=29_900, discount_fen=4_000),
             CouponRule("t3", "threshold", threshold_fen=9_900, discount_fen=800, product_ids=frozenset(products[:5])),
             CouponRule("d1", "direct", discount_fen=500),
             CouponRule("p1", "percent", percent_off=0.1, max_discount_fen=3_000),
             CouponRule("p2", "percent", threshold_fen=15_000, percent_off=0.2, max_discount_fen=5_000,
                        product_ids=frozenset(products[5:]))]
    plan = best_split(units, rules)
    assert sorted(i for o in plan.orders for i in o.units) == list(range(15))
    # Every coupon alone is reachable with disjoint units here, so the optimum is all of them at their caps.
    assert plan.saved_fen == 2_000 + 4_000 + 800 + 500 + 3_000 + 5_000
    with pytest.raises(ValueError, match="at most 15"):
        best_split(units + [units[0]], rules)
    assert MAX_UNITS == 15


def test_no_coupon_and_empty_cart() -> None:
    assert best_split([], []).pay_fen == 0
    plan = best_split([Unit("p", 500)], [CouponRule("c", "threshold", threshold_fen=1_000, discount_fen=100)])
    assert [(o.units, o.coupon_id, o.pay_fen) for o in plan.orders] == [((0,), None, 500)]
