"""McpToolbox against real MCP servers: a toy server in process, this repo's servers in process and over HTTP."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from agents.runtime import HttpTarget, McpToolbox, ToolboxError
from market import SimMarket
from mcp_servers.auth import StaticTokenVerifier
from mcp_servers.runtime import ToolRuntime
from mcp_servers.serve import build_server
from tests.agents.runtime.fake_openai import free_port
from tests.agents.runtime.toy_server import Counters, conflicting_server, toy_server
from tests.mcp_servers.conftest import open_copy, seed_file

pytestmark = pytest.mark.anyio

TOY = {"add", "write_note", "fail", "slow", "big", "plain"}
TOKEN = "tok-agents-0123456789abcdef"


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_file(tmp_path_factory.mktemp("bridge"), history_days=1)


@pytest.fixture
def market(world_file: Path, tmp_path: Path) -> Iterator[SimMarket]:
    m = open_copy(world_file, tmp_path)
    yield m
    m.close()


def repo_targets(market: SimMarket) -> dict[str, object]:
    rt = ToolRuntime(market)
    return {name: build_server(name, rt) for name in ("ads", "coupons", "shop")}


# --- the toy server -------------------------------------------------------------------------------------------


async def test_specs_follow_the_allow_list_and_carry_the_schema() -> None:
    async with McpToolbox({"toy": toy_server(Counters())}) as tb:
        specs = tb.specs({"add", "write_note"})
        assert [s.name for s in specs] == ["add", "write_note"]
        add = specs[0].openai()["function"]
        assert add["name"] == "add" and add["description"] == "Add two integers."
        assert add["parameters"]["required"] == ["a", "b"]
        assert add["parameters"]["properties"]["a"]["description"] == "First addend."
        assert tb.specs(set()) == []
        assert tb.meta("write_note") == {"zhanggui/kind": "write", "zhanggui/money_risk": "low"}
        assert (tb.info("add").kind, tb.info("add").money_risk, tb.info("fail").kind) == ("read", "none", None)
        assert set(tb.tools) == TOY
        with pytest.raises(ToolboxError, match="nope"):
            tb.specs({"add", "nope"})
        with pytest.raises(ToolboxError):
            tb.meta("nope")


async def test_calls_reuse_one_session_per_server() -> None:
    counters = Counters()
    async with McpToolbox({"toy": toy_server(counters)}) as tb:
        client = tb.client("toy")
        outcomes = [await tb.call("add", {"a": i, "b": 1}, allow=TOY) for i in range(5)]
        assert tb.client("toy") is client
    assert [o.data for o in outcomes] == [{"sum": i + 1} for i in range(5)]
    assert all(o.ok and o.text == json.dumps(o.data, separators=(",", ":")) for o in outcomes)
    assert counters.sessions == 1 and counters.calls == ["add"] * 5


async def test_refused_calls_never_reach_the_server() -> None:
    counters = Counters()
    async with McpToolbox({"toy": toy_server(counters)}) as tb:
        not_allowed = await tb.call("write_note", {"text": "x"}, allow={"add"})
        unknown = await tb.call("drop_tables", {}, allow={"add", "drop_tables"})
        not_object = await tb.call("add", [1, 2], allow={"add"})  # type: ignore[arg-type]
    assert not (not_allowed.ok or unknown.ok or not_object.ok)
    assert "not available to you" in not_allowed.text and "add" in not_allowed.text
    assert "does not exist" in unknown.text
    assert "JSON object" in not_object.text
    assert counters.calls == [] and counters.notes == []


async def test_tool_errors_and_bad_arguments_come_back_as_text() -> None:
    async with McpToolbox({"toy": toy_server(Counters())}) as tb:
        failed = await tb.call("fail", {"reason": "budget"}, allow=TOY)
        bad_args = await tb.call("add", {"a": "one", "b": 2}, allow=TOY)
    assert not failed.ok and failed.data is None and "refused: budget (call add instead)" in failed.text
    assert not bad_args.ok and "a" in bad_args.text


async def test_a_transport_failure_is_an_outcome_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    async with McpToolbox({"toy": toy_server(Counters())}, call_timeout_s=0.2) as tb:
        with caplog.at_level(logging.WARNING, logger="agents.runtime.bridge"):
            slow = await tb.call("slow", {}, allow=TOY)
        after = await tb.call("add", {"a": 1, "b": 1}, allow=TOY)
    assert not slow.ok and "could not be reached" in slow.text
    assert any("slow" in r.getMessage() for r in caplog.records)
    assert after.ok and after.data == {"sum": 2}


async def test_results_are_capped_and_text_results_pass_through() -> None:
    async with McpToolbox({"toy": toy_server(Counters())}, max_chars=100) as tb:
        big = await tb.call("big", {"n": 500}, allow=TOY)
        plain = await tb.call("plain", {}, allow=TOY)
    assert big.ok and big.data == {"text": "数" * 500}
    assert big.text.startswith('{"text":"数') and len(big.text) < 200 and "more characters cut" in big.text
    assert plain.ok and plain.text == "just text"


async def test_a_name_served_differently_by_two_servers_fails_at_start() -> None:
    with pytest.raises(ToolboxError, match="'add'.*'toy'.*'other'"):
        async with McpToolbox({"toy": toy_server(Counters()), "other": conflicting_server()}):
            pass


async def test_the_toolbox_is_unusable_outside_its_block() -> None:
    tb = McpToolbox({"toy": toy_server(Counters())})
    with pytest.raises(ToolboxError, match="not open"):
        tb.specs({"add"})
    async with tb:
        pass
    with pytest.raises(ToolboxError, match="not open"):
        await tb.call("add", {"a": 1, "b": 2}, allow={"add"})
    with pytest.raises(ToolboxError, match="no MCP targets"):
        McpToolbox({})


# --- this repo's servers ------------------------------------------------------------------------------------------


async def test_repo_servers_specs_kinds_reads_and_tool_errors(market: SimMarket) -> None:
    # One test for the read-only checks: building the three servers is what costs time here.
    shop = market.list_shops()[0].id
    allow = {"get_report", "list_campaigns", "update_campaign", "create_coupon", "get_order", "commit_plan"}
    async with McpToolbox(repo_targets(market)) as tb:
        specs = tb.specs(allow)
        kinds = {n: tb.info(n).kind for n in allow}
        servers = {n: tb.info(n).server for n in allow}
        account = await tb.call("get_account", {}, allow={"get_account"})
        missing = await tb.call("get_campaign", {"campaign_id": "cmp_nope"}, allow={"get_campaign"})
    assert {s.name for s in specs} == allow
    assert all(s.parameters["type"] == "object" and s.description for s in specs)
    assert kinds == {"get_report": "read", "list_campaigns": "read", "update_campaign": "propose",
                     "create_coupon": "propose", "get_order": "read", "commit_plan": "commit"}
    # The change tools are on every server; the identical copies collapse onto the first.
    assert servers["commit_plan"] == "ads" and servers["create_coupon"] == "coupons" and servers["get_order"] == "shop"
    assert account.ok and account.data["shop_id"] == shop
    assert json.loads(account.text) == account.data and "\n" not in account.text
    assert not missing.ok and "not_found" in missing.text and "cmp_nope" in missing.text


async def test_a_disallowed_write_leaves_the_market_untouched(market: SimMarket) -> None:
    shop = market.list_shops()[0].id
    campaign = market.list_campaigns(shop, limit=1)[0]
    args = {"campaign_id": campaign.id, "status": "paused" if campaign.status == "active" else "active"}
    before = market.digest()
    async with McpToolbox({"ads": build_server("ads", ToolRuntime(market))}) as tb:
        refused = await tb.call("update_campaign", args, allow={"get_campaign", "list_campaigns"})
        assert not refused.ok and "not available" in refused.text
        assert market.digest() == before and market.changes.audit_log(shop) == []
        # The same call, allowed, does reach the market: the refusal above is what kept it out.
        proposed = await tb.call("update_campaign", args, allow={"update_campaign"})
    assert proposed.ok and proposed.data["plan_id"].startswith("prp_")
    assert market.digest() != before and len(market.changes.audit_log(shop)) == 1


# --- over streamable HTTP with a bearer token ----------------------------------------------------------------


@pytest.fixture
def http_ads(market: SimMarket, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The ads server over real HTTP in a thread (its own SQLite connection, opened in that thread)."""
    path = Path(tmp_path / "world.db")
    shop = market.list_shops()[0].id
    port = free_port()
    box: dict[str, uvicorn.Server] = {}

    def serve() -> None:
        m = SimMarket.open(path)
        srv = build_server("ads", ToolRuntime(m), verifier=StaticTokenVerifier({TOKEN: shop}), port=port)
        box["server"] = uvicorn.Server(uvicorn.Config(srv.streamable_http_app(), host="127.0.0.1", port=port,
                                                      log_level="warning", timeout_graceful_shutdown=1))
        box["server"].run()
        m.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while "server" not in box or not box["server"].started:
        assert time.monotonic() < deadline and thread.is_alive(), "the MCP HTTP server did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}/mcp", shop
    box["server"].should_exit = True
    thread.join(timeout=5)


async def test_http_target_with_a_bearer_token(http_ads: tuple[str, str]) -> None:
    url, shop = http_ads
    async with McpToolbox({"ads": HttpTarget(url, token=TOKEN)}) as tb:
        assert "get_report" in tb.tools and tb.info("commit_plan").kind == "commit"
        first = await tb.call("get_account", {}, allow={"get_account"})
        second = await tb.call("list_campaigns", {"limit": 2}, allow={"list_campaigns"})
    assert first.ok and first.data["shop_id"] == shop
    assert second.ok and len(second.data["items"]) == 2
    assert TOKEN not in repr(HttpTarget(url, token=TOKEN))
    with pytest.raises(ToolboxError, match="cannot open MCP target 'ads'"):
        async with McpToolbox({"ads": HttpTarget(url, token="wrong-token-0123456789")}):
            pass
