"""The MPC bidder: deterministic, batch = one by one, sane on edge cases, better than PID where pacing is hard."""

from __future__ import annotations

import math

import numpy as np
import pytest

from models.bidding.env import run_day, step_outcome
from models.bidding.mpc import ALPHA, CONV, LQ, SEEN, MPCBidder, Response, to_batch
from models.bidding.oracle import hindsight_oracle
from models.bidding.pid import PIDPacer
from models.bidding.types import BidGoal, BidObservation, StepRecord
from models.errors import ModelInputError
from models.training.bidding_data import yesterday_records
from tests.models.bidding.conftest import synthetic_day

CPA = BidGoal(kind="cpa", budget_fen=60_000, target_cpa_fen=1000.0)
ROI = BidGoal(kind="roi", budget_fen=60_000, target_roi=3.0, value_per_conversion_fen=3000.0)


def history(day_seed: int, goal: BidGoal, steps: int, alpha: float = 0.9) -> tuple[tuple[StepRecord, ...], float]:
    """`steps` reported steps of a synthetic day bid at `alpha`, and the budget left after them."""
    day = synthetic_day(day_seed, per_step=30)
    left = float(goal.budget_fen)
    out = []
    for s in range(steps):
        o, rec = step_outcome(day, s, alpha, goal.bid_scale_fen, left)
        left = max(0.0, left - o.spend)
        value = o.conversions * goal.value_per_conversion_fen if goal.kind == "roi" else 0.0
        out.append(rec.model_copy(update={"value_fen": value}))
    return tuple(out), left


def observation(goal: BidGoal, step: int, seed: int = 0) -> BidObservation:
    hist, left = history(seed, goal, step)
    prior = (yesterday_records(synthetic_day(100 + seed, per_step=30), goal),)
    return BidObservation(goal=goal, step=step, budget_left_fen=left, history=hist, prior_days=prior)


OBS = [observation(CPA, 0), observation(CPA, 12, 1), observation(ROI, 24, 2), observation(ROI, 40, 3),
       observation(CPA, 47, 4)]


def test_decide_many_is_decide_one_by_one_and_repeatable() -> None:
    mpc = MPCBidder()
    many = mpc.decide_many(OBS)
    assert many == [mpc.decide(o) for o in OBS]
    assert many == MPCBidder().decide_many(OBS)
    assert mpc.decide_many([]) == []
    for d in many:
        assert d.model == "mpc" and d.learned is False and d.why.startswith("MPC")
        assert 0.0 < d.alpha <= 20.0 * 1.1


def test_the_plan_forecasts_the_rest_of_the_day() -> None:
    p = MPCBidder().plan(OBS)
    assert p.forecast_ok.all()
    spent = np.array([o.goal.budget_fen - o.budget_left_fen for o in OBS])
    budgets = np.array([o.goal.budget_fen for o in OBS])
    # The plan never spends more than the budget, and never less than what is already spent.
    assert np.all(p.spend <= budgets + 1e-6) and np.all(p.spend >= spent - 1e-6)
    assert np.all(p.conversions > 0)
    # It aims at the target (within the planning margin), not beyond it.
    scale = np.array([o.goal.bid_scale_fen for o in OBS])
    assert np.all(p.spend / p.conversions <= scale * 1.01)


def test_no_budget_stops_bidding() -> None:
    mpc = MPCBidder()
    spent = observation(CPA, 20).model_copy(update={"budget_left_fen": 0.0})
    zero = BidObservation(goal=CPA.model_copy(update={"budget_fen": 0}), step=5, budget_left_fen=0.0)
    for o in (spent, zero):
        d = mpc.decide(o)
        assert d.alpha == 0.0 and "no budget" in d.why


def test_no_history_and_no_prior_bids_the_target() -> None:
    d = MPCBidder().decide(BidObservation(goal=CPA, step=0, budget_left_fen=CPA.budget_fen))
    assert d.alpha == 1.0 and "no reports" in d.why


def test_no_prior_day_plans_from_today_alone() -> None:
    o = observation(CPA, 16).model_copy(update={"prior_days": ()})
    p = MPCBidder().plan([o])
    assert p.forecast_ok[0] and 0.05 <= p.alpha[0] <= 20.0 and p.conversions[0] > 0


