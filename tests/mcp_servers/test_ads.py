"""The ads server through the real protocol: reads, proposals, commits, and the safety rules."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from market import STEPS_PER_DAY, SimMarket
from market.types.policy import SpendPolicy
from mcp_servers.governance import approve_plan, reject_plan
from tests.mcp_servers.conftest import data, error_text

pytestmark = pytest.mark.anyio


def _shop(m: SimMarket) -> str:
    return m.list_shops()[0].id


async def _propose_and_commit(c: Client, tool: str, args: dict[str, Any], key: str) -> dict[str, Any]:
    plan = data(await c.call_tool(tool, args))
    return data(await c.call_tool("commit_plan", {"plan_id": plan["plan_id"], "checksum": plan["checksum"],
                                                  "idempotency_key": key}))


async def test_reads_page_through_everything(server: MCPServer, market: SimMarket) -> None:
    async with Client(server) as c:
        first = data(await c.call_tool("list_campaigns", {"limit": 1}))
        ids = [first["items"][0]["id"]]
        cursor = first["next_cursor"]
        while cursor:
            page = data(await c.call_tool("list_campaigns", {"limit": 1, "cursor": cursor}))
            ids += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
        assert ids == [x.id for x in market.list_campaigns(_shop(market))]
        assert "invalid cursor" in error_text(await c.call_tool("list_campaigns", {"cursor": "%%%"}))
        report = data(await c.call_tool("get_report", {"days": 2, "group_by": ["lever"]}))
        assert sum(r["gmv_fen"] for r in report["rows"]) == report["totals"]["gmv_fen"]
        assert report["totals"]["gmv_fen"] == market.report(_shop(market), start_step=report["start_step"])[0].gmv_fen
        account = data(await c.call_tool("get_account", {}))
        assert account["spend_policy"] == SpendPolicy().model_dump()
        camp = market.list_campaigns(_shop(market))[0]
        insights = data(await c.call_tool("get_auction_insights", {"campaign_id": camp.id}))
        assert insights["days"] and all(0 <= d["win_rate"] <= 1 for d in insights["days"])
        assert sum(d["spend_fen"] for d in insights["days"]) == sum(
            r["spend_fen"] for r in market.auction_insights(_shop(market), camp.id))
        ledger = data(await c.call_tool("get_ledger", {"days": 1, "kinds": ["ad_spend"], "limit": 5}))
        assert len(ledger["entries"]) == 5 and all(e["kind"] == "ad_spend" for e in ledger["entries"])


async def test_report_over_an_explicit_period(server: MCPServer, market: SimMarket) -> None:
    market.advance(5)
    async with Client(server) as c:
        day0 = data(await c.call_tool("get_report", {"start_step": 0, "end_step": STEPS_PER_DAY, "group_by": ["channel"]}))
        assert (day0["start_step"], day0["end_step"]) == (0, STEPS_PER_DAY)
        assert day0["totals"]["gmv_fen"] == market.report(_shop(market), start_step=0, end_step=STEPS_PER_DAY)[0].gmv_fen
        later = data(await c.call_tool("get_report", {"start_step": STEPS_PER_DAY, "group_by": []}))
        assert later["end_step"] == market.now().step + 1
        assert "needs start_step" in error_text(await c.call_tool("get_report", {"end_step": 10}))
        assert "after start_step" in error_text(await c.call_tool("get_report", {"start_step": 10, "end_step": 10}))


async def test_create_then_activate_a_campaign(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    product = market.list_products(shop)[0]
    before = len(market.list_campaigns(shop))
    async with Client(server) as c:
        plan = data(await c.call_tool("create_campaign", {
            "name": "新品冷启动", "product_id": product.id, "channel": "feed", "bid_type": "roi_goal",
            "roi_goal": 2.5, "daily_budget_fen": 30_000, "activate": True}))
        # Proposing changes nothing; the policy says new objects start paused.
        assert plan["status"] == "ready" and plan["spend_delta_fen"] == 0
        assert len(market.list_campaigns(shop)) == before
        done = data(await c.call_tool("commit_plan", {"plan_id": plan["plan_id"], "checksum": plan["checksum"],
                                                      "idempotency_key": "create-1"}))
        camp = market.get_campaign(shop, done["target_id"])
        assert camp.status == "paused" and camp.daily_budget_fen == 30_000 and camp.roi_goal == 2.5
        on = await _propose_and_commit(c, "update_campaign", {"campaign_id": camp.id, "status": "active"}, "on-1")
        assert on["result"]["status"] == "active"
        assert market.get_campaign(shop, camp.id).status == "active"
        log = data(await c.call_tool("list_changes", {"limit": 50}))
        events = [(e["event"], e["plan_id"]) for e in log["entries"]]
        assert ("proposed", plan["plan_id"]) in events and ("committed", plan["plan_id"]) in events


async def test_a_replayed_commit_applies_once(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    camp = market.list_campaigns(shop)[0]
    async with Client(server) as c:
        new_budget = int(camp.daily_budget_fen * 1.2)
        plan = data(await c.call_tool("update_campaign", {"campaign_id": camp.id, "daily_budget_fen": new_budget}))
        args = {"plan_id": plan["plan_id"], "checksum": plan["checksum"], "idempotency_key": "k-1"}
        first = data(await c.call_tool("commit_plan", args))
        again = data(await c.call_tool("commit_plan", args))
        other_key = data(await c.call_tool("commit_plan", {**args, "idempotency_key": "k-2"}))
        assert not first["replayed"] and again["replayed"] and other_key["replayed"]
        assert again["result"] == first["result"]
        commits = [e for e in market.changes.audit_log(shop, limit=200) if e["event"] == "committed"]
        assert [e["plan_id"] for e in commits] == [plan["plan_id"]]
        assert market.get_campaign(shop, camp.id).daily_budget_fen == new_budget
        # A key belongs to one plan.
        plan2 = data(await c.call_tool("update_campaign", {"campaign_id": camp.id, "bid_multiplier": 1.1}))
        msg = error_text(await c.call_tool("commit_plan", {"plan_id": plan2["plan_id"], "checksum": plan2["checksum"],
                                                            "idempotency_key": "k-1"}))
        assert "already used" in msg


async def test_policy_refuses_and_nothing_is_stored(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    camp = market.list_campaigns(shop)[0]
    before = market.digest()
    async with Client(server) as c:
        over_cap = error_text(await c.call_tool("update_campaign", {"campaign_id": camp.id,
                                                                    "daily_budget_fen": 9_000_000}))
        assert "spend policy" in over_cap and "cap" in over_cap
        low_roi = error_text(await c.call_tool("update_campaign", {"campaign_id": camp.id, "roi_goal": 0.5,
                                                                   "target_cost_fen": None}))
        assert "policy" in low_roi or "applies to" in low_roi
        jump = error_text(await c.call_tool("update_campaign", {"campaign_id": camp.id,
                                                                "daily_budget_fen": camp.daily_budget_fen * 3}))
        assert "daily limit" in jump or "cap" in jump
        unknown = error_text(await c.call_tool("update_campaign", {"campaign_id": "cmp_nothere1", "status": "paused"}))
        assert "not_found" in unknown
        empty = error_text(await c.call_tool("update_campaign", {"campaign_id": camp.id}))
        assert "no change" in empty
    assert market.digest() == before


async def test_big_changes_wait_for_the_merchant(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    product = market.list_products(shop)[1]
    async with Client(server) as c:
        created = await _propose_and_commit(c, "create_campaign", {
            "name": "大促", "product_id": product.id, "channel": "search", "bid_type": "max_delivery",
            "daily_budget_fen": 200_000}, "big-create")
        plan = data(await c.call_tool("update_campaign", {"campaign_id": created["target_id"], "status": "active"}))
        assert plan["needs_approval"] and plan["status"] == "pending_approval" and plan["risk_tier"] == "high"
        args = {"plan_id": plan["plan_id"], "checksum": plan["checksum"], "idempotency_key": "big-on"}
        assert "approval" in error_text(await c.call_tool("commit_plan", args))
        assert market.get_campaign(shop, created["target_id"]).status == "paused"
        # No tool can approve: the approval is the operator channel's.
        names = {t.name for t in (await c.list_tools()).tools}
        assert not {n for n in names if "approve" in n or "policy" in n}
        approve_plan(market, shop, plan["plan_id"], operator="店主")
        done = data(await c.call_tool("commit_plan", args))
        assert done["result"]["status"] == "active"
        # A rejected plan cannot be committed.
        plan2 = data(await c.call_tool("update_campaign", {"campaign_id": created["target_id"],
                                                           "daily_budget_fen": 250_000}))
        reject_plan(market, shop, plan2["plan_id"], operator="店主", note="太贵")
        msg = error_text(await c.call_tool("commit_plan", {"plan_id": plan2["plan_id"], "checksum": plan2["checksum"],
                                                            "idempotency_key": "x"}))
        assert "rejected" in msg and "太贵" in msg


async def test_stale_expired_and_tampered_plans_are_refused(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    camp = market.list_campaigns(shop)[0]
    async with Client(server) as c:
        stale = data(await c.call_tool("update_campaign", {"campaign_id": camp.id, "bid_multiplier": 1.2}))
        market.update_campaign(shop, camp.id, {"bid_multiplier": 0.9})  # someone else changed it
        msg = error_text(await c.call_tool("commit_plan", {"plan_id": stale["plan_id"], "checksum": stale["checksum"],
                                                            "idempotency_key": "s"}))
        assert "changed since" in msg
        assert data(await c.call_tool("get_plan", {"plan_id": stale["plan_id"]}))["status"] == "stale"
        bad = data(await c.call_tool("update_campaign", {"campaign_id": camp.id, "bid_multiplier": 1.3}))
        msg = error_text(await c.call_tool("commit_plan", {"plan_id": bad["plan_id"], "checksum": "0" * 16,
                                                            "idempotency_key": "t"}))
        assert "checksum" in msg
        late = data(await c.call_tool("update_campaign", {"campaign_id": camp.id, "bid_multiplier": 1.4}))
        market.advance(SpendPolicy().plan_ttl_steps + 1)
        msg = error_text(await c.call_tool("commit_plan", {"plan_id": late["plan_id"], "checksum": late["checksum"],
                                                            "idempotency_key": "u"}))
        assert "expired" in msg
    assert market.get_campaign(shop, camp.id).bid_multiplier == 0.9


async def test_policy_is_checked_again_at_commit(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    camp = market.list_campaigns(shop)[0]
    async with Client(server) as c:
        plan = data(await c.call_tool("update_campaign", {"campaign_id": camp.id, "roi_goal": 1.5})) \
            if camp.bid_type == "roi_goal" else \
            data(await c.call_tool("update_campaign", {"campaign_id": camp.id, "bid_multiplier": 2.5}))
        tighter = SpendPolicy(min_roi_goal=2.0, max_bid_multiplier=2.0)
        market.changes.set_spend_policy(shop, tighter, operator="店主")
        msg = error_text(await c.call_tool("commit_plan", {"plan_id": plan["plan_id"], "checksum": plan["checksum"],
                                                            "idempotency_key": "p"}))
        assert "now breaks" in msg
    assert market.get_campaign(shop, camp.id) == camp
    assert any(e["event"] == "policy_changed" for e in market.changes.audit_log(shop, limit=200))


async def test_creatives_start_paused_and_go_live_by_plan(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    product = market.list_products(shop)[0]
    async with Client(server) as c:
        crv = data(await c.call_tool("create_creative", {"product_id": product.id, "title": "三秒看懂", "hook": "真实对比",
                                                         "script": "开头展示使用前后的真实对比，然后讲清三个卖点和限时优惠。",
                                                         "selling_points": product.selling_points_zh[:2]}))
        assert crv["status"] == "paused"
        done = await _propose_and_commit(c, "set_creative_status", {"creative_id": crv["id"], "status": "active"}, "c1")
        assert done["result"]["status"] == "active"
        assert "quality" in crv  # the model may see quality as the platform's material score


async def test_overall_plan_delivers_within_budget(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    ids = [p.id for p in market.list_products(shop)]
    async with Client(server) as c:
        created = await _propose_and_commit(c, "create_overall_plan", {
            "name": "全店全域", "product_ids": ids, "roi_goal": 2.0, "daily_budget_fen": 40_000}, "pln-1")
        await _propose_and_commit(c, "update_overall_plan", {"plan_id": created["target_id"], "status": "active"},
                                  "pln-on")
    start = market.now().step
    market.advance(STEPS_PER_DAY)
    rows = market.auction_insights(shop, created["target_id"], start_step=start)
    spend = sum(r["spend_fen"] for r in rows)
    assert 0 < spend <= 40_000 * 2  # the day may straddle a midnight: two daily budgets at most
    assert {r["channel"] for r in rows} >= {"feed", "search"}


def test_tool_catalog_contract(server: MCPServer) -> None:
    async def catalog() -> list[Any]:
        async with Client(server) as c:
            return (await c.list_tools()).tools

    tools = anyio.run(catalog)
    names = [t.name for t in tools]
    assert len(names) == len(set(names))
    for t in tools:
        assert t.description and t.output_schema, t.name
        assert t.meta and t.meta.get("zhanggui/kind") in ("read", "propose", "commit", "write"), t.name
        assert t.meta.get("zhanggui/money_risk") in ("none", "low", "high"), t.name
        assert t.annotations is not None
        if t.meta["zhanggui/kind"] == "read":
            assert t.annotations.read_only_hint is True, t.name
        else:
            assert t.annotations.read_only_hint is False, t.name
        for prop, schema in t.input_schema.get("properties", {}).items():
            assert schema.get("description"), f"{t.name}.{prop} has no description"
        assert "shop_id" not in t.input_schema.get("properties", {}), "the merchant never comes from arguments"


async def test_small_budget_steps_add_up_to_the_daily_limit(server: MCPServer, market: SimMarket) -> None:
    shop = _shop(market)
    camp = next(c for c in market.list_campaigns(shop) if c.status == "active")
    base = camp.daily_budget_fen
    async with Client(server) as c:
        first = await _propose_and_commit(c, "update_campaign", {"campaign_id": camp.id,
                                                                 "daily_budget_fen": int(base * 1.3)}, "d1")
        assert first["result"]["daily_budget_fen"] == int(base * 1.3)
        # +30% again would be +69% on the day: refused although this step alone is +30%.
        msg = error_text(await c.call_tool("update_campaign", {"campaign_id": camp.id,
                                                               "daily_budget_fen": int(base * 1.69)}))
        assert "since the start of the day" in msg


async def test_a_goal_missing_for_its_bid_type_is_a_readable_tool_error(server: MCPServer, market: SimMarket) -> None:
    product = market.list_products(_shop(market))[0]
    async with Client(server) as c:
        msg = error_text(await c.call_tool("create_campaign", {
            "name": "x", "product_id": product.id, "channel": "feed", "bid_type": "roi_goal",
            "daily_budget_fen": 10_000}))
    assert "[invalid_input]" in msg and "roi_goal" in msg
