"""forecast through the real protocol: history from the daily report, complete days only."""

from __future__ import annotations

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from market import SimMarket
from tests.mcp_servers.conftest import data, error_text

pytestmark = pytest.mark.anyio


async def test_forecasts_from_complete_days(server: MCPServer, market: SimMarket) -> None:
    market.advance(10)  # day 1 is in progress: it must not count
    async with Client(server) as c:
        res = data(await c.call_tool("forecast_kpi", {"metric": "gmv_fen", "horizon_days": 3}))
    assert res["series"] == "gmv_fen" and len(res["points"]) == 3
    assert res["history_days"] == 1  # the tiny world has one simulated day of history
    shop = market.list_shops()[0].id
    day0 = market.report(shop, start_step=0, end_step=48)[0].gmv_fen
    assert day0 > 0
    assert all(p["low"] <= p["value"] <= p["high"] for p in res["points"])
    assert res["model"] and isinstance(res["learned"], bool) and res["why"]


async def test_bad_product_is_a_tool_error(server: MCPServer) -> None:
    async with Client(server) as c:
        assert "not_found" in error_text(await c.call_tool("forecast_kpi", {"product_id": "prd_nope"}))
        assert "horizon_days" in error_text(await c.call_tool("forecast_kpi", {"horizon_days": 0}))
