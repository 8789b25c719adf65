"""Coupon terms: the platform's discount rule, face values, names and the candidate grid."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from market.types.coupons import coupon_discount
from models.coupons import (
    CouponTerms,
    candidate_grid,
    coupon_name,
    discounts,
    face_value,
)


@st.composite
def terms(draw: st.DrawFn) -> CouponTerms:
    kind = draw(st.sampled_from(["threshold", "direct", "percent"]))
    if kind == "threshold":
        d = draw(st.integers(1, 50_000))
        return CouponTerms(type="threshold", discount_fen=d, threshold_fen=d + draw(st.integers(1, 100_000)))
    if kind == "direct":
        return CouponTerms(type="direct", discount_fen=draw(st.integers(1, 50_000)))
    return CouponTerms(type="percent", percent_off=draw(st.floats(0.01, 0.9)), threshold_fen=draw(st.integers(0, 50_000)),
                       max_discount_fen=draw(st.integers(1, 50_000)))


@settings(max_examples=200, deadline=None)
@given(terms(), st.integers(0, 500_000))
def test_the_discount_rule_is_the_markets(t: CouponTerms, amount: int) -> None:
    ours = float(discounts(t, np.array([amount], dtype=np.float64))[0])
    theirs = coupon_discount(t.type, amount, threshold_fen=t.threshold_fen, discount_fen=t.discount_fen,
                             percent_off=t.percent_off, max_discount_fen=t.max_discount_fen)
    assert ours == theirs


def test_face_value_and_names() -> None:
    t = CouponTerms(type="threshold", threshold_fen=19_900, discount_fen=2_000)
    assert face_value(t) == 2_000 and coupon_name(t) == "满199减20"
    d = CouponTerms(type="direct", discount_fen=1_500, target="segment", target_segment="student")
    assert face_value(d) == 1_500 and coupon_name(d) == "立减15元·student"
    p = CouponTerms(type="percent", percent_off=0.15, max_discount_fen=3_000)
    assert face_value(p) == 3_000 and coupon_name(p) == "8.5折 (最高减30元)"


def test_inconsistent_terms_are_refused() -> None:
    with pytest.raises(ValueError, match="threshold_fen must exceed"):
        CouponTerms(type="threshold", threshold_fen=1_000, discount_fen=1_000)
    with pytest.raises(ValueError, match="max_discount_fen"):
        CouponTerms(type="percent", percent_off=0.1)
    with pytest.raises(ValueError, match="no threshold"):
        CouponTerms(type="direct", discount_fen=100, threshold_fen=500)
    with pytest.raises(ValueError, match="target_segment"):
        CouponTerms(type="direct", discount_fen=100, target="segment")


def test_the_grid_covers_every_type_for_everyone_and_each_segment() -> None:
    grid = candidate_grid([5_000, 10_000, 20_000], [1.0, 1.0, 1.0], ["a", "b"])
    base = [t for t in grid if t.target == "all"]
    assert {t.type for t in base} == {"threshold", "direct", "percent"}
    assert len(grid) == 3 * len(base)
    assert [t.target_segment for t in grid if t.target == "segment"].count("a") == len(base)
    assert all(t.discount_fen % 100 == 0 and t.threshold_fen % 100 == 0 for t in grid)
    assert all(t.threshold_fen > t.discount_fen for t in grid if t.type == "threshold")
    # Amounts scale with the order-weighted prices: a heavier dear product raises the thresholds.
    dear = candidate_grid([5_000, 10_000, 20_000], [0.1, 0.1, 10.0])
    assert max(t.threshold_fen for t in dear) > max(t.threshold_fen for t in base)
    # No 立减 gives away more than 30% of the cheapest product that sells.
    assert max(t.discount_fen for t in base if t.type == "direct") <= 0.3 * 5_000
    cheap_unsold = candidate_grid([500, 10_000, 20_000], [0.0, 1.0, 1.0])
    assert max(t.discount_fen for t in cheap_unsold if t.type == "direct") > 0.3 * 500
    assert candidate_grid([]) == []
