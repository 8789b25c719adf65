"""The numeric core: weekday factors and a damped-trend exponential smoother, in numpy.

Weekday factors are ratios of each weekday's total to a centred 7-day moving average over the same
days (ratios of sums, so zeros do no harm), shrunk towards 1 by how many weeks back them. The
deseasonalised series is smoothed by Holt's damped-trend method (ETS(A,Ad,N)); the smoothing
constants are picked from a small grid by one-step-ahead absolute error, all grid points at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["HoltFit", "fit_holt", "holt_path", "weekday_factors"]

Array = npt.NDArray[np.float64]

_ALPHAS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8)
_BETAS = (0.0, 0.05, 0.15)
PHI = 0.9
"""Trend damping: the trend adds at most phi / (1 - phi) = 9 days of its current slope."""
_MIN_SEASONAL_DAYS = 10
"""Weekday factors need a week plus a few days to measure their own noise."""


def weekday_factors(y: Array, weekday: npt.NDArray[np.int64]) -> Array:
    """Multiplicative factor per weekday (mean 1), or all ones when the data cannot support them.

    Raw factors are ratios of sums (each weekday's total over the centred 7-day average on the same
    days), so zeros do no harm. They are shrunk towards 1 empirical-Bayes style: a weekday keeps
    tau2 / (tau2 + noise) of its deviation, where noise is the variance of its raw factor (the
    pooled scatter of the daily ratios over the days it was seen) and tau2 is the spread of the raw
    factors beyond that noise. Pure noise therefore gives factors near 1.
    """
    n = y.shape[0]
    ones = np.ones(7)
    if n < _MIN_SEASONAL_DAYS or (y < 0).any() or y.sum() <= 0:
        return ones
    ma = np.convolve(y, np.full(7, 1.0 / 7.0), mode="valid")
    centred = np.empty(n)
    centred[3 : n - 3] = ma
    centred[:3], centred[n - 3 :] = ma[0], ma[-1]
    num = np.bincount(weekday, weights=y, minlength=7)
    den = np.bincount(weekday, weights=centred, minlength=7)
    seen = np.bincount(weekday, minlength=7).astype(np.float64)
    raw = np.where(den > 0, num / np.where(den > 0, den, 1.0), 1.0)
    ok = centred > 0
    ratio = np.where(ok, y / np.where(ok, centred, 1.0), raw[weekday])
    scatter = float(((ratio - raw[weekday]) ** 2)[ok].sum() / max(int(ok.sum()) - 7, 1))
    noise = scatter / np.maximum(seen, 1.0)
    tau2 = max(float(np.var(raw)) - float(noise.mean()), 0.0)
    weight = tau2 / (tau2 + noise) if tau2 > 0 else np.zeros(7)
    f = np.clip(1.0 + weight * (raw - 1.0), 0.2, 5.0)
    return f / f.mean()


@dataclass(frozen=True, slots=True)
class HoltFit:
    """The chosen smoother, its state after the last day and its one-step error."""

    alpha: float
    beta: float
    level: float
    trend: float
    sigma: float
    """Root mean square one-step error on the deseasonalised scale."""
    residuals: int
    """How many one-step errors `sigma` was measured on."""


def holt_path(z: Array, alpha: Array, beta: Array) -> tuple[Array, Array, Array]:
    """One-step predictions (time x grid) and the final level and trend per grid point."""
    n = z.shape[0]
    level = np.full(alpha.shape, z[: min(7, n)].mean())
    trend = np.zeros(alpha.shape)
    preds = np.empty((n, alpha.shape[0]))
    for t in range(n):
        pred = level + PHI * trend
        preds[t] = pred
        new_level = alpha * z[t] + (1.0 - alpha) * pred
        trend = beta * (new_level - level) + (1.0 - beta) * PHI * trend
        level = new_level
    return preds, level, trend


def fit_holt(z: Array, scale: Array) -> HoltFit:
    """Pick the grid point with the least one-step absolute error on the original scale."""
    n = z.shape[0]
    grid = np.array([(a, b) for a in _ALPHAS for b in _BETAS])
    alpha, beta = grid[:, 0], grid[:, 1]
    preds, level, trend = holt_path(z, alpha, beta)
    warm = min(7, max(1, n // 2))
    err = (z[warm:, None] - preds[warm:]) * scale[warm:, None]
    score = np.abs(err).mean(axis=0) if err.shape[0] else np.zeros(grid.shape[0])
    # Ties (flat series) go to the smoothest setting: the first in grid order.
    best = int(np.argmin(np.round(score, 9)))
    resid = z[warm:] - preds[warm:, best]
    sigma = float(np.sqrt(np.mean(resid**2))) if resid.size else 0.0
    return HoltFit(alpha=float(alpha[best]), beta=float(beta[best]), level=float(level[best]),
                   trend=float(trend[best]), sigma=sigma, residuals=int(resid.size))
