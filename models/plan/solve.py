"""The allocation: maximize GMV (or profit) under one budget and one overall ROI floor.

    maximize   sum_i w_i * V_i(x_i) - c * sum_i x_i
    subject to sum_i x_i <= B,   sum_i V_i(x_i) >= T * sum_i x_i,   x_i >= 0

with V_i concave (w = 1, c = 0 for GMV; w = gross margin, c = 1 for profit). The Lagrangian
separates: at multipliers lambda (budget) and mu (ROI) every curve is run until its marginal
ROI equals t / (w_i + mu) with t = c + lambda + mu * T. For a fixed mu the budget fixes t; the
ROI surplus sum V - T sum x grows with mu (it is the derivative of the convex dual), so mu is
its root. Both one-dimensional roots are found by bracketing and regula falsi in log space. The
returned point always satisfies both constraints on the curves it was given.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from models.plan.curves import Responses

__all__ = ["Solution", "solve_allocation"]

_MAX_ITER = 200


@dataclass(frozen=True)
class Solution:
    """Daily spend per curve and the multipliers that explain it."""

    x: np.ndarray
    """Daily spend per curve (fen/day)."""
    t: float
    """c + lambda + mu * T: curve i is funded up to marginal ROI t / (w_i + mu)."""
    mu: float
    """Price of the ROI floor (0 when it does not bind)."""
    budget_binding: bool
    target_binding: bool
    feasible: bool
    """False when no positive spend meets the ROI floor (then x is all zero)."""

    def cutoff(self, weights: np.ndarray) -> np.ndarray:
        """Marginal ROI at which each curve stops being funded."""
        with np.errstate(divide="ignore"):
            return self.t / (weights + self.mu)


def _spend(curves: Responses, k: np.ndarray, t: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        level = np.where(k > 0, t / np.where(k > 0, k, 1.0), np.inf)
    return curves.spend_at_marginal(level)


def _bracket_root(f: Callable[[float], float], a: float, b: float, fa: float, fb: float, rel: float = 1e-11) -> tuple[float, float]:
    """Shrink [a, b] (f(a), f(b) of opposite signs) around the root of a monotone f: Illinois
    regula falsi, superlinear where bisection would take 40 steps. Returns the final bracket."""
    side = 0
    for _ in range(_MAX_ITER):
        if abs(b - a) <= rel * max(abs(a), abs(b), 1.0):
            break
        c = b - fb * (b - a) / (fb - fa) if fb != fa else 0.5 * (a + b)
        if not min(a, b) < c < max(a, b):
            c = 0.5 * (a + b)
        fc = f(c)
        if fc == 0:
            return c, c
        if (fc > 0) == (fb > 0):
            b, fb = c, fc
            if side == -1:
                fa *= 0.5
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb *= 0.5
            side = 1
    return a, b


def _level_for_budget(curves: Responses, k: np.ndarray, budget: float) -> float:
    """The t at which the curves together spend exactly `budget` (budget > 0), never above it."""
    def over(lt: float) -> float:
        return float(_spend(curves, k, math.exp(lt)).sum()) / budget - 1.0

    hi = math.log(float(np.max(curves.initial_roi * k)))
    lo = hi
    f_lo = -1.0
    for _ in range(400):  # step down until the budget is spent
        lo -= math.log(16.0)
        f_lo = over(lo)
        if f_lo >= 0:
            break
    a, b = _bracket_root(over, lo, hi, f_lo, -1.0)
    return math.exp(max(a, b))  # the higher level spends no more than the budget


def _inner(
    curves: Responses, w: np.ndarray, act: np.ndarray, c: float, target: float, budget: float, mu: float
) -> tuple[np.ndarray, float, bool]:
    k = np.where(act, w + mu, 0.0)
    t_min = c + mu * target
    if not np.any(curves.initial_roi * k > t_min):
        return np.zeros_like(k), t_min, False
    if math.isinf(budget) or t_min > 0 and float(_spend(curves, k, t_min).sum()) <= budget:
        t = t_min
    else:
        t = max(_level_for_budget(curves, k, budget), t_min)
    x = _spend(curves, k, t)
    if not math.isinf(budget) and x.sum() > budget:  # rounding in the inverse: never overspend
        x *= budget / x.sum()
    return x, t, t > t_min * (1 + 1e-12)


def _surplus(curves: Responses, x: np.ndarray, target: float) -> float:
    return float(curves.value(x).sum() - target * x.sum())


def solve_allocation(
    curves: Responses,
    budget: float,
    target_roi: float | None = None,
    weights: np.ndarray | None = None,
    cost_weight: float = 0.0,
    active: np.ndarray | None = None,
) -> Solution:
    """Optimal daily spend per curve.

    budget: daily budget (fen/day, may be inf when only the ROI floor limits spend);
    target_roi: overall ROI floor or None; weights: value of a fen of GMV per curve (1 for GMV,
    the gross margin for profit); cost_weight: value lost per fen spent (0 for GMV, 1 for profit);
    active: curves allowed to receive money (others get 0).
    """
    n = curves.initial_roi.shape[0]
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    act = np.ones(n, dtype=bool) if active is None else np.asarray(active, dtype=bool)
    target = 0.0 if target_roi is None else float(target_roi)
    if math.isinf(budget) and cost_weight <= 0 and target <= 0:
        raise ValueError("an unbounded budget needs an ROI floor or a cost weight")
    zero = Solution(np.zeros(n), 0.0, 0.0, False, False, False)
    if n == 0 or budget <= 0 or not np.any(act & (w > 0)):
        return Solution(np.zeros(n), 0.0, 0.0, False, False, True)

    if not (math.isinf(budget) and cost_weight <= 0):  # else only the ROI floor bounds spend: mu > 0
        x, t, bb = _inner(curves, w, act, cost_weight, target, budget, 0.0)
        if target <= 0 or _surplus(curves, x, target) >= -1e-9 * target * max(x.sum(), 1.0):
            return Solution(x, t, 0.0, bb, False, True)
    if not np.any((curves.initial_roi > target) & act):
        return zero

    def surplus(log_mu: float) -> float:
        x, _, _ = _inner(curves, w, act, cost_weight, target, budget, math.exp(log_mu))
        return _surplus(curves, x, target) / (target * max(float(x.sum()), 1e-9))

    # Bracket mu in log space: the ROI surplus is negative at lo and non-negative at hi.
    hi, f_hi = 0.0, surplus(0.0)
    lo, f_lo = hi, f_hi
    if f_hi >= 0:
        while f_lo >= 0 and lo > -40:
            hi, f_hi = lo, f_lo
            lo -= math.log(8.0)
            f_lo = surplus(lo)
        if f_lo >= 0:
            hi = lo
    else:
        while f_hi < 0:
            lo, f_lo = hi, f_hi
            hi += math.log(8.0)
            if hi > 35:
                return zero
            f_hi = surplus(hi)
    if f_lo < 0 <= f_hi:
        lo, hi = _bracket_root(surplus, lo, hi, f_lo, f_hi)
        hi = max(lo, hi) if surplus(max(lo, hi)) >= 0 else min(lo, hi)
    mu = math.exp(hi)
    x, t, bb = _inner(curves, w, act, cost_weight, target, budget, mu)
    best = (x, t, bb, mu)
    x, t, bb, mu = best
    if not x.any():
        return zero
    return Solution(x, t, mu, bb, True, True)
