"""Fixtures for the tool servers: a real market file and in-memory MCP clients over the real protocol."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from market import SimMarket
from mcp_servers.runtime import ToolRuntime
from mcp_servers.serve import build_server


@pytest.fixture(scope="session")
def server_world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("srv") / "world.db"
    m = SimMarket.create(path, 3, "tiny", history_days=1)
    m.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    m.close()
    return path


@pytest.fixture
def market(server_world_file: Path, tmp_path: Path) -> Iterator[SimMarket]:
    path = tmp_path / "world.db"
    shutil.copyfile(server_world_file, path)
    m = SimMarket.open(path)
    yield m
    m.close()


@pytest.fixture
def server(market: SimMarket) -> MCPServer:
    """Every server's tools in one MCPServer (the `all` mode), for the market's only shop."""
    return build_server("all", ToolRuntime(market))


def data(result: Any) -> dict[str, Any]:
    """The structured result of a successful call (fails the test on a tool error)."""
    assert not result.is_error, result.content[0].text if result.content else result
    return result.structured_content  # type: ignore[no-any-return]


def error_text(result: Any) -> str:
    assert result.is_error, result.structured_content
    return str(result.content[0].text)
