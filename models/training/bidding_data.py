"""Advertiser-days for training and scoring bidding policies, replayed from simulated market days.

A world is seeded and simulated day by day (with injected events on some days); each recorded
auction is then regenerated exactly (`market.sim.replay`) and every bidder in it — rival shops,
campaigns, overall plans — becomes one advertiser-day: per step, a uniform sample of the
impressions it bid on (positive predicted value), each with its predicted conversion probability
and the price of each slot against the other bidders' actual bids. Goals (budget, CPA or ROI
target) are drawn per day by `sample_goal`, relative to what the advertiser bid that day, so
budgets and targets bind in varied ways.

Sets are cached as .npz under the cache folder (`ZHANGGUI_CACHE`, default ~/.cache/zhanggui) keyed
by their recipe; the same recipe always rebuilds the same arrays.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from market.sim.engine import Statics
from market.sim.replay import replay_matrix
from market.sim.auction import top4
from market.simulator import SimMarket
from market.types import CHANNELS
from models.bidding.env import AdvertiserDay
from models.bidding.types import STEPS_PER_DAY, BidGoal, StepRecord

__all__ = ["HELD_OUT", "TRAIN", "DaySetRecipe", "EventSpec", "Task", "load_days", "make_tasks", "sample_goal", "world_days", "yesterday_records"]


@dataclass(frozen=True)
class EventSpec:
    """An event injected at the start of a simulated day (0-based day after seeding), lasting that day."""

    day: int
    kind: str
    params: dict[str, Any]


@dataclass(frozen=True)
class DaySetRecipe:
    """Which worlds and days make a set; its hash names the cache file."""

    name: str
    seeds: tuple[int, ...]
    profile: str = "market"
    days: int = 2
    samples_per_step: int = 300
    events: tuple[EventSpec, ...] = field(default=())

    def digest(self) -> str:
        raw = json.dumps({"v": 2, **{k: v for k, v in self.__dict__.items() if k != "events"},
                          "events": [e.__dict__ for e in self.events]}, sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


# Training worlds and held-out worlds never share a seed. Held-out days carry events that change
# competition and traffic (bid wars, a new entrant, a promo spike, a channel shift).
TRAIN = DaySetRecipe(name="train", seeds=(11, 12, 13), days=3, events=(
    EventSpec(1, "competitor_bid_war", {"multiplier": 1.6}),
    EventSpec(2, "promo_spike", {"multiplier": 1.8}),
))
HELD_OUT = DaySetRecipe(name="held_out", seeds=(901, 902), days=2, events=(
    EventSpec(0, "new_competitor", {"category": "beauty", "daily_budget_fen": 3_000_000, "strength": 2.0}),
    EventSpec(1, "competitor_bid_war", {"multiplier": 2.0, "channel": "feed"}),
    EventSpec(1, "traffic_channel_shift", {"from_channel": "feed", "to_channel": "live", "share": 0.4}),
))


def cache_dir() -> Path:
    return Path(os.environ.get("ZHANGGUI_CACHE", Path.home() / ".cache" / "zhanggui")) / "bidding"


def _extract_step(m: SimMarket, st: Statics, step: int, n_sample: int,
                  rng: np.random.Generator) -> dict[str, tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray], float]]:
    """Per bidder: sampled p_conv, (3, n) slot prices and weights over the step's channels, and its bid_k."""
    out: dict[str, tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray], float]] = {}
    reserve = np.float32(m.config.reserve_fen)
    for channel in CHANNELS:
        if m.store.traffic_at(step, channel) == 0 or not m.store.bidders_at(step, channel):
            continue
        ids, ecpm, _, ks = replay_matrix(m.store, m.config, st, step, channel)
        n = ecpm.shape[1]
        keys = top4(ecpm)
        idx4 = np.where(keys >= 0, keys & 0xFF, -1)
        vals4 = np.where(keys >= 0, ecpm[np.maximum(idx4, 0), np.arange(n)], 0.0).astype(np.float32)
        for j, bidder in enumerate(ids):
            eligible = np.flatnonzero(ecpm[j] > 0)
            if eligible.size == 0 or ks[j] <= 0:
                continue
            pick = eligible if eligible.size <= n_sample else np.sort(rng.choice(eligible, n_sample, replace=False))
            # Position of this bidder among the top 4 (4 = not there): slots at or below it shift up one.
            pos = np.full(pick.size, 4)
            for q in range(4):
                pos = np.where(idx4[q, pick] == j, q, pos)
            cost = np.empty((3, pick.size), dtype=np.float32)
            for k in range(3):
                cost[k] = np.where(pos <= k, vals4[k + 1, pick], vals4[k, pick])
            # top4 ranks on eCPMs with 2**-15 precision: near-ties may come out swapped; restore the order.
            cost[1] = np.minimum(cost[1], cost[0])
            cost[2] = np.minimum(cost[2], cost[1])
            cost = np.maximum(cost, reserve)
            p = (ecpm[j, pick] / np.float32(ks[j])).astype(np.float32)
            w = np.full(pick.size, eligible.size / pick.size, dtype=np.float32)
            got = out.setdefault(bidder, ([], [], [], float(ks[j])))
            got[0].append(p)
            got[1].append(cost)
            got[2].append(w)
    return out


