"""Replayed advertiser-days: deterministic, well-formed, and paired with yesterday for tasks."""

from __future__ import annotations

import numpy as np

from models.bidding.env import AdvertiserDay
from models.training.bidding_data import make_tasks, sample_goal, world_days


def test_replayed_days_are_well_formed(tiny_days: list[AdvertiserDay]) -> None:
    assert len(tiny_days) >= 10
    for d in tiny_days:
        assert np.all(d.p_conv > 0)
        assert np.all(d.cost[0] >= d.cost[1]) and np.all(d.cost[1] >= d.cost[2]) and np.all(d.cost[2] > 0)
        assert np.all(d.weight >= 1.0)
        assert d.natural_k > 0


def test_same_seed_same_days(tiny_days: list[AdvertiserDay]) -> None:
    again = world_days(3, "tiny", 1, 60)
    first = [d for d in tiny_days if ":0:" in d.key]
    assert [d.key for d in again] == [d.key for d in first]
    for a, b in zip(again, first):
        assert np.array_equal(a.p_conv, b.p_conv) and np.array_equal(a.cost, b.cost)


def test_tasks_pair_each_day_with_yesterday(tiny_days: list[AdvertiserDay]) -> None:
    tasks = make_tasks(tiny_days, seed=0)
    assert tasks and all(":1:" in t.day.key for t in tasks)
    for t in tasks:
        assert len(t.prior) == 1 and len(t.prior[0]) == 48
        assert sum(r.spend_fen for r in t.prior[0]) <= t.goal.budget_fen + 1e-6
    goals = [sample_goal(d, np.random.default_rng(5)) for d in tiny_days[:6]]
    assert goals == [sample_goal(d, np.random.default_rng(5)) for d in tiny_days[:6]]
