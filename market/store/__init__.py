"""Storage for the simulated market (SQLite through sqlite-utils)."""

from market.store.migrations import MIGRATIONS, migrate
from market.store.store import Store, to_model

__all__ = ["MIGRATIONS", "Store", "migrate", "to_model"]