def world_days(seed: int, profile: str, days: int, samples_per_step: int, events: Sequence[EventSpec] = (),
               progress: Callable[[str], None] | None = None) -> list[AdvertiserDay]:
    """Simulate `days` days of a fresh world and return every bidder's replayed day."""
    result: list[AdvertiserDay] = []
    with tempfile.TemporaryDirectory() as tmp:
        m = SimMarket.create(Path(tmp) / "world.db", seed=seed, profile=profile, history_days=0)
        try:
            st = Statics.load(m.store, m.config)
            rng = np.random.default_rng([seed, 77])
            for day in range(days):
                start = day * STEPS_PER_DAY
                for e in events:
                    if e.day == day:
                        m.inject_event(e.kind, start, e.params, end_step=start + STEPS_PER_DAY,
                                       description=f"bidding data day {day}")
                m.advance(STEPS_PER_DAY)
                per_step = [_extract_step(m, st, start + s, samples_per_step, rng) for s in range(STEPS_PER_DAY)]
                tags_day = tuple(e.kind for e in events if e.day == day)
                for bidder in sorted({b for d in per_step for b in d}):
                    ps, cs, ws, ks, offsets = [], [], [], [], [0]
                    for d in per_step:
                        if bidder in d:
                            p, c, w, k = d[bidder]
                            ps += p
                            cs += c
                            ws += w
                            ks.append(k)
                        offsets.append(offsets[-1] + sum(x.size for x in (d[bidder][0] if bidder in d else [])))
                    if offsets[-1] < 10 * STEPS_PER_DAY // 4:
                        continue  # too thin to be a day worth bidding
                    result.append(AdvertiserDay(
                        key=f"{seed}:{day}:{bidder}", p_conv=np.concatenate(ps), cost=np.concatenate(cs, axis=1),
                        weight=np.concatenate(ws), offsets=np.array(offsets, dtype=np.int64),
                        natural_k=float(np.median(ks)), tags=(f"seed={seed}", f"day={day}", *tags_day)))
                if progress is not None:
                    progress(f"seed {seed} day {day + 1}/{days}: {len(result)} advertiser-days")
        finally:
            m.close()
    return result


