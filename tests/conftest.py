"""Shared fixtures: real SQLite worlds, seeded once per session and copied per test that mutates."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from market import SimMarket, Store, seed_world

TINY_SEED = 11


@pytest.fixture(scope="session")
def tiny_world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny world (one shop, 4 products, 2 days of history) in a file, never mutated."""
    path = tmp_path_factory.mktemp("worlds") / "tiny.db"
    store = Store(path)
    seed_world(store, TINY_SEED, "tiny")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture(scope="session")
def two_shop_world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two shops in one world: for checks that one merchant cannot reach another's objects."""
    path = tmp_path_factory.mktemp("worlds") / "two.db"
    store = Store(path)
    seed_world(store, 5, "tiny", n_shops=2, history_days=1)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def _copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


@pytest.fixture
def tiny(tiny_world_file: Path, tmp_path: Path) -> Iterator[SimMarket]:
    """A private, writable copy of the tiny world."""
    market = SimMarket.open(_copy(tiny_world_file, tmp_path / "tiny.db"))
    yield market
    market.close()


@pytest.fixture
def two_shops(two_shop_world_file: Path, tmp_path: Path) -> Iterator[SimMarket]:
    market = SimMarket.open(_copy(two_shop_world_file, tmp_path / "two.db"))
    yield market
    market.close()


@pytest.fixture
def fork(tiny_world_file: Path, tmp_path: Path) -> Iterator[object]:
    """Open further independent copies of the tiny world: fork('a'), fork('b')."""
    opened: list[SimMarket] = []

    def make(name: str) -> SimMarket:
        m = SimMarket.open(_copy(tiny_world_file, tmp_path / f"{name}.db"))
        opened.append(m)
        return m

    yield make
    for m in opened:
        m.close()
