"""The funnel: Poisson MAP fitting, joint own factors, priors when there is no history."""

from __future__ import annotations

import numpy as np
import pytest

from models.creators.funnel import GAMMA0, RHO0, TAU0, FunnelFit, PairFeatures, fit_funnel, poisson_map, predict


def _features(n: int, rng: np.random.Generator) -> PairFeatures:
    return PairFeatures(reach=rng.uniform(1e3, 1e4, n), quality=rng.uniform(0.2, 0.9, n),
                        lift=rng.uniform(0.6, 1.6, n), text_fit=rng.uniform(-0.05, 0.25, n))


def test_poisson_map_recovers_coefficients_from_plenty_of_data() -> None:
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(4000), rng.normal(size=4000)])
    truth = np.array([1.5, -0.7])
    y = rng.poisson(np.exp(x @ truth)).astype(float)
    theta = poisson_map(x, y, np.zeros(4000), np.zeros(2), np.full(2, 10.0))
    assert theta == pytest.approx(truth, abs=0.05)


def test_poisson_map_stays_at_the_prior_without_data() -> None:
    theta = poisson_map(np.zeros((0, 2)), np.zeros(0), np.zeros(0), np.array([0.3, 1.0]), np.ones(2))
    assert theta == pytest.approx([0.3, 1.0])


def test_no_history_predicts_with_the_priors() -> None:
    f = PairFeatures(reach=np.array([10_000.0]), quality=np.array([0.5]), lift=np.array([1.0]),
                     text_fit=np.array([0.0]))
    p = predict(f, FunnelFit(), ["crt_a"], "prd_1")
    assert p.views[0] == pytest.approx(RHO0 * 10_000)
    assert p.clicks[0] == pytest.approx(RHO0 * 10_000 * TAU0)
    assert p.orders[0] == pytest.approx(RHO0 * 10_000 * TAU0 * GAMMA0)
    assert p.own_factor[0] == 1.0
    assert predict(f, FunnelFit(), ["crt_a"], "prd_1", conversion_rate=0.05).orders[0] == pytest.approx(
        2 * p.orders[0])


def test_fit_learns_the_shop_level_and_a_standout_creator() -> None:
    rng = np.random.default_rng(1)
    n = 60
    f = _features(n, rng)
    creators = [f"crt_{i % 15}" for i in range(n)]
    boost = np.array([3.0 if c == "crt_7" else 1.0 for c in creators])
    views = rng.poisson(0.8 * f.reach * (0.5 + f.quality) * boost).astype(float)
    clicks = rng.poisson(views * 0.02 * f.lift).astype(float)
    orders = rng.poisson(clicks * 0.05).astype(float)
    fit = fit_funnel(f, creators, ["prd_1"] * n, views, clicks, orders, orders * 1.2)
    assert fit.rows == n and fit.creator_rows["crt_7"] == 4
    level = np.exp(fit.theta_views[0]) * RHO0
    assert level == pytest.approx(0.8, rel=0.25)
    assert fit.view_factor["crt_7"] > 2.2
    assert all(0.75 < v < 1.3 for k, v in fit.view_factor.items() if k != "crt_7")
    assert fit.units_per_order == pytest.approx(1.2, abs=0.05)
    # Clicks and orders learn their levels given the stage before.
    pred = predict(f, fit, creators, "prd_1")
    assert pred.clicks.sum() / pred.views.sum() == pytest.approx(clicks.sum() / views.sum(), rel=0.15)
    assert pred.orders.sum() / pred.clicks.sum() == pytest.approx(orders.sum() / clicks.sum(), rel=0.2)


def test_zero_counts_do_not_break_the_fit() -> None:
    f = _features(3, np.random.default_rng(2))
    zeros = np.zeros(3)
    fit = fit_funnel(f, ["a", "b", "c"], ["p", "p", "p"], zeros, zeros, zeros, zeros)
    assert np.all(np.isfinite(fit.theta_views)) and fit.view_factor["a"] < 1.0
    assert fit.click_factor == {} and fit.product_factor == {}
    assert np.all(np.isfinite(predict(f, fit, ["a", "z", "c"], "p").orders))


def test_results_as_predicted_keep_own_factors_near_one() -> None:
    # Without real differences between creators the estimated spread is small, so Poisson noise
    # alone does not hand out own factors (the prior sd alone would allow about x0.6..x1.6).
    rng = np.random.default_rng(3)
    n = 80
    f = _features(n, rng)
    creators = [f"crt_{i}" for i in range(n)]
    views = rng.poisson(RHO0 * f.reach * (0.5 + f.quality)).astype(float)
    clicks = rng.poisson(views * TAU0 * (0.5 + f.quality) * f.lift).astype(float)
    fit = fit_funnel(f, creators, ["p"] * n, views, clicks, np.zeros(n), np.zeros(n))
    assert all(0.93 < v < 1.07 for v in fit.view_factor.values())
    assert all(0.8 < v < 1.25 for v in fit.click_factor.values())
