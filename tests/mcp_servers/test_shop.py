"""The shop server through the real protocol: catalog, buyers' own orders only, returns and product changes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from market import SimMarket
from market.types import Order
from mcp_servers.ads import build_ads_server
from mcp_servers.governance import approve_plan
from mcp_servers.runtime import ToolRuntime
from mcp_servers.shop import build_shop_server
from tests.mcp_servers.conftest import data, error_text, open_copy, seed_file

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five days of history, so some orders are delivered and can be returned."""
    return seed_file(tmp_path_factory.mktemp("shop"), history_days=5)


@pytest.fixture
def m(world_file: Path, tmp_path: Path) -> Iterator[SimMarket]:
    market = open_copy(world_file, tmp_path)
    yield market
    market.close()


@pytest.fixture
def srv(m: SimMarket) -> MCPServer:
    """Ads (for commit_plan) and shop tools on one server."""
    rt = ToolRuntime(m)
    server = build_ads_server(rt)
    build_shop_server(rt, server)
    return server


def _shop(m: SimMarket) -> str:
    return m.list_shops()[0].id


def _orders(m: SimMarket, status: str | None = None) -> list[Order]:
    shop = _shop(m)
    ids = [r[0] for r in m.store.execute("SELECT id FROM orders WHERE shop_id = ? ORDER BY id", (shop,)).fetchall()]
    orders = [m.get_order(shop, i).order for i in ids]
    return [o for o in orders if status is None or o.status == status]


def _delivered(m: SimMarket, *, exception: bool, variants: bool | None = None) -> Order:
    shop = _shop(m)
    for o in _orders(m, "delivered"):
        p = m.get_product(shop, o.lines[0].product_id)
        if p.return_exception == exception and (variants is None or bool(p.variants) == variants):
            return o
    pytest.skip("no delivered order of that kind in this world")


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


