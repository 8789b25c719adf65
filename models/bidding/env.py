"""A replayed advertiser-day: the auction environment policies are trained and scored in.

An `AdvertiserDay` holds, per step, a weighted sample of the impression opportunities one advertiser
was eligible for: each impression's predicted conversion probability and the eCPM needed to take
slot 1, 2 and 3 from the other bidders (what the slot costs under generalized second price). The
other bidders' bids are fixed (they are what they bid that day), as in offline auto-bidding
evaluation. Slots are shown with probability 1 / 0.8 / 0.6 and charged only when shown; the
environment uses those expectations, so a day's outcome is a deterministic function of the
multipliers. A budget is never overspent: when a step would cross it, its wins are cut
proportionally to what still fits.

The data comes from the market simulator (`models.training.bidding_data`), but nothing here
imports it: any auction log with per-impression values and prices fills the same arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from models.bidding.types import (
    LANDSCAPE_QUANTILES,
    STEPS_PER_DAY,
    BidGoal,
    BidObservation,
    BiddingPolicy,
    StepRecord,
)
from models.errors import ModelInputError

__all__ = ["SLOT_EXPOSURE", "AdvertiserDay", "DayResult", "StepOutcome", "run_day", "score", "step_outcome"]

SLOT_EXPOSURE = np.array([1.0, 0.8, 0.6], dtype=np.float64)

F32 = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class AdvertiserDay:
    """One advertiser's opportunities for one day, concatenated over steps (`offsets` delimit steps)."""

    key: str
    p_conv: F32
    """(n,) predicted conversion probability per sampled impression."""
    cost: F32
    """(3, n) eCPM (fen per impression) needed for slot 1, 2, 3; slot 1 >= slot 2 >= slot 3 >= reserve."""
    weight: F32
    """(n,) real impressions each sampled one stands for."""
    offsets: npt.NDArray[np.int64]
    """(49,) step s is [offsets[s], offsets[s + 1])."""
    natural_k: float = 0.0
    """The bid per conversion the advertiser actually used that day (fen, median over steps): a scale for goals."""
    tags: tuple[str, ...] = field(default=())
    """Free labels, e.g. the world seed, the day and injected events."""

    def __post_init__(self) -> None:
        n = self.p_conv.shape[0]
        if self.cost.shape != (3, n) or self.weight.shape != (n,) or self.offsets.shape != (STEPS_PER_DAY + 1,):
            raise ModelInputError(f"inconsistent AdvertiserDay arrays for {self.key}")
        if self.offsets[0] != 0 or self.offsets[-1] != n or np.any(np.diff(self.offsets) < 0):
            raise ModelInputError(f"offsets of {self.key} must rise from 0 to {n}")

    def step_slice(self, step: int) -> slice:
        return slice(int(self.offsets[step]), int(self.offsets[step + 1]))

    @property
    def n_impressions(self) -> float:
        return float(self.weight.sum())


@dataclass(frozen=True, slots=True)
class StepOutcome:
    spend: float
    conversions: float
    impressions: float


def step_outcome(day: AdvertiserDay, step: int, alpha: float, bid_scale: float, budget_left: float) -> tuple[StepOutcome, StepRecord]:
    """Bid `alpha * p * bid_scale` on every opportunity of `step`; what is won, paid and reported."""
    sl = day.step_slice(step)
    p = day.p_conv[sl].astype(np.float64)
    cost = day.cost[:, sl].astype(np.float64)
    w = day.weight[sl].astype(np.float64)
    bid = alpha * p * bid_scale
    # The best slot the bid reaches (cost rows fall from slot 1 to slot 3).
    wins = bid[None, :] >= cost
    slot = np.where(wins[0], 0, np.where(wins[1], 1, np.where(wins[2], 2, -1)))
    won = slot >= 0
    s = np.where(won, slot, 0)
    expo = np.where(won, SLOT_EXPOSURE[s], 0.0)
    price = cost[s, np.arange(p.shape[0])]
    spend = float((w * expo * price).sum())
    conv = float((w * expo * p).sum())
    imps = float((w * expo).sum())
    if spend > budget_left:
        cut = budget_left / spend if spend > 0 else 0.0
        spend, conv, imps = budget_left, conv * cut, imps * cut
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.where(p > 0, cost[2] / (p * bid_scale), np.inf)
    finite = need[np.isfinite(need)]
    landscape = tuple(float(q) for q in np.quantile(finite, LANDSCAPE_QUANTILES)) if finite.size else ()
    record = StepRecord(step=step, alpha=alpha, spend_fen=spend, impressions=imps, conversions=conv,
                        value_fen=0.0, opportunities=float(w.sum()), landscape=landscape)
    return StepOutcome(spend=spend, conversions=conv, impressions=imps), record


@dataclass(frozen=True, slots=True)
class DayResult:
    key: str
    policy: str
    spend: float
    conversions: float
    value: float
    score: float
    alphas: tuple[float, ...]

    @property
    def cpa(self) -> float:
        return self.spend / self.conversions if self.conversions > 0 else float("inf")


def score(goal: BidGoal, spend: float, conversions: float) -> float:
    """The public auto-bidding score: what was bought, discounted by the square of any constraint miss.

    CPA goal: conversions x min(1, (target CPA / realized CPA)^2). ROI goal: value x min(1,
    (realized ROI / target ROI)^2), value = conversions x order value.
    """
    if conversions <= 0:
        return 0.0
    if goal.kind == "cpa":
        cpa = spend / conversions
        return conversions * min(1.0, (float(goal.target_cpa_fen) / cpa) ** 2) if cpa > 0 else conversions  # type: ignore[arg-type]
    value = conversions * goal.value_per_conversion_fen
    roi = value / spend if spend > 0 else float("inf")
    return value * min(1.0, (roi / float(goal.target_roi)) ** 2)  # type: ignore[arg-type]


def run_day(policy: BiddingPolicy, day: AdvertiserDay, goal: BidGoal,
            prior_days: Sequence[tuple[StepRecord, ...]] = ()) -> DayResult:
    """Let `policy` bid a whole day; observations carry only what the platform reports."""
    budget_left = float(goal.budget_fen)
    history: list[StepRecord] = []
    spend = conv = 0.0
    value_per_conv = goal.value_per_conversion_fen if goal.kind == "roi" else 0.0
    for step in range(STEPS_PER_DAY):
        obs = BidObservation(goal=goal, step=step, budget_left_fen=budget_left, history=tuple(history),
                             prior_days=tuple(prior_days))
        alpha = policy.decide(obs).alpha
        out, rec = step_outcome(day, step, alpha, goal.bid_scale_fen, budget_left)
        rec = rec.model_copy(update={"value_fen": out.conversions * value_per_conv})
        history.append(rec)
        budget_left = max(0.0, budget_left - out.spend)
        spend += out.spend
        conv += out.conversions
    return DayResult(key=day.key, policy=policy.name, spend=spend, conversions=conv,
                     value=conv * goal.value_per_conversion_fen, score=score(goal, spend, conv),
                     alphas=tuple(r.alpha for r in history))
