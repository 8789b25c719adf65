"""Coupon terms: the discount rule, face value, a readable name and the built-in candidate grid.

The discount rule is the platform's (the market's `coupon_discount`), restated here because models
do not import the market: 满减 takes its amount off when the order reaches the threshold, 立减
takes its amount off (never more than the order), 折扣 takes a share off from its threshold up,
rounded to the fen and capped at max_discount_fen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from models.coupons.types import CouponTerms

__all__ = ["candidate_grid", "coupon_name", "discounts", "face_value"]

DIRECT_SHARES = (0.03, 0.05, 0.08, 0.12, 0.16, 0.2)
"""立减 amounts as shares of the typical covered price."""
DIRECT_MAX_SHARE = 0.3
"""No 立减 takes more than this share off the cheapest covered product that sells (no give-aways)."""
THRESHOLD_QUANTILES = (0.25, 0.5, 0.75)
"""满减 thresholds at these quantiles of the covered prices, plus twice the median (凑单)."""
THRESHOLD_SHARES = (0.05, 0.1, 0.15, 0.2)
"""满减 amounts as shares of the threshold."""
PERCENT_OFF = (0.05, 0.1, 0.15, 0.2, 0.3)
PERCENT_CAP_QUANTILE = 0.9
"""A 折扣 coupon's cap is its share of this quantile of the covered prices: dear items get less."""


def discounts(terms: CouponTerms, amount_fen: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """What `terms` take off orders whose covered items list at `amount_fen` (vectorised)."""
    a = np.asarray(amount_fen, dtype=np.float64)
    if terms.type == "threshold":
        return np.where(a >= terms.threshold_fen, float(terms.discount_fen), 0.0)
    if terms.type == "direct":
        return np.minimum(float(terms.discount_fen), a)
    off = np.round(a * terms.percent_off)
    if terms.max_discount_fen is not None:
        off = np.minimum(off, float(terms.max_discount_fen))
    return np.where(a >= terms.threshold_fen, off, 0.0)


def face_value(terms: CouponTerms) -> int:
    """The most one coupon can take off: what counts against the liability cap per unit of stock."""
    return int(terms.max_discount_fen or 0) if terms.type == "percent" else terms.discount_fen


def _yuan(fen: int) -> str:
    return f"{fen / 100:g}"


def coupon_name(terms: CouponTerms) -> str:
    """A merchant-style name: 满199减20, 立减15元, 9折 (最高减30元), with the segment if targeted."""
    if terms.type == "threshold":
        name = f"满{_yuan(terms.threshold_fen)}减{_yuan(terms.discount_fen)}"
    elif terms.type == "direct":
        name = f"立减{_yuan(terms.discount_fen)}元"
    else:
        floor = f"满{_yuan(terms.threshold_fen)}" if terms.threshold_fen else ""
        name = f"{floor}{round((1 - terms.percent_off) * 10, 2):g}折 (最高减{_yuan(face_value(terms))}元)"
    return f"{name}·{terms.target_segment}"[:60] if terms.target_segment else name


def _to_yuan(fen: float) -> int:
    """Whole yuan, at least 1: merchants price coupons in yuan."""
    return max(100, int(round(fen / 100.0)) * 100)


def candidate_grid(prices_fen: Sequence[int], weights: Sequence[float] | None = None,
                   segment_keys: Sequence[str] = ()) -> list[CouponTerms]:
    """The built-in candidates for covered products at these prices (weights: their expected orders).

    Every 立减, 满减 and 折扣 of the grid, for all buyers and for each segment given.
    """
    p = np.asarray(prices_fen, dtype=np.float64)
    if p.size == 0:
        return []
    w = np.ones_like(p) if weights is None or float(np.sum(weights)) <= 0 else np.asarray(weights, dtype=np.float64)
    order = np.argsort(p, kind="stable")
    cum = np.cumsum(w[order]) / w.sum()

    def quantile(q: float) -> float:
        return float(p[order][min(int(np.searchsorted(cum, q)), p.size - 1)])

    median = quantile(0.5)
    cheapest = float(p[w > 0].min()) if (w > 0).any() else float(p.min())
    base: list[CouponTerms] = []
    for amount in sorted({_to_yuan(s * median) for s in DIRECT_SHARES}):
        if amount <= DIRECT_MAX_SHARE * cheapest:
            base.append(CouponTerms(type="direct", discount_fen=amount))
    thresholds = sorted({_to_yuan(quantile(q)) for q in THRESHOLD_QUANTILES} | {_to_yuan(2 * median)})
    for t in thresholds:
        for amount in sorted({_to_yuan(s * t) for s in THRESHOLD_SHARES}):
            if amount < t:
                base.append(CouponTerms(type="threshold", threshold_fen=t, discount_fen=amount))
    cap_price = quantile(PERCENT_CAP_QUANTILE)
    for pct in PERCENT_OFF:
        base.append(CouponTerms(type="percent", percent_off=pct, max_discount_fen=_to_yuan(pct * cap_price)))
    out = list(base)
    for key in segment_keys:
        out += [t.model_copy(update={"target": "segment", "target_segment": key}) for t in base]
    return out
