"""The PID pacer reacts in the right direction and stops at an empty budget."""

from __future__ import annotations

from models.bidding.pid import PIDPacer
from models.bidding.types import BidGoal, BidObservation, StepRecord

GOAL = BidGoal(kind="cpa", budget_fen=48_000, target_cpa_fen=100.0)


def rec(step: int, spend: float, conv: float) -> StepRecord:
    return StepRecord(step=step, alpha=1.0, spend_fen=spend, impressions=10, conversions=conv, value_fen=0, opportunities=100)


def test_behind_pace_bids_up_and_ahead_bids_down() -> None:
    pid = PIDPacer()
    behind = pid.decide(BidObservation(goal=GOAL, step=10, budget_left_fen=47_000, history=tuple(rec(s, 100, 1) for s in range(10))))
    ahead = pid.decide(BidObservation(goal=GOAL, step=10, budget_left_fen=28_000, history=tuple(rec(s, 2000, 20) for s in range(10))))
    start = pid.decide(BidObservation(goal=GOAL, step=0, budget_left_fen=48_000))
    assert start.alpha == 1.0
    assert behind.alpha > 1.0 > ahead.alpha


def test_a_missed_cpa_lowers_the_bid() -> None:
    pid = PIDPacer()
    on_target = pid.decide(BidObservation(goal=GOAL, step=4, budget_left_fen=44_000, history=tuple(rec(s, 1000, 10) for s in range(4))))
    missed = pid.decide(BidObservation(goal=GOAL, step=4, budget_left_fen=44_000, history=tuple(rec(s, 1000, 5) for s in range(4))))
    assert missed.alpha < on_target.alpha


def test_no_budget_no_bid() -> None:
    d = PIDPacer().decide(BidObservation(goal=GOAL, step=30, budget_left_fen=0, history=()))
    assert d.alpha == 0 and d.learned is False and d.model == "pid"
