"""Normal variation: the noise model fitted on history, thresholds, the robust common move, surprise.

A place's unusual move in one factor (its Shapley share minus what the shop-wide move explains)
has variance  a x weight^2 / count + b x weight^2 : a Poisson part (the clicks, orders, ... behind
the factor) and a part proportional to its size (budgets, pacing, mix). a and b are fitted per
dimension and factor on the period-to-period changes of the history (Gaussian maximum likelihood
by iterated reweighted least squares); without enough history a conservative prior is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import exp, lgamma, log
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

__all__ = [
    "PRIOR",
    "VarianceModel",
    "fit_variance",
    "js_surprise",
    "normal_quantile",
    "t_quantile",
    "t_sf",
    "weighted_median",
]

Array = npt.NDArray[np.float64]
_N = NormalDist()
MIN_POINTS = 20


@dataclass(frozen=True, slots=True)
class VarianceModel:
    """var(unusual move) = a * weight^2 / count + b * weight^2."""

    a: float
    b: float
    fitted: bool

    def sd(self, weight: Array, count: Array, b: Array | None = None) -> Array:
        """Standard deviation for places of `weight` and `count` (optionally each with its own b)."""
        w2 = weight * weight
        return np.sqrt(self.a * w2 / np.maximum(count, 1.0) + (self.b if b is None else b) * w2)

    def own_b(self, dev: Array, weight: Array, count: Array, prior_points: float = 4.0) -> Array:
        """Each place's size noise from its own history (T, n), shrunk towards the pooled b.

        Some places are much more volatile than the rest (a campaign bidding at the margin of the
        auction can triple or lose most of its impressions from one day to the next); their own
        past moves say so, and a move like those is not news.
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            w2 = weight * weight
            excess = np.where(weight > 1e-6, np.maximum(dev * dev - self.a * w2 / np.maximum(count, 1.0), 0.0) / w2, 0.0)
        seen = (weight > 1e-6) & np.isfinite(dev)
        n = seen.sum(axis=0)
        total = np.where(seen, excess, 0.0).sum(axis=0)
        return (prior_points * self.b + total) / (prior_points + n)


PRIOR = VarianceModel(a=4.0, b=0.15**2, fitted=False)
"""Twice-Poisson counts and 15% size noise: wider than any history we have seen, so no false alarms."""


def fit_variance(dev: Array, weight: Array, count: Array) -> VarianceModel:
    """Fit a, b >= 0 on unusual moves `dev` of places with `weight` and `count` (flat arrays)."""
    ok = (weight > 0) & np.isfinite(dev)
    if ok.sum() < MIN_POINTS:
        return PRIOR
    y = dev[ok] ** 2
    w2 = weight[ok] ** 2
    x = np.stack([w2 / np.maximum(count[ok], 1.0), w2], axis=1)
    coef = np.array([1.0, 0.01])
    for _ in range(6):
        pred = np.maximum(x @ coef, 1e-9)
        # Winsorise single huge moves (a past incident) so they do not inflate the normal noise.
        yy = np.minimum(y, 25.0 * pred)
        sw = 1.0 / pred
        coef = _nnls2(x * sw[:, None], yy * sw)
    # A floor: no place is ever less noisy than Poisson counts, or than 2% of its size.
    return VarianceModel(a=max(float(coef[0]), 1.0), b=max(float(coef[1]), 0.02**2), fitted=True)


def _nnls2(x: Array, y: Array) -> Array:
    """Least squares with two non-negative coefficients (from the 2x2 normal equations)."""
    gram = x.T @ x
    xy = x.T @ y
    candidates = [np.zeros(2)]
    det = float(gram[0, 0] * gram[1, 1] - gram[0, 1] * gram[1, 0])
    if abs(det) > 1e-12 * float(gram[0, 0] * gram[1, 1]) and det != 0.0:
        sol = np.array([gram[1, 1] * xy[0] - gram[0, 1] * xy[1], gram[0, 0] * xy[1] - gram[1, 0] * xy[0]]) / det
        if (sol >= 0).all():
            candidates.append(sol)
    for j in range(2):
        if gram[j, j] > 0:
            c = np.zeros(2)
            c[j] = max(float(xy[j]) / float(gram[j, j]), 0.0)
            candidates.append(c)
    # ||x c - y||^2 = c' G c - 2 c' x'y + const: compare without touching the data again.
    return min(candidates, key=lambda c: float(c @ gram @ c - 2.0 * c @ xy))


def weighted_median(values: Array, weights: Array) -> float:
    """The weighted median (0.0 when there is no weight)."""
    ok = (weights > 0) & np.isfinite(values)
    if not ok.any():
        return 0.0
    v, w = values[ok], weights[ok]
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    cum = np.cumsum(w)
    i = int(np.searchsorted(cum, 0.5 * cum[-1]))
    return float(v[min(i, len(v) - 1)])


def js_surprise(p: float, q: float) -> float:
    """Adtributor's per-element Jensen-Shannon surprise of a share moving from p to q."""
    s = 0.0
    m = p + q
    if p > 0:
        s += p * log(2 * p / m)
    if q > 0:
        s += q * log(2 * q / m)
    return 0.5 * s


def normal_quantile(p: float) -> float:
    """The standard normal quantile."""
    return _N.inv_cdf(p)


def t_sf(t: float, df: int) -> float:
    """Upper tail P(T > t) of Student's t with df degrees of freedom (exact, via the incomplete beta)."""
    if df < 1:
        raise ValueError("df must be >= 1")
    x = df / (df + t * t)
    half = 0.5 * _betainc(0.5 * df, 0.5, x)
    return half if t >= 0 else 1.0 - half


def t_quantile(p: float, df: int) -> float:
    """Student-t quantile: the t with P(T <= t) = p (bisection on t_sf)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be in (0, 1)")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_sf(hi, df) > 1.0 - p:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_sf(mid, df) > 1.0 - p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) (continued fraction, Numerical Recipes 6.4)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1.0 - x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def _betacf(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h
