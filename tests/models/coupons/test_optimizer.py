"""recommend_coupons: pays when orders answer to price, says no when they do not, keeps the cap."""

from __future__ import annotations

import pytest

from models.coupons import (
    CouponRequest,
    CouponSegment,
    CouponTerms,
    ProductDay,
    recommend_coupons,
)
from models.errors import ModelInputError
from tests.models.coupons.conftest import SEGMENTS, synthetic_shop

ELASTIC = {"beauty": -4.0, "food": -4.5}
INELASTIC = {"beauty": -0.3, "food": -0.3}


def request(elasticity: dict[str, float], **kw: object) -> CouponRequest:
    products, rows = synthetic_shop(elasticity, days=kw.pop("days", 28), base=kw.pop("base", 10.0),  # type: ignore[arg-type]
                                    ad_share=kw.pop("ad_share", None), spend_follows=kw.pop("spend_follows", None))  # type: ignore[arg-type]
    args: dict[str, object] = {"products": products, "segments": SEGMENTS, "history": rows, "liability_cap_fen": 5_000_000}
    args.update(kw)
    return CouponRequest(**args)  # type: ignore[arg-type]


def test_an_elastic_shop_gets_ranked_paying_coupons_within_the_cap() -> None:
    plan = recommend_coupons(request(ELASTIC))
    assert not plan.no_coupon and plan.learned and 1 <= len(plan.recommendations) <= 3
    cautious = [r.expected.incremental_profit_low_fen for r in plan.recommendations]
    assert cautious == sorted(cautious, reverse=True) and cautious[-1] > 0
    assert all(r.expected.incremental_profit_fen >= r.expected.incremental_profit_low_fen for r in plan.recommendations)
    profits = [r.expected.incremental_profit_fen for r in plan.recommendations]
    assert [r.rank for r in plan.recommendations] == list(range(1, len(profits) + 1))
    for r in plan.recommendations:
        assert r.liability_fen <= 5_000_000 and r.stock >= 1
        assert r.expected.incremental_orders > 0 and r.expected.discount_cost_fen > 0
        assert r.expected.discount_on_existing_fen <= r.expected.discount_cost_fen
        assert r.claim_days == 7 and r.why
    assert plan.model == "coupon_optimizer" and plan.version
    assert {(e.category, e.measure) for e in plan.elasticities} == {("beauty", "orders"), ("food", "orders")}


def test_price_sensitive_segments_are_the_target() -> None:
    plan = recommend_coupons(request(ELASTIC))
    assert plan.recommendations[0].target_segment == "thrifty"


def test_an_inelastic_shop_gets_no_coupon_and_a_reason() -> None:
    plan = recommend_coupons(request(INELASTIC))
    assert plan.no_coupon and plan.recommendations == [] and plan.learned
    assert "No coupon pays" in plan.why
    assert plan.baseline_orders > 0 and plan.baseline_profit_fen > 0


def test_no_history_means_no_coupon_and_priors() -> None:
    plan = recommend_coupons(request(ELASTIC, history=[]))
    assert plan.no_coupon and not plan.learned and plan.baseline_orders == 0
    assert all(e.data_weight == 0 and e.elasticity == -2.0 and e.measure == "orders" for e in plan.elasticities)


def test_a_zero_cap_means_no_coupon() -> None:
    plan = recommend_coupons(request(ELASTIC, liability_cap_fen=0))
    assert plan.no_coupon and "liability cap" in plan.why


def test_a_tight_cap_limits_stock_and_coverage() -> None:
    loose = recommend_coupons(request(ELASTIC, segment_targeting=False))
    tight = recommend_coupons(request(ELASTIC, segment_targeting=False, liability_cap_fen=60_000))
    best = tight.recommendations[0]
    assert best.liability_fen <= 60_000
    assert best.expected.coverage < 1.0 or best.expected.uses <= best.stock
    assert best.expected.incremental_profit_fen < loose.recommendations[0].expected.incremental_profit_fen


def test_explicit_candidates_and_scope() -> None:
    base = request(ELASTIC)
    mine = [CouponTerms(type="direct", discount_fen=1_000), CouponTerms(type="direct", discount_fen=2_000)]
    plan = recommend_coupons(base.model_copy(update={"candidates": mine, "product_ids": ["prd_0", "prd_2"]}))
    assert plan.candidates_evaluated == 2
    assert {r.discount_fen for r in plan.recommendations} <= {1_000, 2_000}
    assert all(r.product_ids == ["prd_0", "prd_2"] for r in plan.recommendations)
    assert [e.category for e in plan.elasticities] == ["beauty"]


