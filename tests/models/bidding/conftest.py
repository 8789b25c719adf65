"""Advertiser-days for the bidding tests: hand-made ones with known answers and two replayed tiny-world days."""

from __future__ import annotations

import numpy as np
import pytest

from models.bidding.env import AdvertiserDay
from models.bidding.types import STEPS_PER_DAY
from models.training.bidding_data import world_days


def synthetic_day(seed: int = 0, per_step: int = 50, key: str = "s:1:adv_x") -> AdvertiserDay:
    """Random values and prices with a diurnal traffic weight; slot prices fall from slot 1 to 3."""
    rng = np.random.default_rng(seed)
    n = per_step * STEPS_PER_DAY
    p = rng.lognormal(np.log(0.002), 0.6, n).astype(np.float32)
    c3 = (p * rng.lognormal(np.log(900.0), 0.5, n)).astype(np.float32)
    cost = np.stack([c3 * 1.6, c3 * 1.25, c3]).astype(np.float32)
    w = np.repeat(1.0 + np.sin(np.linspace(0, np.pi, STEPS_PER_DAY)), per_step).astype(np.float32) * 20
    return AdvertiserDay(key=key, p_conv=p, cost=cost, weight=w,
                         offsets=np.arange(0, n + 1, per_step, dtype=np.int64), natural_k=1000.0)


@pytest.fixture(scope="session")
def tiny_days() -> list[AdvertiserDay]:
    return world_days(3, "tiny", 2, 60)
