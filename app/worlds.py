"""Market database files: open an existing world, seed a new one, or replace one with --force."""

from __future__ import annotations

from pathlib import Path

from market.errors import Conflict
from market.simulator import SimMarket
from market.sim.config import Profile

from app.progress import StepCallback

__all__ = ["count_products", "db_files", "open_world", "remove_world", "seed_world_file"]


def db_files(path: Path) -> list[Path]:
    """The database and the WAL side files SQLite keeps next to it."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def remove_world(path: Path) -> None:
    """Delete the database and its side files; missing ones are fine."""
    for f in db_files(path):
        f.unlink(missing_ok=True)


def open_world(path: Path) -> SimMarket:
    """Open a seeded world (SimMarket.open refuses a missing file rather than creating one)."""
    return SimMarket.open(path)


def seed_world_file(path: Path, seed: int, profile: Profile, *, force: bool = False,
                    progress: StepCallback | None = None) -> SimMarket:
    """Create a world in `path`; with `force`, delete whatever is there first."""
    if force:
        remove_world(path)
    try:
        return SimMarket.create(path, seed, profile, progress=progress)
    except Conflict as exc:
        raise Conflict(f"{path} already holds a world; nothing was changed",
                       hint="pass --force to recreate it, or choose another --db") from exc


def count_products(market: SimMarket, shop_id: str) -> int:
    """Products of one shop, counted through the paged listing."""
    total = 0
    while True:
        page = market.list_products(shop_id, limit=200, offset=total)
        total += len(page)
        if len(page) < 200:
            return total
