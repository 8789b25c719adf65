"""The creators server through the real protocol: search, proposals, commits, stats and the caps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from market import STEPS_PER_DAY, SimMarket
from market.types import Creator
from mcp_servers.ads import build_ads_server
from mcp_servers.creators import build_creators_server
from mcp_servers.governance import approve_plan
from mcp_servers.runtime import ToolRuntime
from tests.mcp_servers.conftest import data, error_text, open_copy, seed_file

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_file(tmp_path_factory.mktemp("creators"))


@pytest.fixture
def m(world_file: Path, tmp_path: Path) -> Iterator[SimMarket]:
    market = open_copy(world_file, tmp_path)
    yield market
    market.close()


@pytest.fixture
def srv(m: SimMarket) -> MCPServer:
    """Ads (for commit_plan) and creators tools on one server."""
    rt = ToolRuntime(m)
    server = build_ads_server(rt)
    build_creators_server(rt, server)
    return server


def _shop(m: SimMarket) -> str:
    return m.list_shops()[0].id


def _fitting_creator(m: SimMarket) -> tuple[str, Creator]:
    """A product of the shop and a creator of the same vertical (so a fair offer is accepted)."""
    for p in m.list_products(_shop(m)):
        creators = m.search_creators({"category": p.category, "max_fee_fen": 1_000_000, "limit": 100})
        if creators:
            return p.id, min(creators, key=lambda c: c.fee_fen)
    pytest.skip("no creator fits any product of this world")


async def _commit(c: Client, plan: dict[str, Any], key: str) -> dict[str, Any]:
    return data(await c.call_tool("commit_plan", {"plan_id": plan["plan_id"], "checksum": plan["checksum"],
                                                  "idempotency_key": key}))


async def test_search_pages_and_hides_content_quality(srv: MCPServer, m: SimMarket) -> None:
    async with Client(srv) as c:
        ids: list[str] = []
        cursor = None
        while True:
            page = data(await c.call_tool("search_creators", {"category": "apparel", "limit": 7,
                                                              **({"cursor": cursor} if cursor else {})}))
            ids += [i["id"] for i in page["items"]]
            assert all("content_quality" not in i and "audience_mix" not in i for i in page["items"])
            assert all(len(i["profile_zh"]) <= 200 and len(i["profile_en"]) <= 200 for i in page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert ids and ids == [x.id for x in m.search_creators({"category": "apparel", "limit": 100})]
        capped = data(await c.call_tool("search_creators", {"max_fee_fen": 100_000, "min_followers": 10_000}))
        assert capped["items"] and all(i["fee_fen"] <= 100_000 and i["followers"] >= 10_000 for i in capped["items"])
        target = m.search_creators({"category": "apparel", "limit": 1})[0]
        word_zh = target.profile_zh[:4]
        word_en = target.profile_en.split()[2]
        for q in (word_zh, word_en):
            found = data(await c.call_tool("search_creators", {"query": q, "limit": 100}))
            assert target.id in [i["id"] for i in found["items"]]
        one = data(await c.call_tool("get_creator", {"creator_id": target.id}))
        assert "content_quality" not in one
        assert one["estimated_views"] == int(target.followers * target.engagement_rate * 0.6)
        assert one["audience_mix"] == target.audience_mix and one["profile_zh"] == target.profile_zh[:200]
        assert "not_found" in error_text(await c.call_tool("get_creator", {"creator_id": "crt_nobody00"}))
        assert "invalid cursor" in error_text(await c.call_tool("search_creators", {"cursor": "%%%"}))
        assert "invalid cursor" in error_text(await c.call_tool("list_collaborations", {"cursor": "bm90LWEtY3Vyc29y"}))


async def test_collaboration_is_created_only_on_commit_and_can_be_cancelled(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    product_id, creator = _fitting_creator(m)
    async with Client(srv) as c:
        plan = data(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "fee_plus_commission", "fee_fen": 40_000,
            "commission_rate": 0.15}))
        assert plan["status"] == "ready" and plan["spend_delta_fen"] == 40_000 and plan["risk_tier"] == "medium"
        assert m.list_collaborations(shop) == []
        done = await _commit(c, plan, "col-1")
        col = m.get_collaboration(shop, done["target_id"])
        assert (col.creator_id, col.product_id, col.type, col.fee_fen, col.commission_rate, col.status) == (
            creator.id, product_id, "fee_plus_commission", 40_000, 0.15, "proposed")
        listed = data(await c.call_tool("list_collaborations", {"status": "proposed"}))
        assert [i["id"] for i in listed["items"]] == [col.id]
        assert data(await c.call_tool("list_collaborations", {"status": "published"}))["items"] == []
        stats = data(await c.call_tool("get_collaboration_stats", {"collaboration_id": col.id}))
        assert stats["status"] == "proposed" and stats["cost_fen"] == 0 and stats["roi"] is None

        end = data(await c.call_tool("end_collaboration", {"collaboration_id": col.id}))
        assert end["spend_delta_fen"] == -40_000 and end["risk_tier"] == "low"
        assert m.get_collaboration(shop, col.id).status == "proposed"
        await _commit(c, end, "end-1")
        assert m.get_collaboration(shop, col.id).status == "cancelled"
        again = error_text(await c.call_tool("end_collaboration", {"collaboration_id": col.id}))
        assert "already cancelled" in again
        assert "not_found" in error_text(await c.call_tool("get_collaboration_stats",
                                                           {"collaboration_id": "col_nothing0"}))


async def test_cpm_spend_is_the_estimated_views_times_the_rate(srv: MCPServer, m: SimMarket) -> None:
    product_id, creator = _fitting_creator(m)
    views = int(creator.followers * creator.engagement_rate * 0.6)
    async with Client(srv) as c:
        plan = data(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "cpm", "cpm_fen": 20_000}))
        assert plan["spend_delta_fen"] == 20_000 * views // 1000
        assert {d["field"] for d in plan["diff"]} == {"creator_id", "product_id", "type", "cpm_fen"}
        free = data(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "commission", "commission_rate": 0.2}))
        assert free["spend_delta_fen"] == 0 and free["risk_tier"] == "low"


async def test_over_cap_terms_are_refused_and_nothing_is_stored(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    product_id, creator = _fitting_creator(m)
    policy = m.changes.spend_policy(shop)
    before = m.digest()
    async with Client(srv) as c:
        fee = error_text(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "fixed_fee",
            "fee_fen": policy.max_creator_fee_fen + 1}))
        assert "spend policy" in fee and str(policy.max_creator_fee_fen) in fee
        rate = error_text(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "commission",
            "commission_rate": policy.max_commission_rate + 0.05}))
        assert "spend policy" in rate and "commission" in rate
        cpm = error_text(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "cpm", "cpm_fen": 10**9}))
        assert "estimated CPM fees" in cpm
        plan = error_text(await c.call_tool("set_commission_plan", {
            "product_id": product_id, "kind": "open", "commission_rate": policy.max_commission_rate + 0.05}))
        assert "spend policy" in plan
        assert "[invalid_input]" in error_text(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "fixed_fee", "fee_fen": 1000, "cpm_fen": 5}))
        assert "[invalid_input]" in error_text(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "fixed_fee"}))
        assert "[invalid_input]" in error_text(await c.call_tool("set_commission_plan", {
            "product_id": product_id, "kind": "exclusive", "commission_rate": 0.2}))
        assert "not_found" in error_text(await c.call_tool("create_collaboration", {
            "creator_id": "crt_nobody00", "product_id": product_id, "type": "fixed_fee", "fee_fen": 1000}))
        assert "not_found" in error_text(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": "prd_nothing0", "type": "fixed_fee", "fee_fen": 1000}))
        assert "not_found" in error_text(await c.call_tool("end_collaboration", {"collaboration_id": "col_nothing0"}))
    assert m.digest() == before
    assert m.changes.audit_log(shop, limit=50) == []


async def test_commission_plan_is_replaced_and_big_raises_wait_for_the_merchant(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    old = next(p for p in m.list_commission_plans(shop) if p.status == "active")
    creator = m.search_creators({"limit": 1})[0]
    async with Client(srv) as c:
        listed = data(await c.call_tool("list_commission_plans", {"product_id": old.product_id}))
        assert [p["id"] for p in listed["items"]] == [old.id]
        rate = round(old.commission_rate + 0.05, 2)
        plan = data(await c.call_tool("set_commission_plan", {
            "product_id": old.product_id, "kind": "targeted", "commission_rate": rate, "creator_ids": [creator.id]}))
        assert plan["status"] == "ready" and plan["spend_delta_fen"] == 0
        assert {d["field"]: (d["before"], d["after"]) for d in plan["diff"]}["commission_rate"] == (
            old.commission_rate, rate)
        assert [p.id for p in m.list_commission_plans(shop) if p.status == "active" and p.product_id == old.product_id
                ] == [old.id]
        done = await _commit(c, plan, "cpl-1")
        plans = {p.id: p for p in m.list_commission_plans(shop) if p.product_id == old.product_id}
        assert plans[old.id].status == "ended"
        new = plans[done["target_id"]]
        assert (new.status, new.kind, new.commission_rate, new.creator_ids) == ("active", "targeted", rate, [creator.id])

        jump = data(await c.call_tool("set_commission_plan", {
            "product_id": old.product_id, "kind": "open", "commission_rate": round(rate + 0.11, 2)}))
        assert jump["status"] == "pending_approval" and jump["needs_approval"] and jump["risk_tier"] == "high"
        refused = error_text(await c.call_tool("commit_plan", {"plan_id": jump["plan_id"], "checksum": jump["checksum"],
                                                               "idempotency_key": "cpl-2"}))
        assert "approval" in refused
        assert [p.id for p in m.list_commission_plans(shop) if p.product_id == old.product_id and p.status == "active"
                ] == [new.id]


async def test_stats_follow_a_published_collaboration(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    product_id, creator = _fitting_creator(m)
    fee = int(creator.fee_fen * 1.2)  # well above the asked fee: the creator accepts
    async with Client(srv) as c:
        plan = data(await c.call_tool("create_collaboration", {
            "creator_id": creator.id, "product_id": product_id, "type": "fee_plus_commission", "fee_fen": fee,
            "commission_rate": creator.commission_rate}))
        if plan["needs_approval"]:
            approve_plan(m, shop, plan["plan_id"], "merchant")
        col_id = (await _commit(c, plan, "col-stats"))["target_id"]
        m.advance(5 * STEPS_PER_DAY)
        col = m.get_collaboration(shop, col_id)
        stats = data(await c.call_tool("get_collaboration_stats", {"collaboration_id": col_id}))
    assert col.status == "published" and stats["status"] == "published"
    assert stats["views"] == col.impressions > 0 and stats["clicks"] == col.clicks
    assert (stats["orders"], stats["gmv_fen"], stats["commission_fen"]) == (col.orders, col.gmv_fen, col.commission_fen)
    assert stats["fees_paid_fen"] == fee == col.fee_paid_fen
    assert stats["cost_fen"] == fee + col.commission_fen
    assert stats["roi"] == round(col.gmv_fen / (fee + col.commission_fen), 3)


async def test_tool_annotations_are_honest(srv: MCPServer) -> None:
    async with Client(srv) as c:
        tools = {t.name: t for t in (await c.list_tools()).tools}
    kinds = {"search_creators": "read", "get_creator": "read", "list_collaborations": "read",
             "get_collaboration_stats": "read", "list_commission_plans": "read", "create_collaboration": "propose",
             "set_commission_plan": "propose", "end_collaboration": "propose"}
    for name, kind in kinds.items():
        t = tools[name]
        assert t.meta is not None and t.meta["zhanggui/kind"] == kind, name
        assert t.annotations is not None and t.annotations.read_only_hint == (kind == "read"), name
        assert t.output_schema is not None, name
        assert "content_quality" not in str(t.output_schema), name
