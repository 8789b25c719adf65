"""recommend_bids through the real protocol: observations from the platform's reports, nothing changed."""

from __future__ import annotations

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from market import SimMarket
from mcp_servers.policy.bids import bid_observations
from models.bidding.pid import PIDPacer
from tests.mcp_servers.conftest import data, error_text

pytestmark = pytest.mark.anyio


async def test_recommends_for_goal_campaigns_and_skips_max_delivery(server: MCPServer, market: SimMarket) -> None:
    shop = market.list_shops()[0].id
    market.advance(6)
    before = market.digest()
    async with Client(server) as c:
        res = data(await c.call_tool("recommend_bids", {"policy": "pid"}))
    assert market.digest() == before
    active = {x.id: x for x in market.list_campaigns(shop, status="active")}
    got = {i["bidder_id"]: i for i in res["items"]}
    skipped = {s["bidder_id"] for s in res["skipped"]}
    assert set(got) | skipped == set(active)
    assert all(active[s].bid_type == "max_delivery" for s in skipped)
    assert got, "the tiny world has an ROI-goal campaign"
    _, pairs, _ = bid_observations(market, shop, [active[i] for i in got])
    for camp, obs in pairs:
        item = got[camp.id]
        # Today's spend is what the platform's budget accounting (auction insights) says since the day began;
        # the ledger books the same spend within a few fen per step.
        day_start = market.now().step - market.now().step % 48
        insights = market.auction_insights(shop, camp.id, start_step=day_start)
        assert item["spent_today_fen"] == int(sum(r["spend_fen"] for r in insights))
        rows = market.report(shop, start_step=day_start, end_step=market.now().step, group_by=["campaign"])
        booked = next(r.ad_spend_fen for r in rows if r.group.get("campaign") == camp.id)
        assert item["spent_today_fen"] == pytest.approx(booked, rel=0.03)
        assert item["recommended_multiplier"] == pytest.approx(PIDPacer().decide(obs).alpha, rel=1e-3)
        assert item["model"] == "pid" and item["learned"] is False and item["why"]
        assert len(obs.history) == 6 and len(obs.prior_days) == 1


async def test_unknown_or_foreign_ids_are_tool_errors(server: MCPServer) -> None:
    async with Client(server) as c:
        text = error_text(await c.call_tool("recommend_bids", {"bidder_ids": ["cmp_doesnotexist"]}))
        assert "not_found" in text
        text = error_text(await c.call_tool("recommend_bids", {"policy": "genius"}))
        assert "policy" in text
