"""The funnel model and its exact Shapley decomposition.

GMV  = (impressions x CTR x CVR + other orders) x order value
cost = impressions x CPM / 1000 + (impressions x CTR x CVR + other orders) x other cost per order

CTR = clicks / impressions, CVR = attributed conversions / clicks, other orders = orders the ads
do not account for (organic, creators, ad orders the platform did not attribute), order value =
GMV / orders, other cost = coupons and creator fees per order (coupons scale with orders, so a
place that stops selling does not look like a coupon change). The identities are exact, so
the Shapley values of the factors add up to the GMV (cost) change exactly, zeros included (a ratio
that is undefined in one period, such as CTR without impressions, takes the other period's value,
so the level factor carries the change). ROI = GMV / cost is split between GMV and cost by the
two-player Shapley value, and each side in proportion to its factors' shares: exact as well.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from math import factorial

import numpy as np
import numpy.typing as npt

__all__ = ["COST_FACTORS", "GMV_FACTORS", "METRICS", "Decomposition", "decompose", "roi_split", "shapley"]

Array = npt.NDArray[np.float64]

METRICS = ("impressions", "clicks", "conversions", "orders", "gmv_fen", "ad_spend_fen", "total_marketing_cost_fen")
IMP, CLK, CONV, ORD, GMV, SPEND, COST = range(7)
GMV_FACTORS = ("impressions", "ctr", "cvr", "other_orders", "order_value")
COST_FACTORS = ("impressions", "ctr", "cvr", "other_orders", "cpm", "other_cost")


def shapley(value: object, x0: Array, x1: Array) -> Array:
    """Exact Shapley values of players moving from x0 to x1 (rows = independent games).

    `value` maps an array (masks, n, k) of player values to (masks, n) outcomes.
    """
    n, k = x0.shape
    masks, bits, weight = _coalitions(k)
    v = value(np.where(bits[:, None, :], x1[None], x0[None]))  # type: ignore[operator]
    phi = np.zeros((n, k))
    for i in range(k):
        without = masks[~bits[:, i]]
        phi[:, i] = weight[without] @ (v[without | (1 << i)] - v[without])
    return phi


@lru_cache(maxsize=8)
def _coalitions(k: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], Array]:
    """All coalitions of k players as bitmasks, their membership table and Shapley weights."""
    masks = np.arange(1 << k)
    bits = ((masks[:, None] >> np.arange(k)) & 1).astype(bool)
    size = bits.sum(axis=1)
    weight = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) if s < k else 0.0 for s in size])
    return masks, bits, weight


def _gmv(x: Array) -> Array:
    return (x[..., 0] * x[..., 1] * x[..., 2] + x[..., 3]) * x[..., 4]


def _cost(x: Array) -> Array:
    return x[..., 0] * x[..., 4] / 1000.0 + (x[..., 0] * x[..., 1] * x[..., 2] + x[..., 3]) * x[..., 5]


def _ratio(num0: Array, den0: Array, num1: Array, den1: Array) -> tuple[Array, Array]:
    """num/den in both periods; undefined (den = 0) takes the other period's value, else 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r0 = np.where(den0 > 0, num0 / np.where(den0 > 0, den0, 1.0), np.nan)
        r1 = np.where(den1 > 0, num1 / np.where(den1 > 0, den1, 1.0), np.nan)
    r0, r1 = np.where(np.isnan(r0), r1, r0), np.where(np.isnan(r1), r0, r1)
    return np.nan_to_num(r0), np.nan_to_num(r1)


@dataclass(frozen=True, slots=True)
class Decomposition:
    """Per element: factor values, Shapley shares and the weights used to test them."""

    g0: Array
    g1: Array
    c0: Array
    c1: Array
    xg0: Array
    """(n, 5) GMV factors before: impressions, CTR, CVR, other orders, order value."""
    xg1: Array
    xc0: Array
    """(n, 6) cost factors before: impressions, CTR, CVR, other orders, CPM, other cost per order."""
    xc1: Array
    phi_g: Array
    """(n, 5) fen of GMV change per GMV factor."""
    phi_c: Array
    """(n, 6) fen of cost change per cost factor."""
    weight_g: Array
    """(n, 5) the GMV each factor acts on (mean of both periods): its shares are ~ weight x log change."""
    weight_c: Array
    counts_g: Array
    """(n, 5) the event counts behind each factor (for Poisson noise)."""
    counts_c: Array
    both_g: npt.NDArray[np.bool_]
    """(n, 5) the factor acts on something in both periods (it did not appear or vanish)."""
    both_c: npt.NDArray[np.bool_]

    def rows(self, start: int, stop: int) -> Decomposition:
        """The decomposition of rows start:stop (decompose is row-wise, so one call can serve many)."""
        return Decomposition(*(getattr(self, f.name)[start:stop] for f in fields(self)))