def _save(path: Path, days: list[AdvertiserDay]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    meta = []
    for i, d in enumerate(days):
        arrays[f"p{i}"], arrays[f"c{i}"], arrays[f"w{i}"], arrays[f"o{i}"] = d.p_conv, d.cost, d.weight, d.offsets
        meta.append({"key": d.key, "natural_k": d.natural_k, "tags": list(d.tags)})
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(path)  # a crash never leaves a half-written set behind


def _load(path: Path) -> list[AdvertiserDay]:
    with np.load(path) as z:
        meta = json.loads(bytes(z["meta"]).decode())
        return [AdvertiserDay(key=m["key"], p_conv=z[f"p{i}"], cost=z[f"c{i}"], weight=z[f"w{i}"], offsets=z[f"o{i}"],
                              natural_k=m["natural_k"], tags=tuple(m["tags"])) for i, m in enumerate(meta)]


def load_days(recipe: DaySetRecipe, progress: Callable[[str], None] | None = None) -> list[AdvertiserDay]:
    """The recipe's advertiser-days, from the cache or simulated now (then cached)."""
    path = cache_dir() / f"{recipe.name}-{recipe.digest()}.npz"
    if path.exists():
        return _load(path)
    days: list[AdvertiserDay] = []
    for seed in recipe.seeds:
        days += world_days(seed, recipe.profile, recipe.days, recipe.samples_per_step, recipe.events, progress)
    _save(path, days)
    return days


def sample_goal(day: AdvertiserDay, rng: np.random.Generator) -> BidGoal:
    """A goal for this day: half CPA, half ROI; targets around what it bid, budgets that bind or not.

    The target is the day's natural bid per conversion times 0.6..1.3; the budget is 15%..110% of
    what bidding exactly the target all day would spend, so some days are budget-bound, some are
    bound by the CPA/ROI target, some by both.
    """
    from models.bidding.env import step_outcome

    k = day.natural_k * float(rng.uniform(0.6, 1.3))
    free = sum(step_outcome(day, s, 1.0, k, float("inf"))[0].spend for s in range(STEPS_PER_DAY))
    budget = max(1, int(free * float(rng.uniform(0.15, 1.1))))
    if rng.random() < 0.5:
        return BidGoal(kind="cpa", budget_fen=budget, target_cpa_fen=k)
    value = k * float(rng.uniform(2.0, 5.0))
    return BidGoal(kind="roi", budget_fen=budget, target_roi=value / k, value_per_conversion_fen=value)


@dataclass(frozen=True)
class Task:
    """One day to bid: the advertiser-day, its goal, and yesterday's reports for the same advertiser."""

    day: AdvertiserDay
    goal: BidGoal
    prior: tuple[tuple[StepRecord, ...], ...]


def yesterday_records(day: AdvertiserDay, goal: BidGoal) -> tuple[StepRecord, ...]:
    """What the platform reported for a day bid at alpha = 1 under `goal` (the advertiser's yesterday)."""
    from models.bidding.env import step_outcome

    left = float(goal.budget_fen)
    value = goal.value_per_conversion_fen if goal.kind == "roi" else 0.0
    out: list[StepRecord] = []
    for s in range(STEPS_PER_DAY):
        o, rec = step_outcome(day, s, 1.0, goal.bid_scale_fen, left)
        left = max(0.0, left - o.spend)
        out.append(rec.model_copy(update={"value_fen": o.conversions * value}))
    return tuple(out)


def make_tasks(days: Sequence[AdvertiserDay], seed: int) -> list[Task]:
    """Every day that has the same advertiser's previous day in `days`, with a goal drawn for it.

    Day 0 of each world only serves as the first evaluable day's yesterday, so every task starts
    with one day of the advertiser's own reports (traffic and price profile), as a live advertiser would.
    """
    by_key = {d.key: d for d in days}
    tasks: list[Task] = []
    rng = np.random.default_rng(seed)
    for d in days:
        world, day_s, bidder = d.key.split(":", 2)
        prev = by_key.get(f"{world}:{int(day_s) - 1}:{bidder}")
        if prev is None:
            continue
        goal = sample_goal(d, rng)
        tasks.append(Task(day=d, goal=goal, prior=(yesterday_records(prev, goal),)))
    return tasks
