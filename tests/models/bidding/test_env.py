"""The replayed auction day: budgets hold, more bid buys more, the score punishes misses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.bidding.env import AdvertiserDay, run_day, score, step_outcome
from models.bidding.pid import PIDPacer
from models.bidding.types import STEPS_PER_DAY, BidDecision, BidGoal, BidObservation
from models.errors import ModelInputError
from tests.models.bidding.conftest import synthetic_day

DAY = synthetic_day()


class Fixed:
    name, version = "fixed", "0"

    def __init__(self, alphas: list[float]) -> None:
        self.alphas = alphas

    def decide(self, obs: BidObservation) -> BidDecision:
        return BidDecision(alpha=self.alphas[obs.step], model="fixed", version="0", learned=False, why="")

    def decide_many(self, obs: list[BidObservation]) -> list[BidDecision]:
        return [self.decide(o) for o in obs]


@settings(max_examples=25, deadline=None)
@given(alphas=st.lists(st.floats(0.0, 50.0), min_size=STEPS_PER_DAY, max_size=STEPS_PER_DAY),
       budget=st.integers(0, 200_000))
def test_budget_is_never_overspent(alphas: list[float], budget: int) -> None:
    goal = BidGoal(kind="cpa", budget_fen=budget, target_cpa_fen=1000.0)
    res = run_day(Fixed(alphas), DAY, goal)
    assert res.spend <= budget + 1e-6
    assert res.conversions >= 0


def test_a_higher_bid_wins_more_and_pays_more() -> None:
    outs = [step_outcome(DAY, 20, a, 1000.0, float("inf"))[0] for a in (0.2, 0.5, 1.0, 2.0, 5.0)]
    spends = [o.spend for o in outs]
    convs = [o.conversions for o in outs]
    assert spends == sorted(spends) and convs == sorted(convs)
    assert spends[0] < spends[-1]


def test_price_never_exceeds_the_bid() -> None:
    sl = DAY.step_slice(10)
    out, _ = step_outcome(DAY, 10, 1.0, 1000.0, float("inf"))
    bid_total = float((DAY.weight[sl] * DAY.p_conv[sl] * 1000.0).sum())
    assert out.spend <= bid_total


def test_the_landscape_is_the_alpha_that_wins_the_cheapest_slot() -> None:
    _, rec = step_outcome(DAY, 5, 1.0, 1000.0, float("inf"))
    sl = DAY.step_slice(5)
    need = DAY.cost[2, sl] / (DAY.p_conv[sl] * 1000.0)
    assert rec.landscape[2] == pytest.approx(float(np.median(need)), rel=1e-5)
    assert list(rec.landscape) == sorted(rec.landscape)


def test_score_discounts_by_the_square_of_the_miss() -> None:
    cpa = BidGoal(kind="cpa", budget_fen=100, target_cpa_fen=10.0)
    assert score(cpa, 100.0, 10.0) == 10.0  # CPA 10 meets the target
    assert score(cpa, 200.0, 10.0) == pytest.approx(10.0 * 0.25)  # CPA 20: (10/20)^2
    assert score(cpa, 0.0, 0.0) == 0.0
    roi = BidGoal(kind="roi", budget_fen=100, target_roi=2.0, value_per_conversion_fen=50.0)
    assert score(roi, 100.0, 4.0) == 200.0  # ROI 2.0
    assert score(roi, 100.0, 2.0) == pytest.approx(100.0 * 0.25)  # ROI 1.0 of 2.0


def test_zero_budget_spends_nothing() -> None:
    res = run_day(PIDPacer(), DAY, BidGoal(kind="cpa", budget_fen=0, target_cpa_fen=500.0))
    assert res.spend == 0 and res.score == 0


def test_inconsistent_arrays_are_refused() -> None:
    with pytest.raises(ModelInputError):
        AdvertiserDay(key="bad", p_conv=DAY.p_conv, cost=DAY.cost[:2], weight=DAY.weight, offsets=DAY.offsets)
    with pytest.raises(ModelInputError):
        AdvertiserDay(key="bad", p_conv=DAY.p_conv, cost=DAY.cost, weight=DAY.weight, offsets=DAY.offsets[::-1].copy())


def test_a_goal_needs_its_target() -> None:
    with pytest.raises(ValueError):
        BidGoal(kind="roi", budget_fen=100)
    with pytest.raises(ValueError):
        BidGoal(kind="cpa", budget_fen=-1, target_cpa_fen=3.0)