def decompose(m0: Array, m1: Array) -> Decomposition:
    """Factor values and exact Shapley shares for elements with metrics m0 -> m1 (n, 7)."""
    imp0, imp1 = m0[:, IMP], m1[:, IMP]
    ctr0, ctr1 = _ratio(m0[:, CLK], imp0, m1[:, CLK], imp1)
    cvr0, cvr1 = _ratio(m0[:, CONV], m0[:, CLK], m1[:, CONV], m1[:, CLK])
    # Orders that carry the GMV: a row with GMV but no orders counts its conversions (or one order).
    n0 = _orders(m0)
    n1 = _orders(m1)
    val0, val1 = _ratio(m0[:, GMV], n0, m1[:, GMV], n1)
    ads0, ads1 = imp0 * ctr0 * cvr0, imp1 * ctr1 * cvr1
    xg0 = np.stack([imp0, ctr0, cvr0, _clean(n0 - ads0), val0], axis=1)
    xg1 = np.stack([imp1, ctr1, cvr1, _clean(n1 - ads1), val1], axis=1)
    cpm0, cpm1 = _ratio(1000.0 * m0[:, SPEND], imp0, 1000.0 * m1[:, SPEND], imp1)
    # Other cost per order; a cost on a day without orders is carried as if on one order.
    co0 = m0[:, COST] - imp0 * cpm0 / 1000.0
    co1 = m1[:, COST] - imp1 * cpm1 / 1000.0
    k0 = np.where((n0 <= 0) & (co0 != 0), 1.0, n0)
    k1 = np.where((n1 <= 0) & (co1 != 0), 1.0, n1)
    per0, per1 = _ratio(co0, k0, co1, k1)
    xc0 = np.stack([imp0, ctr0, cvr0, _clean(k0 - ads0), cpm0, per0], axis=1)
    xc1 = np.stack([imp1, ctr1, cvr1, _clean(k1 - ads1), cpm1, per1], axis=1)
    phi_g = shapley(_gmv, xg0, xg1)
    phi_c = shapley(_cost, xc0, xc1)
    g0, g1 = m0[:, GMV], m1[:, GMV]
    ad_gmv = 0.5 * (ads0 * val0 + ads1 * val1)
    other_gmv = 0.5 * np.abs(xg0[:, 3] * val0 + xg1[:, 3] * val1)
    total = 0.5 * (g0 + g1)
    weight_g = np.stack([ad_gmv, ad_gmv, ad_gmv, other_gmv, total], axis=1)
    spend = 0.5 * (imp0 * cpm0 + imp1 * cpm1) / 1000.0
    other_cost = 0.5 * np.abs(co0 + co1)
    weight_c = np.stack([spend, spend, spend, other_cost, spend, other_cost], axis=1)

    def mean(a: Array, b: Array) -> Array:
        return 0.5 * (a + b)

    counts_g = np.stack(
        [mean(imp0, imp1), _pooled(m0[:, CLK], imp0, m1[:, CLK], imp1),
         _pooled(m0[:, CONV], m0[:, CLK], m1[:, CONV], m1[:, CLK]),
         mean(np.abs(xg0[:, 3]), np.abs(xg1[:, 3])), mean(n0, n1)],
        axis=1,
    )
    counts_c = np.stack([counts_g[:, 0], counts_g[:, 1], counts_g[:, 2], counts_g[:, 3],
                         mean(m0[:, CLK], m1[:, CLK]), mean(n0, n1)], axis=1)
    ads_both = (ads0 > 0) & (ads1 > 0)
    both_g = np.stack([ads_both, ads_both, ads_both, (xg0[:, 3] != 0) & (xg1[:, 3] != 0), (g0 > 0) & (g1 > 0)], axis=1)
    spend_both = (imp0 * cpm0 > 0) & (imp1 * cpm1 > 0)
    other_both = (co0 != 0) & (co1 != 0)
    both_c = np.stack([spend_both, spend_both, spend_both, other_both, spend_both, other_both], axis=1)
    return Decomposition(g0, g1, m0[:, COST], m1[:, COST], xg0, xg1, xc0, xc1, phi_g, phi_c,
                         weight_g, weight_c, counts_g, counts_c, both_g, both_c)


def _clean(other: Array) -> Array:
    """Counts minus a product of ratios: rounding residues (1e-14) are zero, not a tiny factor."""
    return np.where(np.abs(other) < 1e-6, 0.0, other)


def _pooled(n0: Array, e0: Array, n1: Array, e1: Array) -> Array:
    """The count behind a rate's log change under "no change": 2 / (1/E0 + 1/E1) with the pooled
    rate's expected counts E = rate x exposure, so that var(log change) ~ 2 / count as for equal
    periods. A rate measured on little exposure in one period is that much less certain."""
    exposure = e0 + e1
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(exposure > 0, (n0 + n1) / np.where(exposure > 0, exposure, 1.0), 0.0)
        ex0, ex1 = rate * e0, rate * e1
        out = np.where((ex0 > 0) & (ex1 > 0), 2.0 / (1.0 / np.where(ex0 > 0, ex0, 1.0) + 1.0 / np.where(ex1 > 0, ex1, 1.0)),
                       0.5 * (n0 + n1))
    return out


def _orders(m: Array) -> Array:
    fallback = np.where(m[:, CONV] > 0, m[:, CONV], np.where(m[:, GMV] > 0, 1.0, 0.0))
    return np.where(m[:, ORD] > 0, m[:, ORD], fallback)


def roi_split(g0: float, g1: float, c0: float, c1: float) -> tuple[float, float] | None:
    """Two-player Shapley split of ROI = GMV / cost: (part due to GMV, part due to cost); None if undefined."""
    if c0 <= 0 or c1 <= 0:
        return None
    by_gmv = 0.5 * ((g1 - g0) / c0 + (g1 - g0) / c1)
    by_cost = 0.5 * ((g0 / c1 - g0 / c0) + (g1 / c1 - g1 / c0))
    return by_gmv, by_cost