def test_more_discount_more_orders_and_no_stock_no_orders() -> None:
    base = request(ELASTIC, segment_targeting=False)
    steps = [CouponTerms(type="direct", discount_fen=d) for d in (500, 1_000, 2_000, 4_000)]
    plan = recommend_coupons(base.model_copy(update={"candidates": steps, "top_k": 4}))
    by_amount = {r.discount_fen: r.expected.incremental_orders for r in plan.recommendations}
    ordered = [by_amount[d] for d in sorted(by_amount)]
    assert len(ordered) >= 2 and ordered == sorted(ordered)
    empty = base.model_copy(update={"products": [p.model_copy(update={"stock": 0}) for p in base.products]})
    assert recommend_coupons(empty).baseline_orders == 0


def test_same_request_same_plan() -> None:
    r = request(ELASTIC)
    assert recommend_coupons(r) == recommend_coupons(r)


def test_bad_input_is_refused() -> None:
    r = request(ELASTIC, days=7)
    with pytest.raises(ModelInputError, match="more than once"):
        recommend_coupons(r.model_copy(update={"products": [*r.products, r.products[0]]}))
    with pytest.raises(ModelInputError, match="more than once"):
        recommend_coupons(r.model_copy(update={"segments": [*SEGMENTS, SEGMENTS[0]]}))
    with pytest.raises(ModelInputError, match="not in products"):
        recommend_coupons(r.model_copy(update={"product_ids": ["prd_nope"]}))
    with pytest.raises(ModelInputError, match="two rows"):
        recommend_coupons(r.model_copy(update={"history": [*r.history, r.history[0]]}))
    bad_row = ProductDay(day=99, product_id="prd_0", orders=1, gmv_fen=100, coupon_fen=200)
    with pytest.raises(ModelInputError, match="exceeds gmv_fen"):
        recommend_coupons(r.model_copy(update={"history": [*r.history, bad_row]}))
    odd = CouponTerms(type="direct", discount_fen=100, target="segment", target_segment="martians")
    with pytest.raises(ModelInputError, match="martians"):
        recommend_coupons(r.model_copy(update={"candidates": [odd]}))
    with pytest.raises(ValueError):
        CouponRequest(products=[], liability_cap_fen=1)
    with pytest.raises(ValueError):
        CouponSegment(key="x", share=0.0)


def test_ad_spend_that_rises_with_coupons_is_charged_to_them() -> None:
    bidding = request(ELASTIC, ad_share=0.6, spend_follows=1.0, segment_targeting=False)
    budget_bound = request(ELASTIC, ad_share=0.6, spend_follows=0.0, segment_targeting=False)
    mine = [CouponTerms(type="percent", percent_off=0.1, max_discount_fen=5_000)]
    charged = recommend_coupons(bidding.model_copy(update={"candidates": mine, "top_k": 1}))
    flat = recommend_coupons(budget_bound.model_copy(update={"candidates": mine, "top_k": 1}))
    ignored = recommend_coupons(bidding.model_copy(update={"candidates": mine, "top_k": 1, "count_ad_spend": False}))
    spend = {e.category: e.elasticity for e in charged.elasticities if e.measure == "ad_spend"}
    assert spend and all(v < -2.0 for v in spend.values())
    assert all(e.elasticity > -1.0 for e in flat.elasticities if e.measure == "ad_spend")
    c, f, i = (p.recommendations[0].expected for p in (charged, flat, ignored))
    assert c.incremental_ad_spend_fen > 5 * abs(f.incremental_ad_spend_fen) and i.incremental_ad_spend_fen == 0
    assert c.incremental_profit_fen < i.incremental_profit_fen
    assert c.incremental_profit_fen == pytest.approx(i.incremental_profit_fen - c.incremental_ad_spend_fen, abs=2)


def test_a_coupon_that_pays_only_if_the_prior_is_right_is_not_recommended() -> None:
    # Four days without any discount: the elasticity is the prior's, -2 +- 1. At -2 the best coupon
    # would pay; at the cautious end it would not, so the answer is no coupon, and why.
    plan = recommend_coupons(request(ELASTIC, days=4))
    assert plan.no_coupon and not plan.learned and "cautious end" in plan.why
    sure = recommend_coupons(request(ELASTIC, days=4, prior_sd=0.05))
    assert not sure.no_coupon


def test_without_segments_every_coupon_is_for_everyone() -> None:
    plan = recommend_coupons(request(ELASTIC, segments=[]))
    assert not plan.no_coupon and all(r.target == "all" and r.target_segment is None for r in plan.recommendations)
    one = recommend_coupons(request(ELASTIC, segments=[CouponSegment(key="only", share=1.0)]))
    assert all(r.target == "all" for r in one.recommendations)
