"""The platform: a seeded, simulated marketplace in SQLite behind the Backend protocol.

`market` imports nothing else of this project. Start with `SimMarket.create(path, seed, profile)`
or `seed_world(Store(path), seed, profile)`; the ports the tool servers use are in `market.backend`.
"""

from market.backend import Backend
from market.clock import STEPS_PER_DAY, SimTime
from market.errors import Conflict, InvalidInput, MarketError, NotFound
from market.simulator import OrderDetail, SimMarket
from market.store import Store
from market.worldgen import seed_world

__all__ = [
    "STEPS_PER_DAY",
    "Backend",
    "Conflict",
    "InvalidInput",
    "MarketError",
    "NotFound",
    "OrderDetail",
    "SimMarket",
    "SimTime",
    "Store",
    "seed_world",
]
