"""Agent tests never reach a network model; worlds are tiny seeded files copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.runtime import ALLOW_ENV
from market import SimMarket


@pytest.fixture(autouse=True)
def _no_network_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_ENV, "0")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def agent_world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("agents") / "world.db"
    m = SimMarket.create(path, 3, "tiny", history_days=4)
    m.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    m.close()
    return path


@pytest.fixture
def world(agent_world_file: Path, tmp_path: Path) -> Iterator[SimMarket]:
    m = SimMarket.open(shutil.copyfile(agent_world_file, tmp_path / "world.db"))
    yield m
    m.close()
