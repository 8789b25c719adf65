"""Fitting curves: recovery from rich history, priors without it, pooling, robustness, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from models.errors import ModelInputError
from models.plan import HistoryRow, PlanProduct, fit_response_curves
from models.plan.fit import fit_curves
from models.plan.priors import curve_prior

from .conftest import history_from, make_products, true_curves


def test_rich_history_recovers_the_true_curves() -> None:
    products = make_products(6)
    truth = true_curves(products, seed=1)
    fit = fit_curves(products, history_from(products, truth, days=40, seed=2))
    point = fit.point()
    err_roi = np.log(point.r0 / truth.r0)
    # The value over the spend range that was tried is what allocation needs: it must be close.
    x = truth.half
    err_gmv = np.log(point.value(x) / truth.value(x))
    assert abs(err_roi.mean()) < 0.05 and err_roi.std() < 0.2
    assert abs(err_gmv.mean()) < 0.03 and err_gmv.std() < 0.08
    assert fit.learned.all()


def test_posterior_sd_matches_the_actual_error() -> None:
    products = make_products(10)
    truth = true_curves(products, seed=5)
    fit = fit_curves(products, history_from(products, truth, days=14, seed=6))
    mean, cov = fit.mixture()
    z = (mean[:, 0] - np.log(truth.r0)) / np.sqrt(cov[:, 0, 0])
    assert 0.6 < z.std() < 1.5


def test_shop_wide_day_effects_become_a_shared_level_error() -> None:
    products = make_products(8)
    truth = true_curves(products, seed=13)
    calm = fit_curves(products, history_from(products, truth, days=30, seed=14))
    swings = fit_curves(products, history_from(products, truth, days=30, seed=14, day_sd=0.25))
    assert swings.level_sd == pytest.approx(0.25 / np.sqrt(30), rel=0.5)
    assert calm.level_sd < 0.5 * swings.level_sd
    draws = swings.draws(400, np.random.default_rng(0))
    x = truth.half
    total = np.log(draws.value(np.broadcast_to(x, draws.r0.shape)).sum(axis=1))
    own_only = np.log(calm.draws(400, np.random.default_rng(0)).value(np.broadcast_to(x, draws.r0.shape)).sum(axis=1))
    assert total.std() > own_only.std()


def test_without_history_the_curves_are_the_category_priors() -> None:
    products = make_products(3)
    fit = fit_curves(products, [])
    mu_roi, _, mu_half, _ = curve_prior(products[0].category, "feed", products[0].price_fen)
    point = fit.point()
    assert point.r0[0] == pytest.approx(np.exp(mu_roi))
    assert point.half[0] == pytest.approx(np.exp(mu_half))
    assert not fit.learned.any()
    curves = fit_response_curves(products, [])
    assert not curves.learned and {c.source for c in curves.curves} == {"prior"}
    assert len(curves.curves) == 18


def test_history_of_some_products_moves_the_others() -> None:
    products = make_products(8)
    truth = true_curves(products, seed=3, roi_shift=0.7)  # a shop twice as good as its categories
    seen = [r for r in history_from(products, truth, days=21, seed=4) if r.product_id < "prd_004"]
    fit = fit_curves(products, seen)
    prior = fit_curves(products, [])
    unseen = np.array([pid >= "prd_004" for pid, _ in fit.keys])
    lift = np.log(fit.point().r0[unseen] / prior.point().r0[unseen])
    assert lift.mean() > 0.35  # learned from the siblings, not left at the prior
    assert not fit.learned[unseen].any()


def test_one_wild_day_does_not_drag_the_curve() -> None:
    products = make_products(2, levers=("feed",))
    truth = true_curves(products, seed=7)
    rows = history_from(products, truth, days=20, seed=8)
    wild = [r if i != 5 else r.model_copy(update={"gmv_fen": r.gmv_fen * 40}) for i, r in enumerate(rows)]
    a, b = fit_curves(products, rows).point(), fit_curves(products, wild).point()
    x = truth.half
    assert abs(np.log(b.value(x)[0] / a.value(x)[0])) < 0.1


def test_same_input_same_fit_and_rows_of_a_day_are_summed() -> None:
    products = make_products(2)
    rows = history_from(products, true_curves(products, seed=9), days=10, seed=10)
    a, b = fit_response_curves(products, rows), fit_response_curves(products, list(rows))
    assert a == b
    split = []
    for r in rows:
        half = r.spend_fen // 2, r.gmv_fen // 2
        split += [r.model_copy(update={"spend_fen": half[0], "gmv_fen": half[1]}),
                  r.model_copy(update={"spend_fen": r.spend_fen - half[0], "gmv_fen": r.gmv_fen - half[1]})]
    assert fit_response_curves(products, split) == a


def test_levers_a_product_may_not_use_have_no_curve() -> None:
    products = [PlanProduct(product_id="prd_a", category="food", price_fen=3000, levers=("feed", "coupon"))]
    rows = [HistoryRow(day=0, product_id="prd_a", lever="live", spend_fen=1000, gmv_fen=4000)]
    curves = fit_response_curves(products, rows)
    assert [(c.product_id, c.lever) for c in curves.curves] == [("prd_a", "feed"), ("prd_a", "coupon")]


def test_an_unknown_category_gets_a_wider_prior() -> None:
    known = fit_curves([PlanProduct(product_id="p", category="food", price_fen=3000)], [])
    other = fit_curves([PlanProduct(product_id="p", category="pets", price_fen=3000)], [])
    assert (other.prior_sd[:, 0] > known.prior_sd[:, 0]).all()


def test_bad_input_is_refused_with_a_hint() -> None:
    products = make_products(2)
    with pytest.raises(ModelInputError, match="unknown product prd_zzz") as err:
        fit_curves(products, [HistoryRow(day=0, product_id="prd_zzz", lever="feed", spend_fen=1, gmv_fen=1)])
    assert err.value.hint
    with pytest.raises(ModelInputError, match="listed twice"):
        fit_curves(products + products[:1], [])
    with pytest.raises(ModelInputError, match="lever twice"):
        fit_curves([PlanProduct(product_id="p", category="food", price_fen=3000, levers=("feed", "feed"))], [])
