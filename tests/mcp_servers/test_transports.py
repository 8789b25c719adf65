"""Real transports: stdio subprocesses and streamable HTTP with bearer tokens mapped to shops."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from market import SimMarket

ROOT = Path(__file__).resolve().parents[2]
TOKEN_A = "tok-a-0123456789abcdef"
TOKEN_B = "tok-b-0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def two_shops(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("http") / "two.db"
    m = SimMarket.create(path, 5, "tiny", n_shops=2, history_days=1)
    shops = [s.id for s in m.list_shops()]
    m.close()
    return path, shops


@pytest.fixture(scope="module")
def http_server(two_shops: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path, shops = two_shops
    tokens = tmp_path_factory.mktemp("tok") / "tokens.json"
    tokens.write_text(json.dumps({"tokens": {TOKEN_A: shops[0], TOKEN_B: shops[1]}}))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZHANGGUI_DB": str(path), "ZHANGGUI_TOKENS_FILE": str(tokens)}
    proc = subprocess.Popen([sys.executable, "-m", "mcp_servers", "all", "--transport", "http", "--port", str(port)],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _call(url: str, token: str, tool: str, args: dict[str, Any]) -> Any:
    async def go() -> Any:
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
            async with Client(streamable_http_client(f"{url}/mcp", http_client=http)) as c:
                return await c.call_tool(tool, args)

    return anyio.run(go)


def test_http_requires_a_valid_token(http_server: str) -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode()
    for headers in ({}, {"Authorization": "Bearer wrong-token-123456789"}):
        req = urllib.request.Request(f"{http_server}/mcp", data=body, method="POST", headers={
            "Content-Type": "application/json", "Accept": "application/json, text/event-stream", **headers})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=5)
        assert err.value.code == 401
        assert "Bearer" in err.value.headers.get("WWW-Authenticate", "")


def test_protected_resource_metadata_is_served(http_server: str) -> None:
    with urllib.request.urlopen(f"{http_server}/.well-known/oauth-protected-resource/mcp", timeout=5) as r:
        meta = json.loads(r.read())
    assert meta["resource"].rstrip("/").endswith("/mcp")
    assert meta["authorization_servers"]


def test_a_token_sees_only_its_shop(http_server: str, two_shops: tuple[Path, list[str]]) -> None:
    _, shops = two_shops
    mine = _call(http_server, TOKEN_A, "get_account", {})
    assert not mine.is_error and mine.structured_content["shop_id"] == shops[0]
    theirs = _call(http_server, TOKEN_B, "list_campaigns", {"limit": 1}).structured_content["items"][0]["id"]
    stolen = _call(http_server, TOKEN_A, "get_campaign", {"campaign_id": theirs})
    assert stolen.is_error and "not_found" in stolen.content[0].text
    plan = _call(http_server, TOKEN_A, "update_campaign", {"campaign_id": theirs, "status": "paused"})
    assert plan.is_error and "not_found" in plan.content[0].text


def test_stdio_server_lists_and_calls(two_shops: tuple[Path, list[str]]) -> None:
    path, shops = two_shops

    async def go() -> tuple[list[str], Any]:
        params = StdioServerParameters(command=sys.executable, args=["-m", "mcp_servers.ads"], cwd=str(ROOT),
                                       env={"PYTHONPATH": str(ROOT), "ZHANGGUI_DB": str(path),
                                            "ZHANGGUI_SHOP": shops[1]})
        async with Client(params) as c:
            tools = [t.name for t in (await c.list_tools()).tools]
            return tools, await c.call_tool("get_account", {})

    tools, account = anyio.run(go)
    assert "commit_plan" in tools and "get_report" in tools
    assert account.structured_content["shop_id"] == shops[1]


def test_stdio_without_a_merchant_in_a_multi_shop_world_is_a_tool_error(two_shops: tuple[Path, list[str]]) -> None:
    path, _ = two_shops

    async def go() -> Any:
        params = StdioServerParameters(command=sys.executable, args=["-m", "mcp_servers.ads"], cwd=str(ROOT),
                                       env={"PYTHONPATH": str(ROOT), "ZHANGGUI_DB": str(path)})
        async with Client(params) as c:
            return await c.call_tool("get_account", {})

    res = anyio.run(go)
    assert res.is_error and "ZHANGGUI_SHOP" in res.content[0].text
