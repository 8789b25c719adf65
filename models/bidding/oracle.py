"""The hindsight oracle: the best any bidder could have done with perfect knowledge of the day.

With every impression's value and the price of each slot known, the best day is a linear program:
choose, per impression, at most one slot (fractionally) to maximize conversions subject to
spend <= budget and spend <= target CPA x conversions (or value >= target ROI x spend). Per
impression the useful choices are the upper concave hull of (cost, conversions) over "no slot",
slot 3, 2, 1; cutting every hull into increments and taking them greedily by efficiency
(conversions per fen) until the budget or the constraint binds solves the LP exactly, because the
running CPA of an efficiency-sorted prefix only rises. The LP is an upper bound on every policy,
so "score / oracle score" is a fair fraction of the best possible.

`best_constant_alpha` is a second, tighter reference: the best single multiplier for the whole day
in hindsight (what a perfect forecaster bidding one alpha would get).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from models.bidding.env import SLOT_EXPOSURE, AdvertiserDay, score
from models.bidding.types import STEPS_PER_DAY, BidGoal

__all__ = ["OracleResult", "best_constant_alpha", "hindsight_oracle"]


@dataclass(frozen=True, slots=True)
class OracleResult:
    spend: float
    conversions: float
    score: float


def _increments(day: AdvertiserDay) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Cost and conversion increments of every impression's concave hull, all impressions together."""
    p = day.p_conv.astype(np.float64)
    w = day.weight.astype(np.float64)
    # Options per impression, cheapest first: slot 3, 2, 1 (exposure-weighted cost and conversions).
    costs = (day.cost[::-1].astype(np.float64) * SLOT_EXPOSURE[::-1, None]) * w
    convs = (SLOT_EXPOSURE[::-1, None] * p) * w
    inc_c: list[npt.NDArray[np.float64]] = []
    inc_v: list[npt.NDArray[np.float64]] = []
    # Hull from the origin: at each stage keep the option with the best marginal efficiency over the
    # current point; three options make this at most three rounds, vectorised over impressions.
    cur_c = np.zeros_like(p)
    cur_v = np.zeros_like(p)
    cur_i = np.full(p.shape, -1)
    for _ in range(3):
        dc = costs - cur_c
        dv = convs - cur_v
        ok = (np.arange(3)[:, None] > cur_i[None, :]) & (dv > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            eff = np.where(ok, dv / np.maximum(dc, 1e-12), -np.inf)
        best = eff.argmax(axis=0)
        has = np.isfinite(eff.max(axis=0))
        idx = np.arange(p.shape[0])
        take_c = np.where(has, dc[best, idx], 0.0)
        take_v = np.where(has, dv[best, idx], 0.0)
        inc_c.append(take_c[has])
        inc_v.append(take_v[has])
        cur_c = np.where(has, costs[best, idx], cur_c)
        cur_v = np.where(has, convs[best, idx], cur_v)
        cur_i = np.where(has, best, cur_i)
    return np.concatenate(inc_c), np.concatenate(inc_v)


def hindsight_oracle(day: AdvertiserDay, goal: BidGoal) -> OracleResult:
    """The LP optimum of the day under the goal's budget and CPA / ROI constraint."""
    dc, dv = _increments(day)
    if goal.budget_fen <= 0 or dc.size == 0:
        return OracleResult(0.0, 0.0, 0.0)
    # In the ROI case conversions are worth `value_per_conversion`; the constraint becomes a CPA cap
    # of value_per_conversion / target_roi, which is exactly the goal's bid scale.
    cap = goal.bid_scale_fen
    order = np.argsort(-(dv / np.maximum(dc, 1e-12)), kind="stable")
    c = np.cumsum(dc[order])
    v = np.cumsum(dv[order])
    # The largest prefix with spend <= budget and spend <= cap * conversions; both sides are
    # monotone in the prefix, so a search finds the last whole increment, then a fraction of the next.
    feasible = (c <= goal.budget_fen) & (c <= cap * v + 1e-9)
    n = int(np.argmin(feasible)) if not feasible.all() else feasible.size
    spend = float(c[n - 1]) if n else 0.0
    conv = float(v[n - 1]) if n else 0.0
    if n < dc.size:
        nc, nv = float(dc[order[n]]), float(dv[order[n]])
        # Fraction f of the next increment: spend + f*nc <= budget and spend + f*nc <= cap*(conv + f*nv).
        f = 1.0
        if nc > 0:
            f = min(f, (goal.budget_fen - spend) / nc)
        slack = cap * conv - spend
        if nc - cap * nv > 0:
            f = min(f, slack / (nc - cap * nv))
        f = max(0.0, f)
        spend += f * nc
        conv += f * nv
    return OracleResult(spend=spend, conversions=conv, score=score(goal, spend, conv))


def best_constant_alpha(day: AdvertiserDay, goal: BidGoal, grid: int = 64) -> tuple[float, OracleResult]:
    """The best single multiplier for the whole day in hindsight (log grid, then a local refinement)."""
    from models.bidding.env import step_outcome

    def evaluate(alpha: float) -> OracleResult:
        left = float(goal.budget_fen)
        spend = conv = 0.0
        for s in range(STEPS_PER_DAY):
            out, _ = step_outcome(day, s, alpha, goal.bid_scale_fen, left)
            left -= out.spend
            spend += out.spend
            conv += out.conversions
        return OracleResult(spend, conv, score(goal, spend, conv))

    alphas = np.exp(np.linspace(np.log(0.05), np.log(20.0), grid))
    results = [evaluate(float(a)) for a in alphas]
    i = int(np.argmax([r.score for r in results]))
    lo, hi = alphas[max(i - 1, 0)], alphas[min(i + 1, grid - 1)]
    fine = np.exp(np.linspace(np.log(lo), np.log(hi), 17))
    best = max(((float(a), evaluate(float(a))) for a in fine), key=lambda t: t[1].score)
    return best if best[1].score >= results[i].score else (float(alphas[i]), results[i])
