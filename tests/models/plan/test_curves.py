"""The curve family: closed forms at the named shapes, slope = derivative, inverse of the slope."""

from __future__ import annotations

import numpy as np
import pytest

from models.plan.curves import SHAPES, SatCurves, half_factor

X = np.array([0.0, 10.0, 500.0, 3000.0, 40000.0])


def _curves(s: float) -> SatCurves:
    return SatCurves(np.full(X.size, 6.0), np.full(X.size, 2000.0), np.full(X.size, s))


def test_named_shapes_have_their_closed_forms() -> None:
    b0 = 2000.0 / np.log(2.0)
    assert np.allclose(_curves(0.0).value(X), 6.0 * b0 * (1 - np.exp(-X / b0)))
    h = 2000.0 / (np.sqrt(2.0) - 1.0)  # Michaelis-Menten halves its slope at (sqrt 2 - 1) h
    assert np.allclose(_curves(0.5).value(X), 6.0 * h * X / (X + h))
    assert np.allclose(_curves(1.0).value(X), 6.0 * 2000.0 * np.log1p(X / 2000.0))


@pytest.mark.parametrize("s", SHAPES)
def test_marginal_is_the_derivative_and_halves_at_half(s: float) -> None:
    c = _curves(s)
    eps = 1e-3
    numeric = (c.value(X + eps) - c.value(X)) / eps
    assert np.allclose(c.marginal(X), numeric, rtol=1e-4, atol=1e-6)
    assert np.allclose(c.marginal(np.full(X.size, 2000.0)), 3.0)
    assert np.allclose(c.marginal(np.zeros(X.size)), 6.0)
    assert np.allclose(c.spent_share(np.full(X.size, 2000.0)), 0.5)


@pytest.mark.parametrize("s", SHAPES)
def test_spend_at_marginal_inverts_the_slope(s: float) -> None:
    c = _curves(s)
    t = np.array([5.9, 4.0, 3.0, 1.0, 0.2])
    x = c.spend_at_marginal(t)
    assert np.allclose(c.marginal(x), t, rtol=1e-9)
    assert np.all(c.spend_at_marginal(np.array([6.0, 7.0, 100.0, 6.0, 6.0])) == 0.0)


def test_ceiling_exists_below_shape_one_only() -> None:
    assert np.isfinite(_curves(0.5).ceiling).all()
    assert np.isinf(_curves(1.0).ceiling).all()
    assert np.allclose(_curves(0.0).ceiling, 6.0 * 2000.0 / np.log(2.0))
    assert half_factor(0.0) == pytest.approx(np.log(2.0))
