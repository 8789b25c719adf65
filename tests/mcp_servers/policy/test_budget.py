"""plan_budget through the real protocol: history from the ledger, an allocation within budget and target."""

from __future__ import annotations

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from market import SimMarket
from mcp_servers.policy.budget import history_rows, lever_target
from tests.mcp_servers.conftest import data, error_text

pytestmark = pytest.mark.anyio


async def test_allocation_respects_budget_and_target(server: MCPServer, market: SimMarket) -> None:
    before = market.digest()
    async with Client(server) as c:
        plan = data(await c.call_tool("plan_budget", {"budget_fen": 2_000_000, "roi_target": 2.0, "horizon_days": 7}))
    assert market.digest() == before
    assert plan["spend_fen"] <= 2_000_000
    assert sum(a["spend_fen"] for a in plan["allocations"]) == pytest.approx(plan["spend_fen"], abs=len(plan["allocations"]))
    if plan["status"] in ("ok", "target_limits_spend"):
        # The target is the overall ROI as the ledger counts it: natural sales included.
        assert plan["expected_overall_roi"] >= 2.0 - 1e-6
        assert plan["expected_overall_roi"] == pytest.approx(
            (plan["baseline_gmv_fen"] + plan["expected_gmv_fen"]) / plan["spend_fen"])
    assert plan["model"] and isinstance(plan["learned"], bool) and plan["why"] and plan["reasons"]


async def test_unreachable_target_comes_with_alternatives(server: MCPServer) -> None:
    async with Client(server) as c:
        plan = data(await c.call_tool("plan_budget", {"budget_fen": 1_000_000, "roi_target": 90.0}))
        assert plan["status"] == "target_unreachable" and plan["alternatives"]
        zero = data(await c.call_tool("plan_budget", {"budget_fen": 0}))
        assert zero["status"] == "zero_budget" and zero["spend_fen"] == 0
        assert "not_found" in error_text(await c.call_tool("plan_budget", {"budget_fen": 100, "product_ids": ["prd_nope"]}))
        assert "budget_fen" in error_text(await c.call_tool("plan_budget", {"budget_fen": -5}))


def test_history_rows_take_ads_per_channel_and_creators(market: SimMarket) -> None:
    shop = market.list_shops()[0].id
    rows = market.report(shop, start_step=0, end_step=48, group_by=["day", "product", "channel", "lever"])
    hist = history_rows(rows, {p.id for p in market.list_products(shop)})
    ads = sum(h.spend_fen for h in hist if h.lever in ("feed", "live", "search", "mall"))
    assert ads == market.report(shop, start_step=0, end_step=48)[0].ad_spend_fen
    assert {h.lever for h in hist} <= {"feed", "live", "search", "mall", "creator"}


def test_lever_target_counts_natural_sales() -> None:
    assert lever_target(3.0, 100_000, 100_000) == pytest.approx(2.0)  # 1 of the 3 comes without spend
    assert lever_target(3.0, 500_000, 100_000) is None  # natural sales alone meet it
    assert lever_target(None, 5, 5) is None and lever_target(2.0, 0, 0) == 2.0
