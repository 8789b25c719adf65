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


def seed_file(directory: Path, **overrides: int) -> Path:
    """Seed a tiny world (seed 3) into `directory`, checkpointed so that copies of the file are whole."""
    path = directory / "world.db"
    m = SimMarket.create(path, 3, "tiny", **overrides)
    m.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    m.close()
    return path


def open_copy(world_file: Path, tmp_path: Path) -> SimMarket:
    """A private, writable copy of a seeded world."""
    return SimMarket.open(shutil.copyfile(world_file, tmp_path / "world.db"))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def server_world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_file(tmp_path_factory.mktemp("srv"), history_days=1)


@pytest.fixture
def market(server_world_file: Path, tmp_path: Path) -> Iterator[SimMarket]:
    m = open_copy(server_world_file, tmp_path)
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