def test_tiny_traffic_is_still_a_valid_plan() -> None:
    day = synthetic_day(3, per_step=2)  # two sampled impressions a step
    goal = BidGoal(kind="cpa", budget_fen=500, target_cpa_fen=1000.0)
    res = run_day(MPCBidder(), day, goal, (yesterday_records(synthetic_day(4, per_step=2), goal),))
    assert res.spend <= goal.budget_fen + 1e-6
    assert all(math.isfinite(a) and a >= 0 for a in res.alphas)


def test_when_everything_was_lost_it_probes_at_most_the_target() -> None:
    # Yesterday bid alpha 1 and won nothing: prices are above the target, the model is unverified,
    # and alpha <= 1 keeps the CPA under the target whatever it wins.
    goal = BidGoal(kind="cpa", budget_fen=50_000, target_cpa_fen=1.0)
    lost = tuple(StepRecord(step=s, alpha=1.0, spend_fen=0.0, impressions=0.0, conversions=0.0, value_fen=0.0,
                            opportunities=500.0, landscape=(50.0, 80.0, 120.0, 200.0, 400.0)) for s in range(48))
    o = BidObservation(goal=goal, step=10, budget_left_fen=50_000, history=lost[:10], prior_days=(lost,))
    d = MPCBidder().decide(o)
    assert 0.0 < d.alpha <= 1.0


def test_an_infeasible_target_bids_low_and_says_so() -> None:
    # The morning was paid at five times the target CPA: no plan can bring the day back to the target.
    normal = observation(CPA, 10, 5)
    hist = tuple(r.model_copy(update={"spend_fen": 5 * r.spend_fen}) for r in normal.history)
    spent = sum(r.spend_fen for r in hist)
    assert spent < CPA.budget_fen and spent > 2 * CPA.target_cpa_fen * sum(r.conversions for r in hist)
    o = normal.model_copy(update={"history": hist, "budget_left_fen": CPA.budget_fen - spent})
    d = MPCBidder().decide(o)
    assert math.isfinite(d.alpha) and 0.0 <= d.alpha < MPCBidder().decide(normal).alpha
    assert "CPA" in d.why


def test_roi_conversions_are_counted_as_value() -> None:
    o = observation(ROI, 24, 2)
    b = to_batch([o])
    rec = o.history[5]
    assert b.today[0, 5, CONV] == pytest.approx(rec.value_fen / ROI.value_per_conversion_fen)
    assert b.today[0, 5, ALPHA] == pytest.approx(0.9)
    assert b.today[0, 5, LQ + 2] == pytest.approx(math.log(rec.landscape[2]))
    assert b.today[0, 30, SEEN] == 0 and np.isnan(b.today[0, 30, LQ])


def test_history_past_the_step_is_refused() -> None:
    o = observation(CPA, 10)
    bad = o.model_copy(update={"step": 5})
    with pytest.raises(ModelInputError) as err:
        MPCBidder().decide_many([o, bad])
    assert "observation 1" in str(err.value) and err.value.hint


def test_more_alpha_buys_more_in_the_response_model() -> None:
    r = Response()
    la = np.log(np.array([[0.25, 0.5, 1.0, 2.0, 4.0]]))
    lq = np.log(np.array([[0.5, 0.8, 1.2, 1.8, 3.0]]))
    expo, price = r.curves(la, lq, np.array([[-0.5]]))
    assert np.all(np.diff(expo[0]) > 0) and np.all(np.diff(price[0]) > 0)
    # Second price: what is paid per conversion stays under the bid.
    assert np.all(price[0] / expo[0] <= np.exp(la[0]) * r.r1)


def test_mpc_beats_pid_where_the_target_binds() -> None:
    ratios: dict[str, list[float]] = {"pid": [], "mpc": []}
    for seed in range(2):
        today, yesterday = synthetic_day(seed, per_step=30), synthetic_day(100 + seed, per_step=30)
        for budget in (60_000, 120_000):
            goal = BidGoal(kind="cpa", budget_fen=budget, target_cpa_fen=1000.0)
            oracle = hindsight_oracle(today, goal).score
            for policy in (PIDPacer(), MPCBidder()):
                res = run_day(policy, today, goal, (yesterday_records(yesterday, goal),))
                ratios[policy.name].append(res.score / oracle)
    pid, mpc = np.array(ratios["pid"]), np.array(ratios["mpc"])
    assert mpc.mean() > pid.mean() + 0.01
    assert np.all(mpc >= pid - 0.02)
    assert mpc.mean() > 0.9
