"""recommend_coupons through the real protocol: the shop's history in, a proposal-ready coupon out, nothing changed."""

from __future__ import annotations

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from market import SimMarket
from tests.mcp_servers.conftest import data, error_text

pytestmark = pytest.mark.anyio


async def test_recommendation_fits_the_cap_and_can_be_proposed(server: MCPServer, market: SimMarket) -> None:
    before = market.digest()
    async with Client(server) as c:
        plan = data(await c.call_tool("recommend_coupons", {"horizon_days": 7, "liability_cap_fen": 300_000}))
        assert market.digest() == before
        assert plan["model"] and isinstance(plan["learned"], bool) and plan["why"]
        assert plan["no_coupon"] == (not plan["recommendations"])
        for r in plan["recommendations"]:
            assert r["liability_fen"] <= 300_000
            assert r["expected"]["incremental_profit_fen"] > 0
        if plan["recommendations"]:
            best = plan["recommendations"][0]
            args = {k: best[k] for k in ("name", "type", "stock", "threshold_fen", "discount_fen", "percent_off",
                                         "max_discount_fen", "product_ids", "claim_days", "target", "target_segment")}
            proposal = data(await c.call_tool("create_coupon", args))
            assert proposal["plan_id"] and proposal["spend_delta_fen"] <= 300_000


async def test_bad_input_is_a_tool_error(server: MCPServer) -> None:
    async with Client(server) as c:
        assert "not_found" in error_text(await c.call_tool("recommend_coupons", {"product_ids": ["prd_nope"]}))
        assert "horizon_days" in error_text(await c.call_tool("recommend_coupons", {"horizon_days": 0}))


async def test_no_room_under_the_cap_means_no_coupon(server: MCPServer) -> None:
    async with Client(server) as c:
        plan = data(await c.call_tool("recommend_coupons", {"liability_cap_fen": 0}))
    assert plan["recommendations"] == [] and plan["no_coupon"]
