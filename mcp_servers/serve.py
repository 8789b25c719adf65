"""Build and run the tool servers: one alone or all in one process, over stdio or streamable HTTP."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from mcp.server.mcpserver import MCPServer

from market import SimMarket
from mcp_servers.auth import StaticTokenVerifier, auth_settings, load_tokens
from mcp_servers.runtime import ToolRuntime
from mcp_servers.settings import ServerSettings

__all__ = ["SERVERS", "Transport", "build_server", "main", "run"]

log = logging.getLogger(__name__)
Transport = Literal["stdio", "http"]

SERVERS: dict[str, str] = {
    "ads": "mcp_servers.ads:build_ads_server",
    "coupons": "mcp_servers.coupons:build_coupons_server",
    "creators": "mcp_servers.creators:build_creators_server",
    "shop": "mcp_servers.shop:build_shop_server",
    "policy": "mcp_servers.policy:build_policy_server",
}
"""Server name -> "module:builder"; a builder registers its tools on a given MCPServer."""

_INSTRUCTIONS = "Zhanggui store-manager tools: {names}. Money in fen. Writes are proposals; apply with commit_plan."


def _builder(name: str) -> Callable[..., MCPServer]:
    module, attr = SERVERS[name].split(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


def build_server(name: str, rt: ToolRuntime, *, verifier: StaticTokenVerifier | None = None,
                 host: str = "127.0.0.1", port: int = 8000) -> MCPServer:
    """`name` is one of SERVERS or "all" (every server's tools in one process)."""
    if name != "all" and name not in SERVERS:
        raise ValueError(f"unknown server {name!r}; use one of: {', '.join([*SERVERS, 'all'])}")
    names = list(SERVERS) if name == "all" else [name]
    kwargs = {}
    if verifier is not None:
        kwargs = {"token_verifier": verifier, "auth": auth_settings(host, port)}
    parts = [getattr(importlib.import_module(SERVERS[n].split(":")[0]), "INSTRUCTIONS", "") for n in names]
    instructions = "\n\n".join([_INSTRUCTIONS.format(names=", ".join(names)), *[p for p in parts if p]])
    srv: MCPServer = MCPServer(f"zhanggui-{name}", instructions=instructions, **kwargs)  # type: ignore[arg-type]
    for n in names:
        _builder(n)(rt, srv)
    return srv


def run(name: str, *, transport: Transport = "stdio", db: Path | None = None, shop: str | None = None,
        host: str = "127.0.0.1", port: int = 8000, tokens_file: Path | None = None) -> None:
    settings = ServerSettings()
    market = SimMarket.open(db or settings.db)
    rt = ToolRuntime(market, default_shop=shop or settings.shop)
    if transport == "stdio":
        build_server(name, rt).run("stdio")
        return
    tokens_path = tokens_file or settings.tokens_file
    if tokens_path is None:
        raise ValueError("HTTP needs bearer tokens: pass --tokens-file or set ZHANGGUI_TOKENS_FILE")
    verifier = StaticTokenVerifier(load_tokens(tokens_path))
    srv = build_server(name, ToolRuntime(market), verifier=verifier, host=host, port=port)
    srv.run("streamable-http", host=host, port=port)


def main(name: str, argv: list[str] | None = None) -> int:
    """`python -m mcp_servers.<name> [--transport http --port N]` (settings from ZHANGGUI_*)."""
    import argparse

    p = argparse.ArgumentParser(prog=f"python -m mcp_servers.{name}")
    p.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--db", type=Path, default=None)
    p.add_argument("--shop", default=None)
    p.add_argument("--tokens-file", type=Path, default=None)
    a = p.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    try:
        run(name, transport=a.transport, db=a.db, shop=a.shop, host=a.host, port=a.port, tokens_file=a.tokens_file)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
