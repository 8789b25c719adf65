"""The funnel identities and their Shapley shares are exact, zeros included."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from models.explain.funnel import COST, GMV, decompose, roi_split, shapley


def test_shapley_of_an_additive_game_is_each_players_own_change() -> None:
    x0 = np.array([[1.0, 2.0, 3.0]])
    x1 = np.array([[4.0, 1.0, 3.0]])
    phi = shapley(lambda x: x.sum(axis=-1), x0, x1)
    assert np.allclose(phi, [[3.0, -1.0, 0.0]])


def test_shapley_splits_a_product_of_two_symmetrically() -> None:
    phi = shapley(lambda x: x[..., 0] * x[..., 1], np.array([[2.0, 3.0]]), np.array([[4.0, 5.0]]))
    # d(ab) = da * mean(b) + db * mean(a): 2 * 4 + 2 * 3
    assert np.allclose(phi, [[8.0, 6.0]])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5000), min_size=14, max_size=14))
def test_gmv_and_cost_shares_add_up_exactly(raw: list[int]) -> None:
    m = np.array(raw, dtype=float).reshape(2, 7)
    # A consistent report row: clicks <= impressions, conversions <= clicks and orders.
    for r in m:
        r[1] = min(r[1], r[0])
        r[2] = min(r[2], r[1], r[3]) if r[3] else 0.0
        r[6] = max(r[6], r[5])
    d = decompose(m[:1], m[1:])
    assert np.isclose(d.phi_g.sum(), m[1, GMV] - m[0, GMV], rtol=1e-9, atol=1e-6)
    assert np.isclose(d.phi_c.sum(), m[1, COST] - m[0, COST], rtol=1e-9, atol=1e-6)


def test_undefined_ratios_borrow_the_other_period_so_the_level_carries_the_change() -> None:
    before = np.array([[0, 0, 0, 0, 0, 0, 0]], dtype=float)
    after = np.array([[10_000, 200, 10, 10, 100_000, 20_000, 20_000]], dtype=float)
    d = decompose(before, after)
    assert d.xg0[0, 1] == d.xg1[0, 1] == 0.02  # CTR carried back
    assert np.isclose(d.phi_g[0, 0], 100_000.0)  # all of it: impressions
    assert np.allclose(d.phi_g[0, 1:], 0.0)


def test_gmv_without_orders_is_carried_by_one_order() -> None:
    d = decompose(np.array([[0, 0, 0, 0, 5_000, 0, 0]], dtype=float), np.zeros((1, 7)))
    assert np.isclose(d.phi_g.sum(), -5_000.0)


def test_roi_split_is_exact_and_undefined_without_cost() -> None:
    parts = roi_split(1000.0, 1500.0, 200.0, 400.0)
    assert parts is not None
    assert np.isclose(sum(parts), 1500 / 400 - 1000 / 200)
    assert parts[0] > 0 > parts[1]
    assert roi_split(1000.0, 1500.0, 0.0, 400.0) is None
