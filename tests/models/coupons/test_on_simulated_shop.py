"""The optimizer and the forecaster on a real (tiny) simulated shop's report rows: valid, explained output."""

from __future__ import annotations

from pathlib import Path

from market import SimMarket
from market.types import CATEGORIES
from models.coupons import CouponProduct, CouponRequest, CouponSegment, ProductDay, recommend_coupons
from models.forecast import DayValue, ForecastRequest, forecast


def test_a_simulated_shop_gets_a_valid_plan_and_forecast(tiny_world_file: Path) -> None:
    m = SimMarket.open(tiny_world_file)
    try:
        shop = m.list_shops()[0].id
        products = [CouponProduct(product_id=p.id, category=p.category, price_fen=p.price_fen,
                                  unit_cost_fen=p.unit_cost_fen, stock=p.stock) for p in m.list_products(shop)]
        segments = [CouponSegment(key=s.key, share=s.share, price_sensitivity=s.price_sensitivity,
                                  propensity=s.base_propensity, interest=dict(zip(CATEGORIES, s.interests, strict=True)))
                    for s in m.list_segments()]
        rows = m.report(shop, group_by=["day", "product"])
        history = [ProductDay(day=int(r.group["day"]), product_id=str(r.group["product"]), orders=r.orders,  # type: ignore[arg-type]
                              conversions=r.conversions, gmv_fen=r.gmv_fen, coupon_fen=r.coupon_fen,
                              refund_fen=r.refund_fen, platform_fee_fen=r.platform_fee_fen, ad_spend_fen=r.ad_spend_fen)
                   for r in rows if r.group["product"] is not None]
        by_day = m.report(shop, group_by=["day"])
    finally:
        m.close()
    plan = recommend_coupons(CouponRequest(products=products, segments=segments, history=history,
                                           liability_cap_fen=200_000))
    assert plan.baseline_orders > 0 and plan.candidates_evaluated > 50 and plan.why
    assert {e.measure for e in plan.elasticities} == {"ad_orders", "other_orders", "ad_spend"}
    for r in plan.recommendations:
        assert r.liability_fen <= 200_000 and r.expected.incremental_profit_low_fen > 0
    fc = forecast(ForecastRequest(history=[DayValue(day=int(r.group["day"]), value=r.gmv_fen) for r in by_day],  # type: ignore[arg-type]
                                  horizon_days=7, series="gmv_fen"))
    assert len(fc.points) == 7 and fc.total > 0 and fc.method in ("mean", "last_value")
