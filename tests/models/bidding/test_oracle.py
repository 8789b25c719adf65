"""The hindsight oracle is the LP optimum: exact on hand-made days, an upper bound on every policy."""

from __future__ import annotations

import numpy as np
import pytest

from models.bidding.env import AdvertiserDay, run_day
from models.bidding.oracle import best_constant_alpha, hindsight_oracle
from models.bidding.pid import PIDPacer
from models.bidding.types import STEPS_PER_DAY, BidGoal
from tests.models.bidding.conftest import synthetic_day


def one_step_day(p: list[float], slot3: list[float]) -> AdvertiserDay:
    """All impressions in step 0; slot 1 and 2 priced so high that only slot 3 is worth taking."""
    n = len(p)
    c3 = np.array(slot3, dtype=np.float32)
    cost = np.stack([c3 * 1000, c3 * 1000, c3]).astype(np.float32)
    offsets = np.array([0] + [n] * STEPS_PER_DAY, dtype=np.int64)
    return AdvertiserDay(key="w:1:a", p_conv=np.array(p, dtype=np.float32), cost=cost,
                         weight=np.ones(n, dtype=np.float32), offsets=offsets)


def test_greedy_by_efficiency_with_a_fractional_last_item() -> None:
    # Slot 3 shows with probability 0.6: conversions 0.6p, cost 0.6c. Efficiencies p/c: 0.1, 0.05, 0.01.
    day = one_step_day([1.0, 1.0, 1.0], [10.0, 20.0, 100.0])
    res = hindsight_oracle(day, BidGoal(kind="cpa", budget_fen=15, target_cpa_fen=1000.0))
    # Budget 15: all of item 1 (cost 6, 0.6 conv) + 9/12 of item 2 (0.45 conv).
    assert res.spend == pytest.approx(15.0)
    assert res.conversions == pytest.approx(0.6 + 0.6 * 0.75)


def test_the_cpa_cap_stops_the_prefix() -> None:
    day = one_step_day([1.0, 1.0, 1.0], [10.0, 20.0, 100.0])
    res = hindsight_oracle(day, BidGoal(kind="cpa", budget_fen=10_000, target_cpa_fen=30.0))
    # Items 1+2: cost 18 for 1.2 conv (CPA 15); item 3 adds cost 100/conv: f with 18+60f = 30(1.2+0.6f) -> f = 18/42.
    f = 18 / 42
    assert res.conversions == pytest.approx(1.2 + 0.6 * f)
    assert res.spend / res.conversions == pytest.approx(30.0)


def test_the_oracle_bounds_every_policy(tiny_days: list[AdvertiserDay]) -> None:
    rng = np.random.default_rng(1)
    for day in [synthetic_day(s) for s in range(3)] + tiny_days[:3]:
        scale = day.natural_k or 1000.0
        for goal in (BidGoal(kind="cpa", budget_fen=int(rng.integers(1_000, 50_000)), target_cpa_fen=scale),
                     BidGoal(kind="roi", budget_fen=20_000, target_roi=3.0, value_per_conversion_fen=3 * scale)):
            oracle = hindsight_oracle(day, goal)
            assert oracle.spend <= goal.budget_fen + 1e-6
            assert oracle.spend <= goal.bid_scale_fen * oracle.conversions * (1 + 1e-9) + 1e-6
            pid = run_day(PIDPacer(), day, goal)
            _, const = best_constant_alpha(day, goal, grid=24)
            assert pid.score <= oracle.score * (1 + 1e-9)
            assert const.score <= oracle.score * (1 + 1e-9)


def test_nothing_to_buy_is_a_zero_day() -> None:
    day = one_step_day([0.0], [10.0])
    assert hindsight_oracle(day, BidGoal(kind="cpa", budget_fen=100, target_cpa_fen=5.0)).score == 0.0
    day = one_step_day([1.0], [10.0])
    assert hindsight_oracle(day, BidGoal(kind="cpa", budget_fen=0, target_cpa_fen=5.0)).score == 0.0
