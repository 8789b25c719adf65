"""The demand fit recovers a known elasticity, falls back to the prior without variation or data."""

from __future__ import annotations

import numpy as np
import pytest

from models.coupons import ProductDay, fit_demand
from tests.models.coupons.conftest import synthetic_shop


def test_a_known_elasticity_is_recovered() -> None:
    products, rows = synthetic_shop({"beauty": -1.2, "food": -2.8}, days=42, base=12.0)
    fit = fit_demand(products, rows, 7, prior=-2.0, prior_sd=0.6)
    [comp] = fit.components
    eps = dict(zip(fit.categories, comp.elasticity, strict=True))
    assert comp.measure == "orders" and fit.spend is None
    assert eps["beauty"] == pytest.approx(-1.2, abs=0.35)
    assert eps["food"] == pytest.approx(-2.8, abs=0.35)
    assert (comp.data_weight > 0.7).all() and (comp.sd < 0.3).all()
    assert fit.history_days == 42 and fit.product_days.tolist() == [5 * 42, 5 * 42]


def test_ad_buyers_and_the_rest_are_told_apart() -> None:
    # Only ad-driven orders answer to price: together they would look half as elastic.
    products, rows = synthetic_shop({"beauty": -3.0, "food": -3.0}, days=42, base=20.0, ad_share=0.5, seed=5)
    fit = fit_demand(products, rows, 7, prior=-2.0, prior_sd=0.6)
    ads, other = fit.components
    assert (ads.measure, other.measure) == ("ad_orders", "other_orders")
    assert ads.elasticity == pytest.approx([-3.0, -3.0], abs=0.5)
    assert np.abs(other.elasticity).max() < 0.5
    total = ads.daily_baseline.sum() + other.daily_baseline.sum()
    assert ads.daily_baseline.sum() / total == pytest.approx(0.5, abs=0.08)


def test_the_baseline_is_demand_at_no_coupon() -> None:
    products, rows = synthetic_shop({"beauty": -2.0, "food": -2.0}, days=42, base=20.0, seed=4)
    fit = fit_demand(products, rows, 7, prior=-2.0, prior_sd=0.6)
    base = fit.components[0].daily_baseline
    assert base.shape == (10, 7)
    # No-coupon days of the history (every 4th block has share 0) against the baseline's mean day.
    clean = [r for r in rows if (r.day // 4) % 4 == 0]
    per_day = sum(r.orders for r in clean) / len({r.day for r in clean})
    assert base.sum(axis=0).mean() == pytest.approx(per_day, rel=0.15)
    assert fit.mean_qty.tolist() == [1.0] * 10


def test_no_price_variation_leaves_the_prior() -> None:
    products, rows = synthetic_shop({"beauty": -1.0, "food": -1.0}, shares=(0.0,), days=28)
    fit = fit_demand(products, rows, 7, prior=-2.5, prior_sd=0.6)
    assert fit.components[0].elasticity == pytest.approx([-2.5, -2.5], abs=1e-6)
    assert (fit.components[0].data_weight < 0.05).all()


def test_no_history_is_the_prior_and_zero_baseline() -> None:
    products, _ = synthetic_shop({"beauty": -1.0, "food": -1.0})
    fit = fit_demand(products, [], 5, prior=-1.7, prior_sd=0.5)
    [comp] = fit.components
    assert fit.history_days == 0 and comp.elasticity.tolist() == [-1.7, -1.7]
    assert comp.daily_baseline.shape == (10, 5) and comp.daily_baseline.sum() == 0


def test_product_priors_and_unknown_rows() -> None:
    products, rows = synthetic_shop({"beauty": -1.0, "food": -1.0}, shares=(0.0,), days=14)
    products[0] = products[0].model_copy(update={"prior_elasticity": -3.0})  # a beauty product
    extra = ProductDay(day=3, product_id="prd_gone", orders=5, gmv_fen=500)
    fit = fit_demand(products, [*rows, extra], 7, prior=-2.0, prior_sd=0.6)
    assert dict(zip(fit.categories, fit.prior, strict=True)) == {"beauty": -3.0, "food": -2.0}
    assert fit.ignored_rows == 1


def test_sparse_products_do_not_fake_a_response() -> None:
    # Few orders a day: many zero days inside coupon blocks carry no discount of their own. With
    # no true response the estimate must stay near zero rather than turn strongly negative.
    products, rows = synthetic_shop({"beauty": 0.0, "food": 0.0}, days=56, base=0.6, n_products=20, seed=9)
    fit = fit_demand(products, rows, 7, prior=-0.01, prior_sd=2.0)
    assert (np.abs(fit.components[0].elasticity) < 0.8).all()


def test_fees_refunds_and_units_per_order() -> None:
    products, rows = synthetic_shop({"beauty": -1.0, "food": -1.0}, shares=(0.0,), days=7)
    p = products[0]
    rows = [r.model_copy(update={"gmv_fen": 2 * r.orders * p.price_fen, "refund_fen": r.orders * p.price_fen // 5,
                                 "platform_fee_fen": r.orders * p.price_fen // 50})
            if r.product_id == p.product_id else r for r in rows]
    fit = fit_demand(products, rows, 7, prior=-2.0, prior_sd=0.6)
    assert fit.mean_qty[0] == pytest.approx(2.0) and fit.mean_qty[1] == pytest.approx(1.0)
    assert 0 < fit.refund_rate < 0.2 and 0 < fit.fee_rate < 0.02