async def test_catalog_reads_hide_the_simulator_truth(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    async with Client(srv) as c:
        ids, cursor = [], None
        while True:
            page = data(await c.call_tool("list_products", {"limit": 1, **({"cursor": cursor} if cursor else {})}))
            assert "appeal" not in _keys(page)
            ids += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert ids == [p.id for p in m.list_products(shop)]
        product = next(p for p in m.list_products(shop) if p.variants and p.faq)
        full = data(await c.call_tool("get_product", {"product_id": product.id}))
        assert not {"appeal", "key"} & _keys(full)
        assert (full["price_fen"], full["variants"], full["return_exception"]) == (
            product.price_fen, product.variants, product.return_exception)
        assert full["faq"] == [f.model_dump() for f in product.faq] and full["attributes"] == product.attributes
        assert "not_found" in error_text(await c.call_tool("get_product", {"product_id": "prd_nothing0"}))
        assert "invalid cursor" in error_text(await c.call_tool("list_products", {"cursor": "not-a-cursor"}))
        for q in ("怎么换尺码", "how do I exchange for a different size"):
            found = data(await c.call_tool("search_knowledge", {"query": q, "limit": 3}))
            assert found["entries"] and found["entries"][0]["source"] == "policy:exchange"
            assert len(found["entries"]) <= 3
        tools = {t.name: t for t in (await c.list_tools()).tools}
        for name in ("list_products", "get_product"):
            assert "appeal" not in json.dumps(tools[name].output_schema)


async def test_find_buyer_masks_contacts_and_needs_exactly_one_identifier(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    order = _orders(m)[0]
    buyer = m.find_buyer(shop, order_id=order.id)
    async with Client(srv) as c:
        results = [await c.call_tool("find_buyer", args) for args in (
            {"phone": buyer.phone}, {"phone": f"+86 {buyer.phone[:3]}-{buyer.phone[3:]}"}, {"email": buyer.email},
            {"order_id": order.id})]
        for r in results:
            found = data(r)
            assert found["buyer_id"] == buyer.id
            assert found["phone_masked"] == f"{buyer.phone[:3]}****{buyer.phone[-4:]}"
            assert re.fullmatch(r"1\d{2}\*{4}\d{4}", found["phone_masked"])
            assert found["name_masked"][0] == buyer.name[0] and found["name_masked"] != buyer.name
            text = json.dumps(found, ensure_ascii=False)
            assert buyer.phone not in text and buyer.email not in text and buyer.address not in text
        two = error_text(await c.call_tool("find_buyer", {"phone": buyer.phone, "order_id": order.id}))
        assert "exactly one" in two
        assert "exactly one" in error_text(await c.call_tool("find_buyer", {}))
        assert "not_found" in error_text(await c.call_tool("find_buyer", {"phone": "13000000000"}))
        assert "not_found" in error_text(await c.call_tool("find_buyer", {"order_id": "ord_nothing0"}))


async def test_order_tools_only_show_the_buyers_own_orders(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    orders = _orders(m, "delivered")
    mine = orders[0]
    other = next(o for o in orders if o.buyer_id != mine.buyer_id)
    async with Client(srv) as c:
        listed = data(await c.call_tool("list_orders", {"buyer_id": mine.buyer_id, "limit": 50}))
        assert {i["id"] for i in listed["items"]} == {o.id for o in m.list_orders(shop, mine.buyer_id, limit=50)}
        assert mine.id in {i["id"] for i in listed["items"]} and other.id not in {i["id"] for i in listed["items"]}
        view = data(await c.call_tool("get_order", {"order_id": mine.id, "buyer_id": mine.buyer_id}))
        assert (view["paid_fen"], view["status"], view["tracking_no"]) == (mine.paid_fen, "delivered", mine.tracking_no)
        assert [i["qty"] for i in view["items"]] == [ln.qty for ln in mine.lines]
        assert [e["status"] for e in view["timeline"]] == ["paid", "shipped", "delivered"]
        track = data(await c.call_tool("track_shipment", {"order_id": mine.id, "buyer_id": mine.buyer_id}))
        assert track["events"] and track["events"][-1]["status"] == "delivered"
        assert track["events"] == [e.model_dump() for e in m.track_shipment(shop, mine.id)]

        wrong = error_text(await c.call_tool("get_order", {"order_id": other.id, "buyer_id": mine.buyer_id}))
        missing = error_text(await c.call_tool("get_order", {"order_id": "ord_nothing0", "buyer_id": mine.buyer_id}))
        assert wrong.startswith("Error executing tool get_order: [not_found]")
        assert wrong.replace(other.id, "X") == missing.replace("ord_nothing0", "X")
        assert str(other.paid_fen) not in wrong
        assert "[not_found]" in error_text(await c.call_tool("track_shipment", {"order_id": other.id,
                                                                                "buyer_id": mine.buyer_id}))
        assert "[not_found]" in error_text(await c.call_tool("list_orders", {"buyer_id": "byr_nobody00"}))
        assert "invalid cursor" in error_text(await c.call_tool("list_orders", {"buyer_id": mine.buyer_id,
                                                                                "cursor": "@@"}))


async def test_price_changes_apply_only_after_commit_and_within_the_policy(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    product = m.list_products(shop)[0]
    price = product.price_fen
    async with Client(srv) as c:
        small = data(await c.call_tool("update_product", {"product_id": product.id, "price_fen": int(price * 1.05)}))
        assert small["status"] == "ready" and small["risk_tier"] == "low"
        assert small["diff"] == [{"field": "price_fen", "before": price, "after": int(price * 1.05)}]
        assert m.get_product(shop, product.id).price_fen == price
        await c.call_tool("commit_plan", {"plan_id": small["plan_id"], "checksum": small["checksum"],
                                          "idempotency_key": "price-1"})
        assert m.get_product(shop, product.id).price_fen == int(price * 1.05)

        price = int(price * 1.05)
        big = data(await c.call_tool("update_product", {"product_id": product.id, "price_fen": int(price * 0.8)}))
        assert big["status"] == "pending_approval" and big["risk_tier"] == "high"
        args = {"plan_id": big["plan_id"], "checksum": big["checksum"], "idempotency_key": "price-2"}
        assert "approval" in error_text(await c.call_tool("commit_plan", args))
        assert m.get_product(shop, product.id).price_fen == price
        approve_plan(m, shop, big["plan_id"], "merchant")
        data(await c.call_tool("commit_plan", args))
        assert m.get_product(shop, product.id).price_fen == int(price * 0.8)

        before = m.digest()
        cap = m.changes.spend_policy(shop).max_price_change_pct
        over = error_text(await c.call_tool("update_product", {"product_id": product.id,
                                                               "price_fen": int(price * 0.8 * (1 + cap + 0.05))}))
        assert "spend policy" in over and f"{cap:.0%}" in over
        assert "no change" in error_text(await c.call_tool("update_product", {"product_id": product.id}))
        assert "not_found" in error_text(await c.call_tool("update_product", {"product_id": "prd_nothing0",
                                                                              "stock": 5}))
        assert m.digest() == before
        stock = data(await c.call_tool("update_product", {"product_id": product.id, "stock": 10, "status": "off_shelf"}))
        await c.call_tool("commit_plan", {"plan_id": stock["plan_id"], "checksum": stock["checksum"],
                                          "idempotency_key": "stock-1"})
        after = m.get_product(shop, product.id)
        assert (after.stock, after.status, after.price_fen) == (10, "off_shelf", int(price * 0.8))


async def test_a_return_request_is_filed_once(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    order = _delivered(m, exception=False)
    async with Client(srv) as c:
        rr = data(await c.call_tool("request_return", {"order_id": order.id, "buyer_id": order.buyer_id,
                                                       "reason": "quality", "note": "线头开了"}))
        assert (rr["status"], rr["kind"], rr["reason"], rr["order_id"]) == ("requested", "return", "quality", order.id)
        stored = m.get_order(shop, order.id).returns
        assert [(r.id, r.status, r.kind) for r in stored] == [(rr["id"], "requested", "return")]
        before = m.digest()
        again = error_text(await c.call_tool("request_return", {"order_id": order.id, "buyer_id": order.buyer_id,
                                                                "reason": "quality"}))
        assert "[conflict]" in again and rr["id"] in again
        swap = error_text(await c.call_tool("request_exchange", {"order_id": order.id, "buyer_id": order.buyer_id,
                                                                 "variant_to": "x"}))
        assert "[conflict]" in swap
        view = data(await c.call_tool("get_order", {"order_id": order.id, "buyer_id": order.buyer_id}))
        assert [r["id"] for r in view["returns"]] == [rr["id"]]
    assert m.digest() == before


async def test_returns_and_exchanges_follow_the_policy(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    other_buyer = next(o.buyer_id for o in _orders(m))
    before = m.digest()
    async with Client(srv) as c:
        excluded = _delivered(m, exception=True)
        refused = error_text(await c.call_tool("request_return", {"order_id": excluded.id, "buyer_id": excluded.buyer_id,
                                                                  "reason": "no_reason"}))
        assert "[conflict]" in refused and "no-reason" in refused
        sized = _delivered(m, exception=False, variants=True)
        bad = error_text(await c.call_tool("request_exchange", {"order_id": sized.id, "buyer_id": sized.buyer_id,
                                                                "variant_to": "XXXL-不存在"}))
        assert "[invalid_input]" in bad and "variant_to" in bad
        stranger = next(b for b in (other_buyer, "byr_nobody00") if b != sized.buyer_id)
        assert "[not_found]" in error_text(await c.call_tool("request_return", {
            "order_id": sized.id, "buyer_id": stranger, "reason": "quality"}))
        unshipped = next(o for o in _orders(m, "paid"))
        early = error_text(await c.call_tool("request_return", {"order_id": unshipped.id,
                                                                "buyer_id": unshipped.buyer_id, "reason": "no_reason"}))
        assert "[conflict]" in early and "delivered" in early
        assert m.digest() == before

        variant = next(v for v in m.get_product(shop, sized.lines[0].product_id).variants if v != sized.lines[0].variant)
        ex = data(await c.call_tool("request_exchange", {"order_id": sized.id, "buyer_id": sized.buyer_id,
                                                         "variant_to": variant}))
        assert (ex["kind"], ex["variant_to"], ex["status"], ex["reason"]) == ("exchange", variant, "requested",
                                                                              "wrong_size")
        assert [r.id for r in m.get_order(shop, sized.id).returns] == [ex["id"]]


async def test_escalation_opens_a_ticket_for_the_buyers_own_order(srv: MCPServer, m: SimMarket) -> None:
    order = _orders(m)[0]
    other = next(o for o in _orders(m) if o.buyer_id != order.buyer_id)
    async with Client(srv) as c:
        t = data(await c.call_tool("escalate_to_human", {"reason": "买家要求人工", "summary": "询问发票开具",
                                                         "buyer_id": order.buyer_id, "order_id": order.id}))
        assert (t["status"], t["buyer_id"], t["order_id"]) == ("open", order.buyer_id, order.id)
        rows = m.store.execute("SELECT id, order_id, reason FROM escalations").fetchall()
        assert [tuple(r) for r in rows] == [(t["id"], order.id, "买家要求人工")]
        before = m.digest()
        assert "[not_found]" in error_text(await c.call_tool("escalate_to_human", {
            "reason": "x", "summary": "y", "buyer_id": order.buyer_id, "order_id": other.id}))
        assert "[invalid_input]" in error_text(await c.call_tool("escalate_to_human", {
            "reason": "x", "summary": "y", "order_id": order.id}))
        assert "[not_found]" in error_text(await c.call_tool("escalate_to_human", {
            "reason": "x", "summary": "y", "buyer_id": "byr_nobody00"}))
        assert m.digest() == before
        anonymous = data(await c.call_tool("escalate_to_human", {"reason": "咨询",
                                                                 "summary": "未登录访客问发货时间"}))
        assert anonymous["buyer_id"] is None


async def test_tool_annotations_are_honest(srv: MCPServer) -> None:
    async with Client(srv) as c:
        tools = {t.name: t for t in (await c.list_tools()).tools}
    kinds = {"list_products": "read", "get_product": "read", "search_knowledge": "read", "find_buyer": "read",
             "list_orders": "read", "get_order": "read", "track_shipment": "read", "update_product": "propose",
             "request_return": "write", "request_exchange": "write", "escalate_to_human": "write"}
    for name, kind in kinds.items():
        t = tools[name]
        assert t.meta is not None and t.meta["zhanggui/kind"] == kind, name
        assert t.annotations is not None and t.annotations.read_only_hint == (kind == "read"), name
        if kind != "read":
            assert t.annotations.idempotent_hint is False, name
        assert t.output_schema is not None, name
    assert tools["update_product"].meta["zhanggui/money_risk"] == "high"  # type: ignore[index]
    assert tools["request_return"].meta["zhanggui/money_risk"] == "none"  # type: ignore[index]


async def test_cancel_needs_the_buyers_yes_and_only_before_shipping(srv: MCPServer, m: SimMarket) -> None:
    shop = _shop(m)
    paid = _orders(m, "paid")[0]
    shipped = _orders(m, "shipped")[0]
    other = next(o for o in _orders(m) if o.buyer_id != paid.buyer_id)
    before = m.digest()
    async with Client(srv) as c:
        args = {"order_id": paid.id, "buyer_id": paid.buyer_id}
        assert "confirm" in error_text(await c.call_tool("cancel_order", {**args, "buyer_confirmed": False}))
        assert "not_found" in error_text(await c.call_tool("cancel_order", {
            "order_id": paid.id, "buyer_id": other.buyer_id, "buyer_confirmed": True}))
        assert m.digest() == before
        assert "conflict" in error_text(await c.call_tool("cancel_order", {
            "order_id": shipped.id, "buyer_id": shipped.buyer_id, "buyer_confirmed": True}))
        done = data(await c.call_tool("cancel_order", {**args, "buyer_confirmed": True, "reason": "拍错了"}))
        assert done["status"] == "cancelled"
        again = error_text(await c.call_tool("cancel_order", {**args, "buyer_confirmed": True}))
        assert "conflict" in again
    refunds = [e for e in m.ledger(shop, kinds=["refund"], limit=200) if e.ref_id == paid.id]
    assert [e.amount_fen for e in refunds] == [paid.paid_fen]
