"""Noise model, thresholds and surprise."""

from __future__ import annotations

import numpy as np
import pytest

from models.explain.noise import (
    PRIOR,
    fit_variance,
    js_surprise,
    t_quantile,
    t_sf,
    weighted_median,
)


def test_weighted_median() -> None:
    assert weighted_median(np.array([1.0, 2.0, 10.0]), np.array([1.0, 1.0, 1.0])) == 2.0
    assert weighted_median(np.array([1.0, 2.0, 10.0]), np.array([0.1, 0.1, 5.0])) == 10.0
    assert weighted_median(np.array([np.nan, 3.0]), np.array([9.0, 1.0])) == 3.0
    assert weighted_median(np.array([1.0]), np.array([0.0])) == 0.0


def test_js_surprise_is_zero_without_a_move_and_grows_with_it() -> None:
    assert js_surprise(0.3, 0.3) == 0.0
    assert 0 < js_surprise(0.3, 0.25) < js_surprise(0.3, 0.1) < js_surprise(0.3, 0.0)
    assert js_surprise(0.0, 0.0) == 0.0
    # A place that vanished is more surprising than a big one that lost the same amount of share.
    assert js_surprise(0.05, 0.0) > js_surprise(0.5, 0.45)


@pytest.mark.parametrize(("p", "df", "expected"), [(0.975, 5, 2.5706), (0.975, 30, 2.0423), (0.999, 3, 10.2145)])
def test_t_quantile_matches_tables(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-3)
    assert t_sf(t_quantile(p, df), df) == pytest.approx(1 - p, rel=1e-6)
    assert t_quantile(1 - p, df) == pytest.approx(-expected, abs=1e-3)


def test_t_sf_tails() -> None:
    assert t_sf(0.0, 4) == pytest.approx(0.5)
    assert t_sf(75.0, 3) < 1e-5
    assert t_sf(-2.0, 5) == pytest.approx(1 - 0.05097, abs=1e-4)


def test_fit_variance_recovers_poisson_and_size_noise() -> None:
    rng = np.random.default_rng(3)
    weight = rng.uniform(1e4, 1e6, 4000)
    count = rng.uniform(5, 500, 4000)
    true_sd = np.sqrt(2.0 * weight**2 / count + 0.01 * weight**2)
    model = fit_variance(rng.normal(0, true_sd), weight, count)
    assert model.fitted
    assert model.a == pytest.approx(2.0, rel=0.25)
    assert model.b == pytest.approx(0.01, rel=0.25)


def test_too_little_history_falls_back_to_the_prior() -> None:
    assert fit_variance(np.ones(5), np.ones(5), np.ones(5)) is PRIOR


def test_a_volatile_place_gets_its_own_larger_noise() -> None:
    model = fit_variance(np.zeros(100) + 1.0, np.ones(100) * 10, np.ones(100) * 100)
    dev = np.array([[0.1, 8.0], [-0.1, -9.0], [0.2, 7.0]])
    weight = np.full((3, 2), 10.0)
    b = model.own_b(dev, weight, np.full((3, 2), 100.0))
    assert b[1] > 10 * b[0]
