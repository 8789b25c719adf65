"""Coupon terms: 满减, direct, percent (折 and % off), caps and quantities, and their descriptions."""

from __future__ import annotations

import pytest

from agents.offline.language import CouponSlots, describe_coupon
from agents.offline.language.coupons import find_coupon
from agents.offline.language.text import fold


def _coupon(text: str) -> CouponSlots | None:
    return find_coupon(fold(text), text)[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("满200减30", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}),
    ("满200元减30元", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}),
    ("满两百减三十", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}),
    ("每满100减10", {"type": "threshold", "threshold_fen": 10000, "amount_fen": 1000}),
    ("200减30", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}),
    ("满300-40", {"type": "threshold", "threshold_fen": 30000, "amount_fen": 4000}),
    ("30 off orders over 200", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}),
    ("¥30 off ¥200", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}),
    ("spend 200 get 30 off", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}),
    ("8折", {"type": "percent", "rate": 0.8, "percent_off": 0.2}),
    ("打九折", {"type": "percent", "rate": 0.9, "percent_off": 0.1}),
    ("八五折", {"type": "percent", "rate": 0.85, "percent_off": 0.15}),
    ("打个九五折", {"type": "percent", "rate": 0.95, "percent_off": 0.05}),
    ("7.5折", {"type": "percent", "rate": 0.75, "percent_off": 0.25}),
    ("10% off", {"type": "percent", "rate": 0.9, "percent_off": 0.1}),
    ("20 percent off", {"type": "percent", "rate": 0.8, "percent_off": 0.2}),
    ("立减20", {"type": "direct", "amount_fen": 2000}),
    ("无门槛20元券", {"type": "direct", "amount_fen": 2000}),
    ("a 20 yuan coupon", {"type": "direct", "amount_fen": 2000}),
    ("8折，最高减50，发500张", {"type": "percent", "rate": 0.8, "percent_off": 0.2, "max_discount_fen": 5000, "quantity": 500}),
    ("满200减30, 1000 coupons", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000, "quantity": 1000}),
    ("发一张满200减30的券", {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}),
])
def test_coupon_terms(text: str, expected: dict[str, object]) -> None:
    coupon = _coupon(text)
    assert coupon is not None
    assert coupon.model_dump(exclude_none=True) == expected


@pytest.mark.parametrize("text", ["create a coupon", "发券", "ROI 3", "预算2万", "", "30ml", "打折"])
def test_no_terms_no_coupon(text: str) -> None:
    assert _coupon(text) is None


@pytest.mark.parametrize(("coupon", "zh", "en"), [
    (CouponSlots(type="threshold", threshold_fen=20000, amount_fen=3000), "满200元减30元", "¥30 off orders over ¥200"),
    (CouponSlots(type="percent", rate=0.8, percent_off=0.2), "8折", "20% off"),
    (CouponSlots(type="percent", rate=0.85, percent_off=0.15, max_discount_fen=5000), "8.5折（最高减50元）", "15% off (up to ¥50)"),
    (CouponSlots(type="direct", amount_fen=2000), "无门槛立减20元", "¥20 off, no minimum spend"),
    (CouponSlots(), "优惠券", "a coupon"),
])
def test_describe_coupon(coupon: CouponSlots, zh: str, en: str) -> None:
    assert describe_coupon(coupon, "zh") == zh
    assert describe_coupon(coupon, "en") == en
